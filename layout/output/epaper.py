"""`layout epaper`: the edition for screens, as a PDF to download and (optionally) HTML.

The PDF is painted from the same layout as print, in RGB, at trim size without marks.
What a reader needs on a screen is added by the painter's `after_page` hook with
ReportLab's own annotation and outline calls: a bookmark per page (第1版 要闻) with
its articles under it, live links on the QR codes and the paper's address, jump lines
that go to the continuation (and back), page labels and the document information.
The saved file is then rewritten with pikepdf into object streams, which is what
makes it smaller than the print PDF.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..flow.result import BlockArea, LayoutResult, PageResult
from ..paint.painter import PageGeometry, PaintOptions, paint
from .atomic import atomic_path

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

    from ..commands import Build


def page_title(page: PageResult) -> str:
    """How a page is named in bookmarks and navigation: 第1版 要闻."""
    return f"第{page.number}版" + (f" {page.section}" if page.section else "")


def article_blocks(page: PageResult) -> list[BlockArea]:
    """The page's article blocks, in the order the layout lists them."""
    return [bl for bl in page.blocks if bl.kind == "article" and bl.article]


def metadata(b: Build) -> dict[str, str]:
    """Title (paper and date), author, subject, for the PDF and the HTML."""
    e = b.edition.edition
    title = b.result.title or f"{e.paper} {e.date_cn}"
    return {
        "title": title,
        "author": e.paper,
        "subject": f"{e.paper} {e.date_cn} {e.weekday} {e.issue_line} 数字报",
        "keywords": f"{e.paper}, 数字报, {e.date.isoformat()}",
    }


@dataclass
class _Marks:
    """The destinations and outline entries the hook adds, page by page.

    Jump lines point at (page index, y); each target gets a named destination on its
    page, defined when that page is painted (ReportLab resolves forward names at save).
    """

    result: LayoutResult
    index: dict[int, int] = field(default_factory=dict)          # id(page) -> 0-based index
    targets: dict[int, set[float]] = field(default_factory=dict)  # page index -> dest y's

    def __post_init__(self) -> None:
        for i, page in enumerate(self.result.pages):
            self.index[id(page)] = i
        for page in self.result.pages:
            for link in page.links:
                if link.page is not None and 1 <= link.page <= len(self.result.pages):
                    self.targets.setdefault(link.page - 1, set()).add(link.dest_y or 0.0)

    @staticmethod
    def dest_name(index: int, y: float) -> str:
        return f"p{index + 1}y{round(y * 10)}"

    def after_page(self, canvas: Canvas, page: PageResult, geo: PageGeometry) -> None:
        i = self.index[id(page)]
        top_key = f"page{i + 1}"
        canvas.bookmarkPage(top_key, fit="XYZ", left=0, top=geo.media_h)
        canvas.addOutlineEntry(page_title(page), top_key, level=0, closed=False)
        for k, block in enumerate(article_blocks(page)):
            key = f"page{i + 1}-a{k}"
            canvas.bookmarkPage(key, fit="XYZ", left=geo.pdf_x(block.x), top=geo.pdf_y(block.y))
            canvas.addOutlineEntry(block.headline or block.article, key, level=1)
        for y in sorted(self.targets.get(i, ())):
            canvas.bookmarkPage(self.dest_name(i, y), fit="XYZ", left=0, top=geo.pdf_y(y))
        for link in page.links:
            rect = (geo.pdf_x(link.x), geo.pdf_y(link.y + link.h),
                    geo.pdf_x(link.x + link.w), geo.pdf_y(link.y))
            if link.url:
                canvas.linkURL(link.url, rect, relative=0, thickness=0)
            elif link.page is not None and 1 <= link.page <= len(self.result.pages):
                canvas.linkAbsolute("", self.dest_name(link.page - 1, link.dest_y or 0.0), Rect=rect,
                                    thickness=0, Border="[0 0 0]")
        canvas.addPageLabel(i, prefix=f"第{page.number}版")
        if i == 0:
            canvas.showOutline()


def epaper_options(b: Build) -> PaintOptions:
    meta = metadata(b)
    marks = _Marks(b.result)
    return PaintOptions(colour="rgb", bleed=False, invariant=True, compress=True, title=meta["title"],
                        author=meta["author"], subject=meta["subject"], lang="zh-CN",
                        after_page=marks.after_page)


def epaper_pdf(b: Build) -> bytes:
    """The e-paper PDF's bytes: painted, then packed into object streams with pikepdf."""
    import pikepdf

    raw = paint(b.result, b.book, epaper_options(b))
    meta = metadata(b)
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(raw)) as pdf:
        pdf.docinfo["/Keywords"] = meta["keywords"]
        with pdf.open_metadata(set_pikepdf_as_editor=False) as xmp:
            xmp["dc:title"] = meta["title"]
            xmp["dc:creator"] = [meta["author"]]
            xmp["dc:description"] = meta["subject"]
            xmp["dc:language"] = ["zh-CN"]
        pdf.Root.PageMode = pikepdf.Name.UseOutlines
        pdf.save(out, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate,
                 deterministic_id=True, recompress_flate=False)
    return out.getvalue()


def write_epaper(b: Build, output: str, *, html_dir: str | None = None) -> None:
    """Write the e-paper PDF to `output` and, with `html_dir`, the site of this one
    edition there (`layout site`'s pages, pictures and downloads; see docs/epaper.md)."""
    data = epaper_pdf(b)
    with atomic_path(output) as tmp:
        tmp.write_bytes(data)
    if html_dir:
        from ..site.build import build_site

        # The build's warnings are the command's to report, once.
        build_site([b.edition.source], html_dir, prebuilt={b.edition.source: b}, report=lambda _: None)
