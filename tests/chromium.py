"""A real browser for the site's tests: Debian's headless Chromium, driven over the
DevTools protocol on a pipe (--remote-debugging-pipe), with no extra Python packages.
Tests that need it are skipped when chromium is not installed (Debian package `chromium`).
"""

from __future__ import annotations

import base64
import json
import os
import select
import shutil
import subprocess
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
        self.wait("document.readyState === 'complete'"
                  " && [...document.images].filter(i => i.loading !== 'lazy')"
                  ".every(i => i.complete && i.naturalWidth > 0)")

    def click(self, x: float, y: float) -> None:
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)

    def press(self, key: str, code: str, keycode: int, shift: bool = False) -> None:
        """A real key press (keyDown/keyUp), e.g. press("Tab", "Tab", 9)."""
        mods = 8 if shift else 0
        for kind in ("rawKeyDown", "keyUp"):
            self.call("Input.dispatchKeyEvent", type=kind, key=key, code=code, windowsVirtualKeyCode=keycode,
                      modifiers=mods)

    def screenshot(self, path: Path, clip: dict[str, float] | None = None) -> None:
        """The viewport (or `clip`, in CSS pixels of the page) as PNG."""
        params: dict[str, object] = {"format": "png"}
        if clip:
            params.update(clip={**clip, "scale": clip.get("scale", 1)}, captureBeyondViewport=True)
        shot = self.call("Page.captureScreenshot", **params)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(shot["data"]))

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


needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed (Debian package chromium)")
