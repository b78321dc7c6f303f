"""The edition schema: every key of every mapping, in one table.

Each `Field` says a key's kind, unit, default, allowed values and what it means. The
table drives the loader's key checking (unknown, missing, "did you mean"), the reading
of every plain value (`_Reader.fill` / `_Reader.field`: the located error for a value of
the wrong kind or out of range comes from the field's own limits), the model's
defaults, and the key tables of docs/format.md (`python -m layout.model.schema` writes
them; a test checks that the docs match). Rules that tie one field to another (a
leading below its size, blocks that overlap) stay as code in the loader.

Adding an optional key is one `Field` here plus its use: a plain value with `attr`
is read onto the model object by `fill`, with its default from `default()`.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Field kinds and how the docs name them
KINDS = {
    "text": "text", "int": "whole number", "number": "number", "bool": "true/false", "length": "length",
    "colour": "colour", "range": "range", "choice": "one of", "file": "file", "role": "font role",
    "map": "mapping", "list": "list", "date": "date", "lines": "line range",
}
PLAIN = ("text", "int", "number", "bool", "length", "colour", "choice", "file", "role")


@dataclass(frozen=True, slots=True)
class Field:
    """One key of a section: its kind, its documentation and the model's default."""

    key: str
    kind: str
    doc: str
    default: object = None          # the model's value when the key is absent
    shown: str = "—"                # the default as the docs show it
    required: bool = False
    lo: float | None = None         # limits: for lengths in pt
    hi: float | None = None
    hi_text: str = ""               # how a message names `hi` for a length (e.g. 25mm)
    choices: tuple[str, ...] = ()
    attr: str | None = None         # the model attribute `fill` sets (None: the loader reads it itself)
    extension: bool = False         # the project's own key, not in the format contract


@dataclass(frozen=True, slots=True)
class Section:
    """A mapping of the edition format and its keys, as the docs and the loader know them."""

    name: str                       # where the mapping is: `page.print`; messages name fields `name.key`
    title: str                      # the docs' heading
    fields: tuple[Field, ...]

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.fields)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.fields if f.required)

    def field(self, key: str) -> Field:
        for f in self.fields:
            if f.key == key:
                return f
        raise KeyError(f"{self.name}.{key}")


MM = 72.0 / 25.4
MIN_STYLE_PT, MAX_STYLE_PT = 3.0, 400.0
MAX_RULE_PT = 20.0
MAX_PPI = 2400.0

F = Field
SECTIONS: tuple[Section, ...] = (
    Section("edition file", "Top level", (
        F("format", "int", "format version; any other value is an error naming the supported one", required=True),
        F("edition", "map", "what the masthead and folio lines print", required=True),
        F("page", "map", "paper, margins and the grid shared by all pages", required=True),
        F("fonts", "map", "font role → family in the font catalogue, or a font file"),
        F("styles", "map", "overrides of the built-in text styles"),
        F("articles", "list", "the copy (稿件)", required=True),
        F("pages", "list", "the pages in order (版面)", required=True),
        F("jumps", "map", "jump-line templates", extension=True),
        F("compose", "choice", "punctuation style: 全角式 (compressed) or 开明式", "quanjiao", "`quanjiao`",
          choices=("quanjiao", "kaiming"), extension=True),
        F("proofing", "bool", "list proofing warnings (校对提示) for the copy", True, "`true`", extension=True),
        F("extends", "file", "a base file read first and merged under this one (path relative to this file)"),
        F("templates", "map", "named page furniture: name → {section, editor, blocks}"),
    )),
    Section("edition", "`edition`", (
        F("paper", "text", "newspaper name, printed in masthead and folio lines", required=True),
        F("date", "date", "ISO date; the weekday is derived, never typed", required=True),
        F("issue", "int", "issue number of the year (第N期)", required=True, lo=1, hi=100_000),
        F("serial", "int", "running number since the first issue (总第N期)", required=True, lo=1, hi=10_000_000),
        F("permit", "text", "permit line", required=True),
        F("url", "text", "the e-paper address, printed and linked", required=True),
        F("channels", "list", "`{label, url}` items: a QR code in the masthead each, label under it"),
    )),
    Section("edition.channels item", "`edition.channels` items", (
        F("label", "text", "printed under the QR code", required=True),
        F("url", "text", "what the QR code holds", required=True),
    )),
    Section("page", "`page`", (
        F("size", "choice", "`broadsheet` (390 × 545 mm), `tabloid` (272 × 390 mm) or `[width, height]`",
          "broadsheet", "`broadsheet`", choices=("broadsheet", "tabloid", "[width, height]")),
        F("bleed", "length", "bleed beyond the trim on every side", 3 * MM, "`3mm`", hi=25 * MM, hi_text="25mm"),
        F("margins", "map", "`{top, bottom, left, right}` from the trim edge to the type area", required=True),
        F("columns", "int", "grid columns (栏) in the type area", 8, "`8`", lo=1, hi=40),
        F("gutter", "length", "space between columns (栏间距)", None, "`1em`", hi=100 * MM, hi_text="100mm"),
        F("body", "map", "`{font, size, leading}`: the body style; `leading` defines the line grid"),
        F("print", "map", "the printing plant's profile and limits", extension=True),
        F("separation", "int", "empty grid lines between an `after` block and the block above it", 1, "`1`",
          lo=0, hi=20, attr="separation"),
    )),
    Section("page.margins", "`page.margins`", tuple(
        F(k, "length", f"{k} margin, from the trim edge", required=True, hi=2000 * MM, hi_text="2 m")
        for k in ("top", "bottom", "left", "right"))),
    Section("page.body", "`page.body`", (
        F("font", "role", "font role of the body", "song", "`song`"),
        F("size", "length", "body size (`em` is refused here: it is the em)", 9.0, "`9pt`", lo=4.0, hi=72.0),
        F("leading", "length", "baseline to baseline; defines the line grid", 14.0, "`14pt`"),
    )),
    Section("page.print", "`page.print`", (
        F("icc", "file", "the printing plant's CMYK ICC profile", None, "the default profile (docs/print.md)", attr="icc",
          extension=True),
        F("condition", "text", "output condition identifier of the PDF/X output intent", None,
          "`CGATS TR 002` (`Custom` with a plant's `icc`)", attr="condition", extension=True),
        F("ink_limit", "number", "total area coverage limit, percent", 240.0, "`240`", lo=100, hi=400,
          attr="ink_limit", extension=True),
        F("rich_black", "bool", "headlines over 36 pt and the masthead in rich black", False, "`false`",
          attr="rich_black", extension=True),
        F("min_ppi", "number", "a photo below this effective resolution is reported", 150.0, "`150`",
          lo=1, hi=MAX_PPI, attr="min_ppi"),
        F("max_ppi", "number", "photos above 1.5 × this are downsampled in the print PDF", 300.0, "`300`",
          lo=1, hi=MAX_PPI, attr="max_ppi"),
    )),
    Section("styles", "`styles.NAME` (any built-in style)", (
        F("font", "role", "font role"),
        F("size", "length", "size, or `auto` (fitted to the block)", lo=MIN_STYLE_PT, hi=MAX_STYLE_PT),
        F("leading", "length", "baseline to baseline (at least the size)", hi=MAX_STYLE_PT * 5),
        F("color", "colour", "text colour"),
    )),
    Section("jumps", "`jumps`", (
        F("to", "text", "the jump line ending a part; `{page}` is the next part's page", None,
          "`（下转第{page}版）`", extension=True),
        F("from", "text", "the jump line opening a part; `{page}` is the previous part's page", None,
          "`（上接第{page}版）`", extension=True),
    )),
    Section("article", "`articles` items", (
        F("id", "text", "unique, `[a-z0-9-]`", required=True),
        F("kicker", "text", "引题, above the headline (a typed line break is kept)"),
        F("headline", "text", "主题 (a typed line break is where the line breaks)", required=True),
        F("subhead", "text", "副题, below the headline (a typed line break is kept)"),
        F("byline", "text", "byline"),
        F("body", "text", "paragraphs separated by a blank line; `## ` subheads; ` \\` forced breaks"),
        F("file", "file", "`.txt` (UTF-8 or GB18030) or `.docx` copy instead of `body`"),
        F("images", "list", "photos that belong to the article"),
    )),
    Section("image", "images (`images` items and `image` blocks)", (
        F("file", "file", "the photo", required=True),
        F("caption", "text", "set under the photo", attr="caption"),
        F("credit", "text", "photographer's credit, under the caption, flush right", attr="credit",
          extension=True),
        F("fit", "choice", "`crop` fills the frame, trimming; `fit` shows all of it", "crop", "`crop`",
          choices=("crop", "fit"), attr="fit", extension=True),
        F("focus", "list", "`[x, y]`: the point kept in view when cropping (fractions from the top-left)",
          (0.5, 0.5), "`[0.5, 0.5]`"),
        F("height", "int", "grid lines the photo and its caption take (an article's images)", None,
          "as it needs", lo=1),
    )),
    Section("page item", "`pages` items", (
        F("number", "int", "optional; pages are numbered in order from 1", lo=1),
        F("section", "text", "版名, printed in the folio line"),
        F("editor", "text", "责任编辑, printed in the folio line"),
        F("template", "text", "a template whose blocks come first; its section/editor unless the page's own"),
        F("blocks", "list", "the page's blocks (needed unless `articles` or `template` gives them)"),
        F("articles", "list", "article ids, most important first, placed by automatic make-up"),
    )),
    Section("template", "`templates` items", (
        F("section", "text", "the pages' section"),
        F("editor", "text", "the pages' editor"),
        F("blocks", "list", "blocks put first on every page using the template"),
    )),
    Section("block", "blocks", (
        F("masthead", "map", "a masthead block (options below)"),
        F("article", "text", "an article block: the article's id; with `image`, the photo's article"),
        F("image", "map", "a photo block"),
        F("columns", "range", "grid columns, e.g. `2-5`", required=True),
        F("lines", "lines", "grid lines: `13-70`, `12-auto`, `after-40`, `after-auto`", required=True),
        F("headline", "map", "headline group options (article blocks)"),
        F("box", "map", "a boxed sub-article (article blocks)"),
    )),
    Section("headline", "block `headline`", (
        F("lines", "int", "grid lines the headline group takes", None, "as it needs", lo=1),
        F("columns", "range", "sub-span of the block's columns", None, "the block's"),
        F("orient", "choice", "horizontal, or vertical at the block's right side", "horizontal", "`horizontal`",
          choices=("horizontal", "vertical"), attr="orient"),
        F("size", "length", "the headline's size (never shrunk; reported if it does not fit)", None,
          "fitted to the block", lo=MIN_STYLE_PT, hi=MAX_STYLE_PT, attr="size"),
    )),
    Section("box", "block `box`", (
        F("rule", "length", "frame weight; 0 for none", 0.5, "`0.5pt`", hi=MAX_RULE_PT, attr="rule"),
        F("tint", "colour", "fill", None, "`none`", attr="tint"),
        F("color", "colour", "colour of the frame", None, "`black`", attr="color", extension=True),
    )),
    Section("masthead", "block `masthead`", (
        F("logo", "file", "an image set instead of the typeset paper name", extension=True),
        F("color", "colour", "colour of the typeset paper name", None, "`red`", attr="color", extension=True),
    )),
)

SCHEMA: dict[str, Section] = {s.name: s for s in SECTIONS}


def default(section: str, key: str) -> Any:
    """The model's default for a key (the dataclasses in edition.py take theirs from here)."""
    return SCHEMA[section].field(key).default


def suggest(name: str, choices: tuple[str, ...] | list[str] | set[str]) -> str:
    """'; did you mean 'columns'?' for a near miss, else the empty string (the one such helper)."""
    import difflib  # only when a name is wrong: not at every start

    close = difflib.get_close_matches(name, sorted(choices) if isinstance(choices, set) else list(choices),
                                      n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


# -- the docs' key tables ------------------------------------------------------------------------

DOCS_BEGIN = "<!-- key tables: generated by `python -m layout.model.schema`; do not edit by hand -->"
DOCS_END = "<!-- end of key tables -->"


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _allowed(f: Field) -> str:
    if f.choices:
        return ", ".join(f"`{c}`" for c in f.choices)
    if f.kind == "length":
        limits = []
        if f.lo:
            limits.append(f"≥ {_num(f.lo)}pt")
        if f.hi is not None:
            limits.append(f"≤ {f.hi_text or f'{_num(f.hi)}pt'}")
        return " ".join(limits) if limits else "≥ 0"
    if f.kind in ("int", "number") and (f.lo is not None or f.hi is not None):
        lo = "" if f.lo is None else _num(f.lo)
        return f"{lo}–{_num(f.hi)}" if f.hi is not None else f"≥ {lo}"
    return ""


def docs_tables() -> str:
    """Markdown: one table per mapping, every key with kind, default, allowed values and meaning."""
    out = [DOCS_BEGIN]
    for s in SECTIONS:
        out += ["", f"### {s.title}", "| key | kind | default | allowed | meaning |", "|---|---|---|---|---|"]
        for f in s.fields:
            default_text = "required" if f.required else f.shown
            mark = " (ext.)" if f.extension else ""
            out.append(f"| `{f.key}`{mark} | {KINDS[f.kind]} | {default_text} | {_allowed(f)} | "
                       f"{f.doc.replace('|', '&#124;')} |")
    out += ["", DOCS_END]
    return "\n".join(out)


def write_docs(path: Path) -> bool:
    """Put the tables between the markers of `path`; True when the file changed."""
    text = path.read_text(encoding="utf-8")
    start, end = text.index(DOCS_BEGIN), text.index(DOCS_END) + len(DOCS_END)
    new = text[:start] + docs_tables() + text[end:]
    if new != text:
        path.write_text(new, encoding="utf-8")
    return new != text


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/format.md")
    print(f"{target}: {'updated' if write_docs(target) else 'unchanged'}")
