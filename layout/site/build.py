"""`layout site`: every edition named, one static site, rebuilt incrementally.

An edition is rendered (laid out once; print PDF, screen PDF, pictures) only when its
key changed: a SHA-256 over the contents of every file its build read (the edition,
base files, copy files, photos, logos, ICC profile: `Edition.inputs`), the font files
it used (size and time), and the renderer's own source. The key and the edition's
summary are kept in `DIR/.layout-site/DATE.json`; with nothing changed a rebuild
hashes the inputs, finds every key equal and only rewrites the HTML that differs.

The site is exactly the editions named: an edition built before and not named now is
removed (its folder's files that the site wrote, nothing else). An edition that fails
to load is reported (`FILE:LINE:COL: message`) and keeps its last good pages, if it
had any; two editions of the same date are an error naming both files, and neither
is rebuilt. Several editions to render are rendered side by side, one process per
core.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import EditionError
from ..output.atomic import write_bytes
from . import assets
from .feeds import feed_xml, sitemap_xml
from .pages import Site, article_html, index_html, page_html, search_html
from .search import search_files
from .summary import FORMAT, EditionSummary

if TYPE_CHECKING:
    from ..commands import Build
    from ..model.edition import Edition

STATE = ".layout-site"
# Files the site writes inside an edition's folder; anything else there is left alone.
OURS = re.compile(r"(index|\d+|article-[A-Za-z0-9_-]+)\.html|(page|thumb)-\d+\.(webp|png|jpg)"
                  r"|img/[A-Za-z0-9_-]+\.jpg|\d{4}-\d\d-\d\d(-epaper)?\.pdf")


@dataclass
class SiteReport:
    rendered: list[str] = field(default_factory=list)   # edition files laid out and drawn this time
    reused: list[str] = field(default_factory=list)     # unchanged, not rendered
    failed: list[str] = field(default_factory=list)     # invalid editions (reported)
    status: int = 0                                     # 0, or 2 when an edition was invalid


def code_fingerprint() -> str:
    """The renderer's own source: a new version of the tool renders every edition again."""
    h = hashlib.sha256(f"site-format-{FORMAT}".encode())
    pkg = Path(__file__).resolve().parents[1]
    for path in sorted(pkg.rglob("*.py")):
        h.update(path.relative_to(pkg).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def edition_inputs(ed: Edition) -> list[str]:
    """Every file the edition's build reads (the model's `Edition.inputs`), edition first."""
    return list(dict.fromkeys([ed.source, *ed.inputs]))


def key_of(inputs: list[str], fonts: list[str], code: str, root: Path) -> str | None:
    """The edition's key from the files as they are now; None when one is missing."""
    h = hashlib.sha256(code.encode())
    for path in inputs:
        try:
            data = Path(path).read_bytes()
        except OSError:
            return None
        h.update(_rel(path, root).encode() + b"\0" + hashlib.sha256(data).digest())
    for path in fonts:
        try:
            st = os.stat(path)
        except OSError:
            return None
        h.update(f"{path}\0{st.st_size}\0{st.st_mtime_ns}".encode())
    return h.hexdigest()


def _rel(path: str, root: Path) -> str:
    return os.path.relpath(os.path.abspath(path), os.path.abspath(root))


def _from_root(rel: str, root: Path) -> str:
    return os.path.normpath(os.path.join(root, rel))


# -- rendering one edition (in this process or a worker) ---------------------------------
@dataclass
class _Rendered:
    path: str
    summary: str | None = None                          # EditionSummary JSON
    errors: list[str] = field(default_factory=list)     # FILE:LINE:COL lines
    warnings: list[str] = field(default_factory=list)


def _render(path: str, root: str, code: str, b: Build | None = None) -> _Rendered:
    from ..commands import build
    from .render import render_edition

    out = _Rendered(path)
    given = b is not None
    try:
        if b is None:
            b = build(path)
        rootp = Path(root)
        ed = b.edition
        summary = render_edition(b, rootp / ed.edition.date.isoformat(), source=_rel(path, rootp))
    except EditionError as err:
        if given:
            raise                               # the caller's own build: its error to report
        out.errors = [str(d) for d in err.diagnostics]
        return out
    inputs = edition_inputs(ed)
    fonts = sorted({f.source.path for f in b.book.faces.values()})
    summary.inputs = [_rel(p, rootp) for p in inputs] + [f"font:{p}" for p in fonts]
    summary.key = key_of(inputs, fonts, code, rootp) or ""
    out.summary = summary.to_json()
    out.warnings = [f"{path}: {p.message}" for p in b.result.problems]
    return out


def _render_many(todo: list[str], root: Path, code: str, jobs: int,
                 prebuilt: dict[str, Build]) -> list[_Rendered]:
    """Render each edition; side by side in worker processes when there are several."""
    mine = [p for p in todo if p in prebuilt]
    rest = [p for p in todo if p not in prebuilt]
    done = [_render(p, str(root), code, prebuilt[p]) for p in mine]
    if len(rest) > 1 and jobs > 1:
        import multiprocessing

        from ..workers import worker_pool
        from .render import preload

        preload()

        with worker_pool(min(jobs, len(rest)), mp_context=multiprocessing.get_context("fork")) as pool:
            done += list(pool.map(_render, rest, [str(root)] * len(rest), [code] * len(rest)))
    else:
        done += [_render(p, str(root), code) for p in rest]
    return done


# -- the site ------------------------------------------------------------------------------
def _load_state(root: Path) -> dict[str, EditionSummary]:
    """The summaries of the editions built before, by their edition file (relative)."""
    out: dict[str, EditionSummary] = {}
    state = root / STATE
    if not state.is_dir():
        return out
    for path in sorted(state.glob("*.json")):
        try:
            s = EditionSummary.from_json(path.read_text(encoding="utf-8"))
        except (OSError, ValueError, KeyError, TypeError):
            continue                                        # unreadable or older: render again
        out[s.source] = s
    return out


def _edition_date(path: str) -> tuple[str | None, list[str]]:
    """The date an edition file declares (loaded and validated, not laid out)."""
    from ..model.loader import load_edition

    try:
        return load_edition(path).edition.date.isoformat(), []
    except EditionError as err:
        return None, [str(d) for d in err.diagnostics]


def _write_if_changed(path: Path, data: bytes) -> None:
    try:
        if path.read_bytes() == data:
            return
    except OSError:
        pass
    write_bytes(path, data)


def _edition_files(s: EditionSummary) -> set[str]:
    files = {s.print_pdf, s.screen_pdf}
    for p in s.pages:
        files |= {p.file, p.picture.webp, p.picture.fallback, p.thumb.webp, p.thumb.fallback}
    for a in s.articles:
        files.add(a.file)
        files |= {f.src for f in a.figures}
    return files


def _prune(folder: Path, keep: set[str]) -> None:
    """Remove the site's own files in an edition folder that it no longer has."""
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_file() and OURS.fullmatch(rel) and rel not in keep:
            path.unlink()


def write_pages(root: Path, summaries: list[EditionSummary], base_url: str) -> None:
    """Every HTML page, the search index, the feed and the sitemap, from the summaries."""
    site = Site(sorted(summaries, key=lambda s: s.date, reverse=True), base_url)
    files: dict[str, bytes] = {
        "site.css": assets.CSS.encode(), "site.js": assets.SITE_JS.encode(), "search.js": assets.SEARCH_JS.encode(),
        "index.html": index_html(site).encode(), "search.html": search_html(site).encode(),
        "feed.xml": feed_xml(site.editions, base_url, site.name), "sitemap.xml": sitemap_xml(site.editions, base_url),
    }
    files.update({k: v.encode() for k, v in search_files(site.editions).items()})
    for ed in site.editions:
        for i, page in enumerate(ed.pages):
            files[f"{ed.date}/{page.file}"] = page_html(site, ed, i).encode()
        for a in ed.articles:
            files[f"{ed.date}/{a.file}"] = article_html(site, ed, a).encode()
    for name, data in sorted(files.items()):
        _write_if_changed(root / name, data)
    dates = {ed.date for ed in site.editions}
    search = root / "search"
    for path in sorted(search.glob("*.js")) if search.is_dir() else []:
        if path.name != "index.js" and path.stem not in dates:
            path.unlink()


def default_base_url(summaries: list[EditionSummary]) -> str:
    """Where the site is published when not told: the newest edition's paper address."""
    newest = max(summaries, key=lambda s: s.date, default=None)
    return ((newest.url if newest else "") or "http://localhost").rstrip("/") + "/"


def build_site(paths: list[str], out_dir: str, *, base_url: str | None = None, force: bool = False,
               jobs: int | None = None, prebuilt: dict[str, Build] | None = None,
               report: Callable[[str], None] | None = None) -> SiteReport:
    """Build or update the site in `out_dir` from the edition files `paths`."""
    from ..errors import printable

    say = report or (lambda line: print(printable(line), file=sys.stderr))
    from ..output.atomic import ensure_folder

    root = ensure_folder(out_dir)        # or `cannot write DIR: reason` (exit 3)
    prebuilt = prebuilt or {}
    code = code_fingerprint()
    before = _load_state(root)
    rep = SiteReport()
    named = list(dict.fromkeys(paths))
    current: dict[str, EditionSummary] = {}       # source (relative) -> summary kept or made
    todo: list[str] = []
    for path in named:
        rel = _rel(path, root)
        old = before.get(rel)
        if (old is not None and not force and path not in prebuilt
                and _key_now(old, root, code) == old.key
                and all((root / old.date / f).is_file() for f in _edition_files(old))):
            current[rel] = old
            rep.reused.append(path)
        else:
            todo.append(path)
    # Dates first (a cheap load), so two editions of one date never overwrite each other.
    dates: dict[str, str] = {s.date: _from_root(rel, root) for rel, s in current.items()}
    ready: list[str] = []
    for path in todo:
        date: str | None
        errors: list[str] = []
        if path in prebuilt:
            date = prebuilt[path].edition.edition.date.isoformat()
        else:
            date, errors = _edition_date(path)
        if date is None:
            for line in errors:
                say(line)
            rep.failed.append(path)
            _keep_last_good(before, current, path, root)
            continue
        if date in dates:
            other = dates[date]
            say(f"{path}: an edition of {date} is already in the site: {other} (one edition per date)")
            rep.failed.append(path)
            for rel, s in list(current.items()):
                if s.date == date and _from_root(rel, root) == other:
                    del current[rel]
                    if other in rep.reused:
                        rep.reused.remove(other)
                        rep.failed.append(other)
            ready = [p for p in ready if p != other]
            continue
        dates[date] = path
        ready.append(path)
    for gone in set(before) - set(current) - {_rel(p, root) for p in named}:
        old = before[gone]
        if old.date not in dates:
            _prune(root / old.date, set())
        (root / STATE / f"{old.date}.json").unlink(missing_ok=True)
    for done in _render_many(ready, root, code, jobs or os.cpu_count() or 1, prebuilt):
        for line in done.errors:
            say(line)
        for line in done.warnings:
            say(line)
        if done.summary is None:
            rep.failed.append(done.path)
            _keep_last_good(before, current, done.path, root)
            continue
        s = EditionSummary.from_json(done.summary)
        current[s.source] = s
        rep.rendered.append(done.path)
        write_bytes(root / STATE / f"{s.date}.json", done.summary.encode())
    for s in current.values():
        _prune(root / s.date, _edition_files(s))
    summaries = list(current.values())
    write_pages(root, summaries, base_url or default_base_url(summaries))
    rep.status = 2 if rep.failed else 0
    return rep


def _key_now(s: EditionSummary, root: Path, code: str) -> str | None:
    inputs = [_from_root(p, root) for p in s.inputs if not p.startswith("font:")]
    fonts = [p[len("font:"):] for p in s.inputs if p.startswith("font:")]
    return key_of(inputs, fonts, code, root)


def _keep_last_good(before: dict[str, EditionSummary], current: dict[str, EditionSummary], path: str,
                    root: Path) -> None:
    rel = _rel(path, root)
    if rel in before and all(s.date != before[rel].date for s in current.values()):
        current[rel] = before[rel]
