"""Photos for the painter: CMYK for print (a CMYK JPEG passes through untouched),
RGB for the screen."""

from __future__ import annotations

import functools


@functools.lru_cache(maxsize=64)
def image_mode(path: str) -> str:
    from PIL import Image

    with Image.open(path) as im:
        return im.mode


def image_reader(path: str, colour: str):
    """What ReportLab's drawImage gets: the file itself when its colour space already
    suits the output (JPEG data is embedded as it is), else a converted copy."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    mode = image_mode(path)
    is_jpeg = path.lower().endswith((".jpg", ".jpeg"))
    want = "CMYK" if colour == "cmyk" else "RGB"
    if is_jpeg and (mode == want or (want == "CMYK" and mode == "L") or (want == "RGB" and mode == "L")):
        return path
    with Image.open(path) as im:
        if im.mode in ("RGBA", "LA", "P"):
            background = Image.new("RGB", im.size, (255, 255, 255))
            rgba = im.convert("RGBA")
            background.paste(rgba, mask=rgba.split()[3])
            im2 = background
        else:
            im2 = im.convert("RGB") if im.mode not in ("RGB", "CMYK", "L") else im.copy()
        if want == "CMYK" and im2.mode != "L":
            im2 = im2.convert("CMYK")
        elif want == "RGB" and im2.mode == "CMYK":
            im2 = im2.convert("RGB")
        return ImageReader(im2)
