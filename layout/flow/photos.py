"""Photos: scaled to fill their frame (crop, the default) or to fit inside it (fit);
a crop keeps the photo's focus point in view; resolution as placed is reported."""

from __future__ import annotations

from ..model.edition import Image
from .kinds import ProblemKind
from .result import ImagePlacement, PageResult, Problem


def image_size(image: Image) -> tuple[int, int]:
    """Pixel size of the photo (upright); a photo that cannot be used is a located error."""
    from ..photos.probe import probe

    info = probe(image)
    return info.width, info.height


def place_image(image: Image, x: float, y: float, w: float, h: float,
                article: str | None = None) -> ImagePlacement:
    """Scale the photo to the frame: `crop` fills it and trims the overflow, keeping
    the focus point (`focus: [x, y]`, fractions of the photo) as near the frame's
    centre as the photo's edges allow; `fit` shows the whole photo centred."""
    pw, ph = image_size(image)
    s = max(w / pw, h / ph) if image.fit == "crop" else min(w / pw, h / ph)
    iw, ih = pw * s, ph * s
    if image.fit == "crop":
        fx, fy = image.focus
        ix = min(x, max(x + w - iw, x + w / 2 - fx * iw))
        iy = min(y, max(y + h - ih, y + h / 2 - fy * ih))
    else:
        ix, iy = x + (w - iw) / 2, y + (h - ih) / 2
    return ImagePlacement(path=image.path, x=x, y=y, w=w, h=h, ix=ix, iy=iy, iw=iw, ih=ih,
                          file=image.file, pixels=(pw, ph), article=article)


def natural_height(image: Image, w: float) -> float:
    """Height of the photo at width `w`, keeping its proportions."""
    pw, ph = image_size(image)
    return w * ph / pw


def low_resolution(pages: list[PageResult], min_ppi: float) -> list[Problem]:
    """`FILE: photo at N ppi, below M (page P)` for each photo placed too large for its pixels."""
    problems = []
    for page in pages:
        for im in page.images:
            if 0 < im.ppi < min_ppi:
                problems.append(Problem(
                    kind=ProblemKind.RESOLUTION, page=page.number,
                    message=f"{im.file}: photo at {im.ppi:.0f} ppi, below {min_ppi:g} (page {page.number})"))
    return problems
