"""Reading cache entries without fontTools: the warm path of every build."""

from __future__ import annotations

import contextlib
import marshal
from pathlib import Path
from typing import Any

from .. import cacheroot
from ..errors import OutputError
from . import cache
from .digest import sha256_hex


def load_entry(key: str, folder: Path | None = None) -> dict[str, Any] | None:
    """The metrics of a complete entry, or None (then it is prepared again).

    The metrics carry their own hash; the font file is named by its content hash
    and checked when it is read for embedding (read_font), not on every load.
    """
    d = folder or cache.cache_dir()
    m = cache.read_checked(d / f"{key}.bin")
    if m is None or m.get("key") != key:
        return None
    font = d / m["file"]
    try:
        if font.stat().st_size != m["size"]:
            return None
    except OSError:
        return None
    m["path"] = str(font)
    return m


def read_font(path: str) -> bytes | None:
    """A prepared font file's bytes, or None when they no longer match their name's hash."""
    try:
        data = Path(path).read_bytes()
    except OSError:
        return None
    import hashlib

    digest = Path(path).stem.rsplit("-", 1)[-1]
    return data if hashlib.sha256(data).hexdigest()[:len(digest)] == digest else None


def _info_path(path: str, index: int) -> Path:
    return cache.cache_dir() / f"src-{cache.source_hash(path)[:24]}-{index}-v{cache.PREP_VERSION}.bin"


def load_source_info(path: str, index: int) -> dict[str, Any] | None:
    return cache.read_checked(_info_path(path, index))


def save_source_info(path: str, index: int, info: dict[str, Any]) -> None:
    """Keep what was read of the source face; a cache that refuses only costs a re-read."""
    with contextlib.suppress(OutputError):
        cache.write_checked(_info_path(path, index), info)


# -- the book's tables -------------------------------------------------------------------
# Every face's characters, glyph codes and advances as the font book holds them, one file
# for the faces of one edition's roles (in the cache root's `tables/`): ~8 ms less than
# reading each entry and building its two tables, at every start. Only a speed-up, made
# from the entries: it names each entry's size and time and its font file's size, and is
# used only while they are unchanged (a damaged or re-prepared entry is read as before).
TABLES_VERSION = "2"    # bump when what the tables hold, or how, changes


def tables_key(parts: list[str]) -> str:
    return sha256_hex("\n".join([TABLES_VERSION, cache.PREP_VERSION, *parts]).encode())[:24]


CUT = "cut-"            # a file name's start: tables cut to one edition's characters
KEPT_CUTS = 32          # the most recently written cut tables kept


def _tables_path(key: str, kind: str = "") -> Path | None:
    d = cache.subfolder("tables")
    return None if d is None else d / f"{kind}{key}.bin"


def load_tables(key: str, kind: str = "") -> dict[str, Any] | None:
    """The tables, or None when missing or damaged. Checked by a crc32 in front
    (`cacheroot.framed`), not write_checked's sha256: hashing ~650 kB would start
    OpenSSL (~3 ms) for nothing a crc does not catch here."""
    path = _tables_path(key, kind)
    m = None if path is None else cacheroot.load_framed(path)
    return m if isinstance(m, dict) and m.get("key") == key and isinstance(m.get("faces"), dict) else None


def save_tables(key: str, tables: dict[str, Any], kind: str = "") -> None:
    """Keep the tables; cut tables (`kind` CUT) only the KEPT_CUTS most recent."""
    path = _tables_path(key, kind)
    if path is not None:
        body = marshal.dumps({**tables, "key": key})
        with contextlib.suppress(OutputError, OSError):
            cache.atomic_write(path, cacheroot.framed(body))
            if kind:
                cache.drop_oldest(list(path.parent.glob(f"{kind}*.bin")), KEPT_CUTS)


def entry_state(key: str, font: str) -> list[Any]:
    """What a prepared entry is now: its font file's name and size, its metrics file's size and time."""
    st = (cache.cache_dir() / f"{key}.bin").stat()
    return [Path(font).name, Path(font).stat().st_size, st.st_size, st.st_mtime_ns]


def entry_unchanged(key: str, state: list[Any]) -> str | None:
    """The entry's font file when the entry is as `state` says (entry_state), else None."""
    d = cache.cache_dir()
    try:
        font = d / state[0]
        st = (d / f"{key}.bin").stat()
        now = [state[0], font.stat().st_size, st.st_size, st.st_mtime_ns]
    except (OSError, IndexError, TypeError):
        return None
    return str(font) if now == state else None
