"""Printer's marks in the slug: crop marks, registration targets and the slug line.

The plant cuts at the crop marks and registers its plates on the targets, so both
are drawn in the registration colour (a `/Separation /All` space: the same mark on
every plate). The painter's CMYK-only check (`cmyk_only`) keeps that colour as it is;
plain 'cmyk' would turn it into a 400 % CMYK mix. Marks stay outside the bleed so
nothing of them survives the cut. The slug line names the paper, date and page and
deliberately no build time: two builds of one edition must be byte-identical.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from reportlab.lib.units import mm

from ..flow.result import GlyphRun, PageResult
from ..model.edition import Edition

if TYPE_CHECKING:
    from ..paint.painter import PageGeometry

# Room beyond the bleed for the marks and the slug line.
SLUG = 12 * mm
MARK_LENGTH = 5 * mm          # crop mark length, starting at the bleed edge
MARK_WIDTH = 0.25             # pt, the usual hairline for marks
TARGET_RADIUS = 2.5 * mm


def registration_colour() -> Any:
    """The registration colour: 100 % on every separation."""
    from reportlab.lib.colors import CMYKColorSep

    return CMYKColorSep(1, 1, 1, 1, spotName="All")


@dataclass(frozen=True)
class Marks:
    """Draws the marks of one page; used as the painter's `after_page` hook."""

    slug: float = SLUG

    def __call__(self, canvas: Any, page: PageResult, geo: PageGeometry) -> None:
        draw_marks(canvas, geo, self.slug)


def draw_marks(canvas: Any, geo: PageGeometry, slug: float = SLUG) -> None:
    """Crop marks at the four corners and a registration target on each side."""
    reg = registration_colour()
    canvas.saveState()
    canvas.setStrokeColor(reg)
    canvas.setFillColor(reg)
    canvas.setLineWidth(MARK_WIDTH)
    x0, y0 = geo.trim_x, geo.trim_y
    x1, y1 = x0 + geo.trim_w, y0 + geo.trim_h
    off = geo.bleed
    length = min(MARK_LENGTH, slug - 1)
    for x, sx in ((x0, -1), (x1, 1)):
        for y, sy in ((y0, -1), (y1, 1)):
            # horizontal mark on the trim line, vertical mark on the trim line, both beyond the bleed
            canvas.line(x + sx * off, y, x + sx * (off + length), y)
            canvas.line(x, y + sy * off, x, y + sy * (off + length))
    centre = off + slug / 2
    radius = min(TARGET_RADIUS, slug / 2 - 1)
    mx, my = (x0 + x1) / 2, (y0 + y1) / 2
    for cx, cy in ((mx, y1 + centre), (mx, y0 - centre), (x0 - centre, my), (x1 + centre, my)):
        _target(canvas, cx, cy, radius)
    canvas.restoreState()


def _target(canvas: Any, cx: float, cy: float, r: float) -> None:
    """A registration target: a circle, a smaller one inside, and a cross through both."""
    canvas.circle(cx, cy, r, stroke=1, fill=0)
    canvas.circle(cx, cy, r / 2, stroke=1, fill=0)
    canvas.line(cx - r * 1.4, cy, cx + r * 1.4, cy)
    canvas.line(cx, cy - r * 1.4, cx, cy + r * 1.4)


def slug_runs(ed: Edition, book: object, page: PageResult, slug: float = SLUG) -> list[GlyphRun]:
    """The slug line the layout set (`PageResult.slug`), under the bottom-left crop mark,
    outside the bleed."""
    x = page.bleed + MARK_LENGTH + 4 * mm
    baseline = page.height + page.bleed + slug - 2 * mm
    return [replace(r, x=r.x + x, y=r.y + baseline) for r in page.slug]
