"""Typed model of an edition (format version 1, ../shared/spec/edition-format.md).

Every dataclass carries `loc` (where its mapping starts) and `locs` (where each key's
value starts), so later stages can point an error at the exact value in the YAML.
Lengths are in PDF points; colours are CMYK fractions 0..1.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from .schema import default

if TYPE_CHECKING:   # errors.py imports Loc from here
    from ..errors import Diagnostic

WEEKDAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


@dataclass(frozen=True, slots=True)
class Loc:
    """A position in a source file; line and column are 1-based."""

    file: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


NOWHERE = Loc("<edition>", 1, 1)


@dataclass(frozen=True, slots=True)
class Cmyk:
    """A CMYK colour; components are fractions 0..1 (the YAML gives percentages)."""

    c: float
    m: float
    y: float
    k: float
    none: bool = False  # the colour `none`: nothing is painted


BLACK = Cmyk(0, 0, 0, 1)
RED = Cmyk(0, 1, 1, 0)
NO_COLOUR = Cmyk(0, 0, 0, 0, none=True)


@dataclass(frozen=True, slots=True)
class Span:
    """An inclusive 1-based range of grid columns or grid lines."""

    first: int
    last: int

    @property
    def count(self) -> int:
        return self.last - self.first + 1

    def overlaps(self, other: Span) -> bool:
        return self.first <= other.last and other.first <= self.last


@dataclass(frozen=True, slots=True)
class LinesSpec:
    """A block's `lines` written as `"12-auto"`, `"after-40"` or `"after-auto"`.

    The loader sets a provisional `Block.lines` (first = `first` or 1, last = `last` or
    the last grid line); the flow stage resolves the real span, in block order.
    """

    after: bool                 # starts below the lowest earlier block sharing a column
    auto: bool                  # ends on the last line its content needs
    first: int | None           # the given start (None when `after`)
    last: int | None            # the given end (None when `auto`)
    loc: Loc = NOWHERE          # where the `lines` value is written


@dataclass(slots=True)
class Channel:
    """A masthead QR code: the address it encodes and the label printed under it."""

    label: str
    url: str
    loc: Loc = NOWHERE
    locs: dict[str, Loc] = field(default_factory=dict)


def issue_line(issue: int, serial: int) -> str:
    """The issue line 第N期(总第M期): the one place it is spelled."""
    return f"第{issue}期(总第{serial}期)"


@dataclass(slots=True)
class EditionInfo:
    """The `edition:` section: paper, date, issue and serial, permit, url, channels (the masthead's facts)."""

    paper: str
    date: _dt.date
    issue: int
    serial: int
    permit: str
    url: str
    channels: list[Channel] = field(default_factory=list)
    loc: Loc = NOWHERE
    locs: dict[str, Loc] = field(default_factory=dict)

    @property
    def weekday(self) -> str:
        """星期一…星期日, derived from the date, never typed."""
        return WEEKDAYS[self.date.weekday()]

    @property
    def issue_line(self) -> str:
        """第38期(总第1744期), as the masthead, the slug line and the metadata print it."""
        return issue_line(self.issue, self.serial)

    @property
    def date_cn(self) -> str:
        """The date as a Chinese paper prints it: 2023年9月18日."""
        return f"{self.date.year}年{self.date.month}月{self.date.day}日"


@dataclass(slots=True)
class Margins:
    """Page margins, pt."""

    top: float
    bottom: float
    left: float
    right: float
    loc: Loc = NOWHERE
    locs: dict[str, Loc] = field(default_factory=dict)


@dataclass(slots=True)
class BodyStyle:
    """The body text's face, size and leading; the leading is the line grid's pitch."""

    font: str = default("page.body", "font")         # a font role
    size: float = default("page.body", "size")       # pt
    leading: float = default("page.body", "leading")  # pt, baseline to baseline; defines the line grid
    loc: Loc = NOWHERE
    locs: dict[str, Loc] = field(default_factory=dict)


@dataclass(slots=True)
class PrintOptions:
    """Extension `page.print`: the printing plant's ICC profile and output condition."""

    icc: str | None = None          # path to a CMYK ICC profile (resolved against the edition's folder)
    # defaults and meanings: schema.py, section page.print
    condition: str | None = default("page.print", "condition")
    ink_limit: float = default("page.print", "ink_limit")     # percent
    rich_black: bool = default("page.print", "rich_black")
    min_ppi: float = default("page.print", "min_ppi")
    max_ppi: float = default("page.print", "max_ppi")
    loc: Loc = NOWHERE
    locs: dict[str, Loc] = field(default_factory=dict)


SIZES_MM = {"broadsheet": (390.0, 545.0), "tabloid": (272.0, 390.0)}


@dataclass(slots=True)
class PageSetup:
    """Paper, grid and print settings shared by every page."""

    width: float            # trim width, pt
    height: float           # trim height, pt
    size_name: str          # broadsheet | tabloid | custom
    bleed: float
    margins: Margins
    columns: int = default("page", "columns")
    gutter: float = 9.0     # default 1em of the body size
    body: BodyStyle = field(default_factory=BodyStyle)
    print: PrintOptions = field(default_factory=PrintOptions)
    separation: int = default("page", "separation")  # empty grid lines above an `after` block
    loc: Loc = NOWHERE
    locs: dict[str, Loc] = field(default_factory=dict)


@dataclass(slots=True)
class TextStyle:
    """A built-in text style, overridable under `styles:`.

    `size` None means "choose automatically" (headlines are fitted to their block).
    """

    font: str
    size: float | None
    leading: float | None = None
    color: Cmyk = BLACK
    loc: Loc = NOWHERE
    locs: dict[str, Loc] = field(default_factory=dict)

    @property
    def pt(self) -> float:
        """The size text of this style is set at: every style has one but the headline's,
        which may be left to fit its block."""
        if self.size is None:
            raise ValueError("a style without a size (only a headline's may be fitted)")
        return self.size


# The built-in styles; `styles:` in the YAML overrides keys of these.
STYLE_NAMES = ("headline", "kicker", "subhead", "byline", "caption", "credit", "jump",
               "folio", "masthead", "continued", "intertitle")


@dataclass(slots=True)
class Image:
    """A photo or graphic: the file, its caption and credit, how it is cropped."""

    file: str               # path as written in the YAML
    path: str               # resolved against the edition's folder
    caption: str | None = default("image", "caption")
    credit: str | None = default("image", "credit")
    fit: str = default("image", "fit")          # crop: fill the frame, cropping; fit: letterboxed
    focus: tuple[float, float] = default("image", "focus")  # kept in view when cropping (from top-left)
    height: int | None = default("image", "height")  # grid lines of photo and caption (article images)
    loc: Loc = NOWHERE
    locs: dict[str, Loc] = field(default_factory=dict)


@dataclass(slots=True)
class Article:
    """One story: headline group, byline, copy and images."""

    id: str
    headline: str
    body: str               # as written (for `file:` copy: the file's text)
    # body split at blank lines, single line breaks removed; a forced break (` \\`) is "\n";
    # a `## ` subhead paragraph has its `## ` removed and its index in `subheads`
    paragraphs: list[str]
    kicker: str | None = None       # typed line breaks are kept as "\n" (also in headline, subhead)
    subhead: str | None = None
    byline: str | None = None
    images: list[Image] = field(default_factory=list)
    file: str | None = None         # the copy file, as written, when the copy comes from `file:`
    subheads: frozenset[int] = frozenset()
    paragraph_locs: list[Loc] = field(default_factory=list)  # where each paragraph starts
    loc: Loc = NOWHERE
    locs: dict[str, Loc] = field(default_factory=dict)


@dataclass(slots=True)
class HeadlineOptions:
    """How an article block sets its headline group (lines, columns, orientation, size)."""

    lines: int | None = default("headline", "lines")    # grid lines of the group (None: as needed)
    columns: Span | None = None                         # sub-span of the block's columns
    orient: str = default("headline", "orient")         # horizontal | vertical
    size: float | None = default("headline", "size")    # pt; None: fitted to the block
    loc: Loc = NOWHERE
    locs: dict[str, Loc] = field(default_factory=dict)


@dataclass(slots=True)
class BoxOptions:
    """An article block's frame and tint."""

    rule: float = default("box", "rule")    # pt; 0 for no frame
    tint: Cmyk = NO_COLOUR
    color: Cmyk = BLACK             # rule colour (extension)
    loc: Loc = NOWHERE
    locs: dict[str, Loc] = field(default_factory=dict)


@dataclass(slots=True)
class MastheadOptions:
    """Options of a masthead block (the project's own, all optional)."""

    logo: str | None = None         # an image file to use instead of the typeset name
    logo_path: str | None = None
    color: Cmyk = RED               # colour of the paper's name
    loc: Loc = NOWHERE
    locs: dict[str, Loc] = field(default_factory=dict)


class BlockKind(StrEnum):
    """`Block.kind` (and `BlockArea.kind`): what a block holds; compares equal to its YAML key."""

    MASTHEAD = "masthead"
    ARTICLE = "article"
    IMAGE = "image"
    NONE = "?"          # a block without one of the three, already reported by the loader


@dataclass(slots=True)
class Block:
    """A rectangle on the grid with exactly one of masthead, article, image."""

    kind: BlockKind
    columns: Span
    lines: Span                     # always concrete (provisional while `lines_spec` is unresolved)
    article: str | None = None      # article id: the article of an article block, or of a photo block
    headline: HeadlineOptions | None = None
    box: BoxOptions | None = None
    image: Image | None = None      # for kind == "image"
    masthead: MastheadOptions | None = None
    index: int = 0                  # position within its page (template blocks first), 0-based
    lines_spec: LinesSpec | None = None  # `auto` / `after` lines, for the flow stage to resolve
    loc: Loc = NOWHERE
    locs: dict[str, Loc] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """How messages name the block: `article theme-education`, `image photos/a.jpg`."""
        if self.kind == BlockKind.ARTICLE:
            return f"article {self.article}"
        if self.kind == BlockKind.IMAGE and self.image is not None:
            return f"image {self.image.file}"
        return self.kind


@dataclass(slots=True)
class Page:
    """One page: its number, section, editor and blocks."""

    number: int
    section: str | None = None
    editor: str | None = None
    blocks: list[Block] = field(default_factory=list)
    template: str | None = None     # the template whose blocks come first in `blocks`
    articles: list[str] = field(default_factory=list)  # automatic make-up: ids, most important first
    article_locs: list[Loc] = field(default_factory=list)
    loc: Loc = NOWHERE
    locs: dict[str, Loc] = field(default_factory=dict)


@dataclass(slots=True)
class JumpTemplates:
    """Extension `jumps`: the jump-line templates; {page} is replaced by the page number."""

    to: str = "（下转第{page}版）"
    from_: str = "（上接第{page}版）"
    loc: Loc = NOWHERE
    locs: dict[str, Loc] = field(default_factory=dict)


@dataclass(slots=True)
class Edition:
    """A whole validated edition: what every later stage reads."""

    format: int
    edition: EditionInfo
    page: PageSetup
    fonts: dict[str, str]           # role -> face name or font file, as written; only roles the YAML names
    styles: dict[str, TextStyle]    # every name of STYLE_NAMES, defaults merged with overrides
    articles: list[Article]
    pages: list[Page]
    jumps: JumpTemplates = field(default_factory=JumpTemplates)
    source: str = "<edition>"       # the YAML file's path
    base_dir: str = "."             # folder that relative paths are resolved against
    font_locs: dict[str, Loc] = field(default_factory=dict)  # role -> where its value is
    compose: str = "quanjiao"       # extension: punctuation style, quanjiao (全角式) | kaiming (开明式)
    inputs: list[str] = field(default_factory=list)  # every file the build reads, resolved, first-read order
    read: list[str] = field(default_factory=list)    # those of `inputs` whose content made this model (the rest it only names)
    proofing: list[Diagnostic] = field(default_factory=list)  # proofing warnings, located
    loc: Loc = NOWHERE
    locs: dict[str, Loc] = field(default_factory=dict)

    def article(self, article_id: str) -> Article:
        for a in self.articles:
            if a.id == article_id:
                return a
        raise KeyError(article_id)
