"""What a photo is — pixel size, mode, content hash — read and checked once per build.

`check` must refuse every photo `print` would choke on, so the probe decodes the
whole image once (JPEG at 1/8 scale: libjpeg still reads every byte of the entropy-
coded data, so a cut-off file is found, at a tenth of the cost). A photo found sound
is remembered on disk by its content hash, so later builds only hash it.
A photo that cannot be used is a located input error at its `file:` value.
"""

from __future__ import annotations

import hashlib
import io
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import EditionError
from ..model.edition import Image, Loc

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage

# The most pixels a photo may have: more than any newsroom camera's 100-megapixel
# files, far less than what would exhaust memory (Pillow refuses 179 M by itself).
MAX_PIXELS = 150_000_000
_FORMATS = "JPEG, PNG or TIFF"
_LOCK = threading.Lock()


@dataclass(frozen=True, slots=True)
class PhotoInfo:
    path: str
    width: int           # pixels
    height: int
    mode: str            # Pillow's mode of the decoded image: RGB, L, CMYK, P, RGBA, ...
    format: str          # JPEG, PNG, TIFF, ...
    digest: str          # sha256 of the file: the photo cache's key


_memo: dict[str, PhotoInfo] = {}


def probe(image: Image) -> PhotoInfo:
    """The photo's facts; an EditionError at its `file:` value when it cannot be used."""
    return probe_file(image.path, image.file, image.locs.get("file", image.loc))


def probe_file(path: str, name: str, loc: Loc) -> PhotoInfo:
    try:
        st = os.stat(path)
    except OSError as err:
        raise EditionError.at(loc, f"photo '{name}': cannot read it ({err.strerror})") from None
    ident = f"{os.path.abspath(path)}|{st.st_size}|{st.st_mtime_ns}"
    info = _memo.get(ident)
    if info is None:
        info = _read(path, name, loc)
        _memo[ident] = info
    return info


def _read(path: str, name: str, loc: Loc) -> PhotoInfo:
    from PIL import Image as PILImage
    from PIL import UnidentifiedImageError

    def bad(message: str) -> EditionError:
        return EditionError.at(loc, f"photo '{name}' {message}")

    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as err:
        raise EditionError.at(loc, f"photo '{name}': cannot read it ({err.strerror})") from None
    if not data:
        raise bad("is an empty file, not an image")
    digest = hashlib.sha256(data).hexdigest()
    with _LOCK:     # our own limit below replaces Pillow's, which would not say the size
        saved = PILImage.MAX_IMAGE_PIXELS
        PILImage.MAX_IMAGE_PIXELS = None
        try:
            im = PILImage.open(io.BytesIO(data))
        except (UnidentifiedImageError, SyntaxError, ValueError, OSError):
            raise bad(f"is not an image ({_FORMATS} expected)") from None
        finally:
            PILImage.MAX_IMAGE_PIXELS = saved
    with im:
        w, h = im.size
        if w < 1 or h < 1:
            raise bad(f"is not an image ({_FORMATS} expected)")
        if w * h > MAX_PIXELS:
            raise bad(f"is {w} × {h} pixels ({w * h / 1e6:.0f} megapixels); a photo may have at most "
                      f"{MAX_PIXELS // 1_000_000} megapixels")
        fmt, mode = im.format or "", im.mode
        if orientation(im) in (5, 6, 7, 8):        # EXIF: stored on its side, shown upright
            w, h = h, w
        if not _known_sound(digest):
            _decode_all(im, bad)
            _remember_sound(digest)
    return PhotoInfo(path=path, width=w, height=h, mode=mode, format=fmt, digest=digest)


def orientation(im: PILImage) -> int:
    """The EXIF orientation (1: upright as stored; 5–8: stored on its side)."""
    try:
        return int(im.getexif().get(0x0112, 1))
    except (TypeError, ValueError, OSError, SyntaxError):
        return 1


def _decode_all(im: PILImage, bad: Callable[[str], EditionError]) -> None:
    """Decode every byte of the image data; a short or damaged file is refused."""
    if im.format == "JPEG":
        im.draft(im.mode, (max(1, im.size[0] // 8), max(1, im.size[1] // 8)))
    try:
        im.load()
    except OSError as err:
        if "truncated" in str(err):
            raise bad("is truncated: its image data ends early") from None
        raise bad(f"cannot be decoded ({err})") from None
    except (ValueError, SyntaxError, EOFError) as err:
        raise bad(f"cannot be decoded ({err})") from None


def _marker(digest: str) -> Path | None:
    from .cache import photo_cache_dir

    d = photo_cache_dir()
    return None if d is None else d / "sound" / digest


def _known_sound(digest: str) -> bool:
    m = _marker(digest)
    return m is not None and m.is_file()


def _remember_sound(digest: str) -> None:
    m = _marker(digest)
    if m is None:
        return
    try:
        m.parent.mkdir(parents=True, exist_ok=True)
        m.touch()
    except OSError:
        pass            # only a cache: the photo is decoded again next time
