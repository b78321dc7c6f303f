"""The e-paper: the screen PDF (bookmarks, links, metadata, RGB, size); its HTML is tests/test_site.py.

The edition is made here (three pages, a lead continued from 第1版 to 第3版, a masthead
with a channel QR code), so the jump links exist whatever the sample edition holds.
"""

from __future__ import annotations

import re
from pathlib import Path

import pikepdf
import pytest
import yaml
from edition_maker import body_text, edition_yaml

DPI = 100


def make_edition(folder: Path) -> Path:
    """Three pages; `lead` jumps from page 1 to page 3; a boxed article; a channel QR code."""
    arts = [
        {"id": "lead", "headline": "区领导走访调研区内科技企业", "byline": "□ 记者 刘坤",
         "body": body_text(2600)},
        {"id": "side", "headline": "主题教育领导小组第一次会议举行", "byline": "□ 记者 王卫民",
         "body": body_text(600, offset=7)},
        # Text that must come out escaped in the HTML.
        {"id": "inside", "headline": "徐汇区举行<动员会> & “座谈”",
         "body": "开头一段<b>不是标签</b>，&amp; 也照原样。\n\n" + body_text(900, offset=3)},
    ]
    pages = [
        {"number": 1, "section": "要闻", "blocks": [
            {"masthead": {}, "columns": "1-8", "lines": "1-10"},
            {"article": "lead", "columns": "1-5", "lines": "12-40", "headline": {"lines": 4}},
            {"article": "side", "columns": "6-8", "lines": "12-60",
             "box": {"rule": "0.75pt", "tint": "cmyk(0, 0, 0, 8)"}}]},
        {"number": 2, "section": "综合", "blocks": [
            {"article": "inside", "columns": "1-4", "lines": "1-50"}]},
        {"number": 3, "section": "要闻", "blocks": [
            {"article": "lead", "columns": "5-8", "lines": "1-60"}]},
    ]
    doc = yaml.safe_load(edition_yaml(pages, arts))
    doc["edition"]["channels"] = [{"label": "徐汇通 APP", "url": "http://www.xuhuibao.com/#app"}]
    path = folder / "edition.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """The edition built once, its e-paper PDF written."""
    from layout.commands import build
    from layout.output.epaper import write_epaper

    folder = tmp_path_factory.mktemp("epaper")
    b = build(str(make_edition(folder)))
    pdf = folder / "out" / "edition-epaper.pdf"
    write_epaper(b, str(pdf))
    return b, pdf, folder


# -- the PDF -----------------------------------------------------------------------------


def _outline(pdf: pikepdf.Pdf) -> list[tuple[str, int, list[tuple[str, int, float]]]]:
    """(title, page index, [(child title, page index, top)]) for each top-level bookmark."""
    index = {p.objgen: i for i, p in enumerate(pdf.pages)}
    out = []
    with pdf.open_outline() as ol:
        for item in ol.root:
            kids = [(k.title, index[k.destination[0].objgen], float(k.destination[3])) for k in item.children]
            out.append((item.title, index[item.destination[0].objgen], kids))
    return out


def test_bookmarks_name_pages_and_articles(made):
    b, path, _ = made
    with pikepdf.open(path) as pdf:
        outline = _outline(pdf)
    assert [(t, i) for t, i, _ in outline] == [("第1版 要闻", 0), ("第2版 综合", 1), ("第3版 要闻", 2)]
    assert [t for t, _, _ in outline[0][2]] == ["区领导走访调研区内科技企业", "主题教育领导小组第一次会议举行"]
    assert [t for t, _, _ in outline[2][2]] == ["区领导走访调研区内科技企业"]
    # Each article bookmark points at its block's top on its own page.
    page = b.result.pages[0]
    lead = next(bl for bl in page.blocks if bl.article == "lead")
    _, pi, top = outline[0][2][0]
    assert pi == 0 and abs(top - (page.height - lead.y)) < 0.01


def _links(pdf: pikepdf.Pdf) -> list[tuple[int, str, object, tuple[float, ...]]]:
    """(page index, kind, target, rect) of every link annotation: URI or (page index, top)."""
    index = {p.objgen: i for i, p in enumerate(pdf.pages)}
    out = []
    for i, page in enumerate(pdf.pages):
        for a in page.get("/Annots", []):
            assert a.Subtype == "/Link"
            rect = tuple(float(v) for v in a.Rect)
            action = a.get("/A")
            if action is not None and action.S == "/URI":
                out.append((i, "uri", str(action.URI), rect))
                continue
            dest = a.get("/Dest") if action is None else action.D
            out.append((i, "goto", (index[dest[0].objgen], float(dest[3])), rect))
    return out


def test_uri_links_on_address_and_qr_codes(made):
    _, path, _ = made
    with pikepdf.open(path) as pdf:
        uris = [(i, t) for i, kind, t, _ in _links(pdf) if kind == "uri"]
    assert (0, "http://www.xuhuibao.com") in uris
    assert (0, "http://www.xuhuibao.com/#app") in uris


def test_jump_lines_go_to_the_continuation_and_back(made):
    b, path, _ = made
    with pikepdf.open(path) as pdf:
        gotos = [(i, t, r) for i, kind, t, r in _links(pdf) if kind == "goto"]
    assert sorted((i, t[0]) for i, t, _ in gotos) == [(0, 2), (2, 0)]
    for i, (page_to, top), rect in gotos:
        link = next(lk for lk in b.result.pages[i].links if lk.page is not None)
        h = b.result.pages[i].height
        # The hot area covers the jump line the layout drew...
        assert rect == pytest.approx((link.x, h - link.y - link.h, link.x + link.w, h - link.y), abs=0.01)
        jump = next(r for r in b.result.pages[i].runs if r.role == "jump")
        assert link.y <= jump.y <= link.y + link.h
        # ...and lands where the other part of the article starts.
        target = next(bl for bl in b.result.pages[page_to].blocks if bl.article == "lead")
        assert target.y - 1 <= h - top <= target.y + target.h


def test_metadata_labels_and_viewer(made):
    _, path, _ = made
    with pikepdf.open(path) as pdf:
        info = pdf.docinfo
        assert str(info.Title) == "徐汇报 2023年9月18日"
        assert str(info.Author) == "徐汇报"
        assert "第38期" in str(info.Subject)
        assert str(pdf.Root.Lang) == "zh-CN"
        assert pdf.Root.PageMode == "/UseOutlines"
        nums = pdf.Root.PageLabels.Nums
        assert [int(nums[k]) for k in range(0, len(nums), 2)] == [0, 1, 2]
        assert [str(nums[k].P) for k in range(1, len(nums), 2)] == ["第1版", "第2版", "第3版"]
        meta = pdf.open_metadata()
        assert meta["dc:title"] == "徐汇报 2023年9月18日"


def test_trim_size_rgb_subset_fonts_compressed(made):
    b, path, _ = made
    with pikepdf.open(path) as pdf:
        for page, res in zip(pdf.pages, b.result.pages, strict=True):
            box = [float(v) for v in page.MediaBox]
            assert box == pytest.approx([0, 0, res.width, res.height], abs=0.01)
            assert "/TrimBox" not in page and "/BleedBox" not in page   # no marks, nothing beyond the trim
            ops = {str(op) for _, op in pikepdf.parse_content_stream(page)}
            assert not ops & {"k", "K"}, "CMYK colour operators on the screen PDF"
            assert "rg" in ops
            cs = page.Resources.get("/ColorSpace", {})
            assert all("DeviceCMYK" not in repr(v) for v in cs.values())
            for stream in [page.Contents] if isinstance(page.Contents, pikepdf.Stream) else page.Contents:
                assert stream.get("/Filter") == "/FlateDecode"
        fonts = [f for f in pdf.objects if isinstance(f, pikepdf.Dictionary) and f.get("/Type") == "/FontDescriptor"]
        assert fonts
        for f in fonts:
            assert re.fullmatch(r"/[A-Z]{6}\+.+", str(f.FontName)), f.FontName
    assert b"DeviceCMYK" not in _inflated(path)


def _inflated(path: Path) -> bytes:
    """The PDF with every stream decoded, to look for names anywhere in it."""
    with pikepdf.open(path) as pdf:
        parts = []
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream):
                try:
                    parts.append(obj.read_bytes())
                except pikepdf.PdfError:
                    pass
            parts.append(repr(obj).encode())
        return b"\n".join(parts)


def test_smaller_than_the_print_pdf(made, tmp_path):
    b, path, _ = made
    try:
        from layout.output.printpdf import write_print_pdf

        write_print_pdf(b, str(tmp_path / "print.pdf"))
        print_size = (tmp_path / "print.pdf").stat().st_size
    except (ImportError, NotImplementedError):
        # The print output is another stage; compare with what it paints at the least.
        from layout.paint.painter import PaintOptions, paint

        print_size = len(paint(b.result, b.book, PaintOptions(colour="cmyk", bleed=True)))
    assert path.stat().st_size < print_size


def test_cli_writes_both(tmp_path):
    from conftest import run_cli

    ed = make_edition(tmp_path)
    r = run_cli("epaper", str(ed), "-o", str(tmp_path / "e.pdf"), "--html", str(tmp_path / "web"))
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "e.pdf").read_bytes()[:5] == b"%PDF-"
    # --html is the site of this one edition (tests/test_site.py checks it).
    assert (tmp_path / "web" / "index.html").is_file() and (tmp_path / "web" / "2023-09-18" / "index.html").is_file()
