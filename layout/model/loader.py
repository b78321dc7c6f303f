"""Load and validate an edition YAML file (format 1, ../shared/spec/edition-format.md).

The loader keeps going after a problem so that one run reports every problem in
the file (EditionError sorts them into file order). Each message points at the
offending value, which is why every parser below takes the located `YNode`.

Besides the spec's keys it reads the project's optional extensions: `page.print`
{icc, condition, ink_limit, rich_black}, top-level `jumps` {to, from} (templates
with `{page}`), top-level `compose` (quanjiao | kaiming), `box.color`, masthead
{logo, color}, image {credit, fit: crop | fit}, and `size: auto` in `styles`.
Bare numbers are points, as the spec says; `em` is the body size (and so is
refused in `page.body.size` itself).

Every mapping's keys, and every plain value's kind, limits and default, come from
the schema (schema.py): `mapping` checks keys against it, `field`/`fill` read plain
values by it. What stays here is what ties values together (ranges against the grid,
overlaps, a leading below its size, templates, `extends`, copy files).
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
from collections.abc import Callable
from typing import Any, TypeVar

from ..errors import Diagnostic, EditionError
from ..flow.geometry import is_auto
from ..flow.grid import Grid
from .copytext import COPY_SUFFIXES, Copy, Origin, join_lines, read_copy_file, split_copy, split_paragraphs
from .edition import (
    SIZES_MM,
    STYLE_NAMES,
    Article,
    Block,
    BlockKind,
    BodyStyle,
    BoxOptions,
    Channel,
    Cmyk,
    Edition,
    EditionInfo,
    HeadlineOptions,
    Image,
    JumpTemplates,
    LinesSpec,
    Loc,
    Margins,
    MastheadOptions,
    Page,
    PageSetup,
    PrintOptions,
    Span,
    TextStyle,
)
from .proofing import proof_paragraph, proof_text
from .schema import MAX_STYLE_PT, MIN_STYLE_PT, SCHEMA, Field, Section, suggest
from .styles import default_styles
from .units import PT_PER_UNIT, UnitError, parse_colour, parse_length, parse_range, shown
from .yamlsource import YNode, parse_yaml, read_text

__all__ = ["load_edition", "load_edition_text", "suggest", "join_lines", "split_paragraphs"]

SUPPORTED_FORMAT = 1
MM = PT_PER_UNIT["mm"]

# Limits beyond which a value is a typo, not a design.
MIN_PAGE_MM, MAX_PAGE_MM = 100.0, 2000.0

ID_RE = re.compile(r"^[a-z0-9-]+$")
ROLE_RE = re.compile(r"^[a-z][a-z0-9-]*$")
DATE_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")

# Key lists come from the schema (schema.py), which also documents them.
BLOCK_KINDS = (BlockKind.MASTHEAD, BlockKind.ARTICLE, BlockKind.IMAGE)
JUMP_KEYS = SCHEMA["jumps"].keys
LINES_SPEC_RE = re.compile(r"^\s*(after|[+-]?\d{1,9})\s*-\s*(auto|[+-]?\d{1,9})\s*$")

T = TypeVar("T")


def load_edition(path: str, pages: set[int] | None = None) -> Edition:
    """Read, parse and validate the edition at `path`; raises EditionError listing every problem.

    With `pages` (page numbers), only the copy those pages show is read: see `load_edition_text`."""
    text = read_text(path)
    return load_edition_text(text, path, os.path.dirname(path) or ".", pages)


def load_edition_text(text: str, source: str, base_dir: str, pages: set[int] | None = None) -> Edition:
    """Validate edition YAML given as text; `source` names it in messages, files resolve in `base_dir`.

    With `pages`, the copy (`body`, `file`) of an article is read, split and proofed only
    when a block on one of those pages shows it, or an `auto` block anywhere does (its
    length shapes the geometry), or a page is made up automatically (`articles:`, which
    weighs every listed article): a preview of one page reads only its own copy. The
    other articles are validated as always, everything but their copy, and carry none
    (`body` "", no paragraphs); a problem in their copy — a missing file, copy that is
    not text, a proofing warning — is reported by the commands that read all of it."""
    root = parse_yaml(text, source)
    reader = _Reader(source, base_dir, pages)
    if os.path.isfile(source):
        reader.note_input(os.path.normpath(source), read=True)
    merged = reader.with_bases(root, base_dir, [os.path.normpath(source)])
    if reader.diagnostics:      # a base that cannot be read: what is missing from it would only be noise
        raise EditionError(reader.diagnostics)
    return reader.edition(merged)


def _merge(base: YNode, over: YNode, *, top: bool) -> YNode:
    """`extends`: mappings merged key by key, `over` winning; at the top, `articles` are the
    base's then this file's, and `pages` are this file's only."""
    values = {k: v for k, v in base.value.items() if not (top and k == "pages")}
    key_locs = {k: v for k, v in base.key_locs.items() if k in values}
    for key, value in over.value.items():
        under = values.get(key)
        if top and key == "articles" and under is not None and under.kind == value.kind == "seq":
            value = YNode("seq", under.value + value.value, value.loc)
        elif top and key == "pages":
            pass
        elif under is not None and under.kind == value.kind == "map":
            value = _merge(under, value, top=False)
        values[key] = value
        key_locs[key] = over.key_locs[key]
    return YNode("map", values, over.loc, key_locs=key_locs)


def _describe(node: YNode) -> str:
    if node.kind == "map":
        return "a mapping"
    if node.kind == "seq":
        return "a list"
    if node.kind == "null":
        return "nothing"
    if node.kind == "bool":
        return f"yes/no ({node.text})"
    if node.kind in ("int", "float"):
        return f"the number {node.text}"
    return f"text {node.text!r}"


def _fmt(value: float) -> str:
    return f"{value:.4g}"


class _Reader:
    """One validation pass over an edition; collects diagnostics instead of stopping."""

    def __init__(self, source: str, base_dir: str, only_pages: set[int] | None = None):
        self.source = source
        self.base_dir = base_dir
        self.only_pages = only_pages    # read only the copy these pages need (load_edition_text)
        self.copy_later: list[tuple[Article, dict[str, YNode], str]] = []
        self.diagnostics: list[Diagnostic] = []
        self.em: float | None = None    # the body size once `page.body` is known, for `em` lengths
        # Every article id written (even of an article with other errors), so a block naming it
        # is not also reported; None when `articles` is not a list: then no block is checked.
        self.article_ids: list[str] | None = None
        self.inputs: list[str] = []     # every file the build reads, in first-read order
        self.read: list[str] = []       # those whose content the model is made from (model/kept.py)
        self.proofing: list[Diagnostic] = []
        self.templates: dict[str, dict[str, YNode]] = {}

    def note_input(self, path: str, *, read: bool = False) -> None:
        """A file the build reads; `read`: its content (not only its name) goes into the model."""
        if path not in self.inputs:
            self.inputs.append(path)
        if read and path not in self.read:
            self.read.append(path)

    def folder(self, loc: Loc) -> str:
        """Where a relative path written at `loc` is resolved: the folder of the file that writes it."""
        return self.base_dir if loc.file == self.source else (os.path.dirname(loc.file) or ".")

    def with_bases(self, root: YNode, folder: str, chain: list[str]) -> YNode:
        """The edition with its `extends` base files merged in (recursively, a cycle refused)."""
        if root.kind != "map" or "extends" not in root.value:
            return root
        node = root.value["extends"]
        name = self.text(node, "extends")
        if name is None:
            return root
        path = os.path.normpath(os.path.join(folder, name))
        real = [os.path.realpath(p) for p in chain]
        if os.path.realpath(path) in real:
            cycle = " -> ".join([*chain[real.index(os.path.realpath(path)):], path])
            self.error(node.loc, f"extends: '{name}' makes a cycle: {cycle}")
            return root
        if not os.path.isfile(path):
            self.error(node.loc, f"extends: file '{name}' does not exist (paths are relative to the folder "
                                 "of the file that names them)")
            return root
        try:
            base = parse_yaml(read_text(path), path)
        except EditionError as err:
            self.diagnostics.extend(err.diagnostics)
            return root
        self.note_input(path, read=True)
        if base.kind != "map":
            self.error(base.loc, f"extends: a base file is a mapping of edition keys, got {_describe(base)}")
            return root
        base = self.with_bases(base, os.path.dirname(path) or ".", [*chain, path])
        return _merge(base, root, top=True)

    # -- primitives --------------------------------------------------------------------

    def error(self, loc: Loc, message: str) -> None:
        self.diagnostics.append(Diagnostic(loc, message))

    def mapping(self, node: YNode, where: str, section: Section,
                required: tuple[str, ...] | None = None) -> dict[str, YNode] | None:
        """The keys of a mapping, after reporting unknown and missing ones (the schema's, or `required`)."""
        allowed = section.keys
        required = section.required if required is None else required
        if node.kind != "map":
            self.error(node.loc, f"{where}: expected a mapping of {', '.join(allowed)}, got {_describe(node)}")
            return None
        for key, loc in node.key_locs.items():
            if key not in allowed:
                # Prefer keys not written yet: `pagse` next to `page` means `pages`.
                absent = [k for k in allowed if k not in node.value]
                hint = suggest(key, absent) or suggest(key, allowed) or f"; allowed keys: {', '.join(allowed)}"
                self.error(loc, f"unknown key '{key}' in {where}{hint}")
        for key in required:
            if key not in node.value:
                self.error(node.loc, f"{where}: missing required key '{key}'")
        return {k: v for k, v in node.value.items() if k in allowed}

    def sequence(self, node: YNode, what: str) -> list[YNode]:
        if node.kind != "seq":
            self.error(node.loc, f"{what}: expected a list, got {_describe(node)}")
            return []
        items: list[YNode] = node.value
        return items

    def text(self, node: YNode, what: str, *, allow_empty: bool = False) -> str | None:
        """Any scalar, as written (a headline `2023` stays the text 2023)."""
        if not node.is_scalar or node.kind == "null":
            self.error(node.loc, f"{what}: expected text, got {_describe(node)}")
            return None
        if not allow_empty and not node.text.strip():
            self.error(node.loc, f"{what}: must not be empty")
            return None
        return node.text

    def opt_text(self, keys: dict[str, YNode], key: str, what: str) -> str | None:
        node = keys.get(key)
        if node is None or node.kind == "null":
            return None
        return self.text(node, what)

    def integer(self, node: YNode, what: str, lo: int, hi: int | None = None) -> int | None:
        value = node.value
        if node.kind == "float" and math.isfinite(value) and float(value).is_integer():
            value = int(value)
        elif node.kind != "int":
            self.error(node.loc, f"{what}: expected a whole number, got {_describe(node)}")
            return None
        if value < lo:
            self.error(node.loc, f"{what} {shown(value)} is too small (at least {lo})")
            return None
        if hi is not None and value > hi:
            self.error(node.loc, f"{what} {shown(value)} is absurd (at most {hi})")
            return None
        return int(value)

    def number(self, node: YNode, what: str, lo: float, hi: float) -> float | None:
        if node.kind not in ("int", "float"):
            self.error(node.loc, f"{what}: expected a number, got {_describe(node)}")
            return None
        try:
            value = float(node.value)
        except OverflowError:       # an integer of 309+ digits
            value = math.inf if node.value > 0 else -math.inf
        if not lo <= value <= hi:
            self.error(node.loc, f"{what} {shown(node.text)} is outside {_fmt(lo)}-{_fmt(hi)}")
            return None
        return value

    def boolean(self, node: YNode, what: str) -> bool | None:
        if node.kind != "bool":
            self.error(node.loc, f"{what}: expected true or false, got {_describe(node)}")
            return None
        return bool(node.value)

    def _convert(self, node: YNode, what: str, parse: Callable[[object], T]) -> T | None:
        if node.kind not in ("str", "int", "float"):
            self.error(node.loc, f"{what}: {self._wrong(node)}")
            return None
        try:
            return parse(node.value)
        except UnitError as err:
            self.error(node.loc, f"{what}: {err}")
            return None

    @staticmethod
    def _wrong(node: YNode) -> str:
        return f"expected a value such as 3mm, 2-5 or cmyk(0, 0, 0, 100), got {_describe(node)}"

    def length(self, node: YNode, what: str, *, em: float | None, lo_pt: float = 0.0,
               hi_pt: float | None = None, hi_text: str = "") -> float | None:
        if node.kind not in ("str", "int", "float"):
            self.error(node.loc, f"{what}: expected a length such as 3mm or 9pt, got {_describe(node)}")
            return None
        value = self._convert(node, what, lambda v: parse_length(v, em=em))
        if value is None:
            return None
        if value < lo_pt:
            self.error(node.loc, f"{what} {node.text} is too small (at least {_fmt(lo_pt)}pt)")
            return None
        if hi_pt is not None and value > hi_pt:
            self.error(node.loc, f"{what} {node.text} is absurd (at most {hi_text or _fmt(hi_pt) + 'pt'})")
            return None
        return value

    def colour(self, node: YNode, what: str) -> Cmyk | None:
        if node.kind != "str":
            self.error(node.loc, f"{what}: expected a colour such as cmyk(0, 100, 100, 0) or black, "
                                 f"got {_describe(node)}")
            return None
        return self._convert(node, what, parse_colour)

    def span(self, node: YNode, what: str, noun: str) -> Span | None:
        """A range of grid `noun` (columns or lines); messages start with `what`."""
        if node.kind not in ("str", "int"):
            self.error(node.loc, f"{what}: expected a range such as 2-5 or a single number, got {_describe(node)}")
            return None
        try:
            return parse_range(node.value, what=noun)
        except UnitError as err:
            self.error(node.loc, f"{what}: {err}" if what != noun else str(err))
            return None

    def choice(self, node: YNode, what: str, choices: tuple[str, ...]) -> str | None:
        if node.kind != "str" or node.text not in choices:
            hint = suggest(node.text, choices) if node.kind == "str" else ""
            self.error(node.loc, f"{what}: expected one of {', '.join(choices)}, got {_describe(node)}{hint}")
            return None
        return node.text

    def role(self, node: YNode, what: str) -> str | None:
        value = self.text(node, what)
        if value is not None and not ROLE_RE.match(value):
            self.error(node.loc, f"{what}: font role '{value}' must be a name like song, hei or kai "
                                 "([a-z][a-z0-9-]*); map roles to fonts under `fonts:`")
            return None
        return value

    def file(self, node: YNode, what: str) -> tuple[str, str] | None:
        """(as written, resolved against the edition's folder), if the file exists."""
        name = self.text(node, what)
        if name is None:
            return None
        path = os.path.normpath(os.path.join(self.folder(node.loc), name))
        if not os.path.isfile(path):
            where = "edition's folder" if node.loc.file == self.source else "folder of the file that names it"
            self.error(node.loc, f"{what}: file '{name}' does not exist (paths are relative to the {where})")
            return None
        self.note_input(path)
        return name, path

    _ABSENT_WHEN_NULL = ("text", "file")    # `caption: ~` is no caption; `size: ~` is a mistake

    def plain(self, f: Field, node: YNode, what: str, *, em: float | None) -> tuple[bool, Any]:
        """(valid, value) of a plain value, checked against its schema field; None: keep the default."""
        if node.kind == "null" and f.kind in self._ABSENT_WHEN_NULL:
            return True, None
        value: object
        if f.kind == "text":
            value = self.text(node, what)
        elif f.kind == "int":
            value = self.integer(node, what, int(f.lo or 0), None if f.hi is None else int(f.hi))
        elif f.kind == "number":
            value = self.number(node, what, f.lo or 0.0, f.hi if f.hi is not None else math.inf)
        elif f.kind == "bool":
            value = self.boolean(node, what)
        elif f.kind == "length":
            value = self.length(node, what, em=em, lo_pt=f.lo or 0.0, hi_pt=f.hi, hi_text=f.hi_text)
        elif f.kind == "colour":
            value = self.colour(node, what)
        elif f.kind == "choice":
            value = self.choice(node, what, f.choices)
        elif f.kind == "role":
            value = self.role(node, what)
        elif f.kind == "file":
            found = self.file(node, what)
            value = found[1] if found else None
        else:
            raise ValueError(f"schema field {f.key}: {f.kind} is not a plain kind")
        return value is not None, value

    def field(self, section: Section, keys: dict[str, YNode], key: str, what: str | None = None,
              *, em: float | None = None) -> Any:
        """A plain value from `keys`, or its schema default when absent; None when invalid (reported)."""
        f = section.field(key)
        if key not in keys:
            return f.default
        ok, value = self.plain(f, keys[key], what or f"{section.name}.{key}", em=em)
        return (value if value is not None else f.default) if ok else None

    def fill(self, target: object, section: Section, keys: dict[str, YNode], prefix: str | None = None) -> bool:
        """Set every present plain field of `section` that names an `attr` on `target`; False if any
        was invalid (reported at its value, named `prefix.key`)."""
        ok = True
        for f in section.fields:
            if f.attr is None or f.key not in keys:
                continue
            valid, value = self.plain(f, keys[f.key], f"{prefix or section.name}.{f.key}", em=self.em)
            ok &= valid
            if valid and value is not None:
                setattr(target, f.attr, value)
        return ok

    @staticmethod
    def locs(keys: dict[str, YNode]) -> dict[str, Loc]:
        return {k: v.loc for k, v in keys.items()}

    # -- the edition ---------------------------------------------------------------------

    def edition(self, root: YNode) -> Edition:
        if root.kind != "map":
            raise EditionError.at(root.loc, f"expected a mapping at the top level (format, edition, page, "
                                            f"articles, pages), got {_describe(root)}")
        keys = self.mapping(root, "the edition file", SCHEMA["edition file"])
        assert keys is not None
        fmt = self.format(keys["format"]) if "format" in keys else None
        info = self.edition_info(keys["edition"]) if "edition" in keys else None
        page = self.page_setup(keys["page"]) if "page" in keys else None
        body_size = page.body.size if page else 9.0
        self.em = page.body.size if page else None
        fonts, font_locs = self.fonts(keys["fonts"]) if "fonts" in keys else ({}, {})
        styles = self.styles(keys.get("styles"), body_size)
        articles = self.articles(keys["articles"]) if "articles" in keys else []
        if "templates" in keys:
            self.read_templates(keys["templates"])
        pages = self.pages(keys["pages"], page) if "pages" in keys else []
        self.read_copy_later(pages)
        jumps = self.jumps(keys["jumps"]) if "jumps" in keys else JumpTemplates()
        compose = self.field(SCHEMA["edition file"], keys, "compose", "compose") or "quanjiao"
        if self.field(SCHEMA["edition file"], keys, "proofing", "proofing") is False:
            self.proofing = []
        if self.diagnostics:
            # a template's block used by several pages may repeat a problem: report it once
            raise EditionError(list(dict.fromkeys(self.diagnostics)))
        assert fmt is not None and info is not None and page is not None and jumps is not None
        return Edition(format=fmt, edition=info, page=page, fonts=fonts, styles=styles, articles=articles,
                       pages=pages, jumps=jumps, source=self.source, base_dir=self.base_dir,
                       font_locs=font_locs, compose=compose, loc=root.loc, locs=self.locs(keys),
                       inputs=self.inputs, read=self.read, proofing=sorted(self.proofing, key=lambda d: (
                           d.loc.file, d.loc.line, d.loc.col)))

    def format(self, node: YNode) -> int | None:
        if node.kind != "int" or node.value != SUPPORTED_FORMAT:
            self.error(node.loc, f"format {node.text or _describe(node)} is not supported; "
                                 f"this version reads `format: {SUPPORTED_FORMAT}`")
            return None
        return SUPPORTED_FORMAT

    def date(self, node: YNode) -> dt.date | None:
        m = DATE_RE.match(node.text.strip()) if node.kind in ("timestamp", "str") else None
        if not m:
            self.error(node.loc, f"edition.date: expected a date like 2023-09-18, got {_describe(node)}")
            return None
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError as err:
            self.error(node.loc, f"edition.date: impossible date {node.text.strip()}: {err}")
            return None

    def edition_info(self, node: YNode) -> EditionInfo | None:
        keys = self.mapping(node, "edition", SCHEMA["edition"])
        if keys is None:
            return None
        paper = self.text(keys["paper"], "edition.paper") if "paper" in keys else None
        date = self.date(keys["date"]) if "date" in keys else None
        issue = self.field(SCHEMA["edition"], keys, "issue")
        serial = self.field(SCHEMA["edition"], keys, "serial")
        permit = self.text(keys["permit"], "edition.permit") if "permit" in keys else None
        url = self.text(keys["url"], "edition.url") if "url" in keys else None
        channels: list[Channel] = []
        if "channels" in keys and keys["channels"].kind != "null":
            for i, item in enumerate(self.sequence(keys["channels"], "edition.channels"), 1):
                ch = self.mapping(item, f"edition.channels item {i}", SCHEMA["edition.channels item"])
                if ch is None:
                    continue
                label = self.text(ch["label"], "channel label") if "label" in ch else None
                ch_url = self.text(ch["url"], "channel url") if "url" in ch else None
                if ch_url is not None and not self.qr_holds(ch_url, ch["url"].loc):
                    continue
                if label is not None and ch_url is not None:
                    channels.append(Channel(label, ch_url, loc=item.loc, locs=self.locs(ch)))
        if None in (paper, date, issue, serial, permit, url):
            return None
        return EditionInfo(paper=paper, date=date, issue=issue, serial=serial,  # type: ignore[arg-type]
                           permit=permit, url=url, channels=channels,  # type: ignore[arg-type]
                           loc=node.loc, locs=self.locs(keys))

    def qr_holds(self, url: str, loc: Loc) -> bool:
        """A channel's QR code must hold its url (`print` would fail drawing it)."""
        from ..paint.qr import qr_fits, qr_max_bytes

        if qr_fits(url):
            return True
        self.error(loc, f"channel url: too long for a QR code ({len(url.encode())} bytes; the masthead's QR codes "
                        f"hold at most {qr_max_bytes()})")
        return False

    def profile(self, path: str, loc: Loc) -> bool:
        """`page.print.icc` must be a CMYK ICC profile: `check` refuses what `print` would."""
        from ..output.pdfx import ProfileError, read_profile

        self.note_input(path, read=True)
        try:
            read_profile(path)
        except ProfileError as err:
            self.error(loc, f"page.print.icc: {str(err).removeprefix(f'{path}: ')}")
            return False
        return True

    # -- page ------------------------------------------------------------------------------

    def page_size(self, node: YNode) -> tuple[float, float, str] | None:
        if node.kind == "str":
            name = self.choice(node, "page.size", (*SIZES_MM, "[width, height]"))
            if name is None or name not in SIZES_MM:
                return None
            w, h = SIZES_MM[name]
            return w * MM, h * MM, name
        if node.kind != "seq" or len(node.value) != 2:
            self.error(node.loc, f"page.size: expected broadsheet, tabloid or [width, height], got {_describe(node)}")
            return None
        dims: list[float] = []
        for item, what in zip(node.value, ("page width", "page height"), strict=True):
            value = self.length(item, what, em=None)
            if value is None:
                continue
            bare = "" if item.kind == "str" else " (a bare number is points; write e.g. 390mm)"
            if value < MIN_PAGE_MM * MM:
                self.error(item.loc, f"{what} {item.text} is absurd (at least {MIN_PAGE_MM:g}mm){bare}")
            elif value > MAX_PAGE_MM * MM:
                self.error(item.loc, f"{what} {item.text} is absurd: larger than 2 m{bare}")
            else:
                dims.append(value)
        if len(dims) != 2:
            return None
        return dims[0], dims[1], "custom"

    def body_style(self, node: YNode | None) -> BodyStyle | None:
        body = BodyStyle()
        if node is None:
            return body
        keys = self.mapping(node, "page.body", SCHEMA["page.body"])
        if keys is None:
            return None
        ok = True
        if "font" in keys:
            font = self.role(keys["font"], "page.body.font")
            ok &= font is not None
            body.font = font or body.font
        size_ok = True
        if "size" in keys:
            size = self.field(SCHEMA["page.body"], keys, "size", em=None)
            size_ok = size is not None
            body.size = size or body.size
        ok &= size_ok
        if "leading" in keys and not size_ok:
            pass    # the size is wrong: judging the leading against it would only add noise
        elif "leading" in keys:
            leading = self.length(keys["leading"], "page.body.leading", em=body.size,
                                  hi_pt=body.size * 5, hi_text=f"5 times the size, {_fmt(body.size * 5)}pt")
            if leading is not None and leading < body.size:
                self.error(keys["leading"].loc, f"page.body.leading {keys['leading'].text} is less than the "
                                                f"body size {_fmt(body.size)}pt: lines would overlap")
                leading = None
            ok &= leading is not None
            body.leading = leading or body.leading
        elif "size" in keys and body.leading < body.size:
            self.error(keys["size"].loc, f"page.body.size {keys['size'].text} is larger than the default leading "
                                         f"{_fmt(body.leading)}pt; set page.body.leading too")
            ok = False
        body.loc, body.locs = node.loc, self.locs(keys)
        return body if ok else None

    def print_options(self, node: YNode) -> PrintOptions | None:
        keys = self.mapping(node, "page.print", SCHEMA["page.print"])
        if keys is None:
            return None
        opts = PrintOptions(loc=node.loc, locs=self.locs(keys))
        ok = self.fill(opts, SCHEMA["page.print"], keys)
        if ok and opts.icc is not None:
            ok = self.profile(opts.icc, keys["icc"].loc)
        if ok and opts.min_ppi > opts.max_ppi:
            where = keys["min_ppi"].loc if "min_ppi" in keys else keys["max_ppi"].loc
            self.error(where, f"page.print.min_ppi {_fmt(opts.min_ppi)} is more than max_ppi "
                              f"{_fmt(opts.max_ppi)}")
            ok = False
        return opts if ok else None

    def page_setup(self, node: YNode) -> PageSetup | None:
        keys = self.mapping(node, "page", SCHEMA["page"])
        if keys is None:
            return None
        body = self.body_style(keys.get("body"))
        em = body.size if body else BodyStyle().size    # a bad body is reported once, not per `em`
        broadsheet = (SIZES_MM["broadsheet"][0] * MM, SIZES_MM["broadsheet"][1] * MM, "broadsheet")
        size = self.page_size(keys["size"]) if "size" in keys else broadsheet
        bleed = self.field(SCHEMA["page"], keys, "bleed", em=em)
        margins = self.margins(keys["margins"], em) if "margins" in keys else None
        columns = self.field(SCHEMA["page"], keys, "columns")
        gutter = self.field(SCHEMA["page"], keys, "gutter", em=em) if "gutter" in keys else (body.size if body else None)
        opts = self.print_options(keys["print"]) if "print" in keys else PrintOptions()
        separation = self.field(SCHEMA["page"], keys, "separation")
        if None in (body, size, bleed, margins, columns, gutter, opts, separation):
            return None
        assert size is not None and margins is not None and body is not None and columns is not None
        assert gutter is not None and bleed is not None and opts is not None
        width, height, name = size
        setup = PageSetup(width=width, height=height, size_name=name, bleed=bleed, margins=margins,
                          columns=columns, gutter=gutter, body=body, print=opts,
                          loc=node.loc, locs=self.locs(keys))
        setup.separation = separation
        type_w = width - margins.left - margins.right
        type_h = height - margins.top - margins.bottom
        if type_w <= 0 or type_h <= 0:
            which = (f"left {_fmt(margins.left / MM)}mm + right {_fmt(margins.right / MM)}mm "
                     f"against a width of {_fmt(width / MM)}mm" if type_w <= 0 else
                     f"top {_fmt(margins.top / MM)}mm + bottom {_fmt(margins.bottom / MM)}mm "
                     f"against a height of {_fmt(height / MM)}mm")
            self.error(margins.loc, f"page.margins leave no type area: {which}")
            return None
        if type_h < body.leading:
            self.error(margins.loc, f"page.margins leave a type area {_fmt(type_h)}pt high, less than one "
                                    f"line of {_fmt(body.leading)}pt")
            return None
        col_w = (type_w - (columns - 1) * gutter) / columns
        if col_w < body.size:
            where = keys["columns"].loc if "columns" in keys else margins.loc
            self.error(where, f"{columns} columns with {_fmt(gutter)}pt gutters leave {_fmt(col_w)}pt per column "
                              f"in a type area {_fmt(type_w)}pt wide: narrower than one character")
            return None
        return setup

    def margins(self, node: YNode, em: float | None) -> Margins | None:
        keys = self.mapping(node, "page.margins", SCHEMA["page.margins"])
        if keys is None:
            return None
        section = SCHEMA["page.margins"]
        values = {k: self.field(section, keys, k, em=em) for k in section.keys if k in keys}
        if len(values) != 4 or None in values.values():
            return None
        return Margins(loc=node.loc, locs=self.locs(keys), **values)

    # -- fonts, styles, jumps --------------------------------------------------------------------

    def fonts(self, node: YNode) -> tuple[dict[str, str], dict[str, Loc]]:
        fonts: dict[str, str] = {}
        locs: dict[str, Loc] = {}
        if node.kind == "null":
            return fonts, locs
        if node.kind != "map":
            self.error(node.loc, f"fonts: expected a mapping of role: font, got {_describe(node)}")
            return fonts, locs
        for role, value in node.value.items():
            if not ROLE_RE.match(role):
                self.error(node.key_locs[role], f"fonts: role name '{role}' must match [a-z][a-z0-9-]* "
                                                "(e.g. song, biaosong, hei, kai)")
                continue
            font = self.text(value, f"fonts.{role}")
            if font is not None:
                fonts[role] = font
                locs[role] = value.loc
        return fonts, locs

    def styles(self, node: YNode | None, body_size: float) -> dict[str, TextStyle]:
        styles = default_styles(body_size)
        if node is None or node.kind == "null":
            return styles
        if node.kind != "map":
            self.error(node.loc, f"styles: expected a mapping of style name: overrides, got {_describe(node)}")
            return styles
        for name, value in node.value.items():
            if name not in STYLE_NAMES:
                hint = suggest(name, STYLE_NAMES) or f"; the styles are {', '.join(STYLE_NAMES)}"
                self.error(node.key_locs[name], f"unknown style '{name}'{hint}")
                continue
            keys = self.mapping(value, f"styles.{name}", SCHEMA["styles"])
            if keys is None:
                continue
            style = styles[name]
            what = f"styles.{name}"
            if "font" in keys:
                style.font = self.role(keys["font"], f"{what}.font") or style.font
            if "size" in keys:
                if keys["size"].kind == "str" and keys["size"].text.strip() == "auto":
                    style.size = None
                else:
                    style.size = self.length(keys["size"], f"{what}.size", em=body_size, lo_pt=MIN_STYLE_PT,
                                             hi_pt=MAX_STYLE_PT) or style.size
            if "leading" in keys:
                leading = self.length(keys["leading"], f"{what}.leading", em=body_size, hi_pt=MAX_STYLE_PT * 5)
                if leading is not None and style.size is not None and leading < style.size:
                    self.error(keys["leading"].loc, f"{what}.leading {keys['leading'].text} is less than the "
                                                    f"size {_fmt(style.size)}pt: lines would overlap")
                else:
                    style.leading = leading
            if "color" in keys:
                style.color = self.colour(keys["color"], f"{what}.color") or style.color
            style.loc, style.locs = value.loc, self.locs(keys)
        return styles

    def jumps(self, node: YNode) -> JumpTemplates | None:
        keys = self.mapping(node, "jumps", SCHEMA["jumps"])
        if keys is None:
            return None
        jumps = JumpTemplates(loc=node.loc, locs=self.locs(keys))
        for key in JUMP_KEYS:
            if key not in keys:
                continue
            template = self.text(keys[key], f"jumps.{key}")
            if template is None:
                continue
            if "{page}" not in template:
                self.error(keys[key].loc, f"jumps.{key}: the template must contain {{page}} where the page "
                                          f"number goes, e.g. （下转第{{page}}版）")
                continue
            if key == "to":
                jumps.to = template
            else:
                jumps.from_ = template
        return jumps

    # -- articles --------------------------------------------------------------------------

    def image(self, node: YNode, what: str, *, in_article: bool) -> Image | None:
        keys = self.mapping(node, what, SCHEMA["image"])
        if keys is None:
            return None
        found = self.file(keys["file"], f"{what}.file") if "file" in keys else None
        image = Image(file="", path="", loc=node.loc, locs=self.locs(keys))
        ok = self.fill(image, SCHEMA["image"], keys, what)
        for key in ("caption", "credit"):
            if getattr(image, key):
                self.proofing += proof_text(getattr(image, key), keys[key].origin())
        focus = self.focus(keys["focus"], f"{what}.focus") if "focus" in keys else image.focus
        if "height" in keys and not in_article:
            self.error(node.key_locs["height"], f"{what}: `height` only applies to an article's images "
                                                "(a photo block's height is its lines)")
            ok = False
        elif "height" in keys:
            image.height = self.field(SCHEMA["image"], keys, "height", f"{what}.height")
            ok &= image.height is not None
        if found is None or focus is None or not ok:
            return None
        image.file, image.path, image.focus = found[0], found[1], focus
        return image

    def focus(self, node: YNode, what: str) -> tuple[float, float] | None:
        """`[x, y]`: fractions 0..1 of the photo's width and height from its top-left corner."""
        if node.kind != "seq" or len(node.value) != 2:
            self.error(node.loc, f"{what}: expected [x, y] with fractions 0-1 of the photo's width and "
                                 f"height, such as [0.5, 0.25], got {_describe(node)}")
            return None
        x, y = (self.number(item, f"{what} {axis}", 0, 1) for item, axis in zip(node.value, "xy", strict=True))
        return None if x is None or y is None else (x, y)

    def articles(self, node: YNode) -> list[Article]:
        articles: list[Article] = []
        first_seen: dict[str, Loc] = {}
        if node.kind == "seq":
            self.article_ids = []
        for i, item in enumerate(self.sequence(node, "articles"), 1):
            required = ("id", "headline") if item.kind == "map" and "file" in item.value else ("id", "headline", "body")
            keys = self.mapping(item, f"article {i}", SCHEMA["article"], required)
            if keys is None:
                continue
            art_id = self.text(keys["id"], "article id") if "id" in keys else None
            if art_id is not None:
                if not ID_RE.match(art_id):
                    self.error(keys["id"].loc, f"article id '{art_id}' may only use a-z, 0-9 and '-'")
                    art_id = None
                elif art_id in first_seen:
                    first = first_seen[art_id]
                    where = f"line {first.line}" if first.file == keys["id"].loc.file else f"{first.file}:{first.line}"
                    self.error(keys["id"].loc, f"duplicate article id '{art_id}' (first at {where})")
                    art_id = None
                else:
                    first_seen[art_id] = keys["id"].loc
                    if self.article_ids is not None:
                        self.article_ids.append(art_id)
            what = f"article {art_id or i}"
            headline = self.heading(keys.get("headline"), f"{what}: headline")
            kicker = self.heading(keys.get("kicker"), f"{what}: kicker")
            subhead = self.heading(keys.get("subhead"), f"{what}: subhead")
            later = self.only_pages is not None and not ("file" in keys and "body" in keys)
            body, copy, copy_file = ("", Copy(), None) if later else self.copy(keys, what)
            byline = self.opt_text(keys, "byline", f"{what}: byline")
            images: list[Image] = []
            ok = True
            if "images" in keys and keys["images"].kind != "null":
                for j, img_node in enumerate(self.sequence(keys["images"], f"{what}: images"), 1):
                    img = self.image(img_node, f"{what} image {j}", in_article=True)
                    ok &= img is not None
                    if img is not None:
                        images.append(img)
            if art_id is None or headline is None or body is None or copy is None or not ok:
                continue
            articles.append(Article(id=art_id, headline=headline, body=body, paragraphs=copy.paragraphs,
                                    kicker=kicker, subhead=subhead, byline=byline, images=images,
                                    file=copy_file, subheads=copy.subheads, paragraph_locs=copy.locs,
                                    loc=item.loc, locs=self.locs(keys)))
            if later:
                self.copy_later.append((articles[-1], keys, what))
        return articles

    def note_unread(self, node: YNode | None) -> None:
        """A copy file left unread is still one of the edition's files: no output may
        replace it (`layout preview -o` naming another page's copy) and a watch sees it."""
        if node is not None and node.kind == "str" and isinstance(node.value, str):
            path = os.path.normpath(os.path.join(self.folder(node.loc), node.value))
            if os.path.isfile(path):
                self.note_input(path)

    def read_copy_later(self, pages: list[Page]) -> None:
        """The copy of the articles `only_pages` needs, once the pages say which those are."""
        if not self.copy_later:
            return
        wanted: set[str] | None = None
        if self.only_pages is not None and not any(p.articles for p in pages):
            wanted = {b.article for p in pages for b in p.blocks if b.kind == "article" and b.article
                      and (p.number in self.only_pages or is_auto(b))}
        for article, keys, what in self.copy_later:
            if wanted is not None and article.id not in wanted:
                self.note_unread(keys.get("file"))
                continue
            body, copy, copy_file = self.copy(keys, what)
            if body is not None and copy is not None:
                article.body, article.paragraphs, article.file = body, copy.paragraphs, copy_file
                article.subheads, article.paragraph_locs = copy.subheads, copy.locs
        self.copy_later = []

    def heading(self, node: YNode | None, what: str) -> str | None:
        """A kicker, headline or subhead: a typed line break (`|`, or `\\n` quoted) stays "\\n"."""
        if node is None or (node.kind == "null" and not what.endswith(": headline")):
            return None
        value = self.text(node, what)
        if value is None:
            return None
        self.proofing += proof_text(value.rstrip("\n"), node.origin())
        return value.rstrip("\n")

    def proof(self, copy: Copy, origin: Origin) -> Copy:
        """Proofing warnings for a body's paragraphs (never a change to them)."""
        for lines in copy.lines:
            self.proofing += proof_paragraph(lines, origin)
        return copy

    def copy(self, keys: dict[str, YNode], what: str) -> tuple[str | None, Copy | None, str | None]:
        """(the text as written, its paragraphs, the copy file's name) from `body` or `file`."""
        if "file" in keys and "body" in keys:
            self.error(keys["file"].loc, f"{what}: has both `body` and `file`; give the copy in exactly one")
            return None, None, None
        if "body" in keys:
            body = self.text(keys["body"], f"{what}: body")
            if body is None:
                return None, None, None
            origin = keys["body"].origin()
            return body, self.proof(split_copy(body, origin), origin), None
        if "file" not in keys:
            return None, None, None
        node = keys["file"]
        found = self.file(node, f"{what}: file")
        if found is None:
            return None, None, None
        name, path = found
        if os.path.splitext(name)[1].lower() not in COPY_SUFFIXES:
            self.error(node.loc, f"{what}: file '{name}': copy comes from a .txt or .docx file")
            return None, None, None
        self.note_input(path, read=True)
        try:
            copy_file = read_copy_file(path, path, node.loc, f"{what}: file")
        except EditionError as err:
            self.diagnostics.extend(err.diagnostics)
            return None, None, None
        copy = self.proof(split_copy(copy_file.text, copy_file.origin, line_paragraphs=copy_file.line_paragraphs,
                                     forced_breaks=copy_file.forced_breaks), copy_file.origin)
        if not copy.paragraphs:
            self.error(node.loc, f"{what}: file '{name}' has no text")
            return None, None, None
        return copy_file.text, copy, name

    # -- pages and blocks ----------------------------------------------------------------------

    def pages(self, node: YNode, setup: PageSetup | None) -> list[Page]:
        items = self.sequence(node, "pages")
        if node.kind == "seq" and not items:
            self.error(node.loc, "pages: an edition needs at least one page")
        grid_lines = None
        if setup is not None:
            grid_lines = Grid.from_setup(setup).lines     # the one page geometry the layout uses
        pages: list[Page] = []
        listed: dict[str, tuple[int, Loc]] = {}     # article id -> (page, where) of `articles:` lists
        for i, item in enumerate(items, 1):
            optional = item.kind == "map" and ("articles" in item.value or "template" in item.value)
            keys = self.mapping(item, f"page {i}", SCHEMA["page item"], () if optional else ("blocks",))
            if keys is None:
                continue
            if "number" in keys:
                number = self.integer(keys["number"], f"page {i}: number", 1)
                if number is not None and number != i:
                    self.error(keys["number"].loc, f"page number {number} is out of order: this is page {i} "
                                                   "(pages are numbered in order from 1)")
            template, tmpl = self.page_template(keys.get("template"), i)
            section = self.opt_text(keys, "section", f"page {i}: section")
            editor = self.opt_text(keys, "editor", f"page {i}: editor")
            if "section" not in keys and "section" in tmpl:
                section = self.opt_text(tmpl, "section", f"template {template}: section")
            if "editor" not in keys and "editor" in tmpl:
                editor = self.opt_text(tmpl, "editor", f"template {template}: editor")
            block_nodes: list[YNode] = []
            for where, holder in ((f"template {template}: blocks", tmpl), (f"page {i}: blocks", keys)):
                if "blocks" in holder and holder["blocks"].kind != "null":
                    block_nodes += self.sequence(holder["blocks"], where)
            blocks: list[Block] = []
            placed: list[Block] = []     # every plain block with a valid rectangle, for the overlap check
            for j, block_node in enumerate(block_nodes):
                block, ok = self.block(block_node, i, j, setup, grid_lines)
                if block is not None:
                    if block.lines_spec is None:    # `auto`/`after` blocks are checked once resolved
                        self.check_overlaps(block, placed, i)
                        placed.append(block)
                    if ok:
                        blocks.append(block)
            page = Page(number=i, section=section, editor=editor, blocks=blocks, template=template,
                        loc=item.loc, locs=self.locs(keys))
            if "articles" in keys:
                self.page_articles(keys["articles"], page, listed)
            pages.append(page)
        self.check_listed(pages, listed)
        return pages

    def read_templates(self, node: YNode) -> None:
        """`templates`: name -> {section, editor, blocks}; the blocks are read with each page using them."""
        if node.kind == "null":
            return
        if node.kind != "map":
            self.error(node.loc, f"templates: expected a mapping of name: {{section, editor, blocks}}, "
                                 f"got {_describe(node)}")
            return
        for name, value in node.value.items():
            keys = self.mapping(value, f"template {name}", SCHEMA["template"])
            if keys is not None:
                self.templates[name] = keys

    def page_template(self, node: YNode | None, page_no: int) -> tuple[str | None, dict[str, YNode]]:
        if node is None or node.kind == "null":
            return None, {}
        name = self.text(node, f"page {page_no}: template")
        if name is None:
            return None, {}
        if name not in self.templates:
            names = list(self.templates)
            hint = suggest(name, names) or (f"; the templates are {', '.join(names)}" if names else
                                            "; no templates are defined (top-level `templates:`)")
            self.error(node.loc, f"page {page_no}: unknown template '{name}'{hint}")
            return None, {}
        return name, self.templates[name]

    def page_articles(self, node: YNode, page: Page, listed: dict[str, tuple[int, Loc]]) -> None:
        """`articles: [id, ...]` for automatic make-up: known ids, each on one page only."""
        if node.kind == "null":
            return
        what = f"page {page.number}: articles"
        for item in self.sequence(node, what):
            art_id = self.text(item, what)
            if art_id is None:
                continue
            ids = self.article_ids
            if ids is not None and art_id not in ids:
                self.error(item.loc, f"{what}: unknown article '{art_id}'{suggest(art_id, ids)}")
                continue
            if art_id in listed:
                other, loc = listed[art_id]
                where = "this page" if other == page.number else f"page {other}"
                self.error(item.loc, f"{what}: article '{art_id}' is already listed on {where} "
                                     f"(line {loc.line}); an article is made up on one page")
                continue
            listed[art_id] = (page.number, item.loc)
            page.articles.append(art_id)
            page.article_locs.append(item.loc)

    def check_listed(self, pages: list[Page], listed: dict[str, tuple[int, Loc]]) -> None:
        """An article listed for make-up may not also have blocks of its own."""
        placed: dict[str, int] = {}
        for page in pages:
            for block in page.blocks:
                if block.kind == "article" and block.article is not None:
                    placed.setdefault(block.article, page.number)
        for art_id, (page_no, loc) in listed.items():
            if art_id in placed:
                self.error(loc, f"page {page_no}: articles: article '{art_id}' already has a block on page "
                                f"{placed[art_id]}; list it under `articles:` or place it in blocks, not both")

    def check_overlaps(self, block: Block, earlier: list[Block], page_no: int) -> None:
        for other in earlier:
            if block.columns.overlaps(other.columns) and block.lines.overlaps(other.lines):
                self.error(block.loc, f"block {block.index + 1} ({block.name}) overlaps block {other.index + 1} "
                                      f"({other.name}) on page {page_no}")

    def block(self, node: YNode, page_no: int, index: int, setup: PageSetup | None,
              grid_lines: int | None) -> tuple[Block | None, bool]:
        """(the block if its rectangle is valid, whether all of it is valid)."""
        label = f"block {index + 1} on page {page_no}"
        keys = self.mapping(node, label, SCHEMA["block"])
        if keys is None:
            return None, False
        kinds = sorted((k for k in BLOCK_KINDS if k in keys), key=lambda k: (keys[k].loc.line, keys[k].loc.col))
        photo_of = None     # `image` with `article: ID`: a photo that belongs to that article
        if sorted(kinds) == ["article", "image"]:
            photo_of, kinds = keys["article"], [BlockKind.IMAGE]
        if not kinds:
            self.error(node.loc, f"{label}: needs one of masthead, article or image")
        for extra in kinds[1:]:
            self.error(node.key_locs[extra], f"{label}: has both {kinds[0]} and {extra}; a block holds "
                                             "exactly one of masthead, article, image")
        kind = kinds[0] if len(kinds) == 1 else None
        block = Block(kind=BlockKind(kind) if kind else BlockKind.NONE, columns=Span(1, 1), lines=Span(1, 1), index=index,
                      loc=node.loc, locs=self.locs(keys))
        ok = kind is not None
        if kind == "article" or photo_of is not None:
            block.article = self.text(keys["article"], f"{label}: article")
            ids = self.article_ids
            if block.article is not None and ids is not None and block.article not in ids:
                self.error(keys["article"].loc, f"{label}: unknown article '{block.article}'"
                                                f"{suggest(block.article, ids)}")
                ok = False
            ok &= block.article is not None
        if kind == "image":
            block.image = self.image(keys["image"], f"{label}: image", in_article=False)
            ok &= block.image is not None
            if block.image is None:     # still name it by its file in overlap messages
                file_node = keys["image"].value.get("file") if keys["image"].kind == "map" else None
                name = file_node.text if file_node is not None and file_node.is_scalar else "?"
                block.image = Image(file=name, path="")
        elif kind == "masthead":
            block.masthead = self.masthead(keys["masthead"], f"{label}: masthead")
            ok &= block.masthead is not None
        columns = self.span(keys["columns"], "columns", "columns") if "columns" in keys else None
        lines, block.lines_spec = self.block_lines(keys["lines"], grid_lines) if "lines" in keys else (None, None)
        name = f"block {index + 1} ({block.name if kind else 'no content'})"
        if columns is not None and setup is not None and columns.last > setup.columns:
            self.error(keys["columns"].loc, f"{name} leaves the type area on page {page_no}: columns "
                                            f"{columns.first}-{columns.last} but the page has "
                                            f"{setup.columns} columns")
            columns = None
        spec = block.lines_spec
        if lines is not None and grid_lines is not None and max(lines.first, lines.last) > grid_lines:
            written = keys["lines"].text.strip() if spec else f"{lines.first}-{lines.last}"
            self.error(keys["lines"].loc, f"{name} leaves the type area on page {page_no}: lines "
                                          f"{written} but the grid has {grid_lines} lines")
            lines = None
        for key in ("headline", "box"):
            if key in keys and kind not in (None, "article"):
                self.error(node.key_locs[key], f"{label}: `{key}` only applies to article blocks")
                ok = False
        geometry = columns is not None and lines is not None
        if columns is not None and lines is not None:
            block.columns, block.lines = columns, lines
        if "headline" in keys and kind == "article":
            # an `auto`/`after` block's height is known only once resolved
            block.headline = self.headline(keys["headline"], label, columns, None if spec else lines)
            ok &= block.headline is not None
        if "box" in keys and kind == "article":
            block.box = self.box(keys["box"], label)
            ok &= block.box is not None
        return (block if geometry else None), ok and geometry

    def block_lines(self, node: YNode, grid_lines: int | None) -> tuple[Span | None, LinesSpec | None]:
        """A block's `lines`: a range, or `12-auto`, `after-40`, `after-auto` with a provisional span."""
        m = LINES_SPEC_RE.match(node.text) if node.kind == "str" else None
        if m is None or not {"after", "auto"} & set(m.groups()):
            return self.span(node, "lines", "lines"), None
        start, end = m.groups()
        first = None if start == "after" else int(start)
        last = None if end == "auto" else int(end)
        text = node.text.strip()
        if (first is not None and first < 1) or (last is not None and last < 1):
            self.error(node.loc, f"lines {text}: lines are numbered from 1")
            return None, None
        spec = LinesSpec(after=first is None, auto=last is None, first=first, last=last, loc=node.loc)
        top = first if first is not None else 1
        bottom = last if last is not None else max(grid_lines or top, top)
        return Span(top, bottom), spec

    def masthead(self, node: YNode, what: str) -> MastheadOptions | None:
        opts = MastheadOptions(loc=node.loc)
        if node.kind == "null":
            return opts
        keys = self.mapping(node, what, SCHEMA["masthead"])
        if keys is None:
            return None
        opts.locs = self.locs(keys)
        ok = True
        if "logo" in keys and keys["logo"].kind != "null":
            found = self.file(keys["logo"], f"{what}.logo")
            ok &= found is not None
            if found:
                opts.logo, opts.logo_path = found
        ok &= self.fill(opts, SCHEMA["masthead"], keys, what)
        return opts if ok else None

    def headline(self, node: YNode, label: str, columns: Span | None, lines: Span | None) -> HeadlineOptions | None:
        keys = self.mapping(node, f"{label}: headline", SCHEMA["headline"])
        if keys is None:
            return None
        opts = HeadlineOptions(loc=node.loc, locs=self.locs(keys))
        ok = True
        if "lines" in keys:
            opts.lines = self.integer(keys["lines"], "headline.lines", 1)
            if opts.lines is not None and lines is not None and opts.lines > lines.count:
                self.error(keys["lines"].loc, f"headline.lines {opts.lines} is larger than the block, which has "
                                              f"{lines.count} lines")
                opts.lines = None
            ok &= opts.lines is not None
        if "columns" in keys:
            opts.columns = self.span(keys["columns"], "headline.columns", "columns")
            if opts.columns is not None and columns is not None and not (
                    columns.first <= opts.columns.first and opts.columns.last <= columns.last):
                self.error(keys["columns"].loc, f"headline.columns {opts.columns.first}-{opts.columns.last} is "
                                                f"outside the block's columns {columns.first}-{columns.last}")
                opts.columns = None
            ok &= opts.columns is not None
        ok &= self.fill(opts, SCHEMA["headline"], keys)
        return opts if ok else None

    def box(self, node: YNode, label: str) -> BoxOptions | None:
        opts = BoxOptions(loc=node.loc)
        if node.kind == "null":
            return opts
        keys = self.mapping(node, f"{label}: box", SCHEMA["box"])
        if keys is None:
            return None
        opts.locs = self.locs(keys)
        return opts if self.fill(opts, SCHEMA["box"], keys) else None
