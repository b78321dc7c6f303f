"""`lines: "12-auto"`, `"after-40"`, `"after-auto"`: measured on the painted PDF."""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
import pytest
from conftest import run_cli
from edition_maker import body_text, edition_yaml

from layout.commands import build
from layout.output.preview import screen_options
from layout.paint.painter import paint

HEAD = {"lines": 3}


def _body_lines(path: Path) -> tuple[dict[int, list[int]], object]:
    """Grid lines of the body glyphs (9 pt 宋体) in the painted PDF, per grid column of page 1."""
    b = build(str(path))
    g = b.result.grid
    pdf = paint(b.result, b.book, screen_options(b))
    cols: dict[int, set[int]] = {}
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[0]
        for ch in page.chars:
            if abs(ch["size"] - 9) > 0.01 or "Serif" not in ch["fontname"]:
                continue
            y = page.height - ch["matrix"][5]         # the glyph's baseline, from the top
            n = (y - g.baselines[0]) / g.leading
            assert abs(n - round(n)) < 0.01, "a body baseline off the grid"
            col = int((ch["x0"] - g.left + g.gutter / 2) // (g.colw + g.gutter)) + 1
            cols.setdefault(col, set()).add(round(n) + 1)
    return {c: sorted(v) for c, v in cols.items()}, b


def _clusters(lines: list[int]) -> list[list[int]]:
    """Runs of consecutive grid lines: one per block in a column."""
    out: list[list[int]] = []
    for n in lines:
        if out and n == out[-1][-1] + 1:
            out[-1].append(n)
        else:
            out.append([n])
    return out


def _stacked(write_edition, chars_a: int, name: str = "edition.yaml") -> Path:
    pages = [{"blocks": [{"article": "a", "columns": "1-3", "lines": "3-auto", "headline": HEAD},
                         {"article": "b", "columns": "1-3", "lines": "after-auto", "headline": HEAD},
                         {"article": "c", "columns": "4-8", "lines": "1-40"}]}]
    arts = [{"id": "a", "headline": "区领导走访调研区内科技企业", "body": body_text(chars_a)},
            {"id": "b", "headline": "着力在新赛道打造新优势", "body": body_text(500, offset=3000)},
            {"id": "c", "headline": "短稿", "body": body_text(300, offset=6000)}]
    return write_edition(edition_yaml(pages, arts), name)


@pytest.mark.parametrize("chars", [500, 611, 730])
def test_auto_block_ends_on_its_last_body_line_with_balanced_columns(write_edition, chars):
    lines, b = _body_lines(_stacked(write_edition, chars))
    ends = [_clusters(lines[c])[0][-1] for c in (1, 2, 3)]     # a's last line in each column
    area = next(x for x in b.result.pages[0].blocks if x.article == "a")
    assert area.lines[0] == 3 and max(ends) == area.lines[1]    # the block ends on its last body line
    assert ends[0] >= ends[1] >= ends[2] >= ends[0] - 1         # balanced: the left ones at most 1 longer
    assert not [p for p in b.result.problems if p.article == "a"]   # neither overset nor underset


def test_after_block_starts_separation_plus_one_below_and_moves_when_the_block_above_grows(write_edition):
    small, _ = _body_lines(_stacked(write_edition, 500, "small.yaml"))
    big, _ = _body_lines(_stacked(write_edition, 900, "big.yaml"))
    gaps = []
    for lines in (small, big):
        a_body, b_body = _clusters(lines[1])[:2]
        # b's first body line: one empty line (separation), then b's 3 headline lines
        gaps.append((a_body[-1], b_body[0]))
        assert b_body[0] == a_body[-1] + 1 + 1 + HEAD["lines"]
    (a_small, b_small), (a_big, b_big) = gaps
    assert a_big > a_small and b_big - b_small == a_big - a_small


def test_separation_is_the_number_of_empty_lines(write_edition):
    pages = [{"blocks": [{"article": "a", "columns": "1-3", "lines": "3-auto", "headline": HEAD},
                         {"article": "b", "columns": "2-4", "lines": "after-60", "headline": HEAD}]}]
    arts = [{"id": "a", "headline": "区领导走访调研", "body": body_text(400)},
            {"id": "b", "headline": "着力打造新优势", "body": body_text(2000, offset=3000)}]
    text = edition_yaml(pages, arts).replace("columns: 8\n", "columns: 8\n  separation: 3\n")
    lines, b = _body_lines(write_edition(text))
    a_last = max(_clusters(lines[c])[0][-1] for c in (1, 2, 3))
    b_first = _clusters(lines[4])[0][0]       # column 4 holds only b
    assert b_first == a_last + 3 + 1 + HEAD["lines"]
    assert next(x for x in b.result.pages[0].blocks if x.article == "b").lines == (a_last + 4, 60)


def test_auto_block_stops_above_the_next_block_and_sets_the_rest_overset(write_edition):
    pages = [{"blocks": [{"article": "a", "columns": "1-2", "lines": "1-auto"},
                         {"article": "b", "columns": "2-3", "lines": "30-50"}]}]
    arts = [{"id": "a", "headline": "长稿", "body": body_text(3000)},
            {"id": "b", "headline": "短稿", "body": body_text(200, offset=4000)}]
    lines, b = _body_lines(write_edition(edition_yaml(pages, arts)))
    assert _clusters(lines[1])[0][-1] == 29 and _clusters(lines[2])[0][-1] == 29
    assert any(p.message.startswith("overset: a, ") for p in b.result.problems)


def test_an_auto_block_that_is_not_the_articles_last_takes_all_its_room(write_edition):
    pages = [{"blocks": [{"article": "a", "columns": "1-2", "lines": "1-auto"},
                         {"article": "b", "columns": "1-2", "lines": "50-60"},
                         {"article": "a", "columns": "3-4", "lines": "1-40"}]}]
    arts = [{"id": "a", "headline": "长稿", "body": body_text(2500)},
            {"id": "b", "headline": "短稿", "body": body_text(100, offset=4000)}]
    lines, b = _body_lines(write_edition(edition_yaml(pages, arts)))
    assert _clusters(lines[1])[0][-1] == 49 and _clusters(lines[2])[0][-1] == 49
    assert next(x for x in b.result.pages[0].blocks if x.article == "a").lines == (1, 49)


def test_after_with_nothing_above_starts_on_line_1(write_edition):
    pages = [{"blocks": [{"article": "a", "columns": "1-2", "lines": "1-20"},
                         {"article": "b", "columns": "3-4", "lines": "after-30"}]}]
    arts = [{"id": "a", "headline": "甲", "body": body_text(300)}, {"id": "b", "headline": "乙", "body": body_text(300)}]
    b = build(str(write_edition(edition_yaml(pages, arts))))
    assert next(x for x in b.result.pages[0].blocks if x.article == "b").lines == (1, 30)


def _loc(text: str, value: str) -> str:
    """LINE:COL of the first `lines: VALUE` in the YAML text."""
    for i, line in enumerate(text.splitlines(), 1):
        if f"lines: {value}" in line:
            return f"{i}:{line.index(f'lines: {value}') + len('lines: ') + 1}"
    raise AssertionError(value)


def test_auto_block_whose_headline_alone_does_not_fit_is_a_located_error(write_edition):
    pages = [{"blocks": [{"article": "a", "columns": "1", "lines": "20-auto", "headline": {"lines": 8}},
                         {"article": "b", "columns": "1", "lines": "25-40"}]}]
    arts = [{"id": "a", "headline": "甲", "body": body_text(300)}, {"id": "b", "headline": "乙", "body": body_text(300)}]
    text = edition_yaml(pages, arts)
    path = write_edition(text)
    r = run_cli("check", str(path))
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert r.stderr.strip() == (f"{path}:{_loc(text, '20-auto')}: block 1 (article a) on page 1: lines 20-auto "
                                "has room for 5 grid lines to line 24; its headline alone needs 8")


def test_overlap_of_a_resolved_block_is_a_located_error(write_edition):
    pages = [{"blocks": [{"article": "a", "columns": "1", "lines": "1-10"},
                         {"article": "b", "columns": "1-2", "lines": "after-auto"},
                         {"article": "c", "columns": "2-3", "lines": "5-15"}]}]
    arts = [{"id": x, "headline": "标题", "body": body_text(300)} for x in "abc"]
    text = edition_yaml(pages, arts)
    path = write_edition(text)
    r = run_cli("check", str(path))
    assert r.returncode == 2 and "Traceback" not in r.stderr
    message = r.stderr.strip()
    head = (f"{path}:{_loc(text, 'after-auto')}: block 2 (article b) overlaps block 3 (article c) on page 1: "
            "lines after-auto resolve to 12-")
    assert message.startswith(head) and message[len(head):].isdigit()


@pytest.mark.parametrize("chars", [400, 520, 640])
def test_an_articles_last_block_balances_a_body_that_does_not_fill_it(write_edition, chars):
    pages = [{"blocks": [{"article": "a", "columns": "1-3", "lines": "1-50", "headline": HEAD}]}]
    arts = [{"id": "a", "headline": "短稿", "body": body_text(chars)}]
    lines, _ = _body_lines(write_edition(edition_yaml(pages, arts)))
    ends = [lines[c][-1] for c in (1, 2, 3)]
    assert ends[0] >= ends[1] >= ends[2] >= ends[0] - 1
    assert ends[0] < 50


def test_one_page_of_an_edition_with_auto_blocks_is_laid_out_as_in_the_whole(write_edition):
    path = _stacked(write_edition, 700)
    whole = build(str(path)).result.pages[0]
    alone = build(str(path), only_pages={1}).result.pages[0]
    assert [(r.text, r.x, r.y) for r in alone.runs] == [(r.text, r.x, r.y) for r in whole.runs]


def test_resolve_page_is_the_geometry_alone_for_a_caller_that_knows_what_blocks_need():
    """The make-up calls the resolver with its own idea of what each `auto` block needs."""
    from layout.flow.geometry import resolve_page
    from layout.model.edition import Block, LinesSpec, Loc, Page, Span

    at = Loc("e.yaml", 9, 14)

    def block(i: int, cols: tuple[int, int], spec: LinesSpec | None, lines: tuple[int, int] = (1, 60)) -> Block:
        return Block(kind="article", columns=Span(*cols), lines=Span(*lines), article=f"a{i}", index=i,
                     lines_spec=spec)

    page = Page(number=1, blocks=[
        block(0, (1, 8), None, (1, 10)),                                          # a masthead-like band
        block(1, (1, 4), LinesSpec(after=True, auto=True, first=None, last=None, loc=at)),
        block(2, (5, 8), LinesSpec(after=True, auto=False, first=None, last=40, loc=at)),
        block(3, (1, 4), None, (50, 60)),
        block(4, (5, 8), LinesSpec(after=True, auto=True, first=None, last=None, loc=at)),
    ])
    asked: list[tuple[str | None, Span]] = []

    def needs(b: Block, room: Span) -> int:
        asked.append((b.article, room))
        return room.first + 9

    assert resolve_page(page, 60, 1, needs) == []
    assert [(b.lines.first, b.lines.last) for b in page.blocks] == [(1, 10), (12, 21), (12, 40), (50, 60), (42, 51)]
    # block 1 may grow to the line above block 3 (a plain block listed later); block 4 follows block 2
    assert asked == [("a1", Span(12, 49)), ("a4", Span(42, 60))]
    page.blocks.append(block(5, (1, 8), LinesSpec(after=True, auto=True, first=None, last=None, loc=at)))
    (below,) = resolve_page(page, 60, 1, needs)
    assert str(below) == ("e.yaml:9:14: block 6 (article a5) on page 1: lines after-auto starts on line 62, "
                          "below the type area's 60 lines")
