"""What a paragraph offers the line breaker: boxes, squeeze, spread and break opportunities.

Everything here is per paragraph and done in bulk (`map`, `accumulate`, regex scans
in C) so that judging one candidate line later is a handful of prefix-sum lookups.

Model, in em until the final conversion to pt:
- every character i has a box of width ``c[i]`` = its advance minus any default
  compression (adjacent marks, 开明式) plus ``pre[i]``, the ¼ em Han/Latin space
  before it (dropped at a line start); a —— pair has two 1 em boxes;
- ``Q[k]`` is the sum of boxes before k, ``R[k] = Q[k] + pre[k]`` where the box of
  k starts and ``X0[k]`` where its glyph origin goes (a mark compressed on its left
  is drawn half an em early, the two dashes of —— are drawn joined);
- a line [a, e) starting at box R[a] is ``Q[e] - R[a]`` wide before line-local
  changes: the opening bracket at its start and the mark at its end lose their
  blank half (``start_shift``, ``end_comp``);
- what a line may give up (squeeze, CLReq 先挤压) and take (spread, 后拉伸) are
  prefix sums too: ``SB`` brackets and quotes, ``SC`` the pause marks ，、；：,
  ``SD`` the stops 。？！ (a last resort),
  ``SH`` Han/Latin spaces, ``G`` the gaps justification may open.

Break opportunities (``brk[k]``: a break before k) are kept apart from the choice of
breaks (`linebreak`): CJK characters break anywhere the prohibitions (禁则) allow,
Latin at spaces, URLs and e-mail addresses after / . - ? & = (``pen[k]``: a small
cost), numbers and words never.
"""

from __future__ import annotations

import re
from itertools import accumulate
from typing import Protocol

from .chars import (
    FULL_WIDTH,
    HAN_LATIN_SHRINK,
    HAN_LATIN_SPACE,
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
    is_han,
)

#: cost of breaking inside a URL or an e-mail address (a per-gap spread of ~0.12 em costs as much)
URL_PENALTY = 1.5
#: a run that reads as an address: has an @, or a domain (letters . two letters or more)
ADDRESS_RE = re.compile(r"@|[A-Za-z][A-Za-z0-9\-]*\.[A-Za-z]{2,}")
ASCII_RE = re.compile("[!-~]{2,}")
SPACE_RE = re.compile(" +")
#: every character that may not start or end a line (禁则), the compressible marks among them
SPECIAL_RE = re.compile("[" + re.escape("".join(sorted(NO_START | NO_END))) + "]")
DASHES_RE = re.compile("—{2,}")
#: a character that can start a Western run, an unbreakable run (RUN_RE) or a run of ASCII
LATIN_RE = re.compile("[!-~\u00c0-\u024f¥￥％‰＄£€—…─]")
#: a dash narrower than this (em) is drawn joined with its partner in a —— pair
DASH_NARROW = 0.95
#: part of a narrow dash's advance taken to be side bearing on each side (joins the ink)
DASH_BEARING = 0.05


class Metrics(Protocol):
    """What the composer needs of a font: advances in em, ideally cached in `widths`."""

    def advance(self, ch: str) -> float: ...


class Para:
    """Per-paragraph arrays shared by the breaking and the emitting steps."""

    __slots__ = ("text", "n", "Q", "R", "X0", "endc", "sqa", "sq_left", "S", "SH", "G", "pre",
                 "noglue_gap", "brk", "pen", "runs", "run_starts", "hyphen_adv", "hyphenate",
                 "orphan_from", "ls", "SP", "spaces")

    def __init__(self, text: str, metrics: Metrics, style: str, hyphenate: bool = True,
                 allowed: frozenset[int] | None = None) -> None:
        self.text = text
        n = self.n = len(text)
        widths = getattr(metrics, "widths", None)
        if widths is None:
            widths = {}
        adv = list(map(widths.get, text))
        if None in adv:
            advance = metrics.advance
            adv = [w if w is not None else advance(ch) for w, ch in zip(adv, text, strict=True)]
        hyph = widths.get("-")
        self.hyphen_adv = hyph if hyph is not None else metrics.advance("-")
        self.hyphenate = hyphenate

        # one scan for every mark and prohibited character: a break before k (brk[k])
        # needs text[k] to be allowed at a line start and text[k - 1] at a line end (禁则)
        brk = bytearray(b"\x01") * (n + 1)
        marks: list[int] = []       # the compressible marks, in order
        last = n - 1
        for m in SPECIAL_RE.finditer(text):
            i = m.start()
            ch = text[i]
            if ch in RIGHT_BLANK:
                marks.append(i)
                brk[i] = 0
            elif ch in NO_START:
                brk[i] = 0
            else:                   # opening brackets and the signs that lead a number
                if ch in LEFT_BLANK:
                    marks.append(i)
                if i < last:
                    brk[i + 1] = 0
        brk[0] = 0

        # default compression: 开明式 half-width marks, then adjacent marks (1.5 em)
        comp_r: dict[int, float] = {}
        comp_l: dict[int, float] = {}
        if style == "kaiming":
            for i in marks:
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
        for x in [x for x, y in zip(marks, marks[1:], strict=False) if y == x + 1]:
            y = x + 1
            if x in comp_r or y in comp_l:
                continue            # the blank between them is already gone
            if text[x] in RIGHT_BLANK and adv[x] >= FULL_WIDTH:
                comp_r[x] = adv[x] * 0.5
            elif text[y] in LEFT_BLANK and adv[y] >= FULL_WIDTH and adv[x] >= adv[y] * 0.5:
                comp_l[y] = adv[y] * 0.5

        c = adv.copy()
        for i, h in comp_r.items():
            c[i] -= h
        for i, h in comp_l.items():
            c[i] -= h

        # what each mark may still give up: at a line end (right blank, GB/T 15834
        # 5.1.10 行末半角) and inside a line (brackets and quotes first, then ，、；：);
        # the blank half an opening bracket loses at a line start
        endc = [0.0] * n
        sqa = [0.0] * n         # squeezable em of every mark (which first: `paragraph._squeeze`)
        ls = [0.0] * (n + 1)
        sq_left: set[int] = set()
        for i in marks:
            a = adv[i]
            if a < FULL_WIDTH:
                continue
            if text[i] in LEFT_BLANK:
                if i in comp_l:
                    continue
                ls[i] = a * 0.5
                # not after a narrow glyph: the origin would move back past it
                if i and adv[i - 1] >= a * 0.5:
                    sqa[i] = a * 0.5
                    sq_left.add(i)
            elif i not in comp_r:
                endc[i] = sqa[i] = a * 0.5
        brk[0] = 0
        self.endc = endc
        self.sqa = sqa
        self.sq_left = sq_left
        self.ls = ls

        # —— drawn as one mark: two 1 em boxes, the dashes' ink joined and centred in them
        xoff: dict[int, float] = {}
        if "——" in text:
            for m in DASHES_RE.finditer(text):
                s, e = m.span()
                for i in range(s, e - 1, 2):
                    w = adv[i]
                    if w < DASH_NARROW and adv[i + 1] == w:
                        b = w * DASH_BEARING
                        c[i] += 1.0 - w
                        c[i + 1] += 1.0 - w
                        xoff[i] = 1.0 - w + b                    # first origin, from its box
                        xoff[i + 1] = (1.0 - w + b) + (w - 2 * b) - 1.0
                        # a line that must squeeze may take back the room around the joined
                        # dashes (a last resort, as much on each side)
                        sqa[i] = sqa[i + 1] = 1.0 - w
                        sq_left.add(i)

        # the three scans for Latin, numbers, URLs and ——/…… runs only where there are any
        latin = LATIN_RE.search(text) is not None
        pre = []
        for m in WESTERN_RE.finditer(text) if latin else ():
            s, e = m.span()
            if s and text[s] not in TRAILING_SIGNS and is_han(text[s - 1]):
                pre.append(s)
            if e < n and text[e - 1] not in LEADING_SIGNS and is_han(text[e]):
                pre.append(e)
        pre.sort()
        self.pre = pre
        hl = [0] * (n + 1)
        for k in pre:
            c[k] += HAN_LATIN_SPACE
            hl[k] = 1
        Q = self.Q = list(accumulate(c, initial=0.0))
        R = Q.copy() if pre else Q       # (read only from here on)
        for k in pre:
            R[k] += HAN_LATIN_SPACE
        self.R = R
        X0 = R.copy() if comp_l or xoff else R
        for i, h in comp_l.items():
            X0[i] -= h
        for i, h in xoff.items():
            X0[i] += h
        self.X0 = X0
        # what a line may squeeze, as one prefix sum: the marks and the Han/Latin spaces
        if pre:
            sqh = sqa.copy()
            for k in pre:
                sqh[k] += HAN_LATIN_SHRINK
            self.S = list(accumulate(sqh, initial=0.0))
            self.SH = list(accumulate(hl, initial=0))
        else:
            self.S = list(accumulate(sqa, initial=0.0))
            self.SH = hl        # all zero

        # unbreakable runs: words, numbers with their signs, URLs, ——, ……
        runs = []
        glued_list: list[int] = []
        pen: dict[int, float] = {}
        for m in RUN_RE.finditer(text) if latin else ():
            s, e = m.span()
            if e - s > 1:
                runs.append((s, e))
                glued_list.extend(range(s + 1, e))
                brk[s + 1:e] = bytes(e - s - 1)
                if URL_START_RE.match(text, s) or ADDRESS_RE.search(text, s, e):
                    # after / . - ? & = (not inside :// nor right after the scheme's first
                    # letters), never leaving a single character behind
                    for k in range(s + 3, e - 1):
                        if text[k - 1] in URL_BREAK_AFTER and text[k] not in URL_BREAK_AFTER:
                            brk[k] = 1
                            pen[k] = URL_PENALTY
                    # and an e-mail address before its @ (the address is then read as one)
                    at = text.find("@", s + 2, e - 2)
                    if at > 0:
                        brk[at] = 1
                        pen[at] = URL_PENALTY
        # Western signs stay with the letters they touch (CBD+, Wi-Fi+, “AI,”): no break
        # and no spread between two ASCII characters other than those above
        ascii_glue = [k for m in ASCII_RE.finditer(text) for k in range(m.start() + 1, m.end())
                      if k not in pen] if latin else []
        for k in ascii_glue:
            brk[k] = 0
        if allowed is not None:     # a headline: only between words
            for k in range(1, n):
                if brk[k] and k not in allowed:
                    brk[k] = 0
        self.brk = brk
        self.pen = pen
        self.runs = runs
        self.run_starts = [s for s, _ in runs]

        # gaps justification may open: not inside a run (word, number, URL, ——),
        # not at a Han/Latin space (which has its own stretch)
        gap = [1] * (n + 1)
        gap[0] = 0
        for k in glued_list:
            gap[k] = 0
        for k in pre:
            gap[k] = 0
        for k in ascii_glue:
            gap[k] = 0
        # nor at a word space (a Latin phrase keeps its spacing)
        self.spaces = " " in text
        if self.spaces:
            for m in SPACE_RE.finditer(text):
                gap[m.start()] = 0
                gap[m.end()] = 0
            self.SP = list(accumulate(map(" ".__eq__, text), initial=0))
        else:
            self.SP = [0] * (n + 1)
        self.noglue_gap = gap
        # (no run, no Latin, no space: every gap but the first opens)
        self.G = list(accumulate(gap, initial=0)) if latin or self.spaces else [0, *range(n + 1)]

        # a last line starting after this holds at most one character, marks aside (孤字)
        k, seen = n - 1, 0
        while k >= 0:
            if text[k] not in MARKS:
                seen += 1
                if seen == 2:
                    break
            k -= 1
        self.orphan_from = k + 1

    def start_shift(self, a: int) -> float:
        """Blank half an opening bracket loses at a line start (em)."""
        return self.ls[a]

    def squeezable(self, a: int, e: int) -> float:
        """What the line [a, e) may squeeze (em): its marks but the first and the last
        (which have their own rules), and its Han/Latin spaces."""
        a1 = a + 1
        return self.S[e] - self.S[a1] - self.sqa[e - 1] if e - 1 > a1 else 0.0

    def trim(self, b: int, a: int) -> int:
        """End of the visible line [a, b): a trailing space takes no room and no gap."""
        text = self.text
        e = b
        while e > a + 1 and text[e - 1] == " ":
            e -= 1
        return e
