"""Article flow: headline group, byline, body lines through the article's blocks.

Three phases. **Plan**: the body is composed once at the column measure (every grid
column has the same width). **Pour**: block by block, in the order the blocks are
listed (the engine calls `pour` as it resolves each page's geometry, so an `auto`
block learns the last line its content needs), the headline group and photos are set
and the body lines are given their slots (`columns.pour` / `columns.balance`). When
the next block is on another page, the last slot of the block is kept for the jump line
`（下转第N版）` before any line is placed, and the next block opens with a repeated
headline (转版标题) and `（上接第M版）`; so adding a jump line never pushes text out of a
block. **Emit**: once every page's geometry is known, the poured lines become glyph
runs, links, frames and block areas in the pages' results.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import groupby
from operator import itemgetter

from ..compose import Line, compose_lines, compose_paragraph
from ..model.edition import Article, Block, BlockKind, Cmyk, Edition, Image, Page, TextStyle
from . import design as D
from .columns import Run, Slot, balance, capacity, pour
from .grid import Grid
from .headline import break_balanced, set_headline_group, set_vertical_headline
from .kinds import ProblemKind, TextRole
from .photos import natural_height, place_image
from .result import ArticleFit, BlockArea, Box, GlyphRun, ImagePlacement, Link, PageResult, Problem
from .typeset import Typesetter


@dataclass(slots=True)
class SetLine:
    """A line of text with its glyph x positions (a composed line has the same fields)."""

    text: str
    xs: list[float]
    width: float


@dataclass
class Placement:
    """One block of an article, with the page it is on."""

    page_index: int
    page: Page
    block: Block


@dataclass
class _BlockSetting:
    """What an article's block draws besides its body lines (headline group, photos, boxes)."""

    runs: list[GlyphRun] = field(default_factory=list)       # headline group etc., drawn first
    images: list[ImagePlacement] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)


TextLine = Line | SetLine      # a composed line, or one moved (a jump line set flush right)


def _pt(st: TextStyle) -> float:
    """The size of a style that always has one (only headline and masthead sizes are chosen)."""
    assert st.size is not None, "a byline, jump or continued style without a size"
    return st.size


def _columns(block: Block) -> range:
    return range(block.columns.first, block.columns.last + 1)


def _room(block: Block, starts: dict[int, int]) -> list[Run]:
    """The body's room in a block: each column from its first free line to the block's
    last, in reading order (a column with no free line has no run)."""
    last = block.lines.last
    return [Run(c, starts[c], last) for c in _columns(block) if starts[c] <= last]


def _below(room: list[Run], top: int) -> list[Run]:
    """The room from grid line `top` down."""
    return [Run(r.col, max(r.first, top), r.last) for r in room if r.last >= max(r.first, top)]


def _but_last(room: list[Run]) -> list[Run]:
    """The room without its last slot (where a jump line goes)."""
    *rest, end = room
    return rest + [Run(end.col, end.first, end.last - 1)] if end.count > 1 else rest


def _empty_at_foot(block: Block, room: list[Run], used: list[Slot]) -> tuple[int, ...]:
    """Per column of the block, the grid lines left empty below its last used line
    (a column the headline or a photo fills has none)."""
    deepest = {s.col: s.line for s in used}     # slots come column by column, each top down
    free = {r.col: r.count for r in room}
    last = block.lines.last
    return tuple(last - deepest[c] if c in deepest else free.get(c, 0) for c in _columns(block))


@dataclass
class BlockPour:
    """What the pour decided for one block of an article, before any body glyph is set."""

    index: int                      # the placement's position among the article's blocks
    placement: Placement
    setting: _BlockSetting          # headline group, continued head, photos: set while pouring
    room: list[Run]                 # room left for byline, jump lines and body
    lead: list[tuple[TextRole, TextLine]]    # byline or （上接第M版） lines, set before the body
    lead_slots: list[Slot]
    body: list[TextLine]
    body_slots: list[Slot]
    jump_to: TextLine | None        # （下转第N版）, in the block's last slot
    jump_slot: Slot | None
    rest: int                       # body lines left for later blocks
    chars: int                      # body characters set here (spaces not counted)
    needs: int                      # the last grid line the block's content needs
    headline_short: tuple[int, int] | None   # (lines it has, lines it needs) when the headline does not fit
    problems: list[Problem] = field(default_factory=list)


@dataclass
class ArticleState:
    """An article on its way through its blocks."""

    article: Article
    placements: list[Placement]
    body: list[TextLine]
    fit: ArticleFit
    kinds: list[TextRole]           # per body line: body | intertitle
    chars: list[int]                # per body line: its characters, spaces not counted
    keep: list[bool]                # per body line: an intertitle, kept with what follows
    taken: int = 0                  # body lines poured so far
    pours: list[BlockPour] = field(default_factory=list)


class ArticleFlow:
    """Lays out one article across its blocks; appends to the pages' results."""

    def __init__(self, edition: Edition, grid: Grid, ts: Typesetter, results: list[PageResult],
                 block_runs: dict[tuple[int, int], list[GlyphRun]]):
        self.block_runs = block_runs    # (page index, block index) -> runs, merged in reading order
        self.ed = edition
        self.grid = grid
        self.ts = ts
        self.results = results
        self.body_role = edition.page.body.font
        self.size = edition.page.body.size
        self._short: tuple[int, int] | None = None     # set when the headline being poured does not fit

    # -- composition -------------------------------------------------------------
    def compose_body(self, article: Article) -> tuple[list[TextLine], list[TextRole]]:
        """The body's lines at the column measure and each line's kind: `body`, or
        `intertitle` for an in-body subhead (小标题: its own lines, 黑体, not indented).

        A forced break ("\\n") is the composer's: the line ends there, set solid (not
        justified), and the next starts at the column edge."""
        it = self.ed.styles["intertitle"]
        lines: list[TextLine] = []
        kinds: list[TextRole] = []
        for i, para in enumerate(article.paragraphs):
            if i in article.subheads:
                got: list[TextLine] = list(self.text_lines(para, it.font, it.size or self.size, self.grid.colw))
                kind = TextRole.INTERTITLE
            else:
                # no hyphens: the renderer may not add a character to the copy
                got = self.ts.paragraph(para, self.body_role, self.size, self.grid.colw, indent=D.BODY_INDENT,
                                        style=self.ed.compose, hyphenate=False)
                kind = TextRole.BODY
            lines += got
            kinds += [kind] * len(got)
        return lines, kinds

    def text_lines(self, text: str, role: str, size: float, measure: float) -> list[Line]:
        """A byline or jump line: set solid, broken only if longer than the measure."""
        return compose_paragraph(text, self.ts.stack(role), size, measure, indent=0.0, justify=False)

    # -- the first block: headline group, byline, photos --------------------------
    def _first_block(self, article: Article, pl: Placement, setting: _BlockSetting,
                     starts: dict[int, int]) -> None:
        g, b, pno = self.grid, pl.block, pl.page.number
        opts = b.headline
        top = b.lines.first
        box_pad = self._box_pad(b)
        if opts is not None and opts.orient == "vertical":
            h_lines = opts.lines or b.lines.count
            vh = set_vertical_headline(self.ts, article, self.ed.styles,
                                       h_lines * g.leading - 2 * max(box_pad, g.leading / 2), page=pno,
                                       size=opts.size)
            span = 1
            while span < b.columns.count and g.span_width(b.columns.last - span + 1, b.columns.last) < vh.width + g.gutter:
                span += 1
            c0 = b.columns.last - span + 1
            cx = (g.col_x(c0) + g.col_right(b.columns.last)) / 2
            cy = g.line_top(top) + (h_lines * g.leading - vh.height) / 2
            if vh.height > min(h_lines, b.lines.count) * g.leading + 0.01:
                self._headline_overflow(article, pl, min(h_lines, b.lines.count), g.lines_for(vh.height))
            setting.runs += [_moved(r, cx, cy) for r in vh.runs]
            for c in range(c0, b.columns.last + 1):
                starts[c] = top + h_lines
        else:
            hc = opts.columns if opts is not None and opts.columns else b.columns
            width = g.span_width(hc.first, hc.last)
            max_h = opts.lines * g.leading - 2 * box_pad if opts is not None and opts.lines else None
            group = set_headline_group(self.ts, article, self.ed.styles, width, max_h, page=pno,
                                       size=opts.size if opts is not None else None)
            h_lines = opts.lines if opts is not None and opts.lines else g.lines_for(group.height + g.leading * D.HEADLINE_ROOM + 2 * box_pad)
            x0 = g.col_x(hc.first)
            y0 = g.line_top(top) + (h_lines * g.leading - group.height) / 2
            room = min(h_lines, b.lines.count)
            if group.height > room * g.leading + 0.01 or h_lines > b.lines.count:
                self._headline_overflow(article, pl, room, g.lines_for(group.height))
            setting.runs += [_moved(r, x0, y0) for r in group.runs]
            for c in range(hc.first, hc.last + 1):
                starts[c] = top + h_lines
        for image in article.images:
            self._article_image(article, image, b, setting, starts, pno)

    def _headline_overflow(self, article: Article, pl: Placement, room: int, needs: int) -> None:
        self._short = (room, needs)
        self.ts.problems.append(Problem(
            kind=ProblemKind.HEADLINE, article=article.id, page=pl.page.number, count=needs,
            message=f"headline: {article.id} needs {needs} grid lines, has {room} "
                    f"(page {pl.page.number} block {pl.block.index + 1})"))

    def _no_room(self, article: Article, pl: Placement, what: str, count: int) -> None:
        pno = pl.page.number
        self.ts.problems.append(Problem(
            kind=ProblemKind.HEADLINE, article=article.id, page=pno, count=count,
            message=f"headline: {article.id} leaves no room for its {what} (page {pno} block {pl.block.index + 1})"))

    def _article_image(self, article: Article, image: Image, b: Block, setting: _BlockSetting,
                       starts: dict[int, int], pno: int) -> None:
        """A photo of the article across the block's body columns, below the headline."""
        g = self.grid
        cols = [c for c in _columns(b) if starts[c] <= b.lines.last]
        if not cols:
            self.ts.problems.append(Problem(
                kind=ProblemKind.HEADLINE, article=article.id, page=pno, count=1,
                message=f"photo: {image.file} of {article.id} has no room below the headline "
                        f"(page {pno} block {b.index + 1})"))
            return
        c0, c1 = cols[0], cols[-1]
        top = max(starts[c] for c in cols)
        w = g.span_width(c0, c1)
        cap, cred = self.ed.styles["caption"], self.ed.styles["credit"]
        cap_lines = self.text_lines(image.caption, cap.font, cap.pt, w) if image.caption else []
        n_text = len(cap_lines) + (1 if image.credit else 0)
        room = b.lines.last - top + 1
        height = image.height
        if height:                  # grid lines for the photo and its caption and credit
            if height > room:
                self.ts.problems.append(Problem(
                    kind=ProblemKind.HEADLINE, article=article.id, page=pno, count=height,
                    message=f"photo: {image.file} of {article.id} needs {height} grid lines, has {room} "
                            f"(page {pno} block {b.index + 1})"))
            photo_lines = max(1, min(height, room) - n_text)
        else:
            photo_lines = max(3, round(natural_height(image, w) / g.leading))
            photo_lines = min(photo_lines, max(1, room // 2))
        h = photo_lines * g.leading - g.leading * 0.3
        setting.images.append(place_image(image, g.col_x(c0), g.line_top(top), w, h, article=article.id))
        used = photo_lines
        for ln in cap_lines:
            setting.runs += self.ts.runs(ln.text, ln.xs, cap.font, cap.pt, g.col_x(c0),
                                         g.baseline(top + used), kind=TextRole.CAPTION,
                                         article=article.id, page=pno, color=cap.color)
            used += 1
        if image.credit:            # flush right under the caption, as under a photo block's
            xs, cw = self.ts.solid_xs(image.credit, cred.font, cred.pt)
            setting.runs += self.ts.runs(image.credit, xs, cred.font, cred.pt, g.col_x(c0) + w - cw,
                                         g.baseline(top + used), kind=TextRole.CREDIT,
                                         article=article.id, page=pno, color=cred.color)
            used += 1
        for c in range(c0, c1 + 1):
            starts[c] = top + used

    def _box_pad(self, b: Block) -> float:
        return self.grid.gutter / 2 if b.box is not None else 0.0

    def _frame(self, b: Block) -> Box | None:
        """A box drawn in the gutters around the block: the text keeps the column grid."""
        if b.box is None:
            return None
        g = self.grid
        pad = g.gutter / 2
        extra = pad - (g.leading - g.body_size) / 2
        x = g.col_x(b.columns.first) - pad
        y = g.line_top(b.lines.first) - extra
        w = g.span_width(b.columns.first, b.columns.last) + 2 * pad
        h = b.lines.count * g.leading + 2 * extra
        fill = None if b.box.tint.none else b.box.tint
        stroke = None if b.box.rule <= 0 else b.box.color
        return Box(x, y, w, h, fill=fill, stroke=stroke, rule=b.box.rule)

    # -- plan, pour, emit ------------------------------------------------------------
    def plan(self, article: Article, placements: list[Placement]) -> ArticleState:
        """Compose the body; the state the pour carries from block to block."""
        body, kinds = self.compose_body(article)
        chars = [len(ln.text) - ln.text.count(" ") for ln in body]
        fit = ArticleFit(id=article.id, body_lines=len(body), body_chars=sum(chars))
        return ArticleState(article, placements, body, fit, kinds, chars, [k == "intertitle" for k in kinds])

    def pour(self, state: ArticleState) -> BlockPour:
        """Pour the article into its next block, at the block's current lines (an `auto`
        block's whole room); the problems found are kept with the block until it is emitted."""
        problems: list[Problem] = []
        saved, self.ts.problems = self.ts.problems, problems
        try:
            out = self._pour(state, len(state.pours))
        finally:
            self.ts.problems = saved
        out.problems = problems
        state.taken += len(out.body)
        state.pours.append(out)
        return out

    def _pour(self, state: ArticleState, i: int) -> BlockPour:
        article, placements = state.article, state.placements
        pl = placements[i]
        b, pno = pl.block, pl.page.number
        setting = _BlockSetting()
        starts = {c: b.lines.first for c in _columns(b)}
        self._short = None
        if i == 0:
            self._first_block(article, pl, setting, starts)
        short, self._short = self._short, None
        room = _room(b, starts)
        head_bottom = max(starts.values()) - 1
        pending = state.body[state.taken:]
        lead: list[tuple[TextRole, TextLine]] = []    # (kind, line) set before the body
        prev_page = state.pours[-1].placement.page.number if state.pours else None
        continued = prev_page is not None and prev_page != pno and bool(pending)
        if continued:
            assert prev_page is not None
            room = _below(room, self._continued_head(article, pl, setting))
            head_bottom = max(head_bottom, min(r.first for r in room) - 1 if room else b.lines.last)
            lead.append((TextRole.JUMP, self._jump_line(self.ed.jumps.from_, prev_page)))
        lines_free = capacity(room)
        if article.byline is not None and i == 0:
            bs = self.ed.styles["byline"]
            lead += [(TextRole.BYLINE, ln) for ln in self.text_lines(article.byline, bs.font, _pt(bs), self.grid.colw)]
        nxt = placements[i + 1] if i + 1 < len(placements) else None
        # an intertitle is never the last thing in a column: it goes on with what it heads
        keep = [False] * len(lead) + state.keep[state.taken:]
        placed = pour(room, keep)
        jump_to = jump_slot = None
        if nxt is not None and nxt.page.number != pno and len(placed) < len(keep):
            if lines_free > len(lead):
                jump_to, jump_slot = self._jump_line(self.ed.jumps.to, nxt.page.number), Slot(room[-1].col, room[-1].last)
                placed = pour(_but_last(room), keep)
            else:       # the headline (and byline) took every line: nowhere to say where it goes on
                jump_slot = None
        elif len(placed) == len(keep):      # the text ends here: the columns are balanced
            placed = balance(room, keep)
        if len(lead) > lines_free:
            self._no_room(article, pl, "jump line" if continued else "byline", len(lead) - lines_free)
        if nxt is not None and nxt.page.number != pno and len(placed) < len(keep) and jump_to is None:
            self._no_room(article, pl, "jump line", 1)
        n_lead = min(len(lead), len(placed))
        body = pending[:len(placed) - n_lead]
        used = [s.line for s in placed] + ([jump_slot.line] if jump_slot is not None else [])
        return BlockPour(index=i, placement=pl, setting=setting, room=room, lead=lead[:n_lead],
                         lead_slots=placed[:n_lead], body=body, body_slots=placed[n_lead:],
                         jump_to=jump_to, jump_slot=jump_slot, rest=len(pending) - len(body),
                         chars=sum(state.chars[state.taken:state.taken + len(body)]),
                         needs=max([head_bottom, b.lines.first, *used]), headline_short=short)

    def emit(self, state: ArticleState, auto: set[int] | frozenset[int] = frozenset()) -> ArticleFit:
        """Glyph runs, links, frames and block areas of every poured block, once every
        block's lines are final; then the article's fit and its overset or underset.
        `auto`: the indexes of blocks whose end the content chose (no underset there)."""
        article, fit = state.article, state.fit
        last_empty: tuple[int, ...] = ()
        for bp in state.pours:
            self.ts.problems += bp.problems
            underset, last_empty = self._emit_block(state, bp, bp.index in auto)
            fit.blocks.append((bp.placement.page.number, bp.chars))
            if bp.index == len(state.placements) - 1:
                fit.underset_lines = underset
        pending = len(state.body) - state.taken
        if pending:
            fit.overset_chars = sum(state.chars[state.taken:])
            last = state.placements[-1] if state.placements else None
            where = f" (page {last.page.number} block {last.block.index + 1})" if last else ""
            self.ts.problems.append(Problem(kind=ProblemKind.OVERSET,
                                            message=f"overset: {article.id}, {fit.overset_chars} characters{where}",
                                            article=article.id, page=last.page.number if last else None,
                                            count=fit.overset_chars))
        elif fit.underset_lines:
            last = state.placements[-1]
            height, cols = max(last_empty, default=0), sum(1 for n in last_empty if n)
            self.ts.problems.append(Problem(
                kind=ProblemKind.UNDERSET,
                message=f"underset: {article.id}, {height} lines in {cols} column{'s' if cols != 1 else ''} "
                        f"(page {last.page.number} block {last.block.index + 1})",
                article=article.id, page=last.page.number, count=fit.underset_lines))
        return fit

    def _emit_block(self, state: ArticleState, bp: BlockPour, auto: bool) -> tuple[int, tuple[int, ...]]:
        """Set one poured block into its page's result; (underset lines, empty lines per column)."""
        g, aid = self.grid, state.article.id
        pl, setting = bp.placement, bp.setting
        b, pno = pl.block, pl.page.number
        result = self.results[pl.page_index]
        frame = self._frame(b)
        runs = list(setting.runs)
        for (kind, ln), slot in zip(bp.lead, bp.lead_slots, strict=True):
            st = self.ed.styles[kind]
            runs += self._line_runs(ln, slot, st.font, _pt(st), kind, aid, pno, st.color)
            if kind == "jump":
                result.links.append(self._slot_link(slot, g.colw, state.placements[bp.index - 1]))
        it = self.ed.styles["intertitle"]
        first = sum(len(p.body) for p in state.pours[:bp.index])
        col_x, baseline = g.column_xs, g.baselines      # col_x(c), baseline(n) at [c - 1], [n - 1]
        # one call for each stretch of body lines (or of intertitle lines), in reading order
        for kind, group in groupby(zip(bp.body, bp.body_slots, state.kinds[first:], strict=False),
                                   key=itemgetter(2)):
            lines = [(ln.text, ln.xs, col_x[slot.col - 1], baseline[slot.line - 1], slot.line)
                     for ln, slot, _ in group]
            if kind == "intertitle":
                runs += self.ts.line_runs(lines, it.font, it.size or self.size, kind=kind, article=aid, page=pno,
                                          color=it.color)
            else:
                runs += self.ts.line_runs(lines, self.body_role, self.size, kind=TextRole.BODY, article=aid,
                                          page=pno, color=None)
        placed = bp.lead_slots + bp.body_slots
        if bp.jump_to is not None and bp.jump_slot is not None:
            st = self.ed.styles["jump"]
            x_right = g.colw - bp.jump_to.width
            jl = SetLine(bp.jump_to.text, [x + x_right for x in bp.jump_to.xs], g.colw)
            runs += self._line_runs(jl, bp.jump_slot, st.font, _pt(st), TextRole.JUMP, aid, pno, st.color)
            result.links.append(self._slot_link(bp.jump_slot, g.colw, state.placements[bp.index + 1]))
            placed = placed + [bp.jump_slot]
        empty = _empty_at_foot(b, bp.room, placed)
        underset = sum(empty) if not bp.rest and not auto else 0
        result.boxes += ([frame] if frame is not None else []) + setting.boxes
        result.images += setting.images
        self.block_runs.setdefault((pl.page_index, b.index), []).extend(runs)
        rect = g.block_rect(b)
        result.blocks.append(BlockArea(kind=BlockKind.ARTICLE, name=b.name, x=rect.x, y=rect.y, w=rect.w, h=rect.h,
                                       article=aid, chars=bp.chars, underset_lines=underset,
                                       headline=state.article.headline, index=b.index,
                                       columns=(b.columns.first, b.columns.last),
                                       lines=(b.lines.first, b.lines.last),
                                       body_lines=max(0, capacity(bp.room) - len(placed) + len(bp.body)),
                                       empty_lines=empty))
        return underset, empty

    def _continued_head(self, article: Article, pl: Placement, setting: _BlockSetting) -> int:
        """转版标题: the headline again, smaller, across the block, before the continued text;
        the first grid line below it."""
        g, b = self.grid, pl.block
        st = self.ed.styles["continued"]
        size = _pt(st)
        width = g.span_width(b.columns.first, b.columns.last)
        lines = break_balanced(self.ts, article.headline, st.font, size, width) or \
            compose_paragraph(article.headline, self.ts.stack(st.font), size, width, indent=0.0, justify=False)
        h = len(lines) * size * D.CONTINUED_LINE
        n = g.lines_for(h + g.leading * D.CONTINUED_ROOM)
        y = g.line_top(b.lines.first) + (n * g.leading - h) / 2
        for ln in lines:
            y += size * (D.ASCENT + D.CONTINUED_HALF_GAP)
            setting.runs += self.ts.runs(ln.text, ln.xs, st.font, size, g.col_x(b.columns.first) + (width - ln.width) / 2,
                                         y, kind=TextRole.CONTINUED, article=article.id, page=pl.page.number, color=st.color)
            y += size * (D.DESCENT + D.CONTINUED_HALF_GAP)
        return b.lines.first + n

    def _slot_link(self, slot: Slot, width: float, target: Placement) -> Link:
        """A link over a jump line to the top of the block where the article goes on (or came from)."""
        g = self.grid
        return Link(g.col_x(slot.col), g.line_top(slot.line), width, g.leading,
                    page=target.page_index + 1, dest_y=g.line_top(target.block.lines.first))

    def _jump_line(self, template: str, page: int) -> Line:
        st = self.ed.styles["jump"]
        text = template.replace("{page}", str(page))
        # one line, set solid, whatever its length: a jump line is never broken or cut
        return compose_lines(text, self.ts.stack(st.font), _pt(st))[0]

    def _line_runs(self, ln: TextLine, slot: Slot, role: str, size: float, kind: TextRole, article: str, page: int,
                   color: Cmyk | None) -> list[GlyphRun]:
        g = self.grid
        return self.ts.runs(ln.text, ln.xs, role, size, g.col_x(slot.col), g.baseline(slot.line),
                            kind=kind, article=article, page=page, color=color, line=slot.line)


def _moved(run: GlyphRun, dx: float, dy: float) -> GlyphRun:
    """A run of a group set at the origin (its own, never shared), moved into place."""
    run.x += dx
    run.y += dy
    return run
