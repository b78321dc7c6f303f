"""The page view of `layout serve` in a real browser (Debian's headless Chromium, driven
as in tests/chromium.py): the overlays are drawn where the fit report says, they
switch off, and an invalid save shows its error in place over the last good pages.

Run as a script to take the README's screenshot of the page view with overlays on:
    python tests/test_serve_browser.py docs/img/serve.png
"""

from __future__ import annotations

import base64
import json
import os
import sys
from pathlib import Path

import pytest
from chromium import CHROMIUM, Browser
from test_serve import save

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "editions" / "2023-09-18.yaml"
ALL = "?show=grid,blocks,overset,empty,problems"


class PageView(Browser):
    """The browser on an http:// page: loaded once the pages' pictures are in."""

    def loaded(self) -> None:
        self.wait("document.readyState === 'complete' && document.body.dataset.version !== undefined"
                  " && document.querySelectorAll('.sheet img').length > 0"
                  " && [...document.querySelectorAll('.sheet img')].every(i => i.complete && i.naturalWidth > 0)")


def overset_sample(folder: Path) -> Path:
    """The sample with page 1's second story given too few lines: overset, and a hole below it."""
    text = SAMPLE.read_text(encoding="utf-8")
    assert text.count("lines: 33-64\n        headline: {orient: vertical}") == 1
    path = folder / "2023-09-18.yaml"
    path.write_text(text.replace("lines: 33-64\n        headline: {orient: vertical}",
                                 "lines: 33-56\n        headline: {orient: vertical}"), encoding="utf-8")
    return path


needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed (Debian package chromium)")


@needs_chromium
def test_overlays_and_an_error_in_place(tmp_path):
    from layout.serve.server import Server

    path = overset_sample(tmp_path)
    server = Server(str(path), port=0, dpi=50)
    server.start()
    browser = None
    try:
        browser = PageView(server.url + ALL, 1400, 1000)
        browser.loaded()
        view = server.session.snapshot.view
        problems = server.session.snapshot.problems
        page1 = [b for b in view["blocks"] if b["page"] == 1]
        # every block outlined and labelled with its article and fill
        labels = browser.js("[...document.querySelectorAll('#page-1 .ov-blocks .label')].map(l => l.textContent)")
        assert len(labels) == len(page1)
        for b, text in zip(page1, labels, strict=True):
            if b["kind"] == "article":
                assert text == f"{b['block']} {b['article']}  {b['placed_chars']} / {b['capacity_chars']} 字"
        # overset: the red mark with the count, at the bottom-right corner of the block
        over = next(b for b in page1 if b["overset_chars"] > 0)
        mark = browser.js("""(() => { const m = document.querySelector('#page-1 .ov-overset .mark');
            const s = document.querySelector('#page-1 .sheet img').getBoundingClientRect();
            const r = m.getBoundingClientRect();
            return {text: m.textContent, bg: getComputedStyle(m).backgroundColor,
                    right: (r.right - s.left) / s.width, bottom: (r.bottom - s.top) / s.height}; })()""")
        assert mark["text"] == f"overset +{over['overset_chars']} 字"
        assert mark["bg"] == "rgb(224, 0, 0)"
        assert mark["right"] == pytest.approx((over["x"] + over["w"]) / 1105.5118, abs=0.01)
        assert mark["bottom"] == pytest.approx((over["y"] + over["h"]) / 1544.8819, abs=0.01)
        # holes and empty lines hatched, one shape each
        holes = [h for h in view["holes"] if h["page"] == 1]
        empties = sum(1 for b in page1 for n in b["empty_lines"] if n)
        assert browser.js("document.querySelectorAll('#page-1 .ov-empty rect.hole').length") == len(holes) > 0
        assert browser.js("document.querySelectorAll('#page-1 .ov-empty rect.empty').length") == empties
        # the grid with its line and column numbers
        grid = view["grid"]
        assert browser.js("document.querySelectorAll('#page-1 .ov-grid .num.line').length") == grid["lines"]
        assert browser.js("[...document.querySelectorAll('#page-1 .ov-grid .num.col')].map(n => n.textContent)") == \
            [str(c) for c in range(1, grid["columns"] + 1)]
        # the problems, each with FILE:LINE:COL
        items = browser.js("[...document.querySelectorAll('#problems li')].map(li => li.textContent)")
        assert items == [p["text"] for p in problems]
        assert any(t.startswith(f"{path}:") and "overset: tech-visit" in t for t in items)
        # overlays switch off
        shown = "getComputedStyle(document.querySelector('#page-1 svg .ov-grid')).display"
        assert browser.js(shown) != "none"
        browser.js("document.querySelector('[data-overlay=grid]').click()")
        assert browser.js(shown) == "none"
        # an invalid save: the error in place, the last good pictures kept
        before = browser.js("[...document.querySelectorAll('.sheet img')].map(i => i.dataset.digest)")
        version = server.session.snapshot.version
        good = path.read_text(encoding="utf-8")
        save(path, good.replace("columns: 1-3", "columns: 1-9", 1))
        browser.wait(f"Number(document.body.dataset.version) > {version}"
                     " && !document.getElementById('error').hidden")
        error = browser.js("document.querySelector('#error pre').textContent")
        assert error.startswith(f"{path}:") and "columns" in error
        line = int(error.split(":")[1])
        assert "columns: 1-3" in good.splitlines()[line - 1]
        assert browser.js("[...document.querySelectorAll('.sheet img')].map(i => i.dataset.digest)") == before
        assert browser.js("[...document.querySelectorAll('.sheet img')].every(i => i.naturalWidth > 0)")
        # mended: the error goes, the pages move
        version = server.session.snapshot.version
        save(path, good.replace("lines: 33-56", "lines: 33-64", 1))
        browser.wait(f"Number(document.body.dataset.version) > {version} && document.getElementById('error').hidden")
        browser.loaded()
        assert browser.js("document.querySelectorAll('#page-1 .ov-overset .mark').length") == 0
    finally:
        if browser is not None:
            browser.close()
        server.stop()


def screenshot(out: Path, width: int = 1500) -> None:
    """The page view of the overset sample, every overlay on: the bar, the problems and
    the first row of pages. Served from the edition's folder, so the problems show
    the path an editor would type."""
    import tempfile

    from layout.serve.server import Server

    here = os.getcwd()
    with tempfile.TemporaryDirectory() as d:
        os.chdir(d)
        try:
            server = Server(overset_sample(Path(d)).name, port=0, dpi=72)
            server.start()
            browser = PageView(server.url + ALL, width, 1200)
            try:
                browser.loaded()
                bottom = browser.js("document.querySelector('#page-1').getBoundingClientRect().bottom + 12")
                shot = browser.call("Page.captureScreenshot", format="png", captureBeyondViewport=True,
                                    clip={"x": 0, "y": 0, "width": width, "height": bottom, "scale": 1})
            finally:
                browser.close()
                server.stop()
        finally:
            os.chdir(here)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(base64.b64decode(shot["data"]))
    from PIL import Image

    with Image.open(out) as im:     # 256 colours: a third of the bytes in the repository
        small = im.convert("RGB").quantize(256)
    small.save(out, optimize=True)


if __name__ == "__main__":
    if CHROMIUM is None:
        sys.exit("chromium is not installed (Debian package chromium)")
    screenshot(Path(sys.argv[1]))
    print(json.dumps({"screenshot": sys.argv[1]}))
