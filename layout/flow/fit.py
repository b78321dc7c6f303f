"""The fit report: the numbers an editor plans a page with, read from the layout result.

The page grid (lines, columns, characters a column line holds), every block's room
and fill, the empty grid lines at each block's foot and the grid areas no block
covers (holes). `layout check` prints it, `layout check --json` and `layout serve`
give it as data. Nothing here lays anything out; it counts what the flow stage did.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..model.edition import BlockKind
from .grid import Grid
from .result import ArticleFit, BlockArea, LayoutResult


@dataclass(frozen=True, slots=True)
class GridFacts:
    """The grid the fit report counts in: lines, columns, body characters a column line."""

    lines: int              # grid lines in the type area
    columns: int
    chars_per_line: int     # body characters one grid column holds at the body size
    leading_pt: float
    size_pt: float


@dataclass(frozen=True, slots=True)
class BlockFit:
    """One block's line of the fit report: where it is, what it holds, what is left empty."""

    page: int               # page number (第N版)
    block: int              # 1-based index on its page, template blocks first
    kind: BlockKind
    article: str | None
    columns: tuple[int, int]
    lines: tuple[int, int]
    capacity_lines: int     # column-lines left for body text
    capacity_chars: int     # placed + the empty lines at the foot at this article's characters a line
    placed_chars: int       # body characters set in the block
    empty_lines: tuple[int, ...]   # per column: empty grid lines at the block's foot
    overset_chars: int      # copy left over, on the article's last block only


@dataclass(frozen=True, slots=True)
class Hole:
    """A grid area no block covers: columns first-last, lines first-last."""

    page: int
    columns: tuple[int, int]
    lines: tuple[int, int]

    @property
    def message(self) -> str:
        return f"hole: page {self.page} columns {_span(self.columns)} lines {_span(self.lines)}"


@dataclass(frozen=True, slots=True)
class FitReport:
    """What `layout check` reports: the grid, every block's fit and the holes in the pages."""

    grid: GridFacts
    blocks: list[BlockFit]
    holes: list[Hole]


def grid_facts(grid: Grid) -> GridFacts:
    return GridFacts(lines=grid.lines, columns=grid.columns,
                     chars_per_line=int(grid.colw / grid.body_size + 1e-6),
                     leading_pt=round(grid.leading, 2), size_pt=round(grid.body_size, 2))


def fit_report(result: LayoutResult, separation: int = 1) -> FitReport:
    """Grid facts, every block's fit (in page and block order) and the holes of every page.

    `separation` (page.separation): a gap of at most that many lines between two blocks
    of a column is the planned white space between stories, not a hole."""
    grid = result.grid
    if grid is None:
        raise ValueError("a layout result without its grid")
    facts = grid_facts(grid)
    fits = {f.id: f for f in result.articles}
    last_block: dict[str, tuple[int, int]] = {}
    for page in result.pages:
        for area in page.blocks:
            if area.article is not None and area.kind == "article":
                last_block[area.article] = (page.number, area.index)
    blocks: list[BlockFit] = []
    holes: list[Hole] = []
    for page in result.pages:
        for area in sorted(page.blocks, key=lambda a: a.index):
            blocks.append(_block_fit(page.number, area, fits, facts, last_block))
        holes += page_holes(page.number, page.blocks, grid.columns, grid.lines, separation)
    return FitReport(facts, blocks, holes)


def _block_fit(page: int, area: BlockArea, fits: dict[str, ArticleFit], facts: GridFacts,
               last_block: dict[str, tuple[int, int]]) -> BlockFit:
    fit = fits.get(area.article) if area.kind == "article" and area.article else None
    per_line = fit.body_chars / fit.body_lines if fit is not None and fit.body_lines else facts.chars_per_line
    overset = fit.overset_chars if fit is not None and last_block.get(fit.id) == (page, area.index) else 0
    return BlockFit(page=page, block=area.index + 1, kind=area.kind, article=area.article,
                    columns=area.columns, lines=area.lines, capacity_lines=area.body_lines,
                    capacity_chars=area.chars + round(sum(area.empty_lines) * per_line) if fit is not None else 0,
                    placed_chars=area.chars,
                    empty_lines=area.empty_lines, overset_chars=overset)


def page_holes(page: int, areas: list[BlockArea], columns: int, lines: int, separation: int = 1) -> list[Hole]:
    """Maximal runs of uncovered grid lines in each column, neighbouring columns with the
    same run merged into one hole; ordered by first column, then first line. A run of
    at most `separation` lines with a block just above and just below it is left out."""
    covered: dict[int, set[int]] = {c: set() for c in range(1, columns + 1)}
    for a in areas:
        for c in range(a.columns[0], a.columns[1] + 1):
            if c in covered:
                covered[c].update(range(a.lines[0], a.lines[1] + 1))
    runs = {c: [r for r in _runs([n for n in range(1, lines + 1) if n not in covered[c]])
                if not (r[1] - r[0] + 1 <= separation and r[0] - 1 in covered[c] and r[1] + 1 in covered[c])]
            for c in covered}
    holes: list[Hole] = []
    open_: dict[tuple[int, int], int] = {}     # run -> first column of the hole it is in
    for c in range(1, columns + 2):
        here = set(runs.get(c, []))
        for run, first in list(open_.items()):
            if run not in here:
                holes.append(Hole(page, (first, c - 1), run))
                del open_[run]
        for run in here:
            open_.setdefault(run, c)
    return sorted(holes, key=lambda h: (h.columns[0], h.lines[0]))


def _runs(numbers: list[int]) -> list[tuple[int, int]]:
    """[3, 4, 5, 9] -> [(3, 5), (9, 9)]"""
    out: list[tuple[int, int]] = []
    for n in numbers:
        if out and out[-1][1] == n - 1:
            out[-1] = (out[-1][0], n)
        else:
            out.append((n, n))
    return out


def _span(span: tuple[int, int]) -> str:
    return f"{span[0]}-{span[1]}"


def report_json(report: FitReport) -> dict[str, Any]:
    """The `grid`, `blocks` and `holes` keys of `layout check --json` (docs/format.md)."""
    g = report.grid
    return {
        "grid": {"lines": g.lines, "columns": g.columns, "chars_per_line": g.chars_per_line,
                 "leading_pt": g.leading_pt, "size_pt": g.size_pt},
        "blocks": [
            {"page": b.page, "block": b.block, "kind": b.kind, "article": b.article,
             "columns": _span(b.columns), "lines": _span(b.lines), "capacity_lines": b.capacity_lines,
             "capacity_chars": b.capacity_chars, "placed_chars": b.placed_chars,
             "empty_lines": list(b.empty_lines), "overset_chars": b.overset_chars}
            for b in report.blocks
        ],
        "holes": [{"page": h.page, "columns": _span(h.columns), "lines": _span(h.lines)} for h in report.holes],
    }


def report_text(report: FitReport) -> list[str]:
    """The fit report as `layout check` prints it: the grid, a line per block, a line per hole."""
    g = report.grid
    out = [f"grid: {g.lines} lines, {g.columns} columns, {g.chars_per_line} characters a column line "
           f"({g.size_pt:g}pt on {g.leading_pt:g}pt)"]
    for b in report.blocks:
        where = f"page {b.page} block {b.block} {b.article or b.kind}: columns {_span(b.columns)} lines {_span(b.lines)}"
        if b.kind == "article":
            empty = " ".join(str(n) for n in b.empty_lines)
            over = f", overset {b.overset_chars}" if b.overset_chars else ""
            where += f", {b.placed_chars} / {b.capacity_chars} 字{over}, empty lines per column {empty}"
        out.append(where)
    out += [h.message for h in report.holes]
    return out
