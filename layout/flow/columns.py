"""Which grid line of which column each line of an article block goes on.

A block's room is a list of column runs (column, first free line, last line), read
column by column. Lines are poured in reading order; a line marked `keep` (an in-body
subhead) is never the last thing in a column while more lines follow: it moves to the
next column with what it heads. When the text ends in a block its columns are
balanced (齐栏): they end on the same line, or the left ones one line lower.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Slot:
    """Room for one line: column `col` at grid line `line`."""

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


def runs_of(slots: list[Slot]) -> list[Run]:
    """The column runs of a slot list laid out column by column, each column contiguous."""
    runs: list[Run] = []
    for s in slots:
        if runs and runs[-1].col == s.col:
            runs[-1] = Run(s.col, runs[-1].first, s.line)
        else:
            runs.append(Run(s.col, s.line, s.line))
    return runs


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
        here = list(range(k, min(n, k + run.count)))
        if here and here[-1] + 1 < n and len(here) == run.count:
            cut = len(here)
            while cut > 0 and keep[here[cut - 1]]:
                cut -= 1
            if cut > 0:
                here = here[:cut]
        out += [Slot(run.col, run.first + j) for j in range(len(here))]
        k += len(here)
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
    lasts = sorted({r.last for r in runs if r.count})
    lowest = min((r.first for r in runs if r.count), default=0)
    for bottom in range(lowest, (lasts[-1] if lasts else 0) + 1):
        cut = [Run(r.col, r.first, min(r.last, bottom)) for r in runs]
        excess = capacity(cut) - n
        if excess < 0:
            continue
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
