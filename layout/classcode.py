"""The methods `dataclasses` writes, compiled once per interpreter instead of at every start.

`@dataclass` writes each method it adds (`__init__`, `__repr__`, `__eq__`, a frozen
record's `__setattr__` …) as source text and compiles it with `exec` while the class is
created: about 0.5 ms a class, ~30 ms of the ~60 records `layout check` defines before it
reads a byte. The text depends only on the class's fields and options, so the code
compiled from it is kept in the cache (marshal, keyed by the text itself, one file per
interpreter version) and `dataclasses`' `exec` is given the compiled code instead of the
text. The classes, their methods and their tracebacks are exactly those of a compile;
a missing, stale or damaged file only costs the compile (and is written again at exit).
The file holds code this process runs, so it lives in the user's own cache, beside the
prepared fonts.
"""

from __future__ import annotations

import atexit
import builtins
import dataclasses
import marshal
import os
import sys
from collections.abc import Mapping
from types import CodeType
from typing import Any

from . import cacheroot

# A file is dropped and started afresh past this many texts (old fields of edited classes).
MAX_ENTRIES = 1000
FORMAT = 2          # bump when the file's layout changes (it is part of the file's name)

_stored: dict[str, bytes] = {}        # text -> its marshalled code, as read from the file
_used: dict[str, CodeType] = {}       # what this process compiled or looked up
_compiled = [0]                       # texts this process had to compile


def cache_file() -> str:
    """`classes/<interpreter>-v<FORMAT>.bin` in the cache root (LAYOUT_FONT_CACHE or the per-user default)."""
    return os.path.join(cacheroot.configured(), "classes", f"{sys.implementation.cache_tag}-{sys.hexversion:x}-v{FORMAT}.bin")


def _read(path: str) -> dict[str, bytes]:
    """The file's texts and their marshalled codes: a crc32 of the body, then the
    marshalled {text: (start, end)} and the codes' bytes, each code unmarshalled only
    when a class asks for it (a command uses a few hundred of the file's texts)."""
    stored = cacheroot.load_framed(path)
    try:
        index, blob = stored
        if not (isinstance(index, dict) and isinstance(blob, bytes)):
            return {}
        return {text: blob[start:end] for text, (start, end) in index.items()}
    except (ValueError, TypeError):
        return {}


def _code(data: bytes) -> CodeType | None:
    try:
        code = marshal.loads(data)
    except (ValueError, EOFError, TypeError):
        return None
    return code if isinstance(code, CodeType) else None


def _ours(globals: dict[str, Any] | None) -> bool:
    name = globals.get("__name__") if globals is not None else None
    return isinstance(name, str) and (name == "layout" or name.startswith("layout."))


def _compiled_exec(source: str | bytes | CodeType, globals: dict[str, Any] | None = None,
                   locals: Mapping[str, object] | None = None, /) -> None:
    """`exec`, with a text compiled before taken from the cache. Only our own records'
    methods are kept (`globals` is the defining module's): a test's, a library's or a
    plugin's classes compile as usual and do not grow the file."""
    if isinstance(source, str) and _ours(globals):
        code = _used.get(source)
        if code is None:
            stored = _stored.get(source)
            code = _code(stored) if stored is not None else None
            if code is None:
                code = compile(source, "<string>", "exec")
                _compiled[0] += 1
            _used[source] = code
        source = code
    builtins.exec(source, globals, locals)


def _save() -> None:
    """Write the file when this process compiled something: what is on disk now (another
    command's classes) and what this one used, atomically; a cache that cannot be
    written only costs the compile next time."""
    if not _compiled[0]:
        return
    path = cache_file()
    merged = _read(path)
    if len(merged) + len(_used) > MAX_ENTRIES:
        merged = {}
    merged.update((text, marshal.dumps(code)) for text, code in _used.items())
    index: dict[str, tuple[int, int]] = {}
    at = 0
    for text, data in merged.items():
        index[text] = (at, at + len(data))
        at += len(data)
    body = marshal.dumps((index, b"".join(merged.values())))
    from .errors import OutputError
    from .output.atomic import write_bytes  # at exit: nothing added to the start

    try:
        write_bytes(path, cacheroot.framed(body))
    except OutputError:
        pass


def install() -> None:
    """Route `dataclasses`' compiles through the cache (once per process)."""
    if getattr(dataclasses, "exec", None) is _compiled_exec:
        return
    _stored.update(_read(cache_file()))
    dataclasses.exec = _compiled_exec     # type: ignore[attr-defined]  # shadows the builtin there only
    atexit.register(_save)
