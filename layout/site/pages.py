"""The site's HTML, written from the editions' summaries (never from a layout).

Every page is HTML5 with `lang="zh-CN"`, a viewport meta, Open Graph title,
description, image and address, and only relative links inside the folder, so the
site works straight from disk and from any web server. All text is escaped here.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from html import escape

from ..model.edition import issue_line
from .summary import ArticleSummary, EditionSummary, PageSummary, Picture

SPOT_SCALE = 10000          # the hotspots' SVG coordinates: fractions of the page times this
WEEK_HEAD = "一二三四五六日"


@dataclass
class Site:
    """Every edition of the site, newest first, and where the site is published."""

    editions: list[EditionSummary]
    base_url: str

    @property
    def paper(self) -> str:
        return self.editions[0].paper if self.editions else "数字报"

    @property
    def name(self) -> str:
        return f"{self.paper} · 数字报"

    def older(self, ed: EditionSummary) -> EditionSummary | None:
        k = self.editions.index(ed)
        return self.editions[k + 1] if k + 1 < len(self.editions) else None

    def newer(self, ed: EditionSummary) -> EditionSummary | None:
        k = self.editions.index(ed)
        return self.editions[k - 1] if k > 0 else None


def _a(text: str) -> str:
    return escape(text, quote=True)


def _cut(text: str, n: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n] + "…"


def head(site: Site, title: str, *, description: str, image: str, path: str, root: str,
         kind: str = "website") -> str:
    """<head> with the Open Graph card; `image` and `path` are relative to the site's root."""
    full = f"{title} - {site.name}" if title != site.name else title
    return (
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<title>{escape(full)}</title>\n"
        f"<meta name=\"description\" content=\"{_a(description)}\">\n"
        f"<meta property=\"og:site_name\" content=\"{_a(site.name)}\">\n"
        f"<meta property=\"og:type\" content=\"{kind}\">\n"
        f"<meta property=\"og:title\" content=\"{_a(title)}\">\n"
        f"<meta property=\"og:description\" content=\"{_a(description)}\">\n"
        f"<meta property=\"og:image\" content=\"{_a(site.base_url + image)}\">\n"
        f"<meta property=\"og:url\" content=\"{_a(site.base_url + path)}\">\n"
        "<meta property=\"og:locale\" content=\"zh_CN\">\n"
        f"<link rel=\"stylesheet\" href=\"{root}site.css\">\n"
        f"<link rel=\"alternate\" type=\"application/atom+xml\" title=\"{_a(site.name)}\" href=\"{root}feed.xml\">\n"
        "</head>\n")


def header(site: Site, root: str, ed: EditionSummary | None = None, *, here: str = "") -> str:
    """The paper's name, the issue, the search box, the archive and the downloads."""
    out = ["<header class=\"top\"><div class=\"bar\">",
           f"<p class=\"brand\"><a href=\"{root}index.html\">{escape(site.name)}</a></p>"]
    if ed is not None:
        out.append(f"<p class=\"issue\">{escape(ed.date_cn)} {escape(ed.weekday)} · "
                   f"{issue_line(ed.issue, ed.serial)} · 共{len(ed.pages)}版</p>")
    out.append(f"<form class=\"search\" action=\"{root}search.html\" method=\"get\" role=\"search\">"
               "<input type=\"search\" name=\"q\" placeholder=\"搜索全部各期\" aria-label=\"搜索全部各期\">"
               "<button type=\"submit\">搜索</button></form>"
               f"<p><a href=\"{root}index.html#archive\">往期回顾</a></p>")
    if ed is not None:
        out.append(f"<p class=\"downloads\"><a href=\"{here}{_a(ed.print_pdf)}\" download>下载本期PDF（印刷版）</a>"
                   f"<a href=\"{here}{_a(ed.screen_pdf)}\" download>屏幕版PDF</a></p>")
    out.append("</div></header>\n")
    return "".join(out)


def picture(pic: Picture, prefix: str, alt: str, *, lazy: bool) -> str:
    """<picture>: WebP first, the PNG/JPEG for a browser without it."""
    load = " loading=\"lazy\" decoding=\"async\"" if lazy else " fetchpriority=\"high\""
    return (f"<picture><source type=\"image/webp\" srcset=\"{prefix}{_a(pic.webp)}\">"
            f"<img src=\"{prefix}{_a(pic.fallback)}\" width=\"{pic.width}\" height=\"{pic.height}\""
            f" alt=\"{_a(alt)}\"{load}></picture>")


def _d(polygons: list[list[tuple[float, float]]]) -> str:
    return " ".join("M" + " L".join(f"{round(x * SPOT_SCALE)} {round(y * SPOT_SCALE)}" for x, y in poly) + " Z"
                    for poly in polygons)


def sheet(ed: EditionSummary, page: PageSummary, prefix: str) -> str:
    """The page picture with a hotspot per article in its real shape (an SVG link over the
    picture; it scales with the picture at any width or zoom), reachable with Tab."""
    out = ["<div class=\"zoom\"><button type=\"button\" data-zoom=\"-\" hidden aria-label=\"缩小\">－</button>"
           "<button type=\"button\" data-zoom=\"+\" hidden aria-label=\"放大\">＋</button></div>",
           "<div class=\"viewer\"><div class=\"sheet\">",
           picture(page.picture, prefix, f"{ed.title} {page.title} 版面", lazy=False),
           f"<svg class=\"spots\" viewBox=\"0 0 {SPOT_SCALE} {SPOT_SCALE}\" preserveAspectRatio=\"none\""
           " aria-label=\"本版文章\">\n"]
    for spot in page.spots:
        a = ed.article(spot.article)
        out.append(f"<a href=\"{prefix}{_a(a.file)}\" aria-label=\"{_a(a.headline)}\" data-article=\"{_a(a.id)}\">"
                   f"<title>{escape(a.headline)}</title><path d=\"{_d(spot.polygons)}\"/></a>\n")
    out.append("</svg></div></div>\n")
    return "".join(out)


def _page_nav(ed: EditionSummary, page: PageSummary, prefix: str) -> str:
    out = ["<nav class=\"pages\" aria-label=\"版面导航\"><h2>版面导航</h2><ol>\n"]
    for p in ed.pages:
        cur = " aria-current=\"page\"" if p is page else ""
        out.append(f"<li><a href=\"{prefix}{p.file}\"{cur}>{picture(p.thumb, prefix, p.title, lazy=True)}"
                   f"{escape(p.title)}</a></li>\n")
    out.append("</ol></nav>\n")
    return "".join(out)


def _toc(ed: EditionSummary, page: PageSummary, prefix: str) -> str:
    out = ["<section class=\"toc\"><h2>本版文章</h2><ol>\n"]
    for art in page.articles:
        a = ed.article(art)
        out.append(f"<li><a href=\"{prefix}{_a(a.file)}\">{escape(a.headline)}</a></li>\n")
    out.append("</ol></section>\n")
    return "".join(out)


def _pager(ed: EditionSummary, i: int, prefix: str) -> str:
    pages = ed.pages
    prev = (f"<a rel=\"prev\" href=\"{prefix}{pages[i - 1].file}\">← 上一版</a>" if i > 0 else "<span></span>")
    nxt = (f"<a rel=\"next\" href=\"{prefix}{pages[i + 1].file}\">下一版 →</a>" if i + 1 < len(pages)
           else "<span></span>")
    return f"<p class=\"pager\">{prev}{nxt}</p>\n"


def _description(ed: EditionSummary, page: PageSummary) -> str:
    heads = "；".join(ed.article(a).headline for a in page.articles)
    return _cut(f"{ed.title} {page.title}" + (f"：{heads}" if heads else ""))


def _edition_body(site: Site, ed: EditionSummary, i: int, prefix: str, root: str) -> str:
    """The page area and the aside, for an edition's page or (prefixed) the site's front page."""
    page = ed.pages[i]
    out = ["<main class=\"edition\">\n<section class=\"sheet-area\">\n",
           f"<h1>{escape(page.title)}</h1>\n", sheet(ed, page, prefix), _pager(ed, i, prefix),
           "</section>\n<aside>\n", _page_nav(ed, page, prefix), _toc(ed, page, prefix)]
    older, newer = site.older(ed), site.newer(ed)
    out.append("<p class=\"issues\">")
    out.append(f"<a href=\"{root}{older.date}/index.html\">← 上一期 {escape(older.date_cn)}</a>" if older
               else "<span></span>")
    out.append(f"<a href=\"{root}{newer.date}/index.html\">下一期 {escape(newer.date_cn)} →</a>" if newer
               else "<span></span>")
    out.append("</p>\n</aside>\n</main>\n")
    return "".join(out)


def _foot(site: Site, root: str, ed: EditionSummary | None = None) -> str:
    permit = f" {escape(ed.permit)}" if ed else ""
    return (f"<footer><p>{escape(site.paper)}{permit} · <a href=\"{root}feed.xml\">订阅（Atom）</a></p></footer>\n"
            f"<script src=\"{root}site.js\"></script>\n</body>\n</html>\n")


def page_html(site: Site, ed: EditionSummary, i: int) -> str:
    """DATE/index.html (the first page) or DATE/N.html."""
    page = ed.pages[i]
    return "".join([
        head(site, f"{ed.title} {page.title}", description=_description(ed, page),
             image=f"{ed.date}/{page.picture.fallback}", path=f"{ed.date}/{page.file}", root="../"),
        "<body class=\"page\">\n", header(site, "../", ed), _edition_body(site, ed, i, "", "../"),
        _foot(site, "../", ed)])


def _paragraphs(a: ArticleSummary) -> str:
    out = []
    subs = set(a.subheads)
    for k, para in enumerate(a.paragraphs):
        lines = "<br>".join(escape(line) for line in para.split("\n"))
        out.append(f"<h2>{lines}</h2>\n" if k in subs else f"<p class=\"text\">{lines}</p>\n")
    return "".join(out)


def article_html(site: Site, ed: EditionSummary, a: ArticleSummary) -> str:
    """One article, reflowing on any screen: kicker, headline, subhead, byline, where it is
    printed (links back to each page), photos, whole text, previous/next article."""
    first = ed.page(a.pages[0])
    image = f"{ed.date}/{a.figures[0].src}" if a.figures else f"{ed.date}/{first.picture.fallback}"
    out = [head(site, a.headline, description=_cut(" ".join(a.paragraphs[:1]) or a.headline), image=image,
                path=f"{ed.date}/{a.file}", root="../", kind="article"),
           "<body class=\"article\">\n", header(site, "../", ed),
           f"<nav class=\"crumbs\"><a href=\"index.html\">{escape(ed.date_cn)}</a> › "
           f"<a href=\"{first.file}\">{escape(first.title)}</a></nav>\n<article>\n"]
    if a.kicker:
        out.append(f"<p class=\"kicker\">{escape(a.kicker)}</p>\n")
    out.append(f"<h1>{escape(a.headline)}</h1>\n")
    if a.subhead:
        out.append(f"<p class=\"subhead\">{escape(a.subhead)}</p>\n")
    if a.byline:
        out.append(f"<p class=\"byline\">{escape(a.byline)}</p>\n")
    where = "、".join(f"<a href=\"{ed.page(n).file}\">{escape(ed.page(n).title)}</a>" for n in a.pages)
    out.append(f"<p class=\"where\">{escape(ed.date_cn)} 刊于{where}</p>\n")
    for f in a.figures:
        out.append(f"<figure><img src=\"{_a(f.src)}\" alt=\"{_a(f.caption or a.headline)}\" loading=\"lazy\">")
        text = " ".join(t for t in (f.caption, f.credit) if t)
        if text:
            out.append(f"<figcaption>{escape(text)}</figcaption>")
        out.append("</figure>\n")
    out.append(_paragraphs(a))
    out.append("</article>\n<nav class=\"prevnext\">")
    k = ed.articles.index(a)
    if k > 0:
        out.append(f"<a href=\"{_a(ed.articles[k - 1].file)}\">上一篇：{escape(ed.articles[k - 1].headline)}</a>")
    if k + 1 < len(ed.articles):
        out.append(f"<a href=\"{_a(ed.articles[k + 1].file)}\">下一篇：{escape(ed.articles[k + 1].headline)}</a>")
    out.append(f"<a href=\"{first.file}\">返回{escape(first.title)}</a></nav>\n")
    out.append(_foot(site, "../", ed))
    return "".join(out)


def archive(site: Site, root: str = "") -> str:
    """往期回顾: a calendar per month, newest month first; a day with an edition links to it."""
    by_month: dict[tuple[int, int], dict[int, EditionSummary]] = {}
    for ed in site.editions:
        y, m, d = (int(v) for v in ed.date.split("-"))
        by_month.setdefault((y, m), {})[d] = ed
    out = ["<section id=\"archive\" aria-labelledby=\"archive-h\"><h2 id=\"archive-h\">往期回顾</h2>"
           "<div class=\"archive\">\n"]
    cal = calendar.Calendar(firstweekday=0)
    for (y, m), days in sorted(by_month.items(), reverse=True):
        out.append(f"<table class=\"month\" data-month=\"{y:04d}-{m:02d}\"><caption>{y}年{m}月</caption><thead><tr>")
        out.extend(f"<th scope=\"col\">{c}</th>" for c in WEEK_HEAD)
        out.append("</tr></thead><tbody>\n")
        for week in cal.monthdayscalendar(y, m):
            out.append("<tr>")
            for d in week:
                day = days.get(d)
                if day is not None:
                    out.append(f"<td><a href=\"{root}{day.date}/index.html\" data-date=\"{day.date}\" "
                               f"title=\"{_a(day.title)} 第{day.issue}期\">{d}</a></td>")
                else:
                    out.append(f"<td>{d or ''}</td>")
            out.append("</tr>\n")
        out.append("</tbody></table>\n")
    out.append("</div></section>\n")
    return "".join(out)


def index_html(site: Site) -> str:
    """The front door: the newest edition's first page (hotspots and all) and the archive."""
    if not site.editions:
        return "".join([head(site, site.name, description=site.name, image="", path="", root=""),
                        "<body class=\"home\">\n", header(site, ""), "<main>", archive(site), "</main>\n",
                        _foot(site, "")])
    ed = site.editions[0]
    page = ed.pages[0]
    return "".join([
        head(site, site.name, description=_description(ed, page), image=f"{ed.date}/{page.picture.fallback}",
             path="", root=""),
        "<body class=\"home\">\n", header(site, "", ed, here=f"{ed.date}/"),
        _edition_body(site, ed, 0, f"{ed.date}/", ""),
        f"<main>{archive(site)}</main>\n", _foot(site, "", ed)])


def search_html(site: Site) -> str:
    """search.html?q=WORDS: the results are made in the page by search.js."""
    return "".join([
        head(site, "全文检索", description=f"{site.name} 全部各期全文检索", image=_front_image(site),
             path="search.html", root=""),
        "<body class=\"search\">\n", header(site, ""),
        "<main class=\"results\"><h1>全文检索</h1>\n<div id=\"results\" aria-live=\"polite\">"
        "<noscript>检索需要浏览器运行脚本。</noscript></div></main>\n",
        "<script src=\"search/index.js\"></script>\n<script src=\"search.js\"></script>\n",
        _foot(site, "")])


def _front_image(site: Site) -> str:
    if not site.editions:
        return ""
    ed = site.editions[0]
    return f"{ed.date}/{ed.pages[0].picture.fallback}"
