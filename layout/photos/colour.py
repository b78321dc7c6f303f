"""Colour management of photos with LittleCMS (Pillow's ImageCms); no colour formulas.

- RGB photos go from their own embedded ICC profile (sRGB when they have none) to
  the output intent's CMYK profile — the one the print PDF declares — with the
  **perceptual** intent (and black-point compensation, which LittleCMS applies where
  the profile's tables do not already map black). Newsprint's gamut is far smaller
  than a camera's and its black is a dark grey (L* 31 in CGATS TR 002); relative
  colorimetric would clip every saturated and shadow colour to the gamut edge and
  flatten the detail there, perceptual compresses the whole photo into the press's
  range and keeps its gradations. The default profile's perceptual table is gamut-
  mapped from sRGB (layout/data/make-newsprint-profile.sh).
- Greyscale photos stay greyscale: printed with black ink only (DeviceGray), the
  tone matched through the profile — each grey's lightness (from its own grey profile,
  else as sRGB grey) is mapped, black point to black point, onto the lightness the
  press gives for that much K, read from the profile's K-only ramp. K-only greys
  cannot go out of register and use the least ink.
- CMYK photos with an embedded profile other than the output's are converted CMYK to
  CMYK; untagged CMYK is taken to be separated for this press already.
- Total ink: the profile's separation honours its own limit (the default's is 240 %);
  `limit_ink` then enforces `page.print.ink_limit` on every pixel, for a plant's
  profile that allows more, by scaling C, M and Y down (K, which carries the detail,
  is kept) until the pixel's total is at the limit.
"""

from __future__ import annotations

import functools
import hashlib
import io
from typing import TYPE_CHECKING, Any

from PIL import ImageCms

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage

INTENT = "perceptual"
_INTENT = ImageCms.Intent.PERCEPTUAL
_RELATIVE = ImageCms.Intent.RELATIVE_COLORIMETRIC
# black-point compensation; no cache of the last pixel, so one transform is safe in threads
_FLAGS = ImageCms.Flags.BLACKPOINTCOMPENSATION | ImageCms.Flags.NOCACHE


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@functools.lru_cache(maxsize=32)
def _profile(data: bytes | None) -> ImageCms.ImageCmsProfile:
    """The profile of `data`; sRGB for None."""
    if data is None:
        return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
    return ImageCms.ImageCmsProfile(io.BytesIO(data))


@functools.lru_cache(maxsize=1)
def _lab() -> ImageCms.ImageCmsProfile:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("LAB"))


def usable_profile(data: bytes | None, space: str) -> bytes | None:
    """The embedded profile when LittleCMS reads it and it is of the image's colour
    space (`RGB `, `GRAY`, `CMYK`); else None (the photo is then taken as untagged)."""
    if not data or len(data) < 20 or data[16:20] != space.encode("ascii"):
        return None
    try:
        _profile(data)
    except (OSError, ValueError, TypeError):
        return None
    return data


@functools.lru_cache(maxsize=32)
def _transform(src: bytes | None, dst: bytes, in_mode: str, out_mode: str,
               intent: ImageCms.Intent) -> ImageCms.ImageCmsTransform:
    """A LittleCMS transform, made once per (profiles, modes, intent).

    The source: `src`, else the output profile for CMYK, Lab for LAB, sRGB for RGB.
    The target: `dst` for CMYK, Lab for LAB, sRGB otherwise (the screen)."""
    if src is not None:
        source = _profile(src)
    else:
        source = _profile(dst) if in_mode == "CMYK" else _lab() if in_mode == "LAB" else _profile(None)
    target = _profile(dst) if out_mode == "CMYK" else _lab() if out_mode == "LAB" else _profile(None)
    return ImageCms.buildTransform(source, target, in_mode, out_mode, renderingIntent=intent, flags=_FLAGS)


def _apply(im: PILImage, embedded: bytes | None, output: bytes, out_mode: str) -> PILImage:
    """`im` through LittleCMS; an embedded profile LittleCMS cannot use with the
    output's is ignored (the photo taken as untagged) rather than failing the build."""
    try:
        t = _transform(embedded, output, im.mode, out_mode, _INTENT)
    except ImageCms.PyCMSError:
        if embedded is None:
            raise
        t = _transform(None, output, im.mode, out_mode, _INTENT)
    out = ImageCms.applyTransform(im, t)
    assert out is not None                      # not in place, so a new image
    return out


def to_cmyk(im: PILImage, embedded: bytes | None, output: bytes) -> PILImage:
    """An RGB, Lab or CMYK image separated for the output profile (a new image)."""
    if im.mode == "CMYK" and embedded is None:
        return im
    return _apply(im, embedded, output, "CMYK")


def to_screen(im: PILImage, embedded: bytes | None, output: bytes) -> PILImage:
    """An image as sRGB for the screen: CMYK through its profile (else the output's)."""
    if im.mode == "RGB" and embedded is None:
        return im
    if im.mode not in ("RGB", "CMYK", "LAB"):
        return im.convert("RGB")
    return _apply(im, embedded, output, "RGB")


def grey_to_k(im: PILImage, embedded: bytes | None, output: bytes) -> PILImage:
    """A greyscale image as DeviceGray values (255 − K) for K-only printing."""
    return im.point(list(_grey_table(embedded, output)))


@functools.lru_cache(maxsize=16)
def _grey_table(embedded: bytes | None, output: bytes) -> tuple[int, ...]:
    """For each grey 0..255, the DeviceGray value that prints its lightness with K."""
    from PIL import Image

    ramp = Image.frombytes("L", (256, 1), bytes(range(256)))
    if embedded is not None:
        src = ImageCms.applyTransform(ramp, ImageCms.buildTransform(
            _profile(embedded), _lab(), "L", "LAB", renderingIntent=_RELATIVE))
    else:
        src = ImageCms.applyTransform(Image.merge("RGB", (ramp, ramp, ramp)),
                                      _transform(None, output, "RGB", "LAB", _RELATIVE))
    zeros = Image.new("L", (256, 1), 0)
    kramp = Image.merge("CMYK", (zeros, zeros, zeros, ramp))
    press = ImageCms.applyTransform(kramp, ImageCms.buildTransform(
        _profile(output), _lab(), "CMYK", "LAB", renderingIntent=_RELATIVE))
    assert src is not None and press is not None
    src_l = [v / 2.55 for v in src.getchannel("L").tobytes()]
    k_l = [v / 2.55 for v in press.getchannel("L").tobytes()]       # falls as K rises
    # black point to black point, white to white: the photo's range onto the press's
    lo, hi = src_l[0], src_l[255]
    plo, phi = k_l[255], k_l[0]
    table = []
    for v in range(256):
        t = plo + (src_l[v] - lo) * (phi - plo) / (hi - lo) if hi > lo else phi
        table.append(255 - _k_for(t, k_l))
    return tuple(table)


def _k_for(lightness: float, k_l: list[float]) -> int:
    """The K (0..255) whose printed lightness is nearest `lightness` (ramp inverted)."""
    best, best_d = 0, float("inf")
    for k, v in enumerate(k_l):
        d = abs(v - lightness)
        if d < best_d:
            best, best_d = k, d
    return best


def ink_totals(im: PILImage) -> Any:
    """Each pixel's C + M + Y + K of a CMYK image (0..1020), as a numpy array; added
    channel by channel, which is ten times faster than numpy's sum over the last axis."""
    import numpy as np

    a = np.asarray(im)
    total = a[..., 0].astype(np.uint16)
    for i in (1, 2, 3):
        total += a[..., i]
    return total


def limit_ink(im: PILImage, limit: float) -> PILImage:
    """`im` (CMYK) with no pixel's total ink over `limit` percent.

    A pixel over it keeps its K and has C, M and Y scaled by one factor (so its hue
    stays), rounded down, until the total is within the limit.
    """
    import numpy as np
    from PIL import Image

    cap = int(limit * 255 / 100)
    total = ink_totals(im)
    if int(total.max(initial=0)) <= cap:
        return im
    a = np.asarray(im)
    k = np.minimum(a[..., 3].astype(np.float32), cap)
    cmy = total.astype(np.float32) - a[..., 3]
    over = total > cap
    f = np.where(over & (cmy > 0), (cap - k) / np.maximum(cmy, 1), 1.0).astype(np.float32)
    out = np.empty(a.shape, dtype=np.uint8)
    for i in range(3):
        out[..., i] = np.floor(a[..., i] * f)
    out[..., 3] = np.where(over, k, a[..., 3])
    return Image.fromarray(out, "CMYK")


def max_ink(im: PILImage) -> float:
    """The largest total ink of any pixel, in percent: C + M + Y + K of a CMYK image,
    1 − the value of a grey one (DeviceGray, printed with K)."""
    if im.mode == "L":
        lo, _ = im.getextrema()
        return (255 - float(lo)) * 100 / 255      # type: ignore[arg-type]
    return float(ink_totals(im).max(initial=0)) * 100 / 255


def icc_space(mode: str) -> str:
    """The ICC colour space signature of a Pillow mode's data."""
    return {"CMYK": "CMYK", "LAB": "Lab ", "L": "GRAY"}.get(mode, "RGB ")
