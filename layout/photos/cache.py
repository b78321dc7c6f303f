"""The photo cache: prepared print photos, named by what made them.

A prepared photo depends only on the source's bytes and the target (profile, intent,
ink limit, crop, pixel size, encoding), so its file is named by a hash of all of
those and is reused by every later build. Each entry is written whole (temp file and
rename) beside a small JSON record carrying the data's own hash (and facts measured
while making it, such as its largest total ink), so a damaged or half-written entry
is noticed and made again. A cache that cannot be used is skipped:
the caller keeps the photo in its build folder instead.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any


def photo_cache_dir() -> Path | None:
    """`photos/` in the tool's one cache folder; None when it cannot be made."""
    from ..fonts.cache import subfolder

    return subfolder("photos")


def lookup(key: str) -> tuple[Path, dict[str, Any]] | None:
    """The cached file for `key` and its record, if it is there and whole."""
    d = photo_cache_dir()
    if d is None:
        return None
    try:
        record = json.loads((d / f"{key}.json").read_text("utf-8"))
        data = (d / record["file"]).read_bytes()
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if hashlib.sha256(data).hexdigest() != record.get("sha256"):
        return None
    return d / record["file"], record


def store(key: str, suffix: str, data: bytes, facts: dict[str, Any]) -> Path | None:
    """Keep `data` as the entry for `key`; None when the cache cannot be written."""
    from ..errors import OutputError
    from ..fonts.cache import atomic_write

    d = photo_cache_dir()
    if d is None:
        return None
    name = f"{key}{suffix}"
    try:
        atomic_write(d / name, data)
        record = {"file": name, "sha256": hashlib.sha256(data).hexdigest(), **facts}
        atomic_write(d / f"{key}.json", json.dumps(record).encode("utf-8"))
    except (OSError, OutputError):
        return None
    return d / name
