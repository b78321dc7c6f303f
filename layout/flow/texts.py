"""Every text the layout will draw, by the font role that draws it, known before anything is measured.

The fonts stage prepares a character that is not in a face's base set only when asked
(`FontBook.ensure`); a width lookup of one it was not asked for prepares it on the spot,
mid-layout. So the caller asks for all of them first, from this list, and the furniture's
texts come from the same functions the furniture sets them with (`furniture.py`).
"""

from __future__ import annotations

from ..model.edition import Edition
from .furniture import folio_texts, masthead_lines, slug_text


def text_by_role(ed: Edition) -> dict[str, set[str]]:
    """The characters each font role will draw in this edition (a superset at most)."""
    st = ed.styles
    by_role: dict[str, set[str]] = {}

    def add(role: str, *texts: str | None) -> None:
        chars = by_role.setdefault(role, set())
        for t in texts:
            if t:
                chars.update(t)

    e = ed.edition
    for a in ed.articles:
        add(ed.page.body.font, *(p for i, p in enumerate(a.paragraphs) if i not in a.subheads))
        add(st["intertitle"].font, *(a.paragraphs[i] for i in a.subheads))
        add(st["headline"].font, a.headline)
        add(st["continued"].font, a.headline)
        add(st["kicker"].font, a.kicker)
        add(st["subhead"].font, a.subhead)
        add(st["byline"].font, a.byline)
        for im in a.images:
            add(st["caption"].font, im.caption)
            add(st["credit"].font, im.credit)
    for p in ed.pages:
        add(st["folio"].font, *folio_texts(ed, p), slug_text(ed, p.number, p.section))
        for b in p.blocks:
            if b.image is not None:
                add(st["caption"].font, b.image.caption)
                add(st["credit"].font, b.image.credit)
        for template in (ed.jumps.to, ed.jumps.from_):
            add(st["jump"].font, template.replace("{page}", str(p.number)))
    add(st["masthead"].font, e.paper)
    add(st["folio"].font, *masthead_lines(ed), *(c.label for c in e.channels))
    for chars in by_role.values():
        chars.discard("\n")
        chars.add("-")          # the composer measures its hyphen for every paragraph (compose/para.py)
    return by_role
