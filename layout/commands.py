"""The commands' work behind the CLI: load, lay out, write; report problems.

Exit status: 0 success; 1 the edition laid out but has problems under --strict;
2 the input is invalid (raised as EditionError and printed by the CLI).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .model import kept as kept_model
from .model.edition import Edition

if TYPE_CHECKING:
    from .flow.result import LayoutResult, Problem
    from .fonts.book import FontBook


@dataclass
class Build:
    """One edition loaded and laid out: what every output reads."""

    edition: Edition
    book: FontBook
    result: LayoutResult


def build(path: str, only_pages: set[int] | None = None, fonts: Callable[[Edition], Any] | None = None) -> Build:
    """Load and validate the edition, resolve its fonts, lay out every page (or just
    what `only_pages` needs: then only the copy those pages show is read and proofed,
    and only its characters prepared; see `load_edition_text`). `fonts` gives the font
    book for the edition when the caller keeps one across builds (`layout serve`); by
    default a new one."""
    from .flow.engine import lay_out

    edition, book = _with_fonts(path, fonts, only_pages)
    edition, plan_problems, left_out = plan(edition, book)
    result = lay_out(edition, book, only_pages)
    if left_out:
        result.problems[:] = [p for p in result.problems if not (p.kind == "overset" and p.article in left_out)]
    result.problems[:0] = plan_problems
    return Build(edition, book, result)


def _with_fonts(path: str, fonts: Callable[[Edition], Any] | None = None,
                only_pages: set[int] | None = None) -> tuple[Edition, FontBook]:
    """The edition loaded and validated, and its font book with every text it will draw
    prepared (so no face is prepared behind the layout's back)."""
    from .flow.texts import text_by_role
    from .fonts.book import FontBook

    edition = kept_model.load(path, only_pages)
    by_role = text_by_role(edition)
    if fonts is None:
        book = FontBook.for_edition(edition, chars=set().union(*by_role.values()))
    else:
        book = fonts(edition)
    for role, chars in by_role.items():
        book.ensure(chars, roles=[role])
    return edition, book


def plan(edition: Edition, book: FontBook) -> tuple[Edition, list[Problem], set[str]]:
    """Automatic make-up of the pages that list `articles:` (the edition as it is when none do).

    An article the planner leaves out is reported once, as `plan: … no room for …`; the
    layout's own `overset: … (not placed)` line for it is then dropped as a repeat."""
    if not any(p.articles for p in edition.pages):
        return edition, [], set()
    from .flow.planner import plan_edition

    planned, plans, problems = plan_edition(edition, book)
    left_out = {aid for pl in plans for aid in pl.left_out}
    return planned, problems, left_out


def files_read(ed: Edition) -> list[str]:
    """The files the build reads (`Edition.inputs`: the edition, base and copy files,
    photos, logos, the profile), which no output may replace."""
    return [ed.source, *ed.inputs]


def guard_output(b: Build, output: str, *also: str | None) -> None:
    """No output may replace a file the build reads (`also`: files named on the command line)."""
    from .output.atomic import refuse_inputs

    refuse_inputs(output, [*files_read(b.edition), *(f for f in also if f)])


def report_lines(b: Build) -> list[str]:
    """The build's warnings as printed: control and bidirectional characters escaped."""
    from .errors import printable

    return [printable(p.message) for p in b.result.problems] + [str(d) for d in b.edition.proofing]


def has_problems(b: Build) -> bool:
    from .flow.kinds import FAILS_STRICT

    return any(p.kind in FAILS_STRICT for p in b.result.problems)


def run_check(path: str, *, as_json: bool = False, strict: bool = False, strict_proofing: bool = False) -> int:
    """Validate and lay out; print the fit report. Returns the exit status."""
    from .errors import printable
    from .flow.fit import fit_report, report_json, report_text

    b = build(path)
    fit = fit_report(b.result, b.edition.page.separation)
    if as_json:
        import json

        doc = {
            **report_json(fit),
            "articles": [
                {"id": f.id, "blocks": [{"page": p, "chars": c} for p, c in f.blocks],
                 "overset_chars": f.overset_chars, "underset_lines": f.underset_lines}
                for f in b.result.articles
            ],
            "warnings": report_lines(b),
        }
        print(json.dumps(doc, ensure_ascii=False, indent=2))
    else:
        for line in report_text(fit) + report_lines(b):
            print(line)
        pages = len(b.result.pages)
        chars = sum(c for f in b.result.articles for _, c in f.blocks)
        print(f"{printable(b.edition.source)}: {pages} pages, {len(b.result.articles)} articles, {chars} body characters set")
    return 1 if (strict and has_problems(b)) or (strict_proofing and b.edition.proofing) else 0


def _report(b: Build) -> None:
    for line in report_lines(b):
        print(line, file=sys.stderr)


def run_plan(path: str, output: str) -> int:
    """Write the edition with every `articles:` page's blocks spelled out (`layout plan`)."""
    from .flow.planner import plan_edition
    from .model.yamlsource import read_text
    from .output.atomic import refuse_inputs, write_bytes
    from .output.planfile import rewrite

    edition, book = _with_fonts(path)
    refuse_inputs(output, files_read(edition))
    _, plans, problems = plan_edition(edition, book)
    by_page = {pl.page.number: pl for pl in plans}
    jobs = []
    for page in edition.pages:
        if page.articles:
            new = by_page[page.number].page.blocks[len(page.blocks):]
            jobs.append((page, new))
    photos = [(edition.article(aid).images[0], h) for pl in plans for aid, h in pl.photo_lines.items()]
    write_bytes(output, rewrite(read_text(path), jobs, photos).encode("utf-8"))
    for p in problems:
        print(p.message, file=sys.stderr)
    for pl in plans:
        share = 100.0 * pl.empty_cells / pl.free_cells if pl.free_cells else 0.0
        print(f"{output}: page {pl.page.number}: {len(pl.page.blocks)} blocks, {share:.1f} % of the free area empty",
              file=sys.stderr)
    return 0


def run_print(path: str, output: str, *, strict: bool = False, icc: str | None = None,
              condition: str | None = None, strict_proofing: bool = False) -> int:
    from .output.printpdf import write_print_pdf

    b = build(path)
    guard_output(b, output, icc)
    write_print_pdf(b, output, icc=icc, condition=condition)
    _report(b)
    return 1 if (strict and has_problems(b)) or (strict_proofing and b.edition.proofing) else 0


def run_preview(path: str, output: str, *, page: int = 1, dpi: int = 100, grid: bool = False,
                watch: bool = False) -> int:
    """Render one page to PNG; with `watch`, again whenever a file the edition uses is saved.

    A page the edition does not have is an input error (exit 2). While watching, an
    invalid edition is reported and the last good picture is kept until the next save.
    Watching is `layout serve`'s watcher (watchfiles, no polling); `serve` shows every
    page with the fit report, this writes one PNG for other tools.
    """
    from .errors import EditionError, OutputError, printable
    from .output.preview import PageNotFound, save_preview

    inputs = [path]
    failing = [False]

    def once() -> int:
        b = build(path, only_pages={page})
        inputs[:] = getattr(b.edition, "inputs", None) or [path]
        guard_output(b, output)
        try:
            save_preview(b, output, page=page, dpi=dpi, grid=grid)
        except PageNotFound as err:
            print(printable(f"{path}: {err}"), file=sys.stderr)
            return 2
        _report(b)
        return 0

    if not watch:
        return once()
    import threading
    import time

    from .serve.watch import watch_inputs

    def again() -> None:
        started = time.monotonic()
        try:
            status = once()
        except EditionError as err:
            for d in err.diagnostics:
                print(str(d), file=sys.stderr)
            status = 2
        except OutputError as err:     # e.g. a full disk: say so, keep watching
            print(str(err), file=sys.stderr)
            status = 3
        failing[0] = status != 0
        if status == 0:
            print(f"{output}: page {page} in {time.monotonic() - started:.2f} s", file=sys.stderr)

    print(f"watching {path} (Ctrl-C to stop)", file=sys.stderr)
    try:
        watch_inputs(lambda: inputs, lambda: failing[0], again, threading.Event())   # builds first
    except KeyboardInterrupt:
        pass
    return 0


def run_epaper(path: str, output: str, *, html_dir: str | None = None) -> int:
    from .output.epaper import write_epaper

    b = build(path)
    guard_output(b, output)
    write_epaper(b, output, html_dir=html_dir)
    _report(b)
    return 0


def run_site(paths: list[str], out_dir: str, *, base_url: str | None = None, force: bool = False,
             jobs: int | None = None) -> int:
    """Build or update the e-paper site; one line per edition rendered or reused."""
    from .errors import EXIT_OUTPUT, OutputError
    from .site.build import build_site

    try:
        rep = build_site(paths, out_dir, base_url=base_url, force=force, jobs=jobs)
    except OSError as err:
        print(OutputError.from_os(err.filename or out_dir, err), file=sys.stderr)
        return EXIT_OUTPUT
    named = len(rep.rendered) + len(rep.reused) + len(rep.failed)
    print(f"{out_dir}: {named} editions: {len(rep.rendered)} rendered, {len(rep.reused)} unchanged, "
          f"{len(rep.failed)} failed", file=sys.stderr)
    return rep.status
