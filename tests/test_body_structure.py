"""Structure inside a body: `## ` subheads (小标题) and ` \\` forced breaks, read from the painted PDF."""

from __future__ import annotations

import io

import pdfplumber
from edition_maker import body_text, edition_yaml

from layout.commands import build
from layout.output.preview import screen_options
from layout.paint.painter import paint

HEI = "NotoSansCJKsc-Bold"


def _rows(path):
    """{(column, grid line): [(x0, x1, text, fontname)]} of the 9 pt glyphs inside the type area."""
    b = build(str(path))
    g = b.result.grid
    rows: dict[tuple[int, int], list[tuple[float, float, str, str]]] = {}
    with pdfplumber.open(io.BytesIO(paint(b.result, b.book, screen_options(b)))) as doc:
        page = doc.pages[0]
        for ch in page.chars:
            y = page.height - ch["matrix"][5]
            if abs(ch["size"] - 9) > 0.01 or y < g.top:
                continue
            n = round((y - g.baselines[0]) / g.leading) + 1
            col = int((ch["x0"] - g.left + g.gutter / 2) // (g.colw + g.gutter)) + 1
            rows.setdefault((col, n), []).append((ch["x0"], ch["x1"], ch["text"], ch["fontname"].split("+")[-1]))
    return {k: sorted(v) for k, v in rows.items()}, g, b


def _chars_per_line(write_edition) -> int:
    b = build(str(write_edition(edition_yaml([{"blocks": [{"article": "a", "columns": "1", "lines": "1-9"}]}],
                                             [{"id": "a", "headline": "甲", "body": "字"}]), "probe.yaml")))
    return int(b.result.grid.colw / 9 + 1e-6)


def test_a_subhead_is_on_its_own_line_in_hei_and_never_last_in_a_column(write_edition):
    cpl = _chars_per_line(write_edition)
    first = "字" * (16 * cpl - 2)           # 16 full lines: the subhead would fall on column 1's last line
    subhead = "加快建设科创高地"
    body = "\n\n".join([first, f"## {subhead}", body_text(3000), "## 推进城市更新", body_text(2000, offset=900)])
    pages = [{"blocks": [{"article": "a", "columns": "1-3", "lines": "1-20", "headline": {"lines": 3}}]}]
    rows, g, b = _rows(write_edition(edition_yaml(pages, [{"id": "a", "headline": "标题", "body": body}])))
    hei_rows = {k: v for k, v in rows.items() if any(f == HEI for *_, f in v)}
    assert "".join(t for *_, t, _ in hei_rows[(2, 4)]) == subhead       # moved to the top of column 2
    assert (1, 20) not in rows and max(n for c, n in rows if c == 1) == 19
    for (col, n), glyphs in hei_rows.items():
        assert all(f == HEI for *_, f in glyphs)                  # its own line: nothing else on it
        assert abs(glyphs[0][0] - g.col_x(col)) < 0.01            # not indented
        assert (col, n + 1) in rows                               # never the last thing in its column


def test_subheads_in_a_balanced_block_never_end_a_column(write_edition):
    """Many placements of subheads in a block the text does not fill (its columns balanced)."""
    for shift in range(0, 240, 40):
        parts = []
        for k in range(4):
            parts += [body_text(90 + shift + 37 * k, offset=500 * k), f"## 第{k + 1}部分小标题"]
        pages = [{"blocks": [{"article": "a", "columns": "1-3", "lines": "1-60", "headline": {"lines": 3}}]}]
        rows, g, _ = _rows(write_edition(edition_yaml(pages, [{"id": "a", "headline": "标题",
                                                               "body": "\n\n".join(parts + [body_text(80)])}]),
                                         f"s{shift}.yaml"))
        hei = {k for k, v in rows.items() if all(f == HEI for *_, f in v)}
        assert len(hei) == 4
        for col in (1, 2, 3):
            last = max(n for c, n in rows if c == col)
            assert (col, last) not in hei


def test_a_forced_break_ends_a_line_short_and_the_next_starts_at_the_column_edge(write_edition):
    notice = ("因管道维修，本周六上午八时至下午四时停水，请居民提前做好储水准备 \\\n"
              "特此通知。 \\\n"
              "徐汇区水务局")
    body = "\n\n".join([body_text(300), notice])
    pages = [{"blocks": [{"article": "a", "columns": "1-2", "lines": "1-40", "headline": {"lines": 3}}]}]
    rows, g, b = _rows(write_edition(edition_yaml(pages, [{"id": "a", "headline": "停水通知", "body": body}])))
    text = {k: "".join(t for *_, t, _ in v) for k, v in rows.items()}
    for line in ("特此通知。", "徐汇区水务局"):
        (key,) = [k for k, t in text.items() if t == line]          # the whole line, nothing else
        glyphs = rows[key]
        assert abs(glyphs[0][0] - g.col_x(key[0])) < 0.01          # at the column edge, not indented
        assert glyphs[-1][1] < g.col_right(key[0]) - 9               # ends short
        before = rows[(key[0], key[1] - 1)]
        if line == "特此通知。":
            assert "".join(t for *_, t, _ in before).endswith("储水准备")
            assert before[-1][1] < g.col_right(key[0]) - 9            # the broken line ends short too
            gaps = {round(b2[0] - b1[0], 2) for b1, b2 in zip(before, before[1:], strict=False)}
            assert gaps == {9.0}                                       # set solid, not justified
