"""feed.xml (Atom, RFC 4287) and sitemap.xml, with ElementTree so escaping is never ours.

Both need absolute addresses: the site's `base_url` (where the folder is published).
Times are the editions' dates at midnight in Shanghai, so the same editions always
give the same bytes.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

from .summary import EditionSummary

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"


def stamp(date: str) -> str:
    return f"{date}T00:00:00+08:00"


def _xml(root: ET.Element) -> bytes:
    ET.indent(root)
    return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True)) + b"\n"


def feed_xml(editions: list[EditionSummary], base_url: str, title: str) -> bytes:
    """One entry per edition, newest first, each linking to the edition and its PDF."""
    ET.register_namespace("", ATOM)
    host = urlsplit(base_url).hostname or "localhost"
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "zh-CN"})

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            el.text = text
        return el

    sub(feed, "id", base_url)
    sub(feed, "title", title)
    sub(feed, "updated", stamp(editions[0].date) if editions else "1970-01-01T00:00:00Z")
    sub(feed, "link", rel="self", href=base_url + "feed.xml")
    sub(feed, "link", rel="alternate", type="text/html", href=base_url)
    author = sub(feed, "author")
    sub(author, "name", editions[0].paper if editions else title)
    for ed in editions:
        entry = sub(feed, "entry")
        sub(entry, "id", f"tag:{host},{ed.date}:epaper/{ed.date}")
        sub(entry, "title", f"{ed.title} 第{ed.issue}期")
        sub(entry, "updated", stamp(ed.date))
        sub(entry, "link", rel="alternate", type="text/html", href=f"{base_url}{ed.date}/")
        sub(entry, "link", rel="enclosure", type="application/pdf", href=f"{base_url}{ed.date}/{ed.screen_pdf}")
        heads = "；".join(ed.article(a).headline for p in ed.pages for a in p.articles
                         if ed.article(a).pages[0] == p.number)
        sub(entry, "summary", f"{ed.date_cn} {ed.weekday} 共{len(ed.pages)}版：{heads}")
    return _xml(feed)


def sitemap_xml(editions: list[EditionSummary], base_url: str) -> bytes:
    """The archive, the search page, and every edition's pages and articles."""
    ET.register_namespace("", SITEMAP)
    urlset = ET.Element(f"{{{SITEMAP}}}urlset")

    def url(loc: str, lastmod: str | None = None) -> None:
        u = ET.SubElement(urlset, f"{{{SITEMAP}}}url")
        ET.SubElement(u, f"{{{SITEMAP}}}loc").text = loc
        if lastmod:
            ET.SubElement(u, f"{{{SITEMAP}}}lastmod").text = lastmod

    url(base_url, editions[0].date if editions else None)
    for ed in editions:
        for p in ed.pages:
            url(f"{base_url}{ed.date}/{'' if p.file == 'index.html' else p.file}", ed.date)
        for a in ed.articles:
            url(f"{base_url}{ed.date}/{a.file}", ed.date)
    return _xml(urlset)
