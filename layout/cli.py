"""The `layout` command: check, print, preview, epaper, site, fonts, preflight.

Each command imports its stage lazily, so `layout --help` and `layout check` do not
pay for the painter or the rasteriser.
"""

from __future__ import annotations

import sys

import click

from .errors import EditionError


def _fail_input(err: EditionError) -> None:
    for d in err.diagnostics:
        click.echo(str(d), err=True)
    sys.exit(2)


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
def check(edition: str, as_json: bool, strict: bool) -> None:
    """Validate EDITION and lay it out; report overset, underset and missing glyphs.

    Writes no file. Exit 0 when the edition is valid, 2 when it is not (each
    error as FILE:LINE:COL: message), 1 with --strict when it has problems.
    """
    from .commands import run_check

    try:
        sys.exit(run_check(edition, as_json=as_json, strict=strict))
    except EditionError as err:
        _fail_input(err)


@main.command(name="print")
@click.argument("edition", type=click.Path(dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="The PDF to write.")
@click.option("--strict", is_flag=True, help="Exit 1 (still writing the PDF) on overset or a missing glyph.")
@click.option("--icc", type=click.Path(dir_okay=False), help="The printing plant's CMYK ICC profile.")
@click.option("--condition", help="Output condition name, e.g. 'ISO newspaper 26'.")
def print_(edition: str, output: str, strict: bool, icc: str | None, condition: str | None) -> None:
    """Write the print-ready PDF (all pages, PDF/X-1a, CMYK, with bleed and marks)."""
    from .commands import run_print

    try:
        sys.exit(run_print(edition, output, strict=strict, icc=icc, condition=condition))
    except EditionError as err:
        _fail_input(err)


@main.command()
@click.argument("edition", type=click.Path(dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="The PNG to write.")
@click.option("--page", default=1, show_default=True, help="Which page (第N版).")
@click.option("--dpi", default=100, show_default=True, help="Resolution of the picture.")
@click.option("--grid", is_flag=True, help="Overlay the columns, the line grid and each block's outline and name.")
@click.option("--watch", is_flag=True, help="Render again whenever the edition file changes.")
def preview(edition: str, output: str, page: int, dpi: int, grid: bool, watch: bool) -> None:
    """Render one page of EDITION to PNG (the trim area), for planning."""
    from .commands import run_preview

    try:
        sys.exit(run_preview(edition, output, page=page, dpi=dpi, grid=grid, watch=watch))
    except EditionError as err:
        _fail_input(err)


@main.command()
@click.argument("edition", type=click.Path(dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="The e-paper PDF to write.")
@click.option("--html", "html_dir", type=click.Path(file_okay=False), help="Also write the HTML e-paper into DIR.")
def epaper(edition: str, output: str, html_dir: str | None) -> None:
    """Write the e-paper: a screen PDF (RGB, bookmarks, links) and optionally HTML pages."""
    from .commands import run_epaper

    try:
        sys.exit(run_epaper(edition, output, html_dir=html_dir))
    except EditionError as err:
        _fail_input(err)


@main.command()
@click.argument("edition", type=click.Path(dir_okay=False))
@click.option("--port", default=8000, show_default=True, help="Port on 127.0.0.1 (0: any free port).")
@click.option("--dpi", default=72, show_default=True, help="Resolution of the page pictures.")
def serve(edition: str, port: int, dpi: int) -> None:
    """Show every page of EDITION in the browser, laid out again on every save.

    Overlays: the grid, each block's fill, overset, empty lines and holes, the
    problems; an invalid edition shows its errors and keeps the last good pages.
    """
    from .serve.server import run_serve

    sys.exit(run_serve(edition, port=port, dpi=dpi))


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
    from .commands import run_site

    sys.exit(run_site(list(editions), out_dir, base_url=base_url, force=force, jobs=jobs))


@main.command()
@click.argument("edition", type=click.Path(dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="The planned edition file to write.")
def plan(edition: str, output: str) -> None:
    """Plan the pages that list `articles:` and write the edition with their blocks spelled out.

    The planned file keeps every line of EDITION but the `articles:` entries, loads as an
    ordinary edition and lays out exactly as EDITION does.
    """
    from .commands import run_plan

    try:
        sys.exit(run_plan(edition, output))
    except EditionError as err:
        _fail_input(err)


@main.command()
@click.argument("edition", required=False, type=click.Path(dir_okay=False))
def fonts(edition: str | None) -> None:
    """List the font roles, the file each resolves to, its Debian package and coverage."""
    from .fonts.report import run_fonts

    try:
        sys.exit(run_fonts(edition))
    except EditionError as err:
        _fail_input(err)


@main.command()
@click.argument("pdf", type=click.Path(dir_okay=False, exists=True))
@click.option("--ink-limit", default=240.0, show_default=True, help="Total area coverage limit, percent.")
@click.option("--min-ppi", default=150.0, show_default=True, help="Lowest effective resolution of an image.")
def preflight(pdf: str, ink_limit: float, min_ppi: float) -> None:
    """Check a finished print PDF against the plant's rules; exit 1 on any failure.

    Boxes, CMYK-only colour, embedded fonts, the PDF/X output intent, no
    transparency, total ink of fills and images, image resolution.
    """
    from .output.preflight import run_preflight

    sys.exit(run_preflight(pdf, ink_limit=ink_limit, min_ppi=min_ppi))


if __name__ == "__main__":
    main()
