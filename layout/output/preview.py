"""`layout preview`: one page's trim area as a PNG, for planning a page on every save.

The picture is PDFium's rendering of a screen PDF painted from the same layout as the
print PDF (only the one page, so it stays fast; written by `screenpdf`, not ReportLab).
`--grid` draws the page grid and the blocks over it from the layout data, not from the
picture.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from ..flow.grid import Grid
from ..flow.result import LayoutResult, PageResult
from ..paint.painter import PaintOptions, paint_page_with
from .atomic import write_bytes
from .raster import Picture, render_pictures, render_png
from .screenpdf import ScreenCanvas, ScreenFonts, screen_pdf

if TYPE_CHECKING:
    from PIL.Image import Image

    from ..commands import Build


class PageNotFound(ValueError):
    """The edition has no page with the asked number."""


def find_page(result: LayoutResult, number: int) -> PageResult:
    """The page printed as 第`number`版."""
    for page in result.pages:
        if page.number == number:
            return page
    have = ", ".join(str(p.number) for p in result.pages) or "none"
    raise PageNotFound(f"no page {number} in this edition (pages: {have})")


def screen_options(b: Build) -> PaintOptions:
    """Screen colour, media = trim, no marks: what the preview and the e-paper show."""
    return PaintOptions(colour="rgb", bleed=False, invariant=True, compress=True, title=b.result.title)


def page_pdf(b: Build, number: int, *, convert: bool = True) -> bytes:
    """Page `number` alone as a screen PDF for PDFium (`screenpdf`; `convert`: its body
    faces as TrueType)."""
    return _screen_page(b, number, convert)[0]


def _screen_page(b: Build, number: int, convert: bool = True) -> tuple[bytes, bool]:
    """`page_pdf`, and whether the page draws only black, white and greys."""
    page = find_page(b.result, number)
    one = replace(b.result, pages=[page], articles=[], problems=[])
    canvas, fonts = ScreenCanvas(), ScreenFonts(b.book, convert=convert, runs=page.runs)
    paint_page_with(one, b.book, screen_options(b), page, canvas, fonts, codes=fonts.remap)
    return screen_pdf(page.width, page.height, canvas, fonts), canvas.neutral


def render_picture(b: Build, number: int, dpi: float) -> Picture:
    """Paint just page `number` to a one-page screen PDF and rasterise its trim."""
    return next(render_pictures(page_pdf(b, number), dpi))


def page_png(b: Build, number: int, dpi: float) -> tuple[Picture, bytes]:
    """Page `number` painted, rasterised and written as a PNG (raster.render_png): in 8-bit
    gray when the page draws only black, white and greys, in RGB otherwise."""
    pdf, neutral = _screen_page(b, number)
    return render_png(pdf, dpi, gray=neutral)


# Overlay colours (RGBA): columns, grid lines, block outlines and labels.
COLUMN = (0, 160, 255, 40)
GUTTER_EDGE = (0, 120, 255, 200)
LINE = (0, 170, 200, 90)
BLOCK = (230, 0, 120, 255)
LABEL_BG = (255, 255, 255, 210)


def draw_grid(img: Image, grid: Grid, page: PageResult, dpi: float) -> Image:
    """The columns (tinted, edges drawn), the line grid and each block's outline and name."""
    from PIL import Image as PILImage
    from PIL import ImageDraw, ImageFont

    k = dpi / 72
    overlay = PILImage.new("RGBA", img.size, (0, 0, 0, 0))
    d = ImageDraw.Draw(overlay)
    top, bottom = grid.top * k, (grid.top + grid.lines * grid.leading) * k
    for col in range(1, grid.columns + 1):
        x0, x1 = grid.col_x(col) * k, grid.col_right(col) * k
        d.rectangle((x0, top, x1, bottom), fill=COLUMN)
        d.line((x0, top, x0, bottom), fill=GUTTER_EDGE, width=1)
        d.line((x1, top, x1, bottom), fill=GUTTER_EDGE, width=1)
    left, right = grid.left * k, (grid.left + grid.width) * k
    for n in range(1, grid.lines + 2):
        y = grid.line_top(n) * k
        d.line((left, y, right, y), fill=LINE, width=1)
    size = max(9, round(8 * k))
    font = ImageFont.load_default(size=size)
    width = max(2, round(1.5 * k))
    for block in page.blocks:
        box = (block.x * k, block.y * k, (block.x + block.w) * k, (block.y + block.h) * k)
        d.rectangle(box, outline=BLOCK, width=width)
        label = block.name
        tx, ty = box[0] + width + 2, box[1] + width + 2
        x0, y0, x1, y1 = d.textbbox((tx, ty), label, font=font)
        d.rectangle((x0 - 2, y0 - 2, x1 + 2, y1 + 2), fill=LABEL_BG)
        d.text((tx, ty), label, fill=BLOCK, font=font)
    return PILImage.alpha_composite(img.convert("RGBA"), overlay).convert("RGB")


def save_preview(b: Build, output: str, *, page: int = 1, dpi: float = 100, grid: bool = False) -> Picture:
    """Render page `page` (第N版) at `dpi` to the PNG `output`, atomically: unfiltered
    rows, ISA-L level 1, rendered and deflated at once (raster.render_png); with the
    grid drawn over the picture first when asked."""
    if dpi <= 0:
        raise ValueError(f"dpi must be positive, not {dpi}")
    if not grid:
        picture, png = page_png(b, page, dpi)
        write_bytes(output, png)
        return picture
    picture = Picture.of(draw_grid(render_picture(b, page, dpi).image(), Grid.from_setup(b.edition.page),
                                   find_page(b.result, page), dpi))
    write_bytes(output, picture.png())
    return picture
