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
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_HALF_WIDTH = {",": "，", ".": "。", "?": "？", "!": "！", ":": "：", ";": "；", "(": "（", ")": "）"}
_QUOTES = {'"': ("“", "”"), "'": ("‘", "’")}
_DOUBLED = "。，、；："
_PAIRS = (("“", "”"), ("《", "》"), ("（", "）"))

# One pass finds every candidate; each alternative is named by the slip it is.
_SLIPS = re.compile(
    rf"(?P<half>(?<=[{_HAN}])[,.?!:;\"'()](?= *[{_HAN}]))"
    rf"|(?P<space>(?<=[{_HAN}]) +(?=[{_HAN}]))"
    rf"|(?P<ellipsis>(?<=[{_HAN}，。！？：；”’）])\.{{3,}}|\.{{3,}}(?=[{_HAN}“‘（]))"
    rf"|(?P<dash>(?<=[{_HAN}，。！？：；”’）])-{{2,}}|-{{2,}}(?=[{_HAN}“‘（]))"
    rf"|(?P<doubled>(?P<mark>[{_DOUBLED}])(?P=mark)+)"
)
# a line without any of these has no slip (most lines of Chinese copy)
_QUICK = re.compile(rf"[,.?!:;\"'() \-]|(?P<mark>[{_DOUBLED}])(?P=mark)")
_BRACKETS = re.compile("[“”《》（）]")


def _slips(text: str, where: list[int], origin: Origin, spaces: bool) -> Iterable[Diagnostic]:
    """The slips in a paragraph's text; `where[i]` is character i's offset in its source."""
    for m in _SLIPS.finditer(text):
        at = origin.loc(where[m.start()])
        kind = "doubled" if m.group("doubled") else m.lastgroup
        mark = m.group()
        if kind == "half":
            # the 1st, 3rd… `"` of a paragraph opens a quotation, the others close one
            use = _QUOTES[mark][text.count(mark, 0, m.start()) % 2] if mark in _QUOTES else _HALF_WIDTH[mark]
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
    for opening, closing in _PAIRS:
        open_at: list[int] = []
        for i, ch in enumerate(text):
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
    if not (_QUICK.search(text) or _BRACKETS.search(text)):
        return []
    where: list[int] = []
    for line in lines:
        where.extend(range(line.offset, line.offset + len(line.text)))
        if line.forced_break:
            where.append(line.offset + max(len(line.text) - 1, 0))
    found = list(_slips(text, where, origin, spaces)) if _QUICK.search(text) else []
    if _BRACKETS.search(text):
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
