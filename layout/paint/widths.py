"""The runs of a CID font's /W array: the print PDF's fonts (fontembed) and the
preview's page PDF (output/screenpdf) write the same widths from one place."""

from __future__ import annotations


def width_runs(widths: dict[int, int]) -> list[tuple[int, list[int]]]:
    """(first code, the widths of the consecutive codes from it) for the codes whose
    width differs from /DW 1000, in code order: /W is [c [w w ...] c [w ...] ...]."""
    out: list[tuple[int, list[int]]] = []
    run: list[int] = []
    start = prev = -2
    for code in sorted(widths):
        w = widths[code]
        if w == 1000:
            continue
        if run and code == prev + 1:
            run.append(w)
        else:
            if run:
                out.append((start, run))
            start, run = code, [w]
        prev = code
    if run:
        out.append((start, run))
    return out
