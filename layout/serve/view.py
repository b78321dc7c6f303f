"""The overlay data of the page view (`GET /layout.json`): the grid, the blocks with
their fit, empty feet, holes and overset marks, in PDF points from each page's top-left
corner (the browser scales them onto the picture, so nothing here depends on dpi)."""

from __future__ import annotations

from typing import Any

from ..flow.fit import fit_report, report_json


def overlay_data(b: Any, digests: list[str]) -> dict[str, Any]:
    """Everything the page view draws over the pictures, from one build (commands.Build)."""
    result = b.result
    grid = result.grid
    report = fit_report(result, b.edition.page.separation)
    fit = report_json(report)
    areas = {(page.number, a.index): a for page in result.pages for a in page.blocks}
    blocks = []
    for entry, bf in zip(fit["blocks"], report.blocks, strict=True):
        a = areas[(bf.page, bf.block - 1)]
        blocks.append({**entry, "name": a.name, "x": a.x, "y": a.y, "w": a.w, "h": a.h})
    return {
        "grid": {**fit["grid"], "left": grid.left, "top": grid.top, "width": grid.width,
                 "colw": grid.colw, "gutter": grid.gutter,
                 "col_x": [grid.col_x(c) for c in range(1, grid.columns + 1)]},
        "pages": [{"number": p.number, "width": p.width, "height": p.height, "digest": d,
                   "png": f"/page/{p.number}.png?v={d}"}
                  for p, d in zip(result.pages, digests, strict=True)],
        "blocks": blocks,
        "holes": fit["holes"],
    }
