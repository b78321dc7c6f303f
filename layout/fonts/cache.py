"""The per-user font cache: prepared faces and their metrics.

Preparing a face costs seconds, so it happens once per (source file, fontTools
version, character set). Every write is a temp file + os.replace, and an entry is
complete only when its metrics file exists: the metrics name the font file (which
is named by its own content hash) and carry that hash, so a half-written, killed or
damaged entry is noticed and rebuilt, never used.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import time
from pathlib import Path

ENV_VAR = "LAYOUT_FONT_CACHE"
PREP_VERSION = "2"   # bump when the preparation itself changes


def cache_dir() -> Path:
    env = os.environ.get(ENV_VAR)
    if env:
        d = Path(env)
    else:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        d = Path(base) / "newspaper-layout" / "fonts"
    d.mkdir(parents=True, exist_ok=True)
    return d


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that readers see the old file or the whole new one."""
    import tempfile
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o644)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def sha256_file(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


_memo: dict[str, str] | None = None


def source_hash(path: str) -> str:
    """sha256 of a font file, remembered by (path, size, mtime) to skip re-reading 26 MB."""
    global _memo
    st = os.stat(path)
    ident = f"{os.path.abspath(path)}|{st.st_size}|{st.st_mtime_ns}"
    memo_file = cache_dir() / "sources.json"
    if _memo is None:
        try:
            _memo = json.loads(memo_file.read_text("utf-8"))
        except (OSError, ValueError):
            _memo = {}
    h = _memo.get(ident)
    if h is None:
        h = sha256_file(path)
        _memo[ident] = h
        try:   # merge with what other processes wrote meanwhile; last writer wins, all correct
            on_disk = json.loads(memo_file.read_text("utf-8"))
        except (OSError, ValueError):
            on_disk = {}
        on_disk.update(_memo)
        atomic_write(memo_file, json.dumps(on_disk, indent=0, sort_keys=True).encode())
    return h


def entry_key(src_hash: str, index: int, chars_hash: str, fonttools_version: str) -> str:
    raw = f"{src_hash}|{index}|{chars_hash}|{fonttools_version}|{PREP_VERSION}"
    return hashlib.sha256(raw.encode()).hexdigest()[:24]


def read_checked(path: Path) -> dict | None:
    """A file written by write_checked, or None when it is missing or damaged.

    marshal, not JSON: the four default faces' metrics load in a few milliseconds.
    """
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    head, _, body = raw.partition(b"\n")
    if hashlib.sha256(body).hexdigest().encode() != head:
        return None
    try:
        data = marshal.loads(body)
    except (ValueError, EOFError, TypeError):
        return None
    return data if isinstance(data, dict) else None


def write_checked(path: Path, data: dict) -> None:
    """Write plain data (str, int, float, list, dict) with its sha256 in front."""
    body = marshal.dumps(data)
    atomic_write(path, hashlib.sha256(body).hexdigest().encode() + b"\n" + body)


def clean_stale_temps(d: Path, age_s: float = 3600) -> None:
    """Remove temp files of preparations that were killed (older than an hour)."""
    now = time.time()
    for p in d.glob(".*.tmp"):
        try:
            if now - p.stat().st_mtime > age_s:
                p.unlink()
        except OSError:
            pass
