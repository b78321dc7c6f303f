"""Body paragraphs composed by an earlier run, kept on disk so the next run does not set them again.

Composing the body is most of a `check`'s layout (≈ 35 ms of the 8-page bench's ≈ 55),
and an edition is checked, previewed and printed again and again with most of its copy
unchanged. A paragraph's lines depend only on its text, the advance of each of its
characters and of the hyphen (all the composer asks of a font), the size, the measure,
the options and the composer's own code. So each composition is kept in the cache root's
`paragraphs/`, under a digest of the text, those advances as they are now and the call's
arguments, in a file named by a digest of this package's source files and the
interpreter (a changed composer, Python or marshal format starts a new file). A hit is
the `Line`s the composition gave, exactly (marshal keeps floats bit for bit); a missing,
stale or damaged file or entry only costs the composition, and a cache that cannot be
written costs the next run the same.

Only the program itself keeps paragraphs (`enable`, from `cli.run`): code that runs the
commands in-process (tests, a script) composes every paragraph, as before.
"""

from __future__ import annotations

import marshal
import os
import sys
from array import array
from pathlib import Path
from typing import Any, cast

from .. import cacheroot
from .. import compose as _composer  # its `compose_paragraph` looked up at each call (tests replace it)
from ..fonts.digest import blake2b_16, sha256_hex
from .para import Metrics
from .paragraph import Line

FORMAT = 1              # bump when what an entry holds, or how, changes (part of the file's name)
MAX_ENTRIES = 50_000    # a file past this starts afresh with the paragraphs of the run that saves it
KEEP_FILES = 4          # files of other composers (branches, versions) kept beside the current one
FOLDER = "paragraphs"
_PLAIN = frozenset({str, bool, int, float, type(None)})     # arguments whose repr is faithful and stable

_on = [False]
_store: list[_Store] = []      # the store of this process, once a paragraph asked for it
composed = [0]                 # body paragraphs this process had to compose (what tests count)


def enable() -> None:
    """Keep body paragraphs on disk from now on (the program does; see the module's docstring)."""
    _on[0] = True


def code_key(folder: Path | None = None) -> str | None:
    """A digest of the composer's source files (every `.py` in `folder`, this package by
    default) and of the interpreter; None when a source cannot be read (then nothing is
    kept: a composer whose code cannot be named could be a changed one)."""
    folder = folder or Path(__file__).parent
    parts = [f"{FORMAT}|{sys.implementation.cache_tag}|{sys.hexversion:x}|{marshal.version}".encode()]
    try:
        for name in sorted(os.listdir(folder)):
            if name.endswith(".py"):
                data = (folder / name).read_bytes()
                parts.append(f"|{name}|{len(data)}|".encode() + data)
    except OSError:
        return None
    return sha256_hex(b"".join(parts))[:24]


class _Store:
    """One file: an index of digest -> (start, end) and each entry framed by its crc32,
    so a run reads only the entries it asks for (a file that holds other editions'
    paragraphs costs little more than one that holds only this one's)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.raw = b""
        self.base = 0       # where the entries start in `raw`: the index's spans are from there
        self.index: dict[bytes, tuple[int, int]] = {}
        self.used: dict[bytes, bytes] = {}          # entries read this run, as stored
        self.fresh: dict[bytes, list[Line]] = {}    # paragraphs composed this run
        if path is not None:
            self.raw, self.base, self.index = _read(path)

    def get(self, key: bytes) -> list[Line] | None:
        span = self.index.get(key)
        if span is None:
            return None
        entry = self.raw[self.base + span[0]:self.base + span[1]]
        body = cacheroot.unframed(entry)
        if body is None:
            return None
        try:
            lines = [Line(*row) for row in marshal.loads(body)]
        except (ValueError, EOFError, TypeError):
            return None
        self.used[key] = entry
        return lines

    def save(self, pid: int) -> None:
        """At exit, when this run composed something: the entries on disk now (another
        run's too) and this run's, atomically; past MAX_ENTRIES only this run's."""
        if not self.fresh or self.path is None or os.getpid() != pid:
            return      # nothing new, or a forked child that inherited the handler
        raw, base, index = _read(self.path)
        entries = {k: raw[base + s:base + e] for k, (s, e) in index.items()}
        if len(entries) + len(self.fresh) > MAX_ENTRIES:
            entries = {}
        entries.update(self.used)
        for k, lines in self.fresh.items():
            rows = [(ln.text, ln.xs, ln.width, ln.last, ln.hyphen, ln.spacing) for ln in lines]
            entries[k] = cacheroot.framed(marshal.dumps(rows))
        _write(self.path, entries)


def _read(path: Path) -> tuple[bytes, int, dict[bytes, tuple[int, int]]]:
    """The file's bytes, where its entries start and its index (each entry's span from
    there); nothing when it is missing or its index damaged (a damaged entry is found
    when it is asked for). The file: the index's length (4 bytes), the index (marshal,
    crc-framed), the entries (each marshal, crc-framed)."""
    try:
        raw = path.read_bytes()
        base = 4 + int.from_bytes(raw[:4], "big")
        head = cacheroot.unframed(raw[4:base]) if len(raw) >= base else None
        index = marshal.loads(head) if head is not None else None
    except (OSError, ValueError, EOFError, TypeError):
        return b"", 0, {}
    if not isinstance(index, dict):
        return b"", 0, {}
    return raw, base, index


def _write(path: Path, entries: dict[bytes, bytes]) -> None:
    from ..errors import OutputError
    from ..fonts.cache import atomic_write

    at = 0
    index: dict[bytes, tuple[int, int]] = {}
    for k, data in entries.items():
        index[k] = (at, at + len(data))
        at += len(data)
    head = cacheroot.framed(marshal.dumps(index))
    try:
        atomic_write(path, len(head).to_bytes(4, "big") + head + b"".join(entries.values()))
        others = sorted((p for p in path.parent.glob("*.bin") if p != path),
                        key=lambda p: p.stat().st_mtime, reverse=True)
        for old in others[KEEP_FILES:]:
            old.unlink(missing_ok=True)
    except (OSError, OutputError):
        pass


def _the_store() -> _Store:
    if not _store:
        import atexit

        from ..fonts.cache import subfolder

        key = code_key()
        folder = subfolder(FOLDER) if key is not None else None
        store = _Store(folder / f"{key}-v{FORMAT}.bin" if folder is not None else None)
        _store.append(store)
        atexit.register(store.save, os.getpid())
    return _store[0]


def compose_body(text: str, metrics: Metrics, size: float, measure: float, **options: Any) -> list[Line]:
    """`compose_paragraph(text, metrics, size, measure, **options)`, from the disk when
    an earlier run composed the same paragraph with the same advances (see above)."""
    compose_paragraph = _composer.compose_paragraph
    if not _on[0]:
        composed[0] += 1
        return compose_paragraph(text, metrics, size, measure, **options)
    widths: dict[str, float] = getattr(metrics, "widths", None) or {}
    # the advances exactly as Para reads them (same lookups, so the same side effects)
    got = list(map(widths.get, text))
    if None in got:
        advance = metrics.advance
        adv = [w if w is not None else advance(ch) for w, ch in zip(got, text, strict=True)]
    else:
        adv = cast("list[float]", got)
    hyph = widths.get("-")
    if not all(type(v) in _PLAIN for v in (size, measure, *options.values())):
        composed[0] += 1        # an argument without a faithful text (repr): not kept
        return compose_paragraph(text, metrics, size, measure, **options)
    # what the lines depend on, spelt canonically (marshal is not: its back-references
    # follow the objects' identities): the arguments' reprs (exact for floats), the text,
    # each advance's bytes
    data = text.encode("utf-8", "surrogatepass")
    head = repr((FORMAT, len(text), len(data), hyph if hyph is not None else metrics.advance("-"), size, measure,
                 sorted(options.items())))
    key = blake2b_16(head.encode() + data + array("d", adv).tobytes())
    store = _the_store()
    lines = store.get(key)
    if lines is None:
        composed[0] += 1
        lines = compose_paragraph(text, metrics, size, measure, **options)
        store.fresh[key] = lines
    return lines
