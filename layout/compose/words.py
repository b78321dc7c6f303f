"""Where a headline may break: between words, as a Chinese word segmenter finds them.

A headline, kicker or subhead is broken only between words (她把课堂 never becomes
她把课/堂). Words come from rjieba (the jieba segmenter in Rust: its dictionary
loads in about 0.15 s, against jieba's 0.7 s, and it is loaded only when a headline
needs breaking) plus the paper's own names in ``layout/data/headline-words.txt``.
On top of the segmenter: a number stays with the character after it (10月, 200项),
and Latin words and numbers are words of their own.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Any

_NUMBER_UNIT = re.compile(r"[0-9A-Za-z%％.·]")


@lru_cache(maxsize=1)
def _segmenter() -> Any:
    import rjieba

    for line in resources.files("layout").joinpath("data/headline-words.txt").read_text("utf-8").splitlines():
        word = line.split("#", 1)[0].strip()
        if word:
            rjieba.add_word(word, None, None)
    return rjieba


@lru_cache(maxsize=4096)
def word_breaks(text: str) -> frozenset[int]:
    """Positions k (0 < k < len(text)) where a break before text[k] falls between words."""
    cut = _segmenter().cut(text)
    out = set()
    k = 0
    for word in cut[:-1]:
        k += len(word)
        # a number or Latin word keeps the character after it (10月起, 200项, 5G网络)
        if _NUMBER_UNIT.match(text[k - 1]) and not text[k].isspace():
            continue
        out.add(k)
    return frozenset(out)
