"""The preview's own one-page PDF (layout/output/screenpdf.py) shows what the ReportLab
screen PDF shows: pixel for pixel with the faces embedded as they are, and within
antialiasing noise with the body face converted to TrueType."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from conftest import ROOT

from layout.commands import build
from layout.fonts import subset
from layout.output import preview, raster, screenpdf
from layout.paint.painter import paint


def _pixels(pdf: bytes, dpi: float = 72) -> np.ndarray:
    return np.asarray(next(raster.render_pages(pdf, dpi))).astype(int)


def _reportlab(b, number: int) -> bytes:
    page = preview.find_page(b.result, number)
    one = replace(b.result, pages=[page], articles=[], problems=[])
    return paint(one, b.book, preview.screen_options(b))


@pytest.fixture(scope="module")
def photo_build():
    return build(str(ROOT / "editions" / "2023-09-25.yaml"))


@pytest.mark.parametrize("number", [1, 2])
def test_the_screen_canvas_draws_what_reportlab_draws(sample_build, photo_build, number):
    """Tints, rules, QR codes, photos, the masthead and every run of type: the same pixels."""
    for b in (sample_build, photo_build):
        if number > len(b.result.pages):
            continue
        page = preview.find_page(b.result, b.result.pages[number - 1].number)
        assert page.runs
        ours = _pixels(preview.page_pdf(b, page.number, convert=False))
        theirs = _pixels(_reportlab(b, page.number))
        assert ours.shape == theirs.shape
        assert np.array_equal(ours, theirs), (b.edition.source, page.number, np.count_nonzero(ours != theirs))
    assert any(p.images for p in photo_build.result.pages)       # the photo path was drawn


def test_the_body_face_as_truetype_looks_the_same(sample_build):
    pdf = preview.page_pdf(sample_build, 1)
    assert b"/FontFile2" in pdf and b"/CIDFontType2" in pdf       # the body copy was converted
    ours = _pixels(pdf, 100)
    theirs = _pixels(_reportlab(sample_build, 1), 100)
    diff = np.abs(ours - theirs)
    assert diff.mean() < 0.5                        # of 255: antialiasing at some glyph edges
    assert np.percentile(diff, 99.9) < 16
    dark = (theirs.min(axis=2) < 128).sum()
    assert abs(int((ours.min(axis=2) < 128).sum()) - int(dark)) < 0.01 * dark


def test_converted_glyphs_are_kept_and_reused(sample_build, monkeypatch):
    """A second build of the same page converts nothing (the glyphs and program are on disk)."""
    preview.page_pdf(sample_build, 1)
    screenpdf._programs.clear()
    monkeypatch.setattr(screenpdf, "_convert", lambda *a: pytest.fail("converted again"))
    assert b"/FontFile2" in preview.page_pdf(sample_build, 1)


def test_glyphs_not_seen_before_are_converted_to_truetype(sample_build):
    face = next(f for f in sample_build.book.faces.values() if f.kind == "cff")
    some = sorted(face.part_of)[100:103]
    font, widths = screenpdf.font_program(face, some, True)
    assert font[:4] == b"\0\1\0\0" and sorted(widths) == some     # an sfnt with TrueType outlines
    tables = subset.sfnt_tables(font)
    assert {"glyf", "loca", "hmtx", "head", "maxp"} <= tables.keys()


def test_damaged_stored_glyphs_are_converted_again_to_the_same_pdf(sample_build, tmp_path, monkeypatch):
    from layout.fonts import cache

    real = cache.subfolder
    monkeypatch.setattr(cache, "subfolder", lambda name: tmp_path if name == "screen-fonts" else real(name))
    screenpdf._programs.clear()
    screenpdf._glyph_stores.clear()                     # what this process read of the stores
    pdf = preview.page_pdf(sample_build, 1)             # converted into the empty folder
    assert list(tmp_path.glob("g-*.bin")) and list(tmp_path.glob("p-*.bin"))
    for f in tmp_path.glob("*.bin"):
        f.write_bytes(b"damaged")
    screenpdf._programs.clear()
    screenpdf._glyph_stores.clear()
    assert preview.page_pdf(sample_build, 1) == pdf


def test_the_converted_face_numbers_its_glyphs_by_how_often_the_page_draws_them(sample_build):
    """The body face's glyphs are numbered from 1, the commonest first, so that the 255
    commonest have the codes below 256 whose boxes PDFium keeps; the program holds only
    the page's glyphs; and the page looks exactly as with the glyphs' own codes."""
    from collections import Counter

    from layout.paint.painter import paint_page_with

    page = preview.find_page(sample_build.result, 1)
    body = Counter(g for r in page.runs if r.role == "body" for g in r.gids)
    face = next(r.font for r in page.runs if r.role == "body")
    drawn = Counter(g for r in page.runs if r.font == face for g in r.gids)
    fonts = screenpdf.ScreenFonts(sample_build.book, runs=page.runs)
    numbers = fonts.remap[face]
    assert sorted(numbers.values()) == list(range(1, len(drawn) + 1))
    counts = [drawn[g] for g in sorted(numbers, key=numbers.__getitem__)]
    assert counts == sorted(counts, reverse=True)                   # the commonest first
    low = sum(n for g, n in drawn.items() if numbers[g] < 256)
    assert low > 0.8 * sum(drawn.values()) and len(body) > 255

    program, _ = screenpdf.font_program(sample_build.book.face(face), fonts.order[face], True, numbered=True)
    maxp = subset.sfnt_tables(program)["maxp"]
    assert int.from_bytes(maxp[4:6], "big") == len(drawn) + 1     # .notdef and the page's glyphs
    pdf = preview.page_pdf(sample_build, 1)
    assert program in pdf

    # the same page with the glyphs' own codes (a registry not told the page's runs)
    one = replace(sample_build.result, pages=[page], articles=[], problems=[])
    canvas, plain = screenpdf.ScreenCanvas(), screenpdf.ScreenFonts(sample_build.book)
    paint_page_with(one, sample_build.book, preview.screen_options(sample_build), page, canvas, plain)
    own = screenpdf.screen_pdf(page.width, page.height, canvas, plain)
    assert len(pdf) < 0.7 * len(own)
    assert np.array_equal(_pixels(pdf, 100), _pixels(own, 100))


def test_a_page_is_neutral_only_while_it_draws_black_white_and_greys(sample_build, photo_build):
    """Which pages the preview may render in gray (raster.render_png): the sample's page 2
    (type, rules) is; its page 1 (the red masthead) is not, nor page 2 of the photo
    edition (a colour photo); one coloured fill or stroke is enough."""
    assert preview._screen_page(sample_build, 2)[1] is True
    assert preview._screen_page(sample_build, 1)[1] is False
    assert preview._screen_page(photo_build, 2)[1] is False
    assert preview._screen_page(photo_build, 3)[1] is True
    canvas = screenpdf.ScreenCanvas()
    canvas.setFillColorRGB(0.85, 0.85, 0.85)
    canvas.setStrokeColorRGB(0, 0, 0)
    assert canvas.neutral
    canvas.setStrokeColorRGB(0.8, 0.1, 0.1)
    assert not canvas.neutral
    canvas = screenpdf.ScreenCanvas()
    canvas.setFillColorRGB(0.2, 0.2, 0.21)
    assert not canvas.neutral


def test_a_gray_photo_keeps_a_page_neutral_and_a_colour_one_does_not(tmp_path):
    """A DeviceGray JPEG (a black-and-white photo) may be rendered in gray; an RGB one may not."""
    from PIL import Image

    gray, colour = tmp_path / "bw.jpg", tmp_path / "colour.jpg"
    Image.new("L", (40, 30), 128).save(gray)
    Image.new("RGB", (40, 30), (200, 30, 30)).save(colour)
    canvas = screenpdf.ScreenCanvas()
    canvas.drawImage(str(gray), 0, 0, 40, 30)
    assert canvas.neutral and b"/DeviceGray" in canvas.images[0]
    canvas.drawImage(str(colour), 50, 0, 40, 30)
    assert not canvas.neutral
