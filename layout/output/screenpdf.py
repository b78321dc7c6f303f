"""The preview's page as a PDF for PDFium alone: no ReportLab, fonts PDFium parses fast.

The print PDF and the e-paper are ReportLab documents. The preview's one-page PDF is
never saved nor read by anyone but PDFium, so it is written here: the painter draws the
page (`painter.paint_page_with`) on `ScreenCanvas`, which takes the few ReportLab canvas
calls the painter makes and writes them as ReportLab does (its own C number formatter,
`_rl_accel`), and `ScreenFonts` embeds the faces. Importing ReportLab and its writer's
pass cost ≈30 ms a preview; this costs ≈3.

The fonts: PDFium asks FreeType for the bounding box of every glyph it draws while it
parses a page (it keeps them only for codes below 256), and for a CFF face (the Noto
faces) that means interpreting the glyph's charstring each time: ≈25 ms for the body
copy of a broadsheet page, against ≈2 for TrueType outlines. So a CFF face that draws
many glyphs on the page (`MANY`: body copy; headlines draw few) is embedded as TrueType:
its glyphs are converted once with fontTools (cubic to quadratic curves, within
`MAX_ERR` font units, ≈0.7 ms a glyph) and kept on disk per face (`screen-fonts/`),
and each page's program is kept by face and glyph set like the print's. A converted
face's glyphs are numbered for the page, the commonest first (`ScreenFonts`), so that
most of the glyphs drawn have codes below 256, whose boxes PDFium keeps: parsing the
bench's page 1 takes ≈ 3 ms instead of ≈ 7, and its PDF is 387 kB instead of 888. Converted
outlines antialias slightly differently: for a broadsheet page at 100 dpi the mean
difference is 0.2 of 255 a channel, at most ≈70 on a few edge pixels of the largest
type; nothing a reader can see. TrueType faces are embedded as in the print PDF.
"""

from __future__ import annotations

import io
import struct
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from _rl_accel import fp_str  # ReportLab's C number formatter (the rl_accel package)

from ..fonts.digest import sha256_hex
from ..paint.widths import glyph_widths, width_runs

if TYPE_CHECKING:
    from ..flow.result import GlyphRun
    from ..fonts.book import Face, FontBook

MANY = 1000             # glyphs of one face on the page above which a CFF face goes as TrueType
MAX_ERR = 1.0           # font units (of 1000 a em) the quadratic curves may stray from the cubic
_VERSION = "2"          # of the stored glyphs and programs below
_STORED_PROGRAMS = 64

# ReportLab's path painting operators by (stroke, fill), its even-odd default fill rule
_PATH_OPS = {(0, 0): "n", (1, 0): "S", (0, 1): "f*", (1, 1): "B*"}


class ScreenPath:
    """What `ScreenCanvas.beginPath` gives: rectangles, as ReportLab's path object writes them."""

    def __init__(self) -> None:
        self.code = ["n"]

    def rect(self, x: float, y: float, width: float, height: float) -> None:
        self.code.append(f"{fp_str(x, y, width, height)} re")


class ScreenCanvas:
    """The ReportLab canvas calls the painter makes for a screen page, written as ReportLab
    writes them (same operators, same numbers), into one content stream. `neutral` stays
    true while everything drawn is black, white or grey (every colour with r = g = b, every
    image in DeviceGray): such a page's picture can be rendered in gray (raster.render_png)."""

    def __init__(self) -> None:
        self.code: list[str] = ["1 0 0 1 0 0 cm"]      # ReportLab's page preamble
        self.images: list[bytes] = []                  # image XObjects' objects, /Im1 onwards
        self._image_names: dict[Any, str] = {}
        self.neutral = True

    def setFillColorRGB(self, r: float, g: float, b: float) -> None:  # noqa: N802 - ReportLab's names
        if not r == g == b:
            self.neutral = False
        self.code.append(f"{fp_str((r, g, b))} rg")

    def setStrokeColorRGB(self, r: float, g: float, b: float) -> None:  # noqa: N802
        if not r == g == b:
            self.neutral = False
        self.code.append(f"{fp_str((r, g, b))} RG")

    def setLineWidth(self, width: float) -> None:  # noqa: N802
        self.code.append(f"{fp_str(width)} w")

    def rect(self, x: float, y: float, width: float, height: float, stroke: int = 1, fill: int = 0) -> None:
        self.code.append(f"n {fp_str(x, y, width, height)} re " + _PATH_OPS[stroke, fill])

    def line(self, x1: float, y1: float, x2: float, y2: float) -> None:
        self.code.append(f"n {fp_str(x1, y1)} m {fp_str(x2, y2)} l S")

    def saveState(self) -> None:  # noqa: N802
        self.code.append("q")

    def restoreState(self) -> None:  # noqa: N802
        self.code.append("Q")

    def beginPath(self) -> ScreenPath:  # noqa: N802
        return ScreenPath()

    def drawPath(self, path: ScreenPath, stroke: int = 1, fill: int = 0) -> None:  # noqa: N802
        self.code.append(" ".join(path.code))
        self.code.append(_PATH_OPS[stroke, fill])

    def clipPath(self, path: ScreenPath, stroke: int = 1, fill: int = 0) -> None:  # noqa: N802
        self.code.append(" ".join(path.code) + " W* " + _PATH_OPS[stroke, fill])

    def addLiteral(self, s: str) -> None:  # noqa: N802
        self.code.append(s)

    def drawImage(self, image: Any, x: float, y: float, width: float, height: float) -> None:  # noqa: N802
        """A JPEG file embedded as it is (DCTDecode), or an image reader's RGB pixels."""
        key = image if isinstance(image, str) else id(image)
        name = self._image_names.get(key)
        if name is None:
            name = self._image_names[key] = f"Im{len(self.images) + 1}"
            obj, gray = _image_object(image)
            self.images.append(obj)
            self.neutral = self.neutral and gray
        self.code += ["q", f"1 0 0 1 {fp_str(x, y)} cm", f"{fp_str(width)} 0 0 {fp_str(height)} 0 0 cm",
                      f"/{name} Do", "Q"]


def _image_object(image: Any) -> tuple[bytes, bool]:
    """The image's XObject, and whether its pixels are gray."""
    if isinstance(image, str):
        from PIL import Image

        with Image.open(image) as im:
            (w, h), mode = im.size, im.mode
        data = Path(image).read_bytes()
        space = {"L": "/DeviceGray", "RGB": "/DeviceRGB"}.get(mode, "/DeviceCMYK")
        extra = " /Decode [1 0 1 0 1 0 1 0]" if space == "/DeviceCMYK" else ""
        head = f"/Filter /DCTDecode /ColorSpace {space}{extra}"
    else:       # a ReportLab ImageReader (a photo the cache could not keep)
        import zlib

        w, h = image.getSize()
        data = zlib.compress(image.getRGBData(), 1)
        space = "/DeviceRGB"
        head = f"/Filter /FlateDecode /ColorSpace {space}"
    obj = _stream(f"/Type /XObject /Subtype /Image /Width {w} /Height {h} /BitsPerComponent 8 {head}", data)
    return obj, space == "/DeviceGray"


def _stream(dictionary: str, data: bytes) -> bytes:
    return f"<< {dictionary} /Length {len(data)} >>\nstream\n".encode() + data + b"\nendstream"


class ScreenFonts:
    """The painter's font registry for a screen page (PdfFonts' `name_for` and `user`).

    Given the page's runs, a face converted to TrueType gets its own glyph numbers: its
    glyphs numbered from 1 by how often the page draws them (`remap`, the codes the
    painter writes for them), so that the 255 commonest — ≈ 90 % of a broadsheet page's
    body glyphs — have the codes below 256 whose boxes PDFium keeps, and the program
    holds the page's few hundred glyphs instead of empty slots up to the highest CID."""

    def __init__(self, book: FontBook, convert: bool = True, runs: Iterable[GlyphRun] = ()):
        self.book = book
        self.convert = convert          # CFF faces drawing MANY glyphs as TrueType
        self.names: dict[str, str] = {}
        self.codes: dict[str, set[int]] = {}
        self.drawn: dict[str, int] = {}
        self.order: dict[str, list[int]] = {}           # face -> its glyphs, the commonest first
        self.remap: dict[str, dict[int, int]] = {}      # face -> glyph code -> code in this PDF
        counts: defaultdict[str, Counter[int]] = defaultdict(Counter)
        for run in runs:
            counts[run.font].update(run.gids)
        for key, count in counts.items():
            if convert and book.face(key).kind == "cff" and count.total() >= MANY:
                order = self.order[key] = sorted(count, key=lambda g: (-count[g], g))
                self.remap[key] = {g: i for i, g in enumerate(order, start=1)}

    def name_for(self, face_key: str) -> str:
        name = self.names.get(face_key)
        if name is None:
            name = self.names[face_key] = f"/F{len(self.names) + 1}"
            self.codes[face_key] = set()
            self.drawn[face_key] = 0
        return name

    def user(self, face_key: str) -> Callable[[Sequence[int], str], None]:
        self.name_for(face_key)
        codes, drawn = self.codes[face_key], self.drawn

        def use(gids: Sequence[int], text: str) -> None:
            codes.update(gids)
            drawn[face_key] += len(gids)
        return use

    def objects(self, first: int) -> tuple[str, list[bytes]]:
        """The /Font resource dictionary and the font objects, numbered from `first`."""
        resources: list[str] = []
        objs: list[bytes] = []
        for key, name in self.names.items():
            face = self.book.face(key)
            order = self.order.get(key)
            if order is not None:
                if not self.codes[key] <= set(order):
                    raise ValueError(f"{key}: glyphs drawn that the page's runs do not have")
                as_tt = True
                program, widths = font_program(face, order, True, numbered=True)
            else:
                as_tt = face.kind != "cff" or (self.convert and self.drawn[key] >= MANY)
                program, widths = font_program(face, sorted(self.codes[key]), as_tt)
            n = first + len(objs)
            resources.append(f"{name} {n} 0 R")
            objs += _font_objects(face, n, program, widths, as_tt)
        return "<< " + " ".join(resources) + " >>", objs


def _font_objects(face: Face, n: int, program: bytes, widths: dict[int, int], truetype: bool) -> list[bytes]:
    """Type0 (Identity-H) → CID font → descriptor → program: objects n … n + 3."""
    info = face.info
    scale = 1000 / face.units_per_em
    bbox = " ".join(str(round(v * scale)) for v in info["bbox"])
    base = "/Screen+" + "".join(c for c in face.ps_name if c.isalnum() or c in "-_")
    if truetype:
        cid = "/Subtype /CIDFontType2 /CIDToGIDMap /Identity"
        file = _stream(f"/Length1 {len(program)}", program)
        file_key = "FontFile2"
    else:
        cid = "/Subtype /CIDFontType0"
        file = _stream("/Subtype /CIDFontType0C", program)
        file_key = "FontFile3"
    return [
        f"<< /Type /Font /Subtype /Type0 /BaseFont {base} /Encoding /Identity-H "
        f"/DescendantFonts [{n + 1} 0 R] >>".encode(),
        f"<< /Type /Font {cid} /BaseFont {base} /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) "
        f"/Supplement 0 >> /FontDescriptor {n + 2} 0 R /DW 1000 /W [{_widths(widths)}] >>".encode(),
        f"<< /Type /FontDescriptor /FontName {base} /Flags 4 /FontBBox [{bbox}] "
        f"/ItalicAngle {info['italic_angle']} /Ascent {round(info['hhea_ascent'] * scale)} "
        f"/Descent {round(info['hhea_descent'] * scale)} /CapHeight {round(info['cap_height'] * scale)} "
        f"/StemV 80 /{file_key} {n + 3} 0 R >>".encode(),
        file,
    ]


def _widths(widths: dict[int, int]) -> str:
    """/W for the codes whose width is not 1000 (the print's runs): c [w w …] c [w …]."""
    return " ".join(f"{start} [{' '.join(map(str, run))}]" for start, run in width_runs(widths))


# -- font programs ---------------------------------------------------------------------


def _stored(name: str, key: str) -> Any:
    from ..fonts.cache import kept_value

    return kept_value("screen-fonts", name, key)


def _store(name: str, key: str, value: Any, keep: int | None = None) -> None:
    """Keep `value` on disk; with `keep`, drop the oldest programs beyond that many."""
    from ..fonts.cache import keep_value

    keep_value("screen-fonts", name, key, value, keep=keep, among="p-*.bin")


def _digest(key: str) -> str:
    return sha256_hex(key.encode())[:32]


_programs: dict[str, tuple[bytes, dict[int, int]]] = {}     # for `serve`, which renders page after page


def font_program(face: Face, codes: list[int], truetype: bool, numbered: bool = False
                 ) -> tuple[bytes, dict[int, int]]:
    """(font program, /W widths by code) of `codes`: TrueType (a CFF face's glyphs
    converted) or the face's own kind; kept on disk by face and glyph set. `numbered`
    (a converted face): glyph i + 1 of the program, and its code, is codes[i]."""
    key = repr((_VERSION, face.key, tuple(face.parts), tuple(codes), truetype, numbered))
    hit = _programs.get(key)
    if hit is None:
        name = f"p-{_digest(key)}.bin"
        stored = _stored(name, key)
        if stored is not None:
            hit = (stored[0], stored[1])
        else:
            hit = _build_program(face, codes, truetype, numbered)
            _store(name, key, list(hit), keep=_STORED_PROGRAMS)
        if len(_programs) > 32:
            _programs.clear()
        _programs[key] = hit
    return hit


def _build_program(face: Face, codes: list[int], truetype: bool, numbered: bool = False
                   ) -> tuple[bytes, dict[int, int]]:
    from ..fonts import subset as sub  # here: most previews find their programs kept

    parts = [face.parsed_part(i) for i in range(len(face.parts))]
    widths = glyph_widths(face, parts, codes)
    if face.kind != "cff":
        return sub.build_truetype(parts, codes, face.part_of), widths
    if not truetype:
        return sub.build_cff(parts, codes, b"Screen", face.part_of), widths
    glyphs = _converted(face, parts, codes)
    if numbered:
        glyphs = {0: glyphs[0], **{i: glyphs[c] for i, c in enumerate(codes, start=1)}}
        widths = {i: widths[c] for i, c in enumerate(codes, start=1)}
    return _truetype(face, glyphs), widths


# a converted glyph: (glyf data, advance, left side bearing, points, contours), font units
Glyph = tuple[bytes, int, int, int, int]
_glyph_stores: dict[str, dict[int, Glyph]] = {}     # a face's converted glyphs, read from disk once a process


def _converted(face: Face, parts: list[Any], codes: list[int]) -> dict[int, Glyph]:
    """The TrueType glyphs of `codes` (and .notdef): from the face's store on disk (read
    once a process: `serve` paints page after page), the ones not there yet converted now
    and added to it."""
    key = repr((_VERSION, face.key, face.parts[0] if face.parts else "", MAX_ERR))
    name = f"g-{_digest(key)}.bin"
    glyphs = _glyph_stores.get(name)
    if glyphs is None:
        glyphs = _glyph_stores[name] = {int(c): (g[0], g[1], g[2], g[3], g[4])
                                        for c, g in (_stored(name, key) or {}).items()}
    missing = sorted({0, *codes} - glyphs.keys())
    if missing:
        glyphs.update(_convert(face, parts, missing))
        _store(name, key, {c: list(g) for c, g in glyphs.items()})
    return {c: glyphs[c] for c in {0, *codes}}


def _convert(face: Face, parts: list[Any], cids: list[int]) -> dict[int, Glyph]:
    """CFF charstrings to TrueType glyphs, as fontTools' otf2ttf does (cu2qu, contours
    reversed to TrueType's clockwise)."""
    from fontTools.cffLib import CFFFontSet
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    from ..fonts import subset as sub

    fonts = CFFFontSet()
    fonts.decompile(io.BytesIO(sub.build_cff(parts, cids, b"Convert", face.part_of)), None)
    top = fonts[fonts.fontNames[0]]
    out: dict[int, Glyph] = {}
    for name in top.charset:
        cid = 0 if name == ".notdef" else int(name[3:])     # CID-keyed glyph names: cid01234
        part, g = sub.cff_glyph(parts, cid, face.part_of)
        pen = TTGlyphPen(None)
        top.CharStrings[name].draw(Cu2QuPen(pen, MAX_ERR, reverse_direction=True))
        glyph = pen.glyph(dropImpliedOnCurves=True)
        advance = sub.hmtx_advance(part.tables, g)
        if glyph.numberOfContours == 0:
            out[cid] = (b"", advance, 0, 0, 0)
            continue
        data = glyph.compile(None)
        (contours, x_min) = struct.unpack_from(">hh", data, 0)
        out[cid] = (data, advance, x_min, len(glyph.coordinates), contours)
    return out


def _truetype(face: Face, glyphs: dict[int, Glyph]) -> bytes:
    """A TrueType font whose glyph ids are the codes (CIDToGIDMap /Identity); the glyphs
    not drawn are empty. Its glyphs carry no instructions."""
    from ..fonts import subset as sub

    n = max(glyphs) + 1
    tables = sub.glyph_tables({g: (data, advance, lsb) for g, (data, advance, lsb, _, _) in glyphs.items()}, n)
    info = face.info
    x0, y0, x1, y1 = (round(v) for v in info["bbox"])
    upem = face.units_per_em
    head = struct.pack(">IIIIHHqqhhhhHhhhh", 0x00010000, 0x00010000, 0, 0x5F0F3CF5, 0x000B, upem, 0, 0,
                       x0, y0, x1, y1, 0, 8, 2, 1, 0)
    hhea = struct.pack(">IhhhHhhhhhhhhhhhH", 0x00010000, round(info["hhea_ascent"]),
                       round(info["hhea_descent"]), 0, max(g[1] for g in glyphs.values()), 0, 0, 0,
                       1, 0, 0, 0, 0, 0, 0, 0, n)
    points = max(g[3] for g in glyphs.values())
    contours = max(g[4] for g in glyphs.values())
    maxp = struct.pack(">IHHHHHHHHHHHHHH", 0x00010000, n, points, contours, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0)
    post = struct.pack(">IIhhIIIII", 0x00030000, 0, 0, 0, 0, 0, 0, 0, 0)
    return sub.build_sfnt({"head": head, "hhea": hhea, "maxp": maxp, "post": post, **tables})


# -- the document ----------------------------------------------------------------------


def screen_pdf(width: float, height: float, canvas: ScreenCanvas, fonts: ScreenFonts) -> bytes:
    """One page of `width` × `height` pt with the canvas's content and the fonts it drew."""
    content = "\n".join(canvas.code).encode("latin-1")
    n_images = len(canvas.images)
    font_dict, font_objs = fonts.objects(5 + n_images)
    xobjects = " ".join(f"/Im{i + 1} {5 + i} 0 R" for i in range(n_images))
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {fp_str(width, height)}] /Contents 4 0 R "
        f"/Resources << /Font {font_dict} /XObject << {xobjects} >> >> >>".encode(),
        _stream("", content),
        *canvas.images,
        *font_objs,
    ]
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
