"""Body paragraphs composed by an earlier run, kept on disk so the next run does not set them again.

Composing the body is most of a `check`'s layout (≈ 35 ms of the 8-page bench's ≈ 55),
and an edition is checked, previewed and printed again and again with most of its copy
unchanged. A paragraph's lines depend only on its text, the advance of each of its
characters and of the hyphen (all the composer asks of a font), the size, the measure,
the options and the composer's own code. So each composition is kept in the cache root's
`paragraphs/`, under a digest of the text, those advances as they are now and the call's
arguments, in one file per edition (its path) and composer: the file's name also digests
this package's source files and the interpreter, so a changed composer, Python or marshal
format starts a new file. A hit is the `Line`s the composition gave, exactly (marshal
keeps floats bit for bit); a missing, stale or damaged file or entry only costs the
composition, and a cache that cannot be written costs the next run the same. A file
holds what the edition's runs composed, up to MAX_BYTES (then only the last run's), so
a save rewrites about one edition's worth; the KEEP_FILES most recent files are kept.

Only the program itself keeps paragraphs (`enable`, from `cli._one_shot`): code that runs
the commands in-process (tests, a script) and the long-running commands (their own memo,
`flow.typeset._PARAGRAPHS`) compose every paragraph, as before.
"""

from __future__ import annotations

import marshal
import os
import sys
from itertools import starmap
from pathlib import Path
from typing import Any

from .. import cacheroot
from .. import compose as _composer  # its `compose_paragraph` looked up at each call (tests replace it)
from ..fonts.digest import blake2b_16
from .para import Metrics
from .paragraph import Line

FORMAT = 1              # bump when what an entry holds, or how, changes (part of the file's name)
MAX_BYTES = 4 << 20     # a file past this holds only the paragraphs of the run that saves it
KEEP_FILES = 64         # the most recently written files kept (editions, other composers)
FOLDER = "paragraphs"
_PLAIN = frozenset({str, bool, int, float, type(None)})     # arguments whose repr is faithful and stable

_on = [False]
_stores: dict[str, _Store] = {}     # edition -> its store, once one of its paragraphs asked for it
_code: list[str | None] = []        # this composer's code_key, once asked
composed = [0]                      # body paragraphs this process had to compose (what tests count)


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
    return blake2b_16(b"".join(parts)).hex()[:24]


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
            lines = list(starmap(Line, marshal.loads(body)))
        except (ValueError, EOFError, TypeError):
            return None
        self.used[key] = entry
        return lines

    def save(self) -> None:
        """When this run composed something: the entries on disk now (another run's too)
        and this run's, atomically; past MAX_BYTES only this run's."""
        if not self.fresh or self.path is None:
            return
        mine = dict(self.used)
        for k, lines in self.fresh.items():
            rows = [(ln.text, ln.xs, ln.width, ln.last, ln.hyphen, ln.spacing) for ln in lines]
            mine[k] = cacheroot.framed(marshal.dumps(rows, 2))     # version 2: no back-references, twice as fast
        raw, base, index = _read(self.path)
        entries = {k: raw[base + s:base + e] for k, (s, e) in index.items() if k not in mine}
        if len(raw) + sum(map(len, mine.values())) > MAX_BYTES:
            entries = {}
        entries.update(mine)
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
    from ..fonts.cache import atomic_write, drop_oldest

    at = 0
    index: dict[bytes, tuple[int, int]] = {}
    for k, data in entries.items():
        index[k] = (at, at + len(data))
        at += len(data)
    head = cacheroot.framed(marshal.dumps(index))
    try:
        atomic_write(path, len(head).to_bytes(4, "big") + head + b"".join(entries.values()))
        folder = path.parent
        names = [n for n in os.listdir(folder) if n.endswith(".bin") and n != path.name]
        if len(names) >= KEEP_FILES:        # the times asked only when some file must go
            drop_oldest([folder / n for n in names], KEEP_FILES - 1)
    except (OSError, OutputError):
        pass


def _store_of(edition: str) -> _Store:
    store = _stores.get(edition)
    if store is None:
        from ..fonts.cache import subfolder

        if not _stores:
            import atexit

            atexit.register(save, os.getpid())
        if not _code:
            _code.append(code_key())
        key = _code[0]
        folder = subfolder(FOLDER) if key is not None else None
        name = blake2b_16(f"{key}|{os.path.realpath(edition)}".encode()).hex()[:24]
        store = _stores[edition] = _Store(folder / f"{name}-v{FORMAT}.bin" if folder is not None else None)
    return store


def save(pid: int | None = None) -> None:
    """Write what this process composed (at exit; not in a forked child that inherited the handler)."""
    if pid is None or os.getpid() == pid:
        for store in _stores.values():
            store.save()


def compose_body(edition: str | None, text: str, metrics: Metrics, size: float, measure: float,
                 **options: Any) -> list[Line]:
    """`compose_paragraph(text, metrics, size, measure, **options)`, from the disk when
    an earlier run of `edition` (its file's path) composed the same paragraph with the
    same advances (see above); None: composed."""
    compose_paragraph = _composer.compose_paragraph
    if not _on[0] or edition is None:
        composed[0] += 1
        return compose_paragraph(text, metrics, size, measure, **options)
    if not all(type(v) in _PLAIN for v in (size, measure, *options.values())) or options.get("between_words"):
        composed[0] += 1        # an argument without a faithful text (repr), or breaks from the segmenter: not kept
        return compose_paragraph(text, metrics, size, measure, **options)
    widths: dict[str, float] = getattr(metrics, "widths", None) or {}
    # the advances as Para reads them: a character not in `widths` yet is asked of the
    # font (the same calls, so the same side effects)
    try:
        adv = list(map(widths.__getitem__, text))
    except KeyError:
        advance = metrics.advance
        adv = [w if w is not None else advance(ch) for w, ch in zip(map(widths.get, text), text, strict=True)]
    hyph = widths.get("-")
    # what the lines depend on, spelt canonically: the arguments' reprs (exact for floats),
    # the text, the advances in marshal's version 2 (which, unlike later versions, writes
    # no back-references: those follow the objects' identities)
    data = text.encode("utf-8", "surrogatepass")
    head = repr((FORMAT, len(text), len(data), hyph if hyph is not None else metrics.advance("-"), size, measure,
                 sorted(options.items())))
    key = blake2b_16(head.encode() + data + marshal.dumps(adv, 2))
    store = _store_of(edition)
    lines = store.get(key)
    if lines is None:
        composed[0] += 1
        lines = compose_paragraph(text, metrics, size, measure, **options)
        store.fresh[key] = lines
    return lines
