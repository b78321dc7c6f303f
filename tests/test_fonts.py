"""Fonts end to end: every role embedded, subset, extractable; rare and missing characters."""

from __future__ import annotations

import datetime
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pdfplumber
import pytest
from reportlab.pdfgen.canvas import Canvas

from layout.errors import EditionError
from layout.fonts.book import FontBook, describe_missing
from layout.fonts.catalogue import load_catalogue
from layout.fonts.charset import VERTICAL_FORMS, VERTICAL_QUOTES, base_chars, gb2312_han, vertical_form
from layout.model.edition import Edition, EditionInfo, Loc, Margins, PageSetup
from layout.model.styles import default_styles
from layout.paint.fontembed import PdfFonts, initial_font_name

RARE = "堃𠮷"   # outside GB 2312 (so outside the prepared set), inside Noto and WenKai
TANGUT = "\U00017000"
LINES = [
    ("song", "新华社北京9月18日电（记者 王堃）“稳中求进”，ABC 2023年。"),
    ("biaosong", "标宋大标题：秋粮丰收在望"),
    ("hei", "黑体引题——𠮷野家开业"),
    ("kai", "楷体署名 本报记者 李四 摄"),
]


@pytest.fixture(scope="module")
def book() -> FontBook:
    b = FontBook.default(progress=False)
    b.ensure("".join(t for _, t in LINES))
    return b


def write_pdf(path: Path, book: FontBook, lines=LINES) -> None:
    """A tiny painter: one line per role, raw text operators, as the real painter does."""
    c = Canvas(str(path), pagesize=(400, 300), invariant=1, initialFontName=initial_font_name())
    fonts = PdfFonts(c, book)
    y = 260.0
    for role, text in lines:
        stack = book.stack(role)
        x, ops = 20.0, []
        for face, run in stack.split(text):
            assert face is not None, run
            drawn = [ch for ch in run if not ch.isspace()]
            hexes = fonts.encode(face.key, [face.gids[ch] for ch in drawn], "".join(drawn))
            ops.append(f"BT {fonts.name_for(face.key)} 10 Tf {x:.2f} {y:.2f} Td {hexes} Tj ET")
            x += 10 * sum(face.advances[ch] for ch in drawn)
        c.addLiteral("\n".join(ops))
        y -= 30
    c.showPage()
    c.save()


def pdffonts(path: Path) -> list[list[str]]:
    if shutil.which("pdffonts") is None:
        pytest.skip("pdffonts (poppler-utils) is not installed: make debs")
    out = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    return [line.split() for line in out.splitlines()[2:] if line.strip()]


def test_every_role_is_embedded_subset_with_tounicode(book, tmp_path):
    pdf = tmp_path / "roles.pdf"
    write_pdf(pdf, book)
    rows = pdffonts(pdf)
    names = {r[0].split("+", 1)[1] for r in rows}
    assert names == {"NotoSerifCJKsc-Regular", "NotoSerifCJKsc-Bold", "NotoSansCJKsc-Bold", "LXGWWenKai-Regular"}
    for r in rows:
        assert re.fullmatch(r"[A-Z]{6}\+.+", r[0]), r
        assert r[-5:-2] == ["yes", "yes", "yes"], r   # emb sub uni


def test_extracted_text_equals_input(book, tmp_path):
    pdf = tmp_path / "text.pdf"
    write_pdf(pdf, book)
    with pdfplumber.open(pdf) as doc:
        text = doc.pages[0].extract_text()
    want = ["".join(ch for ch in t if not ch.isspace()) for _, t in LINES]
    assert [line.replace(" ", "") for line in text.splitlines()] == want


def test_rare_characters_are_prepared_on_demand(book, tmp_path):
    assert not set(RARE) & base_chars()
    for ch in RARE:
        face = book.stack("song").face_of(ch)
        assert face is not None and face.key == "noto-serif-cjk-sc-regular"
        assert len(face.parts) >= 2   # the base set and the characters added on demand
        assert book.stack("song").advance(ch) == pytest.approx(1.0)
    pdf = tmp_path / "rare.pdf"
    write_pdf(pdf, book, [("song", RARE), ("kai", RARE)])
    with pdfplumber.open(pdf) as doc:
        assert doc.pages[0].extract_text().split() == [RARE, RARE]


def test_character_no_face_has_is_reported(book):
    for role in book.roles:
        stack = book.stack(role)
        assert stack.face_of(TANGUT) is None
        assert stack.split("中" + TANGUT) == [(stack.primary, "中"), (None, TANGUT)]
    assert describe_missing(TANGUT) == "U+17000 '\U00017000'"
    assert describe_missing("中") == "U+4E2D '中'"


def test_gb2312_is_prepared_in_every_default_face(book):
    han = gb2312_han()
    assert len(han) == 6763
    for role in ("song", "biaosong", "hei", "kai"):
        face = book.stack(role).primary
        assert all(face.has(ch) for ch in han), role
        assert 0.8 < face.ascent < 0.9 and -0.2 < face.descent < 0


def test_two_builds_are_byte_identical(book, tmp_path):
    write_pdf(tmp_path / "a.pdf", book)
    write_pdf(tmp_path / "b.pdf", book)
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()


def test_vertical_forms(book):
    """The table vertical headlines draw with (`vertical_form`): Unicode's vertical forms,
    and the quotes as the corner brackets' vertical forms."""
    for h, v in VERTICAL_FORMS.items():
        assert vertical_form(h) == v
        assert unicodedata.decomposition(v).startswith("<vertical>"), v
        base = chr(int(unicodedata.decomposition(v).split()[1], 16))
        assert unicodedata.normalize("NFKC", base) == unicodedata.normalize("NFKC", h), (h, v)
    for h, v in VERTICAL_QUOTES.items():
        assert vertical_form(h) == v and unicodedata.decomposition(v).split()[1] in ("300C", "300D", "300E", "300F")
    assert vertical_form("中") == "中"
    face = book.stack("biaosong").primary
    assert face.gids[vertical_form("，")] == face.gids["︐"] != face.gids["，"]     # the glyph a vertical line draws


def test_catalogue_resolves_names_families_and_files(tmp_path):
    cat = load_catalogue()
    loc = Loc("e.yaml", 3, 9)
    assert cat.resolve("Noto Sans CJK SC Regular", ".", loc).key == "noto-sans-cjk-sc-regular"
    assert cat.resolve("LXGW WenKai", ".", loc).key == "lxgw-wenkai-regular"   # family: default weight
    assert cat.resolve("noto serif cjk sc bold", ".", loc).key == "noto-serif-cjk-sc-bold"
    with pytest.raises(EditionError) as err:
        cat.resolve("Noto Serif CJK SC Blod", ".", loc)
    assert str(err.value) == "e.yaml:3:9: unknown font 'Noto Serif CJK SC Blod'; did you mean 'Noto Serif CJK SC Bold'?"
    with pytest.raises(EditionError, match=r"e.yaml:3:9: font file .*nothere.ttf does not exist"):
        cat.resolve("fonts/nothere.ttf", str(tmp_path), loc)
    serif = cat.faces["Noto Serif CJK SC Regular"]
    ttc = tmp_path / "my.ttc"
    ttc.write_bytes(b"ttcf\x00\x01\x00\x00\x00\x00\x00\x04")   # a collection header: 4 faces
    face = cat.resolve("my.ttc#3", str(tmp_path), loc)
    assert (face.path, face.index, face.key) == (str(ttc), 3, "file-my-3")
    assert serif.package == "fonts-noto-cjk" and serif.index == 2
    assert "sudo apt-get install fonts-noto-cjk" in serif.install_hint()


def _edition(tmp_path: Path, fonts: dict[str, str], styles=None) -> Edition:
    return Edition(
        format=1,
        edition=EditionInfo(paper="测试报", date=datetime.date(2023, 9, 18), issue=1, serial=1, permit="", url=""),
        page=PageSetup(width=800, height=1100, size_name="custom", bleed=9, margins=Margins(20, 20, 20, 20)),
        fonts=fonts, styles=styles or default_styles(9.0), articles=[], pages=[],
        source=str(tmp_path / "e.yaml"), base_dir=str(tmp_path),
        font_locs={r: Loc("e.yaml", 5 + i, 9) for i, r in enumerate(fonts)})


def test_edition_fonts_override_roles(book, tmp_path):
    ed = _edition(tmp_path, {"kai": "Noto Sans CJK SC Bold", "fangsong": "LXGW WenKai"})
    b = FontBook.for_edition(ed, progress=False)
    assert b.stack("kai").primary.key == "noto-sans-cjk-sc-bold"
    assert b.stack("fangsong").primary.key == "lxgw-wenkai-regular"
    assert b.stack("song").primary.key == "noto-serif-cjk-sc-regular"


def test_edition_font_errors_point_at_the_value(tmp_path):
    styles = default_styles(9.0)
    styles["byline"].font = "kaiti"
    styles["byline"].locs["font"] = Loc("e.yaml", 40, 11)
    ed = _edition(tmp_path, {"song": "Noto Serif CJK SC Reguler", "hei": "missing.otf"}, styles)
    with pytest.raises(EditionError) as err:
        FontBook.for_edition(ed, progress=False)
    msgs = [str(d) for d in err.value.diagnostics]
    assert msgs[0] == ("e.yaml:5:9: unknown font 'Noto Serif CJK SC Reguler'; "
                       "did you mean 'Noto Serif CJK SC Regular'?")
    assert msgs[1].startswith("e.yaml:6:9: font file ") and msgs[1].endswith("missing.otf does not exist")
    assert msgs[2].startswith("e.yaml:40:11: unknown font role 'kaiti'")
    assert "did you mean 'kai'?" in msgs[2]


def test_layout_fonts_report(capsys):
    from layout.fonts.report import run_fonts
    assert run_fonts(None) == 0
    out = capsys.readouterr().out
    assert "song      Noto Serif CJK SC Regular" in out
    assert "NotoSerifCJK-Regular.ttc#2" in out and "fonts-lxgw-wenkai" in out
    assert "GB 2312 100.0%" in out and "prepared yes" in out


def test_glyphs_render(book, tmp_path):
    """The embedded programs are real outlines: PDFium draws ink on every line."""
    pdfium = pytest.importorskip("pypdfium2")
    pdf = tmp_path / "render.pdf"
    write_pdf(pdf, book, LINES + [("song", RARE)])
    doc = pdfium.PdfDocument(str(pdf))
    img = doc[0].render(scale=2).to_pil().convert("L")
    doc.close()
    for i in range(len(LINES) + 1):
        y = int((300 - (260 - 30 * i)) * 2)          # baseline, top-down, at scale 2
        band = img.crop((40, y - 16, 500, y + 4))
        assert band.getextrema()[0] < 100, f"line {i} has no ink"


def test_embedded_fonts_parse_with_fonttools(book):
    """The byte-level subsets are well-formed: fontTools reads them, glyphs have outlines."""
    import io

    from fontTools.cffLib import CFFFontSet
    from fontTools.pens.boundsPen import BoundsPen
    from fontTools.ttLib import TTFont

    from layout.fonts import subset as sub
    song = book.stack("song").primary
    codes = sorted(song.gids[c] for c in "中国" + RARE)
    parts = [sub.parse_cff_part(song.read_part(i)) for i in range(len(song.parts))]
    cff = CFFFontSet()
    cff.decompile(io.BytesIO(sub.build_cff(parts, codes, b"ABCDEF+Test", song.part_of)), None)
    top = cff[cff.fontNames[0]]
    assert top.charset == [".notdef"] + [f"cid{c:05d}" for c in codes]   # CIDs kept
    for c in codes:
        pen = BoundsPen(None)
        top.CharStrings[f"cid{c:05d}"].draw(pen)
        assert pen.bounds is not None
    kai = book.stack("kai").primary
    codes = [kai.gids[c] for c in "楷书" + RARE]
    parts = [sub.parse_tt_part(kai.read_part(i)) for i in range(len(kai.parts))]
    tt = TTFont(io.BytesIO(sub.build_truetype(parts, codes, kai.part_of)), checkChecksums=2)
    glyf = tt["glyf"]
    for c in codes:
        assert glyf[tt.getGlyphName(c)].numberOfContours != 0


def test_font_file_with_a_bad_collection_index_is_an_input_error(tmp_path):
    cat = load_catalogue()
    serif = cat.faces["Noto Serif CJK SC Regular"]
    if not serif.installed:
        pytest.skip("fonts-noto-cjk is not installed")
    loc = Loc("e.yaml", 7, 9)
    with pytest.raises(EditionError, match=r"e.yaml:7:9: .*the collection has 5 faces \(#0 to #4\), not #9"):
        cat.resolve(serif.path + "#9", str(tmp_path), loc)
    assert cat.resolve(serif.path + "#2", str(tmp_path), loc) is serif   # a known file keeps its package
    junk = tmp_path / "junk.ttf"
    junk.write_bytes(b"not a font at all")
    with pytest.raises(EditionError, match="not a TrueType or OpenType font"):
        cat.resolve("junk.ttf", str(tmp_path), loc)


def test_ensure_for_some_roles_only(book):
    rare = "鍟"   # outside GB 2312; a face prepares it only when its role asks for it
    assert rare not in base_chars()
    b = FontBook.default(progress=False)
    b.ensure(rare, roles=["hei"])
    assert b.stack("hei").primary.has(rare)
    assert not b.stack("song").primary.has(rare)
    assert b.stack("song").face_of(rare) is b.stack("song").primary   # the safety net prepares it late


def test_in_base_matches_the_prepared_set():
    from layout.fonts.charset import in_base
    chars = base_chars()
    for c in range(0x30000):
        if not 0xD800 <= c <= 0xDFFF:
            assert in_base(chr(c)) == (chr(c) in chars), hex(c)
