"""The masthead and folio lines, read back from the rendered page."""

from __future__ import annotations

import shutil
import subprocess

import pdfplumber
import pytest
from conftest import SAMPLE, run_cli

from layout.paint.painter import PaintOptions, paint


@pytest.mark.skipif(shutil.which("zbarimg") is None, reason="zbarimg (zbar-tools) not installed")
def test_masthead_qr_codes_scan_to_the_channels(sample_build, tmp_path):
    png = tmp_path / "p1.png"
    out = run_cli("preview", str(SAMPLE), "-o", str(png), "--dpi", "150")
    assert out.returncode == 0, out.stderr
    scanned = subprocess.run(["zbarimg", "-q", "--raw", str(png)], capture_output=True, text=True).stdout.split()
    assert sorted(scanned) == sorted(c.url for c in sample_build.edition.edition.channels)


def test_masthead_and_folio_text(sample_build, tmp_path):
    pdf_path = tmp_path / "s.pdf"
    pdf_path.write_bytes(paint(sample_build.result, sample_build.book, PaintOptions(colour="rgb", bleed=False)))
    with pdfplumber.open(pdf_path) as pdf:
        p1, p2 = ("".join(c["text"] for c in page.chars) for page in pdf.pages)
        big = "".join(c["text"] for c in pdf.pages[0].chars if c["size"] > 60)
    for text in ("徐汇报", "第38期(总第1744期)", "2023年9月18日星期一", "准印证号(B)0150", "http://www.xuhuibao.com",
                 "徐汇通APP", "上海徐汇微信", "上海徐汇发布微博", "上海徐汇抖音"):
        assert text in p1, text
    assert big == "徐汇报"      # the paper's name, very large, is the only text over 60 pt
    # reading order: the name, the issue line and date, then the channels under the QR codes
    assert p1.startswith("徐汇报第38期(总第1744期)2023年9月18日星期一准印证号(B)0150")
    assert p1.index("上海徐汇抖音") < p1.index(sample_build.edition.articles[0].headline)
    # page 2 has no masthead: its folio line names paper, date, weekday, page and section
    assert p2.startswith("徐汇报2023年9月18日星期一第2版要闻")
    assert "第38期" not in p2


def test_masthead_logo_replaces_the_typeset_name(write_edition, tmp_path):
    from edition_maker import body_text, edition_yaml
    from PIL import Image

    from layout.commands import build

    Image.new("RGB", (600, 200), (200, 0, 0)).save(tmp_path / "logo.png")
    pages = [{"blocks": [{"masthead": {"logo": "logo.png"}, "columns": "1-8", "lines": "1-10"},
                         {"article": "a", "columns": "1-8", "lines": "11-40"}]}]
    b = build(str(write_edition(edition_yaml(pages, [{"id": "a", "headline": "标题", "body": body_text(300)}]))))
    page = b.result.pages[0]
    (logo,) = page.images
    assert logo.path.endswith("logo.png") and abs(logo.iw / logo.ih - 3.0) < 0.01
    assert not [r for r in page.runs if r.role == "masthead"]          # no typeset name
    assert any("第38期" in r.text for r in page.runs)                   # the issue line still set
