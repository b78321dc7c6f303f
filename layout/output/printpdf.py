"""The print PDF: CMYK, trim and bleed boxes, every font embedded and subset."""

from __future__ import annotations

from ..paint.painter import PaintOptions, paint
from .atomic import write_bytes


def print_options(b) -> PaintOptions:
    ed = b.edition
    return PaintOptions(colour="cmyk", bleed=True, title=b.result.title, author=ed.edition.paper,
                        subject=f"第{ed.edition.issue}期(总第{ed.edition.serial}期)")


def write_print_pdf(b, output: str, *, icc: str | None = None, condition: str | None = None) -> None:
    data = paint(b.result, b.book, print_options(b))
    write_bytes(output, data)
