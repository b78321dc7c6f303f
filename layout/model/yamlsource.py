"""Read an edition's YAML into plain located nodes, safely.

We compose (never construct) with PyYAML's SafeLoader, so no tag can run code, then
walk the node graph ourselves. Walking is where an alias bomb would explode, so
the walk counts the nodes it reaches through aliases and stops past a limit.
Every node keeps its 1-based line and column for `FILE:LINE:COL: message`.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from ..errors import Diagnostic, EditionError
from .copytext import Origin, ScalarOrigin, SourceText, byte_loc
from .edition import Loc
from .units import shown

MAX_BYTES = 5 * 1024 * 1024      # an edition is a few hundred kB; anything near this is a mistake
MAX_ALIAS_NODES = 10_000         # nodes reachable through aliases; legit reuse stays far below
MAX_DEPTH = 64                   # an edition nests 5 levels deep

_YAML = "tag:yaml.org,2002:"
_SCALAR_TAGS = {
    _YAML + "str": "str",
    _YAML + "int": "int",
    _YAML + "float": "float",
    _YAML + "bool": "bool",
    _YAML + "null": "null",
    _YAML + "timestamp": "timestamp",
    _YAML + "value": "str",      # a plain `=`: SafeLoader resolves it oddly; it is just text
}
_MAP_TAG = _YAML + "map"
_SEQ_TAG = _YAML + "seq"
_MERGE_TAG = _YAML + "merge"

_CONSTRUCTOR = SafeConstructor()


@dataclass(slots=True)
class YNode:
    """A YAML value with its location.

    kind is "map", "seq", or a scalar kind: "str", "int", "float", "bool", "null",
    "timestamp" (kept as its text: the loader checks dates itself).
    For "map", `value` is {key: YNode} and `key_locs` says where each key is written.
    `text` is a scalar's source text (so a headline `2023` stays "2023").
    """

    kind: str
    value: Any
    loc: Loc
    text: str = ""
    key_locs: dict[str, Loc] = field(default_factory=dict)
    source: SourceText | None = None    # a scalar's file text, and where in it the scalar is written
    start: int = 0
    end: int = 0

    def origin(self) -> Origin:
        """Where each character of a scalar's value is in its file."""
        if self.source is None:
            return _Fixed(self.loc)
        return ScalarOrigin(self.source, self.start, self.end, self.text)

    @property
    def is_scalar(self) -> bool:
        return self.kind not in ("map", "seq")


class _Fixed:
    """An origin that knows only where the value starts."""

    def __init__(self, loc: Loc):
        self.at = loc

    def loc(self, offset: int) -> Loc:
        return self.at


class _AliasRef:
    """What our composer returns for `*name`: the target node plus where the alias is."""

    __slots__ = ("target", "start_mark")

    def __init__(self, target: Node, start_mark: yaml.Mark):
        self.target = target
        self.start_mark = start_mark


class _TooDeep(Exception):
    def __init__(self, mark: yaml.Mark):
        super().__init__("too deep")
        self.mark = mark


class _MarkingComposer(Composer):
    """A composer that marks aliases, so the walk can count and locate them, and stops
    deep nesting itself (Python's own recursion limit is slow to reach)."""

    depth = 0
    if TYPE_CHECKING:       # the parser this is mixed with (yaml's Parser or libyaml's CParser)
        def check_event(self, *choices: Any) -> bool: ...
        def peek_event(self) -> Any: ...
        def get_event(self) -> Any: ...

    def compose_node(self, parent: Node | None, index: Any) -> Any:
        if self.check_event(AliasEvent):
            event = self.peek_event()
            if event.anchor in self.anchors:
                self.get_event()
                return _AliasRef(self.anchors[event.anchor], event.start_mark)
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise _TooDeep(self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _Loader(_MarkingComposer, yaml.SafeLoader):
    """The pure-Python safe loader, where libyaml is missing."""


if getattr(yaml, "__with_libyaml__", False):
    from yaml._yaml import CParser

    class _Loader(_MarkingComposer, CParser, SafeConstructor, Resolver):  # type: ignore[no-redef]
        """libyaml's parser (about seven times faster) under our own composer; safe:
        nothing is ever constructed from a tag."""

        def __init__(self, stream: str):
            CParser.__init__(self, stream)
            _MarkingComposer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)


class _Refused(Exception):
    """Stops the walk at once (alias bomb, recursion, nesting): one clear message."""

    def __init__(self, loc: Loc, message: str):
        super().__init__(message)
        self.loc = loc
        self.message = message


def read_text(path: str) -> str:
    """The file's text: size-limited, UTF-8 (a BOM is allowed), not empty."""
    start = Loc(path, 1, 1)
    try:
        size = os.path.getsize(path)
        if size > MAX_BYTES:
            raise EditionError.at(start, f"file is {size / 1048576:.1f} MB; an edition may be at most "
                                         f"{MAX_BYTES // 1048576} MB")
        with open(path, "rb") as f:
            data = f.read(MAX_BYTES + 1)
    except IsADirectoryError:
        raise EditionError.at(start, "is a directory, not an edition file") from None
    except FileNotFoundError:
        raise EditionError.at(start, "no such file") from None
    except OSError as err:
        raise EditionError.at(start, f"cannot read the file: {err.strerror or err}") from None
    if len(data) > MAX_BYTES:
        raise EditionError.at(start, f"file is larger than {MAX_BYTES // 1048576} MB")
    return decode(data, path)


def decode(data: bytes, source: str) -> str:
    """UTF-8 text; a bad byte is reported at its line and column (in characters)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise EditionError.at(byte_loc(data, err.start, "utf-8", source),
                              f"the file is not UTF-8: byte 0x{data[err.start]:02x} cannot start a "
                              "character here; save the edition as UTF-8") from None


def parse_yaml(text: str, source: str) -> YNode:
    """Compose one YAML document safely into YNodes; raises EditionError on any problem."""
    if not text.strip():
        raise EditionError.at(Loc(source, 1, 1), "the file is empty; an edition starts with `format: 1`")
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as err:
        if "nesting depth" in (err.problem or ""):     # libyaml's scanner, looking ahead
            raise EditionError.at(_mark_loc(source, err.problem_mark),
                                  f"the YAML is nested more than {MAX_DEPTH} levels deep") from None
        raise EditionError.at(_mark_loc(source, err.problem_mark or err.context_mark),
                              _syntax_message(err) + syntax_hint(err, text)) from None
    except yaml.reader.ReaderError as err:
        # libyaml gives a byte offset; find the character ourselves, counting characters
        bad = yaml.reader.Reader.NON_PRINTABLE.search(text)
        raise EditionError.at(_offset_loc(text, source, bad.start() if bad else err.position),
                              f"character U+{err.character:04X} is not allowed in YAML"
                              if isinstance(err.character, int) else f"cannot read the YAML: {err.reason}") from None
    except yaml.YAMLError as err:
        raise EditionError.at(Loc(source, 1, 1), f"YAML error: {err}") from None
    except _TooDeep as err:
        raise EditionError.at(_mark_loc(source, err.mark),
                              f"the YAML is nested more than {MAX_DEPTH} levels deep") from None
    except RecursionError:
        raise EditionError.at(Loc(source, 1, 1), "the YAML is nested too deeply") from None
    finally:
        loader.dispose()
    if root is None:
        raise EditionError.at(Loc(source, 1, 1), "the file has no content; an edition starts with `format: 1`")
    walker = _Walker(source, text)
    try:
        node = walker.walk(root, 0)
    except _Refused as err:
        raise EditionError.at(err.loc, err.message) from None
    if walker.diagnostics:
        raise EditionError(walker.diagnostics)
    return node


def _mark_loc(source: str, mark: yaml.Mark | None) -> Loc:
    if mark is None:
        return Loc(source, 1, 1)
    return Loc(source, mark.line + 1, mark.column + 1)


def _offset_loc(text: str, source: str, offset: int) -> Loc:
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return Loc(source, line, col)


def _syntax_message(err: yaml.MarkedYAMLError) -> str:
    problem = err.problem or "invalid YAML"
    message = f"YAML syntax error: {problem}"
    if err.context:
        where = ""
        if err.context_mark is not None and err.problem_mark is not None \
                and err.context_mark.line != err.problem_mark.line:
            where = f" at line {err.context_mark.line + 1}"
        message += f" ({err.context}{where})"
    return message


_NO_SPACE_AFTER_DASH = re.compile(r"^\s*-[^\s\-]")
_COLON_IN_VALUE = re.compile(r"^(\s*(?:-\s+)?[^\s:\"'#][^:#]*:\s+)([^\s\"'{\[|>&*!#][^#]*?:\s.*?)\s*$")


def syntax_hint(err: yaml.MarkedYAMLError, text: str) -> str:
    """A plain-language hint for the syntax errors editors make: a list item without a space
    after `-`, a tab as indentation, a `: ` inside an unquoted value."""
    mark = err.problem_mark or err.context_mark
    if mark is None:
        return ""
    lines = text.split("\n")
    line = lines[mark.line] if mark.line < len(lines) else ""
    for n in range(mark.line, max(mark.line - 3, -1), -1):     # the dash may be on a line above
        if n < len(lines) and _NO_SPACE_AFTER_DASH.match(lines[n]):
            item = lines[n].strip()
            return f"; line {n + 1}: a list item needs a space after '-' (write '- {item[1:]}')"
    if "\t" in line[:len(line) - len(line.lstrip())] or line[mark.column:mark.column + 1] == "\t":
        return "; a tab is used as indentation: YAML indents with spaces only"
    m = _COLON_IN_VALUE.match(line)
    if m and "mapping values are not allowed" in (err.problem or ""):
        key = m.group(1).strip()
        value = m.group(2).replace('"', '\\"')
        return f"; the text contains ': ': put the text in quotes ({key} \"{value}\")"
    return ""


def _show_tag(tag: str) -> str:
    return "!!" + tag[len(_YAML):] if tag.startswith(_YAML) else tag


class _Walker:
    """Turns the composed graph into YNodes, refusing what safe YAML data never needs."""

    def __init__(self, source: str, text: str):
        self.source = source
        self.text = text
        self.file = SourceText(source, text)
        self.diagnostics: list[Diagnostic] = []
        self.alias_nodes = 0
        self.path: set[int] = set()   # ids of the nodes being walked: a repeat is a recursive alias

    def loc(self, mark: yaml.Mark) -> Loc:
        return Loc(self.source, mark.line + 1, mark.column + 1)

    def walk(self, node: Node | _AliasRef, depth: int, alias: _AliasRef | None = None) -> YNode:
        if isinstance(node, _AliasRef):
            if id(node.target) in self.path:
                raise _Refused(self.loc(node.start_mark), "recursive alias: the anchor contains itself")
            return self.walk(node.target, depth, alias or node)
        if alias is not None:
            self.alias_nodes += 1
            if self.alias_nodes > MAX_ALIAS_NODES:
                raise _Refused(self.loc(alias.start_mark),
                               f"too many aliases: expanding them reaches more than {MAX_ALIAS_NODES} "
                               "values (an alias bomb?); refused")
        if depth > MAX_DEPTH:
            raise _Refused(self.loc(node.start_mark), f"the YAML is nested more than {MAX_DEPTH} levels deep")
        loc = self.loc(node.start_mark)
        self.path.add(id(node))
        try:
            if isinstance(node, MappingNode):
                return self._mapping(node, loc, depth, alias)
            if isinstance(node, SequenceNode):
                if node.tag != _SEQ_TAG:
                    self._bad_tag(node, loc)
                return YNode("seq", [self.walk(item, depth + 1, alias) for item in node.value], loc)
            assert isinstance(node, ScalarNode)
            return self._scalar(node, loc)
        finally:
            self.path.discard(id(node))

    def _bad_tag(self, node: Node, loc: Loc) -> None:
        self.diagnostics.append(Diagnostic(
            loc, f"tag {_show_tag(node.tag)} is not allowed: an edition holds plain text, numbers, "
                 "lists and mappings (nothing is ever executed)"))

    def _scalar(self, node: ScalarNode, loc: Loc) -> YNode:
        kind = _SCALAR_TAGS.get(node.tag)
        text = node.value
        if kind is None:
            self._bad_tag(node, loc)
            return YNode("str", text, loc, text)
        value: Any = text
        try:
            if kind == "int":
                value = _CONSTRUCTOR.construct_yaml_int(node)
            elif kind == "float":
                value = _CONSTRUCTOR.construct_yaml_float(node)
                if not math.isfinite(value):
                    self.diagnostics.append(Diagnostic(loc, f"expected a finite number, got {text}"))
            elif kind == "bool":
                value = _CONSTRUCTOR.construct_yaml_bool(node)
            elif kind == "null":
                value = None
        except (ValueError, TypeError):
            if kind == "int" and text.lstrip("+-").isdigit():     # Python refuses ints of 4300+ digits
                message = f"the number {shown(text)} is too large"
            else:
                message = f"not a valid {kind}: {shown(repr(text), 60)}"
            self.diagnostics.append(Diagnostic(loc, message))
            return YNode("str", text, loc, text)
        return YNode(kind, value, loc, text, source=self.file, start=node.start_mark.index,
                     end=node.end_mark.index)

    def _rejoin_colour(self, node: MappingNode, value: Node | _AliasRef) -> tuple[ScalarNode, int] | None:
        """`{tint: cmyk(0,0,0,8)}`: in a flow mapping YAML splits at the commas; the format's
        own examples write colours so, so we take the text up to `)` back as one value."""
        if not (node.flow_style and isinstance(value, ScalarNode) and not value.style
                and value.tag == _YAML + "str" and value.value.lower().startswith("cmyk(")
                and ")" not in value.value):
            return None
        start = value.start_mark.index
        end = self.text.find(")", start)
        if end < 0 or any(c in self.text[start:end] for c in "\n{}[]"):
            return None
        joined = ScalarNode(value.tag, self.text[start:end + 1], value.start_mark, value.end_mark)
        return joined, end + 1

    def _mapping(self, node: MappingNode, loc: Loc, depth: int, alias: _AliasRef | None) -> YNode:
        if node.tag != _MAP_TAG:
            self._bad_tag(node, loc)
        values: dict[str, YNode] = {}
        key_locs: dict[str, Loc] = {}
        merged: list[YNode] = []
        skip_to = -1
        for key_node, value_node in node.value:
            if not isinstance(key_node, _AliasRef) and key_node.start_mark.index < skip_to:
                continue    # a piece of a colour that _rejoin_colour put back together
            rejoined = self._rejoin_colour(node, value_node)
            if rejoined is not None:
                value_node, skip_to = rejoined
            if isinstance(key_node, ScalarNode) and key_node.tag == _MERGE_TAG:
                merged.append(self.walk(value_node, depth + 1, alias))
                continue
            key = self.walk(key_node, depth + 1, alias)
            if not key.is_scalar:
                self.diagnostics.append(Diagnostic(key.loc, "a key must be a plain name, not a list or mapping"))
                continue
            name = key.text
            if name in values:
                first = key_locs[name]
                self.diagnostics.append(Diagnostic(
                    key.loc, f"duplicate key '{name}' (first at line {first.line})"))
                continue
            values[name] = self.walk(value_node, depth + 1, alias)
            key_locs[name] = key.loc
        # `<<: *defaults` (YAML merge): explicit keys win, earlier merges win over later ones.
        for m in merged:
            sources = m.value if m.kind == "seq" else [m]
            for src in sources:
                if src.kind != "map":
                    self.diagnostics.append(Diagnostic(src.loc, "`<<` merges a mapping or a list of mappings"))
                    continue
                for name, value in src.value.items():
                    if name not in values:
                        values[name] = value
                        key_locs[name] = src.key_locs[name]
        return YNode("map", values, loc, key_locs=key_locs)
