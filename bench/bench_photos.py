"""The benchmark edition with photos: the same 8 pages, one camera-sized photo per
page (a 3000 × 2000 JPEG, deterministic, so the photo cache stays warm between
benchmark runs), given to the page's first article."""

from __future__ import annotations

import random
from pathlib import Path

import synthetic
import yaml

PHOTO_PIXELS = (3000, 2000)


def photo(path: Path, seed: int) -> None:
    """A photo-like picture: colour gradients under soft random shapes, JPEG q90."""
    from PIL import Image, ImageDraw, ImageFilter

    w, h = PHOTO_PIXELS
    rng = random.Random(seed)
    g = Image.linear_gradient("L").resize((w, h))
    im = Image.merge("RGB", (g, g.rotate(180), Image.radial_gradient("L").resize((w, h))))
    draw = ImageDraw.Draw(im)
    for _ in range(60):
        x, y, r = rng.randrange(w), rng.randrange(h), rng.randrange(40, 400)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=tuple(rng.randrange(256) for _ in range(3)))
    im.filter(ImageFilter.GaussianBlur(3)).save(path, quality=90)


def write(folder: Path, pages: int = synthetic.PAGES) -> Path:
    """The edition with one photo per page; the photos beside it in photos/."""
    doc = synthetic.edition(page_count=pages)
    (folder / "photos").mkdir(parents=True, exist_ok=True)
    by_id = {a["id"]: a for a in doc["articles"]}
    for n, page in enumerate(doc["pages"], start=1):
        first = next(b for b in page["blocks"] if "article" in b)
        name = f"photos/p{n}.jpg"
        photo(folder / name, n)
        by_id[first["article"]]["images"] = [{"file": name, "caption": "图为现场", "credit": "记者 王卫民 摄"}]
    path = folder / f"edition-{pages}-photos.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
