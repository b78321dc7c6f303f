"""The painted PDF, read back from outside: text in reading order, glyph positions, the grid."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest
from conftest import SAMPLE, SHARED

from layout.flow.grid import Grid
from layout.paint.painter import PaintOptions, paint

JUMPS = re.compile(r"（[上下][接转]第\d+版）")


@pytest.fixture(scope="module")
def sample_pdf(sample_build, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "sample.pdf"
    path.write_bytes(paint(sample_build.result, sample_build.book, PaintOptions(colour="cmyk", bleed=True)))
    return path


def test_pdf_text_is_in_reading_order_per_article(sample_build, sample_pdf):
    """Characters, in content-stream order, give each article back whole and in order."""
    with pdfplumber.open(sample_pdf) as pdf:
        pages = ["".join(c["text"] for c in page.chars) for page in pdf.pages]
    lead = sample_build.edition.article("theme-education")
    # page 2 opens with the repeated headline (转版标题) of the continued lead
    assert pages[1].startswith("徐汇报2023年9月18日星期一第2版要闻" + lead.headline + "（上接第1版）")
    text = JUMPS.sub("", pages[0] + pages[1].split(lead.headline, 1)[1])
    for art in sample_build.edition.articles:
        body = re.sub(r"\s+", "", art.body)
        head = art.headline + re.sub(r"\s+", "", art.byline or "")
        assert head + body[:20] in text, art.id
        # the body comes back in as many unbroken pieces as the article has blocks
        blocks = sum(1 for p in sample_build.edition.pages for b in p.blocks if b.article == art.id)
        assert len(_pieces(body, text)) <= blocks, art.id


def _pieces(body: str, text: str) -> list[str]:
    """Split `body` greedily into the longest pieces found in `text`, each after the previous."""
    pieces, i, at = [], 0, 0
    while i < len(body):
        lo, hi = i + 1, len(body)
        if text.find(body[i:lo], at) < 0:
            raise AssertionError(f"character {body[i]!r} missing")
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if text.find(body[i:mid], at) >= 0:
                lo = mid
            else:
                hi = mid - 1
        at = text.find(body[i:lo], at) + (lo - i)
        pieces.append(body[i:lo])
        i = lo
    return pieces


def test_pdf_body_lines_are_flush_and_on_the_grid(sample_build, sample_pdf):
    grid = Grid.from_setup(sample_build.edition.page)
    size = sample_build.edition.page.body.size
    with pdfplumber.open(sample_pdf) as pdf:
        page = pdf.pages[0]
        trim = [float(v) for v in page.page_obj.attrs["TrimBox"]]
        lines: dict[tuple[int, float], list] = {}
        for c in page.chars:
            if abs(c["size"] - size) > 0.01 or not c["fontname"].endswith("NotoSerifCJKsc-Regular"):
                continue  # body text only (书宋): bylines and jump lines are 楷体, the masthead 黑体
            x = (c["x0"] + c["x1"]) / 2 - trim[0]
            col = int((x - grid.left) // (grid.colw + grid.gutter)) + 1
            lines.setdefault((col, round(c["y0"], 2)), []).append(c)
    assert len(lines) > 100
    flush = 0
    for (col, _), chars in lines.items():
        chars.sort(key=lambda c: c["x0"])
        left = chars[0]["x0"] - trim[0]
        right = chars[-1]["x1"] - trim[0]
        # baseline phase: the same in every line of the page
        baseline_from_top = trim[3] - chars[0]["matrix"][5]
        phase = (baseline_from_top - grid.top) % grid.leading
        assert abs(phase - grid.baseline_offset) < 0.05
        # lines start at the column edge or at the 2 em indent
        assert min(abs(left - grid.col_x(col)), abs(left - grid.col_x(col) - 2 * size)) < 0.1 or \
            chars[0]["text"] in "“（《"
        if abs(right - grid.col_right(col)) < 0.1:
            flush += 1
        assert right <= grid.col_right(col) + 0.1 + (size / 2 if chars[-1]["text"] in "，。、；：？！”）》" else 0)
    assert flush > 0.75 * len(lines)


@pytest.mark.skipif(not (SHARED / "tools" / "pdfcheck.py").exists(), reason="shared pdfcheck not present")
@pytest.mark.parametrize("name", ["2023-09-18.yaml", "2023-09-18-tabloid.yaml"])
def test_independent_pdfcheck_finds_nothing(name, tmp_path):
    """The shared checker recomputes the grid from the YAML and reads the print PDF."""
    edition = SAMPLE.parent / name
    pdf = tmp_path / "edition.pdf"
    printed = subprocess.run([sys.executable, "-m", "layout.cli", "print", str(edition), "-o", str(pdf)],
                             capture_output=True, text=True)
    assert printed.returncode == 0, printed.stderr
    out = subprocess.run([sys.executable, str(SHARED / "tools" / "pdfcheck.py"), str(edition), str(pdf),
                          "--jumps", "theme-education:1>2"], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "lost 0, kinsoku 0, ragged 0, offgrid 0, jumps 0" in out.stdout


@pytest.mark.skipif(not (SHARED / "tools" / "pdfcheck.py").exists(), reason="shared pdfcheck not present")
def test_eight_page_benchmark_edition_is_clean(tmp_path):
    """The benchmark's 8 broadsheet pages (48 articles, ~42,000 characters), checked from outside."""
    import synthetic

    edition = synthetic.write(tmp_path / "bench.yaml")
    pdf = tmp_path / "bench.pdf"
    printed = subprocess.run([sys.executable, "-m", "layout.cli", "print", str(edition), "-o", str(pdf), "--strict"],
                             capture_output=True, text=True)
    assert printed.returncode == 0, printed.stderr
    out = subprocess.run([sys.executable, str(SHARED / "tools" / "pdfcheck.py"), str(edition), str(pdf)],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "lost 0, kinsoku 0, ragged 0, offgrid 0, jumps 0, pages 0" in out.stdout
