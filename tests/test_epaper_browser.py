"""The HTML e-paper in a real browser: Debian's headless Chromium, driven over the
DevTools protocol on a pipe (--remote-debugging-pipe), with no extra Python packages.

Opens index.html, checks the hotspots sit on the picture as the layout says, clicks
one with real mouse events, lands on the article, and checks it reflows on a phone.
Skipped when chromium is not installed (Debian package `chromium`).

Run as a script to take the README's screenshot of page 1 with the hotspots shown:
    python tests/test_epaper_browser.py out/2023-09-18-epaper docs/img/epaper-page1.png
"""

from __future__ import annotations

import base64
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


class Browser:
    """One headless Chromium and one page in it; `call` sends a DevTools command to the page."""

    def __init__(self, url: str, width: int = 1200, height: int = 1600):
        self.profile = tempfile.mkdtemp(prefix="chromium-")
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()

        def fds() -> None:     # Chromium reads commands on fd 3 and answers on fd 4
            # Via fresh copies: a pipe may already be fd 3 or 4, and dup2 onto itself keeps close-on-exec.
            r, w = os.dup(to_child_r), os.dup(from_child_w)
            os.dup2(r, 3)
            os.dup2(w, 4)
            os.set_inheritable(3, True)
            os.set_inheritable(4, True)

        self.proc = subprocess.Popen(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--disable-dev-shm-usage", "--hide-scrollbars", f"--user-data-dir={self.profile}",
             "--remote-debugging-pipe", f"--window-size={width},{height}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=fds, close_fds=False)
        os.close(to_child_r)
        os.close(from_child_w)
        self._next = 0
        self._buf = b""
        self.session = None
        target = self._page_target()
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True, _browser=True)["sessionId"]
        self.goto(url)

    def goto(self, url: str) -> None:
        """Open `url` and wait until it and its pictures have loaded."""
        self.call("Page.navigate", url=url)
        self.wait(f"location.href === {json.dumps(url)}")
        self.loaded()

    def _page_target(self) -> str:
        end = time.monotonic() + 30
        while time.monotonic() < end:
            pages = [t for t in self.call("Target.getTargets", _browser=True)["targetInfos"] if t["type"] == "page"]
            if pages:
                return pages[0]["targetId"]
            time.sleep(0.1)
        raise TimeoutError("no page target")

    def call(self, method: str, _browser: bool = False, **params):
        self._next += 1
        msg = {"id": self._next, "method": method, "params": params}
        if self.session and not _browser:
            msg["sessionId"] = self.session
        os.write(self._to_child, json.dumps(msg).encode() + b"\0")
        end = time.monotonic() + 30
        while time.monotonic() < end:
            while b"\0" in self._buf:
                raw, self._buf = self._buf.split(b"\0", 1)
                reply = json.loads(raw)
                if reply.get("id") == self._next:
                    if "error" in reply:
                        raise RuntimeError(f"{method}: {reply['error']}")
                    return reply["result"]
            ready, _, _ = select.select([self._from_child], [], [], 1)
            if ready:
                chunk = os.read(self._from_child, 1 << 20)
                if not chunk:
                    raise RuntimeError("chromium went away")
                self._buf += chunk
        raise TimeoutError(method)

    def js(self, expression: str):
        """Evaluate in the page; retried while a navigation swaps the document."""
        end = time.monotonic() + 20
        while True:
            try:
                r = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
                if "exceptionDetails" not in r:
                    return r["result"].get("value")
                err = r["exceptionDetails"]
            except RuntimeError as e:
                err = e
            if time.monotonic() > end:
                raise RuntimeError(f"{expression}: {err}")
            time.sleep(0.1)

    def wait(self, expression: str, timeout: float = 30):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            v = self.js(expression)
            if v:
                return v
            time.sleep(0.1)
        raise TimeoutError(expression)

    def loaded(self) -> None:
        self.wait("location.protocol === 'file:' && document.readyState === 'complete'"
                  " && [...document.images].every(i => i.complete && i.naturalWidth > 0)")

    def click(self, x: float, y: float) -> None:
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)

    def close(self) -> None:
        try:
            self.call("Browser.close", _browser=True)
            self.proc.wait(timeout=10)
        except (RuntimeError, TimeoutError, OSError, subprocess.TimeoutExpired):
            self.proc.kill()
            self.proc.wait()
        finally:
            os.close(self._to_child)
            os.close(self._from_child)
            shutil.rmtree(self.profile, ignore_errors=True)


# Where the first page's hotspots are, in picture fractions and in the browser.
GEOMETRY = """(() => {
  const sheet = document.querySelector('#page-1 .sheet');
  const img = sheet.querySelector('img').getBoundingClientRect();
  return {natural: sheet.querySelector('img').naturalWidth, shown: img.width,
          spots: [...sheet.querySelectorAll('a.hotspot')].map(a => {
    const r = a.getBoundingClientRect();
    return {href: a.getAttribute('href'), outline: getComputedStyle(a).outlineStyle,
            x: (r.left - img.left) / img.width, y: (r.top - img.top) / img.height,
            w: r.width / img.width, h: r.height / img.height};
  })};
})()"""


def screenshot_page1(folder: Path, out: Path, scale: float = 0.6, show: bool = True) -> None:
    """Page 1 of the HTML e-paper, with its hotspots outlined (index.html?show=hotspots)."""
    url = (folder / "index.html").resolve().as_uri() + ("?show=hotspots" if show else "")
    browser = Browser(url, 1100, 1600)
    try:
        browser.loaded()
        r = browser.js("(() => { const r = document.querySelector('#page-1 .sheet').getBoundingClientRect();"
                       " return [r.left + scrollX, r.top + scrollY, r.width, r.height]; })()")
        shot = browser.call("Page.captureScreenshot", format="png", captureBeyondViewport=True,
                            clip={"x": r[0], "y": r[1], "width": r[2], "height": r[3], "scale": scale})
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(base64.b64decode(shot["data"]))
    finally:
        browser.close()


needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed (Debian package chromium)")


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    from test_epaper import make_edition

    from layout.commands import build
    from layout.output.epaper import write_epaper

    folder = tmp_path_factory.mktemp("browser")
    b = build(str(make_edition(folder)))
    write_epaper(b, str(folder / "e.pdf"), html_dir=str(folder / "html"))
    return b, folder / "html"


@needs_chromium
def test_click_a_hotspot_and_land_on_the_article(made):
    b, html = made
    browser = Browser((html / "index.html").resolve().as_uri() + "?show=hotspots")
    try:
        browser.loaded()
        geo = browser.js(GEOMETRY)
        assert geo["natural"] > 0 and geo["shown"] > 0
        page = b.result.pages[0]
        blocks = [bl for bl in page.blocks if bl.kind == "article"]
        assert [s["href"] for s in geo["spots"]] == [f"article-{bl.article}.html" for bl in blocks]
        for spot, bl in zip(geo["spots"], blocks, strict=True):
            # As laid out by the browser, at whatever width the picture is shown.
            for got, want in ((spot["x"], bl.x / page.width), (spot["y"], bl.y / page.height),
                              (spot["w"], bl.w / page.width), (spot["h"], bl.h / page.height)):
                assert got == pytest.approx(want, abs=2 / geo["shown"])
            assert spot["outline"] == "solid"          # ?show=hotspots outlines them
        # Click the lead's hotspot with the mouse, in the middle of its block.
        target = browser.js("(() => { const a = document.querySelector('#page-1 a.hotspot');"
                            " a.scrollIntoView({block: 'center'}); const r = a.getBoundingClientRect();"
                            " return [r.left + r.width / 2, r.top + r.height / 2]; })()")
        browser.click(*target)
        href = browser.wait("location.pathname.endsWith('/article-lead.html') && location.href")
        assert href.startswith("file:")
        browser.loaded()
        assert browser.js("document.querySelector('h1').textContent") == "区领导走访调研区内科技企业"
        text = "".join(browser.js("document.body.innerText").split())
        for para in b.edition.article("lead").paragraphs:
            assert "".join(para.split()) in text
        # On a phone the text reflows: nothing wider than the screen.
        browser.call("Emulation.setDeviceMetricsOverride", width=390, height=844, deviceScaleFactor=3, mobile=True)
        browser.js("location.reload()")
        browser.loaded()
        assert browser.wait("document.documentElement.clientWidth") <= 400
        assert browser.js("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
        # And back to the page the article is on.
        back = browser.js("document.querySelector('nav.crumbs a').getAttribute('href')")
        assert back == "index.html#page-1"
    finally:
        browser.close()


@needs_chromium
def test_screenshot_of_page_1(made, tmp_path):
    from PIL import Image

    _, html = made
    shown, plain = tmp_path / "shown.png", tmp_path / "plain.png"
    screenshot_page1(html, shown)
    screenshot_page1(html, plain, show=False)

    def reds(path: Path) -> tuple[int, int]:
        """Strong red pixels in the lower half, where the page itself has only black type."""
        with Image.open(path) as im:
            assert im.width > 300 and im.height > im.width
            lower = im.convert("RGB").crop((0, im.height // 2, im.width, im.height))
        colours = lower.getcolors(maxcolors=lower.width * lower.height)
        return sum(n for n, (r, g, b) in colours if r > 150 and g < 100 and b < 100), lower.height

    (with_spots, height), (without, _) = reds(shown), reds(plain)
    assert without < 50 and with_spots > height // 2      # outlines run down the blocks' sides


if __name__ == "__main__":
    if CHROMIUM is None:
        sys.exit("chromium is not installed (Debian package chromium)")
    screenshot_page1(Path(sys.argv[1]), Path(sys.argv[2]))
