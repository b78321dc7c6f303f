"""An article's shape on a page: the outline of the union of its rectangles.

An article is rarely one rectangle: a headline across five columns over a body in
three, a photo beside it, a box. The hotspot on the page picture follows that real
shape, so a click on a neighbour's column never opens the wrong article. The union
is computed exactly on the grid of the rectangles' own edges (coordinate
compression), then its boundary is walked into closed polygons, one per connected
piece (a hole's outline is a polygon of its own and runs the other way).
"""

from __future__ import annotations

Rect = tuple[float, float, float, float]          # x, y, w, h (top-down, as in the layout result)
Point = tuple[float, float]


def outline(rects: list[Rect]) -> list[list[Point]]:
    """The union of `rects` as closed polygons (corner points only, no repeated first point),
    in a stable order: by their first corner, top to bottom, left to right."""
    boxes = [(x, y, x + w, y + h) for x, y, w, h in rects if w > 0 and h > 0]
    if not boxes:
        return []
    xs = sorted({v for b in boxes for v in (b[0], b[2])})
    ys = sorted({v for b in boxes for v in (b[1], b[3])})
    xi = {v: i for i, v in enumerate(xs)}
    yi = {v: i for i, v in enumerate(ys)}
    filled: set[tuple[int, int]] = set()
    for x0, y0, x1, y1 in boxes:
        for i in range(xi[x0], xi[x1]):
            for j in range(yi[y0], yi[y1]):
                filled.add((i, j))
    # Directed boundary edges between grid corners, clockwise on screen around filled cells
    # (y grows downwards): top edge left->right, right edge down, bottom right->left, left up.
    edges: dict[tuple[int, int], list[tuple[int, int]]] = {}

    def edge(a: tuple[int, int], b: tuple[int, int]) -> None:
        edges.setdefault(a, []).append(b)

    for i, j in filled:
        if (i, j - 1) not in filled:
            edge((i, j), (i + 1, j))
        if (i + 1, j) not in filled:
            edge((i + 1, j), (i + 1, j + 1))
        if (i, j + 1) not in filled:
            edge((i + 1, j + 1), (i, j + 1))
        if (i - 1, j) not in filled:
            edge((i, j + 1), (i, j))
    loops: list[list[tuple[int, int]]] = []
    while edges:
        start = min(edges)
        loop = [start]
        here = start
        came: tuple[int, int] | None = None
        while True:
            outs = edges[here]
            nxt = _turn(came, here, outs) if len(outs) > 1 else outs[0]
            outs.remove(nxt)
            if not outs:
                del edges[here]
            came, here = here, nxt
            if here == start:
                break
            loop.append(here)
        loops.append(_corners(loop))
    polys = [[(xs[i], ys[j]) for i, j in loop] for loop in loops]
    return sorted(polys, key=lambda p: (p[0][1], p[0][0]))


def _turn(came: tuple[int, int] | None, here: tuple[int, int], outs: list[tuple[int, int]]) -> tuple[int, int]:
    """At a corner where two pieces touch diagonally, keep the pieces apart: turn right
    (clockwise on screen) rather than crossing over."""
    if came is None:
        return min(outs)
    dx, dy = here[0] - came[0], here[1] - came[1]
    right = (here[0] - dy, here[1] + dx)           # a right turn with y down
    return right if right in outs else min(outs)


def _corners(loop: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Drop the points in the middle of straight runs."""
    n = len(loop)
    out = []
    for k in range(n):
        a, b, c = loop[k - 1], loop[k], loop[(k + 1) % n]
        if (b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0]) != 0:
            out.append(b)
    return out


def contains(polys: list[list[Point]], x: float, y: float) -> bool:
    """Even-odd point-in-polygon over all pieces (holes run the other way, so they cancel)."""
    inside = False
    for poly in polys:
        n = len(poly)
        for k in range(n):
            (x0, y0), (x1, y1) = poly[k - 1], poly[k]
            if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
                inside = not inside
    return inside
