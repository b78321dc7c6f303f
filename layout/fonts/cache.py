"""The per-user font cache: prepared faces and their metrics.

Preparing a face costs seconds, so it happens once per (source file, fontTools
version, character set). Every write is a temp file + os.replace, and an entry is
complete only when its metrics file exists: the metrics name the font file (which
is named by its own content hash) and carry that hash, so a half-written, killed or
damaged entry is noticed and rebuilt, never used.
"""

from __future__ import annotations

import atexit
import contextlib
import marshal
import os
import sys
import time
from pathlib import Path
from typing import Any

from ..cacheroot import ENV_VAR as ENV_VAR  # re-exported: the name users set
from ..cacheroot import configured, framed, load_framed
from ..errors import OutputError, printable, reason
from ..output.atomic import write_bytes
from .digest import sha256_hex

PREP_VERSION = "2"   # bump when the preparation itself changes

# Configured folder -> the folder actually used (itself, or a temporary stand-in).
_roots: dict[str, Path] = {}
_stand_ins: list[str] = []


def configured_root() -> Path:
    """The folder named by LAYOUT_FONT_CACHE, or the per-user default."""
    return Path(configured())


def _unusable(d: Path) -> str | None:
    """Why `d` cannot serve as the cache (None when it can): created, and written to."""
    try:
        d.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        return "it is a file, not a folder"
    except OSError as err:
        return reason(err)
    probe = d / f".probe-{os.getpid()}.part"     # not tempfile: `check` must start fast
    try:
        os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
        os.unlink(probe)
    except OSError as err:
        return reason(err)
    return None


def cache_root() -> Path:
    """The one folder everything the tool keeps lives in (prepared fonts at its top,
    other stages in `subfolder`s). A folder that cannot be used is bypassed, once per
    run and with a warning, for a temporary folder removed at exit: a cache costs
    speed when it fails, never the build."""
    want = configured_root()
    got = _roots.get(str(want))
    if got is None:
        why = _unusable(want)
        got = want if why is None else _stand_in(want, why)
        _roots[str(want)] = got
    return got


def cache_dir() -> Path:
    """Where prepared fonts live: the top of the cache root."""
    return cache_root()


def use_root(folder: Path) -> None:
    """Take the parent process's decision (a worker process must not decide again)."""
    _roots[str(configured_root())] = folder


def bypass(err: OutputError) -> bool:
    """The cache failed mid-run (a full disk): use a temporary folder from now on.
    False when the cache is already a temporary folder (then the fault is the user's)."""
    want = configured_root()
    if str(_roots.get(str(want))) in _stand_ins:
        return False
    _roots[str(want)] = _stand_in(want, f"{err.why} ({printable(err.path)})")
    return True


def _stand_in(want: Path, why: str) -> Path:
    import shutil
    import tempfile

    folder = tempfile.mkdtemp(prefix="layout-cache-")
    _stand_ins.append(folder)
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    print(printable(f"warning: cannot use the cache {want}: {why}; using a temporary folder for this run"),
          file=sys.stderr)
    return Path(folder)


def subfolder(name: str) -> Path | None:
    """A stage's own folder inside the cache root (qr, programs, photos), or None when
    it cannot be made: callers then simply do without."""
    d = cache_root() / name
    try:
        if d.is_symlink() or (d.exists() and not d.is_dir()):
            d.unlink()
        d.mkdir(exist_ok=True)
    except OSError:
        return None
    return d


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` atomically (output.atomic); a folder standing where the
    entry belongs is removed first. Raises OutputError when it cannot be written."""
    if path.is_dir() and not path.is_symlink():
        import shutil

        shutil.rmtree(path, ignore_errors=True)
    write_bytes(path, data)


def sha256_file(path: str | Path) -> str:
    import hashlib

    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


_memo: dict[str, str] | None = None
SOURCES_FILE = "sources-v2.bin"    # was sources.json: JSON's import and parse cost every start ~1 ms


def _read_sources(memo_file: Path) -> dict[str, str]:
    """The remembered hashes: marshal, crc-framed (cacheroot.framed); {} when missing or damaged."""
    memo = load_framed(memo_file)
    return memo if isinstance(memo, dict) else {}


def source_hash(path: str) -> str:
    """sha256 of a font file, remembered by (path, size, mtime) to skip re-reading 26 MB."""
    global _memo
    st = os.stat(path)
    ident = f"{os.path.abspath(path)}|{st.st_size}|{st.st_mtime_ns}"
    memo_file = cache_dir() / SOURCES_FILE
    if _memo is None:
        _memo = _read_sources(memo_file)
    h = _memo.get(ident)
    if not isinstance(h, str):
        h = sha256_file(path)
        _memo[ident] = h
        # merge with what other processes wrote meanwhile (last writer wins, all correct),
        # less the files that are gone (a test's or a removed font's)
        on_disk = _read_sources(memo_file)
        on_disk.update(_memo)
        alive = {k: v for k, v in on_disk.items() if os.path.exists(k.rsplit("|", 2)[0])}
        with contextlib.suppress(OutputError):    # only a speed-up: the hash is known now
            atomic_write(memo_file, framed(marshal.dumps(alive)))
    return h


def entry_key(src_hash: str, index: int, chars_hash: str, fonttools_version: str) -> str:
    raw = f"{src_hash}|{index}|{chars_hash}|{fonttools_version}|{PREP_VERSION}"
    return sha256_hex(raw.encode())[:24]


def read_checked(path: Path) -> dict[str, Any] | None:
    """A file written by write_checked, or None when it is missing or damaged.

    marshal, not JSON: the four default faces' metrics load in a few milliseconds.
    """
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    head, _, body = raw.partition(b"\n")
    if sha256_hex(body).encode() != head:
        return None
    try:
        data = marshal.loads(body)
    except (ValueError, EOFError, TypeError):
        return None
    return data if isinstance(data, dict) else None


def write_checked(path: Path, data: dict[str, Any]) -> None:
    """Write plain data (str, int, float, list, dict) with its sha256 in front."""
    body = marshal.dumps(data)
    atomic_write(path, sha256_hex(body).encode() + b"\n" + body)


def kept_value(folder: str, name: str, key: str) -> Any:
    """What `keep_value` kept under `name` in the cache's `folder` for `key`; None when
    it is missing, damaged or another key's (two keys whose digests meet)."""
    d = subfolder(folder)
    data = None if d is None else load_framed(d / name)
    return data.get("value") if isinstance(data, dict) and data.get("key") == key else None


def keep_value(folder: str, name: str, key: str, value: Any, keep: int | None = None,
               among: str = "*.bin") -> None:
    """Keep plain `value` for `key` as `name` in the cache's `folder`; with `keep`, drop
    the oldest files matching `among` there beyond that many. A cache that refuses
    costs speed, never the build.

    The file is marshal with its crc32 in front (cacheroot.framed), not write_checked's
    SHA-256: it is written whole or not at all, and hashing the larger values (a page's
    screen fonts, ~1 MB) would start OpenSSL in a preview that needs it for nothing else.
    A file kept in the older form reads as damaged and is made again."""
    d = subfolder(folder)
    if d is None:
        return
    try:
        atomic_write(d / name, framed(marshal.dumps({"key": key, "value": value})))
        if keep is not None:
            drop_oldest(list(d.glob(among)), keep)
    except (OSError, OutputError):
        pass


def drop_oldest(files: list[Path], keep: int) -> None:
    """Remove all but the `keep` most recently written of `files` (a cache folder's kept
    values, tables or paragraphs). Raises OSError as `stat` and `unlink` do."""
    for old in sorted(files, key=lambda p: p.stat().st_mtime, reverse=True)[keep:]:
        old.unlink(missing_ok=True)


def clean_stale_temps(d: Path, age_s: float = 3600) -> None:
    """Remove temp files of preparations that were killed (older than an hour)."""
    now = time.time()
    for p in [*d.glob(".*.tmp"), *d.glob(".*.part")]:
        try:
            if now - p.stat().st_mtime > age_s:
                p.unlink()
        except OSError:
            pass
