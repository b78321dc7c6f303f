"""Character classes for the Chinese line composer (W3C CLReq, GB/T 15834).

Classes are plain frozensets and compiled regexes so the composer can classify a
whole paragraph in C (re / set membership) rather than per character in Python.

Placement in the em box follows the Simplified Chinese (GB) convention of the Noto
CJK SC faces: the ink of 、，。．；：？！ and of closing brackets sits in the LEFT half
(blank half on the right); the ink of opening brackets in the RIGHT half (blank on
the left). Only marks whose advance is (about) a full em have a blank half to give.
"""

from __future__ import annotations

import re

#: CLReq cl-01 opening brackets (blank half on the left in full-width fonts)
OPENING = "“‘（〔［｛〈《「『【〖〘〚"
#: CLReq cl-02 closing brackets (blank half on the right)
CLOSING = "”’）〕］｝〉》」』】〗〙〛"
#: full stops, commas, colons, semicolons, ?! (cl-06, cl-07 and the GB-placed cl-04)
STOPS = "、，。．；：？！"
#: marks whose blank half is on the right and may be compressed
RIGHT_BLANK = frozenset(CLOSING + STOPS)
#: marks whose blank half is on the left and may be compressed
LEFT_BLANK = frozenset(OPENING)
#: every mark that can lose half an em
COMPRESSIBLE = RIGHT_BLANK | LEFT_BLANK
#: brackets and quotes, squeezed first inside a line (CLReq 3.8)
BRACKETS = frozenset(OPENING + CLOSING)
#: 开明式: these stay full width, every other mark is set half width
KAIMING_FULL = frozenset("。？！")

#: line-start prohibition (CLReq 3.1.7 "basic" level plus Latin closing punctuation).
#: The space is here so a break never falls before a space, only after it.
NO_START = frozenset(
    CLOSING + STOPS + "·・‧…‥—–%％‰℃°" + ",.;:?!)]}>" + " \u3000"
)
#: line-end prohibition: opening brackets and currency signs that lead a number
NO_END = frozenset(OPENING + "([{<¥$￥＄£€")

#: punctuation that does not count as a "character" when judging a lone last line (孤字)
MARKS = NO_START | NO_END

#: advance (em) from which a mark counts as full width and so has a blank half
FULL_WIDTH = 0.9
#: space between Han and Latin letters/digits (CLReq 3.2.2), in em: optimum, and how far
#: it may shrink (to its minimum, 1/8 em) or grow (to its maximum, 1/2 em) on a justified line
HAN_LATIN_SPACE = 0.25
HAN_LATIN_SHRINK = 0.125
HAN_LATIN_STRETCH = 0.25
#: marks that give up their blank half inside a line only after brackets and quotes have
#: (CLReq 3.8: the pause marks; 。？！ keep their width except at a line end)
PAUSES = frozenset("，、；：")

#: Han characters and kana, by code point (as a regular expression's class this wide costs
#: `re` ~3 ms to compile at every start)
_HAN_RANGES = ((0x4E00, 0x9FFF), (0x3040, 0x30FF), (0x3400, 0x4DBF), (0xF900, 0xFAFF))
_WESTERN = "A-Za-z0-9\u00c0-\u024f"
_ALNUM = "A-Za-z0-9\u00c0-\u024f"

#: runs of Latin letters, digits and the signs that go with numbers; a Han/Latin
#: boundary is at either end of one (a plain character class: re scans it fast)
WESTERN_RE = re.compile(f"[{_WESTERN}¥$￥%‰％]+")


def is_han(ch: str) -> bool:
    """A Han character (kana included), for checking the neighbours of a Western run."""
    c = ord(ch)
    return any(lo <= c <= hi for lo, hi in _HAN_RANGES)


LEADING_SIGNS = frozenset("¥$￥")
TRAILING_SIGNS = frozenset("%‰％")

#: runs that must not be broken inside: URLs, e-mail-like tokens, Latin words, numbers
#: with their signs (30%, 3.2, ¥100, 7×24, 1,286), and the two-em dash and ellipsis.
#: (The leading lookahead gives re a first-character set to skip Han text quickly.)
RUN_RE = re.compile(
    rf"(?=[hw¥$￥＄£€+{_ALNUM}—…─])"
    r"(?:(?:https?://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'*+,;=%]*[A-Za-z0-9/#=_~\-]"
    rf"|[¥$￥＄£€+]?[{_ALNUM}]+(?:[.,:/×'&@\-][{_ALNUM}]+)*[%‰％℃°]?"
    r"|—{2,}|…{2,}|─{2,})"
)
#: which runs are URLs (broken after / . - ? & =)
URL_START_RE = re.compile(r"https?://|www\.")
#: characters after which a URL or an e-mail address may be broken
URL_BREAK_AFTER = frozenset("/.-?&=")
#: characters after which an over-long URL is broken when nothing better is there
URL_FORCED_AFTER = frozenset("/.-_?&=#")
