"""Reading cache entries without fontTools: the warm path of every build."""

from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path
from typing import Any

from ..errors import OutputError
from . import cache


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
