"""Layout problems pointed at the YAML: `FILE:LINE:COL: message`, as input errors are.

The flow stage reports overset, underset, headline room and missing glyphs by article
and page; the place an editor changes to mend one is the `lines` of that article's
block on that page (overset, underset, room), or the article itself.
"""

from __future__ import annotations

from typing import Any

from ..errors import printable
from ..flow.kinds import ProblemKind
from ..model.edition import Edition, Loc


def locate(edition: Edition, article: str | None, page: int | None) -> Loc:
    """Where to look: the article's (last) block on `page`, else the article, else the page."""
    pages = [p for p in edition.pages if page is None or p.number == page]
    if article is not None:
        blocks = [b for p in pages for b in p.blocks if b.article == article]
        if blocks:
            return blocks[-1].locs.get("lines", blocks[-1].loc)
        for a in edition.articles:
            if a.id == article:
                return a.loc
    if page is not None and pages:
        return pages[0].loc
    return Loc(edition.source, 1, 1)


def located_problems(b: Any) -> list[dict[str, str]]:
    """Every problem of a build (commands.Build) with its place: layout problems, then the
    edition's proofing warnings when the model gives them."""
    out = []
    for p in b.result.problems:
        where = str(locate(b.edition, p.article, p.page))
        out.append({"kind": p.kind, "where": where, "message": p.message,
                    "text": printable(f"{where}: {p.message}")})
    for d in getattr(b.edition, "proofing", None) or []:
        out.append({"kind": ProblemKind.PROOFING, "where": str(d.loc), "message": d.message, "text": str(d)})
    return out
