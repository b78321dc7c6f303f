"""The print PDF: PDF/X-1a:2001 for the printing plant.

CMYK only (the canvas refuses RGB), trim and bleed boxes, a slug with crop marks,
registration targets and a slug line, 100 K text overprinting, every font embedded
and subset, the output intent with an embedded CMYK profile (pdfx.py), and the
project's own preflight run on the result before it is written.

The layout result is not changed; the print-only adjustments (tints and rules that
touch the trim run on into the bleed, rich black, the slug line, photos colour-
managed to the output profile, cropped and downsampled — layout/photos) are made on
a copy of each page.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..flow.kinds import ProblemKind
from ..flow.result import Box, GlyphRun, LayoutResult, PageResult, Problem, Rule
from ..model.edition import Cmyk
from ..paint.painter import PageGeometry, PaintOptions, paint
from .atomic import write_bytes
from .marks import SLUG, Marks, slug_runs
from .pdfx import PdfxInfo, ProfileError, deflated_profile, make_pdfx, output_profile

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

    from ..commands import Build
    from ..errors import EditionError
    from .finisher import Finisher

# Rich black for large type: 100 K with a CMY underlay, 200 % total, under any newsprint limit.
RICH_BLACK = Cmyk(0.4, 0.3, 0.3, 1.0)
RICH_BLACK_MIN_SIZE = 36.0          # pt; headlines above this may be rich black
# The finisher's process, forked before ReportLab's import, makes the text objects of the
# last HANDED_EIGHTHS / 8 of the pages (≈ 6 ms a page there, ≈ 10 ms here), then imports
# pikepdf (≈ 50 ms), while this one imports ReportLab (≈ 30 ms) and paints the others
# (8 pages: 5 handed, so both are ready together; 4 or 6 were 2–3 % slower, paired runs).
HANDED_EIGHTHS = 5
EDGE = 0.01                         # pt; how close to the trim counts as touching it


def print_options(b: Build, *, slug: float = SLUG) -> PaintOptions:
    ed = b.edition
    return PaintOptions(colour="cmyk", bleed=True, slug=slug, overprint_black=True, enforce_cmyk=True,
                        title=b.result.title, author=ed.edition.paper,
                        subject=ed.edition.issue_line,
                        before_page=_overprint_mode, after_page=Marks(slug))


def _overprint_mode(canvas: Canvas, page: PageResult, geo: PageGeometry) -> None:
    """OPM 1: a 100 K fill that overprints leaves the C, M and Y plates untouched.

    With OPM 0 (the default) the zero CMY components would knock out what is under
    the black, which is no overprint at all.
    """
    canvas.setOverprintMask(True)


# -- the page data for print -----------------------------------------------------------
def _is_black(c: Cmyk | None) -> bool:
    return c is None or (c.k >= 1.0 and c.c == c.m == c.y == 0 and not c.none)


def rich_black(limit: float) -> Cmyk:
    """RICH_BLACK, its underlay scaled down when the ink limit is lower than 200 %."""
    under = RICH_BLACK.c + RICH_BLACK.m + RICH_BLACK.y
    room = max(0.0, limit / 100 - 1.0)
    f = min(1.0, room / under) if under else 0.0
    return Cmyk(round(RICH_BLACK.c * f, 3), round(RICH_BLACK.m * f, 3), round(RICH_BLACK.y * f, 3), 1.0)


def _wants_rich(run: GlyphRun) -> bool:
    return run.role == "masthead" or (run.role in ("headline", "continued") and run.size > RICH_BLACK_MIN_SIZE)


def bleed_box(box: Box, page: PageResult) -> Box:
    """A tint whose edge lies on (or beyond) the trim runs on to the bleed edge, so the
    cut never shows a white sliver."""
    x0, y0, x1, y1 = box.x, box.y, box.x + box.w, box.y + box.h
    if box.fill is None:
        return box
    b = page.bleed
    if x0 <= EDGE:
        x0 = min(x0, -b)
    if y0 <= EDGE:
        y0 = min(y0, -b)
    if x1 >= page.width - EDGE:
        x1 = max(x1, page.width + b)
    if y1 >= page.height - EDGE:
        y1 = max(y1, page.height + b)
    if (x0, y0, x1, y1) == (box.x, box.y, box.x + box.w, box.y + box.h):
        return box
    return dataclasses.replace(box, x=x0, y=y0, w=x1 - x0, h=y1 - y0)


def bleed_rule(rule: Rule, page: PageResult) -> Rule:
    """A horizontal or vertical rule that ends at the trim runs on to the bleed edge."""
    b = page.bleed

    def out(v: float, size: float) -> float:
        if v <= EDGE:
            return min(v, -b)
        if v >= size - EDGE:
            return max(v, size + b)
        return v

    if abs(rule.y0 - rule.y1) < EDGE:          # horizontal
        return dataclasses.replace(rule, x0=out(rule.x0, page.width), x1=out(rule.x1, page.width))
    if abs(rule.x0 - rule.x1) < EDGE:          # vertical
        return dataclasses.replace(rule, y0=out(rule.y0, page.height), y1=out(rule.y1, page.height))
    return rule


def print_runs(b: Build, page: PageResult, slug: float) -> list[GlyphRun]:
    """The page's glyph runs as the plant gets them: rich black, the slug line."""
    opts = b.edition.page.print
    runs = list(page.runs)
    if opts.rich_black:
        rich = rich_black(opts.ink_limit)
        runs = [dataclasses.replace(r, color=rich) if _is_black(r.color) and _wants_rich(r) else r for r in runs]
    return runs + slug_runs(b.edition, b.book, page, slug)


def print_page(b: Build, page: PageResult, photos: Drawn, slug: float) -> PageResult:
    """A copy of the page as the plant gets it."""
    runs = print_runs(b, page, slug)
    images = []
    for i, im in enumerate(page.images):
        path, (x, y, w, h) = photos[(page.number, i)]
        images.append(dataclasses.replace(im, path=path, ix=x, iy=y, iw=w, ih=h))
    return dataclasses.replace(
        page, runs=runs, images=images,
        boxes=[bleed_box(x, page) for x in page.boxes],
        rules=[bleed_rule(r, page) for r in page.rules])


# -- photos ----------------------------------------------------------------------------
Drawn = dict[tuple[int, int], tuple[str, tuple[float, float, float, float]]]


def press_photos(b: Build, profile: bytes, folder: str) -> tuple[Drawn, dict[str, float]]:
    """Every placed photo prepared for the press (layout/photos/prepare.py), by
    (page number, index on the page): the file to embed and where it is drawn; and
    the largest ink of each JPEG by its data's sha256, measured while preparing.
    An edition without photos imports none of the photo pipeline (Pillow, LittleCMS)."""
    if not _has_photos(b):
        return {}, {}
    from ..model.edition import Loc
    from ..photos.prepare import Target, plan, prepare_all
    from ..photos.probe import probe_file

    opts = b.edition.page.print
    target = Target(profile=profile, ink_limit=opts.ink_limit, max_ppi=opts.max_ppi)
    plans = {}
    for page in b.result.pages:
        for i, im in enumerate(page.images):
            info = probe_file(im.path, im.path, Loc(b.edition.source, 1, 1))   # probed by the layout already
            plans[(page.number, i)] = plan(im.path, info.digest, info.format, (info.width, info.height),
                                           (im.x, im.y, im.w, im.h), (im.ix, im.iy, im.iw, im.ih), target.max_ppi)
    files = prepare_all([p.job for p in plans.values()], target, folder)
    inks = {f.sha256: f.ink for f in files.values() if f.sha256 and f.ink is not None}
    return {k: (files[p.job].path, p.rect) for k, p in plans.items()}, inks


# -- the document ----------------------------------------------------------------------
def render_print_pdf(b: Build, *, icc: str | None = None, condition: str | None = None,
                     slug: float = SLUG) -> tuple[bytes, list[Problem]]:
    """The PDF/X-1a bytes and the warnings about them.

    `icc` and `condition` (the CLI's) win over the edition's `page.print`.
    """
    data, problems, _ = _render(b, icc=icc, condition=condition, slug=slug)
    return data, problems


def _render(b: Build, *, icc: str | None, condition: str | None, slug: float = SLUG,
            preflight: bool = False) -> tuple[bytes, list[Problem], list[str]]:
    """The print PDF, its warnings, and (with `preflight`) the preflight's failures.

    With `preflight`, the PDF/X pass and the preflight run in a second process while
    this one paints (finisher.py), when the system allows; the same bytes either way."""
    from .finisher import Finisher

    opts = b.edition.page.print
    problems: list[Problem] = []
    try:
        _, profile = output_profile(icc or opts.icc)
    except ProfileError as err:
        raise _profile_error(b, icc, err) from None
    ed = b.edition
    info = PdfxInfo(title=b.result.title, author=ed.edition.paper,
                    subject=ed.edition.issue_line, date=ed.edition.date,
                    icc=icc or opts.icc, condition=condition or opts.condition)

    def finish(painted: bytes, inks: dict[str, float]) -> tuple[bytes, list[str]]:
        """The PDF/X pass, then the preflight of its bytes (the inks of the photos as
        measured while preparing them)."""
        try:
            data = make_pdfx(painted, info)
        except ProfileError as err:
            raise _profile_error(b, icc, err) from None
        if not preflight:
            return data, []
        from .preflight import preflight_shared

        return data, preflight_shared(data, ink_limit=opts.ink_limit, min_ppi=opts.min_ppi, known_inks=inks)

    options = print_options(b, slug=slug)
    n = len(b.result.pages)
    later = range(n - n * HANDED_EIGHTHS // 8, n)

    def warm() -> None:
        _import_finishing()
        deflated_profile(profile)

    with (Finisher(finish, warm=warm,
                   early=(lambda: _text_objects(b, later, slug, options)) if later else None)
          if preflight else contextlib.nullcontext(None)) as finisher:
        with _photo_folder(b) as folder:
            photos, inks = press_photos(b, profile, folder)
            pages = [print_page(b, p, photos, slug) for p in b.result.pages]
            if finisher is not None and finisher.pid:
                options.text_objects = _made_by(finisher, pages, later)
            result = LayoutResult(pages=pages, articles=b.result.articles, problems=[], title=b.result.title)
            painted = paint(result, b.book, options)
        data, failures = finisher.finish(painted, inks) if finisher else finish(painted, inks)
    return data, problems, failures


def _text_objects(b: Build, pages: range, slug: float, options: PaintOptions) -> dict[int, list[str]]:
    """The text objects of the runs of `pages` (painter.TextObjects), by page index:
    made in the finisher's process, before it imports pikepdf, while this one paints
    the first pages."""
    from ..paint.painter import Painter, TextObjects

    geometry = Painter(b.result, b.book, options).geometry
    texts = TextObjects(b.book)
    out = {}
    for i in pages:
        page = b.result.pages[i]
        geo = geometry(page)
        out[i] = [texts(r, geo) if r.gids else "" for r in print_runs(b, page, slug)]
    return out


def _made_by(finisher: Finisher, pages: list[PageResult], later: range) -> Callable[[PageResult], list[str] | None]:
    """The painter's `text_objects`: the finisher's for the later pages, else none; a
    page the finisher has not answered for yet when the painter reaches it is painted
    here (on a busy machine the second core may come late: waiting could cost more)."""
    index = {id(p): i for i, p in enumerate(pages)}

    def made(page: PageResult) -> list[str] | None:
        i = index.get(id(page), -1)
        if i not in later:
            return None
        early = finisher.early_result(wait=False)
        texts = early.get(i) if isinstance(early, dict) else None
        return texts if isinstance(texts, list) else None

    return made


def _import_finishing() -> None:
    """What the PDF/X pass and the preflight import, loaded ahead in the finisher."""
    import pikepdf  # noqa: F401

    from . import preflight  # noqa: F401


def _has_photos(b: Build) -> bool:
    return any(page.images for page in b.result.pages)


def _photo_folder(b: Build) -> contextlib.AbstractContextManager[str]:
    """A temporary folder for photos the cache cannot keep; none without photos."""
    if not _has_photos(b):
        return contextlib.nullcontext("")
    import tempfile

    return tempfile.TemporaryDirectory(prefix="layout-print-")


def _profile_error(b: Build, cli_icc: str | None, err: ProfileError) -> EditionError:
    """A bad profile is bad input (exit 2), located where it was given."""
    from ..errors import EditionError
    from ..model.edition import Loc

    opts = b.edition.page.print
    if cli_icc:
        loc = Loc(cli_icc, 1, 1)
    elif opts.icc:
        loc = opts.locs.get("icc", opts.loc)
    else:
        loc = Loc(b.edition.source, 1, 1)
    return EditionError.at(loc, str(err))


def write_print_pdf(b: Build, output: str, *, icc: str | None = None, condition: str | None = None) -> list[str]:
    """Write the print PDF, then preflight it; warnings and failures join the build's
    problems, which `layout print` reports on stderr. Returns the preflight failures."""
    data, problems, failures = _render(b, icc=icc, condition=condition, preflight=True)
    write_bytes(output, data)
    b.result.problems.extend(problems)
    b.result.problems.extend(Problem(kind=ProblemKind.PREFLIGHT, message=f"preflight: {output}: {f}") for f in failures)
    return failures

