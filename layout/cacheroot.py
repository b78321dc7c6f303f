"""Where the one cache folder is configured (LAYOUT_FONT_CACHE, or the per-user default),
and the crc32 framing of the cache files read at every start.

Kept apart (standard library only) because the class-code cache reads it while
`layout` itself is being imported, before the fonts stage could be.
"""

from __future__ import annotations

import marshal
import os
import zlib
from typing import Any

ENV_VAR = "LAYOUT_FONT_CACHE"


def configured() -> str:
    """The folder named by LAYOUT_FONT_CACHE, or `newspaper-layout/fonts` in the user's cache."""
    env = os.environ.get(ENV_VAR)
    if env:
        return env
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "newspaper-layout", "fonts")


def framed(body: bytes) -> bytes:
    """`body` with its crc32 in front: for files read at every start, where a sha256
    would start OpenSSL (~3 ms) to catch nothing more (they are written whole or not
    at all, by output.atomic)."""
    return zlib.crc32(body).to_bytes(4, "big") + body


def unframed(raw: bytes) -> bytes | None:
    """The body of a `framed` file, or None when it is short or damaged."""
    body = raw[4:]
    return body if len(raw) >= 4 and raw[:4] == zlib.crc32(body).to_bytes(4, "big") else None


def load_framed(path: str | os.PathLike[str]) -> Any:
    """The marshalled value of a `framed` file; None when it is missing, damaged or unreadable."""
    try:
        with open(path, "rb") as f:
            body = unframed(f.read())
        return None if body is None else marshal.loads(body)
    except (OSError, ValueError, EOFError, TypeError):
        return None
