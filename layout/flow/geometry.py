"""Geometry that follows the copy: `lines: "12-auto"`, `"after-40"`, `"after-auto"`.

A page's blocks are resolved in the order they are listed. An `after` block starts
`page.separation` empty lines below the lowest block listed earlier on the page that
shares one of its columns (line 1 when there is none). An `auto` block may grow down to
its limit: the type area's last line, or the line above the first block below it that
shares one of its columns (a block whose start is known: plain blocks, blocks with a
given start, blocks resolved already); where it ends inside that room is for its content
to say (the flow stage pours the article and reports the last line it needs; other kinds
of block take all the room). Overlaps among resolved blocks are located errors at the
block's `lines` value, like every misuse here.

The resolver is plain and stateless apart from the page it works on, so the automatic
make-up can call it with its own idea of what each block needs (`resolve_page`).
"""

from __future__ import annotations

from collections.abc import Callable

from ..errors import Diagnostic
from ..model.edition import Block, LinesSpec, Page, Span


def spec_text(spec: LinesSpec) -> str:
    """The `lines` value as the editor wrote it: 12-auto, after-40, after-auto."""
    first = "after" if spec.after else str(spec.first)
    last = "auto" if spec.auto else str(spec.last)
    return f"{first}-{last}"


def is_auto(block: Block) -> bool:
    return block.lines_spec is not None and block.lines_spec.auto


class PageBlocks:
    """Resolves one page's blocks, in listed order: `room`, then `settle`, block by block."""

    def __init__(self, page: Page, grid_lines: int, separation: int):
        self.page = page
        self.grid_lines = grid_lines
        self.separation = separation
        self.settled: list[Block] = []
        self.diagnostics: list[Diagnostic] = []
        self._reported: set[int] = set()     # blocks already in error: no overlap noise about them

    def room(self, block: Block) -> Span:
        """Where the block may go: its lines, or for an `auto` block first..limit."""
        spec = block.lines_spec
        if spec is None:
            return block.lines
        first = self._after(block) if spec.after else (spec.first or 1)
        if first > self.grid_lines:
            self.error(block, f"starts on line {first}, below the type area's {self.grid_lines} lines")
            first = self.grid_lines
        if spec.auto:
            last = self._limit(block, first)
        else:
            last = spec.last or first
            if first > last:
                self.error(block, f"starts on line {first}, below its last line {last}")
                first = last
        return Span(first, max(first, last))

    def settle(self, block: Block, room: Span, last: int | None = None) -> None:
        """Fix the block's lines to its `room`; an `auto` block ends on `last` within it."""
        if block.lines_spec is not None:
            end = room.last if last is None or not block.lines_spec.auto else max(room.first, min(last, room.last))
            block.lines = Span(room.first, end)
        self.settled.append(block)

    def overlaps(self) -> list[Diagnostic]:
        """Overlaps that involve a resolved block (the loader checked the plain ones)."""
        out: list[Diagnostic] = []
        blocks = self.settled
        for j, b in enumerate(blocks):
            for a in blocks[:j]:
                if b.lines_spec is None and a.lines_spec is None or {id(a), id(b)} & self._reported:
                    continue
                if a.columns.overlaps(b.columns) and a.lines.overlaps(b.lines):
                    later = b if b.lines_spec is not None else a
                    other = a if later is b else b
                    assert later.lines_spec is not None
                    out.append(Diagnostic(later.lines_spec.loc, (
                        f"block {later.index + 1} ({later.name}) overlaps block {other.index + 1} "
                        f"({other.name}) on page {self.page.number}: lines {spec_text(later.lines_spec)} "
                        f"resolve to {later.lines.first}-{later.lines.last}")))
        return out

    def error(self, block: Block, message: str) -> None:
        spec = block.lines_spec
        assert spec is not None
        self._reported.add(id(block))
        self.diagnostics.append(Diagnostic(spec.loc, (
            f"block {block.index + 1} ({block.name}) on page {self.page.number}: lines {spec_text(spec)} "
            f"{message}")))

    def _after(self, block: Block) -> int:
        above = [b.lines.last for b in self.settled if b.columns.overlaps(block.columns)]
        return max(above) + self.separation + 1 if above else 1

    def _limit(self, block: Block, first: int) -> int:
        limit = self.grid_lines
        for other in self.page.blocks:
            if other is block or not other.columns.overlaps(block.columns):
                continue
            start = self._known_start(other)
            if start is not None and start > first:
                limit = min(limit, start - 1)
        return limit

    def _known_start(self, other: Block) -> int | None:
        if any(other is b for b in self.settled) or other.lines_spec is None:
            return other.lines.first
        return None if other.lines_spec.after else other.lines_spec.first


def resolve_page(page: Page, grid_lines: int, separation: int,
                 needs: Callable[[Block, Span], int]) -> list[Diagnostic]:
    """Resolve every block of `page` in place; `needs(block, room)` gives the last line an
    `auto` block's content needs within `room`. Returns the located errors."""
    blocks = PageBlocks(page, grid_lines, separation)
    for block in page.blocks:
        room = blocks.room(block)
        blocks.settle(block, room, needs(block, room) if is_auto(block) else None)
    return blocks.diagnostics + blocks.overlaps()
