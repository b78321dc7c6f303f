"""Valid editions load into the model with the right values, defaults and source locations."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from layout.errors import EditionError
from layout.model.edition import BLACK, NO_COLOUR, RED, STYLE_NAMES, Cmyk, Loc, Span
from layout.model.loader import load_edition, load_edition_text, split_paragraphs
from layout.model.units import UnitError, parse_colour, parse_length, parse_range

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "editions" / "2023-09-18.yaml"
MM = 72 / 25.4

MINIMAL = """\
format: 1
edition:
  paper: 徐汇报
  date: 2023-09-18
  issue: 38
  serial: 1744
  permit: 准印证号(B)0150
  url: http://www.xuhuibao.com
page:
  margins: {top: 20mm, bottom: 20mm, left: 15mm, right: 15mm}
articles:
  - id: lead
    headline: 动员会举行
    body: 正文。
pages:
  - blocks:
      - article: lead
        columns: 1-8
        lines: 3
"""

FULL = """\
format: 1
edition:
  paper: 徐汇报
  date: 2023-09-18
  issue: 38
  serial: 1744
  permit: 准印证号(B)0150
  url: http://www.xuhuibao.com
  channels:
    - {label: 徐汇通 APP, url: "http://example.com/app"}
    - label: 上海徐汇微信
      url: http://example.com/wechat
page:
  size: [300mm, 42cm]
  bleed: 5mm
  margins: {top: 1in, bottom: 20mm, left: 36pt, right: 2em}
  columns: 6
  gutter: 4mm
  body: {font: kai, size: 10pt, leading: 1.5em}
  print: {icc: profiles/plant.icc, condition: ISO newspaper 26, ink_limit: 220, rich_black: true}
fonts:
  song: Noto Serif CJK SC
  biaosong: fonts/biaosong.otf
  hei-bold: Noto Sans CJK SC Bold
styles:
  headline: {font: biaosong, size: 3em, leading: 36pt, color: red}
  byline: {color: cmyk(0, 0, 0, 80)}
  masthead: {size: auto}
jumps:
  to: （转第{page}版）
  from: "（接第{page}版）"
compose: kaiming
articles:
  - id: theme-education
    kicker: 引题
    headline: 主题
    subhead: 副题
    byline: □ 记者 刘坤 陆海捷
    body: |
      9月13日上午，
      动员会举行。

      第二段 with English
      words and 2023
      numbers.
    images:
      - {file: photos/a.jpg, caption: 图说, credit: 摄影 某某, fit: fit}
  - id: second-2
    headline: 2023
    body: 正文。
pages:
  - number: 1
    section: 要闻
    editor: 某某
    blocks:
      - masthead: {logo: photos/logo.png, color: cmyk(0, 100, 100, 10)}
        columns: 1-6
        lines: 1-10
      - article: theme-education
        columns: 1-4
        lines: 11-40
        headline: {lines: 6, columns: 2-4, orient: vertical}
        box: {rule: 0.75pt, tint: cmyk(0,0,0,8), color: black}
      - image: {file: photos/a.jpg, caption: 图, credit: 摄影, fit: fit}
        columns: 5-6
        lines: 11-20
      - image:
          file: photos/a.jpg
        columns: 5-6
        lines: 21-30
  - section: 综合
    blocks:
      - article: theme-education
        columns: 1
        lines: 1-5
      - article: second-2
        columns: 2-6
        lines: 1-5
        box: {}
"""


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "photos").mkdir(exist_ok=True)
    (tmp_path / "profiles").mkdir(exist_ok=True)
    for name in ("photos/a.jpg", "photos/logo.png"):
        (tmp_path / name).write_bytes(b"stand-in")
    # `check` reads the profile's header (it refuses what `print` would): a CMYK one
    header = bytearray(128)
    header[16:20], header[36:40] = b"CMYK", b"acsp"
    (tmp_path / "profiles" / "plant.icc").write_bytes(bytes(header))
    path = tmp_path / "edition.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_minimal_edition_defaults(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL)
    ed = load_edition(str(path))
    assert ed.format == 1 and ed.source == str(path) and ed.base_dir == str(tmp_path)
    assert ed.edition.date == dt.date(2023, 9, 18)
    assert ed.edition.weekday == "星期一"
    assert ed.edition.date_cn == "2023年9月18日"
    assert (ed.edition.issue, ed.edition.serial) == (38, 1744)
    assert ed.edition.channels == []
    page = ed.page
    assert page.size_name == "broadsheet"
    assert page.width == pytest.approx(390 * MM) and page.height == pytest.approx(545 * MM)
    assert page.bleed == pytest.approx(8.5039, abs=1e-4)
    assert page.margins.top == pytest.approx(56.6929, abs=1e-4)
    assert page.columns == 8 and page.gutter == 9.0
    assert (page.body.font, page.body.size, page.body.leading) == ("song", 9.0, 14.0)
    assert page.print.icc is None and page.print.ink_limit == 240.0 and page.print.rich_black is False
    assert ed.fonts == {} and ed.font_locs == {}
    assert set(ed.styles) == set(STYLE_NAMES)
    assert ed.styles["headline"].size is None and ed.styles["byline"].size == 9.0
    assert ed.styles["masthead"].color == RED
    assert ed.jumps.to == "（下转第{page}版）" and ed.jumps.from_ == "（上接第{page}版）"
    assert ed.compose == "quanjiao"
    art = ed.article("lead")
    assert (art.kicker, art.subhead, art.byline, art.images) == (None, None, None, [])
    assert art.paragraphs == ["正文。"]
    [pg] = ed.pages
    assert pg.number == 1 and pg.section is None and pg.editor is None
    [block] = pg.blocks
    assert (block.kind, block.article, block.columns, block.lines) == ("article", "lead", Span(1, 8), Span(3, 3))
    assert block.headline is None and block.box is None and block.index == 0


def test_full_edition_every_key(tmp_path: Path) -> None:
    path = write(tmp_path, FULL)
    ed = load_edition(str(path))
    info = ed.edition
    assert [(c.label, c.url) for c in info.channels] == [("徐汇通 APP", "http://example.com/app"),
                                                        ("上海徐汇微信", "http://example.com/wechat")]
    assert info.channels[1].locs["url"] == Loc(str(path), 12, 12)

    page = ed.page
    assert page.size_name == "custom"
    assert page.width == pytest.approx(300 * MM) and page.height == pytest.approx(420 * MM)
    assert page.bleed == pytest.approx(5 * MM)
    assert page.margins.top == pytest.approx(72.0)
    assert page.margins.bottom == pytest.approx(20 * MM)
    assert page.margins.left == 36.0
    assert page.margins.right == pytest.approx(20.0)       # 2em of the 10pt body
    assert page.columns == 6 and page.gutter == pytest.approx(4 * MM)
    assert (page.body.font, page.body.size, page.body.leading) == ("kai", 10.0, 15.0)
    assert page.print.icc == str(tmp_path / "profiles" / "plant.icc")
    assert page.print.condition == "ISO newspaper 26"
    assert page.print.ink_limit == 220 and page.print.rich_black is True

    assert ed.fonts == {"song": "Noto Serif CJK SC", "biaosong": "fonts/biaosong.otf",
                        "hei-bold": "Noto Sans CJK SC Bold"}
    assert ed.font_locs["biaosong"] == Loc(str(path), 23, 13)

    headline = ed.styles["headline"]
    assert (headline.font, headline.size, headline.leading, headline.color) == ("biaosong", 30.0, 36.0, RED)
    assert ed.styles["byline"].color == Cmyk(0, 0, 0, 0.8)
    assert ed.styles["byline"].size == 10.0               # defaults follow the body size
    assert ed.styles["kicker"].size == 15.0
    assert ed.styles["masthead"].size is None

    assert ed.jumps.to == "（转第{page}版）" and ed.jumps.from_ == "（接第{page}版）"
    assert ed.compose == "kaiming"

    art = ed.article("theme-education")
    assert (art.kicker, art.headline, art.subhead, art.byline) == ("引题", "主题", "副题", "□ 记者 刘坤 陆海捷")
    assert art.paragraphs == ["9月13日上午，动员会举行。", "第二段 with English words and 2023 numbers."]
    [img] = art.images
    assert (img.file, img.caption, img.credit, img.fit) == ("photos/a.jpg", "图说", "摄影 某某", "fit")
    assert img.path == str(tmp_path / "photos" / "a.jpg")
    assert ed.article("second-2").headline == "2023"      # a number as headline stays its text

    p1, p2 = ed.pages
    assert (p1.number, p1.section, p1.editor) == (1, "要闻", "某某")
    assert (p2.number, p2.section, p2.editor) == (2, "综合", None)
    mast, lead, photo, photo2 = p1.blocks
    assert mast.kind == "masthead" and mast.masthead is not None
    assert mast.masthead.logo == "photos/logo.png"
    assert mast.masthead.logo_path == str(tmp_path / "photos" / "logo.png")
    assert mast.masthead.color == Cmyk(0, 1, 1, 0.1)
    assert lead.headline is not None and lead.box is not None
    assert (lead.headline.lines, lead.headline.columns, lead.headline.orient) == (6, Span(2, 4), "vertical")
    assert lead.box.rule == 0.75 and lead.box.tint == Cmyk(0, 0, 0, 0.08) and lead.box.color == BLACK
    assert photo.image is not None and photo.name == "image photos/a.jpg"
    assert (photo.image.caption, photo.image.credit, photo.image.fit) == ("图", "摄影", "fit")
    assert photo2.image is not None and photo2.image.fit == "crop" and photo2.image.caption is None
    assert [b.index for b in p1.blocks] == [0, 1, 2, 3]
    assert lead.locs["columns"] == Loc(str(path), 60, 18)
    assert lead.loc == Loc(str(path), 59, 9)
    cont, second = p2.blocks
    assert (cont.columns, cont.lines) == (Span(1, 1), Span(1, 5))
    assert second.box is not None and second.box.tint == NO_COLOUR and second.box.rule == 0.5


def test_load_edition_text_resolves_files_against_base_dir(tmp_path: Path) -> None:
    write(tmp_path, FULL)
    ed = load_edition_text(FULL, "inline.yaml", str(tmp_path))
    assert ed.source == "inline.yaml"
    assert ed.pages[0].blocks[2].locs["columns"].file == "inline.yaml"
    with pytest.raises(EditionError) as info:
        load_edition_text(FULL, "inline.yaml", str(tmp_path / "elsewhere"))
    lines = str(info.value).splitlines()
    assert [ln.split(": ")[0] for ln in lines] == ["inline.yaml:20:16", "inline.yaml:47:16", "inline.yaml:56:26",
                                                   "inline.yaml:64:23", "inline.yaml:68:17"]
    assert lines[1] == ("inline.yaml:47:16: article theme-education image 1.file: file 'photos/a.jpg' does not "
                        "exist (paths are relative to the edition's folder)")


def test_yaml_aliases_and_merge_keys_are_data(tmp_path: Path) -> None:
    """Ordinary anchors are fine; only an explosion of them is refused."""
    text = MINIMAL.replace("page:\n", "page:\n  bleed: &b 4mm\n").replace(
        "  - blocks:\n      - article: lead\n        columns: 1-8\n        lines: 3\n",
        "  - blocks:\n      - &blk {article: lead, columns: 1-4, lines: 3}\n"
        "      - {<<: *blk, columns: 5-8}\n")
    ed = load_edition(str(write(tmp_path, text)))
    assert ed.page.bleed == pytest.approx(4 * MM)
    assert [(b.article, b.columns, b.lines) for b in ed.pages[0].blocks] == [
        ("lead", Span(1, 4), Span(3, 3)), ("lead", Span(5, 8), Span(3, 3))]


def test_flow_mapping_colour_with_commas(tmp_path: Path) -> None:
    """The format's own example writes `{tint: cmyk(0,0,0,8)}` unquoted inside a flow mapping."""
    text = MINIMAL.replace("        lines: 3\n",
                           "        lines: 3\n        box: {tint: cmyk(0, 0, 0, 8), rule: 1pt}\n")
    ed = load_edition(str(write(tmp_path, text)))
    box = ed.pages[0].blocks[0].box
    assert box is not None and box.tint == Cmyk(0, 0, 0, 0.08) and box.rule == 1.0


def test_bom_is_accepted(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert load_edition(str(path)).edition.paper == "徐汇报"


@pytest.mark.parametrize(("text", "points"), [
    ("3mm", 8.5039), ("1.5cm", 42.5197), ("9pt", 9.0), ("0.5in", 36.0), ("1em", 10.0), ("2.5em", 25.0),
    (12, 12.0), (0.5, 0.5), ("7", 7.0), (" 3 mm ", 8.5039), ("0", 0.0), (".5pt", 0.5),
])
def test_parse_length(text: object, points: float) -> None:
    assert parse_length(text, em=10.0) == pytest.approx(points, abs=1e-4)


@pytest.mark.parametrize(("text", "message"), [
    ("-3mm", "negative"), (-1, "negative"), ("3px", "unknown unit 'px'"), ("3 furlongs", "unknown unit"),
    ("mm", "expected a length"), (True, "expected a length"), (None, "expected a length"),
    ([3], "expected a length"), ("1em", "cannot be used here"),
])
def test_parse_length_errors(text: object, message: str) -> None:
    with pytest.raises(UnitError, match=message):
        parse_length(text, em=None)


@pytest.mark.parametrize(("text", "colour"), [
    ("cmyk(0, 100, 100, 0)", Cmyk(0, 1, 1, 0)), ("cmyk(0,0,0,8)", Cmyk(0, 0, 0, 0.08)),
    ("CMYK(10, 20, 30, 40)", Cmyk(0.1, 0.2, 0.3, 0.4)), ("black", BLACK), ("red", RED), ("none", NO_COLOUR),
])
def test_parse_colour(text: str, colour: Cmyk) -> None:
    assert parse_colour(text) == colour


@pytest.mark.parametrize(("text", "message"), [
    ("cmyk(0, 0, 0, 120)", "k=120 is outside 0-100"), ("cmyk(-1, 0, 0, 0)", "c=-1 is outside"),
    ("cmyk(0, 0, 0)", "takes 4 values"), ("cmyk(a, 0, 0, 0)", "not a number"), ("blue", "unknown colour"),
    (5, "expected a colour"),
])
def test_parse_colour_errors(text: object, message: str) -> None:
    with pytest.raises(UnitError, match=message):
        parse_colour(text)


@pytest.mark.parametrize(("value", "span"), [
    ("2-5", Span(2, 5)), (3, Span(3, 3)), ("3", Span(3, 3)), ("1 - 8", Span(1, 8)), ("4-4", Span(4, 4)),
])
def test_parse_range(value: object, span: Span) -> None:
    assert parse_range(value) == span
    assert parse_range(value).count == span.last - span.first + 1


@pytest.mark.parametrize(("value", "message"), [
    ("5-2", "reversed"), (0, "numbered from 1"), ("0-3", "numbered from 1"), ("a-b", "expected a range"),
    (2.5, "whole"), (None, "expected a range"),
])
def test_parse_range_errors(value: object, message: str) -> None:
    with pytest.raises(UnitError, match=message):
        parse_range(value)


@pytest.mark.parametrize(("body", "paragraphs"), [
    ("甲乙\n丙丁\n", ["甲乙丙丁"]),
    ("甲，\n乙。\n\n丙。\n", ["甲，乙。", "丙。"]),
    ("one\ntwo\n", ["one two"]),
    ("2023\n年\n", ["2023年"]),                                  # digit then CJK: no space
    ("的\nAPP\n", ["的APP"]),
    ("他说：“\nABC”\n", ["他说：“ABC”"]),                          # curly quote is CJK punctuation here
    ("\n\n  first  \n   \n\t\nsecond\n\n\n", ["first", "second"]),  # whitespace-only lines separate
    ("　　缩进\n", ["　　缩进"]),                                     # typed ideographic spaces are kept
])
def test_split_paragraphs(body: str, paragraphs: list[str]) -> None:
    assert split_paragraphs(body) == paragraphs


@pytest.mark.skipif(not SAMPLE.exists(), reason="the sample edition is not written yet")
def test_sample_edition() -> None:
    ed = load_edition(str(SAMPLE))
    assert ed.edition.paper == "徐汇报"
    assert ed.edition.date == dt.date(2023, 9, 18) and ed.edition.weekday == "星期一"
    assert (ed.edition.issue, ed.edition.serial, ed.edition.permit) == (38, 1744, "准印证号(B)0150")
    assert [c.label for c in ed.edition.channels] == ["徐汇通 APP", "上海徐汇微信", "上海徐汇发布微博", "上海徐汇抖音"]
    assert len(ed.pages) >= 2 and [p.number for p in ed.pages] == list(range(1, len(ed.pages) + 1))
    first = ed.pages[0].blocks
    assert first[0].kind == "masthead"
    for page in ed.pages:
        for block in page.blocks:
            assert 1 <= block.columns.first <= block.columns.last <= ed.page.columns
    lead = next(b for b in first if b.kind == "article")
    assert lead.article is not None
    # The lead continues on page 2 (转版).
    assert any(b.article == lead.article for b in ed.pages[1].blocks)
    assert ed.page.bleed == pytest.approx(8.5039, abs=1e-4)
    assert "区领导走访调研区内科技企业" in [a.headline for a in ed.articles]
