"""A CID font's widths and the runs of its /W array: the print PDF's fonts (fontembed)
and the preview's page PDF (output/screenpdf) write the same widths from one place."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..fonts.book import Face


def glyph_widths(face: Face, parts: list[Any], codes: Sequence[int]) -> dict[int, int]:
    """Each code's advance in /W units (1/1000 em), from the face's parsed parts."""
    from ..fonts import subset as sub  # here: a preview whose font programs are kept needs none of it

    upem = face.units_per_em
    widths: dict[int, int] = {}
    if face.kind == "cff":
        for c in codes:
            part, g = sub.cff_glyph(parts, c, face.part_of)
            widths[c] = round(sub.hmtx_advance(part.tables, g) * 1000 / upem)
    else:
        for c in codes:
            widths[c] = round(parts[face.part_of.get(c, 0)].hmetric(c)[0] * 1000 / upem)
    return widths


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
