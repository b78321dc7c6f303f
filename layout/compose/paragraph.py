"""Break a paragraph into justified lines of positioned glyphs (CLReq rules).

How it stays fast: all per-character work is done in bulk (`map` over a width
dict, `itertools.accumulate`, regex scans in C, list comprehensions); the per-line
work (finding the break with `bisect` on prefix sums, checking a handful of
prohibitions, squeezing) is Python but touches only a few characters per line.

Model, in em until the final conversion to pt:
- every character i has a box of width ``c[i]`` = its advance minus any default
  compression (adjacent marks, 开明式) plus ``pre[i]``, the ¼ em Han/Latin space
  before it (dropped at a line start);
- ``Q[k]`` is the sum of boxes before k, ``R[k] = Q[k] + pre[k]`` where the box of
  k starts and ``X0[k] = R[k] - lshift[k]`` where its glyph origin goes (a mark
  compressed on its left is drawn half an em early);
- a line [a, b) starting at box R[a] is ``Q[b] - R[a]`` wide before line-local
  adjustments (line-start bracket, line-end mark, squeezing, justification).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import accumulate
from typing import Protocol

from .chars import (
    ADJACENT_RE,
    COMPRESSIBLE_RE,
    FULL_WIDTH,
    HAN_LATIN_SPACE,
    HAN_RE,
    KAIMING_FULL,
    LEADING_SIGNS,
    LEFT_BLANK,
    MARKS,
    NO_END,
    NO_START,
    RIGHT_BLANK,
    RUN_RE,
    TRAILING_SIGNS,
    URL_BREAK_AFTER,
    URL_START_RE,
    WESTERN_RE,
)

EPS = 1e-9          # em; float noise in prefix sums
LOOKAHEAD = 4       # how many prohibited characters a squeeze may pull into a line
RUN_STRETCH_MAX = 0.2   # em per gap before justification also spreads Latin/number runs
STYLES = ("quanjiao", "kaiming")


class Metrics(Protocol):
    """What the composer needs of a font: advances in em, ideally cached in `widths`."""

    def advance(self, ch: str) -> float: ...


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
    """

    text: str
    xs: list[float]
    width: float
    last: bool
    hyphen: bool = False
    spacing: float = 0.0


class _Para:
    """Per-paragraph arrays shared by the breaking and the emitting steps."""

    __slots__ = ("text", "n", "adv", "Q", "R", "X0", "comp_r", "comp_l", "pair_r",
                 "glued", "glued_list", "dash_list", "runs", "run_starts", "hyphen_adv",
                 "hyphenate")

    def __init__(self, text: str, metrics: Metrics, style: str) -> None:
        self.text = text
        n = self.n = len(text)
        widths = getattr(metrics, "widths", None)
        if widths is None:
            widths = {}
        adv = list(map(widths.get, text))
        if None in adv:
            advance = metrics.advance
            adv = [w if w is not None else advance(ch) for w, ch in zip(adv, text, strict=True)]
        self.adv = adv
        hyph = widths.get("-")
        self.hyphen_adv = hyph if hyph is not None else metrics.advance("-")
        self.hyphenate = True

        # default compression: 开明式 half-width marks, then adjacent marks (1.5 em)
        comp_r: dict[int, float] = {}
        comp_l: dict[int, float] = {}
        pair_r: dict[int, float] = {}
        if style == "kaiming":
            for m in COMPRESSIBLE_RE.finditer(text):
                i = m.start()
                ch = text[i]
                a = adv[i]
                if a >= FULL_WIDTH and ch not in KAIMING_FULL:
                    if ch in LEFT_BLANK:
                        # after a narrow glyph (Latin) the origin would move back past
                        # it: keep the blank there, it spaces the bracket from the Latin
                        if i == 0 or adv[i - 1] >= a * 0.5:
                            comp_l[i] = a * 0.5
                    else:
                        comp_r[i] = a * 0.5
        for m in ADJACENT_RE.finditer(text):
            for x in range(m.start(), m.end() - 1):
                y = x + 1
                if x in comp_r or y in comp_l:
                    continue            # the blank between them is already gone
                if text[x] in RIGHT_BLANK and adv[x] >= FULL_WIDTH:
                    comp_r[x] = pair_r[x] = adv[x] * 0.5
                elif text[y] in LEFT_BLANK and adv[y] >= FULL_WIDTH and adv[x] >= adv[y] * 0.5:
                    comp_l[y] = adv[y] * 0.5
        self.comp_r, self.comp_l, self.pair_r = comp_r, comp_l, pair_r

        if comp_r or comp_l:
            c = adv.copy()
            for i, h in comp_r.items():
                c[i] -= h
            for i, h in comp_l.items():
                c[i] -= h
        else:
            c = adv
        pre = []
        han = HAN_RE.match
        for m in WESTERN_RE.finditer(text):
            s, e = m.span()
            if s and text[s] not in TRAILING_SIGNS and han(text, s - 1):
                pre.append(s)
            if e < n and text[e - 1] not in LEADING_SIGNS and han(text, e):
                pre.append(e)
        if pre:
            if c is adv:
                c = adv.copy()
            for k in pre:
                c[k] += HAN_LATIN_SPACE
        Q = self.Q = list(accumulate(c, initial=0.0))
        if pre:
            R = Q.copy()
            for k in pre:
                R[k] += HAN_LATIN_SPACE
        else:
            R = Q
        self.R = R
        if comp_l:
            X0 = R.copy()
            for i, h in comp_l.items():
                X0[i] -= h
        else:
            X0 = R
        self.X0 = X0

        # unbreakable runs; `glued` = positions k where a break before k is forbidden
        runs = []
        glued_list: list[int] = []
        dash_list: list[int] = []
        for m in RUN_RE.finditer(text):
            s, e = m.span()
            if e - s > 1:
                runs.append((s, e))
                glued_list.extend(range(s + 1, e))
                if text[s] in "—…─":
                    dash_list.extend(range(s + 1, e))
        self.dash_list = dash_list
        self.runs = runs
        self.run_starts = [s for s, _ in runs]
        self.glued_list = glued_list
        self.glued = set(glued_list)

    # -- queries used per line -------------------------------------------------
    def can_break(self, k: int) -> bool:
        """A break before k (after k-1) keeps every prohibition."""
        text = self.text
        return text[k] not in NO_START and text[k - 1] not in NO_END and k not in self.glued

    def start_shift(self, a: int) -> float:
        """Blank half an opening bracket loses at a line start (em)."""
        ch = self.text[a]
        if ch in LEFT_BLANK and a not in self.comp_l and self.adv[a] >= FULL_WIDTH:
            return self.adv[a] * 0.5
        return 0.0

    def squeezable(self, a: int, e: int) -> list[tuple[int, float, bool]]:
        """Marks in [a, e) that may still give up blank space: (index, em, on_left).

        The line's last character comes first (set half width / trailing space to
        zero), then the others in order.
        """
        text, adv, comp_r, comp_l = self.text, self.adv, self.comp_r, self.comp_l
        out: list[tuple[int, float, bool]] = []
        last = e - 1
        if text[last] == " ":
            out.append((last, adv[last], False))
        for m in COMPRESSIBLE_RE.finditer(text, a, e):
            i = m.start()
            if adv[i] < FULL_WIDTH:
                continue
            if text[i] in LEFT_BLANK:
                # not after a narrow glyph: the origin would move back past it
                if i != a and i not in comp_l and adv[i - 1] >= adv[i] * 0.5:
                    out.append((i, adv[i] * 0.5, True))
            elif i not in comp_r:
                item = (i, adv[i] * 0.5, False)
                if i == last:
                    out.insert(0, item)
                else:
                    out.append(item)
        return out


def _distribute(cands: list[tuple[int, float, bool]], need: float) -> list[tuple[int, float, bool]]:
    """Take `need` em from the squeezable marks: the line-end mark first, then evenly."""
    if need <= EPS:
        return []
    out = []
    i0, cap0, left0 = cands[0]
    first = min(cap0, need)
    out.append((i0, first, left0))
    need -= first
    rest = cands[1:]
    if need > EPS and rest:
        total = sum(cap for _, cap, _ in rest)
        frac = min(1.0, need / total)
        out.extend((i, cap * frac, left) for i, cap, left in rest)
    return out


def _forced_break(p: _Para, a: int, b: int, avail: float, ls: float) -> tuple[int, bool]:
    """Break inside an unbreakable run longer than the line: after / . - in a URL,
    after an existing hyphen in a word, else between letters with a hyphen."""
    text = p.text
    lo = a + 1
    r = bisect_right(p.run_starts, b - 1) - 1
    run = p.runs[r] if r >= 0 and p.runs[r][0] < b < p.runs[r][1] else None
    if run is not None:
        # never right after a leading sign (¥100)
        lo = max(lo, run[0] + (2 if text[run[0]] in NO_END else 1))
        if lo > b:
            return max(b, a + 1), False
        if URL_START_RE.match(text, run[0]):
            for k in range(b, lo - 1, -1):
                if text[k - 1] in URL_BREAK_AFTER and text[k] not in URL_BREAK_AFTER:
                    return k, False
            return max(b, a + 1), False
        if text[run[0]] in "—…─":
            # a run of dashes or ellipses: split between pairs, never inside one
            k = b - (b - run[0]) % 2
            return max(k, a + 1), False
        for k in range(b, lo - 1, -1):
            if text[k - 1] in "-/,":
                return k, False
        if p.hyphenate:
            # hyphenate between two letters, leaving room for the hyphen
            Q, R = p.Q, p.R
            k = b
            while k > lo and Q[k] - R[a] - ls + p.hyphen_adv > avail + EPS:
                k -= 1
            if (Q[k] - R[a] - ls + p.hyphen_adv <= avail + EPS
                    and text[k - 1].isalpha() and text[k].isalpha()):
                return k, True
    # anywhere: the longest part that fits (b), at least one character
    return max(b, a + 1), False


def _break_lines(p: _Para, M: float, indent: float) -> list[tuple[int, int, list, bool]]:
    """Greedy first-fit breaking: (start, end, squeezes, hyphen) per line."""
    n, Q, R, text = p.n, p.Q, p.R, p.text
    can_break, start_shift = p.can_break, p.start_shift
    glued = p.glued
    out: list[tuple[int, int, list, bool]] = []
    a = 0
    avail = M - indent
    while a < n:
        ls = start_shift(a) if text[a] in LEFT_BLANK else 0.0
        base = R[a] + ls
        b = bisect_right(Q, avail + base + EPS, a + 1) - 1
        if b >= n:
            out.append((a, n, [], False))
            break
        if b <= a:
            b = a + 1
        squeeze: list = []
        hyphen = False
        if b < n and not (text[b] not in NO_START and text[b - 1] not in NO_END and b not in glued):
            # 1) push in: squeeze marks so the prohibited characters join this line
            e = b + 1
            while e < n and e - b <= LOOKAHEAD and not can_break(e):
                e += 1
            done = False
            if e == n or can_break(e):
                need = Q[e] - base - avail
                cands = p.squeezable(a, e)
                if cands and need <= sum(cap for _, cap, _ in cands) + EPS:
                    squeeze = _distribute(cands, need)
                    b = e
                    done = True
            if not done:
                # 2) a run longer than a whole line is broken inside, else push out
                r = bisect_right(p.run_starts, b - 1) - 1
                run = p.runs[r] if r >= 0 and p.runs[r][0] < b < p.runs[r][1] else None
                if run is not None and Q[run[1]] - R[run[0]] > M + EPS:
                    b, hyphen = _forced_break(p, a, b, avail, ls)
                else:
                    k = b
                    while k > a and not can_break(k):
                        k -= 1
                    if k > a:
                        b = k
                    else:
                        b, hyphen = _forced_break(p, a, b, avail, ls)
        out.append((a, b, squeeze, hyphen))
        a = b
        avail = M
    # 孤字: the last line must not hold a single character (marks aside)
    if len(out) >= 2:
        a_last = out[-1][0]
        if sum(1 for ch in text[a_last:] if ch not in MARKS) <= 1:
            a_p = out[-2][0]
            avail_last = M - (indent if len(out) == 1 else 0.0)
            for k in range(a_last - 1, a_p + 1, -1):
                if can_break(k):
                    if Q[n] - R[k] - start_shift(k) <= avail_last + EPS:
                        out[-2] = (a_p, k, [], False)
                        out[-1] = (k, n, [], False)
                    break
    return out


def _emit(p: _Para, a: int, b: int, squeeze: list, hyphen: bool, avail: float, size: float,
          offset: float, last: bool, justify: bool) -> Line:
    """Positions for line [a, b): line-start/end compression, squeezes, justification."""
    text, Q, X0 = p.text, p.Q, p.X0
    ls = p.start_shift(a) if text[a] in LEFT_BLANK else 0.0
    base = p.R[a] + ls
    right = Q[b] - base                 # right edge (em) before line-local changes
    lastc = b - 1
    squeezed = 0.0
    for _, d, _ in squeeze:
        squeezed += d
    right -= squeezed
    if text[lastc] == " " and not any(i == lastc for i, _, _ in squeeze):
        right -= p.adv[lastc]           # a trailing space takes no room at the line end
    elif lastc in p.pair_r and not last:
        # 。” split across lines: the mark at the line end gets its full width back
        if right + p.pair_r[lastc] <= avail + EPS:
            right += p.pair_r[lastc]
    if hyphen:
        avail -= p.hyphen_adv
    L = b - a
    g = 0.0
    nostretch = None
    if justify and not last and L > 1:
        slack = avail - right
        if slack > EPS:
            # CLReq order: the gaps between characters, not inside Latin words,
            # numbers, URLs; if that would open holes wider than RUN_STRETCH_MAX,
            # every gap but those inside ——/…… (which are never spread)
            gaps = L - 1
            gl = p.glued_list
            lo = bisect_right(gl, a)
            hi = bisect_left(gl, b)
            if hi > lo:
                g_out = gaps - (hi - lo)
                if g_out > 0 and slack <= g_out * RUN_STRETCH_MAX:
                    nostretch, gaps = gl[lo:hi], g_out
                else:
                    dl = p.dash_list
                    lo = bisect_right(dl, a)
                    hi = bisect_left(dl, b)
                    if hi > lo and gaps - (hi - lo) > 0:
                        nostretch, gaps = dl[lo:hi], gaps - (hi - lo)
            g = slack / gaps
            right = avail
    c0 = offset - size * base
    if not squeeze and nostretch is None:
        if g:
            xs = [size * (x + k * g) + c0 for k, x in enumerate(X0[a:b])]
        else:
            xs = [size * x + c0 for x in X0[a:b]]
    else:
        # general path: per-glyph shift = stretch gaps so far * g - squeezes so far
        shift = [g] * L
        shift[0] = 0.0
        if nostretch is not None:
            for k in nostretch:
                shift[k - a] = 0.0
        for i, d, left in squeeze:
            j = i - a if left else i - a + 1
            if j < L:
                shift[j] -= d
        xs = [size * (x + s) + c0 for x, s in zip(X0[a:b], accumulate(shift), strict=True)]
    width = offset + size * (right + (p.hyphen_adv if hyphen else 0.0))
    return Line(text[a:b], xs, width, last, hyphen, g * size)


def compose_paragraph(text: str, metrics: Metrics, size: float, measure: float, *,
                      indent: float = 2.0, style: str = "quanjiao", justify: bool = True,
                      hyphenate: bool = True) -> list[Line]:
    """Break `text` into lines `measure` pt long, set at `size` pt.

    indent: first-line indent in em. style: "quanjiao" (全角式, adjacent marks
    compressed) or "kaiming" (开明式, 。？！ full width, other marks half).
    justify: flush both edges on all but the last line (else set solid, left).
    hyphenate: a Latin word longer than the line is broken with a hyphen (the caller
    draws it); without, it is broken between letters with nothing added.
    """
    if style not in STYLES:
        raise ValueError(f"unknown punctuation style {style!r}; expected one of {STYLES}")
    if not text:
        return []
    p = _Para(text, metrics, style)
    p.hyphenate = hyphenate
    M = measure / size
    breaks = _break_lines(p, M, indent)
    lines = []
    nb = len(breaks)
    for li, (a, b, squeeze, hyphen) in enumerate(breaks):
        first = li == 0
        off_em = indent if first else 0.0
        lines.append(_emit(p, a, b, squeeze, hyphen, M - off_em, size, off_em * size,
                           li == nb - 1, justify))
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
