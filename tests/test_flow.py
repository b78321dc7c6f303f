"""Page layout measured on the layout result: conservation, grid, jumps, overset, vertical headlines."""

from __future__ import annotations

import re

import pytest
from edition_maker import body_text, edition_yaml

from layout.commands import build
from layout.flow.grid import Grid

JUMP = re.compile(r"（[上下][接转]第\d+版）")


def article_text(result, article_id: str, roles=("body",)) -> str:
    return "".join(r.text for p in result.pages for r in p.runs if r.article == article_id and r.role in roles)


def strip(s: str) -> str:
    return re.sub(r"\s+", "", s)


def test_sample_every_body_character_is_set_in_order(sample_build):
    res = sample_build.result
    for art in sample_build.edition.articles:
        assert article_text(res, art.id) == strip(art.body), art.id
    assert not [p for p in res.problems if p.kind in ("overset", "missing-glyph")]


def test_sample_lead_continues_on_page_2_with_computed_jump_lines(sample_build):
    res = sample_build.result
    jumps = [(p.number, r.text) for p in res.pages for r in p.runs if r.role == "jump"]
    assert (1, "（下转第2版）") in jumps
    assert (2, "（上接第1版）") in jumps
    fit = next(f for f in res.articles if f.id == "theme-education")
    assert [p for p, c in fit.blocks if c] == [1, 2]


def test_sample_body_baselines_share_the_page_grid(sample_build):
    grid = Grid.from_setup(sample_build.edition.page)
    for page in sample_build.result.pages:
        ys = {round(r.y, 3) for r in page.runs if r.role == "body"}
        assert ys
        for y in ys:
            phase = (y - grid.top) % grid.leading
            assert abs(phase - grid.baseline_offset) < 0.01, (page.number, y)


def _two_page_edition(write_edition, order=(1, 2, 3)):
    pages = {
        1: {"section": "要闻", "blocks": [{"article": "long", "columns": "1-4", "lines": "1-20"},
                                         {"article": "other", "columns": "5-8", "lines": "1-40"}]},
        2: {"section": "综合", "blocks": [{"article": "other2", "columns": "1-8", "lines": "1-30"}]},
        3: {"section": "社会", "blocks": [{"article": "long", "columns": "1-4", "lines": "1-60"}]},
    }
    arts = [
        {"id": "long", "headline": "区领导走访调研区内科技企业", "byline": "□ 记者 刘坤", "body": body_text(2600)},
        {"id": "other", "headline": "区委学习贯彻主题教育", "body": body_text(500, 3)},
        {"id": "other2", "headline": "第二版文章", "body": body_text(400, 5)},
    ]
    return write_edition(edition_yaml([pages[n] for n in order], arts))


def test_jump_lines_name_the_real_pages_and_follow_page_order(write_edition):
    res = build(str(_two_page_edition(write_edition))).result
    jumps = [(p.number, r.text) for p in res.pages for r in p.runs if r.role == "jump"]
    assert jumps == [(1, "（下转第3版）"), (3, "（上接第1版）")]
    # Moving the continuation page forward renumbers the pages and the jump lines with them.
    res2 = build(str(_two_page_edition(write_edition, order=(1, 3, 2)))).result
    jumps2 = [(p.number, r.text) for p in res2.pages for r in p.runs if r.role == "jump"]
    assert jumps2 == [(1, "（下转第2版）"), (2, "（上接第1版）")]
    assert article_text(res2, "long") == strip(body_text(2600))


def test_jump_line_sits_in_the_last_line_of_the_block_flush_right(write_edition):
    res = build(str(_two_page_edition(write_edition))).result
    grid = Grid.from_setup(build(str(_two_page_edition(write_edition))).edition.page)
    jump = next(r for r in res.pages[0].runs if r.role == "jump")
    assert jump.line == 20
    right = jump.x + jump.dx[-1] + jump.size
    assert abs(right - grid.col_right(4)) < 0.6


def test_overset_is_reported_with_the_count_of_characters_not_set(write_edition):
    text = body_text(3000)
    path = write_edition(edition_yaml(
        [{"blocks": [{"article": "a", "columns": "1-2", "lines": "1-20"}]}],
        [{"id": "a", "headline": "超长稿件", "body": text}]))
    b = build(str(path))
    fit = b.result.articles[0]
    set_chars = len(article_text(b.result, "a"))
    assert fit.overset_chars == len(strip(text)) - set_chars > 0
    msgs = [p.message for p in b.result.problems if p.kind == "overset"]
    assert msgs == [f"overset: a, {fit.overset_chars} characters (page 1 block 1)"]


def test_underset_is_reported_in_lines(write_edition):
    path = write_edition(edition_yaml(
        [{"blocks": [{"article": "a", "columns": "1-2", "lines": "1-40"}]}],
        [{"id": "a", "headline": "短稿", "body": body_text(200)}]))
    b = build(str(path))
    assert b.result.articles[0].underset_lines > 10
    assert any(p.kind == "underset" for p in b.result.problems)


def test_vertical_headline_is_stacked_top_to_bottom_with_vertical_forms(write_edition):
    headline = "区领导走访调研，区内科技企业"
    path = write_edition(edition_yaml(
        [{"blocks": [{"article": "a", "columns": "1-4", "lines": "1-40", "headline": {"orient": "vertical"}}]}],
        [{"id": "a", "headline": headline, "body": body_text(900)}]))
    res = build(str(path)).result
    runs = [r for r in res.pages[0].runs if r.role == "headline"]
    assert "".join(r.text for r in runs) == headline
    assert all(r.vertical for r in runs)
    ys = [r.y + dy for r in runs for dy in r.dy]
    xs = [r.x + dx + r.size / 2 for r in runs for dx in r.dx]
    assert ys == sorted(ys) and len(set(round(y, 2) for y in ys)) == len(headline) - 0
    # each glyph one em below the previous, all centred on one vertical axis
    steps = {round(b - a, 2) for a, b in zip(ys, ys[1:], strict=False)}
    assert len(steps) == 1
    grid = Grid.from_setup(build(str(path)).edition.page)
    assert max(xs) - min(xs) < 1.0 and xs[0] > grid.col_x(4)
    # the comma is drawn with its vertical form U+FE10, yet gives back '，'
    comma = next(r for r in runs if "，" in r.text)
    from layout.commands import build as _b  # noqa: F401

    b = build(str(path))
    face = b.book.face(comma.font)
    i = comma.text.index("，")
    assert comma.gids[i] == face.gids["\ufe10"] != face.gids["，"]
    # the body keeps clear of the headline's column
    body_x = {r.x for r in res.pages[0].runs if r.role == "body"}
    assert max(body_x) < grid.col_x(4)


@pytest.mark.parametrize("size,columns", [("tabloid", 6)])
def test_tabloid_edition_lays_out_cleanly(write_edition, size, columns):
    arts = [{"id": "lead", "headline": "学习贯彻习近平新时代中国特色社会主义思想主题教育动员会举行",
             "byline": "□ 记者 刘坤 陆海捷", "body": body_text(1000)},
            {"id": "box", "headline": "区委主题教育领导小组第一次会议举行", "body": body_text(500, 7)}]
    pages = [{"section": "要闻", "blocks": [
        {"masthead": {}, "columns": "1-6", "lines": "1-8"},
        {"article": "lead", "columns": "1-6", "lines": "9-40"},
        {"article": "box", "columns": "1-3", "lines": "42-70", "box": {"rule": "0.5pt", "tint": "cmyk(0,0,0,10)"}}]}]
    path = write_edition(edition_yaml(pages, arts, size=size, columns=columns))
    b = build(str(path))
    assert not [p for p in b.result.problems if p.kind in ("overset", "missing-glyph")]
    for a in arts:
        assert article_text(b.result, a["id"]) == strip(a["body"])
    page = b.result.pages[0]
    assert abs(page.width - 272 * 72 / 25.4) < 0.01 and abs(page.height - 390 * 72 / 25.4) < 0.01


def test_laying_out_one_page_gives_that_page_exactly_as_the_whole_edition(write_edition):
    from layout.flow.engine import lay_out

    b = build(str(_two_page_edition(write_edition)))
    whole = b.result.pages[0]
    part = lay_out(b.edition, b.book, only_pages={1}).pages[0]
    assert [(r.text, r.x, r.y, r.dx) for r in part.runs] == [(r.text, r.x, r.y, r.dx) for r in whole.runs]
    assert any(r.text == "（下转第3版）" for r in part.runs)
