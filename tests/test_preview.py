"""`layout preview`: the PNG is the trim at the asked resolution, shows the page, and
`--grid` draws the grid where the layout says the columns are."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time

import pytest
from conftest import ROOT, SAMPLE, run_cli
from PIL import Image, ImageChops, ImageStat

from layout.flow.grid import Grid


def _dark(img: Image.Image, below: int = 128) -> int:
    return sum(img.convert("L").point(lambda v: 255 if v < below else 0).histogram()[255:])


def test_png_is_the_trim_at_the_dpi(sample_build, tmp_path):
    from layout.output.preview import save_preview

    out = tmp_path / "p1.png"
    save_preview(sample_build, str(out), page=1, dpi=100)
    with Image.open(out) as im:
        assert im.format == "PNG"
        # 390 mm x 545 mm at 100 dpi
        assert im.size == (1535, 2146)
        assert ImageStat.Stat(im.convert("L")).stddev[0] > 20       # not blank
        assert _dark(im) > 20_000                                   # type is drawn
    save_preview(sample_build, str(out), page=1, dpi=36)
    with Image.open(out) as im:
        assert im.size == (round(1105.5118 / 2), round(1544.8819 / 2))


def test_the_picture_is_the_layout(sample_build, tmp_path):
    """The masthead's red name is where the layout put the masthead run."""
    from layout.output.preview import save_preview

    img = save_preview(sample_build, str(tmp_path / "p1.png"), page=1, dpi=72).image()
    run = next(r for r in sample_build.result.pages[0].runs if r.role == "masthead")
    x = int(run.x + run.dx[0] + run.size / 2)
    ys = range(int(run.y - run.size), int(run.y))
    reds = [img.getpixel((xx, y)) for xx in range(x - 20, x + 20) for y in ys]
    assert any(r > 180 and g < 90 and b < 90 for r, g, b in reds)


def test_grid_changes_pixels_along_the_column_edges(sample_build, tmp_path):
    from layout.output.preview import save_preview

    plain = save_preview(sample_build, str(tmp_path / "a.png"), page=1, dpi=100).image()
    grid = save_preview(sample_build, str(tmp_path / "b.png"), page=1, dpi=100, grid=True).image()
    assert plain.size == grid.size
    diff = ImageChops.difference(plain, grid).convert("L")
    g = Grid.from_setup(sample_build.edition.page)
    k = 100 / 72
    # Inside the type area, each column edge is drawn over its whole height...
    y0, y1 = int(g.top * k) + 2, int((g.top + g.lines * g.leading) * k) - 2
    for col in range(1, g.columns + 1):
        for edge in (g.col_x(col), g.col_right(col)):
            x = int(edge * k)
            changed = sum(1 for y in range(y0, y1, 7) if max(diff.getpixel((xx, y)) for xx in (x - 1, x, x + 1)))
            assert changed > 0.95 * len(range(y0, y1, 7)), (col, edge)
    # ...and the margin outside the type area is left alone.
    assert diff.crop((0, 0, int(g.left * k) - 3, diff.height)).getbbox() is None


def test_missing_page_is_a_clear_input_error(tmp_path):
    r = run_cli("preview", str(SAMPLE), "-o", str(tmp_path / "x.png"), "--page", "9")
    assert r.returncode == 2
    assert "no page 9" in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "x.png").exists()


def test_cli_page_2_grid(tmp_path):
    out = tmp_path / "p2.png"
    r = run_cli("preview", str(SAMPLE), "-o", str(out), "--page", "2", "--dpi", "50", "--grid")
    assert r.returncode == 0, r.stderr
    with Image.open(out) as im:
        assert im.size == (round(1105.5118 * 50 / 72), round(1544.8819 * 50 / 72))


def test_watch_renders_again_on_save(tmp_path, sample_build):
    """`sample_build` first: the fonts are prepared before the watcher starts, so its
    first picture does not wait on a cold font cache."""
    ed = tmp_path / "edition.yaml"
    ed.write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "p.png"
    proc = subprocess.Popen([sys.executable, "-m", "layout.cli", "preview", str(ed), "-o", str(out), "--dpi", "30",
                             "--watch"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = _wait_for(lambda: out.exists() and out.stat().st_mtime_ns)
        time.sleep(0.05)
        ed.write_text(ed.read_text(encoding="utf-8").replace("section: 要闻", "section: 综合", 1), encoding="utf-8")
        os.utime(ed, ns=(time.time_ns() + 10**9, time.time_ns() + 10**9))
        _wait_for(lambda: out.stat().st_mtime_ns != first)
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            _, err = proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise
    assert proc.returncode == 0, err
    assert "watching" in err and "Traceback" not in err


def _wait_for(cond, timeout: float = 60):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        v = cond()
        if v:
            return v
        time.sleep(0.1)
    pytest.fail("timed out")


def test_the_png_decodes_to_the_rendered_pixels(sample_build, tmp_path):
    """The PNG's zlib stream is two halves deflated at once and joined (raster.deflate_halves):
    it decodes, checksum included, to exactly the pixels PDFium rendered, at an even and
    an odd number of rows."""
    import zlib

    from layout.output.preview import save_preview

    for dpi in (100, 37):
        out = tmp_path / f"p-{dpi}.png"
        picture = save_preview(sample_build, str(out), page=1, dpi=dpi)
        with Image.open(out) as im:
            assert im.tobytes() == picture.image().tobytes()
        raw = out.read_bytes()
        start = raw.index(b"IDAT") + 4
        idat = raw[start:start + int.from_bytes(raw[start - 8:start - 4], "big")]
        rows = zlib.decompress(idat)                    # zlib checks the joined stream's Adler-32
        assert len(rows) == picture.height * (3 * picture.width + 1)


@pytest.mark.parametrize("dpi", [100, 37])
def test_the_preview_is_pdfiums_rendering_of_the_page(sample_build, dpi):
    """The preview's picture (its buffer made white by a second thread while PDFium parses
    the page, raster.render_png) is the picture pypdfium2 renders for the same page in its
    own way — text on the tinted boxes, rules, the red masthead — cropped to the trim."""
    import pypdfium2

    from layout.output import raster
    from layout.output.preview import page_pdf

    pdf = page_pdf(sample_build, 1)
    picture, png = raster.render_png(pdf, dpi)
    page = pypdfium2.PdfDocument(pdf)[0]
    whole = page.render(scale=dpi / 72, draw_annots=False).to_pil().convert("RGB")
    assert whole.size[0] - picture.width in (0, 1) and whole.size[1] - picture.height in (0, 1)
    expected = whole.crop((0, 0, picture.width, picture.height)).tobytes()
    assert picture.image().tobytes() == expected
    with Image.open(io.BytesIO(png)) as im:
        assert im.tobytes() == expected
    assert next(raster.render_pictures(pdf, dpi)).image().tobytes() == expected


@pytest.mark.parametrize("dpi", [100, 37])
def test_a_page_in_black_and_greys_is_a_gray_png(sample_build, tmp_path, dpi):
    """Page 2 draws only black and greys: its preview is an 8-bit gray PNG, exactly the
    picture pypdfium2 renders for the page in grayscale, with its type on it; page 1 (the
    red masthead) stays RGB, as the tests above show."""
    import pypdfium2

    from layout.output.preview import page_pdf, save_preview

    out = tmp_path / "p2.png"
    picture = save_preview(sample_build, str(out), page=2, dpi=dpi)
    page = pypdfium2.PdfDocument(page_pdf(sample_build, 2))[0]
    whole = page.render(scale=dpi / 72, draw_annots=False, grayscale=True).to_pil()
    expected = whole.crop((0, 0, picture.width, picture.height))
    with Image.open(out) as im:
        assert im.mode == "L" and im.size == expected.size
        assert im.tobytes() == expected.tobytes() == picture.image().tobytes()
        assert _dark(im) > (5000 if dpi == 100 else 500)           # the page's type is drawn
    save_preview(sample_build, str(tmp_path / "p1.png"), page=1, dpi=dpi)
    with Image.open(tmp_path / "p1.png") as im:
        assert im.mode == "RGB"


def test_a_failure_of_the_second_thread_is_raised(sample_build, monkeypatch):
    """The thread that makes the buffer white fails: the caller gets its error, no PNG."""
    from layout.output import raster
    from layout.output.preview import page_pdf

    def broken(*args: object) -> object:
        raise MemoryError("no room for the rows")

    monkeypatch.setattr(raster.ctypes, "memset", broken)
    with pytest.raises(MemoryError, match="no room"):
        raster.render_png(page_pdf(sample_build, 1), 30)


def test_without_threads_the_png_is_the_same(sample_build, monkeypatch):
    """Where no thread can be started (a process limit), the preview does the threads'
    work itself: the same PNG, byte for byte."""
    import threading

    from layout.output import raster
    from layout.output.preview import page_pdf

    pdf = page_pdf(sample_build, 1)
    _, threaded = raster.render_png(pdf, 40)

    def refuse(self: threading.Thread) -> None:
        raise RuntimeError("can't start new thread")

    monkeypatch.setattr(threading.Thread, "start", refuse)
    _, alone = raster.render_png(pdf, 40)
    assert alone == threaded
