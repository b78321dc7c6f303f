"""The layout result: plain data that the painter, the outputs and the tests all read.

Coordinates are PDF points in the page's trim box with the origin at the trim's
top-left corner and y growing downwards (as on the page, as in an image). Nothing
here knows ReportLab; the painter flips y and adds the bleed offset.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model.edition import BlockKind, Cmyk
from .grid import Grid
from .kinds import ProblemKind, TextRole


@dataclass(slots=True)
class GlyphRun:
    """Glyphs of one face and size, each placed explicitly.

    `text` is what the glyphs mean (one character per glyph, what a PDF text tool
    gives back); `gids` are the glyph ids in the face, which may differ from the
    plain cmap glyph (vertical forms). Glyph i's origin on its baseline is at
    (x + dx[i], y + dy[i]); an empty `dy` means every glyph sits on the baseline y.
    `vertical` marks a run set top to bottom (a vertical headline).
    """

    font: str                   # face key (fonts.FontBook)
    size: float                 # pt
    x: float
    y: float
    text: str
    gids: tuple[int, ...]
    dx: tuple[float, ...]
    dy: tuple[float, ...] = ()
    vertical: bool = False
    color: Cmyk | None = None   # None: black
    role: TextRole = TextRole.BODY  # what the run is on the page (flow/kinds.py)
    article: str | None = None
    line: int | None = None     # grid line of a body baseline (1-based), None off the grid


@dataclass(frozen=True, slots=True)
class Rule:
    """A straight line from (x0, y0) to (x1, y1)."""

    x0: float
    y0: float
    x1: float
    y1: float
    width: float
    color: Cmyk


@dataclass(frozen=True, slots=True)
class Box:
    """A rectangle: filled with `fill` (a tint) and/or stroked with `stroke` at `rule` width."""

    x: float
    y: float
    w: float
    h: float
    fill: Cmyk | None = None
    stroke: Cmyk | None = None
    rule: float = 0.0


@dataclass(frozen=True, slots=True)
class ImagePlacement:
    """A photo drawn into the frame (x, y, w, h), clipped to it.

    The image itself is drawn at (ix, iy, iw, ih), which may be larger than the frame
    (crop) or smaller (fit); `pixels` is its size in pixels, `file` its name as the
    edition gives it (for messages), `article` the story it belongs to, if any.
    """

    path: str
    x: float
    y: float
    w: float
    h: float
    ix: float
    iy: float
    iw: float
    ih: float
    file: str = ""
    pixels: tuple[int, int] = (0, 0)
    article: str | None = None

    @property
    def ppi(self) -> float:
        """Effective resolution as placed: pixels per inch of the drawn image."""
        return self.pixels[0] * 72 / self.iw if self.iw > 0 else 0.0


@dataclass(frozen=True, slots=True)
class QrCode:
    """A QR code of `data`, drawn as a vector square of side `size` at (x, y)."""

    data: str
    x: float
    y: float
    size: float


@dataclass(frozen=True, slots=True)
class Link:
    """A clickable area: to a URL, or to a place on another page of the edition."""

    x: float
    y: float
    w: float
    h: float
    url: str | None = None
    page: int | None = None     # 1-based page index in the edition
    dest_y: float | None = None  # where on that page, top-down


@dataclass(slots=True)
class BlockArea:
    """Where a block of the edition landed, for hotspots, checks and previews."""

    kind: BlockKind
    name: str                   # Block.name
    x: float
    y: float
    w: float
    h: float
    article: str | None = None
    chars: int = 0              # body characters set in this block
    underset_lines: int = 0     # empty grid lines left at the bottom
    headline: str | None = None
    index: int = -1             # Block.index: 0-based on its page, template blocks first
    columns: tuple[int, int] = (0, 0)   # grid columns first-last, as laid out
    lines: tuple[int, int] = (0, 0)     # grid lines first-last, as resolved
    body_lines: int = 0         # column-lines left for body text after headline, byline, photos, jump lines
    empty_lines: tuple[int, ...] = ()   # per column of the block: empty grid lines at its foot


@dataclass(slots=True)
class PageResult:
    """One laid-out page: what the painter draws on it, in drawing order, and its links."""

    number: int                 # the printed page number (第N版)
    width: float                # trim, pt
    height: float
    bleed: float
    section: str | None = None
    runs: list[GlyphRun] = field(default_factory=list)   # in reading order
    rules: list[Rule] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)       # drawn first (tints under text)
    images: list[ImagePlacement] = field(default_factory=list)
    qrcodes: list[QrCode] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    blocks: list[BlockArea] = field(default_factory=list)
    slug: list[GlyphRun] = field(default_factory=list)   # the slug line, at (0, 0) on its baseline


@dataclass(slots=True)
class Problem:
    """Something an editor must hear about: overset, missing glyph, RGB photo."""

    kind: ProblemKind           # flow/kinds.py
    message: str
    article: str | None = None
    page: int | None = None
    count: int = 0


@dataclass(slots=True)
class ArticleFit:
    """How an article's body fitted its blocks: characters set per block, overset, underset."""

    id: str
    blocks: list[tuple[int, int]] = field(default_factory=list)  # (page number, chars)
    overset_chars: int = 0
    underset_lines: int = 0
    body_lines: int = 0         # lines the whole body composes to at the column measure
    body_chars: int = 0         # its characters (spaces not counted)


@dataclass(slots=True)
class LayoutResult:
    """The whole edition laid out: its pages, each article's fit and the problems found."""

    pages: list[PageResult]
    articles: list[ArticleFit]
    problems: list[Problem]
    title: str = ""             # paper and date, for metadata
    grid: Grid | None = None    # the page geometry every page was laid out on
