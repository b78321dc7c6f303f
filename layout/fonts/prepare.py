"""Preparing faces with fontTools: subset once, cache, never again on a warm build.

The only module that imports fontTools, and only inside the worker functions, so a
warm build never pays for it. The Noto faces stay CFF (desubroutinized, so the
embedder can cut charstrings out at the INDEX level); converting to TrueType would
cost minutes. TrueType faces (LXGW WenKai) are cut at the byte level keeping their
glyph ids, so a glyph's code is the same in every preparation of the face.
"""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import hashlib
import io
import os
import shutil
import struct
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import OutputError
from . import cache
from .catalogue import FontProblem

DROP_TABLES = ["GSUB", "GPOS", "GDEF", "BASE", "VORG", "DSIG", "JSTF", "MATH", "kern", "morx"]


@dataclass(frozen=True, slots=True)
class Job:
    """One face to prepare: source file and index, characters, where the entry goes."""

    label: str
    path: str
    index: int
    chars: str              # sorted characters to prepare
    key: str                # cache entry key
    expect: str | None = None
    folder: str = ""        # the cache folder, as the parent process decided it (run_jobs)


def _ranges(codes: list[int]) -> list[list[int]]:
    out: list[list[int]] = []
    for c in sorted(codes):
        if out and c == out[-1][1] + 1:
            out[-1][1] = c
        else:
            out.append([c, c])
    return out


def _open(path: str, index: int, lazy: bool) -> Any:     # a fontTools TTFont
    from fontTools.ttLib import TTFont
    return TTFont(path, fontNumber=index if path.lower().endswith((".ttc", ".otc")) else -1,
                  lazy=lazy, recalcBBoxes=False, recalcTimestamp=False)


def _kind(font: Any, path: str, index: int) -> str:
    if "CFF " in font:
        if not hasattr(font["CFF "].cff.topDictIndex[0], "ROS"):
            raise FontProblem(path, index, "its CFF outlines are name-keyed, not CID-keyed; use a "
                                           "TrueType font or a CID-keyed OpenType font (as Noto CJK)")
        return "cff"
    if "glyf" in font:
        return "truetype"
    raise FontProblem(path, index, "it has neither CFF nor TrueType outlines (CFF2 and bitmap "
                                   "fonts are not supported)")


def source_info(path: str, index: int) -> dict[str, Any]:
    """What the composer and `layout fonts` need to know about a source face (cmap read only)."""
    try:
        font = _open(path, index, lazy=True)
    except Exception as err:   # fontTools' errors for a file that is not a font
        raise FontProblem(path, index, f"cannot be read as a font ({err})") from err
    name = font["name"]
    os2, hhea, head = font["OS/2"], font["hhea"], font["head"]
    post = font["post"]
    return {
        "family": name.getDebugName(16) or name.getDebugName(1),
        "full_name": name.getDebugName(4),
        "ps_name": name.getDebugName(6) or "Unnamed",
        "kind": _kind(font, path, index),
        "upem": head.unitsPerEm,
        "ascent": os2.sTypoAscender, "descent": os2.sTypoDescender,
        "hhea_ascent": hhea.ascent, "hhea_descent": hhea.descent,
        "cap_height": getattr(os2, "sCapHeight", 0) or os2.sTypoAscender,
        "bbox": [head.xMin, head.yMin, head.xMax, head.yMax],
        "italic_angle": float(post.italicAngle),
        "glyphs": font["maxp"].numGlyphs,
        "ranges": _ranges(list(font.getBestCmap())),
    }


def _lock(folder: Path, key: str) -> contextlib.AbstractContextManager[object]:
    """Hold the entry's lock file, so two builds do not prepare the same face at once.
    A folder in its place is removed; a lock that cannot be made at all is done without
    (preparing twice is slower, never wrong: every write is atomic)."""
    path = folder / f"{key}.lock"
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    try:
        f = open(path, "w")
    except OSError:
        return contextlib.nullcontext()
    fcntl.flock(f, fcntl.LOCK_EX)
    return f


def run_job(job: Job) -> dict[str, Any]:
    """Prepare one face into the cache (or find that another process just did) -> metrics."""
    from . import store
    folder = Path(job.folder) if job.folder else cache.cache_dir()
    with _lock(folder, job.key):
        found = store.load_entry(job.key, folder)
        if found is not None:   # another build prepared it while we waited for the lock
            found["reused"] = True
            return found
        try:
            return _prepare(job, folder)
        except (FontProblem, OutputError):
            raise
        except Exception as err:
            raise FontProblem(job.path, job.index, f"cannot be prepared ({type(err).__name__}: {err})") from err


def _prepare(job: Job, d: Path) -> dict[str, Any]:
    info = store_source_info(job.path, job.index)
    if job.expect and info["family"] != job.expect:
        raise FontProblem(job.path, job.index, f"the face is '{info['family']}', not '{job.expect}': "
                                               "wrong collection index in layout/fonts/catalogue.yaml")
    if info["kind"] == "cff":
        data, chars, codes, adv, vadv = _prepare_cff(job, info)
    else:
        data, chars, codes, adv, vadv = _prepare_truetype(job, info)
    digest = hashlib.sha256(data).hexdigest()
    fname = f"{job.key}-{digest[:16]}.{'otf' if info['kind'] == 'cff' else 'ttf'}"   # named by content
    cache.atomic_write(d / fname, data)
    metrics = {
        "key": job.key, "label": job.label, "file": fname, "font_sha256": digest, "size": len(data),
        "kind": info["kind"], "chars": "".join(chars), "codes": codes, "adv": adv, "vadv": vadv,
    }
    cache.write_checked(d / f"{job.key}.bin", metrics)   # last: the entry now exists
    return metrics


Prepared = tuple[bytes, list[str], list[int], list[int], list[int]]   # data, chars, codes, adv, vadv


def _prepare_cff(job: Job, info: dict[str, Any]) -> Prepared:
    """fontTools subset, desubroutinized, so the embedder can copy charstrings as they are."""
    from fontTools import subset

    font = _open(job.path, job.index, lazy=False)
    opts = subset.Options()
    opts.layout_features = []
    opts.layout_closure = False
    opts.drop_tables += DROP_TABLES
    opts.hinting = True
    opts.desubroutinize = True
    opts.notdef_outline = True
    opts.name_IDs = [0, 1, 2, 3, 4, 5, 6, 16, 17]
    sub = subset.Subsetter(options=opts)
    cmap = font.getBestCmap()
    wanted = [c for c in job.chars if ord(c) in cmap]
    sub.populate(unicodes=[ord(c) for c in wanted])
    sub.subset(font)
    buf = io.BytesIO()
    font.save(buf)

    cmap = font.getBestCmap()
    hmtx = font["hmtx"].metrics
    vmtx = font["vmtx"].metrics if "vmtx" in font else None
    chars, codes, adv, vadv = [], [], [], []
    for c in wanted:
        g = cmap.get(ord(c))
        if g is None:
            continue
        chars.append(c)
        codes.append(0 if g == ".notdef" else int(g[3:]))   # CID-keyed: the name is the CID
        adv.append(hmtx[g][0])
        vadv.append(vmtx[g][0] if vmtx else info["upem"])
    return buf.getvalue(), chars, codes, adv, vadv


def _prepare_truetype(job: Job, info: dict[str, Any]) -> Prepared:
    """Byte-level subset keeping glyph ids: fontTools' glyf subsetter would decompile
    all ~29,000 WenKai glyphs (about 15 s); copying the glyph bytes takes a fraction."""
    from . import subset as sub

    font = _open(job.path, job.index, lazy=True)
    cmap = font.getBestCmap()
    with open(job.path, "rb") as f:
        raw = f.read()
    part = sub.TtPart.from_tables(sub.sfnt_tables(raw, job.index))
    vm = part.tables.get("vmtx")
    nvm = struct.unpack_from(">H", part.tables["vhea"], 34)[0] if vm and "vhea" in part.tables else 0
    chars, codes, adv, vadv = [], [], [], []
    for c in job.chars:
        g = cmap.get(ord(c))
        if g is None:
            continue
        gid = font.getGlyphID(g)
        chars.append(c)
        codes.append(gid)
        adv.append(part.hmetric(gid)[0])
        vadv.append(struct.unpack_from(">H", vm, 4 * min(gid, nvm - 1))[0] if vm and nvm else info["upem"])
    return sub.build_truetype([part], codes, {}), chars, codes, adv, vadv


def store_source_info(path: str, index: int) -> dict[str, Any]:
    from . import store
    info = store.load_source_info(path, index)
    if info is None:
        info = source_info(path, index)
        store.save_source_info(path, index, info)
    return info


def run_jobs(jobs: list[Job], progress: bool = True) -> dict[str, dict[str, Any]]:
    """Prepare faces, two at a time in worker processes, with a progress bar on stderr.

    A cache that fails while preparing (a full disk) is bypassed for a temporary
    folder and the faces prepared there; only when that fails too is it the user's
    fault (OutputError, exit 3).
    """
    if not jobs:
        return {}
    show = progress and os.environ.get("LAYOUT_QUIET") != "1"
    if show:
        print(f"Preparing {len(jobs)} font face(s) (first run; cached afterwards): "
              + ", ".join(j.label for j in jobs), file=sys.stderr)
    try:
        return _run_jobs(jobs, show)
    except OutputError as err:
        if not cache.bypass(err):
            raise
        return _run_jobs(jobs, show)


def _run_jobs(jobs: list[Job], show: bool) -> dict[str, dict[str, Any]]:
    folder = cache.cache_dir()
    cache.clean_stale_temps(folder)
    jobs = [dataclasses.replace(j, folder=str(folder)) for j in jobs]
    results: dict[str, dict[str, Any]] = {}
    workers = min(len(jobs), 2, os.cpu_count() or 1)
    if workers <= 1:
        for job in jobs:
            results[job.key] = run_job(job)
        return results
    from concurrent.futures import as_completed

    import click

    from ..workers import worker_pool
    with worker_pool(workers, initializer=cache.use_root, initargs=(folder,)) as pool:
        futures = {pool.submit(run_job, j): j for j in jobs}
        with click.progressbar(length=len(jobs), label="Preparing fonts", file=sys.stderr,
                               show_eta=False) if show else _NoBar() as bar:
            for fut in as_completed(futures):
                results[futures[fut].key] = fut.result()
                bar.update(1)
    return results


class _NoBar:
    def __enter__(self) -> _NoBar:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def update(self, n: int) -> None:
        pass
