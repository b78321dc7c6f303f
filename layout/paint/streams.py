"""ReportLab streams written so that the PDF/X pass (qpdf) copies them as they are.

qpdf passes a stream's bytes through untouched only when its /Filter is the name
/FlateDecode. ReportLab writes its filters as an array (`/Filter [ /FlateDecode ]`) or
leaves a stream uncompressed, and qpdf then decodes and compresses it again itself, at
zlib level 6: ≈ 35 ms of an 8-page print, after the painting, on its critical path.
The painter compresses page streams in a thread while it paints the next page, and
font programs are compressed once per glyph set and kept; these streams carry them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.pdfbase import pdfdoc


class FlateStream(pdfdoc.PDFStream):  # type: ignore[misc]  # ReportLab has no type hints
    """A stream of Flate-compressed bytes: given, or made by `deflated()` when the PDF
    is written (once)."""

    def __init__(self, deflated: bytes | Callable[[], bytes]):
        super().__init__(content=deflated if isinstance(deflated, bytes) else b"", filters=[])
        self.dictionary["Filter"] = pdfdoc.PDFName("FlateDecode")
        self._make = None if isinstance(deflated, bytes) else deflated

    def format(self, document: Any) -> bytes:
        if self._make is not None:
            self.content, self._make = self._make(), None
        out: bytes = super().format(document)
        return out
