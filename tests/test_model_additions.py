"""The 2026-12 additions to format 1 (spec: "Additions to format 1"): what they load into, and
every misuse through `layout check` with its exact `FILE:LINE:COL: message`.

The error cases are edits of test_model_errors.BASE (its line numbers are listed there),
sometimes with other files beside the edition (a base file, a copy file): the location
may be in one of those.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from test_model_errors import BASE, edit, run_in_process, write

from layout.model.edition import LinesSpec, Span
from layout.model.loader import load_edition

# A base file for `extends`: standing settings and a masthead template.
WEEKLY = """\
format: 1
edition:
  paper: 徐汇报
  date: 2023-09-18
  issue: 38
  serial: 1744
  permit: 准印证号(B)0150
  url: http://www.xuhuibao.com
page:
  size: tabloid
  margins: {top: 15mm, bottom: 15mm, left: 12mm, right: 12mm}
  columns: 6
  body: {size: 9pt, leading: 14pt}
templates:
  front:
    section: 要闻
    blocks:
      - masthead: {}
        columns: 1-6
        lines: 1-10
articles:
  - id: notice
    headline: 停水通知
    body: 明日停水。
"""
# WEEKLY's lines: 14 templates  15 front  16 section  18 masthead  21 articles  22 id notice

THIS_WEEK = """\
extends: weekly.yaml
edition: {issue: 39}
articles:
  - id: lead
    headline: 学习贯彻动员会举行
    body: 动员会举行。
pages:
  - template: front
    editor: 某某
    blocks:
      - article: lead
        columns: 1-6
        lines: 11-40
      - article: notice
        columns: 1-6
        lines: after-auto
"""
# THIS_WEEK's lines: 1 extends  4 id lead  8 template  11 article lead  16 lines after-auto


@dataclass
class Case:
    name: str
    text: str
    line: int
    col: int
    message: str            # the whole message; {dir} is the test's folder
    where: str = "edition.yaml"
    files: dict[str, str | bytes] = field(default_factory=dict)


WITH_IMAGE = "        lines: 11-60\n"      # line 30 of BASE; insert keys of the lead block after it
LEAD_BODY = "    body: |\n      9月13日上午，动员会举行。\n"   # lines 17-18 of BASE

CASES = [
    # -- geometry that follows the copy
    Case("auto-below-grid", edit("lines: 11-60", "lines: 80-auto"), 30, 16,
         "block 2 (article lead) leaves the type area on page 1: lines 80-auto but the grid has 72 lines"),
    Case("after-end-below-grid", edit("lines: 11-60", "lines: after-90"), 30, 16,
         "block 2 (article lead) leaves the type area on page 1: lines after-90 but the grid has 72 lines"),
    Case("auto-from-zero", edit("lines: 11-60", "lines: 0-auto"), 30, 16, "lines 0-auto: lines are numbered from 1"),
    Case("separation-negative", edit("  columns: 6", "  columns: 6\n  separation: -1"), 13, 15,
         "page.separation -1 is too small (at least 0)"),
    Case("separation-absurd", edit("  columns: 6", "  columns: 6\n  separation: 50"), 13, 15,
         "page.separation 50 is absurd (at most 20)"),
    # -- extends and templates
    Case("extends-missing", "extends: weekly.yaml\n" + BASE, 1, 10,
         "extends: file 'weekly.yaml' does not exist (paths are relative to the folder of the file that "
         "names them)"),
    Case("extends-cycle", "extends: weekly.yaml\n" + BASE, 1, 10,
         "extends: 'edition.yaml' makes a cycle: {dir}/edition.yaml -> {dir}/weekly.yaml -> {dir}/edition.yaml",
         where="weekly.yaml", files={"weekly.yaml": "extends: edition.yaml\n"}),
    Case("error-in-base", THIS_WEEK, 12, 3, "unknown key 'colums' in page; did you mean 'columns'?",
         where="weekly.yaml", files={"weekly.yaml": WEEKLY.replace("  columns: 6", "  colums: 6")}),
    Case("syntax-in-base", THIS_WEEK, 5, 11, "YAML syntax error: mapping values are not allowed in this context; "
         'the text contains \': \': put the text in quotes (issue: "a: 38")',
         where="weekly.yaml", files={"weekly.yaml": WEEKLY.replace("  issue: 38", "  issue: a: 38")}),
    Case("duplicate-id-across-files", THIS_WEEK.replace("id: lead", "id: notice").replace(
        "article: lead", "article: notice\n        headline: {lines: 3}"), 4, 9,
         "duplicate article id 'notice' (first at {dir}/weekly.yaml:22)", files={"weekly.yaml": WEEKLY}),
    Case("unknown-template", THIS_WEEK.replace("template: front", "template: frnt"), 8, 15,
         "page 1: unknown template 'frnt'; did you mean 'front'?", files={"weekly.yaml": WEEKLY}),
    Case("no-templates", edit("  - section: 要闻", "  - template: front"), 23, 15,
         "page 1: unknown template 'front'; no templates are defined (top-level `templates:`)"),
    Case("template-unknown-key", THIS_WEEK, 16, 5, "unknown key 'sectoin' in template front; "
         "did you mean 'section'?", where="weekly.yaml",
         files={"weekly.yaml": WEEKLY.replace("    section: 要闻", "    sectoin: 要闻")}),
    # -- copy from files
    Case("file-and-body", edit("    body: 正文。", "    body: 正文。\n    file: copy/tech.txt"), 22, 11,
         "article tech: has both `body` and `file`; give the copy in exactly one",
         files={"copy/tech.txt": "正文。\n"}),
    Case("file-missing", edit("    body: 正文。", "    file: copy/tech.txt"), 21, 11,
         "article tech: file: file 'copy/tech.txt' does not exist (paths are relative to the edition's folder)"),
    Case("file-not-copy", edit("    body: 正文。", "    file: copy/tech.md"), 21, 11,
         "article tech: file 'copy/tech.md': copy comes from a .txt or .docx file",
         files={"copy/tech.md": "正文。\n"}),
    Case("docx-not-docx", edit("    body: 正文。", "    file: copy/tech.docx"), 21, 11,
         "article tech: file: not a Word .docx file (PackageNotFoundError); save the copy as .docx or .txt",
         files={"copy/tech.docx": "正文。\n"}),
    Case("txt-neither-encoding", edit("    body: 正文。", "    file: copy/tech.txt"), 2, 3,
         "the copy file is neither UTF-8 nor GB18030: byte 0xff cannot start a character here; save it as UTF-8",
         where="copy/tech.txt", files={"copy/tech.txt": "第一段。\n第二".encode("gb18030") + b"\xff\n"}),
    Case("txt-empty", edit("    body: 正文。", "    file: copy/tech.txt"), 21, 11,
         "article tech: file 'copy/tech.txt' has no text", files={"copy/tech.txt": "\n\u3000\u3000\n  \n"}),
    # -- headlines
    Case("headline-size-absurd", edit(WITH_IMAGE, WITH_IMAGE + "        headline: {size: 1000pt}\n"), 31, 26,
         "headline.size 1000pt is absurd (at most 400pt)"),
    Case("headline-size-not-length", edit(WITH_IMAGE, WITH_IMAGE + "        headline: {size: big}\n"), 31, 26,
         "headline.size: expected a length such as 3mm or 9pt, got 'big'"),
    # -- photos
    Case("focus-outside", edit("caption: 图}", "caption: 图, focus: [2, 0.5]}"), 31, 57,
         "block 3 on page 1: image.focus x 2 is outside 0-1"),
    Case("focus-not-pair", edit("caption: 图}", "caption: 图, focus: 0.5}"), 31, 56,
         "block 3 on page 1: image.focus: expected [x, y] with fractions 0-1 of the photo's width and height, "
         "such as [0.5, 0.25], got the number 0.5"),
    Case("height-on-photo-block", edit("caption: 图}", "caption: 图, height: 12}"), 31, 49,
         "block 3 on page 1: image: `height` only applies to an article's images (a photo block's height is "
         "its lines)"),
    Case("article-image-height-zero", edit(LEAD_BODY, LEAD_BODY + "    images:\n      - {file: photos/a.jpg, "
                                                                   "height: 0}\n"), 20, 38,
         "article lead image 1.height 0 is too small (at least 1)"),
    Case("photo-of-unknown-article", edit("caption: 图}", "caption: 图}\n        article: tehc"), 32, 18,
         "block 3 on page 1: unknown article 'tehc'; did you mean 'tech'?"),
    Case("ppi-crossed", edit("  columns: 6", "  columns: 6\n  print: {min_ppi: 400, max_ppi: 300}"), 13, 20,
         "page.print.min_ppi 400 is more than max_ppi 300"),
    Case("ppi-absurd", edit("  columns: 6", "  columns: 6\n  print: {max_ppi: 0}"), 13, 20,
         "page.print.max_ppi 0 is outside 1-2400"),
    # -- automatic make-up
    Case("listed-unknown", edit("  - section: 要闻", "  - section: 要闻\n    articles: [tehc]"), 24, 16,
         "page 1: articles: unknown article 'tehc'; did you mean 'tech'?"),
    Case("listed-twice", edit("      - article: tech\n        columns: 5-6\n        lines: 31-60\n",
                              "  - articles: [tech]\n  - articles: [tech]\n"), 35, 16,
         "page 3: articles: article 'tech' is already listed on page 2 (line 34); an article is made up on "
         "one page"),
    Case("listed-and-placed", edit("  - section: 要闻", "  - section: 要闻\n    articles: [tech]"), 24, 16,
         "page 1: articles: article 'tech' already has a block on page 1; list it under `articles:` or place "
         "it in blocks, not both"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_misused_addition(tmp_path: Path, case: Case) -> None:
    for name, content in case.files.items():
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    path = write(tmp_path, case.text)
    result = run_in_process(path)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 2, (result.returncode, result.stderr)
    expected = f"{tmp_path / case.where}:{case.line}:{case.col}: {case.message.format(dir=tmp_path)}"
    assert expected in result.stderr.splitlines(), f"expected\n{expected}\nin\n{result.stderr}"


# -- what the additions load into -------------------------------------------------------------


def test_auto_and_after_lines_are_provisional_spans(tmp_path: Path) -> None:
    text = edit("lines: 11-60", "lines: 11-auto", "lines: 31-60", "lines: after-auto",
                "        lines: 11-30\n", "        lines: after-30\n")
    ed = load_edition(str(write(tmp_path, text)))
    blocks = ed.pages[0].blocks
    assert blocks[0].lines_spec is None and blocks[0].lines == Span(1, 10)
    lead, photo, tech = blocks[1:]
    assert lead.lines == Span(11, 72)
    assert lead.lines_spec == LinesSpec(after=False, auto=True, first=11, last=None, loc=lead.lines_spec.loc)
    assert (lead.lines_spec.loc.line, lead.lines_spec.loc.col) == (30, 16)
    assert photo.lines == Span(1, 30) and photo.lines_spec.after and not photo.lines_spec.auto
    assert tech.lines == Span(1, 72) and tech.lines_spec.after and tech.lines_spec.auto
    assert ed.page.separation == 1


def test_extends_and_templates(tmp_path: Path) -> None:
    (tmp_path / "weekly.yaml").write_text(WEEKLY, encoding="utf-8")
    ed = load_edition(str(write(tmp_path, THIS_WEEK)))
    assert ed.edition.issue == 39 and ed.edition.serial == 1744        # merged key by key
    assert [a.id for a in ed.articles] == ["notice", "lead"]          # the base's first
    page = ed.pages[0]
    assert page.template == "front" and (page.section, page.editor) == ("要闻", "某某")
    assert [b.name for b in page.blocks] == ["masthead", "article lead", "article notice"]
    assert [b.index for b in page.blocks] == [0, 1, 2]
    assert page.blocks[0].loc.file == str(tmp_path / "weekly.yaml")  # located where it is written
    assert ed.inputs[:2] == [str(tmp_path / "edition.yaml"), str(tmp_path / "weekly.yaml")]


def test_own_section_wins_over_template(tmp_path: Path) -> None:
    (tmp_path / "weekly.yaml").write_text(WEEKLY, encoding="utf-8")
    ed = load_edition(str(write(tmp_path, THIS_WEEK.replace("    editor: 某某", "    section: 专题"))))
    assert (ed.pages[0].section, ed.pages[0].editor) == ("专题", None)


def test_subheads_and_forced_breaks(tmp_path: Path) -> None:
    body = "    body: |\n      第一段，\n      接着。\n\n      ## 小标题\n\n      落款 \\\n      2023年9月18日\n"
    ed = load_edition(str(write(tmp_path, edit(LEAD_BODY, body))))
    lead = ed.article("lead")
    assert lead.paragraphs == ["第一段，接着。", "小标题", "落款\n2023年9月18日"]
    assert lead.subheads == frozenset({1})
    assert [(loc.line, loc.col) for loc in lead.paragraph_locs] == [(18, 7), (21, 10), (23, 7)]
    assert lead.file is None


def test_typed_headline_breaks(tmp_path: Path) -> None:
    text = edit("    headline: 学习贯彻动员会举行", '    kicker: "引题\\n两行"\n    headline: |\n      学习贯彻\n      动员会举行')
    lead = load_edition(str(write(tmp_path, text))).article("lead")
    assert (lead.kicker, lead.headline) == ("引题\n两行", "学习贯彻\n动员会举行")


TXT = "\u3000\u3000第一段，有全角缩进。\n\n  第二段。\n## 小标题\n落款 \\\n九月\n"
TXT_PARAGRAPHS = ["第一段，有全角缩进。", "第二段。", "小标题", "落款 \\", "九月"]   # every line a paragraph


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_copy_from_txt(tmp_path: Path, encoding: str) -> None:
    (tmp_path / "copy").mkdir()
    (tmp_path / "copy" / "tech.txt").write_bytes(TXT.encode(encoding))
    ed = load_edition(str(write(tmp_path, edit("    body: 正文。", "    file: copy/tech.txt"))))
    tech = ed.article("tech")
    assert tech.paragraphs == TXT_PARAGRAPHS and tech.subheads == frozenset({2})
    assert tech.file == "copy/tech.txt"
    copy = str(tmp_path / "copy" / "tech.txt")
    assert [str(loc) for loc in tech.paragraph_locs] == [f"{copy}:1:3", f"{copy}:3:3", f"{copy}:4:4",
                                                         f"{copy}:5:1", f"{copy}:6:1"]
    assert copy in ed.inputs


def test_copy_from_docx(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("第一段。")
    document.add_paragraph("")
    document.add_paragraph("\u3000\u3000第二段。")
    signed = document.add_paragraph("落款")
    signed.add_run().add_break()
    signed.add_run("九月")
    (tmp_path / "copy").mkdir()
    document.save(str(tmp_path / "copy" / "tech.docx"))
    ed = load_edition(str(write(tmp_path, edit("    body: 正文。", "    file: copy/tech.docx"))))
    assert ed.article("tech").paragraphs == ["第一段。", "第二段。", "落款\n九月"]


def test_photo_keys(tmp_path: Path) -> None:
    text = edit("caption: 图}", "caption: 图, focus: [0.5, 0.25]}\n        article: tech",
                LEAD_BODY, LEAD_BODY + "    images:\n      - {file: photos/a.jpg, height: 14}\n",
                "  columns: 6", "  columns: 6\n  print: {min_ppi: 200, max_ppi: 400}",
                WITH_IMAGE, WITH_IMAGE + "        headline: {size: 36pt}\n")
    ed = load_edition(str(write(tmp_path, text)))
    photo = ed.pages[0].blocks[2]
    assert photo.kind == "image" and photo.article == "tech" and photo.image is not None
    assert photo.image.focus == (0.5, 0.25)
    assert ed.article("lead").images[0].height == 14 and ed.article("lead").images[0].focus == (0.5, 0.5)
    assert (ed.page.print.min_ppi, ed.page.print.max_ppi) == (200, 400)
    assert ed.pages[0].blocks[1].headline.size == 36
    assert str(tmp_path / "photos" / "a.jpg") in ed.inputs


def test_page_of_listed_articles(tmp_path: Path) -> None:
    text = edit("      - article: tech\n        columns: 5-6\n        lines: 31-60\n", "  - articles: [tech]\n")
    ed = load_edition(str(write(tmp_path, text)))
    assert ed.pages[1].blocks == [] and ed.pages[1].articles == ["tech"]
    assert [(loc.line, loc.col) for loc in ed.pages[1].article_locs] == [(34, 16)]
    assert ed.pages[0].articles == []
