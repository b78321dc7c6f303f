"""Draw a LayoutResult with ReportLab. Decides nothing about layout.

The painter reads plain page data and writes PDF: glyph runs as one text object
each with explicit positions (TJ adjustments, so the composer's x positions are
exactly what a PDF reader sees), tints and rules, photos clipped to their frames,
QR codes as vector squares. Colour is written as CMYK for print or RGB for the
screen; page geometry (bleed, slug) and extras (marks, links, bookmarks) come from
the options and the hooks of the output that calls it.
"""

from __future__ import annotations

import io
import re
import struct
import threading
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from operator import add, sub
from typing import TYPE_CHECKING, Any

from ..flow.result import Box, GlyphRun, ImagePlacement, LayoutResult, PageResult, QrCode, Rule
from ..model.edition import BLACK, Cmyk

if TYPE_CHECKING:
    from queue import SimpleQueue

    from reportlab.pdfgen.canvas import Canvas

    from ..fonts.book import FontBook


@dataclass
class PageGeometry:
    """Where the trim sits on the PDF page; PDF y grows upwards."""

    media_w: float
    media_h: float
    trim_x: float       # trim's left edge in PDF coordinates
    trim_y: float       # trim's bottom edge
    trim_w: float
    trim_h: float
    bleed: float

    def pdf_x(self, x: float) -> float:
        return self.trim_x + x

    def pdf_y(self, y: float) -> float:
        """PDF y of a layout y (from the trim's top, downwards)."""
        return self.trim_y + self.trim_h - y


# called with (canvas, page, geometry) before or after a page's content
PageHook = Callable[["Canvas", PageResult, PageGeometry], None]


@dataclass
class PaintOptions:
    colour: str = "cmyk"            # cmyk (print) | rgb (screen)
    bleed: bool = True              # media box = trim + bleed + slug
    slug: float = 0.0               # room beyond the bleed for marks, pt
    overprint_black: bool = False   # 100 K text and rules overprint
    invariant: bool = True          # reproducible bytes
    compress: bool = True
    title: str = ""
    author: str = ""
    subject: str = ""
    creator: str = "newspaper-layout"
    lang: str = "zh-CN"
    enforce_cmyk: bool = False      # the canvas refuses any RGB colour (cmyk_only)
    # hooks: called with (canvas, page, geometry) before and after the page content
    before_page: PageHook | None = None
    after_page: PageHook | None = None
    extras: dict[str, Any] = field(default_factory=dict)
    # the text objects (TextObjects) of a page's runs made elsewhere, in run order, or None
    text_objects: Callable[[PageResult], list[str] | None] | None = None


def cmyk_to_rgb(c: Cmyk) -> tuple[float, float, float]:
    """A plain screen conversion; the e-paper does not need colour management."""
    return ((1 - c.c) * (1 - c.k), (1 - c.m) * (1 - c.k), (1 - c.y) * (1 - c.k))


def cmyk_only(colour: Any) -> Any:
    """The canvas's colour check for print: CMYK and separations (the marks' `All`) pass
    as they are, an RGB grey becomes K, any other RGB is refused.

    ReportLab's own 'sep_cmyk' does the same but also turns every CMYK colour whose RGB
    approximation is grey (40/30/30/100, 10/10/10/0, 100/100/100/100) into plain K.
    """
    from reportlab.lib.colors import CMYKColor, Color, toColor

    c = toColor(colour)
    if isinstance(c, CMYKColor):
        return c
    if isinstance(c, Color) and c.red == c.green == c.blue:
        return CMYKColor(0, 0, 0, 1 - c.red)
    raise ValueError(f"RGB colour {colour!r} in a CMYK-only PDF")


class Painter:
    def __init__(self, result: LayoutResult, book: FontBook, options: PaintOptions):
        self.result = result
        self.book = book
        self.opt = options
        self._fill_now: Cmyk | None = None      # the colours set in the current graphics state
        self._stroke_now: Cmyk | None = None
        self._faces: dict[str, tuple[Any, ...]] = {}      # face key -> (resource name, glyph recorder)
        self.texts = TextObjects(book)

    # -- colour --------------------------------------------------------------------
    def _fill(self, canvas: Canvas, c: Cmyk | None) -> None:
        """Set the fill colour (and black's overprint) unless it is already set."""
        c = c or BLACK
        if c is self._fill_now or c == self._fill_now:
            return
        self._fill_now = c
        if self.opt.colour == "rgb":
            canvas.setFillColorRGB(*cmyk_to_rgb(c))
        else:
            canvas.setFillColorCMYK(c.c, c.m, c.y, c.k)
            if self.opt.overprint_black:
                canvas.setFillOverprint(c.k >= 1.0 and c.c == c.m == c.y == 0)

    def _stroke(self, canvas: Canvas, c: Cmyk | None) -> None:
        c = c or BLACK
        if c == self._stroke_now:
            return
        self._stroke_now = c
        if self.opt.colour == "rgb":
            canvas.setStrokeColorRGB(*cmyk_to_rgb(c))
        else:
            canvas.setStrokeColorCMYK(c.c, c.m, c.y, c.k)
            if self.opt.overprint_black:
                canvas.setStrokeOverprint(c.k >= 1.0 and c.c == c.m == c.y == 0)

    # -- the document --------------------------------------------------------------
    def geometry(self, page: PageResult) -> PageGeometry:
        margin = (page.bleed + self.opt.slug) if self.opt.bleed else 0.0
        return PageGeometry(media_w=page.width + 2 * margin, media_h=page.height + 2 * margin,
                            trim_x=margin, trim_y=margin, trim_w=page.width, trim_h=page.height,
                            bleed=page.bleed)

    def paint(self) -> bytes:
        from reportlab import rl_config
        from reportlab.pdfgen.canvas import Canvas

        # binary Flate streams: ASCII85 only makes them bigger and costs a pure-Python pass
        rl_config.useA85 = 0

        from .fontembed import PdfFonts, initial_font_name

        buf = io.BytesIO()
        # no initial Helvetica: a print PDF may reference only embedded fonts
        kw: dict[str, Any] = {"initialFontName": initial_font_name()}
        if self.opt.enforce_cmyk:
            kw["enforceColorSpace"] = cmyk_only
        canvas = Canvas(buf, invariant=1 if self.opt.invariant else 0, pageCompression=1 if self.opt.compress else 0,
                        lang=self.opt.lang, **kw)
        canvas.setTitle(self.opt.title)
        canvas.setAuthor(self.opt.author)
        canvas.setSubject(self.opt.subject)
        canvas.setCreator(self.opt.creator)
        canvas.setProducer(self.opt.creator)
        self.fonts = PdfFonts(canvas, self.book)
        deflater = _Deflater()
        try:
            self._paint_pages(canvas, deflater)
            canvas.save()
        finally:
            deflater.close()
        return buf.getvalue()

    def _paint_pages(self, canvas: Canvas, deflater: _Deflater) -> None:
        for page in self.result.pages:
            geo = self.geometry(page)
            canvas.setPageSize((geo.media_w, geo.media_h))
            if self.opt.bleed:
                canvas.setTrimBox((geo.trim_x, geo.trim_y, geo.trim_x + geo.trim_w, geo.trim_y + geo.trim_h))
                b = geo.bleed
                canvas.setBleedBox((geo.trim_x - b, geo.trim_y - b, geo.trim_x + geo.trim_w + b,
                                    geo.trim_y + geo.trim_h + b))
            if self.opt.before_page:
                self.opt.before_page(canvas, page, geo)
            self.paint_page(canvas, page, geo)
            if self.opt.after_page:
                self.opt.after_page(canvas, page, geo)
            canvas.showPage()
            if self.opt.compress:
                deflater.add(canvas._doc.Pages.pages[-1])

    def paint_page(self, canvas: Canvas, page: PageResult, geo: PageGeometry) -> None:
        self._fill_now = self._stroke_now = None    # a new page starts a new graphics state
        for box in page.boxes:
            self.box(canvas, box, geo)
        for img in page.images:
            self.image(canvas, img, geo)
        for rule in page.rules:
            self.rule(canvas, rule, geo)
        for qr in page.qrcodes:
            self.qrcode(canvas, qr, geo)
        texts = self.opt.text_objects(page) if self.opt.text_objects else None
        if texts is None or len(texts) != len(page.runs):
            for run in page.runs:
                self.run(canvas, run, geo)
            return
        for run, text in zip(page.runs, texts, strict=True):
            self.run(canvas, run, geo, text)

    # -- elements ------------------------------------------------------------------
    def box(self, canvas: Canvas, box: Box, geo: PageGeometry) -> None:
        x, y = geo.pdf_x(box.x), geo.pdf_y(box.y + box.h)
        if box.fill is not None:
            self._fill(canvas, box.fill)
            canvas.rect(x, y, box.w, box.h, stroke=0, fill=1)
        if box.stroke is not None and box.rule > 0:
            self._stroke(canvas, box.stroke)
            canvas.setLineWidth(box.rule)
            canvas.rect(x, y, box.w, box.h, stroke=1, fill=0)

    def rule(self, canvas: Canvas, rule: Rule, geo: PageGeometry) -> None:
        self._stroke(canvas, rule.color)
        canvas.setLineWidth(rule.width)
        canvas.line(geo.pdf_x(rule.x0), geo.pdf_y(rule.y0), geo.pdf_x(rule.x1), geo.pdf_y(rule.y1))

    def image(self, canvas: Canvas, img: ImagePlacement, geo: PageGeometry) -> None:
        from .images import image_reader

        canvas.saveState()
        path = canvas.beginPath()
        path.rect(geo.pdf_x(img.x), geo.pdf_y(img.y + img.h), img.w, img.h)
        canvas.clipPath(path, stroke=0, fill=0)
        canvas.drawImage(image_reader(img.path, self.opt.colour, img.iw), geo.pdf_x(img.ix), geo.pdf_y(img.iy + img.ih),
                         img.iw, img.ih)
        canvas.restoreState()
        self._fill_now = self._stroke_now = None

    def qrcode(self, canvas: Canvas, qr: QrCode, geo: PageGeometry) -> None:
        """The QR symbol as dark squares, each row's dark runs merged into one rectangle."""
        from .qr import qr_modules

        modules = qr_modules(qr.data)
        n = len(modules[0])
        border = 1
        cell = qr.size / (n + 2 * border)
        self._fill(canvas, BLACK)
        x0 = geo.pdf_x(qr.x) + border * cell
        top = geo.pdf_y(qr.y) - border * cell
        path = canvas.beginPath()
        for r, row in enumerate(modules):
            for dark in re.finditer("1+", row):
                start, end = dark.span()
                path.rect(x0 + start * cell, top - (r + 1) * cell, (end - start) * cell, cell)
        canvas.drawPath(path, stroke=0, fill=1)

    def run(self, canvas: Canvas, run: GlyphRun, geo: PageGeometry, text: str | None = None) -> None:
        """One text object per run (`TextObjects`); `text`, when given, is the object as
        TextObjects made it elsewhere (another process)."""
        gids = run.gids
        if not gids:
            return
        face = self._faces.get(run.font)
        if face is None:
            face = self._faces[run.font] = (self.fonts.name_for(run.font), self.fonts.user(run.font))
        face[1](gids, run.text)
        colour = run.color or BLACK
        if colour is not self._fill_now:
            self._fill(canvas, colour)
        canvas.addLiteral(f"BT {face[0]} {text or self.texts(run, geo)}")


class TextObjects:
    """The text object of a glyph run, less its opening `BT /Fn ` (the face's resource
    name, which only the PDF's font registry knows): Tf, then Tm at the first glyph and
    the glyphs with their exact gaps — the commonest gap as character spacing (Tc), the
    others as TJ adjustments — so a PDF reader places every glyph where the layout put
    it. Needs no canvas, so a second process can make a page's objects.

    The painter's hot loop (one call a line, 43,000 glyphs in the 8-page bench
    edition): per face and size the scaled advances are kept by character, each
    distinct gap is rounded once (`_ROUNDED`), and the glyph work is done by `map`."""

    def __init__(self, book: FontBook, codes: Mapping[str, Mapping[int, int]] | None = None):
        self.book = book
        self.codes = codes or {}        # face -> glyph code -> the code written (default: the glyph's)
        self._faces: dict[str, tuple[dict[str, float], dict[float, tuple[_Scaled, str, float]]]] = {}

    def __call__(self, run: GlyphRun, geo: PageGeometry) -> str:
        gids = run.gids
        size = run.size
        face = self._faces.get(run.font)
        if face is None:
            face = self._faces[run.font] = (self.book.face(run.font).advances, {})
        advances, by_size = face
        written = self.codes.get(run.font)
        drawn = gids if written is None else map(written.__getitem__, gids)
        codes = struct.pack(f">{len(gids)}H", *drawn).hex().upper()    # 4 hex digits a glyph
        x0 = geo.trim_x + run.x
        dx = run.dx
        if run.dy:
            glyphs = " ".join(f"1 0 0 1 {_n(x0 + dx[i])} {_n(geo.pdf_y(run.y + run.dy[i]))} Tm "
                              f"<{codes[4 * i:4 * i + 4]}> Tj" for i in range(len(dx)))
            return f"{_n(size)} Tf 0 Tc {glyphs} ET"
        sized = by_size.get(size)
        if sized is None:
            sized = by_size[size] = (_Scaled(advances, size), _n(size), -1000.0 / size)
        scaled, size_s, scale = sized
        # the gap after each glyph's advance, to 0.001 pt
        gaps = list(map(_ROUNDED, map(sub, dx[1:], map(add, dx, map(scaled.__getitem__, run.text)))))
        uniform = True
        spacing = 0.0
        if gaps:
            spacing = gaps[0]
            if gaps.count(spacing) != len(gaps):
                uniform = False
                spacing = max(set(gaps), key=gaps.count)
        head = (f"{size_s} Tf {_NUMBERS.get(spacing) or _n(spacing)} Tc 1 0 0 1 "
                f"{_n(x0 + dx[0])} {_n(geo.pdf_y(run.y))} Tm")
        if uniform:
            return f"{head} <{codes}> Tj ET"
        parts = []
        start = 0
        for i in [i for i, gap in enumerate(gaps, start=1) if gap != spacing]:
            parts.append(f"<{codes[4 * start:4 * i]}> {_n((gaps[i - 1] - spacing) * scale)}")
            start = i
        return f"{head} [{' '.join(parts)} <{codes[4 * start:]}>] TJ ET"


class _Scaled(dict[str, float]):
    """A face's advances at one size, by character: size × advance (1 em for a character
    the face lacks), each multiplied once."""

    def __init__(self, advances: dict[str, float], size: float):
        super().__init__()
        self.advances = advances
        self.size = size

    def __missing__(self, ch: str) -> float:
        v = self[ch] = self.size * self.advances.get(ch, 1.0)
        return v


class _Rounded(dict[float, float]):
    """gap -> round(gap, 3). The bench edition's 40,000 gaps take 145 distinct values,
    so each is rounded once (round() is most of the hot loop's time otherwise)."""

    def __missing__(self, gap: float) -> float:
        if len(self) > 100_000:
            self.clear()
        v = self[gap] = round(gap, 3)
        return v


_ROUNDED = _Rounded().__getitem__


class _Deflater:
    """Compresses each finished page's content stream in one thread (zlib releases the
    GIL) while the next pages are painted; ReportLab's writer then takes the bytes from
    the page's `FlateStream` (streams.py: a /Filter qpdf passes through as it is)."""

    def __init__(self) -> None:
        from queue import SimpleQueue  # here: the preview's painter compresses nothing

        self._jobs: SimpleQueue[_Deflating | None] = SimpleQueue()
        self._thread: threading.Thread | None = None

    def add(self, page: Any) -> None:
        from reportlab import rl_config

        from .streams import FlateStream

        stream = getattr(page, "stream", None)
        if page.Contents or not stream or not page.compression or page.Override_default_compilation \
                or rl_config.useA85:
            return
        job = _Deflating(stream)
        contents = FlateStream(job.deflated)
        contents.__Comment__ = "page stream"
        page.Contents = contents
        if self._thread is None:
            thread = threading.Thread(target=self._work, daemon=True)
            try:
                thread.start()
            except RuntimeError:        # no thread to be had (a process limit): compressed here
                self._deflate(job)
                return
            self._thread = thread
        self._jobs.put(job)

    def _work(self) -> None:
        while (job := self._jobs.get()) is not None:
            self._deflate(job)

    @staticmethod
    def _deflate(job: _Deflating) -> None:
        try:
            job.out = zlib.compress(job.text.encode("utf8"))
        except Exception:  # noqa: BLE001 - the writer compresses it itself (_Deflating.deflated)
            pass
        finally:
            job.done.set()      # every job is answered, so no page's writer waits for ever

    def close(self) -> None:
        if self._thread is not None:
            self._jobs.put(None)


class _Deflating:
    """One page stream's UTF-8 text at zlib's default level (ReportLab's own
    PDFZCompress), compressed by the `_Deflater`'s thread."""

    def __init__(self, text: str):
        self.text = text
        self.out: bytes | None = None
        self.done = threading.Event()

    def deflated(self) -> bytes:
        self.done.wait()
        return self.out if self.out is not None else zlib.compress(self.text.encode("utf8"))


_NUMBERS: dict[float, str] = {}     # value -> _n(value): a page's baselines, columns and
                                    # gaps repeat, so most numbers were formatted before


def _n(v: float) -> str:
    """A PDF number, short and reproducible."""
    s = _NUMBERS.get(v)
    if s is None:
        if len(_NUMBERS) > 200_000:
            _NUMBERS.clear()
        s = f"{v:.3f}".rstrip("0").rstrip(".")
        s = _NUMBERS[v] = "0" if s in ("-0", "") else s
    return s


def paint(result: LayoutResult, book: FontBook, options: PaintOptions) -> bytes:
    return Painter(result, book, options).paint()


def paint_page_with(result: LayoutResult, book: FontBook, options: PaintOptions, page: PageResult,
                    canvas: Any, fonts: Any, codes: Mapping[str, Mapping[int, int]] | None = None) -> None:
    """Draw one page on another canvas and font registry than ReportLab's: the preview's
    screen PDF (layout/output/screenpdf.py), which takes the canvas calls `paint_page`
    makes and PdfFonts' `name_for` and `user`; `codes`: the character codes its fonts give
    a face's glyphs, where they are not the glyph codes (`TextObjects`)."""
    painter = Painter(result, book, options)
    painter.fonts = fonts
    if codes:
        painter.texts = TextObjects(book, codes)
    painter.paint_page(canvas, page, painter.geometry(page))
