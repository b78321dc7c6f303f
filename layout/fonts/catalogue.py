"""The font catalogue (layout/fonts/catalogue.yaml): faces, Debian packages, default roles.

Kept as data so that the Debian file locations live in one place, and so that
`layout fonts` can explain where a missing face comes from. Resolving an edition's
`fonts:` value (a face name, a family name, or a font file) happens here too, with
errors pointed at the value in the edition.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import EditionError
from ..model.edition import Loc
from ..model.schema import suggest

CATALOGUE_PATH = Path(__file__).resolve().with_name("catalogue.yaml")   # package data: in the wheel too


class FontProblem(ValueError):
    """A font file that cannot be used (raised while preparing; shown at the edition's value)."""

    def __init__(self, path: str, index: int, message: str):
        super().__init__(path, index, message)
        self.path, self.index, self.message = path, index, message

    def __str__(self) -> str:
        return f"font file {self.path}" + (f"#{self.index}" if self.index else "") + f": {self.message}"


@dataclass(frozen=True, slots=True)
class FaceSource:
    """Where one face comes from: a font file and, for a collection, its index."""

    key: str                    # stable id, e.g. "noto-serif-cjk-sc-regular"
    name: str                   # "Noto Serif CJK SC Regular" or the file name
    path: str                   # the font file
    index: int = 0              # face in a .ttc collection
    package: str | None = None  # the Debian package that installs the file
    expect: str | None = None   # family name the face's name table must give

    @property
    def installed(self) -> bool:
        return os.path.isfile(self.path)

    def install_hint(self) -> str:
        if self.package:
            return (f"{self.path} is not installed: install the Debian package {self.package} "
                    f"(sudo apt-get install {self.package})")
        return f"font file {self.path} does not exist"


@dataclass(frozen=True, slots=True)
class Role:
    """A font role: the face it names and the faces that stand in for a missing character."""

    name: str
    face: str                   # face name
    fallback: tuple[str, ...]   # face names, in order


@dataclass(slots=True)
class Catalogue:
    """The known faces, their families and the default roles."""

    faces: dict[str, FaceSource]            # face name -> source
    families: dict[str, str]                # family name -> its default face name
    roles: dict[str, Role]
    path: str = str(CATALOGUE_PATH)
    by_key: dict[str, FaceSource] = field(default_factory=dict)

    def resolve(self, value: str, base_dir: str, loc: Loc) -> FaceSource:
        """An edition's `fonts:` value -> the face it means; EditionError at `loc` if none."""
        value = value.strip()
        if value in self.faces:
            return self.faces[value]
        if value in self.families:
            return self.faces[self.families[value]]
        folded = {n.casefold(): n for n in (*self.faces, *self.families)}
        if value.casefold() in folded:
            return self.resolve(folded[value.casefold()], base_dir, loc)
        if _looks_like_file(value):
            return self._file_face(value, base_dir, loc)
        names = sorted({*self.faces, *self.families})
        hint = suggest(value, names) or f"; known faces: {', '.join(names)}"
        raise EditionError.at(loc, f"unknown font '{value}'{hint}")

    def _file_face(self, value: str, base_dir: str, loc: Loc) -> FaceSource:
        path, index = value, 0
        m = re.fullmatch(r"(.*\.(?:ttc|otc))#(\d+)", value, flags=re.IGNORECASE)
        if m:
            path, index = m.group(1), int(m.group(2))
        full = os.path.normpath(os.path.join(base_dir, os.path.expanduser(path)))
        for face in self.faces.values():   # a catalogue file named by path keeps its package
            if face.path == full and face.index == index:
                return face
        if not os.path.isfile(full):
            raise EditionError.at(loc, f"font file {full} does not exist")
        problem = _check_font_file(full, index)
        if problem:
            raise EditionError.at(loc, f"font file {full}: {problem}")
        stem = re.sub(r"[^a-z0-9]+", "-", Path(full).stem.lower()).strip("-")
        key = f"file-{stem}" + (f"-{index}" if index else "")
        return FaceSource(key=key, name=Path(full).name + (f"#{index}" if index else ""),
                          path=full, index=index)

    def role_fallback(self, role: str) -> tuple[FaceSource, ...]:
        """The faces a role falls back to; roles the catalogue lacks use song's chain."""
        r = self.roles.get(role) or self.roles["song"]
        return tuple(self.faces[n] for n in r.fallback)


def _check_font_file(path: str, index: int) -> str | None:
    """Why `path`/`index` is not a usable face (read from the header, no fontTools), or None."""
    with open(path, "rb") as f:
        head = f.read(12)
    if head[:4] == b"ttcf":
        count = int.from_bytes(head[8:12], "big")
        if index >= count:
            return f"the collection has {count} faces (#0 to #{count - 1}), not #{index}"
        return None
    if head[:4] not in (b"\x00\x01\x00\x00", b"OTTO", b"true"):
        return "not a TrueType or OpenType font (.ttf, .otf, .ttc)"
    if index:
        return f"not a collection, so it has no face #{index}"
    return None


def _looks_like_file(value: str) -> bool:
    return bool(re.search(r"\.(ttf|otf|ttc|otc)(#\d+)?$", value, flags=re.IGNORECASE)) or "/" in value


def face_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _catalogue_data(path: str) -> Any:
    """The catalogue file's data, kept in the cache by the file's content: parsing it is
    ≈ 1 ms, but importing PyYAML for it ≈ 15 ms of a start whose edition is kept too
    (model/kept.py)."""
    from .cache import keep_value, kept_value
    from .digest import blake2b_16

    with open(path, "rb") as f:
        raw = f.read()
    key = blake2b_16(raw).hex()
    data = kept_value("catalogue", "catalogue.bin", key)
    if data is None:
        import yaml

        data = yaml.load(raw.decode("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        keep_value("catalogue", "catalogue.bin", key, data)
    return data


@lru_cache(maxsize=4)
def load_catalogue(path: str = str(CATALOGUE_PATH)) -> Catalogue:
    """Parse the catalogue; it is part of the program, so a bad one raises ValueError."""
    data = _catalogue_data(path)
    faces: dict[str, FaceSource] = {}
    families: dict[str, str] = {}
    for family, fam in data["families"].items():
        for weight, w in fam["weights"].items():
            name = f"{family} {weight}"
            faces[name] = FaceSource(key=face_key(name), name=name, path=w["file"],
                                     index=int(w.get("index", 0)), package=fam.get("package"),
                                     expect=fam.get("expect"))
        families[family] = f"{family} {fam['default']}"
    roles = {}
    for role, r in data["roles"].items():
        for n in (r["face"], *r.get("fallback", ())):
            if n not in faces:
                raise ValueError(f"{path}: role {role} names unknown face {n!r}")
        roles[role] = Role(role, r["face"], tuple(r.get("fallback", ())))
    cat = Catalogue(faces=faces, families=families, roles=roles, path=path)
    cat.by_key = {f.key: f for f in faces.values()}
    return cat
