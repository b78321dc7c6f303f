"""Which grid line of which column each line of an article block goes on.

A block's room is a list of column runs (column, first free line, last line), read
column by column. Lines are poured in reading order; a line marked `keep` (an in-body
subhead) is never the last thing in a column while more lines follow: it moves to the
next column with what it heads. When the text ends in a block its columns are
balanced (齐栏): they end on the same line, or the left ones one line lower.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple


class Slot(NamedTuple):
    """Room for one line: column `col` at grid line `line`.

    A named tuple, not a dataclass: a block's pour makes thousands of them, and a
    tuple is made several times faster."""

    col: int
    line: int


@dataclass(frozen=True, slots=True)
class Run:
    """The free lines first..last of column `col` (empty when first > last)."""

    col: int
    first: int
    last: int

    @property
    def count(self) -> int:
        return max(0, self.last - self.first + 1)


# Each column's slots, made once and indexed by grid line: a pour takes slices of them.
_COLUMN_SLOTS: dict[int, list[Slot]] = {}


def column_slots(col: int, first: int, count: int) -> list[Slot]:
    """`count` slots of column `col` from grid line `first` down."""
    end = first + count
    if count <= 0 or first < 0:
        return [Slot(col, line) for line in range(first, end)]
    column = _COLUMN_SLOTS.get(col)
    if column is None or len(column) < end:
        column = _COLUMN_SLOTS[col] = [Slot(col, line) for line in range(max(end, 128))]
    return column[first:end]


def capacity(runs: list[Run]) -> int:
    return sum(r.count for r in runs)


def pour(runs: list[Run], keep: list[bool]) -> list[Slot]:
    """Slots for as many of the lines (keep flags in reading order) as the runs hold.

    A column that is full while lines remain does not end on kept lines: they go on in
    the next column (unless a column holds nothing but kept lines, then they stay)."""
    out: list[Slot] = []
    n = len(keep)
    k = 0
    for run in runs:
        if k >= n:
            break
        room = run.count
        take = min(n - k, room)
        if take and k + take < n and take == room:
            cut = take
            while cut > 0 and keep[k + cut - 1]:
                cut -= 1
            if cut > 0:
                take = cut
        out += column_slots(run.col, run.first, take)
        k += take
    return out


def balance(runs: list[Run], keep: list[bool]) -> list[Slot]:
    """Slots for all the lines with the columns ending as evenly as they can.

    The lowest bottom line B that holds every line; the rightmost columns that reach B
    give up their last line until exactly all lines fit, so columns end on B or B - 1,
    the left ones longer. If kept lines make a bottom fail, the next one is tried; when
    none works the lines are simply poured."""
    n = len(keep)
    if n == 0:
        return []
    filled = [r for r in runs if r.count]
    if not filled:
        return pour(runs, keep)
    lowest = min(r.first for r in filled)
    # k columns down to line `bottom` hold at most k * (bottom - lowest + 1) lines: no
    # earlier bottom can hold them all
    start = lowest + -(-n // len(filled)) - 1
    for bottom in range(start, max(r.last for r in filled) + 1):
        excess = sum(max(0, min(r.last, bottom) - r.first + 1) for r in runs) - n
        if excess < 0:
            continue
        cut = [Run(r.col, r.first, min(r.last, bottom)) for r in runs]
        reaching = [i for i, r in enumerate(cut) if r.count and r.last == bottom]
        # the most even ending first; fewer shortened columns leave room for a kept line that moved
        for shave in range(min(excess, len(reaching)), -1, -1):
            trial = list(cut)
            for i in reaching[len(reaching) - shave:] if shave else ():
                trial[i] = Run(trial[i].col, trial[i].first, bottom - 1)
            slots = pour(trial, keep)
            if len(slots) == n:
                return slots
    return pour(runs, keep)
