"""One edition being edited: rebuild on demand, keep the last good pictures, render
only the pages that changed.

A rebuild loads and lays out the whole edition (unchanged paragraphs come from the
typesetter's memo), fingerprints every page's layout data and rasterises only the
pages whose fingerprint is new; an invalid edition keeps the last good build and its
pictures and reports the errors instead. Rebuilding and rasterising share one lock:
PDFium and the font book are not made for several threads at once.
"""

from __future__ import annotations

import hashlib
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import recordpickle
from ..errors import EditionError
from .problems import located_problems


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What the browser is shown at one version."""

    version: int
    ok: bool
    problems: list[dict[str, str]]          # {"kind", "where", "message", "text"}
    build_s: float
    layout_s: float
    render_s: float
    cpu_s: float                            # CPU time of the rebuild's thread (steadier on a busy machine)
    digests: list[str]                      # per page of the last good build
    view: dict[str, Any] = field(default_factory=dict)     # the overlay data (see view.py)

    def status(self) -> dict[str, Any]:
        """GET /status.json."""
        return {"version": self.version, "ok": self.ok, "problems": [p["text"] for p in self.problems],
                "build_s": round(self.build_s, 4), "layout_s": round(self.layout_s, 4),
                "render_s": round(self.render_s, 4), "cpu_s": round(self.cpu_s, 4), "pages": len(self.digests)}


class Session:
    """The edition at `path`, rebuilt by `rebuild()`; pictures at `dpi`."""

    def __init__(self, path: str, dpi: float = 72):
        self.path = path
        self.dpi = dpi
        self._work = threading.Lock()               # rebuilds and rasterising, one at a time
        self._changed = threading.Condition()       # notified at every new version
        self.closed = False
        self.rendered = 0                           # pages rasterised so far (the tests count them)
        self._good: Any = None                      # commands.Build of the last good rebuild
        self._book: tuple[Any, Any] | None = None   # (what the fonts depend on, fonts.book.FontBook)
        self._pngs: dict[str, bytes] = {}           # page fingerprint -> PNG
        self.inputs: list[str] = [str(Path(path).resolve())]
        self.snapshot = Snapshot(version=0, ok=False, problems=[], build_s=0.0, layout_s=0.0,
                                 render_s=0.0, cpu_s=0.0, digests=[])

    # -- rebuilding ---------------------------------------------------------------
    def rebuild(self) -> Snapshot:
        """Load, lay out and rasterise what changed; publish the result as a new version."""
        from ..commands import build

        with self._work:
            started, cpu = time.perf_counter(), time.thread_time()
            ok, problems = True, []
            try:
                b = build(self.path, fonts=self._fonts)
            except EditionError as err:
                ok, b = False, None
                problems = [{"kind": "input", "where": str(d.loc), "message": d.message, "text": str(d)}
                            for d in err.diagnostics]
            except Exception as err:    # a fault of ours must not stop the server: show it, keep going
                ok, b = False, None
                problems = [_internal(err)]
            laid = time.perf_counter()
            if b is not None:
                inputs = getattr(b.edition, "inputs", None)
                self.inputs = list(inputs) if inputs else [str(Path(self.path).resolve())]
                problems = located_problems(b)
            digests, view = self.snapshot.digests, self.snapshot.view
            if b is not None:
                try:
                    digests, view = self._pictures(b)
                except Exception as err:    # e.g. a photo that cannot be decoded: keep the old pictures
                    ok = False
                    problems.append(_internal(err))
            done = time.perf_counter()
            snap = Snapshot(version=self.snapshot.version + 1, ok=ok, problems=problems,
                            build_s=done - started, layout_s=laid - started, render_s=done - laid,
                            cpu_s=time.thread_time() - cpu, digests=digests, view=view)
        with self._changed:
            self.snapshot = snap
            self._changed.notify_all()
        return snap

    def _fonts(self, edition: Any) -> Any:
        """The font book of the last build when the edition names the same fonts for the
        same roles (a save of the copy or the grid); a new one otherwise, which also
        checks the roles again."""
        from ..fonts.book import FontBook

        key = (tuple(sorted(edition.fonts.items())), str(edition.base_dir), edition.page.body.font,
               tuple(sorted((name, st.font) for name, st in edition.styles.items())))
        if self._book is None or key != self._book[0]:
            self._book = (key, FontBook.for_edition(edition))
        return self._book[1]

    def _pictures(self, b: Any) -> tuple[list[str], dict[str, Any]]:
        """Rasterise the pages of `b` whose layout is new; make `b` the good build."""
        from .view import overlay_data

        digests = [page_digest(p) for p in b.result.pages]
        fresh = {d: self._render(b, p.number) for d, p in zip(digests, b.result.pages, strict=True)
                 if d not in self._pngs}
        self._pngs = {d: png for d, png in {**self._pngs, **fresh}.items() if d in set(digests)}
        self._good = b
        return digests, overlay_data(b, digests)

    def _page_numbers(self) -> list[int]:
        return [p.number for p in self._good.result.pages] if self._good is not None else []

    def _render(self, b: Any, number: int) -> bytes:
        from ..output.preview import page_png

        self.rendered += 1
        return page_png(b, number, self.dpi)[1]     # the preview's PNG, made as fast

    # -- reading --------------------------------------------------------------------
    def page_png(self, number: int) -> bytes | None:
        """The current picture of page `number` (第N版), None when there is no such page."""
        snap = self.snapshot
        numbers = [p["number"] for p in snap.view.get("pages", [])]
        if number not in numbers:
            return None
        digest = snap.digests[numbers.index(number)]
        png = self._pngs.get(digest)
        if png is None:             # dropped by a newer rebuild meanwhile: the newest picture
            with self._work:
                if self._good is None or number not in self._page_numbers():
                    return None
                png = self._pngs.get(self.snapshot.digests[self._page_numbers().index(number)])
                if png is None:
                    png = self._render(self._good, number)
        return png

    def wake(self) -> None:
        """Wake every `wait_for` for good (the server is stopping)."""
        with self._changed:
            self.closed = True
            self._changed.notify_all()

    def wait_for(self, version: int, timeout: float | None) -> Snapshot:
        """The snapshot once its version is past `version`, or the current one after `timeout` s."""
        with self._changed:
            self._changed.wait_for(lambda: self.closed or self.snapshot.version > version, timeout)
            return self.snapshot


def _internal(err: Exception) -> dict[str, str]:
    """A fault of ours, shown like a problem, pointing at where in our code it happened."""
    tb = traceback.extract_tb(err.__traceback__)
    where = f"{tb[-1].filename}:{tb[-1].lineno}:1" if tb else "layout:1:1"
    text = f"internal error: {type(err).__name__}: {err}"
    return {"kind": "internal", "where": where, "message": text, "text": f"{where}: {text}"}


def page_digest(page: object) -> str:
    """A fingerprint of a page's layout data: equal data, equal picture (its records
    pickled as their class and fields, `recordpickle`: 6.6 ms for 8 broadsheet pages
    where dataclasses' own pickling took 10.5, at every rebuild)."""
    return hashlib.blake2b(recordpickle.dumps(page), digest_size=12).hexdigest()
