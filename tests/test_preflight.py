"""`layout preflight` on PDFs that break each rule, made by editing a good print PDF
with pikepdf (or drawn with ReportLab): it names every failure and exits 1; the good
PDF passes with exit 0."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
from conftest import run_cli


@pytest.fixture(scope="module")
def good_pdf(sample_build, tmp_path_factory) -> Path:
    from layout.output.printpdf import render_print_pdf

    data, _ = render_print_pdf(sample_build)
    path = tmp_path_factory.mktemp("preflight") / "good.pdf"
    path.write_bytes(data)
    return path


def _edited(good: Path, tmp_path: Path, edit: Callable[[pikepdf.Pdf], None], **save) -> Path:
    out = tmp_path / "broken.pdf"
    with pikepdf.open(good) as pdf:
        edit(pdf)
        pdf.save(out, **save)
    return out


def _append(pdf: pikepdf.Pdf, content: bytes, page: int = 0) -> None:
    pdf.pages[page].contents_add(pikepdf.Stream(pdf, content), prepend=False)


def _rgb_operator(pdf):
    _append(pdf, b"q 1 0 0 rg 100 100 20 20 re f Q")


def _rgb_colour_space(pdf):
    _append(pdf, b"q /DeviceRGB cs 0 0.5 1 sc 100 100 20 20 re f Q")


def _no_trimbox(pdf):
    del pdf.pages[1].obj.TrimBox


def _bleed_outside_media(pdf):
    x0, y0, x1, y1 = (float(v) for v in pdf.pages[0].mediabox)
    pdf.pages[0].obj.BleedBox = pikepdf.Array([x0 - 10, y0, x1, y1])


def _unembedded_font(pdf):
    for page in pdf.pages:
        fonts = page.Resources.Font
        for name in fonts.keys():
            font = fonts[name]
            fd = font.DescendantFonts[0].FontDescriptor
            for key in ("/FontFile", "/FontFile2", "/FontFile3"):
                if key in fd:
                    del fd[key]
            return


def _transparency(pdf):
    res = pdf.pages[0].Resources
    res.ExtGState.GSalpha = pikepdf.Dictionary(ca=0.5, CA=0.5)
    _append(pdf, b"q /GSalpha gs 0 0 0 1 k 100 100 20 20 re f Q")


def _ink_over_limit(pdf):
    _append(pdf, b"q 1 1 1 1 k 100 100 20 20 re f Q")


def _no_output_intent(pdf):
    del pdf.Root.OutputIntents


def _rgb_image(pdf):
    img = pikepdf.Stream(pdf, b"\xff\x00\x00" * 4, Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Image,
                         Width=2, Height=2, BitsPerComponent=8, ColorSpace=pikepdf.Name.DeviceRGB)
    res = pdf.pages[0].Resources
    if "/XObject" not in res:
        res.XObject = pikepdf.Dictionary()
    res.XObject.ImRGB = img
    _append(pdf, b"q 20 0 0 20 100 100 cm /ImRGB Do Q")


def _rgb_in_form(pdf):
    form = pikepdf.Stream(pdf, b"0 1 0 rg 0 0 10 10 re f", Type=pikepdf.Name.XObject,
                          Subtype=pikepdf.Name.Form, BBox=[0, 0, 10, 10])
    res = pdf.pages[1].Resources
    if "/XObject" not in res:
        res.XObject = pikepdf.Dictionary()
    res.XObject.FmRGB = form
    _append(pdf, b"q /FmRGB Do Q", page=1)


def _icc_rgb(pdf):
    profile = pikepdf.Stream(pdf, b"\0" * 128, N=3)
    pdf.pages[0].Resources.ColorSpace.CSrgb = pikepdf.Array([pikepdf.Name.ICCBased, profile])
    _append(pdf, b"q /CSrgb cs 1 0 0 scn 100 100 20 20 re f Q")


def _spot_with_rgb_alternate(pdf):
    fn = pikepdf.Stream(pdf, b"{dup dup}", FunctionType=4, Domain=[0, 1], Range=[0, 1, 0, 1, 0, 1])
    pdf.pages[0].Resources.ColorSpace.CSspot = pikepdf.Array(
        [pikepdf.Name.Separation, pikepdf.Name("/Pantone 185"), pikepdf.Name.DeviceRGB, fn])
    _append(pdf, b"q /CSspot cs 1 scn 100 100 20 20 re f Q")


def _inline_rgb_image(pdf):
    _append(pdf, b"q 10 0 0 10 100 100 cm BI /W 1 /H 1 /CS /RGB /BPC 8 ID \xff\x00\x00 EI Q")


def _no_pdfx_version(pdf):
    del pdf.trailer.Info.GTS_PDFXVersion


BROKEN = [
    ("rgb-operator", _rgb_operator, "page 1: RGB colour (rg operator)"),
    ("rgb-colour-space", _rgb_colour_space, "page 1: RGB colour (/DeviceRGB cs)"),
    ("missing-trimbox", _no_trimbox, "page 2: no TrimBox"),
    ("bleed-outside-media", _bleed_outside_media, "page 1: BleedBox"),
    ("unembedded-font", _unembedded_font, "is not embedded"),
    ("transparency", _transparency, "page 1, graphics state /GSalpha: transparency (ca 0.5)"),
    ("ink-limit", _ink_over_limit, "page 1: total ink 400% over the 240% limit (1 1 1 1 k)"),
    ("no-output-intent", _no_output_intent, "document: no PDF/X output intent"),
    ("rgb-image", _rgb_image, "page 1, image /ImRGB: RGB colour (/DeviceRGB)"),
    ("rgb-in-form", _rgb_in_form, "page 2, form /FmRGB: RGB colour (rg operator)"),
    ("no-pdfx-version", _no_pdfx_version, "document: no GTS_PDFXVersion"),
    ("icc-rgb", _icc_rgb, "page 1: RGB colour (/CSrgb cs)"),
    ("spot-rgb-alternate", _spot_with_rgb_alternate, "page 1: RGB colour (colour space /CSspot)"),
    ("inline-rgb-image", _inline_rgb_image, "page 1, inline image: RGB colour (/DeviceRGB)"),
]


def test_good_pdf_passes(good_pdf):
    r = run_cli("preflight", str(good_pdf))
    assert r.returncode == 0, r.stdout + r.stderr
    assert "preflight passed" in r.stdout


@pytest.mark.parametrize(("name", "edit", "expect"), BROKEN, ids=[b[0] for b in BROKEN])
def test_each_broken_rule_is_named(good_pdf, tmp_path, name, edit, expect):
    bad = _edited(good_pdf, tmp_path, edit)
    r = run_cli("preflight", str(bad))
    assert r.returncode == 1, r.stdout + r.stderr
    lines = r.stdout.splitlines()
    assert any(expect in line for line in lines), f"{expect!r} not in:\n{r.stdout}"
    assert all(line.startswith(f"{bad}: ") for line in lines)


def test_all_failures_at_once(good_pdf, tmp_path):
    """One PDF breaking several rules gets every one of them reported."""
    from layout.output.preflight import preflight

    def edit(pdf):
        _rgb_operator(pdf)
        _no_trimbox(pdf)
        _unembedded_font(pdf)

    failures = preflight(_edited(good_pdf, tmp_path, edit))
    assert any("RGB colour (rg operator)" in f for f in failures)
    assert any("no TrimBox" in f for f in failures)
    assert any("is not embedded" in f for f in failures)


def test_encrypted(good_pdf, tmp_path):
    bad = _edited(good_pdf, tmp_path, lambda pdf: None,
                  encryption=pikepdf.Encryption(owner="plant", user="", R=4))
    r = run_cli("preflight", str(bad))
    assert r.returncode == 1
    assert "encrypted" in r.stdout


def test_reportlab_pdf_fails_every_way(tmp_path):
    """A plain ReportLab page (Helvetica, RGB, no boxes, no intent) fails each rule by name."""
    from reportlab.pdfgen.canvas import Canvas

    buf = io.BytesIO()
    c = Canvas(buf, invariant=1)
    c.setFillColorRGB(0.2, 0.4, 0.6)
    c.drawString(72, 720, "Hello")
    c.showPage()
    c.save()
    path = tmp_path / "plain.pdf"
    path.write_bytes(buf.getvalue())
    r = run_cli("preflight", str(path))
    assert r.returncode == 1
    out = r.stdout
    for expect in ("font Helvetica is not embedded", "page 1: RGB colour (rg operator)", "page 1: no TrimBox",
                   "page 1: no BleedBox", "no PDF/X output intent", "no GTS_PDFXVersion"):
        assert expect in out, f"{expect!r} not in:\n{out}"


def test_not_a_pdf(tmp_path):
    path = tmp_path / "x.pdf"
    path.write_bytes(b"hello")
    r = run_cli("preflight", str(path))
    assert r.returncode == 1
    assert "not a readable PDF" in r.stdout


def test_ink_limit_is_a_parameter(good_pdf, tmp_path):
    from layout.output.preflight import preflight

    bad = _edited(good_pdf, tmp_path, lambda pdf: _append(pdf, b"q 0.4 0.3 0.3 1 k 0 0 1 1 re f Q"))
    assert any("total ink 200%" in f for f in preflight(bad, ink_limit=180))
    assert preflight(bad, ink_limit=240) == []
