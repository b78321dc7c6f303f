"""The e-paper site as files: HTML, hotspots, pictures, downloads, feed, incremental builds, bad input.

The three-page edition of test_epaper.py (a lead continued from 第1版 to 第3版, a boxed
article, escaping) is built with `layout epaper --html`, which is the site of that one
edition; the multi-edition behaviour uses copies of it with other dates.
"""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pikepdf
import pytest
import yaml
from conftest import ROOT, run_cli
from PIL import Image
from test_epaper import make_edition

DATE = "2023-09-18"
SCALE = 10000               # the hotspots' SVG coordinates are page fractions times this


class Page(HTMLParser):
    """Collects what the tests look at and checks that elements nest properly."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
            "path"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.refs: list[str] = []
        self.ids: set[str] = set()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.doctype = ""

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        if "id" in a:
            self.ids.add(a["id"] or "")
        for key in ("href", "src", "srcset"):
            if a.get(key) is not None:
                self.refs.append(a[key] or "")
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1] not in ("script", "style", "title"):
            self.text.append(data)

    def meta(self, prop: str) -> str | None:
        return next((a.get("content") for t, a in self.tags if t == "meta" and a.get("property") == prop), None)


def parse(path: Path) -> Page:
    p = Page()
    p.feed(path.read_text(encoding="utf-8"))
    p.close()
    assert not p.errors and not p.stack, (path.name, p.errors, p.stack)
    return p


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """The three-page edition's site, written by `layout epaper --html` (in process)."""
    from layout.commands import build
    from layout.output.epaper import write_epaper

    folder = tmp_path_factory.mktemp("site")
    b = build(str(make_edition(folder)))
    write_epaper(b, str(folder / "out" / "edition-epaper.pdf"), html_dir=str(folder / "out" / "web"))
    return b, folder / "out" / "web"


def _text(p: Page) -> str:
    return re.sub(r"\s+", "", "".join(p.text))


def test_the_files_of_the_site(made):
    _, web = made
    ed = web / DATE
    assert sorted(f.name for f in ed.glob("*.html")) == [
        "2.html", "3.html", "article-inside.html", "article-lead.html", "article-side.html", "index.html"]
    for name in ("index.html", "search.html", "feed.xml", "sitemap.xml", "site.css", "site.js", "search.js",
                 "search/index.js", f"search/{DATE}.js", f"{DATE}/{DATE}.pdf", f"{DATE}/{DATE}-epaper.pdf"):
        assert (web / name).is_file(), name


def test_every_page_is_well_formed_html5_with_an_open_graph_card(made):
    _, web = made
    files = sorted(web.rglob("*.html"))
    assert len(files) == 8
    for f in files:
        text = f.read_text(encoding="utf-8")
        p = parse(f)
        assert p.doctype.lower() == "doctype html"
        assert ("html", {"lang": "zh-CN"}) in p.tags
        assert ("meta", {"charset": "utf-8"}) in p.tags
        assert any(t == "meta" and a.get("name") == "viewport" and "width=device-width" in (a.get("content") or "")
                   for t, a in p.tags)
        assert text.split("</head>")[0].count("<title>") == 1
        for prop in ("og:title", "og:description", "og:image", "og:url"):
            assert p.meta(prop), (f.name, prop)
        image = urlsplit(p.meta("og:image") or "")
        assert image.scheme == "http" and (web / image.path.lstrip("/")).is_file(), (f.name, image)
        assert image.path.endswith((".png", ".jpg"))           # cards want a picture every reader takes
    assert parse(web / DATE / "article-lead.html").meta("og:title") == "区领导走访调研区内科技企业"


def test_every_link_resolves_inside_the_folder(made):
    _, web = made
    for f in web.rglob("*.html"):
        p = parse(f)
        for ref in p.refs:
            parts = urlsplit(ref)
            assert not parts.scheme and not parts.netloc, f"{f.name}: {ref} leaves the folder"
            target = (f.parent / unquote(parts.path)).resolve() if parts.path else f.resolve()
            assert target.is_file() and web.resolve() in target.parents, f"{f.name}: {ref}"
            if parts.fragment:
                assert parts.fragment in parse(target).ids, f"{f.name}: {ref}"


def _shapes(p: Page) -> list[tuple[str, str, list[list[tuple[float, float]]]]]:
    """(article, href, polygons in page fractions) for each hotspot, in document order."""
    out = []
    current: tuple[str, str] | None = None
    for tag, a in p.tags:
        if tag == "a" and a.get("data-article"):
            current = (a["data-article"] or "", a["href"] or "")
        elif tag == "path" and current:
            polys = [[(float(x) / SCALE, float(y) / SCALE) for x, y in re.findall(r"(-?[\d.]+) (-?[\d.]+)", sub)]
                     for sub in re.findall(r"M([^Z]*)Z", a["d"] or "")]
            out.append((*current, polys))
            current = None
    return out


def _inside(polys: list[list[tuple[float, float]]], x: float, y: float) -> bool:
    """Even-odd rule over every ring (the test's own, not the site's)."""
    hit = False
    for poly in polys:
        for k in range(len(poly)):
            (x0, y0), (x1, y1) = poly[k - 1], poly[k]
            if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
                hit = not hit
    return hit


def test_hotspots_follow_each_articles_real_shape(made):
    """Sampled every 4 pt over each page, a point is in an article's hotspot exactly when it
    is in one of that article's blocks on that page."""
    b, web = made
    for i, page in enumerate(b.result.pages):
        name = "index.html" if i == 0 else f"{page.number}.html"
        spots = _shapes(parse(web / DATE / name))
        arts = list(dict.fromkeys(bl.article for bl in page.blocks if bl.article))
        assert [s[0] for s in spots] == arts
        for art, href, _ in spots:
            assert href == f"article-{art}.html"
        _sampled(page, spots)


def _sampled(page, spots) -> None:
    """Every 4 pt over the page: a point is in an article's hotspot exactly when it is in
    one of that article's blocks (text or photo) on that page."""
    for art, _, polys in spots:
        rects = [bl for bl in page.blocks if bl.article == art]
        y = 1.3
        while y < page.height:
            x = 1.7
            while x < page.width:
                want = any(r.x <= x <= r.x + r.w and r.y <= y <= r.y + r.h for r in rects)
                assert _inside(polys, x / page.width, y / page.height) == want, (art, x, y)
                x += 4
            y += 4


def shaped_edition(folder: Path) -> Path:
    """One page: a lead in an L of two blocks with its photo beside them (an `image` block
    with `article:`), and a second article in the corner the L leaves."""
    from edition_maker import body_text, edition_yaml

    Image.new("RGB", (800, 600), (40, 90, 160)).save(folder / "photo.jpg")
    pages = [{"section": "要闻", "blocks": [
        {"masthead": {}, "columns": "1-8", "lines": "1-10"},
        {"article": "lead", "columns": "1-5", "lines": "12-40", "headline": {"lines": 4}},
        {"article": "lead", "columns": "1-3", "lines": "41-70"},
        {"image": {"file": "photo.jpg", "caption": "稀宇科技党支部揭牌"}, "article": "lead",
         "columns": "6-8", "lines": "12-30"},
        {"article": "side", "columns": "4-8", "lines": "41-70"}]}]
    arts = [{"id": "lead", "headline": "区领导走访调研区内科技企业", "body": body_text(3000)},
            {"id": "side", "headline": "主题教育领导小组第一次会议举行", "body": body_text(900, offset=5)}]
    ed = folder / "shaped.yaml"
    ed.write_text(edition_yaml(pages, arts), encoding="utf-8")
    return ed


def test_an_article_in_two_blocks_and_a_photo_is_one_hotspot(tmp_path):
    """A lead set in an L of two blocks with its photo beside them (`image` block with
    `article:`): its hotspot covers all three and nothing else; its page shows the photo."""
    from layout.site.build import build_site

    ed = shaped_edition(tmp_path)
    rep = build_site([str(ed)], str(tmp_path / "site"), report=lambda _: None)
    assert rep.status == 0
    from layout.commands import build

    page = build(str(ed)).result.pages[0]
    kinds = sorted(bl.kind for bl in page.blocks if bl.article == "lead")
    assert kinds == ["article", "article", "image"]
    spots = _shapes(parse(tmp_path / "site" / DATE / "index.html"))
    assert [s[0] for s in spots] == ["lead", "side"]
    _sampled(page, spots)
    photo = next(bl for bl in page.blocks if bl.kind == "image")
    assert _inside(spots[0][2], (photo.x + photo.w / 2) / page.width, (photo.y + photo.h / 2) / page.height)
    lead = parse(tmp_path / "site" / DATE / "article-lead.html")
    assert "img/lead-1.jpg" in lead.refs and "稀宇科技党支部揭牌" in _text(lead)


def test_an_article_in_several_blocks_is_one_shape():
    """A headline across five columns over a body in three: one outline of six corners,
    not two rectangles; blocks apart stay apart."""
    from layout.site.shapes import outline

    polys = outline([(0, 0, 500, 80), (0, 80, 300, 400)])
    assert polys == [[(0, 0), (500, 0), (500, 80), (300, 80), (300, 480), (0, 480)]]
    apart = outline([(0, 0, 10, 10), (20, 0, 10, 10)])
    assert len(apart) == 2


def test_hotspot_sits_on_what_is_drawn(made):
    """The boxed article's tint is under its hotspot's corners, and paper just below it."""
    b, web = made
    page = b.result.pages[0]
    side = next(bl for bl in page.blocks if bl.article == "side")
    with Image.open(web / DATE / "page-1.webp") as im:
        rgb = im.convert("RGB")
        k = rgb.width / page.width
        tint = [rgb.getpixel((round(x * k), round(y * k)))
                for x, y in ((side.x + 2, side.y + side.h - 2), (side.x + side.w - 2, side.y + side.h - 2))]
        below = rgb.getpixel((round((side.x + side.w / 2) * k), round((side.y + side.h + 8) * k)))
    assert min(below) >= 250, below                                      # paper
    assert all(200 < min(c) <= max(c) < 245 for c in tint), tint           # the 8% grey tint


def test_page_pictures_are_webp_with_a_fallback_sharp_on_a_phone(made):
    b, web = made
    p = parse(web / DATE / "index.html")
    sources = [a for t, a in p.tags if t == "source"]
    imgs = [a for t, a in p.tags if t == "img"]
    assert sources[0] == {"type": "image/webp", "srcset": "page-1.webp"}
    assert imgs[0]["src"] == "page-1.jpg"
    with Image.open(web / DATE / "page-1.webp") as webp, Image.open(web / DATE / "page-1.jpg") as jpeg:
        assert webp.format == "WEBP" and jpeg.format == "JPEG"
        assert webp.size == jpeg.size == (int(imgs[0]["width"] or 0), int(imgs[0]["height"] or 0))
        assert webp.width >= 1170                   # a 390 pt phone screen at 3 device pixels per point
        assert webp.width / webp.height == pytest.approx(b.result.pages[0].width / b.result.pages[0].height, rel=1e-3)
    # The page's thumbnails in 版面导航 load lazily; the page shown does not wait.
    thumbs = [a for a in imgs[1:] if (a.get("src") or "").startswith("thumb-")]
    assert len(thumbs) == 3 and all(a.get("loading") == "lazy" for a in thumbs)
    assert imgs[0].get("loading") != "lazy"


def test_article_pages_hold_the_whole_text(made):
    b, web = made
    for art in b.edition.articles:
        p = parse(web / DATE / f"article-{art.id}.html")
        text = _text(p)
        assert re.sub(r"\s+", "", art.headline) in text
        if art.byline:
            assert re.sub(r"\s+", "", art.byline) in text
        for para in art.paragraphs:
            assert re.sub(r"\s+", "", para) in text
    # The continued lead is one page naming both pages it is printed on.
    lead = parse(web / DATE / "article-lead.html")
    assert "index.html" in lead.refs and "3.html" in lead.refs


def test_text_is_escaped(made):
    _, web = made
    raw = (web / DATE / "article-inside.html").read_text(encoding="utf-8")
    assert "&lt;b&gt;不是标签&lt;/b&gt;" in raw and "<b>" not in raw
    assert "&amp;amp;" in raw
    assert "徐汇区举行&lt;动员会&gt; &amp; “座谈”" in raw


def test_page_navigation_and_downloads(made):
    _, web = made
    pages = ["index.html", "2.html", "3.html"]
    for k, name in enumerate(pages):
        p = parse(web / DATE / name)
        assert set(pages) <= set(p.refs)                                   # 版面导航
        rel = {a.get("rel"): a.get("href") for t, a in p.tags if t == "a" and a.get("rel")}
        assert rel.get("prev") == (pages[k - 1] if k else None)
        assert rel.get("next") == (pages[k + 1] if k + 1 < len(pages) else None)
        assert f"{DATE}.pdf" in p.refs and f"{DATE}-epaper.pdf" in p.refs
    with pikepdf.open(web / DATE / f"{DATE}.pdf") as pdf:
        assert "/OutputIntents" in pdf.Root                                 # the print PDF/X
    with pikepdf.open(web / DATE / f"{DATE}-epaper.pdf") as pdf:
        assert "/OutputIntents" not in pdf.Root and len(pdf.pages) == 3


# -- several editions ------------------------------------------------------------------------


def _copy(src: Path, folder: Path, date: str, *, replace: tuple[str, str] | None = None) -> Path:
    doc = yaml.safe_load(src.read_text(encoding="utf-8"))
    doc["edition"]["date"] = date
    text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
    if replace:
        text = text.replace(*replace)
    out = folder / f"{date}.yaml"
    out.write_text(text, encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def two(tmp_path_factory):
    folder = tmp_path_factory.mktemp("two")
    base = make_edition(folder)
    eds = [_copy(base, folder, "2023-09-18"), _copy(base, folder, "2023-10-02")]
    return folder, eds


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_a_rebuild_renders_only_what_changed_and_matches_a_fresh_build(two, tmp_path):
    from layout.site.build import build_site

    folder, eds = two
    site = folder / "site"
    first = build_site([str(e) for e in eds], str(site), report=lambda _: None)
    assert first.status == 0 and sorted(first.rendered) == sorted(str(e) for e in eds)
    stamps = {p: p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()}
    again = build_site([str(e) for e in eds], str(site), report=lambda _: None)
    assert again.rendered == [] and sorted(again.reused) == sorted(str(e) for e in eds)
    assert {p: p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()} == stamps   # nothing rewritten
    # One article's text changes in the newer edition: that edition alone is rendered again.
    text = eds[1].read_text(encoding="utf-8")
    eds[1].write_text(text.replace("主题教育领导小组第一次会议举行", "主题教育领导小组第二次会议举行"), encoding="utf-8")
    changed = build_site([str(e) for e in eds], str(site), report=lambda _: None)
    assert changed.rendered == [str(eds[1])] and changed.reused == [str(eds[0])]
    assert "第二次会议" in (site / "2023-10-02" / "article-side.html").read_text(encoding="utf-8")
    # The same editions built from nothing give the same bytes.
    fresh = folder / "fresh"
    build_site([str(e) for e in eds], str(fresh), report=lambda _: None)
    assert _files(fresh) == _files(site)


def test_an_edition_no_longer_named_leaves_the_site(two):
    from layout.site.build import build_site

    folder, eds = two
    site = folder / "site-drop"
    build_site([str(e) for e in eds], str(site), report=lambda _: None)
    (site / "2023-10-02" / "notes.txt").write_text("keep", encoding="utf-8")
    rep = build_site([str(eds[0])], str(site), report=lambda _: None)
    assert rep.status == 0 and rep.reused == [str(eds[0])]
    assert not (site / "2023-10-02" / "index.html").exists() and not (site / "search" / "2023-10-02.js").exists()
    assert (site / "2023-10-02" / "notes.txt").read_text(encoding="utf-8") == "keep"
    assert "2023-10-02" not in (site / "index.html").read_text(encoding="utf-8")


def test_stale_files_of_an_earlier_run_go(two):
    """An article dropped from an edition: its page goes, its edition's other files stay."""
    from layout.site.build import build_site

    folder, eds = two
    site = folder / "site-stale"
    one = eds[0]
    build_site([str(one)], str(site), report=lambda _: None)
    (site / DATE / "article-gone.html").write_text("old", encoding="utf-8")
    (site / DATE / "page-9.png").write_bytes(b"old")
    (site / DATE / "notes.txt").write_text("keep", encoding="utf-8")
    build_site([str(one)], str(site), force=True, report=lambda _: None)
    assert not (site / DATE / "article-gone.html").exists() and not (site / DATE / "page-9.png").exists()
    assert (site / DATE / "notes.txt").read_text(encoding="utf-8") == "keep"


def test_a_bad_edition_is_reported_and_the_rest_is_built(two, tmp_path):
    folder, eds = two
    bad = tmp_path / "bad.yaml"
    bad.write_text(eds[0].read_text(encoding="utf-8").replace("date: '2023-09-18'", "date: '2023-09-31'")
                   .replace("date: 2023-09-18", "date: 2023-09-31"), encoding="utf-8")
    r = run_cli("site", str(eds[0]), str(bad), "-o", str(tmp_path / "site"))
    assert r.returncode == 2
    line = next(ln for ln in r.stderr.splitlines() if ln.startswith(str(bad)))
    assert re.match(rf"{re.escape(str(bad))}:\d+:\d+: ", line), r.stderr
    assert "Traceback" not in r.stderr
    assert (tmp_path / "site" / DATE / "index.html").is_file()
    assert "2023-09-18/index.html" in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")


def test_an_edition_broken_after_a_good_build_keeps_its_last_good_pages(two, tmp_path):
    from layout.site.build import build_site

    _, eds = two
    ed = tmp_path / "ed.yaml"
    ed.write_text(eds[0].read_text(encoding="utf-8"), encoding="utf-8")
    site = tmp_path / "site"
    assert build_site([str(ed)], str(site), report=lambda _: None).status == 0
    page = (site / DATE / "index.html").read_bytes()
    ed.write_text(ed.read_text(encoding="utf-8").replace("columns: 1-5", "columns: 1-50"), encoding="utf-8")
    said: list[str] = []
    rep = build_site([str(ed)], str(site), report=said.append)
    assert rep.status == 2 and rep.failed == [str(ed)]
    assert said and all(re.match(rf"{re.escape(str(ed))}:\d+:\d+: ", line) for line in said), said
    assert (site / DATE / "index.html").read_bytes() == page
    assert f"{DATE}/index.html" in (site / "index.html").read_text(encoding="utf-8")


def test_two_editions_of_one_date_are_an_error_naming_both(tmp_path):
    broadsheet, tabloid = ROOT / "editions" / "2023-09-18.yaml", ROOT / "editions" / "2023-09-18-tabloid.yaml"
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    shutil.copy(broadsheet, a)
    shutil.copy(tabloid, b)
    r = run_cli("site", str(a), str(b), "-o", str(tmp_path / "site"))
    assert r.returncode == 2
    msg = [ln for ln in r.stderr.splitlines() if "2023-09-18" in ln and str(a) in ln and str(b) in ln]
    assert msg, r.stderr
    assert "Traceback" not in r.stderr


def test_feed_and_sitemap(two):
    from layout.site.build import build_site

    folder, eds = two
    site = folder / "site-feed"
    build_site([str(e) for e in eds], str(site), base_url="https://epaper.example/xhb/", report=lambda _: None)
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.parse(site / "feed.xml").getroot()
    assert feed.tag == f"{atom}feed"
    entries = feed.findall(f"{atom}entry")
    assert [e.find(f"{atom}updated").text[:10] for e in entries] == ["2023-10-02", "2023-09-18"]
    for e, date in zip(entries, ["2023-10-02", "2023-09-18"], strict=True):
        assert e.find(f"{atom}id").text and e.find(f"{atom}title").text.startswith("徐汇报")
        links = {link.get("rel"): link.get("href") for link in e.findall(f"{atom}link")}
        assert links["alternate"] == f"https://epaper.example/xhb/{date}/"
    sm = ET.parse(site / "sitemap.xml").getroot()
    locs = [u.find("{http://www.sitemaps.org/schemas/sitemap/0.9}loc").text for u in sm]
    assert "https://epaper.example/xhb/2023-10-02/article-lead.html" in locs
    assert "https://epaper.example/xhb/2023-09-18/3.html" in locs
