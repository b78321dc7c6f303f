"""Print-only adjustments and options: tints into the bleed, rich black, the plant's
profile and condition (edition or CLI, the CLI wins), bad profiles, the ink limit."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pikepdf
import pytest
import yaml
from conftest import run_cli
from edition_maker import body_text, edition_yaml

from layout.flow.result import Box, LayoutResult, PageResult, Rule
from layout.model.edition import Cmyk
from layout.output import pdfx
from layout.output.printpdf import bleed_box, bleed_rule, render_print_pdf, rich_black

GREY = Cmyk(0, 0, 0, 0.2)


def _page() -> PageResult:
    return PageResult(number=1, width=600.0, height=800.0, bleed=8.5)


def test_tint_touching_the_trim_runs_into_the_bleed():
    page = _page()
    full = bleed_box(Box(0, 0, 600, 40, fill=GREY), page)
    assert (full.x, full.y, full.x + full.w, full.y + full.h) == (-8.5, -8.5, 608.5, 40)
    bottom = bleed_box(Box(100, 760, 50, 40, fill=GREY), page)
    assert (bottom.x, bottom.y, bottom.w, bottom.h) == (100, 760, 50, 48.5)
    inside = Box(10, 10, 20, 20, fill=GREY)
    assert bleed_box(inside, page) is inside
    frame_only = Box(0, 0, 600, 40, stroke=GREY, rule=1)
    assert bleed_box(frame_only, page) is frame_only


def test_rule_touching_the_trim_runs_into_the_bleed():
    page = _page()
    r = bleed_rule(Rule(0, 50, 600, 50, 1, GREY), page)
    assert (r.x0, r.x1) == (-8.5, 608.5)
    v = bleed_rule(Rule(300, 700, 300, 800, 1, GREY), page)
    assert (v.y0, v.y1) == (700, 808.5)
    inner = Rule(10, 50, 500, 50, 1, GREY)
    assert bleed_rule(inner, page) == inner


def _fills(pdf_bytes: bytes, page: int = 0) -> list[tuple[list[float], list[float]]]:
    """(fill colour, rectangle) of every filled `re` on the page."""
    out = []
    with pikepdf.open(__import__("io").BytesIO(pdf_bytes)) as pdf:
        colour: list[float] = []
        rect: list[float] = []
        for operands, op in pikepdf.parse_content_stream(pdf.pages[page]):
            o = str(op)
            if o == "k":
                colour = [float(v) for v in operands]
            elif o == "re":
                rect = [float(v) for v in operands]
            elif o in ("f", "f*") and rect:
                out.append((colour, rect))
    return out


def test_edge_tint_drawn_into_the_bleed(sample_build):
    """End to end: a tint at the page's top edge reaches the bleed edge in the PDF."""
    r = sample_build.result
    p0 = r.pages[0]
    band = Box(0, 0, p0.width, 30, fill=Cmyk(0.1, 0.1, 0.1, 0))   # CMY grey: kept as CMYK, not made K
    pages = [dataclasses.replace(p0, boxes=[*p0.boxes, band]), *r.pages[1:]]
    b = dataclasses.replace(sample_build, result=LayoutResult(pages, r.articles, [], r.title))
    data, _ = render_print_pdf(b)
    with pikepdf.open(__import__("io").BytesIO(data)) as pdf:
        bx0, by0, bx1, by1 = (float(v) for v in pdf.pages[0].obj.BleedBox)
    cyan = [rect for colour, rect in _fills(data) if colour == [0.1, 0.1, 0.1, 0]]
    assert cyan, "the band was not drawn"
    x, y, w, h = cyan[0]
    assert x == pytest.approx(bx0, abs=0.01) and x + w == pytest.approx(bx1, abs=0.01)
    assert max(y, y + h) == pytest.approx(by1, abs=0.01)


def test_rich_black_stays_under_the_limit():
    assert rich_black(240).k == 1 and sum((rich_black(240).c, rich_black(240).m, rich_black(240).y)) <= 1.4
    low = rich_black(150)
    assert (low.c + low.m + low.y + low.k) * 100 == pytest.approx(150, abs=0.5)


def _tabloid(tmp: Path, print_opts: dict | None = None, headline: str = "区领导走访调研") -> Path:
    pages = [{"number": 1, "section": "要闻", "blocks": [
        {"masthead": {}, "columns": "1-6", "lines": "1-10"},
        {"article": "lead", "columns": "1-6", "lines": "11-60", "headline": {"lines": 5}},
    ]}]
    articles = [{"id": "lead", "headline": headline, "body": body_text(1500)}]
    doc = yaml.safe_load(edition_yaml(pages, articles, size="tabloid", columns=6))
    if print_opts is not None:
        doc["page"]["print"] = print_opts
    path = tmp / "tabloid.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _text_fills(path: Path) -> dict[str, list[float]]:
    """Font size of each text object -> the CMYK fill it is drawn in (the largest first)."""
    out: dict[str, list[float]] = {}
    with pikepdf.open(path) as pdf:
        colour: list[float] = []
        for operands, op in pikepdf.parse_content_stream(pdf.pages[0]):
            o = str(op)
            if o == "k":
                colour = [float(v) for v in operands]
            elif o == "Tf":
                out.setdefault(f"{float(operands[1]):g}", colour)
    return out


def test_rich_black_for_large_headlines_only_when_asked(tmp_path):
    plain = tmp_path / "plain"
    rich = tmp_path / "rich"
    plain.mkdir()
    rich.mkdir()
    for folder, opts in ((plain, None), (rich, {"rich_black": True})):
        r = run_cli("print", str(_tabloid(folder, opts)), "-o", str(folder / "out.pdf"))
        assert r.returncode == 0, r.stderr
    plain_fills = _text_fills(plain / "out.pdf")
    rich_fills = _text_fills(rich / "out.pdf")
    sizes = sorted(plain_fills, key=float)
    big = [s for s in sizes if float(s) > 36]
    assert big, f"no headline over 36 pt: {sizes}"
    for s in big:
        if plain_fills[s] == [0, 0, 0, 1]:
            assert rich_fills[s][3] == 1 and sum(rich_fills[s][:3]) > 0, s
    small = [s for s in sizes if float(s) <= 12]
    assert small and all(rich_fills[s] == plain_fills[s] for s in small)


def _intent(path: Path) -> tuple[str, bytes]:
    with pikepdf.open(path) as pdf:
        oi = pdf.Root.OutputIntents[0]
        return str(oi.OutputConditionIdentifier), oi.DestOutputProfile.read_bytes()


def test_plant_profile_and_condition_from_edition_and_cli(tmp_path):
    plant = tmp_path / "plant.icc"
    data = bytearray(pdfx.default_icc().read_bytes())
    plant.write_bytes(bytes(data))
    ed = _tabloid(tmp_path, {"icc": "plant.icc", "condition": "Plant newsprint 2024"})
    out = tmp_path / "e.pdf"
    r = run_cli("print", str(ed), "-o", str(out))
    assert r.returncode == 0, r.stderr
    cond, profile = _intent(out)
    assert cond == "Plant newsprint 2024" and profile == bytes(data)
    out2 = tmp_path / "c.pdf"
    r = run_cli("print", str(ed), "-o", str(out2), "--condition", "From the CLI")
    assert r.returncode == 0, r.stderr
    assert _intent(out2)[0] == "From the CLI"


def test_default_profile_is_the_newsprint_one():
    path = pdfx.default_icc()
    assert path.name == "newsprint-tr002-240.icc"
    data = pdfx.read_profile(path)
    assert data[16:20] == b"CMYK"
    assert pdfx.profile_description(data, "") == "Coldset newsprint (CGATS TR 002), 240% TAC"


def test_rgb_profile_is_refused_with_exit_2(tmp_path):
    fake = bytearray(128)
    fake[16:20] = b"RGB "
    fake[36:40] = b"acsp"
    rgb = tmp_path / "screen.icc"
    rgb.write_bytes(bytes(fake))
    ed = _tabloid(tmp_path)
    out = tmp_path / "x.pdf"
    r = run_cli("print", str(ed), "-o", str(out), "--icc", str(rgb))
    assert r.returncode == 2
    assert "a RGB profile; PDF/X-1a needs a CMYK output profile" in r.stderr
    assert "Traceback" not in r.stderr
    assert not out.exists()


def test_print_reports_preflight_failures(tmp_path):
    """`layout print` preflights its own output: a 400 % tint is reported on stderr."""
    pages = [{"number": 1, "section": "要闻", "blocks": [
        {"article": "lead", "columns": "1-6", "lines": "1-40",
         "box": {"rule": "0.5pt", "tint": "cmyk(100, 100, 100, 100)"}},
    ]}]
    ed = tmp_path / "heavy.yaml"
    ed.write_text(edition_yaml(pages, [{"id": "lead", "headline": "标题", "body": body_text(800)}],
                               size="tabloid", columns=6), encoding="utf-8")
    out = tmp_path / "heavy.pdf"
    r = run_cli("print", str(ed), "-o", str(out))
    assert out.exists()
    assert "preflight:" in r.stderr and "total ink 400% over the 240% limit" in r.stderr
