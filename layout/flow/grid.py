"""The page geometry: trim, type area, columns, gutters and the line grid.

Computed once per edition (`Grid.from_setup`) and used by everything that needs it:
the loader's range check (how many grid lines a page has), the flow stage, the
layout result (`LayoutResult.grid`) and the preview's `--grid` overlay, so they can
never disagree about where a line or a column is.

Coordinates are points from the trim's top-left corner, y downwards. Grid line n
(1-based) is the band [line_top(n), line_top(n) + leading); every body baseline on
a page sits at the same height inside its band, so baselines align across columns,
blocks, boxes and headlines.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.edition import Block, PageSetup
from .design import ASCENT

# Where a body baseline sits in its band: the ideographic em box (design.ASCENT above the
# baseline, the rest below) is centred in the band.
_ASCENT = ASCENT


@dataclass(frozen=True, slots=True)
class Rect:
    """A rectangle on the page, pt from the trim's top left (y downwards): (x, y) its top left corner, w × h its size."""

    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h


def grid_lines(type_height: float, leading: float) -> int:
    """Whole grid lines in a type area `type_height` high.

    A true quotient (not floor division, whose exact remainder makes 1001 / 14.3 give
    69 although 70 lines of 14.3 pt are exactly 1001 pt), with a tolerance for the
    rounding of lengths converted from mm.
    """
    return int(type_height / leading + 1e-9)


@dataclass(frozen=True, slots=True)
class Grid:
    """One page geometry, shared by every page of an edition (plain data)."""

    trim_w: float
    trim_h: float
    left: float         # type area, from the trim's left edge
    top: float          # type area, from the trim's top edge
    width: float
    height: float
    columns: int
    gutter: float
    colw: float
    leading: float
    body_size: float
    lines: int          # grid lines in the type area
    bleed: float = 0.0
    column_xs: tuple[float, ...] = ()   # left edge of each column, 1-based column c at [c - 1]
    baselines: tuple[float, ...] = ()   # body baseline of each grid line, line n at [n - 1]

    @classmethod
    def from_setup(cls, page: PageSetup) -> Grid:
        m = page.margins
        width = page.width - m.left - m.right
        height = page.height - m.top - m.bottom
        colw = (width - (page.columns - 1) * page.gutter) / page.columns
        leading, size = page.body.leading, page.body.size
        lines = grid_lines(height, leading)
        return cls(
            trim_w=page.width, trim_h=page.height, left=m.left, top=m.top,
            width=width, height=height, columns=page.columns, gutter=page.gutter,
            colw=colw, leading=leading, body_size=size, lines=lines, bleed=page.bleed,
            column_xs=tuple(m.left + c * (colw + page.gutter) for c in range(page.columns)),
            baselines=tuple(m.top + n * leading + (leading - size) / 2 + _ASCENT * size for n in range(lines)),
        )

    def col_x(self, col: int) -> float:
        """Left edge of grid column `col` (1-based)."""
        return self.left + (col - 1) * (self.colw + self.gutter)

    def col_right(self, col: int) -> float:
        return self.col_x(col) + self.colw

    def span_width(self, first: int, last: int) -> float:
        return self.col_right(last) - self.col_x(first)

    def line_top(self, line: int) -> float:
        """Top of grid line `line`'s band (1-based); line_top(n + 1) is its bottom."""
        return self.top + (line - 1) * self.leading

    def baseline(self, line: int) -> float:
        """The body baseline of grid line `line`; the same phase on every line of the page."""
        return self.line_top(line) + (self.leading - self.body_size) / 2 + _ASCENT * self.body_size

    @property
    def baseline_offset(self) -> float:
        """Distance from a band's top to its baseline."""
        return (self.leading - self.body_size) / 2 + _ASCENT * self.body_size

    def block_rect(self, block: Block) -> Rect:
        x0 = self.col_x(block.columns.first)
        y0 = self.line_top(block.lines.first)
        return Rect(x0, y0, self.col_right(block.columns.last) - x0, block.lines.count * self.leading)

    def lines_for(self, height: float) -> int:
        """Whole grid lines needed to hold `height` points."""
        n = height / self.leading
        return max(1, int(n) + (1 if n - int(n) > 1e-6 else 0))
