"""Photos for the press: the visible part of each placed photo, at no more than the
resolution the press can use, colour-managed to the output profile, ink-limited and
encoded — once, then kept in the photo cache.

- Only the part the frame shows is embedded (a crop's trimmed edges are left out).
- A photo whose effective resolution at its placed size is above 1.5 × `max_ppi` is
  resampled to `max_ppi` (Lanczos; a JPEG is first decoded at the nearest smaller
  DCT scale, which libjpeg does almost for free).
- Encoding: JPEG (quality 92, no chroma subsampling) — CMYK, or grey for K-only photos
  — unless the source was lossless and the result is small (at most a megapixel:
  charts, logos, screenshots, where JPEG's ringing would show), then Flate.
  JPEG's rounding may lift a pixel's ink a little: the encoded data is decoded again
  and, while any pixel is over the limit, the limit step is tightened and the photo
  encoded again (Flate after three tries), so no pixel of the PDF exceeds the limit.
- An untagged CMYK JPEG that needs no crop, resampling or ink limiting is embedded
  as it is.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from . import cache, colour
from .probe import orientation

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage

VERSION = "2"               # bump when the preparation changes what it makes
JPEG_QUALITY = 92
DOWNSAMPLE_ABOVE = 1.5      # × max_ppi
LOSSLESS_MAX_PIXELS = 1_000_000
_LOSSLESS_FORMATS = ("PNG", "TIFF", "GIF", "BMP", "PPM", "WEBP-lossless")


@dataclass(frozen=True, slots=True)
class Target:
    """What the press wants: its profile (the output intent's bytes) and limits."""

    profile: bytes
    ink_limit: float        # percent
    max_ppi: float


@dataclass(frozen=True, slots=True)
class Job:
    """One photo as placed: which pixels of the source, and how many to embed."""

    path: str
    digest: str             # the source's sha256
    box: tuple[int, int, int, int]      # the visible pixels of the source, left top right bottom
    size: tuple[int, int]   # pixels to embed
    lossless_source: bool

    def key(self, target: Target) -> str:
        parts = {"v": VERSION, "job": asdict(self) | {"path": ""}, "profile": colour.digest(target.profile),
                 "intent": colour.INTENT, "limit": target.ink_limit, "q": JPEG_QUALITY}
        return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:32]


@dataclass(frozen=True, slots=True)
class Plan:
    job: Job
    rect: tuple[float, float, float, float]     # where the embedded pixels are drawn (x, y, w, h)
    ppi: float                                  # effective resolution of the source as placed


def plan(path: str, digest: str, fmt: str, pixels: tuple[int, int],
         frame: tuple[float, float, float, float], drawn: tuple[float, float, float, float],
         max_ppi: float) -> Plan:
    """The visible pixels of a photo drawn at `drawn` (x, y, w, h, pt) and clipped to
    `frame`, and the size to embed them at."""
    pw, ph = pixels
    fx, fy, fw, fh = frame
    ix, iy, iw, ih = drawn
    sx, sy = iw / pw, ih / ph                   # pt per pixel
    eps = 1e-6
    left = max(0, math.floor((fx - ix) / sx + eps))
    top = max(0, math.floor((fy - iy) / sy + eps))
    right = min(pw, math.ceil((fx + fw - ix) / sx - eps))
    bottom = min(ph, math.ceil((fy + fh - iy) / sy - eps))
    right, bottom = max(right, left + 1), max(bottom, top + 1)
    ppi = 72 / max(sx, sy)
    w, h = right - left, bottom - top
    if ppi > DOWNSAMPLE_ABOVE * max_ppi:
        f = max_ppi / ppi
        size = (max(1, round(w * f)), max(1, round(h * f)))
    else:
        size = (w, h)
    rect = (ix + left * sx, iy + top * sy, w * sx, h * sy)
    job = Job(path=path, digest=digest, box=(left, top, right, bottom), size=size,
              lossless_source=fmt.upper() in _LOSSLESS_FORMATS)
    return Plan(job=job, rect=rect, ppi=ppi)


@dataclass(frozen=True, slots=True)
class Prepared:
    """A photo ready to embed: its file, and for a JPEG its data's sha256 and the
    largest total ink of its decoded pixels (so the print's own preflight need not
    decode it again)."""

    path: str
    sha256: str | None = None
    ink: float | None = None


def prepare_all(jobs: Sequence[Job], target: Target, folder: str) -> dict[Job, Prepared]:
    """Each job's embeddable file: from the cache, else made (in parallel) and cached;
    kept in `folder` when the cache cannot be written."""
    unique = list(dict.fromkeys(jobs))
    workers = max(1, min(len(unique), os.cpu_count() or 1))
    if workers == 1:
        return {j: prepare(j, target, folder) for j in unique}
    with ThreadPoolExecutor(max_workers=workers) as pool:   # Pillow and LittleCMS release the GIL
        return dict(zip(unique, pool.map(lambda j: prepare(j, target, folder), unique), strict=True))


def prepare(job: Job, target: Target, folder: str) -> Prepared:
    key = job.key(target)
    hit = cache.lookup(key)
    if hit is not None:
        return Prepared(str(hit[0]), hit[1].get("sha256"), hit[1].get("ink"))
    suffix, data, ink = make(job, target)
    if suffix == "":
        return Prepared(job.path)               # embedded as it is
    sha = hashlib.sha256(data).hexdigest()
    kept = cache.store(key, suffix, data, {"ink": ink})
    if kept is not None:
        return Prepared(str(kept), sha, ink)
    from ..output.atomic import write_bytes

    kept_here = os.path.join(folder, key + suffix)
    write_bytes(kept_here, data)    # a full temporary folder: `cannot write PATH: …`, exit 3
    return Prepared(kept_here, sha, ink)


def make(job: Job, target: Target) -> tuple[str, bytes, float | None]:
    """(suffix, bytes, largest total ink) of the prepared photo; suffix "" when the
    source is used as it is."""
    from PIL import Image

    with Image.open(job.path) as src:
        icc = src.info.get("icc_profile")
        full = _upright_size(src)
        untouched = job.box == (0, 0, *full) and job.size == full
        if src.format == "JPEG" and src.mode == "CMYK" and untouched and \
                colour.usable_profile(icc, "CMYK") is None and orientation(src) in (0, 1):
            src.load()
            ink = colour.max_ink(src)
            if ink <= target.ink_limit:
                return "", b"", ink
        im = _decoded(src, job)
    im, icc = flattened(im, icc)
    if im.mode == "L":
        out = colour.grey_to_k(im, colour.usable_profile(icc, "GRAY"), target.profile)
        return _encode(out, job, lambda cap: out, target.ink_limit)
    cmyk = colour.to_cmyk(im, colour.usable_profile(icc, colour.icc_space(im.mode)), target.profile)
    return _encode(cmyk, job, lambda cap: colour.limit_ink(cmyk, cap), target.ink_limit)


def _upright_size(im: PILImage) -> tuple[int, int]:
    """The pixel size after the EXIF orientation is applied (as the probe reports it)."""
    w, h = im.size
    return (h, w) if orientation(im) in (5, 6, 7, 8) else (w, h)


def _decoded(src: PILImage, job: Job) -> PILImage:
    """The job's box of the upright source, resampled to the job's size."""
    from PIL import Image, ImageOps

    full = _upright_size(src)
    bw, bh = job.box[2] - job.box[0], job.box[3] - job.box[1]
    if src.format == "JPEG" and job.size != (bw, bh):
        # decode at the smallest DCT scale that still has the pixels the target needs
        f = max(job.size[0] / bw, job.size[1] / bh)
        want = (math.ceil(src.size[0] * f), math.ceil(src.size[1] * f))
        src.draft(src.mode, want)
    im = ImageOps.exif_transpose(src) or src
    sx, sy = im.size[0] / full[0], im.size[1] / full[1]
    box = (job.box[0] * sx, job.box[1] * sy, job.box[2] * sx, job.box[3] * sy)
    if job.size == (round(box[2] - box[0]), round(box[3] - box[1])) and sx == sy == 1:
        return im.crop(job.box)
    return im.resize(job.size, Image.Resampling.LANCZOS, box=box)


def flattened(im: PILImage, icc: bytes | None) -> tuple[PILImage, bytes | None]:
    """RGB, L, CMYK or LAB: transparency composited on paper white, palettes expanded,
    16-bit grey brought to 8 bits."""
    from PIL import Image

    if im.mode in ("RGB", "L", "CMYK", "LAB"):
        return im, icc
    if im.mode.startswith("I;16") or im.mode == "I":
        return im.convert("I").point(lambda v: v / 257).convert("L"), icc
    if im.mode in ("1", "F"):
        return im.convert("L"), icc
    if im.mode in ("LA", "PA", "RGBA", "P") or "transparency" in im.info:
        rgba = im.convert("LA" if im.mode == "LA" else "RGBA")
        base = Image.new(rgba.mode[:-1], rgba.size, 255 if rgba.mode == "LA" else (255, 255, 255))
        base.paste(rgba, mask=rgba.getchannel("A"))
        return base, icc
    return im.convert("RGB"), icc


def _encode(out: PILImage, job: Job, limited: Callable[[float], PILImage],
            limit: float) -> tuple[str, bytes, float | None]:
    """JPEG (unless lossless is due), tightening the ink limit while JPEG's rounding
    lifts any pixel over it; Flate when three tries did not bring it under."""
    from PIL import Image

    if not (job.lossless_source and out.size[0] * out.size[1] <= LOSSLESS_MAX_PIXELS):
        cap = limit - 1.0                       # a little room for other decoders' rounding
        for _ in range(3):
            im = limited(cap)
            buf = io.BytesIO()
            im.save(buf, "JPEG", quality=JPEG_QUALITY, subsampling=0, optimize=True)
            data = buf.getvalue()
            with Image.open(io.BytesIO(data)) as back:
                got = colour.max_ink(back)
            if got <= limit:
                return ".jpg", data, got
            cap -= got - limit + 0.5
    final = limited(limit)
    buf = io.BytesIO()
    final.save(buf, "TIFF", compression="tiff_adobe_deflate")
    return ".tif", buf.getvalue(), colour.max_ink(final)
