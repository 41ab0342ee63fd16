"""The on-disk cache of compiled clause templates: used when the source is the same,
never for another source, another environment or a syntax error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from jinja2 import TemplateSyntaxError

from generator.compose import jinja_cache, templating


def _env() -> Any:
    return templating.environment([])


def test_second_compile_comes_from_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                        ) -> None:
    env = _env()
    first = jinja_cache.compile_source(env, "Hallo {{ name }}", "k", "b.yaml", tmp_path)
    assert len(list(tmp_path.glob("q-*.code"))) == 1

    def no_compile(*_: object, **__: object) -> None:
        raise AssertionError("compiled again")

    monkeypatch.setattr(env, "compile", no_compile)
    again = jinja_cache.compile_source(env, "Hallo {{ name }}", "k", "b.yaml", tmp_path)
    assert again.co_code == first.co_code
    template = env.template_class.from_code(env, again, env.make_globals(None))
    assert template.render(name="Welt") == "Hallo Welt"


def test_other_source_is_compiled_anew(tmp_path: Path) -> None:
    env = _env()
    jinja_cache.compile_source(env, "A {{ x }}", "k", "b.yaml", tmp_path)
    code = jinja_cache.compile_source(env, "B {{ x }}", "k", "b.yaml", tmp_path)
    template = env.template_class.from_code(env, code, env.make_globals(None))
    assert template.render(x=1) == "B 1"
    assert len(list(tmp_path.glob("q-*.code"))) == 2


def test_syntax_error_is_raised_and_not_cached(tmp_path: Path) -> None:
    env = _env()
    for _ in range(2):
        with pytest.raises(TemplateSyntaxError) as caught:
            jinja_cache.compile_source(env, "x\n{% if %}", "k", "b.yaml", tmp_path)
        assert caught.value.lineno == 2
    assert not list(tmp_path.glob("q-*"))


def test_broken_entry_and_unwritable_folder_only_cost_the_compile(tmp_path: Path) -> None:
    env = _env()
    jinja_cache.compile_source(env, "{{ 1 + 1 }}", "k", "b.yaml", tmp_path)
    entry = next(tmp_path.glob("q-*.code"))
    entry.write_bytes(b"\x00kaputt")
    code = jinja_cache.compile_source(env, "{{ 1 + 1 }}", "k", "b.yaml", tmp_path)
    assert env.template_class.from_code(env, code, env.make_globals(None)).render() == "2"
    missing = tmp_path / "gibt-es-nicht"
    code = jinja_cache.compile_source(env, "{{ 2 }}", "k", "b.yaml", missing)
    assert env.template_class.from_code(env, code, env.make_globals(None)).render() == "2"


def test_salt_follows_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                      ) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    env = _env()
    other = _env()
    other.filters["neu"] = str
    assert jinja_cache._salt(env) != jinja_cache._salt(other)
    assert str(jinja_cache.folder(env)).startswith(str(tmp_path / "zv" / "jinja"))
    monkeypatch.setenv(jinja_cache.ENV_VARIABLE, "0")
    assert jinja_cache.bytecode_cache(_env()) is None
