"""Turn positioned characters into glyph runs of one face each; report missing glyphs.

Every piece of text on a page (body lines, headlines, bylines, labels) passes
through here, so the fallback chain and the missing-glyph report live in one place.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..fonts.charset import describe_missing
from ..model.edition import Cmyk
from .kinds import ProblemKind, TextRole
from .result import GlyphRun, Problem

if TYPE_CHECKING:
    from ..fonts.book import Face, FontBook, FontStack

_SPACE = re.compile(r"\s")

# Composed paragraphs, kept across layouts in one process (`layout serve` lays the
# edition out again on every save): keyed by the text, the faces of the role, size,
# measure and every composer option, so an unchanged paragraph is not composed again.
_PARAGRAPHS: OrderedDict[tuple[Any, ...], list[Any]] = OrderedDict()
_PARAGRAPHS_KEPT = 4096


@dataclass
class Typesetter:
    """Knows the font book; collects missing-glyph problems while setting text."""

    book: FontBook
    problems: list[Problem] = field(default_factory=list)
    _reported: set[tuple[str, str | None, int | None]] = field(default_factory=set)
    _face_keys: dict[str, tuple[str, ...]] = field(default_factory=dict)    # role -> its faces, for the memo's key
    kept_as: str | None = None      # the edition's path: its body paragraphs kept on disk (compose/kept.py)

    def stack(self, role: str) -> FontStack:
        return self.book.stack(role)

    def paragraph(self, text: str, role: str, size: float, measure: float, **options: Any) -> list[Any]:
        """`compose_paragraph` of `text` in `role`'s faces, memoised (see _PARAGRAPHS), and
        kept on disk across runs by the program (compose/kept.py)."""
        from ..compose.kept import compose_body

        stack = self.book.stack(role)
        faces = self._face_keys.get(role)
        if faces is None:
            faces = self._face_keys[role] = tuple(f.key for f in stack.faces)
        key = (text, faces, size, measure, tuple(sorted(options.items())))
        lines = _PARAGRAPHS.get(key)
        if lines is None:
            lines = _PARAGRAPHS[key] = compose_body(self.kept_as, text, stack, size, measure, **options)
            if len(_PARAGRAPHS) > _PARAGRAPHS_KEPT:
                _PARAGRAPHS.popitem(last=False)
        else:
            _PARAGRAPHS.move_to_end(key)
        return list(lines)

    def width(self, text: str, role: str, size: float) -> float:
        """Natural width of `text` set solid."""
        stack = self.book.stack(role)
        widths = stack.widths
        adv = stack.advance
        return sum(widths.get(ch) or adv(ch) for ch in text) * size

    def solid_xs(self, text: str, role: str, size: float, tracking: float = 0.0) -> tuple[list[float], float]:
        """x of each glyph set solid (plus `tracking` pt between glyphs) and the total width."""
        stack = self.book.stack(role)
        widths = stack.widths
        adv = stack.advance
        xs: list[float] = []
        x = 0.0
        for ch in text:
            xs.append(x)
            x += (widths.get(ch) or adv(ch)) * size + tracking
        return xs, (x - tracking if text else 0.0)

    def runs(self, text: str, xs: list[float], role: str, size: float, x: float, y: float, *,
             kind: TextRole, article: str | None = None, page: int | None = None,
             color: Cmyk | None = None, line: int | None = None,
             ys: list[float] | None = None, glyph_text: str | None = None,
             vertical: bool = False) -> list[GlyphRun]:
        """Glyph runs for `text` with glyph origins at (x + xs[i], y [+ ys[i]]).

        `glyph_text`, when given, names the characters whose glyphs are drawn (e.g.
        vertical forms) while `text` stays what the reader's copy gives back.
        Whitespace is not drawn; a character no face has is reported, never drawn.
        """
        if glyph_text is None and ys is None:
            return self.line_runs([(text, xs, x, y, line)], role, size, kind=kind, article=article, page=page,
                                  color=color)
        return self._mixed_runs(self.book.stack(role), text, xs, size, x, y, kind=kind, article=article,
                                page=page, color=color, line=line, ys=ys, glyph_text=glyph_text,
                                vertical=vertical)

    def line_runs(self, lines: Iterable[tuple[str, list[float], float, float, int | None]], role: str,
                  size: float, *, kind: TextRole, article: str | None = None, page: int | None = None,
                  color: Cmyk | None = None) -> list[GlyphRun]:
        """The runs of many lines in one role, size and colour, each line (text, xs, x, y,
        grid line) as `runs` would set it: the body's thousands of lines in one call."""
        stack = self.book.stack(role)
        primary = stack.faces[0]
        font, code, space = primary.key, primary.gids.__getitem__, _SPACE.search
        out: list[GlyphRun] = []
        for text, xs, x, y, line in lines:
            # the common case: every character in the role's primary face, no spaces
            try:
                gids: tuple[int, ...] | None = tuple(map(code, text))
            except KeyError:
                gids = None
            if gids is not None and space(text) is None:
                if text:    # positional: the keywords of a 13-field dataclass cost more than the rest
                    out.append(GlyphRun(font, size, x, y, text, gids, tuple(xs), (), False, color, kind, article, line))
            else:
                out += self._mixed_runs(stack, text, xs, size, x, y, kind=kind, article=article, page=page,
                                        color=color, line=line, ys=None, glyph_text=None, vertical=False)
        return out

    def _mixed_runs(self, stack: FontStack, text: str, xs: list[float], size: float, x: float, y: float, *,
                    kind: TextRole, article: str | None, page: int | None, color: Cmyk | None,
                    line: int | None, ys: list[float] | None, glyph_text: str | None,
                    vertical: bool) -> list[GlyphRun]:
        """The general case: fallback faces, spaces, vertical forms, missing glyphs.

        Kept apart from `runs` because its closure makes every call slower."""
        drawn = glyph_text if glyph_text is not None else text
        out: list[GlyphRun] = []
        cur_face: Face | None = None
        chars: list[str] = []
        gids: list[int] = []
        dxs: list[float] = []
        dys: list[float] = []

        def flush() -> None:
            if chars:
                assert cur_face is not None
                out.append(GlyphRun(
                    font=cur_face.key, size=size, x=x, y=y, text="".join(chars), gids=tuple(gids),
                    dx=tuple(dxs), dy=tuple(dys) if ys is not None else (), vertical=vertical,
                    color=color, role=kind, article=article, line=line))
            chars.clear()
            gids.clear()
            dxs.clear()
            dys.clear()

        for i, ch in enumerate(text):
            if ch.isspace():
                continue
            g = drawn[i]
            face = stack.face_of(g)
            if face is None and g != ch:
                g = ch
                face = stack.face_of(ch)
            if face is None:
                self.missing(ch, article, page)
                continue
            if face is not cur_face:
                flush()
                cur_face = face
            chars.append(ch)
            gids.append(face.gids[g])
            dxs.append(xs[i])
            if ys is not None:
                dys.append(ys[i])
        flush()
        return out

    def missing(self, ch: str, article: str | None, page: int | None) -> None:
        key = (ch, article, page)
        if key in self._reported:
            return
        self._reported.add(key)
        where = f"article {article}" if article else "page furniture"
        self.problems.append(Problem(
            kind=ProblemKind.MISSING_GLYPH, message=f"missing glyph {describe_missing(ch)} in {where}, page {page}",
            article=article, page=page, count=1))
