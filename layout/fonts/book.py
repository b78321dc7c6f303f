"""Faces, role stacks and the font book: what the composer measures text with.

A warm build reads only small metrics files from the cache (no fontTools); a cold
one prepares the faces first (prepare.py). Glyph codes (`Face.gids`) are the
source font's ids (the CID of a Noto glyph, the glyph id of a TrueType glyph), so
they never change when a face is prepared again with more characters.
"""

from __future__ import annotations

import bisect
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import repeat
from operator import truediv
from typing import TYPE_CHECKING, Any, NoReturn

from ..errors import Diagnostic, EditionError
from ..model.edition import Loc
from ..model.schema import suggest
from . import cache, store
from .catalogue import Catalogue, FaceSource, FontProblem, load_catalogue
from .charset import base_chars, base_hash, in_base, set_hash
from .charset import describe_missing as describe_missing

if TYPE_CHECKING:
    from ..model.edition import Edition


_parsed_parts: dict[str, Any] = {}      # prepared part file -> Face.parsed_part's result


@dataclass(eq=False)
class Face:
    """One prepared face. Metrics are in em (fractions of the font size)."""

    key: str                    # stable id, e.g. "noto-serif-cjk-sc-regular"
    name: str
    source: FaceSource
    kind: str                   # "cff" (Noto) | "truetype" (WenKai)
    units_per_em: int
    ascent: float               # ideographic em box top above the baseline (0.88 for Noto)
    descent: float              # em box bottom, negative below the baseline (-0.12)
    ps_name: str
    info: dict[str, Any]        # source facts for the PDF font descriptor
    advances: dict[str, float] = field(default_factory=dict)   # char -> em
    gids: dict[str, int] = field(default_factory=dict)         # char -> glyph code
    parts: list[str] = field(default_factory=list)  # prepared font files: base set, then additions
    base: bool = False          # prepared with the whole base set (it is some role's primary)
    extra: frozenset[str] = frozenset()     # characters asked for on demand (some the source lacks)
    _raw: list[dict[str, Any] | None] = field(default_factory=list)   # each part's metrics (None: not read yet)
    _part_of: dict[int, int] | None = None
    _starts: list[int] | None = None    # the source's character ranges, from `info`, when first asked
    _ends: list[int] = field(default_factory=list)

    def has(self, ch: str) -> bool:
        """Whether `ch` is prepared (after FontBook.ensure: whether the face has it)."""
        return ch in self.gids

    def advance(self, ch: str) -> float:
        return self.advances[ch]

    def source_has(self, ch: str) -> bool:
        """Whether the source font has `ch` at all (prepared or not)."""
        if self._starts is None:
            # only a character outside the prepared set asks: most builds never do
            ranges = self.info.get("ranges")
            if ranges is None:      # loaded from the book's tables, which leave them out
                ranges = _source_info(self.source)["ranges"]
            self._starts = [r[0] for r in ranges]
            self._ends = [r[1] for r in ranges]
        c = ord(ch)
        i = bisect.bisect_right(self._starts, c) - 1
        return i >= 0 and c <= self._ends[i]

    @property
    def path(self) -> str | None:
        """The main prepared font file (the base set); None while nothing is prepared."""
        return self.parts[0] if self.parts else None

    def parsed_part(self, i: int) -> Any:
        """Prepared part i parsed for cutting glyphs out of it (`subset.CffPart` or
        `TtPart`), once per process: the print, the e-paper and every page picture `serve`
        paints again take their font programs from the same parts."""
        p = _parsed_parts.get(self.parts[i])
        if p is None:
            from . import subset as sub

            data = self.read_part(i)    # hash-checked; a damaged file is prepared again (renamed)
            p = _parsed_parts[self.parts[i]] = (sub.parse_cff_part(data) if self.kind == "cff"
                                                else sub.parse_tt_part(data))
        return p

    def read_part(self, i: int) -> bytes:
        """The bytes of prepared part i, prepared again first if the file is damaged."""
        data = store.read_font(self.parts[i])
        if data is None:
            from . import prepare
            key = os.path.basename(self.parts[i]).split("-", 1)[0]
            m = cache.read_checked(cache.cache_dir() / f"{key}.bin")
            chars = m["chars"] if m else ""
            try:
                (cache.cache_dir() / f"{key}.bin").unlink(missing_ok=True)
            except OSError:     # a folder in its place: the new entry's write removes it
                pass
            prepare.run_jobs([prepare.Job(f"{self.name} (repair)", self.source.path, self.source.index,
                                          chars, key, self.source.expect)], progress=True)
            fresh = store.load_entry(key) or _fail(f"font cache entry {key} unusable")
            self.parts[i] = fresh["path"]
            data = store.read_font(self.parts[i]) or _fail(f"font cache entry {key} unusable")
        return data

    def _apply(self, m: dict[str, Any]) -> None:
        """Add one prepared part (the base set, or characters added on demand)."""
        self._add_tables(m)
        self._raw.append(m)
        self._part_of = None
        self.parts.append(m["path"])

    def _add_tables(self, m: dict[str, Any]) -> None:
        """A prepared part's characters into the two tables."""
        upem = self.units_per_em
        chars = m["chars"]
        if not (len(chars) == len(m["codes"]) == len(m["adv"]) == len(m["vadv"])):
            raise ValueError(f"font cache entry {m.get('key')} is inconsistent")
        keys = list(chars)      # one str object a character, hashed once for both tables
        self.gids.update(zip(keys, m["codes"], strict=True))
        self.advances.update(zip(keys, map(truediv, m["adv"], repeat(upem)), strict=True))

    def asked(self, ch: str) -> bool:
        """Whether `ch` was already asked of the source (prepared, or found lacking)."""
        return (self.base and in_base(ch)) or ch in self.extra

    @property
    def part_of(self) -> dict[int, int]:
        """glyph code -> index of the prepared part it is taken from (for the embedder)."""
        if self._part_of is None:
            self._part_of = {}
            for i, m in enumerate(self._raw):
                if m is None:
                    key = os.path.basename(self.parts[i]).split("-", 1)[0]
                    m = self._raw[i] = store.load_entry(key) or _fail(f"font cache entry {key} unusable")
                self._part_of.update(dict.fromkeys(m["codes"], i))
        return self._part_of


class FontStack:
    """A role: the primary face, then the faces a character it lacks is taken from."""

    def __init__(self, role: str, faces: list[Face], book: FontBook):
        self.role = role
        self.faces = faces
        self.book = book
        self.widths: dict[str, float] = {}   # char -> em advance; the composer's hot loop
        self._none: set[str] = set()         # characters no face of the stack has

    @property
    def primary(self) -> Face:
        return self.faces[0]

    def face_of(self, ch: str) -> Face | None:
        """The first face that has `ch`; None when no face of the stack has it."""
        for f in self.faces:
            if ch in f.gids:
                return f
        if ch in self._none or ch < " ":
            return None
        self.book.ensure([ch], roles=[self.role])   # safety net: the caller did not ensure() it
        for f in self.faces:
            if ch in f.gids:
                return f
        self._none.add(ch)
        return None

    def advance(self, ch: str) -> float:
        """Advance of `ch` in em; 1.0 for a character no face has (it is reported missing)."""
        w = self.widths.get(ch)
        if w is None:
            f = self.face_of(ch)
            if f is None:
                return 1.0
            w = self.widths[ch] = f.advances[ch]
        return w

    def split(self, text: str) -> list[tuple[Face | None, str]]:
        """`text` cut into runs of one face (None: characters no face has)."""
        runs: list[tuple[Face | None, str]] = []
        cur: Face | None = None
        buf: list[str] = []
        for ch in text:
            f = self.face_of(ch)
            if buf and f is not cur:
                runs.append((cur, "".join(buf)))
                buf = []
            cur = f
            buf.append(ch)
        if buf:
            runs.append((cur, "".join(buf)))
        return runs


class FontBook:
    """The faces of one edition: a stack per role, prepared and cached."""

    def __init__(self, roles: dict[str, tuple[FaceSource, tuple[FaceSource, ...]]],
                 catalogue: Catalogue, progress: bool = True, locs: dict[str, Loc] | None = None,
                 chars: Iterable[str] | None = None):
        self.catalogue = catalogue
        self.locs = locs or {}           # face key -> where the edition names it (for errors)
        self.progress = progress
        self.faces: dict[str, Face] = {}
        self.stacks: dict[str, FontStack] = {}
        self.prepared_count = 0          # faces prepared by this book (0 on a warm build)
        self._no_glyph: set[str] = set()
        # With `chars` (every character the edition draws), the faces' tables may be read
        # cut to those (`_load`); then `_whole` says where the whole ones are, to fill the
        # tables in when any other is asked for (`ensure`, which every lookup that misses
        # goes through).
        self._whole: tuple[dict[str, FaceSource], dict[str, str], str] | None = None
        self._chars = None if chars is None else frozenset(chars)
        sources: dict[str, FaceSource] = {}
        primaries: set[str] = set()
        for primary, fallback in roles.values():
            sources.setdefault(primary.key, primary)
            primaries.add(primary.key)
            for fb in fallback:
                if fb.installed:
                    sources.setdefault(fb.key, fb)
        try:
            self._load(sources, primaries)
        except FontProblem as err:
            loc = next((self.locs[k] for k, f in sources.items()
                        if f.path == err.path and f.index == err.index and k in self.locs), None)
            if loc is None:
                raise
            raise EditionError.at(loc, str(err)) from None
        for role, (primary, fallback) in roles.items():
            chain = [self.faces[primary.key]]
            for fb in fallback:
                if fb.key in self.faces and self.faces[fb.key] not in chain:
                    chain.append(self.faces[fb.key])
            self.stacks[role] = FontStack(role, chain, self)

    @property
    def _cut(self) -> frozenset[str] | None:
        """The characters the faces' tables are cut to; None when they are whole."""
        return self._chars if self._whole is not None else None

    # -- construction ------------------------------------------------------------------

    @classmethod
    def default(cls, progress: bool = True) -> FontBook:
        """The catalogue's default roles (song, biaosong, hei, kai)."""
        cat = load_catalogue()
        roles = {r.name: (cat.faces[r.face], cat.role_fallback(r.name)) for r in cat.roles.values()}
        missing = [cat.faces[r.face] for r in cat.roles.values() if not cat.faces[r.face].installed]
        if missing:
            loc = Loc(cat.path, 1, 1)
            raise EditionError([Diagnostic(loc, f"font {f.name}: {f.install_hint()}") for f in missing])
        return cls(roles, cat, progress)

    @classmethod
    def for_edition(cls, edition: Edition, progress: bool = True, chars: Iterable[str] | None = None) -> FontBook:
        """The roles of an edition: catalogue defaults overridden by its `fonts:` section.
        `chars`: every character the edition will draw (flow.texts.text_by_role), when
        the caller knows them: the faces' tables are then read cut to those, ≈ 15 times
        smaller, from a file kept for that set (made from the whole tables the first time)."""
        cat = load_catalogue()
        problems: list[Diagnostic] = []
        roles: dict[str, tuple[FaceSource, tuple[FaceSource, ...]]] = {}
        locs: dict[str, Loc] = {}
        for r in cat.roles.values():
            roles[r.name] = (cat.faces[r.face], cat.role_fallback(r.name))
        fonts_loc = edition.locs.get("fonts", edition.loc)
        for role, value in edition.fonts.items():
            loc = edition.font_locs.get(role, fonts_loc)
            try:
                face = cat.resolve(value, edition.base_dir, loc)
            except EditionError as err:
                problems.extend(err.diagnostics)
                continue
            if not face.installed:
                problems.append(Diagnostic(loc, f"font '{value}' for role {role}: {face.install_hint()}"))
                continue
            roles[role] = (face, cat.role_fallback(role))
            locs.setdefault(face.key, loc)
        for role, (face, _) in roles.items():
            if role not in edition.fonts and not face.installed:
                problems.append(Diagnostic(fonts_loc, f"font role {role} ({face.name}): {face.install_hint()}"))
        used = [(s.font, s.locs.get("font", s.loc)) for s in edition.styles.values()]
        used.append((edition.page.body.font, edition.page.body.locs.get("font", edition.page.body.loc)))
        for role, loc in used:
            if role not in roles:
                hint = suggest(role, list(roles))
                problems.append(Diagnostic(loc, f"unknown font role '{role}' (roles: "
                                                f"{', '.join(sorted(roles))}){hint}"))
        if problems:
            raise EditionError(problems)
        return cls(roles, cat, progress, locs, chars)

    def _load(self, sources: dict[str, FaceSource], primaries: set[str]) -> None:
        ft = _fonttools_version()
        keys = {k: cache.entry_key(cache.source_hash(sources[k].path), sources[k].index, base_hash(), ft)
                for k in sorted(primaries)}
        tables_key = store.tables_key([f"{k}|{src.path}|{src.index}|{cache.source_hash(src.path)}|{keys.get(k, '')}"
                                       for k, src in sources.items()])
        cut_key = ""
        if self._chars is not None:
            cut_key = store.tables_key([tables_key, "cut", set_hash(self._chars)])
            if self._load_tables(sources, keys, cut_key, store.CUT):
                self._whole = (sources, keys, tables_key)
                return
        if self._load_tables(sources, keys, tables_key):
            self._save_cut(keys, cut_key)
            return
        jobs = []
        entries: dict[str, dict[str, Any]] = {}
        for k in primaries:
            src = sources[k]
            key = keys[k]
            m = store.load_entry(key)
            if m is None:
                from . import prepare
                jobs.append(prepare.Job(src.name, src.path, src.index,
                                        "".join(sorted(base_chars())), key, src.expect))
            else:
                entries[k] = m
        if jobs:
            from . import prepare
            done = prepare.run_jobs(jobs, self.progress)
            self.prepared_count += sum(not m.get("reused") for m in done.values())
            for k, key in keys.items():
                if k not in entries:
                    entries[k] = store.load_entry(key) or _fail(f"font cache entry {key} unusable")
        for k, src in sources.items():
            face = _new_face(k, src, _source_info(src))
            if k in entries:
                face.base = True
                face._apply(entries[k])
            self.faces[k] = face
        store.save_tables(tables_key, _tables(self.faces, keys))
        self._save_cut(keys, cut_key)

    def _save_cut(self, keys: dict[str, str], cut_key: str) -> None:
        """The whole tables just read, cut to the edition's characters for the next run."""
        if self._chars is not None and cut_key:
            store.save_tables(cut_key, _tables(self.faces, keys, self._chars), store.CUT)

    def _fill_in(self) -> None:
        """The faces' whole tables where they were read cut (`_load`): from the whole
        tables' file, or from the prepared entries it was made from."""
        if self._whole is None:
            return
        sources, keys, tables_key = self._whole
        self._whole = None
        tables = store.load_tables(tables_key)
        for k, face in self.faces.items():
            t = tables["faces"].get(k) if tables is not None else None
            if t is not None and "gids" in t and k in keys and store.entry_unchanged(keys[k], t["entry"]):
                face.gids.update(t["gids"])
                face.advances.update(t["adv"])
            elif k in keys:
                face._add_tables(store.load_entry(keys[k]) or _fail(f"font cache entry {keys[k]} unusable"))

    def _load_tables(self, sources: dict[str, FaceSource], keys: dict[str, str], tables_key: str,
                     kind: str = "") -> bool:
        """The faces from the book's tables (store.load_tables), if they are there and every
        prepared entry they were made from is still as it was; False: load the entries."""
        tables = store.load_tables(tables_key, kind)
        if tables is None:
            return False
        faces: dict[str, Face] = {}
        for k, src in sources.items():
            t = tables["faces"].get(k)
            if t is None:
                return False
            face = _new_face(k, src, t["info"])
            if k in keys:
                font = store.entry_unchanged(keys[k], t["entry"])
                if font is None:
                    return False
                face.base = True
                face.gids, face.advances = t["gids"], t["adv"]
                face.parts.append(font)
                face._raw.append(None)      # the entry's lists: read if the embedder asks (part_of)
            faces[k] = face
        self.faces.update(faces)
        return True

    # -- use -----------------------------------------------------------------------------

    def stack(self, role: str) -> FontStack:
        return self.stacks[role]

    def face(self, key: str) -> Face:
        return self.faces[key]

    @property
    def roles(self) -> list[str]:
        return list(self.stacks)

    def ensure(self, chars: Iterable[str], roles: Iterable[str] | None = None) -> None:
        """Prepare every character of `chars` some face of a stack has; call before composing.

        `roles` limits the work to those roles' stacks (default: all), so a rare
        character of the body text is not prepared in the headline faces too.

        The characters a face lacks but its source has are prepared as an extra part
        of the face (a small subset, about a second; cached by the character set);
        glyph codes already handed out stay valid.
        """
        need: dict[str, set[str]] = {}
        stacks = [self.stacks[r] for r in roles] if roles is not None else list(self.stacks.values())
        chars = set(chars)
        cut = self._cut
        if cut is not None and not chars <= cut:
            self._fill_in()             # a character the cut tables were not made for
        for ch in chars:
            if ch in self._no_glyph or ch < " ":
                continue
            found_any = False
            for stack in stacks:
                for f in stack.faces:
                    if ch in f.gids:
                        found_any = True
                        break
                    if not f.asked(ch) and f.source_has(ch):
                        need.setdefault(f.key, set()).add(ch)
                        found_any = True
                        break
            if not found_any and roles is None:
                self._no_glyph.add(ch)
        if not need:
            return
        from . import prepare
        ft = _fonttools_version()
        jobs = []
        for k, extra in sorted(need.items()):
            f = self.faces[k]
            f.extra = f.extra | extra
            key = cache.entry_key(cache.source_hash(f.source.path), f.source.index,
                                  "add-" + set_hash(extra), ft)
            m = store.load_entry(key)
            if m is None:
                jobs.append((k, prepare.Job(f"{f.name} (+{len(extra)} chars)", f.source.path, f.source.index,
                                            "".join(sorted(extra)), key, f.source.expect)))
            else:
                f._apply(m)
        if jobs:
            done = prepare.run_jobs([j for _, j in jobs], self.progress)
            self.prepared_count += sum(not m.get("reused") for m in done.values())
            for k, job in jobs:
                self.faces[k]._apply(store.load_entry(job.key) or _fail(f"font cache entry {job.key} unusable"))
        for stack in self.stacks.values():
            stack.widths.clear()

def _source_info(src: FaceSource) -> dict[str, Any]:
    info = store.load_source_info(src.path, src.index)
    if info is None:
        from . import prepare
        info = prepare.store_source_info(src.path, src.index)
    return info


def _new_face(key: str, src: FaceSource, info: dict[str, Any]) -> Face:
    return Face(key=key, name=src.name, source=src, kind=info["kind"], units_per_em=info["upem"],
                ascent=info["ascent"] / info["upem"], descent=info["descent"] / info["upem"],
                ps_name=info["ps_name"], info=info)


def _tables(faces: dict[str, Face], keys: dict[str, str], only: frozenset[str] | None = None) -> dict[str, Any]:
    """What `FontBook._load_tables` reads: each face's source facts (without its character
    ranges) and, for a prepared face, its two tables (`only` those characters, when given)
    and what its entry was. A character and an advance are one object for every face (the
    file then holds each once, and loading makes each once)."""
    chars: dict[str, str] = {}
    ems: dict[str, float] = {}
    out: dict[str, Any] = {}
    for k, face in faces.items():
        t: dict[str, Any] = {"info": {n: v for n, v in face.info.items() if n != "ranges"}}
        if k in keys:
            gids = face.gids if only is None else {c: face.gids[c] for c in only if c in face.gids}
            t["entry"] = store.entry_state(keys[k], face.parts[0])
            t["gids"] = {chars.setdefault(c, c): g for c, g in gids.items()}
            t["adv"] = {chars.setdefault(c, c): ems.setdefault(face.advances[c].hex(), face.advances[c])
                        for c in gids}
        out[k] = t
    return {"faces": out}


def _fail(msg: str) -> NoReturn:
    raise RuntimeError(msg)


_ft_version: str | None = None


def _fonttools_version() -> str:
    """fontTools' version without importing it (a warm build never needs fontTools)."""
    global _ft_version
    if _ft_version is None:
        import importlib.util
        import re
        spec = importlib.util.find_spec("fontTools")
        text = open(spec.origin, encoding="utf-8").read() if spec and spec.origin else ""
        m = re.search(r'version\s*=\s*__version__\s*=\s*"([^"]+)"', text)
        _ft_version = m.group(1) if m else "unknown"
    return _ft_version


__all__ = ["Face", "FontStack", "FontBook", "describe_missing"]
