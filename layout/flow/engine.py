"""Lay out a whole edition: pages, furniture, photos and articles -> LayoutResult."""

from __future__ import annotations

from ..model.edition import Edition
from .articles import ArticleFlow, Placement
from .furniture import set_folio, set_image_block, set_masthead
from .grid import Grid
from .photos import low_resolution
from .result import ArticleFit, LayoutResult, PageResult, Problem
from .typeset import Typesetter


def lay_out(edition: Edition, book, only_pages: set[int] | None = None) -> LayoutResult:
    """The layout of every page; plain data for the painter, the outputs and the checks.

    With `only_pages` (page numbers), just what those pages need: their furniture and
    the articles that appear on them, laid out through all their blocks (so jump lines
    and fit are exact); a preview of one page does an eighth of the work of eight.
    """
    grid = Grid.from_setup(edition.page)
    ts = Typesetter(book)
    results = [PageResult(number=p.number, width=edition.page.width, height=edition.page.height,
                          bleed=edition.page.bleed, section=p.section) for p in edition.pages]
    placements: dict[str, list[Placement]] = {a.id: [] for a in edition.articles}
    block_runs: dict[tuple[int, int], list] = {}
    for pi, page in enumerate(edition.pages):
        for block in page.blocks:
            if block.kind == "article":
                placements[block.article].append(Placement(pi, page, block))
        if only_pages is not None and page.number not in only_pages:
            continue
        if not any(b.kind == "masthead" for b in page.blocks):
            set_folio(edition, grid, ts, page, results[pi])
        for block in page.blocks:
            if block.kind == "article":
                continue
            furniture = PageResult(number=page.number, width=0, height=0, bleed=0)
            if block.kind == "masthead":
                set_masthead(edition, grid, ts, page, block, furniture)
            else:
                set_image_block(edition, grid, ts, page, block, furniture)
            _merge(results[pi], furniture)
            block_runs[(pi, block.index)] = furniture.runs
    flow = ArticleFlow(edition, grid, ts, results, block_runs)
    fits = []
    # Articles in reading order of their first block, so each page's runs stay in reading order.
    wanted = {aid for aid, pl in placements.items()
              if only_pages is None or any(p.page.number in only_pages for p in pl)}
    order = sorted((pl[0].page_index, pl[0].block.index, aid) for aid, pl in placements.items()
                   if pl and aid in wanted)
    for _, _, aid in order:
        fits.append(flow.lay_out(edition.article(aid), placements[aid]))
    for a in edition.articles:
        if not placements[a.id] and only_pages is None:
            chars = sum(len(p.replace(" ", "")) for p in a.paragraphs)
            fits.append(ArticleFit(id=a.id, overset_chars=chars))
            ts.problems.append(Problem(kind="overset", message=f"overset: {a.id}, {chars} characters (not placed)",
                                       article=a.id, count=chars))
    for (pi, _), runs in sorted(block_runs.items()):
        results[pi].runs += runs
    ts.problems += low_resolution(results, edition.page.print.min_ppi)
    title = f"{edition.edition.paper} {edition.edition.date_cn}"
    return LayoutResult(pages=results, articles=fits, problems=ts.problems, title=title, grid=grid)


def _merge(into: PageResult, part: PageResult) -> None:
    """Everything but the runs, which are merged later in reading order."""
    into.rules += part.rules
    into.boxes += part.boxes
    into.images += part.images
    into.qrcodes += part.qrcodes
    into.links += part.links
    into.blocks += part.blocks
