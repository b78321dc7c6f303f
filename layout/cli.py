"""The `layout` command: check, print, preview, epaper, site, fonts, preflight.

Each command imports its stage lazily, so `layout --help` and `layout check` do not
pay for the painter or the rasteriser. Every command's work runs through `_run`,
which turns the tool's own failures and the signals into the documented exit
statuses (layout.errors): never a traceback.
"""

from __future__ import annotations

import atexit
import gc
import os
import signal
import sys
from collections.abc import Callable
from typing import NoReturn

import click

from . import errors


def _run(work: Callable[[], int]) -> NoReturn:
    """Run a command's work and exit with its status: 2 for invalid input (each
    problem a located line), 3 for an output or environment fault (one line), 130 or
    143 when a signal stopped it (after every temporary file was removed)."""
    try:
        status = work()
    except errors.EditionError as err:
        for d in err.diagnostics:
            click.echo(str(d), err=True)
        status = errors.EXIT_INPUT
    except errors.OutputError as err:
        click.echo(str(err), err=True)
        status = errors.EXIT_OUTPUT
    except KeyboardInterrupt:
        status = errors.EXIT_SIGINT
    except errors.Terminated:
        status = errors.EXIT_SIGTERM
    if _PROGRAM and sys.getprofile() is None and sys.gettrace() is None:
        _leave(status)
    sys.exit(status)


_PROGRAM = False     # set by `run`: this process is the `layout` program itself


def _one_shot() -> None:
    """A command that builds once and exits runs without the cyclic garbage collector:
    its data is freed by reference counting as before (a 64-page print peaks at the same
    memory either way), and the collector's passes over the growing layout cost ~5 % of
    the run (11 ms of an 8-page check, ~90 ms of a 64-page print). Long-running
    commands (serve, preview --watch) keep it, and so does a process that runs the
    commands in-process (tests), which `run` tells apart.

    It also keeps the body paragraphs it composes on disk for the next run, and takes
    those an earlier run kept (compose/kept.py), and does the same with the validated
    edition (model/kept.py): an edition is checked and printed again and again with most
    of its copy unchanged. In-process callers compose and load every one."""
    if _PROGRAM:
        gc.disable()
        from .compose import kept
        from .model import kept as kept_model

        kept.enable()
        kept_model.enable()


def _leave(status: int) -> NoReturn:
    """The program's last step, once its work is done and every file it wrote is closed
    and in place: the exit handlers run (caches saved, temporary folders removed) and
    the output is flushed as at any exit, then the process ends without the interpreter
    freeing its objects one by one — the layout, the fonts' tables, every module: ≈ 25 ms
    after an 8-page print, work nobody waits for. A process that runs the commands
    in-process (tests), or under a profiler or tracer (cProfile, coverage: they write
    their results at the normal exit), exits as usual."""
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):     # a closed pipe: nothing more can be said
            pass
    os._exit(status)


def _on_signal(signum: int, frame: object) -> None:
    """Stop the run where it is, as an exception, so every `finally` cleans up; a
    second signal cannot interrupt that cleanup."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    if signum == signal.SIGINT:
        raise KeyboardInterrupt
    raise errors.Terminated


def run() -> None:
    """The program: SIGINT and SIGTERM become exceptions `_run` answers, then the CLI.
    (Not installed by `main`, so running the commands in-process leaves signals alone.)"""
    global _PROGRAM
    _PROGRAM = True
    signal.signal(signal.SIGINT, _on_signal)
    signal.signal(signal.SIGTERM, _on_signal)
    main()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="newspaper-layout")
def main() -> None:
    """Lay out a Chinese newspaper edition described in YAML.

    An edition file (see docs/format.md) says what is printed and where; this
    command decides line breaks, glyph positions, jump lines and overset, and
    writes the print PDF, a preview PNG or the e-paper.
    """


@main.command()
@click.argument("edition", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the fit report as JSON.")
@click.option("--strict", is_flag=True, help="Exit 1 when an article is overset or a glyph is missing.")
@click.option("--strict-proofing", is_flag=True, help="Exit 1 when there are proofing warnings.")
def check(edition: str, as_json: bool, strict: bool, strict_proofing: bool) -> None:
    """Validate EDITION and lay it out; report overset, underset and missing glyphs.

    Writes no file. Exit 0 when the edition is valid, 2 when it is not (each
    error as FILE:LINE:COL: message), 1 with --strict when it has problems.
    """
    def work() -> int:
        _one_shot()
        from .commands import run_check

        return run_check(edition, as_json=as_json, strict=strict, strict_proofing=strict_proofing)

    _run(work)


@main.command(name="print")
@click.argument("edition", type=click.Path(dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="The PDF to write.")
@click.option("--strict", is_flag=True, help="Exit 1 (still writing the PDF) on overset or a missing glyph.")
@click.option("--icc", type=click.Path(dir_okay=False), help="The printing plant's CMYK ICC profile.")
@click.option("--condition", help="Output condition name, e.g. 'ISO newspaper 26'.")
@click.option("--strict-proofing", is_flag=True, help="Exit 1 (still writing the PDF) on proofing warnings.")
def print_(edition: str, output: str, strict: bool, icc: str | None, condition: str | None,
           strict_proofing: bool) -> None:
    """Write the print-ready PDF (all pages, PDF/X-1a, CMYK, with bleed and marks)."""
    def work() -> int:
        _one_shot()
        from .commands import run_print

        return run_print(edition, output, strict=strict, icc=icc, condition=condition,
                         strict_proofing=strict_proofing)

    _run(work)


@main.command()
@click.argument("edition", type=click.Path(dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="The PNG to write.")
@click.option("--page", default=1, show_default=True, help="Which page (第N版).")
@click.option("--dpi", default=100, show_default=True, help="Resolution of the picture.")
@click.option("--grid", is_flag=True, help="Overlay the columns, the line grid and each block's outline and name.")
@click.option("--watch", is_flag=True, help="Render again whenever the edition file changes.")
def preview(edition: str, output: str, page: int, dpi: int, grid: bool, watch: bool) -> None:
    """Render one page of EDITION to PNG (the trim area), for planning."""
    def work() -> int:
        if not watch:
            _one_shot()
        from .commands import run_preview

        return run_preview(edition, output, page=page, dpi=dpi, grid=grid, watch=watch)

    _run(work)


@main.command()
@click.argument("edition", type=click.Path(dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="The e-paper PDF to write.")
@click.option("--html", "html_dir", type=click.Path(file_okay=False), help="Also write the HTML e-paper into DIR.")
def epaper(edition: str, output: str, html_dir: str | None) -> None:
    """Write the e-paper: a screen PDF (RGB, bookmarks, links) and optionally HTML pages."""
    def work() -> int:
        _one_shot()
        from .commands import run_epaper

        return run_epaper(edition, output, html_dir=html_dir)

    _run(work)


@main.command()
@click.argument("edition", type=click.Path(dir_okay=False))
@click.option("--port", default=8000, show_default=True, help="Port on 127.0.0.1 (0: any free port).")
@click.option("--dpi", default=72, show_default=True, help="Resolution of the page pictures.")
def serve(edition: str, port: int, dpi: int) -> None:
    """Show every page of EDITION in the browser, laid out again on every save.

    Overlays: the grid, each block's fill, overset, empty lines and holes, the
    problems; an invalid edition shows its errors and keeps the last good pages.
    """
    def work() -> int:
        from .serve.server import run_serve

        return run_serve(edition, port=port, dpi=dpi)

    _run(work)


@main.command()
@click.argument("editions", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("-o", "--output", "out_dir", required=True, type=click.Path(file_okay=False),
              help="The site's folder (created or updated).")
@click.option("--base-url", help="Where the folder is published (feed, sitemap, Open Graph); "
                                 "default: the newest edition's url.")
@click.option("--force", is_flag=True, help="Render every edition again, changed or not.")
@click.option("-j", "--jobs", type=int, help="Editions rendered side by side (default: one per core).")
def site(editions: tuple[str, ...], out_dir: str, base_url: str | None, force: bool, jobs: int | None) -> None:
    """Build the e-paper site of every EDITION: archive, pages, articles, search, feed.

    Incremental: an edition whose inputs are unchanged is not rendered again. Exit 2
    when an edition is invalid (reported as FILE:LINE:COL; the rest is still built).
    """
    def work() -> int:
        from .commands import run_site

        return run_site(list(editions), out_dir, base_url=base_url, force=force, jobs=jobs)

    _run(work)


@main.command()
@click.argument("edition", type=click.Path(dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="The planned edition file to write.")
def plan(edition: str, output: str) -> None:
    """Plan the pages that list `articles:` and write the edition with their blocks spelled out.

    The planned file keeps every line of EDITION but the `articles:` entries, loads as an
    ordinary edition and lays out exactly as EDITION does.
    """
    def work() -> int:
        from .commands import run_plan

        return run_plan(edition, output)

    _run(work)


@main.command()
@click.argument("edition", required=False, type=click.Path(dir_okay=False))
def fonts(edition: str | None) -> None:
    """List the font roles, the file each resolves to, its Debian package and coverage."""
    def work() -> int:
        from .fonts.report import run_fonts

        return run_fonts(edition)

    _run(work)


@main.command()
@click.argument("pdf", type=click.Path(dir_okay=False, exists=True))
@click.option("--ink-limit", default=240.0, show_default=True, help="Total area coverage limit, percent.")
@click.option("--min-ppi", default=150.0, show_default=True, help="Lowest effective resolution of an image.")
def preflight(pdf: str, ink_limit: float, min_ppi: float) -> None:
    """Check a finished print PDF against the plant's rules; exit 1 on any failure.

    Boxes, CMYK-only colour, embedded fonts, the PDF/X output intent, no
    transparency, total ink of fills and images, image resolution.
    """
    def work() -> int:
        from .output.preflight import run_preflight

        return run_preflight(pdf, ink_limit=ink_limit, min_ppi=min_ppi)

    _run(work)


if __name__ == "__main__":
    run()
