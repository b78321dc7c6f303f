"""`layout fonts`: which file each role uses, whether it is installed and prepared, coverage.

Meant for the person setting up a machine: it says which Debian package to
install for anything missing, and never prepares (that happens on the first build).
"""

from __future__ import annotations

import sys
from typing import Any

import click

from . import cache, store
from .catalogue import Catalogue, FaceSource, load_catalogue
from .charset import base_chars, base_hash, gb2312_chars, gb2312_han


def _coverage(src: FaceSource) -> dict[str, Any]:
    info = store.load_source_info(src.path, src.index)
    if info is None:
        from .prepare import store_source_info
        info = store_source_info(src.path, src.index)
    return info


def _percent(info: dict[str, Any], chars: str) -> float:
    import bisect
    starts = [r[0] for r in info["ranges"]]
    ends = [r[1] for r in info["ranges"]]
    have = 0
    for ch in chars:
        i = bisect.bisect_right(starts, ord(ch)) - 1
        have += i >= 0 and ord(ch) <= ends[i]
    return 100.0 * have / len(chars)


def _prepared(src: FaceSource) -> bool:
    from .book import _fonttools_version
    key = cache.entry_key(cache.source_hash(src.path), src.index, base_hash(), _fonttools_version())
    return store.load_entry(key) is not None


def _roles(cat: Catalogue, edition_path: str | None) -> dict[str, tuple[FaceSource, str]]:
    roles = {r.name: (cat.faces[r.face], "default") for r in cat.roles.values()}
    if edition_path:
        from ..model.loader import load_edition
        ed = load_edition(edition_path)
        for role, value in ed.fonts.items():
            loc = ed.font_locs.get(role, ed.loc)
            roles[role] = (cat.resolve(value, ed.base_dir, loc), f"edition: {value}")
    return roles


def run_fonts(edition_path: str | None) -> int:
    """Print the font report; exit 1 when a role's font is not installed."""
    cat = load_catalogue()
    roles = _roles(cat, edition_path)
    out = click.echo
    missing: dict[str, list[str]] = {}
    n_han = len(gb2312_han())
    out(f"Font roles ({'edition ' + edition_path if edition_path else 'catalogue defaults'}; "
        f"catalogue {cat.path}):")
    for role, (src, why) in roles.items():
        where = src.path + (f"#{src.index}" if src.index else "")
        out(f"\n  {role:9} {src.name}  ({why})")
        out(f"            file     {where}")
        out(f"            package  {src.package or '(not from a Debian package)'}")
        if not src.installed:
            out("            MISSING  " + src.install_hint())
            if src.package:
                missing.setdefault(src.package, []).append(role)
            continue
        info = _coverage(src)
        gb = _percent(info, gb2312_chars())
        han = _percent(info, gb2312_han())
        base = _percent(info, "".join(sorted(base_chars())))
        n = sum(r[1] - r[0] + 1 for r in info["ranges"])
        out(f"            face     {info['full_name']} ({info['kind'].upper()}, {n} characters)")
        out(f"            coverage GB 2312 {gb:.1f}% (Han {han:.1f}% of {n_han}), prepared set {base:.1f}%")
        out(f"            prepared {'yes' if _prepared(src) else 'no (prepared on the first build)'}")
        chain = [f.name for f in cat.role_fallback(role) if f.key != src.key]
        if chain:
            out("            fallback " + " -> ".join(
                n + ("" if cat.faces[n].installed else " (not installed)") for n in chain))
    for f in cat.faces.values():
        if not f.installed and f.package:
            missing.setdefault(f.package, [])
    out(f"\nFont cache: {cache.cache_dir()} (set {cache.ENV_VAR} to move it)")
    if missing:
        pkgs = " ".join(sorted(missing))
        needed = sorted(p for p, r in missing.items() if r)
        out(f"\nNot installed: {', '.join(sorted(missing))}. Install with:\n  sudo apt-get install {pkgs}")
        if needed:
            print(f"layout fonts: roles without their font: install {' '.join(needed)}", file=sys.stderr)
            return 1
    return 0
