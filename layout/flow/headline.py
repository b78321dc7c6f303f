"""The headline group: 引题 (kicker), 主题 (headline), 副题 (subhead).

A headline is fitted to its width: the largest size up to a cap that grows with
the width (or exactly the block's `headline.size`), broken into as few balanced lines
as it needs, only between words (`compose.words`) and always at a typed line break,
never overflowing; with
`headline.lines` the group must also fit that many grid lines. Lines are centred.
A vertical headline is set top to bottom at the block's right side with the
vertical presentation forms of its punctuation.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..compose import Line, compose_paragraph
from ..fonts.charset import vertical_form
from ..model.edition import Article, TextStyle
from .design import ASCENT
from .kinds import TextRole
from .result import GlyphRun
from .typeset import Typesetter

LINE_GAP = 1.18             # headline leading as a multiple of its size
MIN_SIZE = 12.0

def size_cap(width: float) -> float:
    """The largest headline size a width carries: about 1/14 of it, 14–48 pt."""
    return max(14.0, min(48.0, width / 14.0))


@dataclass
class HeadlineGroup:
    """A set headline group: runs relative to the group's top-left, and its height."""

    runs: list[GlyphRun] = field(default_factory=list)
    height: float = 0.0
    size: float = 0.0


@dataclass
class _Piece:
    """One line group of a headline block (kicker, headline, subhead) and its set lines."""

    text: str
    style: TextStyle
    size: float
    kind: TextRole
    lines: list[Line] = field(default_factory=list)


def break_balanced(ts: Typesetter, text: str, role: str, size: float, width: float) -> list[Line] | None:
    """Break `text` into the fewest balanced lines that fit `width` at `size`, only between
    words; a typed line break ("\n") always breaks there, each part balanced on its own.
    None if impossible (a part wider than `width` even broken)."""
    lines: list[Line] = []
    for part in text.split("\n"):
        if part:
            got = _balanced_part(ts, part, role, size, width)
            if got is None:
                return None
            lines += got
    return lines


def _balanced_part(ts: Typesetter, text: str, role: str, size: float, width: float) -> list[Line] | None:
    stack = ts.stack(role)
    natural = ts.width(text, role, size)
    n_lines = max(1, math.ceil(natural / width - 1e-9))
    for k in range(n_lines, n_lines + 3):
        measure = min(width, natural / k + 2 * size)
        lines = compose_paragraph(text, stack, size, measure, indent=0.0, justify=False, between_words=True)
        if len(lines) <= k and all(ln.width <= width + 0.01 for ln in lines):
            return lines
    lines = compose_paragraph(text, stack, size, width, indent=0.0, justify=False, between_words=True)
    if all(ln.width <= width + 0.01 for ln in lines):
        return lines
    return None


def set_headline_group(ts: Typesetter, article: Article, styles: dict[str, TextStyle], width: float,
                       max_height: float | None, *, page: int, size: float | None = None) -> HeadlineGroup:
    """Set kicker, headline and subhead centred in `width`, within `max_height` if given.

    `size`: the block's `headline.size`: the headline is set at exactly that size (as
    with a style size); a group that then does not fit is the caller's to report,
    never shrunk."""
    hs = styles["headline"]
    fixed = size or hs.size
    cap = fixed if fixed else size_cap(width)
    pieces: list[_Piece] = []
    size = cap
    while True:
        pieces = []
        if article.kicker:
            ks = styles["kicker"]
            pieces.append(_Piece(article.kicker, ks, min(ks.size or 12.0, size * 0.6), TextRole.KICKER))
        pieces.append(_Piece(article.headline, hs, size, TextRole.HEADLINE))
        if article.subhead:
            ss = styles["subhead"]
            pieces.append(_Piece(article.subhead, ss, min(ss.size or 12.0, size * 0.6), TextRole.SUBHEAD))
        ok = True
        for p in pieces:
            lines = break_balanced(ts, p.text, p.style.font, p.size, width)
            if lines is None:       # wider than the block even broken: try smaller, never drop it
                ok = False
                lines = compose_paragraph(p.text, ts.stack(p.style.font), p.size, width, indent=0.0,
                                          justify=False, between_words=True)
            p.lines = lines
        height = _group_height(pieces)
        fits = ok and (max_height is None or height <= max_height)
        if fits or size <= MIN_SIZE or fixed:
            break
        size = max(MIN_SIZE, size * 0.94)
    group = HeadlineGroup(height=height, size=size)
    y = 0.0
    for i, p in enumerate(pieces):
        if i:
            y += p.size * 0.35
        for ln in p.lines:
            y += p.size * (ASCENT + (LINE_GAP - 1) / 2)
            x0 = (width - ln.width) / 2
            group.runs += ts.runs(ln.text, ln.xs, p.style.font, p.size, x0, y, kind=p.kind,
                                  article=article.id, page=page, color=p.style.color)
            y += p.size * (0.12 + (LINE_GAP - 1) / 2)
    return group


def _group_height(pieces: list[_Piece]) -> float:
    h = 0.0
    for i, p in enumerate(pieces):
        if i:
            h += p.size * 0.35
        h += len(p.lines) * p.size * LINE_GAP
    return h


@dataclass
class VerticalHeadline:
    """A headline set top to bottom in a strip of the block's columns."""

    runs: list[GlyphRun]
    width: float        # of the column strip it takes
    height: float
    size: float


def set_vertical_headline(ts: Typesetter, article: Article, styles: dict[str, TextStyle],
                          height: float, *, page: int, size: float | None = None) -> VerticalHeadline:
    """Set the headline top to bottom, one glyph per em, centred on x = 0, top at y = 0.

    Punctuation takes its vertical form (the extracted text stays the original);
    letters and digits stand upright. A typed line break is not a column break in a
    vertical headline (it is set as one column). `size`: the block's `headline.size`.
    """
    hs = styles["headline"]
    text = article.headline.replace("\n", "")
    n = len(text)
    # never below MIN_SIZE: a headline that does not fit then is reported, not shrunk to dust
    size = size or hs.size or max(MIN_SIZE, min(48.0, height / max(1, n)))
    stack = ts.stack(hs.font)
    glyph_text = "".join(map(vertical_form, text))
    xs = []
    ys = []
    for i, g in enumerate(glyph_text):
        adv = (stack.widths.get(g) or stack.advance(g)) * size
        xs.append(-adv / 2)
        ys.append(i * size + ASCENT * size)
    runs = ts.runs(text, xs, hs.font, size, 0.0, 0.0, kind=TextRole.HEADLINE, article=article.id, page=page,
                   color=hs.color, ys=ys, glyph_text=glyph_text, vertical=True)
    return VerticalHeadline(runs=runs, width=size, height=n * size, size=size)
