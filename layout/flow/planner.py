"""Automatic make-up (自动组版): place a page's listed articles in the grid area its fixed
blocks leave free.

Phases, each plain data to the next:
1. **free area** — per column, the first line below the fixed blocks (plus the page's
   separation); columns with the same top form a strip, highest first.
2. **measure** — for every article and every block width (in columns), a trial layout by
   the real engine gives the lines the block needs, the lines of its headline band and
   the empty cells under its balanced columns. The headline size is the article's rank's
   (RANK_SCALE of the largest size the free width carries), or less where the block is
   too narrow for it. A first photo without an editor's `height` is measured at 0.6 of
   its natural band and may grow to 1.5 (a taller crop). The engine is the judge, so the
   plan never disagrees with the layout it leads to.
3. **search** — a recursive guillotine search over rectangles; the first article of a
   rectangle is always in its top-left corner, so the most important story is highest
   and leftmost. Cuts: that article across the width at the top and the rest below; the
   first articles on the left from top to bottom and the rest on the right; the first
   two or more in a band across the top and the rest below. A block's slack goes to its
   photo, then to its headline band (up to the band's own height again plus two lines),
   never to empty lines under the body. Solutions compare by the empty area beyond 2 %
   of the free area (the page must be full), then by tombstones (side-by-side headline
   bands sharing a grid line), then by the empty area. The search is memoised on
   (rectangle, first and last article), pruned by the least area each article needs, and
   bands start only with one of the first BAND_FROM stories; at most 12 stories a page.
   The lead is kept at least half the free width wide when the page allows it.
4. **blocks** — the chosen rectangles as ordinary blocks: `article`, `columns`, `lines`,
   `headline: {lines, size}` (sizes never increase down the list), and the chosen photo
   `height` on the article's first photo.

When the articles cannot all be placed whole, the least important are left out one by
one and reported (`plan: page 3: no room for ID (N characters)`); nothing is overset.
Nothing here is random: the same edition always plans the same way.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from ..errors import EditionError
from ..model.edition import Article, Block, BlockKind, Edition, HeadlineOptions, Page, Span
from .grid import Grid
from .kinds import ProblemKind
from .result import Problem

if TYPE_CHECKING:
    from ..fonts.book import FontBook

# Headline sizes by importance, as fractions of the largest size the free width carries
# (headline.size_cap): the first story's headline is the largest and no later one is larger.
RANK_SCALE = (1.0, 0.8, 0.68, 0.6, 0.54, 0.5, 0.46, 0.43, 0.4, 0.38, 0.36, 0.34)
MIN_HEADLINE_PT = 14.0
MAX_PLANNED = len(RANK_SCALE)
# The empty share of the free area a plan may leave (holes and lines under bodies); within
# it, a plan without tombstones (two headlines side by side at the same height) wins.
EMPTY_ALLOWANCE = 0.02
BAND_FROM = 3
INFEASIBLE = math.inf


@dataclass(frozen=True, slots=True)
class Need:
    """What an article needs in a block `w` columns wide: its total lines and the lines of
    its headline band (headline group, and photos below it, before the body)."""

    lines: int
    headline_lines: int
    foot: int = 0           # empty grid cells at the foot of the body's columns (balancing)
    photo: int | None = None    # the lines of its first photo with caption, when the planner sizes it
    photo_stretch: int = 0      # how many more lines that photo may take (a taller crop)

    def split(self, extra: int) -> tuple[int, int]:
        """Extra lines of a block shared out: first to the photo, then to the headline band
        (at most its own height again plus two); what neither takes stays empty."""
        photo = min(extra, self.photo_stretch)
        head = min(extra - photo, self.headline_air)
        return photo, head

    @property
    def headline_air(self) -> int:
        """The most white the headline band may gain: its own height again plus two lines."""
        return self.headline_lines + 2

    @property
    def stretch(self) -> int:
        return self.photo_stretch + self.headline_air


@dataclass(frozen=True, slots=True)
class Placed:
    """One planned block: article index, columns, first and last line, headline band."""

    index: int
    c0: int
    c1: int
    top: int
    bottom: int
    headline_lines: int
    photo: int | None = None    # lines of the article's first photo with its caption


@dataclass(frozen=True, slots=True)
class Solution:
    empty: float                # empty grid cells: holes and lines left under a body
    placed: tuple[Placed, ...]
    tombstones: int = 0         # pairs of side-by-side headlines at the same height


NO_SOLUTION = Solution(INFEASIBLE, ())


@dataclass(frozen=True, slots=True)
class Score:
    """How solutions compare: first the empty area beyond the allowance (the page must be
    full), then tombstones, then the empty area itself."""

    allowance: float

    def __call__(self, s: Solution) -> tuple[float, int, float]:
        if s.empty == INFEASIBLE:
            return (INFEASIBLE, 0, INFEASIBLE)
        return (max(0.0, s.empty - self.allowance), s.tombstones, s.empty)


@dataclass(slots=True)
class PagePlan:
    """The outcome for one page: its blocks (fixed ones first) and what was left out."""

    page: Page
    left_out: list[str]
    empty_cells: int
    free_cells: int
    photo_lines: dict[str, int]     # article id -> the `height` chosen for its first photo


def headline_sizes(grid: Grid, n: int) -> list[float]:
    """The headline size of each rank, never increasing down the list."""
    from .headline import size_cap

    top = size_cap(grid.width)
    return [max(MIN_HEADLINE_PT, float(round(top * RANK_SCALE[min(i, len(RANK_SCALE) - 1)]))) for i in range(n)]


class Measurer:
    """Trial layouts of one article in one block, by the real layout engine."""

    def __init__(self, edition: Edition, book: FontBook, page: Page, grid: Grid):
        self.edition = edition
        self.book = book
        self.page = page
        self.grid = grid
        self._cache: dict[tuple[str, int, float], Need | None] = {}

    def need(self, article: Article, width: int, size: float) -> Need | None:
        key = (article.id, width, size)
        if key not in self._cache:
            self._cache[key] = self._trial(article, width, size)
        return self._cache[key]

    def _trial(self, article: Article, width: int, size: float) -> Need | None:
        full = self._lay_out(article, width, size, self.grid.lines)
        if full is None or not article.images or article.images[0].height is not None \
                or article.images[0].loc.file != self.edition.source:
            return full
        # the first photo's height is the planner's to choose (an editor's `height` is kept,
        # and so is a photo of an article from a base file, which `layout plan` cannot write):
        # from 0.6 to 1.5 times its natural band (photo, caption, credit), a taller or
        # shallower crop of the same picture
        natural = full.lines - full.headline_lines - self._body_rows(article, width, size)
        low = max(4, round(0.6 * natural))
        high = max(low, round(1.5 * natural))
        sized = replace(article, images=[replace(article.images[0], height=low), *article.images[1:]])
        need = self._lay_out(sized, width, size, self.grid.lines)
        if need is None:
            return full
        return replace(need, photo=low, photo_stretch=high - low)

    def _body_rows(self, article: Article, width: int, size: float) -> int:
        """Grid lines of byline and body in the block, measured with the photos left out."""
        bare = self._lay_out(replace(article, images=[]), width, size, self.grid.lines)
        return 0 if bare is None else bare.lines - bare.headline_lines

    def _lay_out(self, article: Article, width: int, size: float, height: int) -> Need | None:
        """The lines the article takes in a block `width` columns by `height` lines, or None
        if it does not fit there whole."""
        from .engine import lay_out

        g = self.grid
        block = Block(kind=BlockKind.ARTICLE, columns=Span(1, width), lines=Span(1, height), article=article.id,
                      headline=HeadlineOptions(size=size), index=0)
        page = replace(self.page, blocks=[block], articles=[])
        trial = replace(self.edition, pages=[page], articles=[article])
        result = lay_out(trial, self.book, only_pages={page.number})
        if any(p.article == article.id and p.kind in ("overset", "headline") for p in result.problems):
            return None
        lines = [r.line for r in result.pages[0].runs if r.article == article.id and r.line is not None]
        area = next((a for a in result.pages[0].blocks if a.article == article.id), None)
        if not lines or area is None or not area.empty_lines:
            return None
        # the flow's own count of the empty lines under each column: the longest column ends
        # the block, the others leave `foot` cells empty under it
        empty = area.empty_lines
        last = height - min(empty)
        foot = sum(empty) - min(empty) * len(empty)
        # the headline band ends where the first photo (set below the headline) or text line starts
        photo_tops = [1 + round((im.y - g.line_top(1)) / g.leading) for im in result.pages[0].images]
        return Need(lines=last, headline_lines=min([min(lines), *photo_tops]) - 1, foot=foot)


class Search:
    """The guillotine search over rectangles of the free area.

    `solve(c0, c1, top, bottom, i, j)` places articles i..j-1 in columns c0..c1, lines
    top..bottom: article i is always in the rectangle's top-left corner, so importance
    reads from the top left. Three cuts: article i across the width at the top and the
    rest below; articles i..k-1 on the left from top to bottom and the rest on the right;
    articles i..k-1 in a band across the top (as tall as article i needs at some width)
    and the rest below.
    """

    def __init__(self, needs: dict[tuple[int, int], Need | None], separation: int, score: Score):
        self.needs = needs
        self.sep = separation
        self.score = score
        self.solve = lru_cache(maxsize=None)(self._solve)
        # the least area (columns x lines) each article can live in, for an early "no room"
        count = 1 + max((i for i, _ in needs), default=-1)
        least = [min((n.lines * w for (a, w), n in needs.items() if a == i and n is not None),
                     default=INFEASIBLE) for i in range(count)]
        self.least = least

    def _need(self, i: int, w: int) -> Need | None:
        return self.needs.get((i, w))

    def _leaf(self, c0: int, c1: int, top: int, bottom: int, i: int) -> Solution:
        w = c1 - c0 + 1
        n = self._need(i, w)
        height = bottom - top + 1
        if n is None or n.lines > height:
            return NO_SOLUTION
        slack = height - n.lines
        photo, head = n.split(slack)
        placed = _placed(i, c0, c1, top, n, photo, head)
        return Solution(float((slack - photo - head) * w + n.foot), (placed,))

    def _better(self, cand: Solution, best: Solution) -> bool:
        return cand.empty != INFEASIBLE and self.score(cand) < self.score(best)

    def _solve(self, c0: int, c1: int, top: int, bottom: int, i: int, j: int) -> Solution:
        if top > bottom or sum(self.least[i:j]) > (c1 - c0 + 1) * (bottom - top + 1):
            return NO_SOLUTION
        if j - i == 1:
            return self._leaf(c0, c1, top, bottom, i)
        best = NO_SOLUTION
        w = c1 - c0 + 1
        n = self._need(i, w)
        # article i across the whole width at the top, the rest below it
        if n is not None:
            for extra in range(0, min(n.stretch, 3 + n.photo_stretch // 2) + 1):
                h = n.lines + extra
                rest = self.solve(c0, c1, top + h + self.sep, bottom, i + 1, j)
                if rest.empty == INFEASIBLE:
                    continue
                head = _placed(i, c0, c1, top, n, *n.split(extra))
                cand = Solution(rest.empty + n.foot, (head, *rest.placed), rest.tombstones)
                if self._better(cand, best):
                    best = cand
        # articles i..k-1 on the left from top to bottom, the rest on the right
        for c in range(c0, c1):
            for k in range(i + 1, j):
                left = self.solve(c0, c, top, bottom, i, k)
                if left.empty == INFEASIBLE or left.empty > best.empty + self.score.allowance:
                    continue
                right = self.solve(c + 1, c1, top, bottom, k, j)
                if right.empty == INFEASIBLE:
                    continue
                cand = Solution(left.empty + right.empty, left.placed + right.placed,
                                left.tombstones + right.tombstones + _tombstones(left.placed, right.placed))
                if self._better(cand, best):
                    best = cand
        # articles i..k-1 in a band across the top, the rest below it; a band starts with one
        # of the first BAND_FROM stories (bands lower down multiply the rectangles to look
        # at, about tenfold for ten stories, more than they help the fill)
        if j - i >= 3 and i < BAND_FROM:
            heights = sorted({m.lines + e for wl in range(1, w) if (m := self._need(i, wl)) is not None
                              for e in (0, 1, 2)})
            for k in range(i + 2, j):
                for h in heights:
                    if top + h + self.sep > bottom:
                        break
                    band = self.solve(c0, c1, top, top + h - 1, i, k)
                    if band.empty == INFEASIBLE or band.empty > best.empty + self.score.allowance:
                        continue
                    rest = self.solve(c0, c1, top + h + self.sep, bottom, k, j)
                    if rest.empty == INFEASIBLE:
                        continue
                    cand = Solution(band.empty + rest.empty, band.placed + rest.placed,
                                    band.tombstones + rest.tombstones)
                    if self._better(cand, best):
                        best = cand
        return best


def _placed(i: int, c0: int, c1: int, top: int, n: Need, photo: int, head: int) -> Placed:
    return Placed(i, c0, c1, top, top + n.lines + photo + head - 1, n.headline_lines + head,
                  None if n.photo is None else n.photo + photo)


def _tombstones(left: tuple[Placed, ...], right: tuple[Placed, ...]) -> int:
    """Pairs of headlines side by side at the same height across the cut between two parts:
    blocks that touch across the cut with headline bands sharing a grid line."""
    edge = max((p.c1 for p in left), default=0)
    a = [p for p in left if p.c1 == edge]
    b = [p for p in right if p.c0 == edge + 1]
    return sum(1 for x in a for y in b if x.top <= y.top + y.headline_lines - 1 and y.top <= x.top + x.headline_lines - 1)


def free_strips(page: Page, grid: Grid, separation: int) -> list[tuple[int, int, int]]:
    """The free area below the fixed blocks as strips (first column, last column, top line),
    highest first, then left to right."""
    tops = []
    for c in range(1, grid.columns + 1):
        t = 1
        for b in page.blocks:
            if b.columns.first <= c <= b.columns.last:
                t = max(t, b.lines.last + 1 + separation)
        tops.append(t)
    strips: list[tuple[int, int, int]] = []
    for c, t in enumerate(tops, start=1):
        if strips and strips[-1][2] == t and strips[-1][1] == c - 1:
            strips[-1] = (strips[-1][0], c, t)
        else:
            strips.append((c, c, t))
    strips = [s for s in strips if s[2] <= grid.lines]
    return sorted(strips, key=lambda s: (s[2], s[0]))


def _over_strips(search: Search, strips: list[tuple[int, int, int]], bottom: int, i: int, j: int) -> Solution:
    """Articles i..j-1 shared out in order over the strips (the first strip the highest)."""
    if not strips:
        return Solution(0.0, ()) if i == j else NO_SOLUTION
    c0, c1, top = strips[0]
    area = (c1 - c0 + 1) * (bottom - top + 1)
    if len(strips) == 1:
        return search.solve(c0, c1, top, bottom, i, j) if j > i else Solution(float(area), ())
    best = NO_SOLUTION
    for k in range(i, j + 1):
        here = search.solve(c0, c1, top, bottom, i, k) if k > i else Solution(float(area), ())
        if here.empty == INFEASIBLE:
            continue
        rest = _over_strips(search, strips[1:], bottom, k, j)
        if rest.empty == INFEASIBLE:
            continue
        cand = Solution(here.empty + rest.empty, here.placed + rest.placed, here.tombstones + rest.tombstones)
        if search.score(cand) < search.score(best):
            best = cand
    return best


def _resolve_fixed(edition: Edition, book: FontBook, page: Page) -> None:
    """Settle the `auto`/`after` lines of the page's own blocks (in place, as the layout
    itself does) by laying out the page with those blocks alone."""
    from .engine import lay_out

    alone = replace(page, articles=[])
    lay_out(replace(edition, pages=[alone]), book, only_pages={page.number})


def plan_page(edition: Edition, book: FontBook, page: Page, grid: Grid) -> tuple[PagePlan, list[Problem]]:
    """Choose blocks for the page's listed articles; returns the page with its blocks spelled out."""
    separation = getattr(edition.page, "separation", 1)
    ids = list(page.articles)
    articles = [edition.article(a) for a in ids]
    if any(b.lines_spec is not None for b in page.blocks):
        _resolve_fixed(edition, book, page)
    strips = free_strips(page, grid, separation)
    if not strips:
        raise EditionError.at(page.locs.get("articles", page.loc),
                              f"page {page.number}: articles: the page's blocks leave no free grid area "
                              f"to make them up in")
    free_cells = sum((c1 - c0 + 1) * (grid.lines - top + 1) for c0, c1, top in strips)
    problems: list[Problem] = []
    measurer = Measurer(edition, book, page, grid)
    left_out: list[str] = []
    if len(articles) > MAX_PLANNED:
        for a in articles[MAX_PLANNED:]:
            left_out.append(a.id)
        articles = articles[:MAX_PLANNED]
    sizes = headline_sizes(grid, len(articles))
    widths = sorted({c1 - c0 + 1 for c0, c1, _ in strips} | set(range(1, grid.columns + 1)))
    best = NO_SOLUTION
    widest = max((c1 - c0 + 1 for c0, c1, _ in strips), default=0)

    def size_at(i: int, w: int) -> float:
        """The rank's size, or less where the block is too narrow to carry it."""
        from .headline import size_cap

        return min(sizes[i], max(MIN_HEADLINE_PT, float(round(size_cap(grid.span_width(1, w))))))

    lead_min = (widest + 1) // 2
    while articles:
        needs = {(i, w): measurer.need(a, w, size_at(i, w)) for i, a in enumerate(articles) for w in widths
                 if w <= widest}
        # the lead spans at least half the free width when the page allows it
        for lead_width in (lead_min, 1):
            narrowed = {k: (None if k[0] == 0 and k[1] < lead_width else v) for k, v in needs.items()}
            search = Search(narrowed, separation, Score(EMPTY_ALLOWANCE * free_cells))
            best = _over_strips(search, strips, grid.lines, 0, len(articles))
            if best.empty < INFEASIBLE:
                break
        if best.empty < INFEASIBLE:
            break
        left_out.insert(0, articles.pop().id)
    for aid in left_out:
        chars = sum(len(p.replace(" ", "").replace("\n", "")) for p in edition.article(aid).paragraphs)
        problems.append(Problem(kind=ProblemKind.PLAN, article=aid, page=page.number, count=chars,
                                message=f"plan: page {page.number}: no room for {aid} ({chars} characters)"))
    blocks = list(page.blocks)
    drawn = float("inf")
    for p in sorted(best.placed, key=lambda p: p.index):
        # never larger than the size above it in the list: a smaller headline only leaves
        # more white in a band already measured for a larger one
        drawn = min(drawn, size_at(p.index, p.c1 - p.c0 + 1))
        blocks.append(Block(kind=BlockKind.ARTICLE, columns=Span(p.c0, p.c1), lines=Span(p.top, p.bottom),
                            article=articles[p.index].id,
                            headline=HeadlineOptions(lines=p.headline_lines, size=drawn),
                            index=len(blocks)))
    empty = int(best.empty) if best.empty < INFEASIBLE else free_cells
    planned = replace(page, blocks=blocks, articles=[])
    photos = {articles[p.index].id: p.photo for p in best.placed if p.photo is not None}
    return PagePlan(planned, left_out, empty, free_cells, photos), problems


def plan_edition(edition: Edition, book: FontBook) -> tuple[Edition, list[PagePlan], list[Problem]]:
    """The edition with every `articles:` page planned (the same edition when there is none)."""
    if not any(getattr(p, "articles", None) for p in edition.pages):
        return edition, [], []
    grid = Grid.from_setup(edition.page)
    pages: list[Page] = []
    plans: list[PagePlan] = []
    problems: list[Problem] = []
    for page in edition.pages:
        if page.articles:
            plan, probs = plan_page(edition, book, page, grid)
            pages.append(plan.page)
            plans.append(plan)
            problems += probs
        else:
            pages.append(page)
    heights = {aid: h for pl in plans for aid, h in pl.photo_lines.items()}
    articles = [replace(a, images=[replace(a.images[0], height=heights[a.id]), *a.images[1:]])
                if a.id in heights else a for a in edition.articles]
    return replace(edition, pages=pages, articles=articles), plans, problems
