"""Compiled Jinja templates kept on disk, so that a new process does not compile the
standard text again: about 50 clause texts, macros and sentence forms cost a fresh `zv`
process (and each batch worker) a tenth of a second or more before its first document.

The cache folder is `$XDG_CACHE_HOME/zv/jinja/<salt>` (default `~/.cache`). The salt
covers everything besides the source that the compiled code depends on: Python, Jinja
and zv versions and the environment's settings, filters and tests (Jinja checks filter
names while compiling). An entry is named by the hash of template name, file name and
source, so an edited template is compiled anew. Entries are written atomically; a
folder that cannot be written or an entry that cannot be read only costs the compile.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import marshal
import os
import sys
import tempfile
from pathlib import Path
from types import CodeType

import jinja2
from jinja2 import Environment, FileSystemBytecodeCache

from .. import __version__

ENV_VARIABLE = "ZV_JINJA_CACHE"  # "0" turns the cache off (tests of the compiler itself)


def _base() -> Path | None:
    if os.environ.get(ENV_VARIABLE) == "0":
        return None
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "zv" / "jinja"


def _salt(env: Environment) -> str:
    autoescape = env.autoescape
    settings = (
        sys.version, jinja2.__version__, __version__, type(env).__qualname__,
        getattr(autoescape, "__qualname__", autoescape), env.trim_blocks,
        env.lstrip_blocks, env.keep_trailing_newline, env.newline_sequence,
        env.block_start_string, env.block_end_string, env.variable_start_string,
        env.variable_end_string, env.comment_start_string, env.comment_end_string,
        env.line_statement_prefix, env.line_comment_prefix, env.optimized,
        env.is_async, env.undefined.__qualname__,
        sorted(env.extensions), sorted(env.filters), sorted(env.tests),
        env.code_generator_class.__module__, env.code_generator_class.__qualname__,
        getattr(env.code_generator_class, "version", 0),
        sorted(getattr(env, "intercepted_binops", ())),
    )
    return hashlib.sha256(repr(settings).encode()).hexdigest()[:20]


@functools.lru_cache(maxsize=16)
def folder(env: Environment) -> Path | None:
    """This environment's cache folder, created if needed; None if there is none."""
    base = _base()
    if base is None:
        return None
    target = base / _salt(env)
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return target


def bytecode_cache(env: Environment) -> FileSystemBytecodeCache | None:
    """Jinja's own cache for templates found by the loader (macros, sentence forms)."""
    target = folder(env)
    return FileSystemBytecodeCache(str(target)) if target is not None else None


def compile_source(env: Environment, source: str, name: str, filename: str,
                   where: Path | None) -> CodeType:
    """`env.compile(source, name, filename)`, taken from the cache folder `where` when
    the same source was compiled before. Syntax errors are raised, never cached."""
    if where is None:
        return env.compile(source, name=name, filename=filename)
    key = hashlib.sha256(f"{name}\0{filename}\0{source}".encode()).hexdigest()
    entry = where / f"q-{key}.code"
    with contextlib.suppress(OSError, ValueError, EOFError, TypeError):
        code = marshal.loads(entry.read_bytes())
        if isinstance(code, CodeType):
            return code
    code = env.compile(source, name=name, filename=filename)
    with contextlib.suppress(OSError):
        fd, tmp = tempfile.mkstemp(prefix=".q-", dir=where)
        try:
            with os.fdopen(fd, "wb") as handle:
                marshal.dump(code, handle)
            os.replace(tmp, entry)
        except OSError:
            Path(tmp).unlink(missing_ok=True)
    return code
