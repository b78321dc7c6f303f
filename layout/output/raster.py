"""PDF pages to pictures with PDFium (pypdfium2), for the preview and the HTML e-paper.

Both rasterise a PDF painted from the layout, so what the picture shows is what the
PDF draws; nothing here draws type itself.

The preview writes its PNG from PDFium's pixels directly (`png_rows`): Pillow's PNG
encoder tries five filters on every row and deflates at zlib's speed, ~110 ms for a
broadsheet page at 100 dpi. Here PDFium renders into rows laid out as PNG scanlines
already (each row preceded by its filter-type byte 0, which suits black type on
white), and ISA-L deflates them at its level 1: ~8 ms and 1.40 MB for that page
(zlib-ng's level 1 took ~17 ms for 1.54 MB; the rows are never copied). `render_png`
makes the rows white on a second thread while PDFium parses the page.

A page drawn only in black and greys (most inner pages) is rendered into an 8-bit gray
bitmap and written as a gray PNG (`render_png(gray=True)`): on every bitmap of 16 bits a
pixel or more PDFium rasterises type for an LCD, glyphs three times as wide, and averages
the subpixels back, while into a gray one it anti-aliases them plainly — a broadsheet
page's rendering ~9 ms instead of ~20, and a third of the rows to whiten and deflate.
"""

from __future__ import annotations

import ctypes
import mmap
import struct
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from PIL.Image import Image


def pixel_size(width_pt: float, height_pt: float, dpi: float) -> tuple[int, int]:
    """The picture size of a page: the trim in points at `dpi`, rounded to whole pixels."""
    return max(1, round(width_pt * dpi / 72)), max(1, round(height_pt * dpi / 72))


@dataclass(frozen=True)
class Picture:
    """A rendered page: 8-bit rows of RGB (`channels` 3) or gray (1) pixels, `stride`
    bytes apart, the top row at `offset`.

    `render_pictures` leaves one byte before each row (offset 1, stride 3 * width + 1):
    zero, PNG's filter type "none", so the buffer is the PNG's scanlines as it is."""

    width: int
    height: int
    stride: int
    pixels: bytes | bytearray | mmap.mmap
    offset: int = 0
    channels: int = 3

    def image(self) -> Image:
        from PIL import Image

        mode = "RGB" if self.channels == 3 else "L"
        rows = cast(bytes, memoryview(self.pixels)[self.offset:])     # Pillow reads any buffer (and copies it)
        return Image.frombytes(mode, (self.width, self.height), rows, "raw", mode, self.stride, 1)

    @classmethod
    def of(cls, img: Image) -> Picture:
        rgb = img.convert("RGB")
        return cls(rgb.width, rgb.height, rgb.width * 3, rgb.tobytes())

    def png(self) -> bytes:
        return png_rows(self.pixels, self.width, self.height, self.stride, self.offset, self.channels)


def png_rows(pixels: bytes | bytearray | mmap.mmap, width: int, height: int, stride: int, offset: int = 0,
             channels: int = 3) -> bytes:
    """An 8-bit RGB (or, with `channels` 1, gray) PNG of the rows: filter type 0 on each,
    deflated by ISA-L at level 1.

    Rows laid out as scanlines (offset 1, stride channels * width + 1, a zero before each)
    are deflated in place; others are copied behind their filter bytes first. The file is
    joined once (ISA-L's CRC too: the picture is ~1.4 MB, zlib's CRC and each copy ~0.6 ms)."""

    row = width * channels
    view = memoryview(pixels)
    if offset == 1 and stride == row + 1:
        data: bytes | memoryview = view[:height * stride]
    else:
        data = b"\0" + b"\0".join(view[offset + i * stride:offset + i * stride + row] for i in range(height))
        stride = row + 1
    return png_file(width, height, deflate_halves(data, height // 2 * stride), channels)


def deflate_halves(data: bytes | memoryview, cut: int) -> bytes:
    """The zlib stream of `data`, its two halves (split at `cut`) deflated at once on two
    cores (ISA-L releases the GIL) and joined: the first ends in a full flush, so the
    second starts afresh and follows it as more of the same stream. The same bytes on any
    machine, threads or not; ≈ 40 % less wall time than one pass over a broadsheet page."""
    from isal import isal_zlib

    view = memoryview(data)
    first: list[bytes] = []

    def upper() -> None:
        deflate = isal_zlib.compressobj(1, isal_zlib.DEFLATED, -15)      # raw deflate: joined below
        first.append(deflate.compress(view[:cut]) + deflate.flush(isal_zlib.Z_FULL_FLUSH))

    worker = threading.Thread(target=upper, daemon=True)
    started = _started(worker)
    deflate = isal_zlib.compressobj(1, isal_zlib.DEFLATED, -15)
    second = deflate.compress(view[cut:]) + deflate.flush(isal_zlib.Z_FINISH)
    if started:
        worker.join()
    if not first:                       # the thread failed or never ran: its half here
        upper()
    check = isal_zlib.adler32(view).to_bytes(4, "big")
    return b"\x78\x01" + first[0] + second + check          # zlib header: deflate, 32 K window, fastest


def _started(thread: threading.Thread) -> bool:
    """Start `thread`; False where none can be had (a process limit): the caller then
    does its work itself."""
    try:
        thread.start()
    except RuntimeError:
        return False
    return True


def png_file(width: int, height: int, idat: bytes, channels: int = 3) -> bytes:
    """The PNG of 8-bit RGB (`channels` 3) or gray (1) scanlines whose zlib stream is `idat`."""
    from isal import isal_zlib

    colour_type = 2 if channels == 3 else 0         # PNG's truecolour, greyscale
    parts = [b"\x89PNG\r\n\x1a\n"]
    for kind, body in ((b"IHDR", struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0)),
                       (b"IDAT", idat), (b"IEND", b"")):
        parts += [struct.pack(">I", len(body)), kind, body,
                  struct.pack(">I", isal_zlib.crc32(body, isal_zlib.crc32(kind)))]
    return b"".join(parts)


_GRAY, _BGR = 1, 2                      # FPDFBitmap_Gray, FPDFBitmap_BGR
_GRAYSCALE, _REVERSE_BYTE_ORDER = 0x08, 0x10   # FPDF_GRAYSCALE; FPDF_REVERSE_BYTE_ORDER (RGB byte order)
_pdfium_lib: Any = None


class _Matrix(ctypes.Structure):      # FS_MATRIX
    _fields_ = [(name, ctypes.c_float) for name in "abcdef"]


class _Rect(ctypes.Structure):        # FS_RECTF
    _fields_ = [(name, ctypes.c_float) for name in ("left", "top", "right", "bottom")]


class _Size(ctypes.Structure):        # FS_SIZEF
    _fields_ = [("width", ctypes.c_float), ("height", ctypes.c_float)]


def _pdfium() -> Any:  # the loaded library, its functions typed below
    """PDFium's C library as pypdfium2 ships it (inside its `pypdfium2_raw` package),
    loaded with ctypes and the dozen functions used here declared: importing
    `pypdfium2_raw` declares all ~1,000 of PDFium's functions (~10 ms a preview) and
    pypdfium2's Python helpers twice that. Initialised as pypdfium2 does (a second
    initialisation, when pypdfium2 is loaded too, is a no-op in PDFium). ctypes lets
    other threads run while a PDFium function runs."""
    global _pdfium_lib
    if _pdfium_lib is None:
        from importlib.util import find_spec
        from pathlib import Path

        spec = find_spec("pypdfium2_raw")
        if spec is None or not spec.submodule_search_locations:
            raise ImportError("pypdfium2 is not installed (its PDFium library renders the pictures)")
        name = "pdfium.dll" if sys.platform.startswith(("win32", "cygwin", "msys")) else \
            "libpdfium.dylib" if sys.platform == "darwin" else "libpdfium.so"
        lib = ctypes.CDLL(str(Path(next(iter(spec.submodule_search_locations))) / name))
        p, i, u = ctypes.c_void_p, ctypes.c_int, ctypes.c_ulong
        for fn, res, args in (
                ("FPDF_InitLibrary", None, []),
                ("FPDF_LoadMemDocument64", p, [p, ctypes.c_size_t, ctypes.c_char_p]),
                ("FPDF_GetLastError", u, []),
                ("FPDF_GetPageCount", i, [p]),
                ("FPDF_GetPageSizeByIndexF", i, [p, i, ctypes.POINTER(_Size)]),
                ("FPDF_LoadPage", p, [p, i]),
                ("FPDFBitmap_CreateEx", p, [i, i, i, p, i]),
                ("FPDF_RenderPageBitmapWithMatrix", None,
                 [p, p, ctypes.POINTER(_Matrix), ctypes.POINTER(_Rect), i]),
                ("FPDFBitmap_Destroy", None, [p]),
                ("FPDF_ClosePage", None, [p]),
                ("FPDF_CloseDocument", None, [p])):
            func = getattr(lib, fn)
            func.restype, func.argtypes = res, args
        lib.FPDF_InitLibrary()
        _pdfium_lib = lib
    return _pdfium_lib


@dataclass(frozen=True)
class _Frame:
    """Where a page's picture goes: its size in pixels, the scanline buffer's row
    stride, PDFium's transform from the page to those pixels, and whether the pixels
    are RGB (`channels` 3) or gray (1)."""

    width: int
    height: int
    stride: int
    matrix: _Matrix
    channels: int = 3

    @classmethod
    def of(cls, c: Any, doc: int, index: int, dpi: float, channels: int = 3) -> _Frame:
        """The frame of page `index`, its size read without parsing the page.

        The picture is exactly `pixel_size` of the media box, so a layout point x lands
        on pixel x * dpi / 72 (hotspots and grid overlays rely on that): PDFium renders
        the page at its size rounded up, as pypdfium2's `render` does, and the bitmap
        keeps the top-left pixels of that rendering."""
        import math

        size = _Size()
        if not c.FPDF_GetPageSizeByIndexF(doc, index, ctypes.byref(size)):
            raise ValueError(f"PDFium cannot load page {index + 1} (error {c.FPDF_GetLastError()})")
        w, h = size.width, size.height
        want_w, want_h = pixel_size(w, h, dpi)
        scale = dpi / 72
        matrix = _Matrix(math.ceil(w * scale) / w, 0, 0, math.ceil(h * scale) / h, 0, 0)
        return cls(want_w, want_h, channels * want_w + 1, matrix, channels)


def _load_document(c: Any, data: bytes) -> int:
    doc = c.FPDF_LoadMemDocument64(data, len(data), None)
    if not doc:
        raise ValueError(f"PDFium cannot read the PDF (error {c.FPDF_GetLastError()})")
    return int(doc)


def _load_page(c: Any, doc: int, index: int) -> int:
    page = c.FPDF_LoadPage(doc, index)
    if not page:
        raise ValueError(f"PDFium cannot load page {index + 1} (error {c.FPDF_GetLastError()})")
    return int(page)


def _render(c: Any, page: int, frame: _Frame, rows: int) -> None:
    """PDFium's rendering of the page (white, no annotations; RGB byte order, or gray as
    pypdfium2 renders it with `grayscale`) drawn over the white scanline buffer at address
    `rows`, clipped to the picture."""
    rgb = frame.channels == 3
    bitmap = c.FPDFBitmap_CreateEx(frame.width, frame.height, _BGR if rgb else _GRAY, rows + 1, frame.stride)
    try:
        clip = _Rect(0, 0, frame.width, frame.height)
        c.FPDF_RenderPageBitmapWithMatrix(bitmap, page, ctypes.byref(frame.matrix), ctypes.byref(clip),
                                          _REVERSE_BYTE_ORDER if rgb else _GRAYSCALE)
    finally:
        c.FPDFBitmap_Destroy(bitmap)


def render_pictures(pdf: bytes, dpi: float, indexes: list[int] | None = None) -> Iterator[Picture]:
    """Each requested page (0-based; all by default) as an RGB picture of its media box
    (`_Frame.of`), its rows laid out as PNG scanlines (see `Picture`)."""
    c = _pdfium()
    data = bytes(pdf)
    doc = _load_document(c, data)
    try:
        for i in (range(c.FPDF_GetPageCount(doc)) if indexes is None else indexes):
            frame = _Frame.of(c, doc, i, dpi)
            page = _load_page(c, doc, i)
            try:
                rows = bytearray(b"\xff") * (frame.stride * frame.height)     # white
                buffer = (ctypes.c_ubyte * len(rows)).from_buffer(rows)
                _render(c, page, frame, ctypes.addressof(buffer))
                del buffer
                rows[::frame.stride] = bytes(frame.height)      # each row's filter byte
                yield Picture(frame.width, frame.height, frame.stride, rows, offset=1)
            finally:
                c.FPDF_ClosePage(page)
    finally:
        c.FPDF_CloseDocument(doc)


def render_png(pdf: bytes, dpi: float, gray: bool = False) -> tuple[Picture, bytes]:
    """The PDF's first page as `render_pictures` gives it, and its PNG (`png_rows`); with
    `gray`, for a page drawn only in black and greys, in 8-bit gray (the module's docstring).

    While PDFium parses the page (≈ 10 ms for a broadsheet page, without the GIL), a
    second thread makes the picture's buffer white — its 10 MB of fresh memory at 100
    dpi, whose page faults are most of that cost — and imports ISA-L for the PNG. The
    page is then rendered in one piece: clipped renderings of bands of rows are not
    always the same pixels at the cuts (a rule lying on one comes out a few levels off)."""
    c = _pdfium()
    data = bytes(pdf)
    doc = _load_document(c, data)
    try:
        frame = _Frame.of(c, doc, 0, dpi, 1 if gray else 3)
        rows = mmap.mmap(-1, frame.stride * frame.height, flags=mmap.MAP_PRIVATE)     # not touched yet
        buffer = (ctypes.c_ubyte * len(rows)).from_buffer(rows)
        address = ctypes.addressof(buffer)
        failed: list[BaseException] = []

        def whiten() -> None:
            try:
                ctypes.memset(address, 0xFF, len(rows))
                from isal import isal_zlib  # noqa: F401 - imported for png_rows, meanwhile
            except BaseException as err:  # noqa: BLE001 - raised again in the caller's thread
                failed.append(err)

        worker = threading.Thread(target=whiten, name="white-rows", daemon=True)
        started = _started(worker)
        if not started:
            whiten()
        try:
            page = _load_page(c, doc, 0)
        finally:
            if started:
                worker.join()
        try:
            if failed:
                raise failed[0]
            _render(c, page, frame, address)
        finally:
            c.FPDF_ClosePage(page)
        del buffer
        rows[::frame.stride] = bytes(frame.height)              # each row's filter byte
        picture = Picture(frame.width, frame.height, frame.stride, rows, offset=1, channels=frame.channels)
        return picture, picture.png()
    finally:
        c.FPDF_CloseDocument(doc)


def render_pages(pdf: bytes, dpi: float, indexes: list[int] | None = None) -> Iterator[Image]:
    """`render_pictures` as PIL images."""
    for picture in render_pictures(pdf, dpi, indexes):
        yield picture.image()
