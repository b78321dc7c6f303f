"""The print PDF of the sample edition and of a tabloid edition, judged from outside.

Each rule of issue 6 is asserted by reading the PDF with pikepdf, and with the
tools a plant would use: `qpdf --check`, Ghostscript, `pdffonts`.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from edition_maker import body_text, edition_yaml

from layout.output.pdfx import DEFAULT_ICC

MM = 72 / 25.4
SIZES_MM = {"broadsheet": (390.0, 545.0), "tabloid": (272.0, 390.0)}
RGB_OPS = {"rg", "RG"}


def _print(edition: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    from conftest import run_cli

    return run_cli("print", str(edition), "-o", str(out), *extra)


def tabloid_yaml() -> str:
    pages = [
        {"number": 1, "section": "要闻", "blocks": [
            {"masthead": {}, "columns": "1-6", "lines": "1-10"},
            {"article": "lead", "columns": "1-4", "lines": "11-60", "headline": {"lines": 4}},
            {"image": {"file": "photos/rgb.png", "caption": "图"}, "columns": "5-6", "lines": "11-30"},
            {"article": "side", "columns": "5-6", "lines": "32-60", "box": {"rule": "0.5pt", "tint": "cmyk(0,0,0,8)"}},
        ]},
        {"number": 2, "section": "综合", "blocks": [
            {"article": "lead", "columns": "1-6", "lines": "1-40"},
        ]},
    ]
    articles = [
        {"id": "lead", "headline": "区领导走访调研区内科技企业", "byline": "□ 记者 刘坤", "body": body_text(2600)},
        {"id": "side", "headline": "主题教育领导小组会议举行", "body": body_text(500, offset=7)},
    ]
    return edition_yaml(pages, articles, size="tabloid", columns=6,
                        body={"font": "song", "size": "9pt", "leading": "14pt"})


def make_rgb_photo(path: Path) -> None:
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    im = Image.new("RGB", (300, 200))
    for x in range(300):
        for y in range(200):
            im.putpixel((x, y), (x * 255 // 299, y * 255 // 199, 128))
    im.resize((1200, 800), Image.Resampling.BILINEAR).save(path)     # enough pixels for 150 ppi


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """{name: (pdf path, size name, stderr)} for the sample and the tabloid, each printed twice."""
    from conftest import SAMPLE

    d = tmp_path_factory.mktemp("print")
    tab = d / "tabloid.yaml"
    tab.write_text(tabloid_yaml(), encoding="utf-8")
    make_rgb_photo(d / "photos" / "rgb.png")
    out = {}
    for name, src, size in (("sample", SAMPLE, "broadsheet"), ("tabloid", tab, "tabloid")):
        runs = []
        for i in (1, 2):
            pdf = d / f"{name}-{i}.pdf"
            r = _print(src, pdf)
            assert r.returncode == 0, r.stderr
            runs.append((pdf, r.stderr))
        out[name] = (runs[0][0], runs[1][0], size, runs[0][1])
    return out


NAMES = ["sample", "tabloid"]


def _mm(v) -> float:
    return round(float(v) / MM, 2)


@pytest.mark.parametrize("name", NAMES)
def test_boxes_in_mm(printed, name):
    """TrimBox is the format's trim, BleedBox 3 mm more each side, MediaBox larger still."""
    path, _, size, _ = printed[name]
    w, h = SIZES_MM[size]
    with pikepdf.open(path) as pdf:
        assert len(pdf.pages) >= 2
        for page in pdf.pages:
            tx0, ty0, tx1, ty1 = (float(v) for v in page.obj.TrimBox)
            bx0, by0, bx1, by1 = (float(v) for v in page.obj.BleedBox)
            mx0, my0, mx1, my1 = (float(v) for v in page.mediabox)
            assert (_mm(tx1 - tx0), _mm(ty1 - ty0)) == pytest.approx((w, h), abs=0.05)
            assert [_mm(t - b) for t, b in ((tx0, bx0), (ty0, by0), (bx1, tx1), (by1, ty1))] == \
                pytest.approx([3.0] * 4, abs=0.05)
            assert mx0 < bx0 and my0 < by0 and mx1 > bx1 and my1 > by1, "no slug for the marks"


def _content_streams(pdf):
    """(where, stream, resources) for every page and every form XObject reachable from it."""
    out = []
    seen = set()

    def walk(obj, res, where):
        out.append((where, obj, res))
        xobjs = res.get("/XObject") if res is not None else None
        for name in (xobjs.keys() if xobjs is not None else []):
            xo = xobjs[name]
            if xo.get("/Subtype") == "/Form" and xo.objgen not in seen:
                seen.add(xo.objgen)
                walk(xo, xo.get("/Resources", res), f"{where} {name}")

    for n, page in enumerate(pdf.pages, 1):
        walk(page, page.obj.get("/Resources"), f"page {n}")
    return out


def _images(res):
    xobjs = res.get("/XObject") if res is not None else None
    return [xobjs[n] for n in (xobjs.keys() if xobjs is not None else []) if xobjs[n].get("/Subtype") == "/Image"]


@pytest.mark.parametrize("name", NAMES)
def test_no_rgb_anywhere(printed, name):
    """No RGB operator, RGB colour space or RGB image in any content stream or form."""
    path = printed[name][0]
    with pikepdf.open(path) as pdf:
        images = 0
        for where, stream, res in _content_streams(pdf):
            for operands, op in pikepdf.parse_content_stream(stream):
                assert str(op) not in RGB_OPS, f"{where}: {op}"
                if str(op) in ("cs", "CS"):
                    assert str(operands[0]) != "/DeviceRGB", where
            spaces = res.get("/ColorSpace") if res is not None else None
            for cs_name in (spaces.keys() if spaces is not None else []):
                cs = spaces[cs_name]
                assert "RGB" not in str(cs if isinstance(cs, pikepdf.Name) else cs[0]), where
                if isinstance(cs, pikepdf.Array) and str(cs[0]) == "/Separation":
                    assert str(cs[2]) == "/DeviceCMYK"
            for im in _images(res):
                images += 1
                assert str(im.ColorSpace) in ("/DeviceCMYK", "/DeviceGray"), f"{where}: image {im.ColorSpace}"
                assert "/SMask" not in im
        if name == "tabloid":
            assert images >= 1, "the tabloid's photo is missing"


def test_rgb_photo_separated_without_complaint(printed):
    """The RGB photo is colour-managed to the output intent (layout/photos): nothing to warn of."""
    stderr = printed["tabloid"][3]
    assert "photos/rgb.png" not in stderr
    assert "preflight" not in stderr


def _fonts(pdf):
    """Every font the pages and their forms name, once each."""
    fonts = {}
    for _, _, res in _content_streams(pdf):
        f = res.get("/Font") if res is not None else None
        for key in (f.keys() if f is not None else []):
            fonts[f[key].objgen] = f[key]
    return list(fonts.values())


@pytest.mark.parametrize("name", NAMES)
def test_fonts_embedded_and_subset(printed, name):
    path = printed[name][0]
    with pikepdf.open(path) as pdf:
        fonts = _fonts(pdf)
        assert fonts
        for font in fonts:
            base = str(font.BaseFont)[1:]
            assert len(base) > 7 and base[6] == "+" and base[:6].isupper(), f"{base} is not a subset"
            assert "/ToUnicode" in font, base
            desc = font.DescendantFonts[0] if font.Subtype == "/Type0" else font
            fd = desc.FontDescriptor
            assert any(k in fd for k in ("/FontFile", "/FontFile2", "/FontFile3")), f"{base} not embedded"


@pytest.mark.parametrize("name", NAMES)
def test_font_programs_inflate_to_the_glyphs_drawn(printed, name):
    """Each embedded font program (deflated by ISA-L, fontembed.PROGRAM_DEFLATE) inflates
    with qpdf's zlib, as any reader's, to a font fontTools reads whole — checksums checked
    for TrueType — holding a glyph for every code the ToUnicode map names."""
    import io
    import re

    from fontTools.cffLib import CFFFontSet
    from fontTools.ttLib import TTFont

    path = printed[name][0]
    kinds = set()
    with pikepdf.open(path) as pdf:
        for font in _fonts(pdf):
            fd = font.DescendantFonts[0].FontDescriptor
            cmap = font.ToUnicode.read_bytes().decode("ascii")
            chars = "".join(re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S))
            codes = {int(c, 16) for c in re.findall(r"<([0-9A-F]{4})> <[0-9A-F]+>", chars)}
            assert codes, font.BaseFont
            if "/FontFile3" in fd:
                cff = CFFFontSet()
                cff.decompile(io.BytesIO(fd.FontFile3.read_bytes()), None)
                charset = set(cff[cff.fontNames[0]].charset)
                assert {f"cid{c:05d}" for c in codes} <= charset, font.BaseFont
                kinds.add("cff")
            else:
                tt = TTFont(io.BytesIO(fd.FontFile2.read_bytes()), checkChecksums=2)
                assert max(codes) < tt["maxp"].numGlyphs
                assert all(tt["glyf"][tt.getGlyphName(c)].numberOfContours != 0 for c in codes if c), font.BaseFont
                kinds.add("truetype")
    assert "cff" in kinds


@pytest.mark.skipif(not shutil.which("pdffonts"), reason="poppler-utils not installed")
@pytest.mark.parametrize("name", NAMES)
def test_pdffonts_emb_sub_uni(printed, name):
    path = printed[name][0]
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = out.splitlines()[2:]
    assert rows
    for row in rows:
        # name type [type] encoding emb sub uni object ID: the three flags precede the object number
        emb, sub, uni = row.split()[-5:-2]
        assert (emb, sub, uni) == ("yes", "yes", "yes"), row


@pytest.mark.parametrize("name", NAMES)
def test_output_intent_and_pdfx_keys(printed, name):
    path = printed[name][0]
    raw = Path(path).read_bytes()
    assert raw[:9] in (b"%PDF-1.3\n", b"%PDF-1.4\n")
    with pikepdf.open(path) as pdf:
        assert not pdf.is_encrypted
        [oi] = list(pdf.Root.OutputIntents)
        assert oi.S == "/GTS_PDFX"
        assert str(oi.OutputConditionIdentifier) == "CGATS TR 002"
        icc = oi.DestOutputProfile
        assert int(icc.N) == 4
        data = icc.read_bytes()
        assert data[36:40] == b"acsp" and data[16:20] == b"CMYK"
        assert data == DEFAULT_ICC.read_bytes()      # the profile the photos were separated with
        info = pdf.trailer.Info
        assert str(info.GTS_PDFXVersion) == "PDF/X-1:2001"
        assert str(info.GTS_PDFXConformance) == "PDF/X-1a:2001"
        assert info.Trapped == "/False"
        assert str(info.Title).startswith("徐汇报 2023年9月18日")
        assert str(info.CreationDate) == str(info.ModDate) == "D:20230918000000+08'00'"
        assert len(pdf.trailer.ID) == 2
        xmp = pdf.Root.Metadata.read_bytes().decode()
        assert "<pdfx:GTS_PDFXVersion>PDF/X-1:2001</pdfx:GTS_PDFXVersion>" in xmp
        assert "2023-09-18T00:00:00+08:00" in xmp
        for page in pdf.pages:
            assert "/Group" not in page.obj
            states = page.Resources.get("/ExtGState", {})
            for key in states.keys():
                gs = states[key]
                assert "/SMask" not in gs and "/BM" not in gs and "/ca" not in gs and "/CA" not in gs


@pytest.mark.parametrize("name", NAMES)
def test_black_text_overprints_and_marks_in_registration(printed, name):
    """100 K text is preceded by an overprinting graphics state under OPM 1; the marks
    use the /All separation."""
    path = printed[name][0]
    with pikepdf.open(path) as pdf:
        page = pdf.pages[0]
        states = page.Resources.ExtGState
        spaces = page.Resources.ColorSpace
        reg = [spaces[k] for k in spaces.keys() if str(spaces[k][1]) == "/All"]
        assert reg and str(reg[0][0]) == "/Separation"
        opm = op = None
        black_text_overprints = []
        fill_black = False
        for operands, o in pikepdf.parse_content_stream(page):
            o = str(o)
            if o == "gs":
                gs = states[str(operands[0])]
                opm = int(gs.OPM) if "/OPM" in gs else opm
                op = bool(gs.op) if "/op" in gs else op
            elif o == "k":
                fill_black = [float(v) for v in operands] == [0, 0, 0, 1]
            elif o == "BT" and fill_black:
                black_text_overprints.append(op is True and opm == 1)
        assert black_text_overprints and all(black_text_overprints)


@pytest.mark.skipif(not shutil.which("qpdf"), reason="qpdf not installed")
@pytest.mark.parametrize("name", NAMES)
def test_qpdf_check_clean(printed, name):
    r = subprocess.run(["qpdf", "--check", str(printed[name][0])], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "No syntax or stream encoding errors" in r.stdout
    assert "WARNING" not in (r.stdout + r.stderr).upper()


@pytest.mark.skipif(not shutil.which("gs"), reason="ghostscript not installed")
@pytest.mark.parametrize("name", NAMES)
def test_ghostscript_renders_without_warning(printed, name):
    r = subprocess.run(["gs", "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-dPDFSTOPONWARNING", "-dPDFSTOPONERROR",
                        "-sDEVICE=nullpage", str(printed[name][0])], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "" and r.stderr.strip() == ""


@pytest.mark.parametrize("name", NAMES)
def test_two_builds_byte_identical(printed, name):
    first, second, _, _ = printed[name]
    assert Path(first).read_bytes() == Path(second).read_bytes()


@pytest.mark.parametrize("name", NAMES)
def test_own_preflight_passes(printed, name):
    from layout.output.preflight import preflight

    assert preflight(printed[name][0]) == []


def test_slug_line_names_paper_date_page_not_time(printed):
    """The slug line sits outside the bleed: paper, date, page; no build time."""
    import pdfplumber

    path = printed["sample"][0]
    with pikepdf.open(path) as pdf:
        trims = [tuple(float(v) for v in p.obj.TrimBox) for p in pdf.pages]
        bleeds = [tuple(float(v) for v in p.obj.BleedBox) for p in pdf.pages]
    with pdfplumber.open(path) as doc:
        for n, page in enumerate(doc.pages):
            media_h = float(page.height)
            bleed_bottom = media_h - bleeds[n][1]       # pdfplumber's top is from the media top
            below = [w for w in page.extract_words() if w["top"] > bleed_bottom]
            text = "".join(w["text"] for w in below)
            assert "徐汇报" in text and "2023年9月18日" in text and f"第{n + 1}版" in text, text
            assert ":" not in text, "a time in the slug line"
            assert trims[n][1] > bleeds[n][1]
