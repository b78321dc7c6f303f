"""Photos for the painter.

Print: the files layout/photos/prepare.py made (CMYK or K-only grey, JPEG embedded
as it is, Flate otherwise); an RGB photo reaching the print canvas is a bug, never
separated here. Screen (preview, e-paper): sRGB, a CMYK or tagged photo colour-
managed through its own profile (CMYK without one: the default output profile), and
no more than 1.5 × SCREEN_PPI at its placed size (resampled to SCREEN_PPI), kept in
the photo cache — a 24-megapixel camera file is not decoded at every preview.
"""

from __future__ import annotations

import functools
import io
import json
import math
from typing import TYPE_CHECKING, Any

from ..fonts.digest import sha256_hex

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage

SCREEN_PPI = 200.0
_SCREEN_VERSION = "1"


@functools.lru_cache(maxsize=64)
def image_mode(path: str) -> str:
    from PIL import Image

    with Image.open(path) as im:
        return im.mode


def image_reader(path: str, colour: str, placed_width: float | None = None) -> Any:
    """What ReportLab's drawImage gets: a JPEG file whose colour space suits the output
    (its data is embedded as it is), else an image. `placed_width` (pt) lets a screen
    photo be resampled to what the screen can show."""
    from reportlab.lib.utils import ImageReader

    mode = image_mode(path)
    is_jpeg = path.lower().endswith((".jpg", ".jpeg"))
    if colour == "cmyk":
        if mode not in ("CMYK", "L"):
            raise ValueError(f"{path}: a {mode} photo on the print canvas; photos are separated "
                             "by layout/photos before painting")
        return path if is_jpeg else ImageReader(path)
    return screen_file(path, placed_width)


def screen_file(path: str, placed_width: float | None) -> Any:
    """The photo for the screen: the file itself when it is an untagged RGB or grey JPEG
    of a sensible resolution, else a colour-managed, resampled JPEG from the cache."""
    from reportlab.lib.utils import ImageReader

    from ..model.edition import NOWHERE
    from ..photos import cache
    from ..photos.probe import probe_file

    info = probe_file(path, path, NOWHERE)
    size = (info.width, info.height)
    if placed_width and placed_width > 0:
        ppi = info.width * 72 / placed_width
        if ppi > 1.5 * SCREEN_PPI:
            f = SCREEN_PPI / ppi
            size = (max(1, round(info.width * f)), max(1, round(info.height * f)))
    if info.format == "JPEG" and info.mode in ("RGB", "L") and size == (info.width, info.height) \
            and not _tagged(path):
        return path
    key = sha256_hex(json.dumps(["screen", _SCREEN_VERSION, info.digest, size]).encode())[:32]
    hit = cache.lookup(key)
    if hit is not None:
        return str(hit[0])
    pic = screen_image(path, size)
    buf = io.BytesIO()
    pic.save(buf, "JPEG", quality=88)
    kept = cache.store(key, ".jpg", buf.getvalue(), {})
    return str(kept) if kept is not None else ImageReader(pic)


def _tagged(path: str) -> bool:
    from PIL import Image

    with Image.open(path) as im:
        return bool(im.info.get("icc_profile"))


def screen_image(path: str, size: tuple[int, int] | None = None) -> PILImage:
    """The photo as sRGB (or grey) pixels for the screen, at `size` when given."""
    from PIL import Image, ImageOps

    from ..output.pdfx import default_icc
    from ..photos import colour
    from ..photos.prepare import flattened

    with Image.open(path) as im:
        icc = im.info.get("icc_profile")
        if size is not None and im.format == "JPEG":
            im.draft(im.mode, (math.ceil(size[0]), math.ceil(size[1])))
        upright = ImageOps.exif_transpose(im) or im
        upright.load()
        flat, icc = flattened(upright, icc)
    if size is not None and flat.size != size:
        flat = flat.resize(size, Image.Resampling.LANCZOS)
    if flat.mode == "L":
        return flat
    return colour.to_screen(flat, colour.usable_profile(icc, colour.icc_space(flat.mode)),
                            default_icc().read_bytes())
