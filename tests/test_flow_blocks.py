"""Photos, headline groups and the check command's fit report."""

from __future__ import annotations

import json

import pikepdf
import pytest
from conftest import run_cli
from edition_maker import body_text, edition_yaml
from PIL import Image

from layout.commands import build
from layout.flow.grid import Grid


@pytest.fixture
def photos(tmp_path):
    rgb = Image.new("RGB", (800, 500), (200, 60, 40))
    rgb.save(tmp_path / "wide.png")
    Image.new("CMYK", (400, 600), (0, 80, 80, 10)).save(tmp_path / "tall.jpg", quality=85)
    return tmp_path


def test_image_block_crops_to_fill_and_sets_caption_and_credit(photos, write_edition):
    pages = [{"blocks": [
        {"image": {"file": "wide.png", "caption": "稀宇科技党支部揭牌", "credit": "记者 王卫民 摄"},
         "columns": "1-4", "lines": "1-20"},
        {"image": {"file": "tall.jpg", "fit": "fit"}, "columns": "5-6", "lines": "1-20"},
        {"article": "a", "columns": "1-8", "lines": "22-60"}]}]
    path = write_edition(edition_yaml(pages, [{"id": "a", "headline": "标题", "body": body_text(600)}]))
    b = build(str(path))
    grid = Grid.from_setup(b.edition.page)
    page = b.result.pages[0]
    crop, fit = page.images
    # crop: the frame is the block's width; the photo covers it and overflows on one axis
    assert abs(crop.x - grid.col_x(1)) < 0.01 and abs(crop.w - grid.span_width(1, 4)) < 0.01
    assert crop.iw >= crop.w - 0.01 and crop.ih >= crop.h - 0.01
    assert abs(crop.iw / crop.ih - 800 / 500) < 0.01
    # fit: the whole photo inside the frame
    assert fit.iw <= fit.w + 0.01 and fit.ih <= fit.h + 0.01 and abs(fit.iw / fit.ih - 400 / 600) < 0.01
    caption = [r for r in page.runs if r.role == "caption"]
    credit = [r for r in page.runs if r.role == "credit"]
    assert "".join(r.text for r in caption) == "稀宇科技党支部揭牌"
    assert "".join(r.text for r in credit) == "记者王卫民摄"
    assert min(r.y for r in caption) > crop.y + crop.h     # under the photo
    assert max(r.x + r.dx[-1] + r.size for r in credit) == pytest.approx(grid.col_right(4), abs=0.5)
    # in the print PDF the CMYK JPEG stays CMYK and the RGB PNG is separated to CMYK
    from layout.output.printpdf import render_print_pdf

    pdf = pikepdf.Pdf.open(__import__("io").BytesIO(render_print_pdf(b)[0]))
    spaces = sorted(str(x.ColorSpace) for x in pdf.pages[0].Resources.XObject.values())
    assert spaces == ["/DeviceCMYK", "/DeviceCMYK"]


def test_article_photo_sits_under_the_headline_and_the_body_flows_below(photos, write_edition):
    pages = [{"blocks": [{"article": "a", "columns": "1-4", "lines": "1-60"}]}]
    arts = [{"id": "a", "headline": "区领导走访调研区内科技企业", "body": body_text(900),
             "images": [{"file": "wide.png", "caption": "调研现场"}]}]
    b = build(str(write_edition(edition_yaml(pages, arts))))
    page = b.result.pages[0]
    (img,) = page.images
    head = [r for r in page.runs if r.role == "headline"]
    body = [r for r in page.runs if r.role == "body"]
    assert max(r.y for r in head) < img.y
    assert min(r.y for r in body) > img.y + img.h
    assert "".join(r.text for r in body) == body_text(900).replace("\n", "")


def test_kicker_headline_subhead_stack_and_headline_columns_subspan(write_edition):
    pages = [{"blocks": [{"article": "a", "columns": "1-6", "lines": "1-60",
                          "headline": {"columns": "1-4", "lines": 6}}]}]
    arts = [{"id": "a", "kicker": "深入学习贯彻党的二十大精神", "headline": "区领导走访调研区内科技企业",
             "subhead": "着力在新赛道打造新优势", "body": body_text(1500)}]
    b = build(str(write_edition(edition_yaml(pages, arts))))
    grid = Grid.from_setup(b.edition.page)
    runs = b.result.pages[0].runs
    by_role = {role: [r for r in runs if r.role == role] for role in ("kicker", "headline", "subhead", "body")}
    ky, hy, sy = (max(r.y for r in by_role[k]) for k in ("kicker", "headline", "subhead"))
    assert ky < hy < sy
    hsize = by_role["headline"][0].size
    assert by_role["kicker"][0].size < hsize and by_role["subhead"][0].size < hsize
    # the headline group stays inside columns 1-4 and its 6 grid lines
    for role in ("kicker", "headline", "subhead"):
        for r in by_role[role]:
            assert r.x + r.dx[0] >= grid.col_x(1) - 0.01 and r.x + r.dx[-1] + r.size <= grid.col_right(4) + 0.01
            assert r.y <= grid.line_top(7)
    # columns 5 and 6 start at the top of the block; columns 1-4 below the headline group
    first_line = {}
    for r in by_role["body"]:
        col = int((r.x - grid.left) // (grid.colw + grid.gutter)) + 1
        first_line[col] = min(first_line.get(col, 999), r.line)
    assert first_line[1] == 7 and first_line[5] == 1


def test_check_json_and_strict(write_edition):
    pages = [{"blocks": [{"article": "a", "columns": "1-2", "lines": "1-15"},
                         {"article": "b", "columns": "3-8", "lines": "1-40"}]}]
    arts = [{"id": "a", "headline": "超长", "body": body_text(2000)},
            {"id": "b", "headline": "短", "body": body_text(300, 4)}]
    path = write_edition(edition_yaml(pages, arts))
    out = run_cli("check", str(path), "--json")
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    a, b = doc["articles"]
    assert a["id"] == "a" and a["overset_chars"] > 0 and a["blocks"][0]["page"] == 1
    assert a["blocks"][0]["chars"] + a["overset_chars"] == len(body_text(2000).replace("\n", ""))
    assert b["overset_chars"] == 0 and b["underset_lines"] > 0
    assert any(w.startswith("overset: a, ") for w in doc["warnings"])
    strict = run_cli("check", str(path), "--strict")
    assert strict.returncode == 1 and "overset: a, " in strict.stdout
    pdf = path.parent / "out.pdf"
    printed = run_cli("print", str(path), "-o", str(pdf), "--strict")
    assert printed.returncode == 1 and "overset: a, " in printed.stderr and pdf.exists()


def test_missing_glyph_is_reported_never_drawn_and_a_rare_one_is_set(write_edition, tmp_path):
    import pdfplumber

    body = "吉祥的𠮷字与西夏文𗀀字同在一段。" + body_text(200)
    path = write_edition(edition_yaml([{"blocks": [{"article": "a", "columns": "1-4", "lines": "1-30"}]}],
                                      [{"id": "a", "headline": "生僻字", "body": body}]))
    out = run_cli("check", str(path))
    assert out.returncode == 0
    assert "missing glyph U+17000 '𗀀' in article a, page 1" in out.stdout
    assert run_cli("check", str(path), "--strict").returncode == 1
    pdf = tmp_path / "a.pdf"
    assert run_cli("print", str(path), "-o", str(pdf)).returncode == 0
    with pdfplumber.open(pdf) as doc:
        text = "".join(c["text"] for c in doc.pages[0].chars)
    assert "吉祥的𠮷字与西夏文字同在一段。" in text       # 𠮷 set from the font; 𗀀 left out, reported
    assert "\x00" not in text and "𗀀" not in text


def test_a_headline_too_big_for_its_block_is_reported(write_edition):
    pages = [{"blocks": [{"article": "a", "columns": "1", "lines": "1-3"},
                         {"article": "b", "columns": "3", "lines": "1-8", "headline": {"orient": "vertical"}}]}]
    arts = [{"id": "a", "headline": "学习贯彻习近平新时代中国特色社会主义思想主题教育动员会举行", "body": body_text(100)},
            {"id": "b", "headline": "区委学习贯彻习近平新时代中国特色社会主义思想主题教育领导小组第一次会议举行",
             "body": body_text(100)}]
    out = run_cli("check", str(write_edition(edition_yaml(pages, arts))), "--strict")
    assert out.returncode == 1
    assert "headline: a needs " in out.stdout and "has 3 (page 1 block 1)" in out.stdout
    assert "headline: b needs " in out.stdout and "has 8 (page 1 block 2)" in out.stdout


def test_a_fixed_headline_size_too_big_for_the_width_still_sets_every_character(write_edition):
    headline = "区领导走访调研区内科技企业"
    pages = [{"blocks": [{"article": "a", "columns": "1", "lines": "1-40"}]}]
    extra = {"styles": {"headline": {"size": "150pt"}}}   # wider than the column: one glyph overflows
    b = build(str(write_edition(edition_yaml(pages, [{"id": "a", "headline": headline, "body": body_text(200)}],
                                             extra=extra))))
    runs = [r for r in b.result.pages[0].runs if r.role == "headline"]
    assert "".join(r.text for r in runs) == headline
    assert all(r.size == 150 for r in runs)


def test_a_byline_without_room_is_reported(write_edition):
    pages = [{"blocks": [{"article": "a", "columns": "1-2", "lines": "1-6", "headline": {"lines": 6}}]}]
    arts = [{"id": "a", "headline": "短标题", "byline": "□ 记者 刘坤", "body": body_text(100)}]
    out = run_cli("check", str(write_edition(edition_yaml(pages, arts))), "--strict")
    assert out.returncode == 1
    assert "headline: a leaves no room for its byline (page 1 block 1)" in out.stdout


def test_a_latin_word_longer_than_the_column_is_broken_without_adding_a_hyphen(write_edition):
    word = "Pneumonoultramicroscopicsilicovolcanoconiosis"
    body = "报道称" + word + "一词很长。" + body_text(200)
    b = build(str(write_edition(edition_yaml([{"blocks": [{"article": "a", "columns": "1", "lines": "1-60"}]}],
                                             [{"id": "a", "headline": "长词", "body": body}]))))
    grid = Grid.from_setup(b.edition.page)
    runs = [r for r in b.result.pages[0].runs if r.role == "body"]
    assert "".join(r.text for r in runs) == body.replace("\n", "")      # nothing added, nothing lost
    broken = [r for r in runs if r.text[-1].isascii() and r.text[-1].isalpha()]
    assert broken                                                       # the word does span lines
    for r in broken:                                                    # and those lines stay flush
        face = b.book.face(r.font)
        assert r.x + r.dx[-1] + face.advances[r.text[-1]] * r.size == pytest.approx(grid.col_right(1), abs=0.1)


def test_captions_and_bylines_break_a_long_latin_word_without_room_for_a_hyphen(photos, write_edition):
    """Nothing draws a hyphen outside the body either: a line broken inside a word is filled
    to its measure (the next letter would not fit), not left a hyphen's width short."""
    word = "Pneumonoultramicroscopicsilicovolcanoconiosis"
    pages = [{"blocks": [
        {"image": {"file": "wide.png", "caption": "图为" + word + "展板"}, "columns": "1", "lines": "1-20"},
        {"article": "a", "columns": "2", "lines": "1-60"}]}]
    arts = [{"id": "a", "headline": "长词", "byline": "记者 " + word, "body": body_text(200)}]
    b = build(str(write_edition(edition_yaml(pages, arts))))
    grid = Grid.from_setup(b.edition.page)
    runs = b.result.pages[0].runs
    for role, left, measure in (("caption", grid.col_x(1), grid.colw), ("byline", grid.col_x(2), grid.colw)):
        lines = sorted({r.y for r in runs if r.role == role})
        assert len(lines) >= 2, role                                    # the word does span lines
        text = [[r for r in runs if r.role == role and r.y == y] for y in lines]
        assert "".join(r.text for line in text for r in line) == {"caption": "图为" + word + "展板",
                                                                 "byline": "记者" + word}[role]
        for line, following in zip(text, text[1:], strict=False):
            last, nxt = line[-1], following[0]
            if not (last.text[-1].isalpha() and last.text[-1].isascii() and nxt.text[0].isascii()):
                continue
            face = b.book.face(last.font)
            right = last.x + last.dx[-1] + face.advances[last.text[-1]] * last.size - left
            room = measure - right
            assert -0.01 <= room < b.book.face(nxt.font).advances[nxt.text[0]] * nxt.size, (role, room)
