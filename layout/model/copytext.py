"""Copy (稿件) as an article's text: paragraphs, subheads, forced breaks, and copy files.

The same rules serve a `body:` in the YAML and a `file:` beside it, so both give the
same paragraphs for the same text. Every paragraph keeps where it starts, and every
line where each of its characters is (an `Origin`), so proofing warnings and errors
inside a copy file point at the character in that file.
"""

from __future__ import annotations

import bisect
import os
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Protocol

from ..errors import EditionError
from .edition import Loc

MAX_COPY_BYTES = 5 * 1024 * 1024    # a story is a few kB; a long report is under 200 kB
SUBHEAD_MARK = "## "
FORCED_BREAK = " \\"                # a line ending in space, backslash
LEADING_SPACES = " \u3000"          # removed from a .txt line's start: the renderer indents
COPY_SUFFIXES = (".txt", ".docx")
_RUNS = re.compile(r"\s+|\S+")     # \s is str.isspace's whitespace


class Origin(Protocol):
    """Where character `offset` of a text is in its source file."""

    def loc(self, offset: int) -> Loc: ...


class SourceText:
    """A whole file's text, with a line index for turning offsets into line and column."""

    def __init__(self, name: str, text: str):
        self.name = name
        self.text = text
        self._starts: list[int] | None = None

    def loc(self, index: int) -> Loc:
        if self._starts is None:
            self._starts = starts = [0]
            at = self.text.find("\n")
            while at >= 0:
                starts.append(at + 1)
                at = self.text.find("\n", at + 1)
        line = bisect.bisect_right(self._starts, index) - 1
        return Loc(self.name, line + 1, index - self._starts[line] + 1)


def match_chars(text: str, value: str, pos: int, end: int, out: list[int]) -> int:
    """The greedy match, character by character: each character of `value` at the first
    place in text[pos:end] it is found from the last match on (a space, or a character not
    found, at the position after the last match); appends to `out`, returns the new pos."""
    for ch in value:
        if ch.isspace():
            out.append(pos)
            continue
        found = text.find(ch, pos, end)
        if found >= 0:
            pos = found
        out.append(pos)
        if found >= 0:
            pos += 1
    return pos


class ScalarOrigin:
    """Positions of a YAML scalar's characters in the YAML text.

    YAML removes indentation, folds lines and resolves escapes, so the value's offsets
    are matched to the source greedily, character by character (exact for the plain
    and `|` scalars copy is written in; an escaped character takes the position of
    the one before it).
    """

    def __init__(self, source: SourceText, start: int, end: int, value: str):
        self.source, self.start, self.end, self.value = source, start, end, value
        self._index: list[int] | None = None

    def _align(self) -> list[int]:
        """The greedy match, a run of non-space characters at a time: a run found whole
        where its first character is takes consecutive positions (the common case, and
        what the character-by-character match gives then); others go character by
        character. A space takes the position after the last character matched."""
        text, pos, end, out = self.source.text, self.start, self.end, []
        for run in _RUNS.findall(self.value):
            if run[0].isspace():
                out.extend([pos] * len(run))
                continue
            first = text.find(run[0], pos, end)
            if first >= 0 and text.startswith(run, first, end):
                out.extend(range(first, first + len(run)))
                pos = first + len(run)
                continue
            pos = match_chars(text, run, pos, end, out)
        return out

    def loc(self, offset: int) -> Loc:
        if self._index is None:
            self._index = self._align()
        if not self._index:
            return self.source.loc(self.start)
        return self.source.loc(self._index[min(max(offset, 0), len(self._index) - 1)])


@dataclass(frozen=True, slots=True)
class CopyLine:
    """One source line of a paragraph, stripped, with the offset of its first character."""

    text: str
    offset: int
    forced_break: bool = False      # the line ended in ` \\` (the marker is not in `text`)


@dataclass(slots=True)
class Copy:
    """An article's text as the model carries it (see `Article`)."""

    paragraphs: list[str] = field(default_factory=list)
    subheads: frozenset[int] = frozenset()
    locs: list[Loc] = field(default_factory=list)
    lines: list[list[CopyLine]] = field(default_factory=list)   # each paragraph's source lines


def _is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def _is_latin(ch: str) -> bool:
    """Letters, digits and punctuation of Western scripts, which want a space at a joined break."""
    return not ch.isspace() and not _is_wide(ch) and (ord(ch) < 0x250 or "\u0370" <= ch <= "\u04ff")


def join_lines(lines: list[str]) -> str:
    """Join a paragraph's lines: no space around CJK, one space between two Latin words."""
    out = ""
    for line in lines:
        if out and _is_latin(out[-1]) and _is_latin(line[0]):
            out += " "
        out += line
    return out


def _join(lines: list[CopyLine]) -> str:
    """A paragraph's text: forced breaks become "\\n", other line ends are joined."""
    pieces: list[str] = []
    run: list[str] = []
    for line in lines:
        if line.text:
            run.append(line.text)
        if line.forced_break and line is not lines[-1]:
            pieces.append(join_lines(run))
            run = []
    pieces.append(join_lines(run))
    return "\n".join(pieces)


def _source_lines(text: str, strip: str, forced_breaks: bool) -> list[CopyLine | None]:
    """Each line stripped (None for a blank one), with a forced break noted."""
    out: list[CopyLine | None] = []
    offset = 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        lead = len(body) - len(body.lstrip(strip))
        line = body.strip(strip)
        start = offset + lead
        offset += len(raw)
        if not line:
            out.append(None)
            continue
        forced = forced_breaks and (line.endswith(FORCED_BREAK) or line == "\\")
        if forced:
            line = line[:-1].rstrip(strip)
        out.append(CopyLine(line, start, forced))
    return out


def split_copy(text: str, origin: Origin, *, line_paragraphs: bool = False, forced_breaks: bool = True) -> Copy:
    """Paragraphs, subheads and their locations.

    A body in the YAML: paragraphs are separated by blank lines. A copy file
    (`line_paragraphs`): every line break ends a paragraph and leading ASCII and
    full-width spaces go. A line ending in ` \\` continues the paragraph on a new line
    (`forced_breaks`: not in a `.txt`, where the spec makes every line a paragraph, so
    ` \\` there is text as typed), and a paragraph starting `## ` is a subhead.
    """
    strip = " \t\r\f\v" + ("\u3000" if line_paragraphs else "")
    groups: list[list[CopyLine]] = []
    current: list[CopyLine] = []
    for line in _source_lines(text, strip, forced_breaks):
        if line is None:
            if current:
                groups.append(current)
                current = []
            continue
        current.append(line)
        if line_paragraphs and not line.forced_break:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    copy = Copy()
    subheads: set[int] = set()
    for group in groups:
        first = group[0]
        if first.text.startswith(SUBHEAD_MARK) and first.text[len(SUBHEAD_MARK):].strip():
            subheads.add(len(copy.paragraphs))
            group = [CopyLine(first.text[len(SUBHEAD_MARK):].lstrip(), first.offset + len(SUBHEAD_MARK),
                              first.forced_break), *group[1:]]
        copy.paragraphs.append(_join(group))
        copy.locs.append(origin.loc(group[0].offset))
        copy.lines.append(group)
    copy.subheads = frozenset(subheads)
    return copy


def split_paragraphs(body: str) -> list[str]:
    """Paragraphs of a body, as `split_copy` makes them (for callers without an origin)."""
    return split_copy(body, SourceText("<body>", body)).paragraphs


# -- copy files ---------------------------------------------------------------------------


@dataclass(slots=True)
class CopyFile:
    """A copy file's text and how to locate a character of it."""

    text: str
    origin: Origin
    line_paragraphs: bool       # .txt: each line a paragraph; .docx: already one paragraph a line
    forced_breaks: bool         # .docx: a Word line break (written as ` \\`); .txt: none


class _DocxOrigin:
    """In a .docx, a place is `FILE:PARAGRAPH:CHARACTER` (Word paragraphs counted from 1)."""

    def __init__(self, name: str, starts: list[int]):
        self.name, self.starts = name, starts

    def loc(self, offset: int) -> Loc:
        i = max(bisect.bisect_right(self.starts, offset) - 1, 0)
        return Loc(self.name, i + 1, offset - self.starts[i] + 1)


def byte_loc(data: bytes, index: int, codec: str, name: str) -> Loc:
    """Where byte `index` of a file is, as line and column in characters (decoded by `codec`)."""
    line_start = data.rfind(b"\n", 0, index) + 1
    col = len(data[line_start:index].decode(codec, errors="replace")) + 1
    return Loc(name, data.count(b"\n", 0, index) + 1, col)


def decode_copy(data: bytes, name: str) -> str:
    """The text of a copy file: UTF-8 (with or without BOM), else GB18030 (Python's codec)."""
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030").removeprefix("\ufeff")
    except UnicodeDecodeError as err:
        raise EditionError.at(byte_loc(data, err.start, "gb18030", name),
                              f"the copy file is neither UTF-8 nor GB18030: byte 0x{data[err.start]:02x} "
                              "cannot start a character here; save it as UTF-8") from None


def read_copy_file(path: str, shown: str, at: Loc, what: str) -> CopyFile:
    """Read a `.txt` or `.docx` copy file; problems are located at `at` (the `file:` value,
    messages starting with `what`) or, inside a text file, at the offending position
    (`shown` names the file there)."""
    suffix = os.path.splitext(path)[1].lower()
    try:
        size = os.path.getsize(path)
        if size > MAX_COPY_BYTES:
            raise EditionError.at(at, f"{what}: copy file is {size / 1048576:.1f} MB; a copy file may be at most "
                                      f"{MAX_COPY_BYTES // 1048576} MB")
        if suffix == ".docx":
            return _read_docx(path, shown, at, what)
        with open(path, "rb") as f:
            data = f.read()
    except OSError as err:
        raise EditionError.at(at, f"{what}: cannot read the copy file: {err.strerror or err}") from None
    text = decode_copy(data, shown)
    return CopyFile(text, SourceText(shown, text), line_paragraphs=True, forced_breaks=False)


def _read_docx(path: str, shown: str, at: Loc, what: str) -> CopyFile:
    """Each Word paragraph becomes one line; a line break typed in Word is a forced break."""
    import zipfile

    import docx  # python-docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(path)
        paragraphs = [p.text for p in document.paragraphs]
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as err:
        raise EditionError.at(at, f"{what}: not a Word .docx file ({type(err).__name__}); save the copy as .docx "
                                  "or .txt") from None
    except Exception as err:  # noqa: BLE001 - python-docx raises many kinds on a damaged file
        raise EditionError.at(at, f"{what}: cannot read the Word file: {err}") from None
    # a Word line break (Shift+Enter) is a forced break: ` \\` and a new line, as in a .txt
    lines = [p.replace("\r", "").replace("\t", " ").replace("\n", FORCED_BREAK + "\n") for p in paragraphs]
    starts, offset = [], 0
    for line in lines:
        starts.append(offset)
        offset += len(line) + 1
    return CopyFile("\n".join(lines), _DocxOrigin(shown, starts), line_paragraphs=True, forced_breaks=True)
