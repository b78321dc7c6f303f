"""Photos for the painter.

Print: the files layout/photos/prepare.py made (CMYK or K-only grey, JPEG embedded
as it is, Flate otherwise); an RGB photo reaching the print canvas is a bug, never
separated here. Screen: RGB, a CMYK photo colour-managed to sRGB through its own
profile (else the default output profile).
"""

from __future__ import annotations

import functools
from typing import Any


@functools.lru_cache(maxsize=64)
def image_mode(path: str) -> str:
    from PIL import Image

    with Image.open(path) as im:
        return im.mode


def image_reader(path: str, colour: str) -> Any:
    """What ReportLab's drawImage gets: the file itself when it is a JPEG whose colour
    space suits the output (its data is embedded as it is), else a converted copy."""
    from reportlab.lib.utils import ImageReader

    mode = image_mode(path)
    is_jpeg = path.lower().endswith((".jpg", ".jpeg"))
    if colour == "cmyk":
        if mode not in ("CMYK", "L"):
            raise ValueError(f"{path}: a {mode} photo on the print canvas; photos are separated "
                             "by layout/photos before painting")
        return path if is_jpeg else ImageReader(path)
    if is_jpeg and mode in ("RGB", "L"):
        return path
    return ImageReader(screen_image(path))


def screen_image(path: str) -> Any:
    """The photo as sRGB (or grey) pixels for the screen."""
    from PIL import Image

    from ..output.pdfx import default_icc
    from ..photos import colour
    from ..photos.prepare import flattened

    with Image.open(path) as im:
        icc = im.info.get("icc_profile")
        im.load()
        flat, icc = flattened(im, icc)
    if flat.mode == "L":
        return flat
    space = "CMYK" if flat.mode == "CMYK" else "RGB "
    return colour.to_screen(flat, colour.usable_profile(icc, space), default_icc().read_bytes())
