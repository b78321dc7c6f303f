"""`layout serve`: the edition's pages in the browser, laid out again on every save.

The standard library's threading HTTP server, bound to 127.0.0.1 only. Endpoints
(docs/serve.md): `/` the page view, `/page/N.png` the picture of page N,
`/status.json`, `/layout.json` (the overlay data) and `/events` (server-sent events,
one `version` event per rebuild).
"""

from __future__ import annotations

import json
import re
import signal
import sys
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

from ..errors import OutputError
from .session import Session, Snapshot
from .watch import watch_inputs

HOST = "127.0.0.1"
KEEPALIVE_S = 15.0
_PAGE = re.compile(r"/page/(\d+)\.png")


class _Http(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    session: Session
    closing: threading.Event


class _Handler(BaseHTTPRequestHandler):
    server: _Http
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:   # noqa: A002 — the stdlib's name
        """Quiet: a page view asks for many pictures; the terminal shows rebuilds only."""

    def do_GET(self) -> None:  # noqa: N802 — the stdlib's name
        path = urlsplit(self.path).path
        session = self.server.session
        if path in ("/", "/index.html"):
            self._send(HTTPStatus.OK, "text/html; charset=utf-8", _page_html())
        elif path == "/status.json":
            self._json(session.snapshot.status())
        elif path == "/layout.json":
            snap = session.snapshot
            self._json({**snap.status(), "problems": snap.problems, **snap.view})
        elif path == "/events":
            self._events(session)
        elif (m := _PAGE.fullmatch(path)) is not None:
            self._page(session, int(m.group(1)))
        else:
            self._send(HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8", b"not found\n")

    def _page(self, session: Session, number: int) -> None:
        png = session.page_png(number)
        if png is None:
            self._send(HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8", f"no page {number}\n".encode())
            return
        self._send(HTTPStatus.OK, "image/png", png)

    def _json(self, doc: dict[str, Any]) -> None:
        self._send(HTTPStatus.OK, "application/json; charset=utf-8",
                   json.dumps(doc, ensure_ascii=False).encode("utf-8"))

    def _send(self, status: HTTPStatus, ctype: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def _events(self, session: Session) -> None:
        """One `version` event now and one per rebuild; a comment line keeps the connection."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        seen = -1
        try:
            self.wfile.write(b"retry: 500\n\n")
            while not self.server.closing.is_set():
                snap = session.wait_for(seen, KEEPALIVE_S)
                if snap.version > seen:
                    seen = snap.version
                    data = json.dumps(snap.status(), ensure_ascii=False)
                    self.wfile.write(f"event: version\ndata: {data}\n\n".encode())
                else:
                    self.wfile.write(b": keep-alive\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass    # the browser went away


_HTML: bytes | None = None


def _page_html() -> bytes:
    global _HTML
    if _HTML is None:
        _HTML = resources.files("layout.serve").joinpath("page.html").read_bytes()
    return _HTML


class Server:
    """A session, its HTTP server and its file watcher; `start()` runs them in threads."""

    def __init__(self, path: str, port: int = 8000, dpi: float = 72,
                 on_rebuild: Any = None):
        self.session = Session(path, dpi)
        self.on_rebuild = on_rebuild
        self.httpd = _Http((HOST, port), _Handler)
        self.httpd.session = self.session
        self.httpd.closing = threading.Event()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.httpd.server_address[1]}/"

    def rebuild(self) -> Snapshot:
        snap = self.session.rebuild()
        if self.on_rebuild is not None:
            self.on_rebuild(snap)
        return snap

    def start(self) -> None:
        """Watch (the watcher builds first) and serve, in background threads; returns
        once the first build is done."""
        watcher = self._spawn(self._watch, "watch")
        while self.session.wait_for(0, 0.5).version == 0 and watcher.is_alive():
            pass
        if self.session.snapshot.version == 0:      # the watcher could not start: serve what there is
            self.rebuild()
        self._spawn(self.httpd.serve_forever, "http")

    def _watch(self) -> None:
        def rebuild() -> None:
            self.rebuild()

        watch_inputs(lambda: self.session.inputs, lambda: not self.session.snapshot.ok, rebuild, self._stop)

    def _spawn(self, target: Any, name: str) -> threading.Thread:
        """A daemon thread with Ctrl-C and SIGTERM blocked (as are the threads it starts), so
        the kernel hands those signals to the main thread, which is waiting for them."""
        blocked = {signal.SIGINT, signal.SIGTERM}
        old = signal.pthread_sigmask(signal.SIG_BLOCK, blocked)
        try:
            t = threading.Thread(target=target, name=f"serve-{name}", daemon=True)
            t.start()
        except RuntimeError as err:     # no thread to be had (a process limit): one line, exit 3
            raise OutputError(self.url, f"no thread for its {name} ({err})", verb="serve") from None
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, old)
        self._threads.append(t)
        return t

    def stop(self) -> None:
        """Stop watching and serving; open event streams end at their next wake-up."""
        self._stop.set()
        self.httpd.closing.set()
        self.session.wake()
        if any(t.name == "serve-http" for t in self._threads):
            self.httpd.shutdown()       # waits for serve_forever, so only when it runs
        self.httpd.server_close()
        for t in self._threads:
            t.join(timeout=5)


def run_serve(path: str, port: int = 8000, dpi: float = 72) -> int:
    """Serve until Ctrl-C; returns the exit status (0; 3 when the port cannot be had)."""
    import os

    from ..errors import EXIT_INPUT, EXIT_OUTPUT, printable

    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        print(printable(f"{path}: no such folder to watch: {folder}"), file=sys.stderr)
        return EXIT_INPUT

    def report(snap: Snapshot) -> None:
        state = "ok" if snap.ok else "invalid, showing the last good pages"
        print(f"version {snap.version}: {state}, {len(snap.problems)} problems, {snap.build_s:.2f} s",
              file=sys.stderr)
        if not snap.ok:
            for p in snap.problems:
                print(f"  {printable(p['text'])}", file=sys.stderr)

    try:
        server = Server(path, port, dpi, on_rebuild=report)
    except OSError as err:
        print(printable(f"{HOST}:{port}: cannot serve: {err.strerror or err}"), file=sys.stderr)
        return EXIT_OUTPUT
    try:
        server.start()
        print(f"serving {printable(path)} at {server.url} (Ctrl-C to stop)", file=sys.stderr)
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0
