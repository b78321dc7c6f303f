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
    # fitted into 8 lines of 14 pt (112 pt high), the 3:2 photo is 168 pt = 59 mm wide
    ed = photo_edition(tmp_path, {"file": "big.jpg", "fit": "fit"}, columns="1-2", lines="1-8")
    out, r = print_pdf(ed)
    [(im, w, _)] = placed_images(out)
    ppi = im.width * 72 / w
    assert w * 25.4 / 72 == pytest.approx(60, abs=1.5)
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


# -- crops, sizes, credits, stories ---------------------------------------------------------
def _marker_photo(path: Path) -> None:
    """A tall grey photo with a red band near its top (rows 4–10 % down)."""
    im = Image.new("RGB", (400, 1200), (150, 150, 150))
    im.paste((230, 20, 20), (0, 48, 400, 120))
    im.save(path)


def _red_pixels(png: Path) -> int:
    import numpy as np

    a = np.asarray(Image.open(png).convert("RGB"), dtype=np.int32)
    return int(((a[..., 0] > 170) & (a[..., 1] < 90) & (a[..., 2] < 90)).sum())


@pytest.mark.parametrize("focus, visible", [(None, False), ([0.5, 0.07], True)])
def test_focus_near_the_top_keeps_the_marker_in_the_crop(tmp_path, focus, visible):
    _marker_photo(tmp_path / "tall.png")
    image = {"file": "tall.png"} | ({"focus": focus} if focus else {})
    ed = photo_edition(tmp_path, image, columns="1-4", lines="1-10")
    png = tmp_path / "p1.png"
    r = run_cli("preview", str(ed), "-o", str(png), "--page", "1", "--dpi", "40")
    assert r.returncode == 0, r.stderr
    assert (_red_pixels(png) > 200) is visible


def test_article_photo_height_caption_and_credit(tmp_path):
    from layout.commands import build
    from layout.flow.grid import Grid

    Image.new("RGB", (1600, 1000), (90, 120, 160)).save(tmp_path / "a.png")
    img = {"file": "a.png", "caption": "调研现场", "credit": "本报记者 张三 摄", "height": 14}
    ed = photo_edition(tmp_path, {}, block=False, article_extra={"images": [img]})
    b = build(str(ed))
    grid = Grid.from_setup(b.edition.page)
    page = b.result.pages[0]
    [photo] = page.images
    assert photo.article == "a"
    assert photo.h == pytest.approx(12 * grid.leading - 0.3 * grid.leading)     # 14 − caption − credit
    credit = [r for r in page.runs if r.role == "credit"]
    caption = [r for r in page.runs if r.role == "caption"]
    assert "".join(r.text for r in credit) == "本报记者张三摄"
    assert min(r.y for r in credit) > max(r.y for r in caption)               # under the caption
    assert max(r.x + r.dx[-1] + r.size for r in credit) == pytest.approx(photo.x + photo.w, abs=0.5)
    out, _ = print_pdf(ed)
    import pdfplumber

    with pdfplumber.open(out) as doc:
        text = doc.pages[0].extract_text().replace(" ", "")
    assert "本报记者张三摄" in text and "调研现场" in text


def test_image_block_given_to_an_article_belongs_to_it(tmp_path):
    from layout.commands import build

    Image.new("RGB", (1200, 800), (90, 120, 160)).save(tmp_path / "a.png")
    ed = photo_edition(tmp_path, {"file": "a.png", "caption": "图"})
    import yaml

    doc = yaml.safe_load(ed.read_text("utf-8"))
    doc["pages"][0]["blocks"][0]["article"] = "a"
    ed.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    page = build(str(ed)).result.pages[0]
    [photo] = page.images
    assert photo.article == "a"
    assert [bl.article for bl in page.blocks if bl.kind == "image"] == ["a"]


# -- preflight and the cache ---------------------------------------------------------------
def test_preflight_fails_an_image_over_the_ink_limit(tmp_path):
    from reportlab.pdfgen import canvas

    from layout.output.preflight import preflight

    Image.new("CMYK", (300, 300), (255, 255, 255, 255)).save(tmp_path / "dark.jpg", quality=95)
    c = canvas.Canvas(str(tmp_path / "x.pdf"), pagesize=(200, 200))
    c.drawImage(str(tmp_path / "dark.jpg"), 10, 10, 72, 72)       # 300 ppi
    c.save()
    failures = preflight(tmp_path / "x.pdf")
    assert any(f.endswith("total ink 400% over the 240% limit") and "image" in f for f in failures)
    assert not any("ppi" in f for f in failures)


def test_prepared_photo_is_cached_and_a_damaged_entry_made_again(tmp_path):
    from layout.output.pdfx import default_icc
    from layout.photos import cache
    from layout.photos.prepare import Target, plan, prepare

    colourful_photo(tmp_path / "c.jpg", 300, 200)
    import hashlib

    digest = hashlib.sha256((tmp_path / "c.jpg").read_bytes()).hexdigest()
    p = plan(str(tmp_path / "c.jpg"), digest, "JPEG", (300, 200), (0, 0, 72, 48), (0, 0, 72, 48), 300)
    target = Target(default_icc().read_bytes(), 240.0, 300.0)
    made = prepare(p.job, target, str(tmp_path))
    first = Path(made.path)
    assert cache.photo_cache_dir() in first.parents
    good = first.read_bytes()
    assert made.ink is not None and made.ink <= 240
    assert prepare(p.job, target, str(tmp_path)) == made                 # reused, with its measured ink
    first.write_bytes(good[:100])                                        # damaged
    again = prepare(p.job, target, str(tmp_path))
    assert Path(again.path).read_bytes() == good


def test_photo_stored_on_its_side_is_placed_upright(tmp_path):
    """EXIF orientation 6 (a portrait the camera stored as landscape) is honoured."""
    from layout.commands import build

    im = Image.new("RGB", (1200, 800), (90, 120, 160))
    exif = Image.Exif()
    exif[0x0112] = 6
    im.save(tmp_path / "side.jpg", exif=exif, quality=90)
    ed = photo_edition(tmp_path, {"file": "side.jpg", "fit": "fit"}, columns="1-2", lines="1-30")
    [photo] = build(str(ed)).result.pages[0].images
    assert photo.pixels == (800, 1200) and photo.ih > photo.iw
    out, _ = print_pdf(ed)
    [(pic, w, h)] = placed_images(out)
    assert pic.height > pic.width and h > w


def test_screen_photo_is_resampled_and_colour_managed(tmp_path):
    """The e-paper gets at most 1.5 × SCREEN_PPI, in sRGB, from an oversized CMYK photo."""
    from layout.paint.images import SCREEN_PPI

    Image.new("CMYK", (4000, 3000), (0, 255, 255, 0)).save(tmp_path / "big.jpg", quality=90)
    ed = photo_edition(tmp_path, {"file": "big.jpg", "fit": "fit"}, columns="1-2", lines="1-30")
    out = tmp_path / "e.pdf"
    r = run_cli("epaper", str(ed), "-o", str(out))
    assert r.returncode in (0, 1), r.stderr
    [(pic, w, _)] = placed_images(out)
    assert pic.mode == "RGB" and pic.width * 72 / w <= 1.5 * SCREEN_PPI
    red = pic.getpixel((pic.width // 2, pic.height // 2))
    assert red[0] > 180 and red[1] < 90 and red[2] < 110, red      # 0/100/100/0 prints a red
