"""Photos: scaled to fill their frame (crop, the default) or to fit inside it (fit)."""

from __future__ import annotations

from ..model.edition import Image
from .result import ImagePlacement


def image_size(path: str) -> tuple[int, int]:
    """Pixel size of a JPEG or PNG, read from its header only."""
    from PIL import Image as PILImage

    with PILImage.open(path) as im:
        return im.size


def place_image(image: Image, x: float, y: float, w: float, h: float) -> ImagePlacement:
    """Scale the photo to the frame: `crop` fills it and trims the overflow evenly,
    `fit` shows the whole photo centred in the frame."""
    pw, ph = image_size(image.path)
    scale_fill = max(w / pw, h / ph)
    scale_fit = min(w / pw, h / ph)
    s = scale_fill if image.fit == "crop" else scale_fit
    iw, ih = pw * s, ph * s
    return ImagePlacement(path=image.path, x=x, y=y, w=w, h=h,
                          ix=x + (w - iw) / 2, iy=y + (h - ih) / 2, iw=iw, ih=ih)


def natural_height(image: Image, w: float) -> float:
    """Height of the photo at width `w`, keeping its proportions."""
    pw, ph = image_size(image.path)
    return w * ph / pw
