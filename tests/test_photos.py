"""Photos in the print PDF, read back: colour managed through the output intent's own
profile, within the ink limit, resolution reported and capped, bad files refused."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pikepdf
import pytest
from conftest import run_cli
from edition_maker import body_text, edition_yaml
from PIL import Image, ImageCms

ADOBE_RGB = Path("/usr/share/color/icc/compatibleWithAdobeRGB1998.icc")
GS_CMYK = Path("/usr/share/color/icc/ghostscript/default_cmyk.icc")
PATCHES = {"red": (188, 35, 38), "green": (27, 92, 38), "blue": (30, 60, 170), "grey": (128, 128, 128),
           "skin": (224, 172, 138), "black": (0, 0, 0)}


def patches_photo(path: Path, size: int = 120, icc: bytes | None = None, fmt: str | None = None) -> None:
    """Six flat patches side by side, in PATCHES order."""
    im = Image.new("RGB", (size * len(PATCHES), size))
    for i, rgb in enumerate(PATCHES.values()):
        im.paste(rgb, (i * size, 0, (i + 1) * size, size))
    kw = {"icc_profile": icc} if icc else {}
    if (fmt or path.suffix) in (".jpg", "JPEG"):
        kw |= {"quality": 98, "subsampling": 0}
    im.save(path, **kw)


def colourful_photo(path: Path, w: int = 900, h: int = 600) -> None:
    """Every hue at every lightness, with hard black and saturated edges (JPEG's worst case)."""
    hue = Image.linear_gradient("L").rotate(90).resize((w, h))
    sat = Image.new("L", (w, h), 255)
    val = Image.linear_gradient("L").resize((w, h))
    im = Image.merge("HSV", (hue, sat, val)).convert("RGB")
    for i in range(0, w, 60):
        im.paste((0, 0, 0), (i, 0, i + 20, h))
        im.paste((0, 0, 255), (i + 20, h // 3, i + 40, h // 2))
    im.save(path, quality=90)


def photo_edition(tmp_path: Path, image: dict, *, block: bool = True, columns: str = "1-4",
                  lines: str = "1-30", print_opts: dict | None = None, article_extra: dict | None = None) -> Path:
    arts = [{"id": "a", "headline": "区领导走访调研区内科技企业", "body": body_text(800), **(article_extra or {})}]
    blocks = [{"image": image, "columns": columns, "lines": lines}] if block else []
    blocks.append({"article": "a", "columns": "1-8", "lines": "32-60"})
    extra = None
    text = edition_yaml([{"blocks": blocks}], arts, extra=extra)
    if print_opts:
        import yaml

        doc = yaml.safe_load(text)
        doc["page"]["print"] = print_opts
        text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
    path = tmp_path / "edition.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def print_pdf(ed: Path, *args: str) -> tuple[Path, object]:
    out = ed.with_suffix(".pdf")
    r = run_cli("print", str(ed), "-o", str(out), *args)
    assert r.returncode in (0, 1), r.stderr
    assert "Traceback" not in r.stderr
    return out, r


def placed_images(pdf_path: Path) -> list[tuple[Image.Image, float, float]]:
    """(decoded image, width and height drawn in pt) of every image on page 1."""
    found = []
    with pikepdf.open(pdf_path) as pdf:
        page = pdf.pages[0]
        ctm = [1.0, 0, 0, 1.0, 0, 0]
        stack = []
        for operands, op in pikepdf.parse_content_stream(page, "q Q cm Do"):
            o = str(op)
            if o == "q":
                stack.append(ctm)
            elif o == "Q":
                ctm = stack.pop()
            elif o == "cm":
                a, b, c, d, e, f = (float(v) for v in operands)
                m = ctm
                ctm = [a * m[0] + b * m[2], a * m[1] + b * m[3], c * m[0] + d * m[2], c * m[1] + d * m[3],
                       e * m[0] + f * m[2] + m[4], e * m[1] + f * m[3] + m[5]]
            elif o == "Do":
                xo = page.Resources.XObject[str(operands[0])]
                if xo.Subtype == "/Image":
                    im = pikepdf.PdfImage(xo).as_pil_image()
                    found.append((im, (ctm[0] ** 2 + ctm[1] ** 2) ** 0.5, (ctm[2] ** 2 + ctm[3] ** 2) ** 0.5))
    return found


def output_profile(pdf_path: Path) -> bytes:
    with pikepdf.open(pdf_path) as pdf:
        return pdf.Root.OutputIntents[0].DestOutputProfile.read_bytes()


def max_ink(im: Image.Image) -> float:
    import numpy as np

    return float(np.asarray(im, dtype=np.int32).sum(axis=2).max()) * 100 / 255


def patch_values(im: Image.Image) -> list[tuple[int, ...]]:
    n = len(PATCHES)
    return [im.getpixel((int((i + 0.5) * im.width / n), im.height // 2)) for i in range(n)]


def reference(profile: bytes, src: ImageCms.ImageCmsProfile | None = None,
              colours: list[tuple[int, int, int]] | None = None) -> list[tuple[int, ...]]:
    """An independent LittleCMS transform, perceptual with black-point compensation."""
    colours = colours or list(PATCHES.values())
    im = Image.new("RGB", (len(colours), 1))
    for i, c in enumerate(colours):
        im.putpixel((i, 0), c)
    t = ImageCms.buildTransform(src or ImageCms.createProfile("sRGB"), ImageCms.ImageCmsProfile(io.BytesIO(profile)),
                                "RGB", "CMYK", renderingIntent=ImageCms.Intent.PERCEPTUAL,
                                flags=ImageCms.Flags.BLACKPOINTCOMPENSATION)
    out = ImageCms.applyTransform(im, t)
    return [out.getpixel((i, 0)) for i in range(len(colours))]


def assert_close(got, want, tol: float = 0.03) -> None:
    for name, g, w in zip(PATCHES, got, want, strict=True):
        assert all(abs(a - b) <= tol * 255 for a, b in zip(g, w, strict=True)), f"{name}: {g} vs {w}"


# -- colour management -----------------------------------------------------------------
@pytest.mark.parametrize("suffix", [".png", ".jpg"])
def test_srgb_patches_match_littlecms_through_the_pdfs_own_profile(tmp_path, suffix):
    patches_photo(tmp_path / f"patches{suffix}")
    ed = photo_edition(tmp_path, {"file": f"patches{suffix}", "fit": "fit"}, columns="1-8", lines="1-12")
    out, r = print_pdf(ed)
    [(im, _, _)] = placed_images(out)
    assert im.mode == "CMYK"
    assert_close(patch_values(im), reference(output_profile(out)))
    # not the naive formula the issue found (flag red 0/60/59/26): real magenta and yellow
    red = patch_values(im)[0]
    assert red[1] > 200 and red[2] > 180 and red[0] < 20


def test_adobe_rgb_photo_is_transformed_from_its_own_profile(tmp_path):
    if not ADOBE_RGB.exists():
        pytest.skip("icc-profiles-free not installed")
    patches_photo(tmp_path / "adobe.png", icc=ADOBE_RGB.read_bytes())
    ed = photo_edition(tmp_path, {"file": "adobe.png", "fit": "fit"}, columns="1-8", lines="1-12")
    out, _ = print_pdf(ed)
    [(im, _, _)] = placed_images(out)
    profile = output_profile(out)
    got = patch_values(im)
    assert_close(got, reference(profile, ImageCms.getOpenProfile(str(ADOBE_RGB))))
    as_srgb = reference(profile)
    assert abs(got[1][0] - as_srgb[1][0]) > 10, "green taken as sRGB, not Adobe RGB"


def test_grey_photo_prints_with_black_ink_only(tmp_path):
    Image.linear_gradient("L").resize((600, 300)).save(tmp_path / "grey.png")
    ed = photo_edition(tmp_path, {"file": "grey.png"})
    out, _ = print_pdf(ed)
    [(im, _, _)] = placed_images(out)
    assert im.mode == "L"                   # DeviceGray: the K plate alone
    lo, hi = im.getextrema()
    assert hi == 255 and lo < 40            # paper white stays white, black is (near) full K


# -- ink ----------------------------------------------------------------------------
@pytest.mark.parametrize("plant, limit", [(None, 240), ("gs", 240), (None, 200)])
def test_no_photo_pixel_over_the_ink_limit(tmp_path, plant, limit):
    colourful_photo(tmp_path / "colour.jpg")
    opts = {"ink_limit": limit}
    if plant == "gs":
        if not GS_CMYK.exists():
            pytest.skip("libgs-common not installed")
        opts["icc"] = str(GS_CMYK)            # a generic press profile that allows ~300 %
    ed = photo_edition(tmp_path, {"file": "colour.jpg"}, columns="1-2", lines="1-12", print_opts=opts)
    out, r = print_pdf(ed)
    [(im, _, _)] = placed_images(out)
    assert im.mode == "CMYK"
    assert max_ink(im) <= limit
    assert max_ink(im) > limit - 25          # the dark colours do go up to the limit
    assert "preflight" not in r.stderr


# -- resolution -------------------------------------------------------------------------
def test_small_photo_placed_large_is_reported_and_fails_strict(tmp_path):
    Image.new("RGB", (100, 70), (90, 120, 160)).save(tmp_path / "small.png")
    ed = photo_edition(tmp_path, {"file": "small.png"}, columns="1-8", lines="1-30")
    r = run_cli("check", str(ed))
    assert r.returncode == 0
    [line] = [ln for ln in r.stdout.splitlines() if "ppi" in ln]
    assert line.startswith("small.png: photo at ") and line.endswith(" ppi, below 150 (page 1)")
    assert int(line.split()[3]) < 12
    assert run_cli("check", str(ed), "--strict").returncode == 1
    out = tmp_path / "s.pdf"
    r = run_cli("print", str(ed), "-o", str(out), "--strict")
    assert r.returncode == 1 and line in r.stderr
    r = run_cli("preflight", str(out))
    assert r.returncode == 1
    assert "ppi, below the 150 ppi minimum" in r.stdout


def test_huge_photo_is_downsampled_to_max_ppi(tmp_path):
    Image.radial_gradient("L").resize((6000, 4000)).convert("RGB").save(tmp_path / "big.jpg", quality=80)
    # 60 mm wide: 1.5 columns of 8 at 20 mm margins would not do, so a block of the right width
    ed = photo_edition(tmp_path, {"file": "big.jpg", "fit": "fit"}, columns="1-2", lines="1-30")
    out, r = print_pdf(ed)
    [(im, w, _)] = placed_images(out)
    ppi = im.width * 72 / w
    assert w < 100 * 72 / 25.4
    assert ppi <= 1.5 * 300 and ppi == pytest.approx(300, abs=2)
    r = run_cli("preflight", str(out))
    assert r.returncode == 0, r.stdout
    assert "DeviceCMYK, 300 ppi" in r.stdout


# -- bad files (issue 15) ---------------------------------------------------------------------
def _png_header(w: int, h: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 16)) + \
        chunk(b"IEND", b"")


def _truncated_jpeg() -> bytes:
    buf = io.BytesIO()
    Image.effect_noise((400, 300), 60).convert("RGB").save(buf, "JPEG", quality=90)
    data = buf.getvalue()
    return data[: len(data) // 2]


BAD_FILES = [
    ("empty.jpg", b"", "photo 'empty.jpg' is an empty file, not an image"),
    ("notes.jpg", "这不是照片\n".encode(), "photo 'notes.jpg' is not an image (JPEG, PNG or TIFF expected)"),
    ("bomb.png", _png_header(20000, 20000),
     "photo 'bomb.png' is 20000 × 20000 pixels (400 megapixels); a photo may have at most 150 megapixels"),
    ("cut.jpg", _truncated_jpeg(), "photo 'cut.jpg' is truncated: its image data ends early"),
]


@pytest.mark.parametrize("name, data, message", BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_photo_is_a_located_input_error(tmp_path, name, data, message):
    (tmp_path / name).write_bytes(data)
    ed = photo_edition(tmp_path, {"file": name, "caption": "图"})
    text = ed.read_text("utf-8").splitlines()
    [(line, col)] = [(i + 1, ln.index(name) + 1) for i, ln in enumerate(text) if f"file: {name}" in ln]
    for cmd in (["check", str(ed)], ["print", str(ed), "-o", str(tmp_path / "x.pdf")]):
        r = run_cli(*cmd)
        assert r.returncode == 2, r.stderr
        assert r.stderr.strip() == f"{ed}:{line}:{col}: {message}"
    assert not (tmp_path / "x.pdf").exists()
