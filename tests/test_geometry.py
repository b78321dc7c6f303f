"""One page geometry: the loader's range check, the layout and `--grid` agree on the grid."""

from __future__ import annotations

from edition_maker import body_text, edition_yaml
from PIL import ImageChops

from layout.commands import build
from layout.output.preview import save_preview

# A type area 1001 pt high with a 14.3 pt leading holds exactly 70 lines (70 x 14.3 = 1001).
EXACT = {"size": ["800pt", "1101pt"], "margins": "50pt",
         "body": {"font": "song", "size": "9pt", "leading": "14.3pt"}}


def _exact_edition(write_edition):
    pages = [{"blocks": [{"article": "a", "columns": "1-2", "lines": "1-70"}]}]
    arts = [{"id": "a", "headline": "标题", "body": body_text(6000)}]
    return write_edition(edition_yaml(pages, arts, columns=4, **EXACT))


def test_a_type_area_of_exactly_70_lines_has_70_everywhere(write_edition, tmp_path):
    b = build(str(_exact_edition(write_edition)))     # the loader accepts lines 1-70
    grid = b.result.grid
    assert grid is not None and grid.lines == 70 and len(grid.baselines) == 70
    body = [r for r in b.result.pages[0].runs if r.role == "body"]
    assert max(r.line for r in body) == 70
    assert max(r.y for r in body) == grid.baselines[-1]
    assert [grid.col_x(c) for c in range(1, 5)] == list(grid.column_xs)
    assert [grid.baseline(n) for n in range(1, 71)] == list(grid.baselines)    # exactly: the flow reads either


def test_grid_overlay_reaches_the_bottom_of_line_70(write_edition, tmp_path):
    b = build(str(_exact_edition(write_edition)))
    plain = save_preview(b, str(tmp_path / "a.png"), dpi=72).image().convert("RGB")    # black and greys: gray
    grid = save_preview(b, str(tmp_path / "b.png"), dpi=72, grid=True).image()
    g = b.result.grid
    x = round(g.col_right(3) + g.gutter / 2)        # in a gutter: only the line grid is drawn there
    diff = ImageChops.difference(plain, grid).convert("L")
    rows = [y for y in range(diff.height) if diff.getpixel((x, y)) > 0]
    assert abs(max(rows) - (50 + 1001)) <= 1        # the rule under line 70, at the type area's foot
    assert abs(min(rows) - 50) <= 1
