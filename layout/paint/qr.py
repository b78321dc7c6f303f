"""QR code symbols for the painter, computed once and kept in the cache folder.

ReportLab's encoder is pure Python and picks the best of eight masks, about a
fifth of a second per symbol; a masthead has four that never change week to
week, so the module matrix is cached on disk (the cache root's `qr/`) by its data.
The disk copy is only a speed-up: a cache that cannot be read or written is ignored.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
from pathlib import Path

_VERSION = "1"


def _cache_file(data: str) -> Path | None:
    from ..fonts.cache import subfolder

    d = subfolder("qr")
    if d is None:
        return None
    return d / f"{hashlib.sha256(f'{_VERSION}:M:{data}'.encode()).hexdigest()[:32]}.json"


@functools.lru_cache(maxsize=64)
def qr_modules(data: str) -> tuple[str, ...]:
    """Rows of the symbol, '1' dark and '0' light; error correction level M."""
    from ..errors import OutputError
    from ..fonts.cache import atomic_write

    path = _cache_file(data)
    if path is not None:
        try:
            rows = json.loads(path.read_text())
            if rows.get("data") == data:
                return tuple(rows["rows"])
        except (OSError, ValueError, KeyError, AttributeError):
            pass
    from reportlab.graphics.barcode import qrencoder

    qr = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    qr.addData(data)
    qr.make()
    rows = tuple("".join("1" if m else "0" for m in row) for row in qr.modules)
    if path is not None:
        with contextlib.suppress(OutputError):
            atomic_write(path, json.dumps({"data": data, "rows": rows}).encode())
    return rows


def qr_fits(data: str) -> bool:
    """Whether the encoder `qr_modules` uses can hold `data` at level M, asked the way it
    decides (its largest version is 39, not the standard's 40), without drawing a symbol."""
    from reportlab.graphics.barcode import qrencoder

    level = qrencoder.QRErrorCorrectLevel.M
    qr = qrencoder.QRCode(None, level)
    try:
        qr.addData(data)
    except ValueError:
        return False
    version = qr.calculate_version()
    capacity = sum(block.dataCount for block in qrencoder.QRRSBlock.getRSBlocks(version, level)) * 8
    used = sum(4 + d.getLengthBits(version) + d.bitlength for d in qr.dataList)
    return bool(used <= capacity)


def qr_max_bytes() -> int:
    """The most bytes (8-bit mode) the encoder's largest symbol holds at level M."""
    from reportlab.graphics.barcode import qrencoder

    level = qrencoder.QRErrorCorrectLevel.M
    blocks = qrencoder.QRRSBlock.getRSBlocks(39, level)
    return (sum(block.dataCount for block in blocks) * 8 - 4 - 16) // 8
