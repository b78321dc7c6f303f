"""The fit report: block capacity against what is really set, empty lines and holes
measured on the laid-out page, and the report as `layout check` prints it."""

from __future__ import annotations

import json

from conftest import run_cli
from edition_maker import body_text, edition_yaml

from layout.commands import build
from layout.flow.fit import fit_report
from layout.flow.grid import Grid


def _set_body(b, page: int, article: str, grid: Grid, columns: tuple[int, int], lines: tuple[int, int]):
    """Body runs of `article` drawn inside the block's columns and lines, by column."""
    by_col: dict[int, list] = {}
    for r in b.result.pages[page - 1].runs:
        if r.role != "body" or r.article != article or r.line is None:
            continue
        col = int((r.x - grid.left) // (grid.colw + grid.gutter)) + 1
        if columns[0] <= col <= columns[1] and lines[0] <= r.line <= lines[1]:
            by_col.setdefault(col, []).append(r)
    return by_col


def _capacity_case(chars: int) -> tuple[list[dict], list[dict]]:
    """Article a in one large block (with headline and byline), article b in a smaller one
    with a fixed headline group; `chars` of copy each, in paragraphs of real length."""
    pages = [{"blocks": [{"article": "a", "columns": "1-4", "lines": "1-50"},
                         {"article": "b", "columns": "5-7", "lines": "1-40", "headline": {"lines": 4}}]}]
    arts = [{"id": "a", "headline": "区领导走访调研区内科技企业", "byline": "□ 记者 刘坤", "body": body_text(chars)},
            {"id": "b", "headline": "短讯", "body": body_text(chars, 7, paragraph=90)}]
    return pages, arts


def test_capacity_is_what_the_block_then_holds(write_edition):
    """The capacity a block reports while its copy is short is within 2 % of the
    characters really set in it once the copy (more of the same) fills it."""
    short = build(str(write_edition(edition_yaml(*_capacity_case(800)), "short.yaml")))
    long = build(str(write_edition(edition_yaml(*_capacity_case(6000)), "long.yaml")))
    grid = Grid.from_setup(long.edition.page)
    estimated = {f.article: f for f in fit_report(short.result).blocks}
    filled = {f.article: f for f in fit_report(long.result).blocks}
    for aid in ("a", "b"):
        est, full = estimated[aid], filled[aid]
        assert est.placed_chars < 0.75 * est.capacity_chars          # a quarter or more empty: estimated
        drawn = sum(len(r.text) for rs in _set_body(long, 1, aid, grid, full.columns, full.lines).values()
                    for r in rs)
        assert drawn == full.placed_chars > 1000
        assert abs(est.capacity_chars - drawn) <= 0.02 * drawn, (aid, est.capacity_chars, drawn)
        # a filled block holds what it holds: capacity is what was set, nothing is empty
        assert full.capacity_chars == drawn and full.empty_lines == (0,) * (full.columns[1] - full.columns[0] + 1)
        assert full.overset_chars > 0 and est.overset_chars == 0
    report = fit_report(long.result)
    assert report.grid.chars_per_line == int(grid.colw / 9)
    assert (report.grid.size_pt, report.grid.leading_pt, report.grid.columns) == (9, 14, 8)


def test_empty_lines_and_holes_of_a_page_built_to_have_them(write_edition):
    """Blocks that leave the page's foot uncovered and a two-line gap, stories stacked one
    separation line apart, and a short story that leaves its block's last lines empty."""
    pages = [{"blocks": [{"article": "a", "columns": "1-4", "lines": "1-30"},
                         {"article": "b", "columns": "5-6", "lines": "1-40"},
                         {"article": "c", "columns": "1-2", "lines": "33-45"},
                         {"article": "d", "columns": "7-8", "lines": "1-20"},
                         {"article": "e", "columns": "7-8", "lines": "22-40"}]}]
    arts = [{"id": "a", "headline": "长文", "body": body_text(4000)},
            {"id": "b", "headline": "短文", "body": body_text(500, 3)},
            {"id": "c", "headline": "短讯", "body": body_text(3000, 9)},
            {"id": "d", "headline": "快讯", "body": body_text(3000, 12)},
            {"id": "e", "headline": "简讯", "body": body_text(3000, 15)}]
    path = write_edition(edition_yaml(pages, arts))
    b = build(str(path))
    grid = Grid.from_setup(b.edition.page)
    n = grid.lines
    report = fit_report(b.result, b.edition.page.separation)
    holes = [(h.columns, h.lines) for h in report.holes]
    # line 21 of columns 7-8 is the one separation line between d and e: no hole; columns
    # 5-6 and 7-8 are both open from line 41 down: one hole across 5-8
    assert holes == [((1, 2), (31, 32)), ((1, 2), (46, n)), ((3, 4), (31, n)), ((5, 8), (41, n))]
    short = next(f for f in report.blocks if f.article == "b")
    set_ = _set_body(b, 1, "b", grid, short.columns, short.lines)
    measured = tuple(short.lines[1] - max(r.line for r in set_[c]) for c in (5, 6))
    assert short.empty_lines == measured and min(measured) > 5
    assert short.capacity_chars > short.placed_chars
    # the text report: a line per hole, the underset in grid lines of height and columns
    out = run_cli("check", str(path))
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert f"hole: page 1 columns 5-8 lines 41-{n}" in lines and "hole: page 1 columns 1-2 lines 31-32" in lines
    assert not any("lines 21-21" in line for line in lines)
    assert f"underset: b, {max(measured)} lines in 2 columns (page 1 block 2)" in out.stdout
    assert f"page 1 block 2 b: columns 5-6 lines 1-40, {short.placed_chars} / {short.capacity_chars} 字" in out.stdout


def test_check_json_has_grid_blocks_and_holes(write_edition):
    pages = [{"blocks": [{"masthead": {}, "columns": "1-8", "lines": "1-8"},
                         {"article": "a", "columns": "1-3", "lines": "10-30"}]}]
    path = write_edition(edition_yaml(pages, [{"id": "a", "headline": "标题", "body": body_text(3000)}]))
    out = run_cli("check", str(path), "--json")
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert set(doc) >= {"grid", "blocks", "holes", "articles", "warnings"}
    assert set(doc["grid"]) == {"lines", "columns", "chars_per_line", "leading_pt", "size_pt"}
    mast, art = doc["blocks"]
    assert (mast["kind"], mast["block"], mast["columns"], mast["lines"]) == ("masthead", 1, "1-8", "1-8")
    assert (art["kind"], art["article"], art["block"], art["lines"]) == ("article", "a", 2, "10-30")
    assert art["overset_chars"] == doc["articles"][0]["overset_chars"] > 0
    assert len(art["empty_lines"]) == 3
    lines = doc["grid"]["lines"]
    # maximal runs per column: columns 1-3 below the block, 4-8 from line 9 down (line 9 of
    # columns 1-3 is the separation line between masthead and story, not a hole)
    assert doc["holes"] == [{"page": 1, "columns": "1-3", "lines": f"31-{lines}"},
                            {"page": 1, "columns": "4-8", "lines": f"9-{lines}"}]
