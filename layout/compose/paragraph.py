"""Set a paragraph: break it (`linebreak`) and place every glyph of every line (CLReq rules).

Placement of one line, after CLReq 3.8 (先挤压、后拉伸): the opening bracket at its
start and the mark at its end lose their blank half (GB/T 15834 行首/行末半角); a
line that is too long squeezes brackets and quotes, then ，、；：, each to half
width, then Han/Latin spaces to ⅛ em; a line that is short spreads its Han/Latin
spaces up to ½ em, then every gap between CJK characters evenly — never inside a
Latin word, a number, a URL, —— or …… (a line with nowhere else to spread is left
short rather than letter-spaced). A trailing space at a break takes no room and no gap.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import accumulate

from .chars import BRACKETS, HAN_LATIN_SHRINK, HAN_LATIN_STRETCH, PAUSES
from .linebreak import EPS, break_paragraph
from .para import Metrics, Para
from .words import word_breaks

STYLES = ("quanjiao", "kaiming")


@dataclass(slots=True)
class Line:
    """One composed line.

    xs: glyph origins from the line's left edge in pt (indent, compression, ¼ em
    Han/Latin space and justification included; a left-compressed opening bracket
    sits half an em before its box). width: right edge of the last glyph's box
    after compression, pt (the measure on a justified line). hyphen: a Latin word
    longer than the measure was broken here; draw "-" at `width - hyphen advance`
    (the line is justified so the hyphen's right edge meets the measure).
    spacing: the justification space added at each stretchable gap, pt.
    last: the paragraph's last line (a line ended by a forced break is not, but is
    set solid like it).
    """

    text: str
    xs: list[float]
    width: float
    last: bool
    hyphen: bool = False
    spacing: float = 0.0


def _squeeze(p: Para, a: int, e: int, need: float, d: list[float]) -> float:
    """Take `need` em from the line [a, e): brackets and quotes, then ，、；：, then
    。？！ (and the room around ——), then Han/Latin spaces; record the shifts in `d`;
    return what is still missing."""
    lo, hi = a + 1, e - 1
    if need > EPS and hi > lo:
        sqa, text, sq_left = p.sqa, p.text, p.sq_left
        brackets: list[int] = []
        pauses: list[int] = []
        stops: list[int] = []
        for i in range(lo, hi):
            if sqa[i]:
                ch = text[i]
                (brackets if ch in BRACKETS else pauses if ch in PAUSES else stops).append(i)
        for marks in (brackets, pauses, stops):
            if need <= EPS:
                break
            total = sum([sqa[i] for i in marks])
            if total <= EPS:
                continue
            f = min(1.0, need / total)
            for i in marks:
                d[i - a if i in sq_left else i - a + 1] -= sqa[i] * f
            need -= total * f
    if need > EPS:
        pres = p.pre[bisect_right(p.pre, a):bisect_left(p.pre, e)] if p.pre else []
        if pres:
            f = min(1.0, need / (len(pres) * HAN_LATIN_SHRINK))
            for k in pres:
                d[k - a] -= HAN_LATIN_SHRINK * f
            need -= len(pres) * HAN_LATIN_SHRINK * f
    return need


def _forced_piece(p: Para, a: int, b: int) -> bool:
    """The line [a, b) is all inside one unbreakable run of letters, broken where the
    run offers no break (a word longer than the line)."""
    brk, text = p.brk, p.text
    return ((b < p.n and not brk[b]) or (a > 0 and not brk[a])) and text[a:b].isalpha()


def _emit(p: Para, a: int, b: int, hyphen: bool, avail: float, size: float, offset: float,
          last: bool, justify: bool, solid: bool) -> Line:
    """Positions for line [a, b); `solid`: set like a last line (not justified, end mark kept)."""
    text, Q, X0 = p.text, p.Q, p.X0
    base = p.R[a] + p.ls[a]
    L = b - a
    if hyphen:
        avail -= p.hyphen_adv
    if solid:
        e = b
        w = Q[b] - base
        if w > avail + EPS:
            # too long by a little: the closing mark gives up its blank half first
            w -= min(p.endc[b - 1], w - avail)
    else:
        e = p.trim(b, a) if text[b - 1] == " " else b
        w = Q[e] - base - p.endc[e - 1]
    slack = avail - w
    d: list[float] | None = None
    g = 0.0
    right = w
    if slack < -EPS:
        d = [0.0] * L
        right = w + slack + _squeeze(p, a, e, -slack, d)
    elif justify and not solid and slack > EPS:
        pres = p.pre[bisect_right(p.pre, a):bisect_left(p.pre, e)] if p.pre else []
        hl = min(HAN_LATIN_STRETCH, slack / len(pres)) if pres else 0.0
        rem = slack - hl * len(pres)
        gaps = p.G[e] - p.G[a + 1] if e > a + 1 else 0
        if rem > EPS and gaps:
            g = rem / gaps
        elif rem > EPS and (spots := pres + [k for k in range(a + 1, e) if text[k - 1] == " "]):
            # nowhere else to spread: the Han/Latin and word spaces open past their maximum
            extra = rem / len(spots)
            d = [0.0] * L
            for k in spots:
                d[k - a] += extra
            for k in pres:
                d[k - a] += hl
            right = w + slack
        elif rem > EPS and _forced_piece(p, a, b) and e - a > 1:
            # a piece of a word longer than the line, broken by force: flush by
            # letter-spacing it, as nothing else can be (never ——, never a URL piece)
            g = rem / (e - a - 1)
            d = [g] * L
            d[0] = 0.0
            right = w + rem
        if d is None and (g or hl):
            d = [g * f for f in p.noglue_gap[a:b]] if g else [0.0] * L
            d[0] = 0.0
            for k in range(e, b):
                d[k - a] = 0.0
            for k in pres:
                d[k - a] += hl
            right = w + hl * len(pres) + g * gaps
    c0 = offset - size * base
    if d is None:
        xs = [size * x + c0 for x in X0[a:b]]
    else:
        xs = [size * (x + s) + c0 for x, s in zip(X0[a:b], accumulate(d), strict=True)]
    if e < b:       # trailing spaces: at the right edge, taking no room
        xs[e - a:] = [offset + size * right] * (b - e)
    width = offset + size * (right + (p.hyphen_adv if hyphen else 0.0))
    return Line(text[a:b], xs, width, last, hyphen, g * size)


def _compose(text: str, metrics: Metrics, size: float, measure: float, indent: float, style: str,
             justify: bool, hyphenate: bool, last: bool, between_words: bool) -> list[Line]:
    p = Para(text, metrics, style, hyphenate, word_breaks(text) if between_words else None)
    size = float(size)
    M = measure / size
    breaks = break_paragraph(p, M, indent, total_fit=justify)
    lines = []
    nb = len(breaks)
    for li, (a, b, hyphen) in enumerate(breaks):
        off_em = indent if li == 0 else 0.0
        end = li == nb - 1
        lines.append(_emit(p, a, b, hyphen, M - off_em, size, off_em * size, end and last, justify, end))
    return lines


def compose_paragraph(text: str, metrics: Metrics, size: float, measure: float, *,
                      indent: float = 2.0, style: str = "quanjiao", justify: bool = True,
                      hyphenate: bool = False, between_words: bool = False) -> list[Line]:
    """Break `text` into lines `measure` pt long, set at `size` pt.

    indent: first-line indent in em. style: "quanjiao" (全角式, adjacent marks
    compressed) or "kaiming" (开明式, 。？！ full width, other marks half).
    justify: flush both edges on all but the last line, breaks chosen over the
    whole paragraph (else first fit, set solid, left). hyphenate: a Latin word
    longer than the line is broken with room for a hyphen (`Line.hyphen`; the caller
    must draw it); by default it is broken between letters with nothing added, the
    line filled to the measure (no stage draws a hyphen: the copy is never added to). A "\\n" in `text` is a forced
    line break: the line ends there, set solid, and the next starts at the column
    edge; the "\\n" itself is in no line's text. between_words: break only between
    words as the segmenter finds them (headlines; `words`).
    """
    if style not in STYLES:
        raise ValueError(f"unknown punctuation style {style!r}; expected one of {STYLES}")
    if "\n" not in text:
        return _compose(text, metrics, size, measure, indent, style, justify, hyphenate, True,
                        between_words) if text else []
    parts = [s for s in text.split("\n") if s]
    lines: list[Line] = []
    for i, part in enumerate(parts):
        lines += _compose(part, metrics, size, measure, indent if i == 0 else 0.0, style, justify,
                          hyphenate, i == len(parts) - 1, between_words)
    return lines


def compose_lines(text: str, metrics: Metrics, size: float, measure: float = float("inf"), *,
                  style: str = "quanjiao") -> list[Line]:
    """Headline setting: no indent, no justification, every line set solid and left.

    With the default infinite measure the text is one line (a headline that the
    caller fits by choosing `size`).
    """
    if measure == float("inf"):
        measure = 1e12
    return compose_paragraph(text, metrics, size, measure, indent=0.0, style=style, justify=False)
