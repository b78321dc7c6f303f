"""QR code symbols for the painter, computed once and kept in the cache folder.

ReportLab's encoder is pure Python and picks the best of eight masks, about a
fifth of a second per symbol; a masthead has four that never change week to
week, so the module matrix is cached on disk (the cache root's `qr/`) by its data.
The disk copy is only a speed-up: a cache that cannot be read or written is ignored.
"""

from __future__ import annotations

import contextlib
import functools
from pathlib import Path

_VERSION = "2"          # 2: marshal with its sha256 (fonts.cache.write_checked), not JSON


def _cache_file(data: str) -> Path | None:
    from ..fonts.cache import subfolder
    from ..fonts.digest import sha256_hex

    d = subfolder("qr")
    if d is None:
        return None
    return d / f"{sha256_hex(f'{_VERSION}:M:{data}'.encode())[:32]}.bin"


@functools.lru_cache(maxsize=64)
def qr_modules(data: str) -> tuple[str, ...]:
    """Rows of the symbol, '1' dark and '0' light; error correction level M."""
    from ..errors import OutputError
    from ..fonts.cache import read_checked, write_checked

    path = _cache_file(data)
    if path is not None:
        kept = read_checked(path)
        if kept is not None and kept.get("data") == data and isinstance(kept.get("rows"), list):
            return tuple(kept["rows"])
    from reportlab.graphics.barcode import qrencoder

    qr = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    qr.addData(data)
    qr.make()
    rows = tuple("".join("1" if m else "0" for m in row) for row in qr.modules)
    if path is not None:
        with contextlib.suppress(OutputError):
            write_checked(path, {"data": data, "rows": list(rows)})
    return rows


# What the encoder (ReportLab's qrencoder, level M) holds, without importing it: `check`
# must not load ReportLab. Its largest symbol is version 39 (its version loop stops
# there), 17728 data bits; it takes the first mode that can encode the whole text, and
# counts 4 mode bits, a length field (version 27-40 sizes) and the data bits as below.
# tests/test_model_limits.py checks this against the encoder itself.
_CAPACITY_BITS = 17728
_ALNUM = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")


def _is_kanji(ch: str) -> bool:
    if ch < "\x80":               # ASCII is one byte in Shift JIS: no need to load its codec
        return False
    try:
        b = ch.encode("shift-jis")
    except UnicodeEncodeError:
        return False
    code = int.from_bytes(b, "big") if len(b) == 2 else -1
    return 0x8140 <= code <= 0x9FFC or 0xE040 <= code <= 0xEBBF


def qr_bits(data: str) -> int:
    """Bits the encoder needs for `data` in its largest symbol."""
    n = len(data)
    if all("0" <= ch <= "9" for ch in data):
        q, r = divmod(n, 3)
        return 4 + 14 + 10 * q + (0, 4, 7)[r]
    if all(ch in _ALNUM for ch in data):
        q, r = divmod(n, 2)
        return 4 + 13 + 11 * q + 6 * r
    if all(_is_kanji(ch) for ch in data):
        return 4 + 12 + 13 * n
    return 4 + 16 + 8 * len(data.encode("utf-8"))


def qr_fits(data: str) -> bool:
    """Whether a masthead QR code (`qr_modules`) can hold `data`."""
    return qr_bits(data) <= _CAPACITY_BITS


def qr_max_bytes() -> int:
    """The most bytes (8-bit mode) the largest symbol holds."""
    return (_CAPACITY_BITS - 4 - 16) // 8
