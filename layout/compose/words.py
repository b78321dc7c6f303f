"""Where a headline may break: between words, as a Chinese word segmenter finds them.

A headline, kicker or subhead is broken only between words (她把课堂 never becomes
她把课/堂). Words come from rjieba (the jieba segmenter in Rust: its dictionary
loads in about 0.15 s, against jieba's 0.7 s, and it is loaded only when a headline
needs breaking, and then only for a headline not segmented before: the breaks found
are kept on disk) plus the paper's own names in ``layout/data/headline-words.txt``.
On top of the segmenter: a number stays with the character after it (10月, 200项),
and Latin words and numbers are words of their own.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

_NUMBER_UNIT = re.compile(r"[0-9A-Za-z%％.·]")
# package data, in the wheel too (a path, not importlib.resources: that import costs ~3 ms at every start)
_WORDS = Path(__file__).resolve().parent.parent / "data" / "headline-words.txt"


@lru_cache(maxsize=1)
def _segmenter() -> Any:
    import rjieba

    for line in _WORDS.read_text("utf-8").splitlines():
        word = line.split("#", 1)[0].strip()
        if word:
            rjieba.add_word(word, None, None)
    return rjieba


# The word breaks of every headline seen are kept on disk (the cache root's `words/`), by
# the segmenter and the paper's word list: an edition rebuilt with the same headlines —
# every save but the one that changes a headline — then never loads the segmenter's
# dictionary (~0.15 s, most of a check's layout). Only a speed-up: a cache that cannot be
# read or written is ignored.
_MAX_STORED = 20_000
_stored: dict[str, list[int]] | None = None
_new: dict[str, list[int]] = {}


def _store_path() -> Any:
    import importlib.util
    import os

    from ..fonts.cache import subfolder
    from ..fonts.digest import sha256_hex

    d = subfolder("words")
    spec = importlib.util.find_spec("rjieba")
    if d is None or spec is None or spec.origin is None:
        return None
    st = os.stat(spec.origin)
    words = _WORDS.read_bytes()
    key = sha256_hex(f"{spec.origin}|{st.st_size}|{st.st_mtime_ns}|".encode() + words)[:24]
    return d / f"{key}.bin"


def _stored_breaks() -> dict[str, list[int]]:
    global _stored
    if _stored is None:
        from ..fonts.cache import read_checked

        path = _store_path()
        data = read_checked(path) if path is not None else None
        breaks = data.get("breaks") if data else None
        _stored = breaks if isinstance(breaks, dict) else {}
    return _stored


def _save_new() -> None:
    """At exit: the headlines this run segmented join the stored ones."""
    if not _new:
        return
    from ..errors import OutputError
    from ..fonts.cache import read_checked, write_checked

    try:
        path = _store_path()
        if path is None:
            return
        data = read_checked(path)
        breaks = data.get("breaks") if data else None
        merged = breaks if isinstance(breaks, dict) and len(breaks) < _MAX_STORED else {}
        merged.update(_new)
        write_checked(path, {"breaks": merged})
        _new.clear()
    except (OSError, OutputError):
        pass


@lru_cache(maxsize=4096)
def word_breaks(text: str) -> frozenset[int]:
    """Positions k (0 < k < len(text)) where a break before text[k] falls between words."""
    hit = _stored_breaks().get(text)
    if isinstance(hit, list):
        return frozenset(hit)
    out = _segmented_breaks(text)
    if not _new:
        import atexit

        atexit.register(_save_new)
    _new[text] = sorted(out)
    return out


def _segmented_breaks(text: str) -> frozenset[int]:
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
