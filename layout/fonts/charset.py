"""The prepared character set: what every face is subset to ahead of time.

GB 2312 (all 6,763 Han characters and its symbols) covers nearly every character a
mainland paper prints; with ASCII, Latin-1, punctuation, full-width and vertical
forms it is ~7,900 characters, small enough to prepare in seconds. Anything else
the source font has is added on demand (see book.FontBook.ensure).
"""

from __future__ import annotations

from functools import lru_cache

from .digest import sha256_hex

RANGES = (
    (0x20, 0x7E),        # ASCII
    (0xA0, 0xFF),        # Latin-1
    (0x2000, 0x206F),    # general punctuation
    (0x3000, 0x303F),    # CJK symbols and punctuation
    (0xFE10, 0xFE19),    # vertical forms
    (0xFE30, 0xFE4F),    # CJK compatibility forms (vertical brackets)
    (0xFF00, 0xFFEF),    # half- and full-width forms
)


def gb2312_chars() -> str:
    """Every character of GB 2312, in code order, as Python's codec enumerates them."""
    # one decode of all row/cell pairs, newline-separated so a bad pair cannot shift the rest
    pairs = b"\n".join(bytes((hi, lo)) for hi in range(0xA1, 0xF8) for lo in range(0xA1, 0xFF))
    return "".join(c for c in pairs.decode("gb2312", errors="replace").split("\n")
                   if len(c) == 1 and c != "\ufffd")


def gb2312_han() -> str:
    return "".join(c for c in gb2312_chars() if 0x4E00 <= ord(c) <= 0x9FFF)


@lru_cache(maxsize=1)
def base_chars() -> frozenset[str]:
    chars = set(gb2312_chars())
    for lo, hi in RANGES:
        chars.update(chr(c) for c in range(lo, hi + 1))
    return frozenset(chars)


def set_hash(chars: frozenset[str] | set[str]) -> str:
    """A short, order-independent id of a character set (part of a cache key)."""
    return sha256_hex("".join(sorted(chars)).encode("utf-8", "surrogatepass"))[:16]


def in_base(ch: str) -> bool:
    """Whether `ch` is in the prepared set, without building the set (the warm path)."""
    c = ord(ch)
    if any(lo <= c <= hi for lo, hi in RANGES):
        return True
    try:
        return len(ch.encode("gb2312")) == 2
    except UnicodeEncodeError:
        return False


BASE_VERSION = "1"   # bump when base_chars() changes


@lru_cache(maxsize=1)
def base_hash() -> str:
    """Id of the prepared set, from its definition (GB 2312 as this Python's codec has it,
    the ranges) rather than from its 7,900 characters, so a warm build need not list them."""
    import sys
    desc = f"base {BASE_VERSION} gb2312 py{sys.version_info[0]}.{sys.version_info[1]} {RANGES!r}"
    return sha256_hex(desc.encode())[:16]


# Vertical presentation forms: horizontal punctuation -> its vertical form, for
# vertical headlines (the glyph is the vertical one, the text stays horizontal).
VERTICAL_FORMS = {
    "，": "︐", "、": "︑", "。": "︒", "：": "︓", "；": "︔", "！": "︕", "？": "︖",
    "〖": "︗", "〗": "︘", "…": "︙", "‥": "︰", "—": "︱", "–": "︲", "＿": "︳",
    "（": "︵", "）": "︶", "｛": "︷", "｝": "︸", "〔": "︹", "〕": "︺", "【": "︻", "】": "︼",
    "《": "︽", "》": "︾", "〈": "︿", "〉": "﹀", "「": "﹁", "」": "﹂", "『": "﹃", "』": "﹄",
    "［": "﹇", "］": "﹈",
}

# In vertical text Chinese quotation marks are set as corner brackets (“” as 「」, ‘’ as
# 『』), drawn with the brackets' vertical forms: not a Unicode vertical form of the quote.
VERTICAL_QUOTES = {"“": "﹁", "”": "﹂", "‘": "﹃", "’": "﹄"}


def vertical_form(ch: str) -> str:
    """The character whose glyph a vertical line draws for `ch` (`ch` itself if none):
    the one table vertical headlines and the font book use."""
    return VERTICAL_FORMS.get(ch) or VERTICAL_QUOTES.get(ch, ch)


def describe_missing(ch: str) -> str:
    """How a message names a character: U+XXXX 'x' (code point first, it always prints);
    a control or format character (ESC, U+202E) by its code point alone."""
    from ..errors import is_hidden

    return f"U+{ord(ch):04X}" if is_hidden(ch) else f"U+{ord(ch):04X} '{ch}'"
