"""Embedding the book's faces in a ReportLab PDF: CID fonts, subset, with ToUnicode.

ReportLab cannot embed CFF (the Noto faces), so the painter writes text operators
itself and this module supplies the font resources. It hooks into ReportLab the
way its TTFont does: a font joins `doc.delayedFonts` on first use and, when the
document is saved, `addObjects(doc)` writes a Type0 font (Identity-H) whose
descendant is CIDFontType0 with a FontFile3/CIDFontType0C subset (CFF faces) or
CIDFontType2 with a FontFile2 subset (TrueType faces). Content-stream codes are
the glyph codes of fonts.Face.gids, two bytes each.
"""

from __future__ import annotations

import hashlib
import struct
import zlib
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from reportlab.pdfbase import pdfdoc, pdfmetrics

from ..fonts import subset as sub
from ..fonts.book import Face, FontBook
from .streams import FlateStream
from .widths import glyph_widths, width_runs

INITIAL_FONT = "LayoutNoInitialFont"
ProgramKey = tuple[Any, ...]    # face, glyph set, options: what a font program is built from
Program = tuple[bytes, int, dict[int, int], str]   # compressed program, its length, /W widths, BaseFont
_programs: dict[ProgramKey, Program] = {}   # see EmbeddedFont.program



# Font programs are also kept on disk, keyed by face and glyph set: an editor rebuilds the
# same edition many times with the same glyphs, and a hit skips parsing the prepared font.
_STORED_PROGRAMS = 64


def _program_name(key: ProgramKey) -> str:
    return hashlib.sha256(repr(key).encode()).hexdigest()[:32] + ".bin"


def _stored_program(key: ProgramKey) -> Program | None:
    from ..fonts.cache import kept_value

    value = kept_value("programs", _program_name(key), repr(key))
    if not (isinstance(value, list) and len(value) == 4):
        return None
    packed, length, widths, base_font = value
    return packed, length, widths, base_font


def _store_program(key: ProgramKey, result: Program) -> None:
    """Keep the program; drop the oldest beyond the last few dozen glyph sets."""
    from ..fonts.cache import keep_value

    keep_value("programs", _program_name(key), repr(key), list(result), keep=_STORED_PROGRAMS)


class _NoFace:
    name = INITIAL_FONT


class _NoInitialFont:
    """Registered with pdfmetrics so a canvas can start without a (non-embedded) Helvetica.

    ReportLab writes `BT /F1 12 Tf ... ET` with its initial font on every page unless
    that font is dynamic; pass `initialFontName=initial_font_name()` to the Canvas.
    """

    fontName = INITIAL_FONT
    face = _NoFace()
    _dynamicFont = 1
    _multiByte = 0


def initial_font_name() -> str:
    """The name to give `Canvas(initialFontName=...)` so no standard font is referenced."""
    if INITIAL_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(_NoInitialFont())
    return INITIAL_FONT


def _utf16_hex(text: str) -> str:
    if len(text) == 1 and ord(text) < 0x10000:
        return f"{ord(text):04X}"
    return text.encode("utf-16-be").hex().upper()   # surrogate pairs beyond the BMP


# How the font programs are deflated. Every program is compressed here, once per glyph set
# (then kept with it), because the PDF/X pass passes Flate streams through as they are
# (paint/streams.py). ISA-L at its level 3 (isal, which the preview's PNG uses too): a
# 2,000-glyph CFF program (700 kB) in ≈ 2.4 ms to 574 kB, a TrueType one (1.1 MB, its
# unused glyphs empty) in ≈ 5 ms to 638 kB, where zlib's level 1 took ≈ 25 ms for 569 and
# 656 kB (level 6: 36 and 53 ms). Part of every program's key, so a program kept from
# before a change of it is not mixed in.
PROGRAM_DEFLATE = ("isal", 3)


def _deflate_program(data: bytes) -> bytes:
    from isal import isal_zlib

    return isal_zlib.compress(data, PROGRAM_DEFLATE[1])


def _flate(data: bytes, compressed: bool = False) -> pdfdoc.PDFStream:
    """A Flate stream qpdf passes through (streams.py), compressed at level 1 here."""
    return FlateStream(data if compressed else zlib.compress(data, 1))


def to_unicode_cmap(pairs: dict[int, str]) -> bytes:
    """A ToUnicode CMap for 2-byte codes: each drawn glyph code -> the text it stands for."""
    lines = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
             "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
             "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
             "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange"]
    items = sorted(pairs.items())
    for i in range(0, len(items), 100):
        chunk = items[i:i + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        lines.extend(f"<{code:04X}> <{_utf16_hex(text)}>" for code, text in chunk)
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines).encode("ascii")


def widths_array(widths: dict[int, int]) -> pdfdoc.PDFArray:
    """/W for the codes whose width differs from /DW 1000: [c [w w ...] c [w ...]]."""
    out: list[Any] = []
    for start, run in width_runs(widths):
        out += [start, pdfdoc.PDFArray(run)]
    return pdfdoc.PDFArray(out)


def subset_tag(face_key: str, codes: Iterable[int]) -> str:
    """Six capital letters from the face and the glyphs used: the same glyphs, the same tag."""
    h = hashlib.sha256((face_key + ":" + ",".join(map(str, sorted(codes)))).encode()).digest()
    return "".join(chr(ord("A") + b % 26) for b in h[:6])


class EmbeddedFont:
    """One face in one PDF: collects the glyphs drawn, writes the font objects at save."""

    _dynamicFont = 1

    def __init__(self, face: Face, internal_name: str, owner: PdfFonts | None = None):
        self.face = face
        self.owner = owner
        self.internal_name = internal_name      # "F3" (without the slash)
        self.text: dict[int, str] = {}          # glyph code -> what it means

    def use(self, gids: Sequence[int], text: str) -> None:
        t = self.text
        if len(text) == len(gids):
            t.update(zip(gids, text, strict=False))   # lengths equal; one glyph, one meaning
        else:   # a ligature-like mismatch: the last glyph carries the rest of the text
            for i, g in enumerate(gids):
                if g not in t:
                    t[g] = text[i] if i < len(gids) - 1 else text[i:]

    def program(self) -> Program:
        """(Flate-compressed font program, its length, /W widths, BaseFont) for the glyphs
        used (deflated as PROGRAM_DEFLATE says, which the key names).

        Remembered for the run: the print PDF and the e-paper draw the same glyphs.
        """
        face = self.face
        codes = sorted(self.text)
        key = self.program_key()
        hit = self.kept(key)
        if hit is not None:
            return hit
        base_font = f"{subset_tag(face.key, codes)}+{face.ps_name}"
        parts = [face.parsed_part(i) for i in range(len(face.parts))]
        if face.kind == "cff":
            font_data = sub.build_cff(parts, codes, base_font.encode("ascii"), face.part_of)
        else:
            font_data = sub.build_truetype(parts, codes, face.part_of)
        widths = glyph_widths(face, parts, codes)
        result = (_deflate_program(font_data), len(font_data), widths, base_font)
        if len(_programs) > 32:
            _programs.clear()
        _programs[key] = result
        _store_program(key, result)
        return result

    def program_key(self) -> ProgramKey:
        face = self.face
        return (face.key, tuple(face.parts), tuple(sorted(self.text)), PROGRAM_DEFLATE)

    @staticmethod
    def kept(key: ProgramKey) -> Program | None:
        """The program built before, in this run or on disk (then remembered for the run)."""
        hit = _programs.get(key) or _stored_program(key)
        if hit is not None:
            _programs[key] = hit
        return hit

    # called by ReportLab's PDFDocument.GetPDFData for every font in delayedFonts
    def addObjects(self, doc: Any) -> None:  # noqa: N802 - ReportLab's name
        face = self.face
        if self.owner is not None:
            self.owner.build_programs()
        packed, raw_len, widths, base_font = self.program()
        upem = face.units_per_em
        info = face.info
        scale = 1000 / upem

        file_stream = _flate(packed, compressed=True)
        if face.kind == "cff":
            file_stream.dictionary["Subtype"] = pdfdoc.PDFName("CIDFontType0C")
            file_key = "FontFile3"
        else:
            file_stream.dictionary["Length1"] = raw_len
            file_key = "FontFile2"
        descriptor = pdfdoc.PDFDictionary({
            "Type": pdfdoc.PDFName("FontDescriptor"),
            "FontName": pdfdoc.PDFName(base_font),
            "Flags": 4,   # symbolic: the glyphs are not in the standard Latin set
            "FontBBox": pdfdoc.PDFArray([round(v * scale) for v in info["bbox"]]),
            "ItalicAngle": info["italic_angle"],
            "Ascent": round(info["hhea_ascent"] * scale),
            "Descent": round(info["hhea_descent"] * scale),
            "CapHeight": round(info["cap_height"] * scale),
            "StemV": 80,
            file_key: doc.Reference(file_stream, f"fontfile:{base_font}"),
        })
        cid_font = pdfdoc.PDFDictionary({
            "Type": pdfdoc.PDFName("Font"),
            "Subtype": pdfdoc.PDFName("CIDFontType0" if face.kind == "cff" else "CIDFontType2"),
            "BaseFont": pdfdoc.PDFName(base_font),
            "CIDSystemInfo": pdfdoc.PDFDictionary({"Registry": pdfdoc.PDFString("Adobe"),
                                                   "Ordering": pdfdoc.PDFString("Identity"),
                                                   "Supplement": 0}),
            "FontDescriptor": doc.Reference(descriptor, f"fontdescriptor:{base_font}"),
            "DW": 1000,
            "W": widths_array(widths),
        })
        if face.kind != "cff":
            cid_font.dict["CIDToGIDMap"] = pdfdoc.PDFName("Identity")
        tounicode = _flate(to_unicode_cmap(self.text))
        type0 = pdfdoc.PDFDictionary({
            "Type": pdfdoc.PDFName("Font"),
            "Subtype": pdfdoc.PDFName("Type0"),
            "BaseFont": pdfdoc.PDFName(base_font),
            "Encoding": pdfdoc.PDFName("Identity-H"),
            "DescendantFonts": pdfdoc.PDFArray([doc.Reference(cid_font, f"cidfont:{base_font}")]),
            "ToUnicode": doc.Reference(tounicode, f"tounicode:{base_font}"),
        })
        ref = doc.Reference(type0, self.internal_name)
        doc.idToObject["BasicFonts"].dict[self.internal_name] = ref


class PdfFonts:
    """The fonts of one ReportLab canvas: resource names and encoded glyph strings."""

    def __init__(self, canvas: Any, book: FontBook):
        self.doc = canvas._doc
        self.book = book
        self.fonts: dict[str, EmbeddedFont] = {}
        self._built = False

    def _font(self, face_key: str) -> EmbeddedFont:
        f = self.fonts.get(face_key)
        if f is None:
            doc = self.doc
            internal = f"F{len(doc.fontMapping) + 1}"   # ReportLab's own numbering, no clash
            doc.fontMapping[f"layout:{face_key}"] = "/" + internal
            f = self.fonts[face_key] = EmbeddedFont(self.book.face(face_key), internal, self)
            doc.delayedFonts.append(f)
        return f

    def build_programs(self) -> None:
        """Build the fonts' programs not kept from before at once, two threads, when the
        PDF is saved (kept ones are read here: no threads, no thread pool to import)."""
        if self._built:
            return
        self._built = True
        fonts = [f for f in self.fonts.values() if EmbeddedFont.kept(f.program_key()) is None]
        if len(fonts) < 2:
            return
        from concurrent.futures import ThreadPoolExecutor
        with ThreadPoolExecutor(max_workers=2) as pool:
            list(pool.map(EmbeddedFont.program, fonts))

    def name_for(self, face_key: str) -> str:
        """The font's resource name for `Tf`, e.g. "/F1"; registers it on first use."""
        return "/" + self._font(face_key).internal_name

    def encode(self, face_key: str, gids: Sequence[int], text: str) -> str:
        """`<0012034A>` for a Tj/TJ operand; remembers code -> text for ToUnicode."""
        return "<" + self.hex_codes(face_key, gids, text) + ">"

    def user(self, face_key: str) -> Callable[[Sequence[int], str], None]:
        """The face's glyph recorder (`use(gids, text)`), registering the face: the painter
        keeps it per face instead of looking the face up for every line."""
        return self._font(face_key).use

    def hex_codes(self, face_key: str, gids: Sequence[int], text: str) -> str:
        """The glyphs' 2-byte codes in hex, four digits a glyph (`0012034A`);
        remembers code -> text for ToUnicode."""
        self._font(face_key).use(gids, text)
        return struct.pack(f">{len(gids)}H", *gids).hex().upper()
