"""The e-paper site in a real browser (headless Chromium, tests/chromium.py), from file://.

Three editions: the broadsheet sample, the tabloid sample copied to another date (the
two samples share one), and a copy of the broadsheet with a third date whose copy
differs, so a search has different answers in different editions.

Run as a script to make the README's screenshots of the archive, of a search and of a
page with its hotspots shown (from the three editions), and of an L-shaped hotspot:
    python tests/test_site_browser.py docs/img
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
import yaml
from chromium import Browser, needs_chromium
from conftest import ROOT

DATES = ["2023-09-18", "2023-09-11", "2023-10-09"]      # broadsheet, tabloid copy, broadsheet copy
CHANGED = ("博动医疗", "博动医学")                        # the third edition's copy differs here


def make_editions(folder: Path) -> list[Path]:
    """The three editions as files in `folder` (copies keep their text; dates and one word differ)."""
    broadsheet = (ROOT / "editions" / "2023-09-18.yaml").read_text(encoding="utf-8")
    tabloid = (ROOT / "editions" / "2023-09-18-tabloid.yaml").read_text(encoding="utf-8")
    out = []
    for text, date, swap in ((broadsheet, DATES[0], None), (tabloid, DATES[1], None),
                             (broadsheet, DATES[2], CHANGED)):
        text = text.replace("date: 2023-09-18", f"date: {date}")
        if swap:
            text = text.replace(*swap)
        path = folder / f"{date}.yaml"
        path.write_text(text, encoding="utf-8")
        out.append(path)
    return out


def article_texts(paths: list[Path]) -> dict[str, str]:
    """'DATE/ID' -> the text of each article on a page, from the editions' models (not the site's)."""
    from layout.model.loader import load_edition

    out = {}
    for path in paths:
        ed = load_edition(str(path))
        placed = {bl.article for p in ed.pages for bl in p.blocks if bl.article}
        for a in ed.articles:
            if a.id not in placed:
                continue
            heads = [(t or "").replace("\n", "") for t in (a.kicker, a.headline, a.subhead)]
            fields = [*heads, a.byline, *(im.caption for im in a.images), *a.paragraphs]
            out[f"{ed.edition.date.isoformat()}/{a.id}"] = "\n".join(f for f in fields if f)
    return out


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from layout.site.build import build_site

    folder = tmp_path_factory.mktemp("site3")
    eds = make_editions(folder)
    rep = build_site([str(p) for p in eds], str(folder / "site"), report=lambda _: None)
    assert rep.status == 0, rep
    return folder / "site", eds


def url(site_dir: Path, rel: str) -> str:
    path, _, query = rel.partition("?")
    return (site_dir / path).resolve().as_uri() + (f"?{query}" if query else "")


@pytest.fixture(scope="module")
def browser():
    b = Browser("about:blank")
    yield b
    b.close()


def _open(browser: Browser, target: str) -> None:
    browser.call("Page.navigate", url=target)
    browser.wait(f"location.href === {target!r} && document.readyState === 'complete'")


@needs_chromium
def test_the_archive_lists_every_edition(site, browser):
    site_dir, _ = site
    _open(browser, url(site_dir, "index.html"))
    dates = browser.js("[...document.querySelectorAll('#archive a[data-date]')].map(a => a.dataset.date)")
    assert sorted(dates) == sorted(DATES)
    months = browser.js("[...document.querySelectorAll('#archive table.month caption')].map(c => c.textContent)")
    assert months == ["2023年10月", "2023年9月"]                 # newest month first
    # The front page is the newest edition's first page.
    assert browser.js("document.querySelector('.sheet img').getAttribute('src')") == "2023-10-09/page-1.jpg"
    # A date in the calendar opens its edition.
    target = browser.js("(() => { const a = document.querySelector('#archive a[data-date=\"2023-09-11\"]');"
                        " a.scrollIntoView({block: 'center'}); const r = a.getBoundingClientRect();"
                        " return [r.left + r.width / 2, r.top + r.height / 2]; })()")
    browser.click(*target)
    browser.wait("location.pathname.endsWith('/2023-09-11/index.html') && document.readyState === 'complete'")
    assert "2023年9月11日" in browser.js("document.querySelector('header .issue').textContent")


# The centre of an article's largest block on the page, in the browser's coordinates.
SPOT = """((id, fx, fy) => {
  const svg = document.querySelector('svg.spots');
  svg.scrollIntoView({block: 'start'});
  const r = svg.getBoundingClientRect();
  const x = r.left + fx * r.width, y = r.top + fy * r.height;
  window.scrollBy(0, y - innerHeight / 2);
  const r2 = svg.getBoundingClientRect();
  const x2 = r2.left + fx * r2.width, y2 = r2.top + fy * r2.height;
  const hit = document.elementFromPoint(x2, y2);
  return {x: x2, y: y2, tag: hit && hit.tagName, article: hit && hit.closest('a') && hit.closest('a').dataset.article};
})"""


@needs_chromium
def test_a_click_on_an_articles_shape_opens_it(site, browser):
    from layout.commands import build

    site_dir, eds = site
    b = build(str(eds[0]))
    page = b.result.pages[0]
    _open(browser, url(site_dir, "2023-09-18/index.html"))
    browser.loaded()
    for art in ("tech-visit", "leading-group"):
        largest = max((bl for bl in page.blocks if bl.article == art), key=lambda bl: bl.w * bl.h)
        fx, fy = (largest.x + largest.w / 2) / page.width, (largest.y + largest.h / 2) / page.height
        hit = browser.js(f"{SPOT}({art!r}, {fx}, {fy})")
        assert hit["tag"] == "path" and hit["article"] == art, hit
    # Hover highlights the shape; a real click opens the article page.
    browser.call("Input.dispatchMouseEvent", type="mouseMoved", x=hit["x"], y=hit["y"])
    stroke = browser.js("getComputedStyle(document.querySelector('a[data-article=\"leading-group\"] path')).stroke")
    assert stroke not in ("none", ""), stroke
    browser.click(hit["x"], hit["y"])
    browser.wait("location.pathname.endsWith('/2023-09-18/article-leading-group.html')"
                 " && document.readyState === 'complete'")
    headline = b.edition.article("leading-group").headline
    assert browser.js("document.querySelector('article h1').textContent") == headline.replace("\n", "")


@needs_chromium
def test_hotspots_are_reached_with_the_keyboard(site, browser):
    site_dir, _ = site
    _open(browser, url(site_dir, "2023-09-18/index.html"))
    want = browser.js("[...document.querySelectorAll('svg.spots a')].map(a => a.dataset.article)")
    assert len(want) >= 3
    seen = []
    for _ in range(60):
        browser.press("Tab", "Tab", 9)
        got = browser.js("document.activeElement.closest('svg') ? document.activeElement.dataset.article : null")
        if got:
            seen.append(got)
            stroke = browser.js("getComputedStyle(document.activeElement.querySelector('path')).stroke")
            assert stroke not in ("none", ""), stroke              # focus shows the shape
        if len(seen) == len(want):
            break
    assert seen == want
    browser.press("Enter", "Enter", 13)
    browser.wait(f"location.pathname.endsWith('/article-{want[-1]}.html')")


def _search(browser: Browser, site_dir: Path, q: str) -> list[str]:
    from urllib.parse import quote

    _open(browser, url(site_dir, f"search.html?q={quote(q)}"))
    browser.wait("!!document.querySelector('#results .count, #results p')")
    return browser.js("[...document.querySelectorAll('#results li')].map(li => li.dataset.article)")


@needs_chromium
@pytest.mark.parametrize("q", ["稀宇科技", "博动医疗", "博动医学", "曹立强", "主题教育 调查研究", "徐", "稀", "新征程",
                               "“三个必然要求”", "没有这样的字串", "区领导走访调研区内科技企业"])
def test_search_finds_exactly_the_articles_with_the_string(site, browser, q):
    site_dir, eds = site
    texts = article_texts(eds)
    words = q.split()
    want = {k for k, t in texts.items() if all(w in t for w in words)}
    got = _search(browser, site_dir, q)
    assert len(got) == len(set(got)) and set(got) == want
    # Newest edition first.
    dates = [g.split("/")[0] for g in got]
    assert dates == sorted(dates, reverse=True)
    if got:
        marks = browser.js("[...document.querySelectorAll('#results li')].map(li => "
                           "[...li.querySelectorAll('mark')].map(m => m.textContent))")
        assert all(any(m in words for m in ms) for ms in marks)
        first = browser.js("(() => { const li = document.querySelector('#results li');"
                           " return [li.querySelector('a.head').getAttribute('href'), li.textContent]; })()")
        assert first[0] == f"{got[0].split('/')[0]}/article-{got[0].split('/')[1]}.html"
        assert re.search(r"\d{4}年\d{1,2}月\d{1,2}日", first[1]) and "第" in first[1] and "版" in first[1]


@needs_chromium
def test_the_feed_parses_as_atom(site, browser):
    """Chromium's own XML parser reads the feed (DOMParser, as a feed reader in a page would)."""
    import json

    site_dir, eds = site
    _open(browser, url(site_dir, "index.html"))
    text = (site_dir / "feed.xml").read_text(encoding="utf-8")
    feed = browser.js("""((text) => {
      const d = new DOMParser().parseFromString(text, 'application/xml'), ns = 'http://www.w3.org/2005/Atom';
      return {errors: d.getElementsByTagName('parsererror').length,
              root: d.documentElement.localName, ns: d.documentElement.namespaceURI,
              entries: [...d.getElementsByTagNameNS(ns, 'entry')].map(e => ({
                 title: e.getElementsByTagNameNS(ns, 'title')[0].textContent,
                 updated: e.getElementsByTagNameNS(ns, 'updated')[0].textContent,
                 link: e.getElementsByTagNameNS(ns, 'link')[0].getAttribute('href')}))};
    })""" + f"({json.dumps(text)})")
    assert feed["errors"] == 0
    assert feed["root"] == "feed" and feed["ns"] == "http://www.w3.org/2005/Atom"
    assert [e["updated"][:10] for e in feed["entries"]] == sorted(DATES, reverse=True)
    for e in feed["entries"]:
        assert e["link"].endswith(f"/{e['updated'][:10]}/") and e["title"].startswith("徐汇报")
    doc = yaml.safe_load(eds[0].read_text(encoding="utf-8"))
    assert all(doc["edition"]["url"].split("//")[1] in e["link"] for e in feed["entries"])


@needs_chromium
def test_a_phone_reads_the_article_without_sideways_scrolling(site):
    site_dir, _ = site
    phone = Browser("about:blank", 390, 844)
    try:
        phone.call("Emulation.setDeviceMetricsOverride", width=390, height=844, deviceScaleFactor=3, mobile=True)
        for rel in ("2023-09-18/article-theme-education.html", "2023-09-18/index.html", "index.html"):
            _open(phone, url(site_dir, rel))
            phone.loaded()
            assert phone.wait("document.documentElement.clientWidth") <= 400
            assert phone.js("document.documentElement.scrollWidth <= document.documentElement.clientWidth"), rel
        # The article's paragraphs are all there, in lines as wide as the screen at most.
        _open(phone, url(site_dir, "2023-09-18/article-theme-education.html"))
        widths = phone.js("[...document.querySelectorAll('article p.text')].map(p => p.getBoundingClientRect().right)")
        assert widths and max(widths) <= 390
        # The page picture zooms inside its frame and pans there; the page itself does not widen.
        _open(phone, url(site_dir, "2023-09-18/index.html"))
        phone.loaded()
        before = phone.js("document.querySelector('.sheet').getBoundingClientRect().width")
        phone.js("document.querySelector('.zoom button[data-zoom=\"+\"]').click()")
        after = phone.js("document.querySelector('.sheet').getBoundingClientRect().width")
        assert after > before * 1.4
        assert phone.js("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
        assert phone.js("(() => { const v = document.querySelector('.viewer'); v.scrollLeft = 200;"
                        " return v.scrollLeft > 0; })()")
    finally:
        phone.close()


def screenshot_shapes(site_dir: Path, out: Path) -> None:
    """docs/img/site-hotspots.png: a lead in an L of two blocks and its photo, one hotspot."""
    b = Browser("about:blank", 1100, 1400)
    try:
        _open(b, url(site_dir, "2023-09-18/index.html?show=hotspots"))
        b.loaded()
        b.screenshot(out / "site-hotspots.png", clip={"x": 0, "y": 90, "width": 780, "height": 810})
    finally:
        b.close()


def screenshots(site_dir: Path, out: Path) -> None:
    """docs/img/site-archive.png, site-search.png and epaper-page1.png (hotspots shown) for the README."""
    b = Browser("about:blank", 1100, 900)
    try:
        _open(b, url(site_dir, "2023-09-18/index.html?show=hotspots"))
        b.loaded()
        r = b.js("(() => { const r = document.querySelector('.sheet').getBoundingClientRect();"
                 " return {x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height}; })()")
        b.screenshot(out / "epaper-page1.png", clip={**r, "scale": 0.8})
        _open(b, url(site_dir, "index.html"))
        b.loaded()
        b.js("document.querySelector('#archive').scrollIntoView()")
        r = b.js("(() => { const r = document.querySelector('#archive').getBoundingClientRect();"
                 " return {x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height}; })()")
        b.screenshot(out / "site-archive.png", clip={"x": r["x"] - 8, "y": r["y"] - 8, "width": r["width"] + 16,
                                                      "height": r["height"] + 16, "scale": 0.8})
        from urllib.parse import quote

        _open(b, url(site_dir, "search.html?q=" + quote("博动医疗")))
        b.wait("!!document.querySelector('#results li')")
        b.screenshot(out / "site-search.png", clip={"x": 0, "y": 0, "width": 1100, "height": 620, "scale": 0.8})
    finally:
        b.close()


if __name__ == "__main__":
    import tempfile

    from layout.site.build import build_site

    with tempfile.TemporaryDirectory() as tmp:
        eds = make_editions(Path(tmp))
        build_site([str(p) for p in eds], str(Path(tmp) / "site"))
        screenshots(Path(tmp) / "site", Path(sys.argv[1]))
        from test_site import shaped_edition

        build_site([str(shaped_edition(Path(tmp)))], str(Path(tmp) / "shaped"))
        screenshot_shapes(Path(tmp) / "shaped", Path(sys.argv[1]))
