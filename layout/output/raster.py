"""PDF pages to pictures with PDFium (pypdfium2), for the preview and the HTML e-paper.

Both rasterise a PDF painted from the layout, so what the picture shows is what the
PDF draws; nothing here draws type itself.

The preview writes its PNG from PDFium's pixels directly (`png_rgb`): Pillow's PNG
encoder tries five filters on every row and deflates at zlib's speed, ~110 ms for a
broadsheet page at 100 dpi; rows left unfiltered (type 0, which suits black type on
white) deflated by zlib-ng at level 1 take ~20 ms, for a file about a third larger.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from PIL import Image


def pixel_size(width_pt: float, height_pt: float, dpi: float) -> tuple[int, int]:
    """The picture size of a page: the trim in points at `dpi`, rounded to whole pixels."""
    return max(1, round(width_pt * dpi / 72)), max(1, round(height_pt * dpi / 72))


@dataclass(frozen=True)
class Picture:
    """A rendered page: 8-bit RGB rows, `stride` bytes apart, top row first."""

    width: int
    height: int
    stride: int
    pixels: bytes

    def image(self) -> Image.Image:
        return Image.frombuffer("RGB", (self.width, self.height), self.pixels, "raw", "RGB", self.stride, 1)

    @classmethod
    def of(cls, img: Image.Image) -> Picture:
        rgb = img.convert("RGB")
        return cls(rgb.width, rgb.height, rgb.width * 3, rgb.tobytes())

    def png(self) -> bytes:
        return png_rgb(self.pixels, self.width, self.height, self.stride)


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(body, zlib.crc32(kind)))


def png_rgb(pixels: bytes, width: int, height: int, stride: int) -> bytes:
    """An 8-bit RGB PNG of the rows: filter type 0 on each, deflated by zlib-ng at level 1."""
    from zlib_ng import zlib_ng

    view = memoryview(pixels)
    row = width * 3
    # every row prefixed with its filter-type byte 0
    data = b"\0" + b"\0".join(view[i * stride:i * stride + row] for i in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)    # 8-bit RGB, not interlaced
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib_ng.compress(data, 1))
            + _chunk(b"IEND", b""))


_pdfium_ready = False


def _pdfium() -> Any:  # the ctypes module of PDFium's C API
    """PDFium's C API through pypdfium2's own ctypes bindings (`pypdfium2_raw`, part of
    the pypdfium2 package), initialised as pypdfium2 does it: about half the import
    time of pypdfium2's Python helpers, which these few calls do not need."""
    import pypdfium2_raw as pdfium_c

    global _pdfium_ready
    if not _pdfium_ready:
        config = pdfium_c.FPDF_LIBRARY_CONFIG(version=2, m_pUserFontPaths=None, m_pIsolate=None, m_v8EmbedderSlot=0)
        pdfium_c.FPDF_InitLibraryWithConfig(config)     # a second initialisation is a no-op in PDFium
        _pdfium_ready = True
    return pdfium_c


def render_pictures(pdf: bytes, dpi: float, indexes: list[int] | None = None) -> Iterator[Picture]:
    """Each requested page (0-based; all by default) as an RGB picture of its media box.

    The picture is exactly `pixel_size` of the media box, so a layout point x lands
    on pixel x * dpi / 72 (hotspots and grid overlays rely on that). PDFium renders a
    bitmap of the page's size rounded up (as pypdfium2's `render` does: white, no
    annotations, RGB byte order); the rows are cut to the documented size.
    """
    import ctypes
    import math

    c = _pdfium()
    scale = dpi / 72
    data = bytes(pdf)
    doc = c.FPDF_LoadMemDocument64(data, len(data), None)
    if not doc:
        raise ValueError(f"PDFium cannot read the PDF (error {c.FPDF_GetLastError()})")
    try:
        for i in (range(c.FPDF_GetPageCount(doc)) if indexes is None else indexes):
            page = c.FPDF_LoadPage(doc, i)
            if not page:
                raise ValueError(f"PDFium cannot load page {i + 1} (error {c.FPDF_GetLastError()})")
            try:
                w, h = c.FPDF_GetPageWidthF(page), c.FPDF_GetPageHeightF(page)
                want_w, want_h = pixel_size(w, h, dpi)
                bw, bh = math.ceil(w * scale), math.ceil(h * scale)
                stride = bw * 3
                buffer = (ctypes.c_ubyte * (stride * bh))()
                bitmap = c.FPDFBitmap_CreateEx(bw, bh, c.FPDFBitmap_BGR, buffer, stride)
                try:
                    c.FPDFBitmap_FillRect(bitmap, 0, 0, bw, bh, 0xFFFFFFFF)
                    c.FPDF_RenderPageBitmap(bitmap, page, 0, 0, bw, bh, 0, c.FPDF_REVERSE_BYTE_ORDER)
                finally:
                    c.FPDFBitmap_Destroy(bitmap)
                pixels = bytes(buffer)
                if bw >= want_w and bh >= want_h:
                    yield Picture(want_w, want_h, stride, pixels)
                else:
                    img = Image.frombuffer("RGB", (bw, bh), pixels, "raw", "RGB", stride, 1)
                    yield Picture.of(img.resize((want_w, want_h), Image.Resampling.LANCZOS))
            finally:
                c.FPDF_ClosePage(page)
    finally:
        c.FPDF_CloseDocument(doc)


def render_pages(pdf: bytes, dpi: float, indexes: list[int] | None = None) -> Iterator[Image.Image]:
    """`render_pictures` as PIL images."""
    for picture in render_pictures(pdf, dpi, indexes):
        yield picture.image()
