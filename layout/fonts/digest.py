"""SHA-256 hex digests without starting OpenSSL when the data is small.

`import hashlib` loads OpenSSL's libcrypto: ~3 ms at every start, for a `check` whose
cache keys and small cache files are all it hashes. The interpreter's own SHA-256
module (`_sha256`; `_sha2` from Python 3.12) gives the same digests without it and is
quick enough for those; larger data still goes through hashlib, whose SHA-256 is many
times faster.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

SMALL = 64 * 1024       # bytes: up to this, the interpreter's own SHA-256


def _own_sha256() -> Callable[[bytes], Any]:
    for name in ("_sha256", "_sha2"):
        try:
            return importlib.import_module(name).sha256      # type: ignore[no-any-return]
        except (ImportError, AttributeError):
            continue
    import hashlib

    return hashlib.sha256


_sha256 = _own_sha256()


def sha256_hex(data: bytes) -> str:
    """The SHA-256 of `data`, as 64 hex digits."""
    if len(data) <= SMALL:
        return str(_sha256(data).hexdigest())
    import hashlib

    return hashlib.sha256(data).hexdigest()


def _own_blake2b() -> Callable[..., Any]:
    try:
        return importlib.import_module("_blake2").blake2b      # type: ignore[no-any-return]
    except (ImportError, AttributeError):
        import hashlib

        return hashlib.blake2b


_blake2b = _own_blake2b()


def blake2b_16(data: bytes) -> bytes:
    """A 16-byte BLAKE2b digest of `data`: for keys computed by the hundred at every
    start (the kept paragraphs'), where the interpreter's own SHA-256 is ~4 × slower.
    hashlib's blake2b is this same built-in module (OpenSSL never provides it), so
    importing it directly only spares hashlib's OpenSSL start."""
    return bytes(_blake2b(data, digest_size=16).digest())
