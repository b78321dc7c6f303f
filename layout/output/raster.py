"""PDF pages to pictures with PDFium (pypdfium2), for the preview and the HTML e-paper.

Both rasterise a PDF painted from the layout, so what the picture shows is what the
PDF draws; nothing here draws type itself.
"""

from __future__ import annotations

from collections.abc import Iterator

from PIL import Image


def pixel_size(width_pt: float, height_pt: float, dpi: float) -> tuple[int, int]:
    """The picture size of a page: the trim in points at `dpi`, rounded to whole pixels."""
    return max(1, round(width_pt * dpi / 72)), max(1, round(height_pt * dpi / 72))


def render_pages(pdf: bytes, dpi: float, indexes: list[int] | None = None) -> Iterator[Image.Image]:
    """Each requested page (0-based; all by default) as an RGB picture of its media box.

    The picture is exactly `pixel_size` of the media box, so a layout point x lands
    on pixel x * dpi / 72 (hotspots and grid overlays rely on that).
    """
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        for i in (range(len(doc)) if indexes is None else indexes):
            page = doc[i]
            try:
                w, h = page.get_size()
                want = pixel_size(w, h, dpi)
                # rev_byteorder: PDFium writes RGB order, so the PIL picture needs no channel swap.
                bitmap = page.render(scale=dpi / 72, draw_annots=False, may_draw_forms=False,
                                     rev_byteorder=True)
                img = bitmap.to_pil().convert("RGB")
                if img.size != want:
                    # PDFium rounds the bitmap size up; keep the documented size exactly.
                    img = img.crop((0, 0, *want)) if img.width >= want[0] and img.height >= want[1] \
                        else img.resize(want, Image.Resampling.LANCZOS)
                yield img
            finally:
                page.close()
    finally:
        doc.close()
