"""`layout plan`: the edition file again, with every `articles:` page's blocks spelled out.

The file is rewritten as text, not re-serialised: every line the editor wrote stays as it
is — comments, key order, quoting, flow or block style — except the `articles:` entry of a
planned page, which is replaced by the planned blocks (one flow mapping a line, under the
page's `blocks:`; appended to the page's own `blocks:` list when it has one). So the
planned file is the editor's file plus blocks, and can be edited on by hand.
"""

from __future__ import annotations

import re

from ..errors import EditionError
from ..model.edition import Block, Image, Loc, Page

_KEY = re.compile(r"^(?P<indent>[ ]*)(?:-[ ]+)?articles[ ]*:")
_ITEM = re.compile(r"^(?P<indent>[ ]*)-[ ]")


def block_yaml(b: Block) -> str:
    """One planned block as a flow mapping."""
    h = b.headline
    parts = [f"article: {b.article}", f"columns: {_span(b.columns.first, b.columns.last)}",
             f"lines: {_span(b.lines.first, b.lines.last)}"]
    if h is not None:
        head = []
        if h.lines is not None:
            head.append(f"lines: {h.lines}")
        if h.size is not None:
            head.append(f"size: {h.size:g}pt")
        if head:
            parts.append("headline: {" + ", ".join(head) + "}")
    return "{" + ", ".join(parts) + "}"


def _span(a: int, b: int) -> str:
    return str(a) if a == b else f"{a}-{b}"


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _is_content(line: str) -> bool:
    s = line.strip()
    return bool(s) and not s.startswith("#")


def _entry_end(lines: list[str], start: int, indent: int) -> int:
    """The line after the entry that starts at `start` with its key at `indent` (a block
    sequence may sit at the key's own indent, as PyYAML writes it)."""
    i = start + 1

    def inside(line: str) -> bool:
        if not _is_content(line):
            return True
        return _indent(line) > indent or (_indent(line) == indent and line.lstrip(" ").startswith("- "))

    while i < len(lines) and inside(lines[i]):
        i += 1
    while i > start + 1 and not _is_content(lines[i - 1]):
        i -= 1                   # blank lines and comments after the entry stay where they are
    return i


def rewrite(text: str, planned: list[tuple[Page, list[Block]]], photos: list[tuple[Image, int]]) -> str:
    """`text` with each planned page's `articles:` entry replaced by its new blocks.

    `planned` pairs each page as loaded (its `locs` locate `articles` and `blocks`) with
    the blocks the planner added; `photos` pairs article photos with the `height` the
    planner chose for them, written into the photo's own mapping. Photos are edited in place
    (an element of the line list may come to hold two lines) and pages from the end of the
    file backwards, so every location from the loader stays valid.
    """
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    lines = _with_heights(lines, photos)
    jobs = sorted(planned, key=lambda pb: pb[0].locs["articles"].line, reverse=True)
    for page, blocks in jobs:
        loc = page.locs["articles"]
        key = _key_line(lines, loc)
        first_line = lines[key]
        as_item = first_line.lstrip(" ").startswith("-")
        key_indent = first_line.index("articles")
        end = _entry_end(lines, key, key_indent)
        own = page.locs.get("blocks")
        if own is not None:
            if as_item or own.line - 1 > key:
                raise EditionError.at(loc, "plan: put `articles:` after the page's `blocks:` to plan this page")
            item_indent = _block_item_indent(lines, own)
            lines[key:end] = [" " * item_indent + "- " + block_yaml(b) + "\n" for b in blocks]
        else:
            prefix = first_line[:key_indent]
            new = [prefix + "blocks:\n"]
            new += [" " * (key_indent + 2) + "- " + block_yaml(b) + "\n" for b in blocks]
            lines[key:end] = new
    return "".join(lines)


def _with_heights(lines: list[str], photos: list[tuple[Image, int]]) -> list[str]:
    """Each photo's mapping with `height: N` as its first key (flow or block style)."""
    by_line: dict[int, list[tuple[int, int]]] = {}
    for image, height in photos:
        by_line.setdefault(image.loc.line - 1, []).append((image.loc.col - 1, height))
    out = list(lines)
    for i, edits in by_line.items():
        line = out[i]
        for col, height in sorted(edits, reverse=True):
            if line[col:col + 1] == "{":
                line = line[:col + 1] + f"height: {height}, " + line[col + 1:]
            else:
                line = line[:col] + f"height: {height}\n" + " " * col + line[col:]
        out[i] = line            # may hold two lines now; the list keeps the file's numbering
    return out


def _key_line(lines: list[str], loc: Loc) -> int:
    """The line of the `articles:` key whose value starts at `loc`."""
    i = loc.line - 1
    while i >= 0:
        if _KEY.match(lines[i]):
            return i
        i -= 1
    raise EditionError.at(loc, "plan: cannot find the `articles:` key of this page in the file")


def _block_item_indent(lines: list[str], blocks_loc: Loc) -> int:
    """Indent of the `- ` items of a block-style `blocks:` list (flow lists are refused)."""
    line = lines[blocks_loc.line - 1]
    rest = line[blocks_loc.col - 1:]
    if rest.startswith("["):
        raise EditionError.at(blocks_loc, "plan: write this page's `blocks:` as a list of `- ` items to plan it")
    m = _ITEM.match(line)
    if m is not None:
        return len(m.group("indent"))
    return blocks_loc.col - 1
