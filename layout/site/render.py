"""One edition's expensive files, from one layout: print PDF, screen PDF, pictures, photos.

The edition is laid out once (`commands.build`); the print PDF (PDF/X, preflighted),
the screen PDF and the page pictures are all drawn from that one layout result, and
the pictures are rasterised from the screen PDF itself, so the hotspots sit exactly on
what is drawn. What the HTML needs is returned as an `EditionSummary`.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import TYPE_CHECKING

from ..output.atomic import atomic_path, ensure_folder, write_bytes
from ..output.epaper import article_blocks, epaper_pdf, metadata, page_title
from .shapes import outline
from .summary import ArticleSummary, EditionSummary, Figure, PageSummary, Picture, Spot

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage

    from ..commands import Build
    from ..flow.result import PageResult

SCREEN_DPI = 100            # at least; a broadsheet page is then 1535 px wide
PHONE_WIDTH = 1200          # px: a 390 pt phone screen is 1170 device pixels wide at 3 per point
THUMB_WIDTH = 240           # px, the 版面导航 thumbnails
PHOTO_SIZE = 960            # px, an article photo's longer side on its article page


def slug(article_id: str) -> str:
    """A file-name-safe, stable name for an article's page."""
    if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]{0,80}", article_id):
        return article_id
    return "a" + hashlib.sha1(article_id.encode("utf-8")).hexdigest()[:12]


def article_file(article_id: str) -> str:
    return f"article-{slug(article_id)}.html"


def page_file(index: int, number: int) -> str:
    """The first page is the edition's index.html; the others are N.html (the printed number)."""
    return "index.html" if index == 0 else f"{number}.html"


def one_line(text: str | None) -> str:
    """Headlines may carry typed line breaks; a web page reflows them."""
    return "".join((text or "").split("\n")).strip()


def picture_dpi(page: PageResult) -> float:
    return max(SCREEN_DPI, PHONE_WIDTH * 72 / page.width)


def _save_picture(img: PILImage, folder: Path, stem: str) -> Picture:
    """Lossy WebP (quality 85: type stays crisp at this size) and a JPEG fallback.

    The fastest of the encodings that looked right: a palette with lossless WebP and
    PNG is a third smaller for a page of type, but takes twice the time to write.
    """
    with atomic_path(folder / f"{stem}.webp") as tmp:
        img.save(tmp, format="WEBP", quality=85, method=0)
    with atomic_path(folder / f"{stem}.jpg") as tmp:
        img.save(tmp, format="JPEG", quality=85)
    return Picture(webp=f"{stem}.webp", fallback=f"{stem}.jpg", width=img.width, height=img.height)


def _thumb(img: PILImage, folder: Path, stem: str) -> Picture:
    from PIL import Image

    h = round(img.height * THUMB_WIDTH / img.width)
    small = img.resize((THUMB_WIDTH, h), Image.Resampling.LANCZOS, reducing_gap=1.5)
    with atomic_path(folder / f"{stem}.webp") as tmp:
        small.save(tmp, format="WEBP", quality=75, method=2)
    with atomic_path(folder / f"{stem}.jpg") as tmp:
        small.save(tmp, format="JPEG", quality=80)
    return Picture(webp=f"{stem}.webp", fallback=f"{stem}.jpg", width=THUMB_WIDTH, height=h)


def _spots(page: PageResult) -> list[Spot]:
    """Each article's outline on the page: every block and photo that belongs to it."""
    order: list[str] = []
    for bl in page.blocks:
        if bl.article and bl.article not in order:
            order.append(bl.article)
    spots = []
    for art in order:
        rects = [(bl.x, bl.y, bl.w, bl.h) for bl in page.blocks if bl.article == art]
        polys = [[(round(x / page.width, 5), round(y / page.height, 5)) for x, y in poly]
                 for poly in outline(rects)]
        spots.append(Spot(art, polys))
    return spots


def _photos(b: Build, article_id: str) -> list[tuple[str, str | None, str | None]]:
    """(path, caption, credit) of the article's photos and of the image blocks given to it."""
    a = b.edition.article(article_id)
    out = [(im.path, im.caption, im.credit) for im in a.images]
    for p in b.edition.pages:
        for bl in p.blocks:
            if bl.kind == "image" and bl.image is not None and bl.article == article_id:
                out.append((bl.image.path, bl.image.caption, bl.image.credit))
    return out


def _figures(b: Build, article_id: str, folder: Path) -> list[Figure]:
    """The article's photos as screen JPEGs in img/; a photo that cannot be read is left out."""
    from ..paint.images import screen_image

    out = []
    for k, (path, caption, credit) in enumerate(_photos(b, article_id)):
        name = f"img/{slug(article_id)}-{k + 1}.jpg"
        try:
            pic = screen_image(path).convert("RGB")     # colour-managed: own profile, CMYK via its profile
        except OSError:
            continue
        pic.thumbnail((PHOTO_SIZE, PHOTO_SIZE))
        with atomic_path(folder / name) as tmp:
            pic.save(tmp, format="JPEG", quality=82)
        out.append(Figure(name, caption, credit))
    return out


def preload() -> None:
    """Import every library rendering uses, so worker processes forked after this start
    with them loaded instead of each importing them again."""
    import pikepdf  # noqa: F401
    import pypdfium2  # noqa: F401
    from PIL import Image, JpegImagePlugin, WebPImagePlugin  # noqa: F401

    from ..commands import build  # noqa: F401
    from ..output import preflight, printpdf, raster  # noqa: F401
    from ..paint import painter  # noqa: F401


def render_edition(b: Build, folder: Path, *, source: str) -> EditionSummary:
    """Write the edition's PDFs, pictures and photos into `folder`; return its summary
    (`source`, `key` and `inputs` are the caller's to fill)."""
    from ..output.printpdf import write_print_pdf
    from ..output.raster import render_pages

    e = b.edition.edition
    date = e.date.isoformat()
    ensure_folder(folder)
    print_pdf, screen_pdf = f"{date}.pdf", f"{date}-epaper.pdf"
    write_print_pdf(b, str(folder / print_pdf))
    screen = epaper_pdf(b)
    write_bytes(folder / screen_pdf, screen)
    pages = b.result.pages
    pictures = render_pages(screen, picture_dpi(pages[0])) if pages else iter(())
    summaries: list[PageSummary] = []
    placed: dict[str, list[int]] = {}
    for i, (page, img) in enumerate(zip(pages, pictures, strict=False)):
        stem = f"page-{page.number}"
        picture = _save_picture(img, folder, stem)
        thumb = _thumb(img, folder, f"thumb-{page.number}")
        ids = list(dict.fromkeys(bl.article for bl in article_blocks(page) if bl.article))
        for art in ids:
            placed.setdefault(art, []).append(page.number)
        summaries.append(PageSummary(number=page.number, section=page.section, title=page_title(page),
                                     file=page_file(i, page.number), picture=picture, thumb=thumb,
                                     articles=ids, spots=[s for s in _spots(page) if s.article in ids]))
    articles = []
    for art, on in placed.items():
        a = b.edition.article(art)
        articles.append(ArticleSummary(
            id=art, file=article_file(art), headline=one_line(a.headline), kicker=one_line(a.kicker) or None,
            subhead=one_line(a.subhead) or None, byline=a.byline, paragraphs=list(a.paragraphs),
            subheads=sorted(getattr(a, "subheads", ())), pages=on, figures=_figures(b, art, folder)))
    return EditionSummary(
        source=source, key="", inputs=[], date=date, paper=e.paper, title=metadata(b)["title"],
        date_cn=e.date_cn, weekday=e.weekday, issue=e.issue, serial=e.serial, permit=e.permit, url=e.url or "",
        print_pdf=print_pdf, screen_pdf=screen_pdf, pages=summaries, articles=articles)
