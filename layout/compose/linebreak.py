"""Choosing the breaks of a paragraph: total fit over the break opportunities `Para` offers.

In the manner of Knuth and Plass, with CJK rules: every break opportunity is a
candidate; a candidate line is judged by how much it must squeeze (先挤压: the
line-end mark, brackets and quotes, ，、；：, Han/Latin spaces — cheap, so a
prohibited character is pushed in before anything is pushed out, 推入 before 推出)
or spread (后拉伸: Han/Latin spaces up to ½ em, then every CJK gap evenly — dear,
the square of the spread per gap); the prohibitions (禁则), unbreakable runs and
孤字 are hard constraints. Neighbouring lines that differ in looseness cost extra,
so the colour of a column stays even.

The search keeps, after each line, the few cheapest positions reached (a beam of
`BEAM`): paragraphs are short and a line has only a handful of feasible ends, so
this finds the same breaks as the full search on newspaper text at a fraction of
its cost (see docs/composer.md for the figures).
"""

from __future__ import annotations

from bisect import bisect_right

from .chars import (
    HAN_LATIN_STRETCH,
    MARKS,
    NO_END,
    NO_START,
    URL_FORCED_AFTER,
    URL_START_RE,
)
from .para import ADDRESS_RE, Para

EPS = 1e-9          # em; float noise in prefix sums
BEAM = 3            # positions kept after each line
MAX_ENDS = 2        # candidate ends tried per line start
LOOKAHEAD = 6       # characters a squeeze may pull into a line
SPREAD_MAX = 0.5    # em per gap beyond which a line is no candidate (unless nothing else fits)
STRETCH_COST = 100.0    # × (spread per gap, em)²
WIDE_COST = 50.0    # once a gap opens 0.2 em or more
HL_COST = 8.0       # × (Han/Latin stretch per space, em)²
HL_STRETCH_COST = HL_COST * 0.25 ** 2   # a line whose Han/Latin spaces are at their maximum
SQUEEZE_COST = 0.5  # × (em squeezed)²
JUMP_COST = 80.0    # × (change of spread per gap from the line before, em)²
LINE_COST = 10.0    # every line: fewer lines when all else is equal
SHORT_COST = 1e5        # a line with nowhere to spread: its spaces open wide, or it is left short
ORPHAN_COST = 2e4       # a paragraph ending in a lone character (孤字)
URL_SHORT_COST = 30.0   # ... when it is a piece of a URL, or its spaces can open (usually the least bad)
FORCED_COST = 50.0  # a break inside a word or URL where it has no opportunity

Break = tuple[int, int, bool]       # (start, end, hyphen)


def _forced_break(p: Para, a: int, b: int, avail: float, ls: float) -> tuple[int, bool]:
    """Break inside an unbreakable run longer than the line: after / . - in a URL,
    after an existing hyphen in a word, else between letters (with a hyphen when
    hyphenating)."""
    text = p.text
    lo = a + 1
    r = bisect_right(p.run_starts, b - 1) - 1
    run = p.runs[r] if r >= 0 and p.runs[r][0] < b < p.runs[r][1] else None
    if run is not None:
        # never right after a leading sign (¥100)
        lo = max(lo, run[0] + (2 if text[run[0]] in NO_END else 1))
        if lo > b:
            return max(b, a + 1), False
        if URL_START_RE.match(text, run[0]) or ADDRESS_RE.search(text, run[0], run[1]):
            for k in range(b, lo - 1, -1):
                if text[k - 1] in URL_FORCED_AFTER and text[k] not in URL_FORCED_AFTER:
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


def _first_fit(p: Para, a: int, avail: float) -> tuple[int, bool, bool]:
    """The old greedy choice for one line: (end, hyphen, forced) — used where the
    paragraph offers no feasible candidate (a run longer than the line)."""
    n, Q, R, text = p.n, p.Q, p.R, p.text
    ls = p.start_shift(a)
    base = R[a] + ls
    b = bisect_right(Q, avail + base + EPS, a + 1) - 1
    if b >= n:
        return n, False, False
    if b <= a:
        b = a + 1
    if p.brk[b]:
        return b, False, False
    r = bisect_right(p.run_starts, b - 1) - 1
    run = p.runs[r] if r >= 0 and p.runs[r][0] < b < p.runs[r][1] else None
    if run is None or Q[run[1]] - R[run[0]] <= avail + EPS:
        k = b
        while k > a and not p.brk[k]:
            k -= 1
        if k > a:
            return k, False, False
    k, hyphen = _forced_break(p, a, b, avail, ls)
    del text
    return k, hyphen, True


def _inside_long_run(p: Para, k: int, avail: float) -> bool:
    """k falls inside an unbreakable run longer than a whole line."""
    r = bisect_right(p.run_starts, k - 1) - 1
    if r < 0:
        return False
    s, e = p.runs[r]
    # a URL or an address has break opportunities of its own: no force needed
    return s < k < e and p.Q[e] - p.R[s] > avail + EPS and not any(p.brk[s + 1:e])


def _short_cost(p: Para, a: int, b: int, e: int, nh: int) -> float:
    """Cost per em of a line with no gap to spread: moderate when it is a piece of a URL
    or its Han/Latin or word spaces can take the slack (it stays flush), else prohibitive
    (a lone character, a word piece: never letter-spaced, so it would be left short)."""
    if b in p.pen or a in p.pen or nh or (e > a + 1 and p.SP[e] - p.SP[a + 1]):
        return URL_SHORT_COST
    return SHORT_COST


def line_fit(p: Para, a: int, b: int, avail: float, last: bool) -> tuple[float, float] | None:
    """(cost, spread per gap) of the line [a, b) in `avail` em; None when it cannot fit."""
    R, Q = p.R, p.Q
    base = R[a] + p.start_shift(a)
    if last:
        w = Q[b] - base
        if w <= avail + EPS:
            return 0.0, -1.0
        e = b
        slack = avail - w
        if slack + p.endc[b - 1] >= -EPS:       # the closing mark's blank half is enough
            return SQUEEZE_COST * slack * slack, 0.0
        slack += p.endc[b - 1]
    else:
        e = p.trim(b, a) if p.text[b - 1] == " " else b
        w = Q[e] - base - p.endc[e - 1]
        slack = avail - w
        if slack >= -EPS:
            nh = p.SH[e] - p.SH[a + 1] if e > a + 1 else 0
            rem = slack - nh * HAN_LATIN_STRETCH
            if rem <= EPS:
                f = slack / nh if nh else 0.0
                return HL_COST * f * f, 0.0
            gaps = p.G[e] - p.G[a + 1] if e > a + 1 else 0
            if gaps == 0:
                return _short_cost(p, a, b, e, nh) * (1.0 + rem), 0.0
            g = rem / gaps
            cost = STRETCH_COST * g * g + HL_COST * HAN_LATIN_STRETCH ** 2 * (nh > 0)
            if g >= 0.2:
                cost += WIDE_COST
            return cost, g
    # squeeze: what the line's marks and Han/Latin spaces may give up
    if e - 1 <= a + 1:
        return None
    sh = p.squeezable(a, e)
    need = -slack
    if need > sh + EPS:
        return None
    return SQUEEZE_COST * need * need, 0.0


# a search node: (cost, position, spread of its line, parent node, hyphen)
_Node = tuple[float, int, float, "_Node | None", bool]


def _rank(node: _Node) -> tuple[float, int]:
    """Cheapest first; between equals, the one that went further (longer lines first)."""
    return node[0], -node[1]


def _orphan(p: Para, a: int) -> bool:
    """The last line [a, n) would hold a single character (marks aside): 孤字."""
    return a > 0 and a >= p.orphan_from


def break_paragraph(p: Para, M: float, indent: float, *, total_fit: bool = True) -> list[Break]:
    """The breaks of the paragraph in measure `M` em with a first-line `indent` em.

    The judging of a candidate line is `line_fit` inlined (this is the composer's
    hot loop): a handful of prefix-sum lookups per candidate.
    """
    n = p.n
    Q, R, brk, pen, text = p.Q, p.R, p.brk, p.pen, p.text
    S, sqa, SH, G, endc, ls = p.S, p.sqa, p.SH, p.G, p.endc, p.ls
    spaces, pre, runs = p.spaces, p.pre, p.runs
    orphan_from = p.orphan_from
    beam = BEAM if total_fit else 1
    max_ends = MAX_ENDS if total_fit else 1
    # a node: (cost, position, spread of its line, parent node, hyphen)
    root: _Node = (0.0, 0, 0.0, None, False)
    frontier = [root]
    best: _Node | None = None
    avail = M - indent
    per_line = LINE_COST / M
    qn = Q[n]
    # the constants of the hot loop as locals (and -EPS computed once)
    eps, neg_eps = EPS, -EPS
    squeeze_cost, hl_cost, stretch_cost, wide_cost = SQUEEZE_COST, HL_COST, STRETCH_COST, WIDE_COST
    jump_cost, spread_max, hl_stretch, hl_stretch_cost = JUMP_COST, SPREAD_MAX, HAN_LATIN_STRETCH, HL_STRETCH_COST
    while frontier:
        new: dict[int, _Node] = {}
        for node in frontier:
            cost0, a, g0, _, _ = node
            cost1 = cost0 + LINE_COST
            base = R[a] + ls[a]
            a1 = a + 1
            lim = base + avail
            b0 = bisect_right(Q, lim + eps, a1) - 1
            # how far a squeeze may pull the line: what the next few characters could give up
            la = b0 + LOOKAHEAD if b0 + LOOKAHEAD < n else n
            b = bisect_right(Q, lim + (S[la] - S[a] + 0.6) + eps, b0, la + 1) - 1
            tried = 0
            good = False        # a candidate that spreads within spread_max, or squeezes
            while b > a:
                if not brk[b]:
                    b -= 1
                    continue
                if b == n:
                    w = qn - base
                    if w <= avail + eps:
                        c = 0.0
                    else:
                        # the last line may squeeze too: its closing mark first gives up its
                        # blank half (行末半角, as at any line end), then the marks inside
                        need = w - avail
                        if need > endc[n - 1] + eps and (
                                n - 1 <= a1 or need - endc[n - 1] > S[n] - S[a1] - sqa[n - 1] + eps):
                            b -= 1
                            continue
                        c = squeeze_cost * need * need
                    tried += 1
                    if a and a >= orphan_from:
                        c += ORPHAN_COST            # 孤字: only when everything else is worse
                    total = cost1 + c
                    if best is None or total < best[0]:
                        best = (total, n, g0, node, False)
                    if tried == max_ends:
                        break
                    b -= 1
                    continue
                e = p.trim(b, a) if spaces and text[b - 1] == " " else b
                slack = avail - (Q[e] - base - endc[e - 1])
                if slack >= neg_eps:
                    nh = SH[e] - SH[a1] if pre else 0
                    rem = slack - nh * hl_stretch
                    if rem <= eps:
                        f = slack / nh if nh else 0.0
                        c = hl_cost * f * f
                        g = 0.0
                        good = True
                    else:
                        gaps = G[e] - G[a1]
                        if gaps == 0:
                            c = _short_cost(p, a, b, e, nh) * (1.0 + rem)
                            g = 0.0
                        else:
                            g = rem / gaps
                            if g > spread_max:
                                if good:
                                    break
                            else:
                                good = True
                            c = stretch_cost * g * g + (hl_stretch_cost if nh else 0.0)
                            if g >= 0.2:
                                c += wide_cost
                else:
                    need = -slack
                    if e - 1 <= a1 or need > S[e] - S[a1] - sqa[e - 1] + eps:
                        b -= 1
                        continue
                    c = squeeze_cost * need * need
                    g = 0.0
                    good = True
                tried += 1
                dg = g - g0
                total = cost1 + c + jump_cost * dg * dg
                if pen and b in pen:
                    total += pen[b]
                old = new.get(b)
                if old is None or total < old[0]:
                    new[b] = (total, b, g, node, False)
                if tried == max_ends:
                    break
                b -= 1
            if not tried or (b0 < n and not brk[b0] and runs and _inside_long_run(p, b0, avail)):
                e, hyphen, forced = _first_fit(p, a, avail)
                total = cost0 + LINE_COST + (FORCED_COST if forced else 0.0)
                cand = (total, e, g0, node, hyphen)
                if e == n:
                    if best is None or total < best[0]:
                        best = cand
                elif e not in new or total < new[e][0]:
                    new[e] = cand
        avail = M
        if len(new) > beam:
            # compare positions by cost plus the lines still to come (a position further
            # on has less left to set): otherwise the beam loses the paths that squeezed
            # early to save a line at the end
            frontier = sorted(new.values(), key=lambda f: (f[0] + per_line * (qn - Q[f[1]]), -f[1]))[:beam]
        else:
            frontier = list(new.values())
            frontier.sort(key=_rank)
        if best is not None and (not frontier or frontier[0][0] >= best[0]):
            break
    out: list[Break] = []
    at = best
    while at is not None and at[3] is not None:
        out.append((at[3][1], at[1], at[4]))
        at = at[3]
    out.reverse()
    if not total_fit:
        _mend_orphan(p, out, M, indent)
    return out


def _mend_orphan(p: Para, out: list[Break], M: float, indent: float) -> None:
    """Greedy setting: pull a character down to a lone last character (孤字)."""
    if len(out) < 2 or not _orphan(p, out[-1][0]):
        return
    n, Q, R = p.n, p.Q, p.R
    a_last = out[-1][0]
    a_p = out[-2][0]
    for k in range(a_last - 1, a_p + 1, -1):
        if p.brk[k]:
            if Q[n] - R[k] - p.start_shift(k) <= M + EPS:
                out[-2] = (a_p, k, False)
                out[-1] = (k, n, False)
            break


__all__ = ["Break", "break_paragraph", "line_fit", "MARKS", "NO_START"]
