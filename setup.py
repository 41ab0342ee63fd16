"""Build step of zv's wheel: the built-in states and templates (top-level folders of the
repository) go into the package as generator/builtin/, so that an installed zv can
render and `zv init` can copy them. Everything else is in pyproject.toml."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


class BuildWithBuiltin(build_py):  # type: ignore[misc]
    def run(self) -> None:
        super().run()
        target = Path(self.build_lib) / "generator" / "builtin"
        for name in ("states", "templates"):
            shutil.rmtree(target / name, ignore_errors=True)
            shutil.copytree(HERE / name, target / name,
                            ignore=shutil.ignore_patterns("__pycache__", ".*"))


setup(cmdclass={"build_py": BuildWithBuiltin})
