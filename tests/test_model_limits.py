"""Values beyond what Python's numbers hold, characters YAML forbids, a profile that is not
one and a QR code that cannot hold its url: each refused by `layout check` with its exact
`FILE:LINE:COL: message` (issue 15), never an OverflowError, a ValueError or a crash in
`print`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import test_model_additions as additions
from test_model_additions import Case
from test_model_errors import BASE, edit

HUGE_INT = "9" * 400
CHANNEL = "  url: http://www.xuhuibao.com\n"
LONG_URL = "http://www.xuhuibao.com/" + "a" * 2300


def _forbidden(ch: str) -> str:
    return edit("  paper: 徐汇报", f"  paper: 徐汇报{ch}")


CASES = [
    Case("ink-limit-400-digits", edit("  columns: 6", "  columns: 6\n  print: {ink_limit: " + HUGE_INT + "}"),
         13, 22, "page.print.ink_limit 999999999999… (400 characters) is outside 100-400"),
    Case("length-309-digits", edit("top: 15mm", "top: 1" + "0" * 320), 11, 18,
         "page.margins.top: expected a finite length, got 100000000000… (321 characters)"),
    Case("length-string-400-digits", edit("top: 15mm", "top: 1" + "0" * 400 + "mm"), 11, 18,
         "page.margins.top: expected a finite length, got 100000000000… (403 characters)"),
    Case("range-4300-digits", edit("lines: 11-60", 'lines: "11-' + "9" * 4400 + '"'), 30, 16,
         "lines 11-999999999… (4403 characters) is absurd: a grid has tens of lines, not millions"),
    Case("range-number-4000-digits", edit("lines: 11-60", "lines: " + "9" * 4000), 30, 16,
         "lines 999999999999… (4000 characters) is absurd: a grid has tens of lines, not millions"),
    Case("int-5000-digits", edit("  issue: 38", "  issue: " + "9" * 5000), 5, 10,
         "the number 999999999999… (5000 characters) is too large"),
    Case("nul-after-han", _forbidden("\x00"), 3, 13, "character U+0000 is not allowed in YAML"),
    Case("u0001-after-han", _forbidden("\x01"), 3, 13, "character U+0001 is not allowed in YAML"),
    Case("del-after-han", _forbidden("\x7f"), 3, 13, "character U+007F is not allowed in YAML"),
    Case("fffe-after-han", _forbidden("\ufffe"), 3, 13, "character U+FFFE is not allowed in YAML"),
    Case("icc-not-a-profile", edit("  columns: 6", "  columns: 6\n  print: {icc: plant.icc}"), 13, 16,
         "page.print.icc: not an ICC profile", files={"plant.icc": "not a profile\n" * 20}),
    Case("channel-url-too-long", edit(CHANNEL, CHANNEL + f"  channels:\n    - {{label: APP, url: {LONG_URL}}}\n"),
         10, 25, "channel url: too long for a QR code (2324 bytes; the masthead's QR codes hold at most 2213)"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_refused_by_check(tmp_path: Path, case: Case) -> None:
    additions.test_misused_addition(tmp_path, case)


def test_rgb_profile_refused_by_check(tmp_path: Path) -> None:
    from PIL import ImageCms

    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
    case = Case("icc-rgb", edit("  columns: 6", "  columns: 6\n  print: {icc: srgb.icc}"), 13, 16,
                "page.print.icc: a RGB profile; PDF/X-1a needs a CMYK output profile",
                files={"srgb.icc": profile.tobytes()})
    additions.test_misused_addition(tmp_path, case)


def test_longest_url_the_qr_code_holds_passes(tmp_path: Path) -> None:
    """The limit is the encoder's own: 2213 bytes load, and the masthead draws them."""
    from layout.model.loader import load_edition
    from layout.paint.qr import qr_modules

    url = "http://www.xuhuibao.com/" + "a" * (2213 - 24)
    path = tmp_path / "edition.yaml"
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / "a.jpg").write_bytes(b"\xff\xd8\xff\xd9")
    path.write_text(edit(CHANNEL, CHANNEL + f"  channels:\n    - {{label: APP, url: {url}}}\n"), encoding="utf-8")
    assert load_edition(str(path)).edition.channels[0].url == url
    assert len(qr_modules(url)) == 39 * 4 + 17


@pytest.mark.parametrize("data", [
    "h" * 2213, "h" * 2214, "7" * 5312, "7" * 5313, "7" * 5314, "HTTP://X.COM/" + "A" * 3200, "A" * 3221,
    "徐" * 1362, "徐" * 1363, "的" * 1362, "徐汇" * 400 + "x", "😀" * 553, "😀" * 554,
])
def test_qr_capacity_is_the_encoders(data: str) -> None:
    """qr_fits answers as ReportLab's encoder does (it is not imported by `check`)."""
    from reportlab.graphics.barcode import qrencoder

    from layout.paint.qr import qr_fits

    qr = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    qr.addData(data)
    version = qr.calculate_version()
    try:
        qrencoder.QRCode.createData(version, qrencoder.QRErrorCorrectLevel.M, qr.dataList)
        encodes = True
    except Exception as err:  # noqa: BLE001 - the encoder raises a bare Exception on overflow
        assert "code length overflow" in str(err)
        encodes = False
    assert qr_fits(data) == encodes


assert BASE  # the cases are edits of test_model_errors.BASE
