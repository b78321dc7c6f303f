"""Proofing warnings (校对提示): typing slips in Chinese copy, pointed at, never mended.

The renderer never alters the copy; these only say where a half-width mark sits
between Han characters, where `...` or `--` stand for `……` or `——`, where “” 《》 （）
do not pair up within a paragraph, where `。。` or `，，` is doubled, and where an ASCII
space separates two Han characters. Each is `FILE:LINE:COL: proofing: …` at the
character in the YAML or in the copy file, with the character to use.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..errors import Diagnostic
from .copytext import CopyLine, Origin

PREFIX = "proofing: "

# Han ideographs: the URO, extension A, the compatibility block and the supplementary planes' B-F.
# Tested by code point, not by a regular expression: a character class this wide costs `re`
# ~15 ms to compile at every start.
_HAN_RANGES = ((0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0xF900, 0xFAFF), (0x20000, 0x3134F))
_HALF_WIDTH = {",": "，", ".": "。", "?": "？", "!": "！", ":": "：", ";": "；", "(": "（", ")": "）"}
_QUOTES = {'"': ("“", "”"), "'": ("‘", "’")}
_DOUBLED = "。，、；："
_PAIRS = (("“", "”"), ("《", "》"), ("（", "）"))
_BEFORE_RUN = "，。！？：；”’）"     # besides Han, what may stand before `...` or `--` for the slip to count
_AFTER_RUN = "“‘（"                 # and after it
_RUNS = {".": ("ellipsis", 3), "-": ("dash", 2)}

# where a slip can start: one of these, or a doubled mark (a paragraph with neither, as
# most are, has no slip); one plain class and five substrings, which re and str scan fast
_ASCII = re.compile(r"[,.?!:;\"'() \-]")
_TWICE = tuple(mark * 2 for mark in _DOUBLED)
_BRACKETS = re.compile("[“”《》（）]")


def _is_han(text: str, i: int) -> bool:
    """Character i of `text` is a Han ideograph (False past either end)."""
    if not 0 <= i < len(text):
        return False
    code = ord(text[i])
    return any(lo <= code <= hi for lo, hi in _HAN_RANGES)


def _run_end(text: str, i: int, ch: str) -> int:
    """Where the run of `ch` that starts at i ends."""
    n = len(text)
    while i < n and text[i] == ch:
        i += 1
    return i


def _slip_at(text: str, i: int) -> tuple[str, int] | None:
    """The slip that starts at character i, as (kind, end), or None. The kinds are tried
    in this order at each character: a half-width mark between Han characters, spaces
    between Han characters, `...` and `--` next to Han text, a doubled mark."""
    ch = text[i]
    han_before = _is_han(text, i - 1)
    if han_before and (ch in _HALF_WIDTH or ch in _QUOTES):
        if _is_han(text, _run_end(text, i + 1, " ")):
            return "half", i + 1
    if ch == " ":
        end = _run_end(text, i, " ")
        if han_before and _is_han(text, end):
            return "space", end
        return None
    if ch in _RUNS:
        kind, least = _RUNS[ch]
        end = _run_end(text, i, ch)
        if end - i >= least and (han_before or (i > 0 and text[i - 1] in _BEFORE_RUN)
                                 or _is_han(text, end) or (end < len(text) and text[end] in _AFTER_RUN)):
            return kind, end
        return None
    if ch in _DOUBLED:
        end = _run_end(text, i, ch)
        if end - i >= 2:
            return "doubled", end
    return None


def _may_slip(text: str) -> bool:
    return _ASCII.search(text) is not None or any(twice in text for twice in _TWICE)


def _candidates(text: str) -> list[int]:
    """Where a slip may start, in order: each ASCII mark or space, each doubled mark."""
    at = [m.start() for m in _ASCII.finditer(text)]
    for twice in _TWICE:
        i = text.find(twice)
        while i >= 0:
            at.append(i)
            i = text.find(twice, i + 2)
    at.sort()
    return at


def find_slips(text: str) -> list[tuple[str, int, int]]:
    """Every slip in a paragraph's text as (kind, start, end), left to right, none overlapping."""
    found: list[tuple[str, int, int]] = []
    resume = 0
    for i in _candidates(text):
        if i < resume:
            continue
        slip = _slip_at(text, i)
        if slip is not None:
            found.append((slip[0], i, slip[1]))
            resume = slip[1]
    return found


def _slips(text: str, where: list[int], origin: Origin, spaces: bool) -> Iterable[Diagnostic]:
    """The slips in a paragraph's text; `where[i]` is character i's offset in its source."""
    for kind, start, end in find_slips(text):
        at = origin.loc(where[start])
        mark = text[start:end]
        if kind == "half":
            # the 1st, 3rd… `"` of a paragraph opens a quotation, the others close one
            use = _QUOTES[mark][text.count(mark, 0, start) % 2] if mark in _QUOTES else _HALF_WIDTH[mark]
            yield Diagnostic(at, f"{PREFIX}half-width '{mark}' between Han characters; use '{use}'")
        elif kind == "space":
            if not spaces:
                continue
            yield Diagnostic(at, f"{PREFIX}a space between two Han characters; Chinese text takes none "
                                 "(remove it)")
        elif kind == "ellipsis":
            yield Diagnostic(at, f"{PREFIX}'{mark}' for an ellipsis; use '……'")
        elif kind == "dash":
            yield Diagnostic(at, f"{PREFIX}'{mark}' for a dash; use '——'")
        else:
            yield Diagnostic(at, f"{PREFIX}'{mark}' doubled; use one '{mark[0]}'")


def _balance(text: str, where: list[int], origin: Origin) -> Iterable[Diagnostic]:
    """Each of “” 《》 （） paired within the paragraph: a stray closer or an opener left open."""
    marks = [(m.start(), m.group()) for m in _BRACKETS.finditer(text)]
    for opening, closing in _PAIRS:
        open_at: list[int] = []
        for i, ch in marks:
            if ch == opening:
                open_at.append(i)
            elif ch == closing:
                if open_at:
                    open_at.pop()
                else:
                    yield Diagnostic(origin.loc(where[i]),
                                     f"{PREFIX}'{closing}' without an opening '{opening}' in this paragraph")
        for i in open_at:
            yield Diagnostic(origin.loc(where[i]),
                             f"{PREFIX}'{opening}' is not closed in this paragraph; add '{closing}'")


def proof_paragraph(lines: list[CopyLine], origin: Origin, *, spaces: bool = True) -> list[Diagnostic]:
    """Every slip in one paragraph (its source lines, located through `origin`).

    The lines are joined as the paragraph reads (a forced break stays a break), so a
    half-width comma at a line's end before a Han character is found too.
    """
    text = "".join(line.text + ("\n" if line.forced_break else "") for line in lines)
    slips, brackets = _may_slip(text), _BRACKETS.search(text) is not None
    if not (slips or brackets):
        return []
    where: list[int] = []
    for line in lines:
        where.extend(range(line.offset, line.offset + len(line.text)))
        if line.forced_break:
            where.append(line.offset + max(len(line.text) - 1, 0))
    found = list(_slips(text, where, origin, spaces)) if slips else []
    if brackets:
        found.extend(_balance(text, where, origin))
    return found


def proof_text(text: str, origin: Origin) -> list[Diagnostic]:
    """A headline, kicker, subhead or caption: each typed line as one paragraph's line. A space
    between phrases is a headline's own typography (凝心铸魂 砥砺前行), so it is not flagged."""
    lines, offset = [], 0
    for part in text.split("\n"):
        lines.append(CopyLine(part, offset))
        offset += len(part) + 1
    return proof_paragraph(lines, origin, spaces=False)
