"""QR code symbols for the painter, computed once and kept in the cache folder.

ReportLab's encoder is pure Python and picks the best of eight masks, about a
fifth of a second per symbol; a masthead has four that never change week to
week, so the module matrix is cached on disk by its data.
"""

from __future__ import annotations

import functools
import hashlib
import json

_VERSION = "1"


def _cache_file(data: str):
    from ..fonts.cache import atomic_write, cache_dir

    d = cache_dir().parent / "qr"
    d.mkdir(parents=True, exist_ok=True)
    key = hashlib.sha256(f"{_VERSION}:M:{data}".encode()).hexdigest()[:32]
    return d / f"{key}.json", atomic_write


@functools.lru_cache(maxsize=64)
def qr_modules(data: str) -> tuple[str, ...]:
    """Rows of the symbol, '1' dark and '0' light; error correction level M."""
    path, atomic_write = _cache_file(data)
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
    atomic_write(path, json.dumps({"data": data, "rows": rows}).encode())
    return rows
