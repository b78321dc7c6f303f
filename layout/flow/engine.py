"""Lay out a whole edition: pages, furniture, photos and articles -> LayoutResult."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import Diagnostic, EditionError
from ..model.edition import Article, Edition, Page
from .articles import ArticleFlow, Placement
from .furniture import set_folio, set_image_block, set_masthead, set_slug_line
from .geometry import PageBlocks, is_auto
from .grid import Grid
from .kinds import ProblemKind
from .photos import low_resolution
from .result import ArticleFit, GlyphRun, LayoutResult, PageResult, Problem
from .typeset import Typesetter

if TYPE_CHECKING:
    from ..fonts.book import FontBook


def lay_out(edition: Edition, book: FontBook, only_pages: set[int] | None = None) -> LayoutResult:
    """The layout of every page; plain data for the painter, the outputs and the checks.

    Pages are resolved in order and each page's blocks in the order they are listed:
    a block's lines are settled (`geometry.PageBlocks`; an `auto` article block ends
    where its poured content ends), then the page's furniture is set. Once every block's
    lines are final, the articles are emitted in reading order of their first block.

    With `only_pages` (page numbers), just what those pages need: their furniture and
    the articles that appear on them, laid out through all their blocks (so jump lines
    and fit are exact), plus the articles whose `auto` blocks shape the geometry; a
    preview of one page does an eighth of the work of eight.
    """
    grid = Grid.from_setup(edition.page)
    ts = Typesetter(book, kept_as=edition.source)
    results = [PageResult(number=p.number, width=edition.page.width, height=edition.page.height,
                          bleed=edition.page.bleed, section=p.section) for p in edition.pages]
    placements: dict[str, list[Placement]] = {a.id: [] for a in edition.articles}
    for pi, page in enumerate(edition.pages):
        for block in page.blocks:
            if block.kind == "article" and block.article is not None:
                placements[block.article].append(Placement(pi, page, block))

    def shown(number: int) -> bool:
        return only_pages is None or number in only_pages

    wanted = {aid for aid, pl in placements.items() if any(shown(p.page.number) for p in pl)}
    shaping = {aid for aid, pl in placements.items() if any(is_auto(p.block) for p in pl)}
    block_runs: dict[tuple[int, int], list[GlyphRun]] = {}
    flow = ArticleFlow(edition, grid, ts, results, block_runs)
    by_id: dict[str, Article] = {}
    for a in edition.articles:
        by_id.setdefault(a.id, a)       # as edition.article(): the first of an id
    needed = wanted | shaping
    states = {aid: flow.plan(by_id[aid], pl) for aid, pl in placements.items() if pl and aid in needed}
    auto_blocks: dict[str, set[int]] = {aid: set() for aid in states}
    diagnostics: list[Diagnostic] = []
    for pi, page in enumerate(edition.pages):
        blocks = PageBlocks(page, grid.lines, edition.page.separation)
        for block in page.blocks:
            room = blocks.room(block)
            state = states.get(block.article) if block.kind == "article" and block.article else None
            last = None
            if state is not None:
                block.lines = room          # an `auto` block is poured into all its room
                bp = flow.pour(state)
                if is_auto(block):
                    if bp.headline_short is not None and bp.index == 0:
                        has, needs = bp.headline_short
                        needs = max(needs, block.headline.lines or 0) if block.headline else needs
                        blocks.error(block, f"has room for {has} grid lines to line {room.last}; its headline "
                                            f"alone needs {needs}")
                    if bp.index == len(state.placements) - 1:
                        last = bp.needs
                        auto_blocks[state.article.id].add(bp.index)
            blocks.settle(block, room, last)
        diagnostics += blocks.diagnostics + blocks.overlaps()
        if shown(page.number):
            _set_furniture(edition, grid, ts, page, results[pi], block_runs, pi)
    if diagnostics:
        raise EditionError(diagnostics)
    # Articles in reading order of their first block, so each page's runs stay in reading order.
    order = sorted((pl[0].page_index, pl[0].block.index, aid) for aid, pl in placements.items()
                   if pl and aid in wanted)
    fits = [flow.emit(states[aid], auto_blocks[aid]) for _, _, aid in order]
    for a in edition.articles:
        if not placements[a.id] and only_pages is None:
            chars = sum(len(p.replace(" ", "")) for p in a.paragraphs)
            fits.append(ArticleFit(id=a.id, overset_chars=chars))
            ts.problems.append(Problem(kind=ProblemKind.OVERSET, message=f"overset: {a.id}, {chars} characters (not placed)",
                                       article=a.id, count=chars))
    for (pi, _), runs in sorted(block_runs.items()):
        results[pi].runs += runs
    ts.problems += low_resolution(results, edition.page.print.min_ppi)
    title = f"{edition.edition.paper} {edition.edition.date_cn}"
    return LayoutResult(pages=results, articles=fits, problems=ts.problems, title=title, grid=grid)


def _set_furniture(edition: Edition, grid: Grid, ts: Typesetter, page: Page, result: PageResult,
                   block_runs: dict[tuple[int, int], list[GlyphRun]], pi: int) -> None:
    """The folio (on a page without a masthead), the masthead, the photo blocks, the slug line."""
    set_slug_line(edition, ts, page, result)
    if not any(b.kind == "masthead" for b in page.blocks):
        set_folio(edition, grid, ts, page, result)
    for block in page.blocks:
        if block.kind == "article":
            continue
        furniture = PageResult(number=page.number, width=0, height=0, bleed=0)
        if block.kind == "masthead":
            set_masthead(edition, grid, ts, page, block, furniture)
        else:
            set_image_block(edition, grid, ts, page, block, furniture)
        _merge(result, furniture)
        block_runs[(pi, block.index)] = furniture.runs


def _merge(into: PageResult, part: PageResult) -> None:
    """Everything but the runs, which are merged later in reading order."""
    into.rules += part.rules
    into.boxes += part.boxes
    into.images += part.images
    into.qrcodes += part.qrcodes
    into.links += part.links
    into.blocks += part.blocks
