"""The HTML e-paper: a folder that works offline, from any web server or straight from disk.

`index.html` shows every page as a picture rendered from the e-paper PDF itself, so
the hotspots (one positioned link per article block, placed in percent of the
picture from the layout's block rectangles) sit exactly on what is drawn and scale
with the picture on a phone. Each article has its own page with its headline, byline
and whole text, all parts of a continued article together. No scripts are needed to
read; one line of script outlines the hotspots for `index.html?show=hotspots`.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from ..flow.result import BlockArea, PageResult
from .atomic import atomic_path, write_bytes
from .epaper import article_blocks, metadata, page_title
from .raster import render_pages

SCREEN_DPI = 100            # 390 mm broadsheet -> 1535 px wide: sharp on a laptop, fine zoomed on a phone

CSS = """\
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:#eceae4;color:#1b1b1b;
 font-family:"Noto Serif CJK SC","Source Han Serif SC","Songti SC",serif;line-height:1.75}
a{color:#a4161a}
header.top,nav.pages,main,footer{max-width:1000px;margin:0 auto;padding:0 12px}
header.top h1{margin:.6em 0 0;font-size:1.6rem;color:#c8161d;letter-spacing:.1em}
header.top p{margin:.2em 0}
nav.pages{position:sticky;top:0;z-index:2;background:#eceae4;padding:.4em 12px;
 display:flex;flex-wrap:wrap;gap:.3em 1em;border-bottom:1px solid #ccc}
section.page{margin:1.2em 0 2em}
section.page h2{font-size:1.15rem;margin:.3em 0}
.sheet{position:relative;width:100%;background:#fff;box-shadow:0 1px 4px rgba(0,0,0,.25)}
.sheet img{display:block;width:100%;height:auto}
.hotspot{position:absolute;display:block;border-radius:2px}
.hotspot:hover,.hotspot:focus{outline:2px solid rgba(200,22,29,.8);background:rgba(200,22,29,.08)}
body.show-hotspots .hotspot{outline:3px solid rgba(200,22,29,.85);background:rgba(200,22,29,.10)}
.toc{padding-left:1.4em}
.pager{display:flex;justify-content:space-between}
article{max-width:40em;margin:0 auto;padding:0 16px 2em;font-size:1.08rem}
article h1{font-size:1.6rem;line-height:1.35;margin:.4em 0}
.kicker,.subhead{color:#555;margin:.2em 0}
.byline,.where{color:#555;font-size:.95rem}
article p.text{text-indent:2em;margin:.5em 0;overflow-wrap:anywhere}
figure{margin:1em 0}
figure img{max-width:100%;height:auto}
figcaption{font-size:.9rem;color:#555}
nav.crumbs,nav.prevnext{max-width:40em;margin:0 auto;padding:.6em 16px}
nav.prevnext{display:flex;flex-direction:column;gap:.3em;border-top:1px solid #ccc}
"""

SHOW_SCRIPT = ("if(/[?&]show=hotspots(&|$)/.test(location.search))"
               "document.body.classList.add('show-hotspots');")


def slug(article_id: str) -> str:
    """A file-name-safe, stable name for an article's page."""
    if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]{0,80}", article_id):
        return article_id
    return "a" + hashlib.sha1(article_id.encode("utf-8")).hexdigest()[:12]


def article_file(article_id: str) -> str:
    return f"article-{slug(article_id)}.html"


def page_anchor(index: int) -> str:
    return f"page-{index + 1}"


def page_image(index: int) -> str:
    return f"page-{index + 1}.png"


def _pct(v: float) -> str:
    return f"{v * 100:.4f}%"


def hotspot_style(block: BlockArea, page: PageResult) -> str:
    """Left/top/width/height in percent of the page picture (the trim)."""
    return (f"left:{_pct(block.x / page.width)};top:{_pct(block.y / page.height)};"
            f"width:{_pct(block.w / page.width)};height:{_pct(block.h / page.height)}")


def _one_line(text: str | None) -> str:
    """Headlines may carry manual line breaks; a web page reflows them."""
    return "".join((text or "").split("\n")).strip()


@dataclass
class _Placed:
    """An article as the HTML needs it: where it appears, in reading order."""

    id: str
    pages: list[int] = field(default_factory=list)   # 0-based page indexes, first appearance first


def _placed_articles(pages: list[PageResult]) -> list[_Placed]:
    order: dict[str, _Placed] = {}
    for i, page in enumerate(pages):
        for block in article_blocks(page):
            p = order.setdefault(block.article, _Placed(block.article))
            if i not in p.pages:
                p.pages.append(i)
    return list(order.values())


def _head(title: str) -> str:
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{escape(title)}</title>\n<link rel=\"stylesheet\" href=\"epaper.css\">\n</head>\n")


def index_html(b, sizes: list[tuple[int, int]], pdf_name: str | None) -> str:
    """All pages with their hotspots, a page navigation bar and a text list per page."""
    meta = metadata(b)
    e = b.edition.edition
    pages = b.result.pages
    out = [_head(f"{meta['title']} 数字报"), "<body class=\"index\">\n<header class=\"top\">\n",
           f"<h1>{escape(e.paper)} · 数字报</h1>\n",
           f"<p>{escape(e.date_cn)} {escape(e.weekday)} · 第{e.issue}期(总第{e.serial}期) · 共{len(pages)}版</p>\n"]
    if pdf_name:
        out.append(f"<p><a href=\"{escape(pdf_name)}\" download>下载PDF版</a></p>\n")
    out.append("</header>\n<nav class=\"pages\" aria-label=\"版面导航\">\n")
    for i, page in enumerate(pages):
        out.append(f"<a href=\"#{page_anchor(i)}\">{escape(page_title(page))}</a>\n")
    out.append("</nav>\n<main>\n")
    for i, page in enumerate(pages):
        w, h = sizes[i]
        title = escape(page_title(page))
        out.append(f"<section class=\"page\" id=\"{page_anchor(i)}\">\n<h2>{title}</h2>\n"
                   f"<div class=\"sheet\" style=\"max-width:{w}px\">\n"
                   f"<img src=\"{page_image(i)}\" width=\"{w}\" height=\"{h}\" alt=\"{title} 版面\">\n")
        blocks = article_blocks(page)
        for block in blocks:
            head = escape(_one_line(block.headline) or block.article, quote=True)
            out.append(f"<a class=\"hotspot\" href=\"{article_file(block.article)}\" "
                       f"style=\"{hotspot_style(block, page)}\" title=\"{head}\" aria-label=\"{head}\" "
                       f"data-block=\"{escape(block.name, quote=True)}\"></a>\n")
        out.append("</div>\n")
        if blocks:
            out.append("<ol class=\"toc\">\n")
            for block in blocks:
                head = escape(_one_line(block.headline) or block.article)
                out.append(f"<li><a href=\"{article_file(block.article)}\">{head}</a></li>\n")
            out.append("</ol>\n")
        out.append("<p class=\"pager\">")
        out.append(f"<a href=\"#{page_anchor(i - 1)}\">← 上一版</a>" if i > 0 else "<span></span>")
        out.append(f"<a href=\"#{page_anchor(i + 1)}\">下一版 →</a>" if i + 1 < len(pages) else "<span></span>")
        out.append("</p>\n</section>\n")
    out.append(f"</main>\n<footer><p>{escape(e.paper)} {escape(e.permit)}</p></footer>\n"
               f"<script>{SHOW_SCRIPT}</script>\n</body>\n</html>\n")
    return "".join(out)


def article_html(b, placed: _Placed, prev: _Placed | None, nxt: _Placed | None,
                 figures: list[tuple[str, str | None, str | None]]) -> str:
    """One article: kicker, headline, subhead, byline, where it appears, photos, whole text."""
    a = b.edition.article(placed.id)
    pages = b.result.pages
    headline = _one_line(a.headline)
    first = placed.pages[0]
    out = [_head(f"{headline} - {metadata(b)['title']}"), "<body class=\"article\">\n",
           "<nav class=\"crumbs\">"
           f"<a href=\"index.html#{page_anchor(first)}\">← 返回{escape(page_title(pages[first]))}</a>"
           " · <a href=\"index.html\">本期目录</a></nav>\n<article>\n"]
    if a.kicker:
        out.append(f"<p class=\"kicker\">{escape(_one_line(a.kicker))}</p>\n")
    out.append(f"<h1>{escape(headline)}</h1>\n")
    if a.subhead:
        out.append(f"<p class=\"subhead\">{escape(_one_line(a.subhead))}</p>\n")
    if a.byline:
        out.append(f"<p class=\"byline\">{escape(a.byline)}</p>\n")
    where = "、".join(f"<a href=\"index.html#{page_anchor(i)}\">{escape(page_title(pages[i]))}</a>"
                     for i in placed.pages)
    out.append(f"<p class=\"where\">刊于{where}</p>\n")
    for src, caption, credit in figures:
        alt = escape(caption or headline, quote=True)
        out.append(f"<figure><img src=\"{escape(src, quote=True)}\" alt=\"{alt}\">")
        text = " ".join(t for t in (caption, credit) if t)
        if text:
            out.append(f"<figcaption>{escape(text)}</figcaption>")
        out.append("</figure>\n")
    for para in a.paragraphs:
        out.append(f"<p class=\"text\">{escape(para)}</p>\n")
    out.append("</article>\n<nav class=\"prevnext\">")
    if prev:
        out.append(f"<a href=\"{article_file(prev.id)}\">上一篇：{escape(_one_line(b.edition.article(prev.id).headline))}</a>")
    if nxt:
        out.append(f"<a href=\"{article_file(nxt.id)}\">下一篇：{escape(_one_line(b.edition.article(nxt.id).headline))}</a>")
    out.append(f"<a href=\"index.html#{page_anchor(first)}\">返回{escape(page_title(pages[first]))}</a>")
    out.append("</nav>\n</body>\n</html>\n")
    return "".join(out)


def _figures(a, folder: Path, written: set[str]) -> list[tuple[str, str | None, str | None]]:
    """The article's photos as screen JPEGs in img/; a photo that cannot be read is left out."""
    from PIL import Image

    out = []
    for k, im in enumerate(a.images):
        name = f"img/{slug(a.id)}-{k + 1}.jpg"
        try:
            with Image.open(im.path) as src:
                pic = src.convert("RGB")
                pic.thumbnail((960, 960))
                with atomic_path(folder / name) as tmp:
                    pic.save(tmp, format="JPEG", quality=82)
        except OSError:
            continue
        written.add(name)
        out.append((name, im.caption, im.credit))
    return out


_OURS = re.compile(r"(page-\d+\.png|article-[A-Za-z0-9_-]+\.html|img/[A-Za-z0-9_-]+\.jpg)")


def write_html(b, pdf: bytes, folder: str, *, pdf_name: str | None = None, dpi: float = SCREEN_DPI) -> None:
    """Write the HTML e-paper into `folder`: pictures from `pdf` (the e-paper PDF), pages, CSS.

    Every file is written atomically; files of an earlier run that this edition no
    longer has (a dropped article, a page less) are removed, and nothing else is.
    """
    from PIL import Image

    root = Path(folder)
    root.mkdir(parents=True, exist_ok=True)
    written: set[str] = {"index.html", "epaper.css"}
    sizes = []
    for i, img in enumerate(render_pages(pdf, dpi)):
        if not b.result.pages[i].images:
            # Type and tints only: a 256-colour palette looks the same and is a quarter the size.
            img = img.quantize(256, method=Image.Quantize.FASTOCTREE)
        with atomic_path(root / page_image(i)) as tmp:
            img.save(tmp, format="PNG", compress_level=6)
        written.add(page_image(i))
        sizes.append(img.size)
    if pdf_name:
        write_bytes(root / pdf_name, pdf)
        written.add(pdf_name)
    write_bytes(root / "epaper.css", CSS.encode("utf-8"))
    write_bytes(root / "index.html", index_html(b, sizes, pdf_name).encode("utf-8"))
    placed = _placed_articles(b.result.pages)
    for k, p in enumerate(placed):
        figures = _figures(b.edition.article(p.id), root, written)
        prev = placed[k - 1] if k > 0 else None
        nxt = placed[k + 1] if k + 1 < len(placed) else None
        write_bytes(root / article_file(p.id), article_html(b, p, prev, nxt, figures).encode("utf-8"))
        written.add(article_file(p.id))
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_file() and _OURS.fullmatch(rel) and rel not in written:
            os.remove(path)
