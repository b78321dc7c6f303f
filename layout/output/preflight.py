"""`layout preflight`: check a finished print PDF against the plant's rules.

No PDF/X validator exists in Debian or on PyPI, so this is the project's own, for
the rules a newspaper plant's preflight rejects a file over: page boxes, colour
(every operator, image and colour space in every content stream, form, pattern
and annotation appearance), fonts embedded, the PDF/X output intent and version
keys, no transparency, no encryption, total ink of fills under the limit; every
image measured: colour space, effective resolution where it is drawn (its pixels
over the size the content stream's CTM gives it) and its largest total ink.

Each failure is one line naming the page (and form) and the rule; a rule broken
many times on one page is reported once for that page.
"""

from __future__ import annotations

import contextlib
import io
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_INK_LIMIT = 240.0
DEFAULT_MIN_PPI = 150.0
_TOL = 0.01                          # pt, for box comparisons
_DEVICE = {"/DeviceRGB": "rgb", "/DeviceCMYK": "cmyk", "/DeviceGray": "gray", "/Pattern": "pattern",
           "/RGB": "rgb", "/CMYK": "cmyk", "/G": "gray"}       # the short names are inline-image ones
_NOT_ALLOWED = {"rgb": "RGB", "lab": "Lab", "icc": "ICC-based", "cal": "calibrated (CalGray/CalRGB)"}


# The operators checked here; the text operators, most of a page, are skipped in C++.
_CHECKED_OPERATORS = "q Q cm rg RG k K cs CS sc scn SC SCN gs Do sh INLINE IMAGE BI ID EI"
_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
Matrix = tuple[float, float, float, float, float, float]


def _concat(m: Matrix, ctm: Matrix) -> Matrix:
    """m × ctm: `m` (a cm operand or a form's /Matrix) applied in the space of `ctm`."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = ctm
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


@dataclass
class _State:
    fill: str = "gray"
    stroke: str = "gray"


@dataclass
class Checker:
    pdf: Any                # a pikepdf.Pdf
    ink_limit: float = DEFAULT_INK_LIMIT
    min_ppi: float = DEFAULT_MIN_PPI
    failures: list[str] = field(default_factory=list)
    measures: list[str] = field(default_factory=list)     # one line per image drawn
    # largest total ink of JPEG data by its sha256, measured by whoever made it (the print
    # passes the inks its photo preparation measured, decoding the same bytes with the same
    # decoder); anything else is decoded here
    known_inks: dict[str, float] = field(default_factory=dict)
    _inks: dict[tuple[int, int], float | None] = field(default_factory=dict)
    # pages whose content (streams, resources, annotations) another process checks
    skip_content: frozenset[int] = frozenset()
    # pages whose content was found clean before (preflight_memo): only their fonts
    clean_content: frozenset[int] = frozenset()
    _seen: set[str] = field(default_factory=set)
    _fonts: set[tuple[int, int]] = field(default_factory=set)

    def fail(self, msg: str) -> None:
        if msg not in self._seen:
            self._seen.add(msg)
            self.failures.append(msg)

    # -- colour spaces -----------------------------------------------------------------
    def space_kind(self, cs: Any, resources: Any, depth: int = 0) -> str:
        """rgb | lab | icc | cal | cmyk | gray | sep | pattern | unknown."""
        import pikepdf

        if depth > 8:
            return "unknown"
        if isinstance(cs, pikepdf.Name):
            name = str(cs)
            if name in _DEVICE:
                return _DEVICE[name]
            spaces = resources.get("/ColorSpace") if resources is not None else None
            if spaces is not None and name in spaces:
                return self.space_kind(spaces[name], resources, depth + 1)
            return "unknown"
        if isinstance(cs, pikepdf.Array) and len(cs) > 0:
            family = str(cs[0])
            if family == "/ICCBased":
                n = int(cs[1].get("/N", 0))
                return "rgb" if n == 3 else "icc"
            if family in ("/CalRGB", "/CalGray"):
                return "rgb" if family == "/CalRGB" else "cal"
            if family == "/Lab":
                return "lab"
            if family in ("/Indexed", "/I"):
                return self.space_kind(cs[1], resources, depth + 1)
            if family == "/Pattern":
                return "pattern" if len(cs) < 2 else self.space_kind(cs[1], resources, depth + 1)
            if family in ("/Separation", "/DeviceN"):
                alt = self.space_kind(cs[2], resources, depth + 1)
                return alt if alt in _NOT_ALLOWED else "sep"
            return _DEVICE.get(family, "unknown")
        return "unknown"

    def check_space(self, kind: str, where: str, what: str) -> None:
        if kind in _NOT_ALLOWED:
            self.fail(f"{where}: {_NOT_ALLOWED[kind]} colour ({what}); PDF/X-1a allows only CMYK, grey and spot colours")

    def check_ink(self, values: Any, where: str, op: str) -> None:
        try:
            total = sum(float(v) for v in values) * 100
        except (TypeError, ValueError):
            return
        if total > self.ink_limit + 0.5:
            nums = " ".join(f"{float(v):g}" for v in values)
            self.fail(f"{where}: total ink {total:.0f}% over the {self.ink_limit:g}% limit ({nums} {op})")

    # -- content -----------------------------------------------------------------------
    def content(self, stream: Any, resources: Any, where: str, visited: set[int], ctm: Matrix = _IDENTITY) -> None:
        """Every operator of a page or form: colour, images, graphics states, nested forms."""
        import pikepdf

        try:
            # only the operators checked here: the text operators, most of a page, stay in C++
            ops: list[Any] = pikepdf.parse_content_stream(stream, _CHECKED_OPERATORS)
        except pikepdf.PdfError as err:
            self.fail(f"{where}: unreadable content stream ({err})")
            return
        self.resources(resources, where, visited)
        state, stack = _State(), []
        ctms: list[Matrix] = []
        for operands, op in ops:
            o = str(op)
            if o == "q":
                stack.append(_State(state.fill, state.stroke))
                ctms.append(ctm)
            elif o == "Q":
                if stack:
                    state = stack.pop()
                    ctm = ctms.pop()
            elif o == "cm" and len(operands) == 6:
                try:
                    ctm = _concat(tuple(float(v) for v in operands), ctm)  # type: ignore[arg-type]
                except (TypeError, ValueError):
                    pass
            elif o in ("rg", "RG"):
                self.fail(f"{where}: RGB colour ({o} operator); PDF/X-1a allows only CMYK, grey and spot colours")
            elif o in ("k", "K"):
                self.check_ink(operands, where, o)
            elif o in ("cs", "CS"):
                kind = self.space_kind(operands[0], resources) if operands else "unknown"
                self.check_space(kind, where, f"{operands[0]} {o}" if operands else o)
                if o == "cs":
                    state.fill = kind
                else:
                    state.stroke = kind
            elif o in ("sc", "scn", "SC", "SCN"):
                kind = state.fill if o in ("sc", "scn") else state.stroke
                nums = [v for v in operands if not isinstance(v, pikepdf.Name)]
                if kind in _NOT_ALLOWED:
                    self.check_space(kind, where, f"{o} operator")
                elif kind == "cmyk" and len(nums) == 4:
                    self.check_ink(nums, where, o)
            elif o == "gs" and operands:
                self.ext_gstate(operands[0], resources, where)
            elif o == "Do" and operands:
                xobjs = resources.get("/XObject") if resources is not None else None
                if xobjs is None or str(operands[0]) not in xobjs:
                    self.fail(f"{where}: XObject {operands[0]} is missing from the resources")
                    continue
                self.xobject(xobjs[str(operands[0])], str(operands[0]), resources, where, visited, ctm)
            elif o == "INLINE IMAGE" and operands:
                self.inline_image(operands[0], resources, where)
            elif o == "sh" and operands:
                shadings = resources.get("/Shading") if resources is not None else None
                if shadings is not None and str(operands[0]) in shadings:
                    sh = shadings[str(operands[0])]
                    self.check_space(self.space_kind(sh.get("/ColorSpace"), resources), where,
                                     f"shading {operands[0]}")

    def ext_gstate(self, name: Any, resources: Any, where: str) -> None:
        states = resources.get("/ExtGState") if resources is not None else None
        if states is None or str(name) not in states:
            self.fail(f"{where}: graphics state {name} is missing from the resources")
            return
        self.gstate_dict(states[str(name)], f"{where}, graphics state {name}")

    def gstate_dict(self, gs: Any, where: str) -> None:
        smask = gs.get("/SMask")
        if smask is not None and str(smask) != "/None":
            self.fail(f"{where}: transparency (soft mask); PDF/X-1a allows none")
        for key in ("/CA", "/ca"):
            v = gs.get(key)
            if v is not None and float(v) < 1:
                self.fail(f"{where}: transparency ({key[1:]} {float(v):g}); PDF/X-1a allows none")
        bm = gs.get("/BM")
        if bm is not None:
            modes = [str(m) for m in bm] if hasattr(bm, "__iter__") and not isinstance(bm, str) and \
                not str(bm).startswith("/") else [str(bm)]
            if any(m not in ("/Normal", "/Compatible") for m in modes):
                self.fail(f"{where}: transparency (blend mode {' '.join(modes)}); PDF/X-1a allows none")

    def resources(self, resources: Any, where: str, visited: set[int]) -> None:
        """Fonts, colour spaces, graphics states and patterns listed, used or not."""
        if resources is None:
            return
        self.page_fonts(resources, where)
        spaces = resources.get("/ColorSpace")
        if spaces is not None:
            for name in spaces.keys():
                self.check_space(self.space_kind(spaces[name], resources), where, f"colour space {name}")
        states = resources.get("/ExtGState")
        if states is not None:
            for name in states.keys():
                self.gstate_dict(states[name], f"{where}, graphics state {name}")
        patterns = resources.get("/Pattern")
        if patterns is not None:
            for name in patterns.keys():
                pat = patterns[name]
                if int(pat.get("/PatternType", 0)) == 2 and "/Shading" in pat:
                    self.check_space(self.space_kind(pat.Shading.get("/ColorSpace"), resources), where,
                                     f"pattern {name}")
                elif int(pat.get("/PatternType", 0)) == 1:
                    key = pat.objgen
                    if key in visited:
                        continue
                    visited.add(key)
                    self.content(pat, pat.get("/Resources", resources), f"{where}, pattern {name}", visited)

    def page_fonts(self, resources: Any, where: str) -> None:
        """The fonts `resources` lists, embedded or not."""
        fonts = resources.get("/Font") if resources is not None else None
        if fonts is not None:
            for name in fonts.keys():
                self.font(fonts[name], name, where)

    def font(self, font: Any, name: str, where: str) -> None:
        key = font.objgen
        if key != (0, 0) and key in self._fonts:
            return
        self._fonts.add(key)
        subtype = str(font.get("/Subtype", ""))
        base = str(font.get("/BaseFont", name)).lstrip("/")
        if subtype == "/Type3":
            return                                  # glyphs are content streams, drawn, not a font file
        desc_font = font
        if subtype == "/Type0":
            kids = font.get("/DescendantFonts")
            if not kids:
                self.fail(f"{where}: font {base} has no descendant font")
                return
            desc_font = kids[0]
        fd = desc_font.get("/FontDescriptor")
        if fd is None or not any(k in fd for k in ("/FontFile", "/FontFile2", "/FontFile3")):
            self.fail(f"{where}: font {base} is not embedded")

    def xobject(self, xo: Any, name: str, resources: Any, where: str, visited: set[int], ctm: Matrix = _IDENTITY) -> None:
        subtype = str(xo.get("/Subtype", ""))
        if subtype == "/Image":
            self.image_dict(xo, resources, f"{where}, image {name}")
            self.measure_image(xo, resources, f"{where}, image {name.lstrip('/')}", ctm)
        elif subtype == "/Form":
            key = xo.objgen
            if key in visited:
                return
            visited.add(key)
            if "/Matrix" in xo:
                try:
                    ctm = _concat(tuple(float(v) for v in xo.Matrix), ctm)  # type: ignore[arg-type]
                except (TypeError, ValueError):
                    pass
            group = xo.get("/Group")
            if group is not None and str(group.get("/S", "")) == "/Transparency":
                self.fail(f"{where}, form {name}: transparency group; PDF/X-1a allows none")
            self.content(xo, xo.get("/Resources", resources), f"{where}, form {name}", visited, ctm)

    def measure_image(self, im: Any, resources: Any, where: str, ctm: Matrix) -> None:
        """Colour space, effective ppi as drawn, largest total ink; failures for ink over
        the limit and resolution under the minimum."""
        if bool(im.get("/ImageMask", False)):
            return
        w_pt = (ctm[0] ** 2 + ctm[1] ** 2) ** 0.5
        h_pt = (ctm[2] ** 2 + ctm[3] ** 2) ** 0.5
        try:
            px, py = int(im.Width), int(im.Height)
        except (AttributeError, TypeError, ValueError):
            return
        ppi = min(px * 72 / w_pt if w_pt else float("inf"), py * 72 / h_pt if h_pt else float("inf"))
        cs = im.get("/ColorSpace")
        space = _space_name(cs) if cs is not None else "no colour space"
        ink = self.image_ink(im)
        ink_text = f", max ink {ink:.0f}%" if ink is not None else ""
        self.measures.append(f"{where}: {space.lstrip('/')}, {ppi:.0f} ppi{ink_text}")
        if ppi < self.min_ppi - 0.5:
            self.fail(f"{where}: {ppi:.0f} ppi, below the {self.min_ppi:g} ppi minimum")
        if ink is not None and ink > self.ink_limit + 0.5:
            self.fail(f"{where}: total ink {ink:.0f}% over the {self.ink_limit:g}% limit")

    def image_ink(self, im: Any) -> float | None:
        """The largest total ink of any pixel (percent), decoded once per image; None
        when the image is not CMYK or grey, or cannot be decoded."""
        key = im.objgen
        if key in self._inks and key != (0, 0):
            return self._inks[key]
        import pikepdf

        ink: float | None = None
        if self.known_inks and [str(f) for f in _filters(im)] == ["/DCTDecode"]:
            import hashlib

            ink = self.known_inks.get(hashlib.sha256(im.read_raw_bytes()).hexdigest())
            if ink is not None:
                self._inks[key] = ink
                return ink
        try:
            pil = pikepdf.PdfImage(im).as_pil_image()
            if pil.mode in ("CMYK", "L"):          # DeviceGray prints with K: 1 − the value
                from ..photos.colour import max_ink

                ink = max_ink(pil)
        except Exception:  # noqa: BLE001 - an image pikepdf cannot decode is not measured
            ink = None
        self._inks[key] = ink
        return ink

    def image_dict(self, im: Any, resources: Any, where: str) -> None:
        if bool(im.get("/ImageMask", False)):
            return                                  # a stencil: painted in the fill colour
        cs = im.get("/ColorSpace")
        if cs is not None:
            self.check_space(self.space_kind(cs, resources), where, _space_name(cs))
        if "/SMask" in im:
            self.fail(f"{where}: transparency (soft mask on the image); PDF/X-1a allows none")
        names = [str(f) for f in _filters(im)]
        if "/JPXDecode" in names:
            self.fail(f"{where}: JPEG 2000 image; PDF/X-1a (PDF 1.3) does not allow it")

    def inline_image(self, img: Any, resources: Any, where: str) -> None:
        d = getattr(img, "obj", None)
        cs = None
        if d is not None:
            cs = d.get("/ColorSpace", d.get("/CS"))
            if bool(d.get("/ImageMask", d.get("/IM", False))):
                return
        if cs is None:
            return
        self.check_space(self.space_kind(cs, resources), f"{where}, inline image", _space_name(cs))

    # -- pages and the document ----------------------------------------------------------
    def page(self, n: int, page: Any, trims: list[tuple[int, Any]], bleeds: list[tuple[int, Any]]) -> None:
        import pikepdf

        where = f"page {n}"
        obj = page.obj
        media = _rect(page.mediabox)
        trim = _rect(obj.get("/TrimBox")) if "/TrimBox" in obj else None
        bleed = _rect(obj.get("/BleedBox")) if "/BleedBox" in obj else None
        if trim is None:
            self.fail(f"{where}: no TrimBox")
        if bleed is None:
            self.fail(f"{where}: no BleedBox")
        if bleed is not None and not _inside(bleed, media):
            self.fail(f"{where}: BleedBox {_fmt(bleed)} is not inside the MediaBox {_fmt(media)}")
        if trim is not None and not _inside(trim, bleed or media):
            self.fail(f"{where}: TrimBox {_fmt(trim)} is not inside the {'BleedBox' if bleed else 'MediaBox'}")
        if trim is not None:
            trims.append((n, trim))
            if bleed is not None:
                bleeds.append((n, tuple(round(abs(a - b), 2) for a, b in zip(bleed, trim, strict=True))))
        group = obj.get("/Group")
        if group is not None and str(group.get("/S", "")) == "/Transparency":
            self.fail(f"{where}: transparency group; PDF/X-1a allows none")
        if n in self.skip_content:
            return
        if n in self.clean_content:
            self.page_fonts(obj.get("/Resources"), where)
            return
        visited: set[int] = set()
        self.content(page, obj.get("/Resources"), where, visited)
        for annot in obj.get("/Annots", []):
            sub = str(annot.get("/Subtype", ""))
            if sub not in ("/PrinterMark", "/TrapNet") and "/Rect" in annot and bleed is not None \
                    and _overlap(_rect(annot.Rect), bleed):
                self.fail(f"{where}: {sub[1:]} annotation inside the BleedBox; PDF/X allows none there")
            ap = annot.get("/AP")
            normal = ap.get("/N") if ap is not None else None
            if isinstance(normal, pikepdf.Stream):
                self.xobject(normal, f"{sub[1:]} appearance", obj.get("/Resources"), where, visited)

    def document(self) -> None:
        pdf = self.pdf
        if pdf.is_encrypted:
            self.fail("document: encrypted; PDF/X allows no encryption")
        if pdf.pdf_version not in ("1.3", "1.4"):
            self.fail(f"document: PDF version {pdf.pdf_version}; PDF/X-1a needs 1.3 (2001) or 1.4 (2003)")
        info = pdf.trailer.get("/Info")
        version = str(info.get("/GTS_PDFXVersion", "")) if info is not None else ""
        if not version.startswith("PDF/X-1"):
            self.fail("document: no GTS_PDFXVersion (PDF/X-1:2001) in the info dictionary")
        trapped = str(info.get("/Trapped", "")) if info is not None else ""
        if trapped not in ("/True", "/False"):
            self.fail("document: /Trapped is not /True or /False in the info dictionary")
        if info is None or not str(info.get("/Title", "")):
            self.fail("document: no title in the info dictionary")
        for key in ("/CreationDate", "/ModDate"):
            if info is None or not str(info.get(key, "")):
                self.fail(f"document: no {key[1:]} in the info dictionary")
        if "/ID" not in pdf.trailer:
            self.fail("document: no document ID in the trailer")
        self.output_intent()
        trims: list[tuple[int, Any]] = []
        bleeds: list[tuple[int, Any]] = []
        for n, page in enumerate(pdf.pages, start=1):
            self.page(n, page, trims, bleeds)
        if trims:
            size0 = _size(trims[0][1])
            for n, t in trims[1:]:
                if any(abs(a - b) > _TOL for a, b in zip(_size(t), size0, strict=True)):
                    self.fail(f"page {n}: trim {_mm(_size(t))} differs from page {trims[0][0]}'s {_mm(size0)}")
        if bleeds:
            for n, b in bleeds[1:]:
                if b != bleeds[0][1]:
                    self.fail(f"page {n}: bleed differs from page {bleeds[0][0]}'s")

    def output_intent(self) -> None:
        intents = self.pdf.Root.get("/OutputIntents")
        pdfx = [oi for oi in (intents or []) if str(oi.get("/S", "")) == "/GTS_PDFX"]
        if not pdfx:
            self.fail("document: no PDF/X output intent (/OutputIntents with /S /GTS_PDFX)")
            return
        oi = pdfx[0]
        if not str(oi.get("/OutputConditionIdentifier", "")):
            self.fail("document: the output intent has no OutputConditionIdentifier")
        profile = oi.get("/DestOutputProfile")
        if profile is None:
            self.fail("document: the output intent embeds no ICC profile (DestOutputProfile)")
            return
        try:
            data = profile.read_bytes()
        except Exception:  # noqa: BLE001 - any unreadable stream is the same failure
            self.fail("document: the output intent's ICC profile cannot be read")
            return
        if len(data) < 20 or data[16:20] != b"CMYK":
            self.fail("document: the output intent's ICC profile is not a CMYK profile")


def _filters(im: Any) -> list[Any]:
    f = im.get("/Filter")
    if f is None:
        return []
    return list(f) if not str(f).startswith("/") else [f]


def _space_name(cs: Any) -> str:
    """/DeviceRGB, or the family of an array space ([/ICCBased ...] -> /ICCBased)."""
    import pikepdf

    if isinstance(cs, pikepdf.Array) and len(cs) > 0:
        return str(cs[0])
    return str(cs)


def _rect(a: Any) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = (float(v) for v in a)
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def _inside(inner: tuple[float, ...], outer: tuple[float, ...]) -> bool:
    return (inner[0] >= outer[0] - _TOL and inner[1] >= outer[1] - _TOL
            and inner[2] <= outer[2] + _TOL and inner[3] <= outer[3] + _TOL)


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _size(r: Any) -> tuple[float, float]:
    return (r[2] - r[0], r[3] - r[1])


def _fmt(r: Any) -> str:
    return "[" + " ".join(f"{v:g}" for v in r) + "]"


def _mm(size: Any) -> str:
    return f"{size[0] / 72 * 25.4:.1f} × {size[1] / 72 * 25.4:.1f} mm"


def preflight(source: str | Path | bytes, *, ink_limit: float = DEFAULT_INK_LIMIT,
              min_ppi: float = DEFAULT_MIN_PPI, known_inks: dict[str, float] | None = None) -> list[str]:
    """Every rule the PDF breaks, one line each; empty when it passes."""
    return inspect(source, ink_limit=ink_limit, min_ppi=min_ppi, known_inks=known_inks)[0]


def preflight_shared(source: bytes, *, ink_limit: float = DEFAULT_INK_LIMIT, min_ppi: float = DEFAULT_MIN_PPI,
                     known_inks: dict[str, float] | None = None) -> list[str]:
    """`preflight`'s answer for the print, with two savings: a page whose content was
    found clean before is not parsed again (preflight_memo.py), and the later half of
    the pages left is checked in a forked process (finisher.Child) while this one
    checks the document and the rest.

    A page checked on its own reports at least what it would among the others (the
    document-wide memory only drops repeats), so when both halves are clean the whole
    is; otherwise, and whenever the second process has no answer, the whole PDF is
    checked again here, every page parsed, for the exact lines in their order."""
    import pikepdf

    from .finisher import Child
    from .preflight_memo import found_clean, page_keys, remember_clean

    kw: dict[str, Any] = {"ink_limit": ink_limit, "min_ppi": min_ppi, "known_inks": known_inks or {}}
    try:
        pdf = pikepdf.open(io.BytesIO(source))
    except (pikepdf.PdfError, OSError):
        return preflight(source, **kw)
    with pdf:
        keys = page_keys(pdf, ink_limit, min_ppi, kw["known_inks"])
        clean = frozenset(n for n, key in enumerate(keys or [], start=1) if found_clean(key))
        todo = [n for n in range(1, len(pdf.pages) + 1) if n not in clean]
        later = frozenset(todo[len(todo) // 2:]) if len(todo) > 1 else frozenset()

        def check_later(receive: object, emit: Callable[[bytes], None]) -> None:
            checker = Checker(pdf, **kw)
            for n in sorted(later):
                checker.page(n, pdf.pages[n - 1], [], [])
            emit(b"clean" if not checker.failures else b"failed")

        with Child(check_later) if later else contextlib.nullcontext(None) as child:
            forked = child is not None and child.pid != 0
            checker = Checker(pdf, skip_content=later if forked else frozenset(), clean_content=clean, **kw)
            checker.document()
            if not checker.failures and (child is None or not forked or child.answer() == b"clean"):
                if keys is not None:
                    remember_clean([keys[n - 1] for n in todo])
                return []
    return preflight(source, **kw)


def inspect(source: str | Path | bytes, *, ink_limit: float = DEFAULT_INK_LIMIT,
            min_ppi: float = DEFAULT_MIN_PPI, known_inks: dict[str, float] | None = None
            ) -> tuple[list[str], list[str]]:
    """(failures, image measurements) of a PDF."""
    import pikepdf

    try:
        pdf = pikepdf.open(io.BytesIO(source) if isinstance(source, bytes) else source)
    except pikepdf.PasswordError:
        return ["document: encrypted with a password; PDF/X allows no encryption"], []
    except (pikepdf.PdfError, OSError) as err:
        return [f"document: not a readable PDF ({err})"], []
    with pdf:
        checker = Checker(pdf, ink_limit=ink_limit, min_ppi=min_ppi, known_inks=known_inks or {})
        checker.document()
        return checker.failures, checker.measures


def run_preflight(pdf_path: str, *, ink_limit: float = DEFAULT_INK_LIMIT, min_ppi: float = DEFAULT_MIN_PPI) -> int:
    """Print each image's measures and each failure as `FILE: …`; exit status 1 when
    there is a failure."""
    failures, measures = inspect(pdf_path, ink_limit=ink_limit, min_ppi=min_ppi)
    for m in measures:
        print(f"{pdf_path}: {m}")
    for f in failures:
        print(f"{pdf_path}: {f}")
    if failures:
        print(f"{pdf_path}: preflight failed, {len(failures)} problem(s)", file=sys.stderr)
        return 1
    print(f"{pdf_path}: preflight passed (PDF/X-1a: boxes, CMYK colour, fonts, output intent, "
          f"no transparency, ink ≤ {ink_limit:g}%, images ≥ {min_ppi:g} ppi)")
    return 0
