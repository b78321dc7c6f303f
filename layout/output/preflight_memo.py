"""Which pages' content the print's preflight found clean before.

Parsing a page's content stream is most of the preflight (≈ 2.8 ms a broadsheet page,
in qpdf). A page is not parsed again when everything its content check reads is byte
for byte what a page found clean before had, under the same limits, by the same
checker: its content streams, the resources they use but the fonts (graphics states,
colour spaces, patterns, shadings, images and forms, with their streams' bytes and
everything they refer to), its annotations and its boxes. The page's fonts are left
out of the key because the check reads nothing of them but whether they are embedded,
which `Checker.page_fonts` checks every time: text added on one page puts new glyphs
in the fonts every page shares, and an editor who re-prints after changing one page
should have only that page parsed again.

The verdicts are kept in the cache folder `preflight`, like the font programs; a
verdict that cannot be read or written costs time, never the answer. Only "clean" is
kept: a page with a failure is always checked, so its lines are exact.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path
from typing import Any

FOLDER = "preflight"
KEPT = 512                  # verdicts kept: a few dozen editions of pages
_BACK_LINKS = ("/P", "/Parent")     # an annotation's page, a node's parent: not read by the check


@functools.cache
def _checker_digest() -> str | None:
    """The checker's own code: a changed rule invalidates every verdict. None when a
    source cannot be read: then no verdict is used or kept (a checker whose code cannot
    be named could be a changed one)."""
    from . import preflight

    h = hashlib.sha256()
    try:
        for module in (preflight.__file__, __file__):
            h.update(Path(module).read_bytes())
    except OSError:
        return None
    return h.hexdigest()


def page_keys(pdf: Any, ink_limit: float, min_ppi: float, known_inks: dict[str, float]) -> list[str] | None:
    """One key per page of the open pikepdf `pdf`, in page order; None when the
    checker's code cannot be named."""
    code = _checker_digest()
    if code is None:
        return None
    params = repr((code, float(ink_limit), float(min_ppi), sorted(known_inks.items())))
    memo: dict[tuple[int, int], bytes] = {}
    keys = []
    for page in pdf.pages:
        obj = page.obj
        h = hashlib.sha256(params.encode())
        for name in ("/Contents", "/Annots", "/MediaBox", "/CropBox", "/BleedBox", "/TrimBox", "/ArtBox"):
            h.update(name.encode())
            _feed(obj.get(name), h, memo)
        resources = obj.get("/Resources")
        if resources is not None:
            for name in sorted(resources.keys()):
                if name != "/Font":
                    h.update(name.encode())
                    _feed(resources[name], h, memo)
        keys.append(h.hexdigest())
    return keys


def _feed(obj: Any, h: Any, memo: dict[tuple[int, int], bytes]) -> None:
    """`obj` and everything it refers to, into the digest `h`; an indirect object is
    digested once (`memo`), and a reference back to one being digested is a fixed mark."""
    import pikepdf

    if isinstance(obj, pikepdf.Object) and obj.is_indirect:
        og = obj.objgen
        digest = memo.get(og)
        if digest is None:
            memo[og] = b"cycle"
            sub = hashlib.sha256()
            _feed_direct(obj, sub, memo)
            digest = memo[og] = sub.digest()
        h.update(b"R" + digest)
        return
    _feed_direct(obj, h, memo)


def _feed_direct(obj: Any, h: Any, memo: dict[tuple[int, int], bytes]) -> None:
    import pikepdf

    if isinstance(obj, pikepdf.Stream):
        h.update(b"S")
        _feed_direct(obj.stream_dict, h, memo)
        h.update(hashlib.sha256(obj.read_raw_bytes()).digest())
    elif isinstance(obj, pikepdf.Dictionary):
        h.update(b"D")
        for name in sorted(obj.keys()):
            if name not in _BACK_LINKS:
                h.update(name.encode())
                _feed(obj[name], h, memo)
        h.update(b"d")
    elif isinstance(obj, pikepdf.Array):
        h.update(b"A")
        for item in obj:
            _feed(item, h, memo)
        h.update(b"a")
    else:
        h.update(type(obj).__name__.encode() + b":" + repr(obj).encode() + b";")


def found_clean(key: str) -> bool:
    from ..fonts.cache import kept_value

    return kept_value(FOLDER, key[:32] + ".bin", key) is True


def remember_clean(keys: list[str]) -> None:
    from ..fonts.cache import keep_value

    for i, key in enumerate(keys):
        keep_value(FOLDER, key[:32] + ".bin", key, True, keep=KEPT if i == len(keys) - 1 else None)
