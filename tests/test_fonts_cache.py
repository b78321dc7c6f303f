"""The font cache: reused (measured), atomic, self-repairing; an edition's own font file.

Tests that need a cold cache use a private cache dir.

The cold-cache tests use LXGW WenKai alone (prepared in about a second); the
default faces' cold preparation is measured by bench/bench_fonts.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest
from reportlab.pdfgen.canvas import Canvas

from layout.fonts import cache
from layout.fonts.book import FontBook
from layout.fonts.catalogue import load_catalogue
from layout.paint import fontembed

ROOT = Path(__file__).resolve().parents[1]
TEXT = "楷体测试：堃𠮷，好。"


def kai_book() -> FontBook:
    cat = load_catalogue()
    b = FontBook({"kai": (cat.faces["LXGW WenKai Regular"], ())}, cat, progress=False)
    b.ensure(TEXT)
    return b


def render(book: FontBook, path: Path) -> str:
    c = Canvas(str(path), invariant=1, initialFontName=fontembed.initial_font_name())
    fonts = fontembed.PdfFonts(c, book)
    face = book.stack("kai").primary
    hexes = fonts.encode(face.key, [face.gids[ch] for ch in TEXT], TEXT)
    c.addLiteral(f"BT {fonts.name_for(face.key)} 12 Tf 50 700 Td {hexes} Tj ET")
    c.showPage()
    c.save()
    with pdfplumber.open(path) as doc:
        return doc.pages[0].extract_text()


WARM = """
import json, sys, time
t = time.perf_counter()
from layout.fonts.book import FontBook
from layout.fonts.catalogue import load_catalogue
cat = load_catalogue()
roles = {ROLES}
b = FontBook({r: (cat.faces[f], ()) for r, f in roles.items()}, cat, progress=False)
b.ensure({TEXT!r})
print(json.dumps({"prepared": b.prepared_count, "fontTools": "fontTools" in sys.modules,
                  "seconds": time.perf_counter() - t}))
"""


def run_warm(roles: dict[str, str], env_cache: Path | None = None) -> dict:
    env = dict(os.environ)
    if env_cache is not None:
        env[cache.ENV_VAR] = str(env_cache)
    code = WARM.replace("{ROLES}", repr(roles)).replace("{TEXT!r}", repr(TEXT))
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out.splitlines()[-1])


def test_cold_then_warm_does_no_preparation(tmp_cache):
    b = kai_book()
    assert b.prepared_count == 2          # the base set, then the rare characters
    warm = run_warm({"kai": "LXGW WenKai Regular"}, tmp_cache)
    assert warm["prepared"] == 0
    assert warm["fontTools"] is False     # a warm build never even imports fontTools


def test_default_faces_warm_load_needs_no_fonttools():
    """With the shared cache (warmed by test_fonts.py or any build): no preparation."""
    FontBook.default(progress=False).ensure(TEXT)
    warm = run_warm({"song": "Noto Serif CJK SC Regular", "biaosong": "Noto Serif CJK SC Bold",
                     "hei": "Noto Sans CJK SC Bold", "kai": "LXGW WenKai Regular"})
    assert warm == {**warm, "prepared": 0, "fontTools": False}


def test_damaged_metrics_are_rebuilt(tmp_cache):
    kai_book()
    entries = sorted(tmp_cache.glob("*.bin"), key=lambda p: p.stat().st_size)
    big = [p for p in entries if not p.name.startswith("src-")][-1]   # the base set's metrics
    raw = bytearray(big.read_bytes())
    raw[-10] ^= 0xFF
    big.write_bytes(bytes(raw))
    b = kai_book()
    assert b.prepared_count == 1
    assert render(b, tmp_cache / "out.pdf") == TEXT


def test_damaged_font_file_is_rebuilt_when_embedding(tmp_cache):
    b = kai_book()
    face = b.stack("kai").primary
    font = Path(face.parts[0])
    raw = bytearray(font.read_bytes())
    raw[len(raw) // 2] ^= 0xFF            # same size: only the content hash can tell
    font.write_bytes(bytes(raw))
    b2 = kai_book()
    assert b2.prepared_count == 0         # loading trusts the size; embedding checks the hash
    assert render(b2, tmp_cache / "out.pdf") == TEXT
    assert cache.sha256_file(font)[:16] == font.stem.rsplit("-", 1)[1]


def test_killed_preparation_leaves_no_entry(tmp_cache, monkeypatch):
    def killed(path, data):
        raise KeyboardInterrupt   # dies after the font file, before the metrics are written

    with monkeypatch.context() as m:
        m.setattr(cache, "write_checked", killed)
        with pytest.raises(KeyboardInterrupt):
            kai_book()
    assert not [p for p in tmp_cache.glob("*.bin") if not p.name.startswith("src-")]
    assert not list(tmp_cache.glob(".*.tmp")) and not list(tmp_cache.glob(".*.part"))
    b = kai_book()
    assert b.prepared_count == 2
    assert render(b, tmp_cache / "out.pdf") == TEXT


def test_two_builds_preparing_at_once(tmp_cache):
    code = WARM.replace("{ROLES}", repr({"kai": "LXGW WenKai Regular"})).replace("{TEXT!r}", repr(TEXT))
    env = {**os.environ, cache.ENV_VAR: str(tmp_cache)}
    procs = [subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [json.loads(p.communicate()[0].splitlines()[-1]) for p in procs]
    assert all(p.returncode == 0 for p in procs)
    # each part is prepared once: the second build waits for the first's lock, then reuses it
    assert sum(r["prepared"] for r in results) == 2
    b = kai_book()
    assert b.prepared_count == 0
    assert render(b, tmp_cache / "out.pdf") == TEXT


def _make_font(path: Path, cff: bool) -> None:
    """A two-glyph font ('A' and 中) built with fontTools, as an edition's own font file."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.t2CharStringPen import T2CharStringPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    names = [".notdef", "A", "uni4E2D"]
    fb = FontBuilder(1000, isTTF=not cff)
    fb.setupGlyphOrder(names)
    fb.setupCharacterMap({0x41: "A", 0x4E2D: "uni4E2D"})
    if cff:
        pens = {}
        for n in names:
            pen = T2CharStringPen(600, None)
            pen.moveTo((50, 0)), pen.lineTo((50, 700)), pen.lineTo((550, 700)), pen.closePath()
            pens[n] = pen.getCharString()
        fb.setupCFF("TestCFF-Regular", {"FullName": "Test CFF"}, pens, {})
    else:
        pen = TTGlyphPen(None)
        pen.moveTo((50, 0)), pen.lineTo((50, 700)), pen.lineTo((550, 700)), pen.closePath()
        fb.setupGlyf({n: pen.glyph() for n in names})
    fb.setupHorizontalMetrics({n: (600, 50) for n in names})
    fb.setupHorizontalHeader(ascent=880, descent=-120)
    fb.setupNameTable({"familyName": "Test Face", "styleName": "Regular"})
    fb.setupOS2(sTypoAscender=880, sTypoDescender=-120)
    fb.setupPost()
    fb.updateHead(created=0, modified=0)
    fb.font.recalcTimestamp = False      # the same bytes every run: one shared cache entry
    fb.save(str(path))


def _edition(tmp_path: Path, fonts: dict[str, str]):
    import datetime

    from layout.model.edition import Edition, EditionInfo, Loc, Margins, PageSetup
    from layout.model.styles import default_styles
    return Edition(
        format=1, edition=EditionInfo(paper="测试报", date=datetime.date(2023, 9, 18), issue=1, serial=1,
                                      permit="", url=""),
        page=PageSetup(width=800, height=1100, size_name="custom", bleed=9, margins=Margins(20, 20, 20, 20)),
        fonts=fonts, styles=default_styles(9.0), articles=[], pages=[], source=str(tmp_path / "e.yaml"),
        base_dir=str(tmp_path), font_locs={r: Loc("e.yaml", 8, 7) for r in fonts})


def test_an_editions_own_truetype_file(tmp_path):
    _make_font(tmp_path / "own.ttf", cff=False)
    book = FontBook.for_edition(_edition(tmp_path, {"kai": "own.ttf"}), progress=False)
    stack = book.stack("kai")
    assert stack.primary.key == "file-own"
    assert stack.face_of("中") is stack.primary and stack.advance("中") == pytest.approx(0.6)
    assert stack.face_of("字") is not stack.primary     # the fallback chain has it
    c = Canvas(str(tmp_path / "own.pdf"), invariant=1, initialFontName=fontembed.initial_font_name())
    fonts = fontembed.PdfFonts(c, book)
    face = stack.primary
    c.addLiteral(f"BT {fonts.name_for(face.key)} 12 Tf 50 700 Td "
                 f"{fonts.encode(face.key, [face.gids['A'], face.gids['中']], 'A中')} Tj ET")
    c.showPage()
    c.save()
    with pdfplumber.open(tmp_path / "own.pdf") as doc:
        assert doc.pages[0].extract_text() == "A中"


def test_a_name_keyed_cff_file_is_an_input_error(tmp_path):
    from layout.errors import EditionError
    _make_font(tmp_path / "own.otf", cff=True)
    with pytest.raises(EditionError) as err:
        FontBook.for_edition(_edition(tmp_path, {"hei": "own.otf"}), progress=False)
    assert str(err.value).startswith("e.yaml:8:7: font file ")
    assert "name-keyed, not CID-keyed" in str(err.value)


def test_a_font_files_hash_is_remembered_and_a_gone_files_forgotten(tmp_cache, tmp_path, monkeypatch):
    """source_hash reads a font file once (26 MB for the body face); the memo file is
    plain marshal (no JSON at every start), a damaged one is only a re-read, and a file
    that is gone drops out of it when it is next written."""
    monkeypatch.setattr(cache, "_memo", None)
    a, b = tmp_path / "a.otf", tmp_path / "b.otf"
    a.write_bytes(b"font a")
    b.write_bytes(b"font b")
    reads: list[str] = []
    real = cache.sha256_file
    monkeypatch.setattr(cache, "sha256_file", lambda p: reads.append(str(p)) or real(p))
    want = real(a)
    assert cache.source_hash(str(a)) == want and reads == [str(a)]
    monkeypatch.setattr(cache, "_memo", None)                   # a new process
    assert cache.source_hash(str(a)) == want and reads == [str(a)]
    memo = cache.cache_dir() / cache.SOURCES_FILE
    memo.write_bytes(memo.read_bytes()[:-1] + b"x")             # damaged: read again, written again
    monkeypatch.setattr(cache, "_memo", None)
    assert cache.source_hash(str(a)) == want and reads == [str(a)] * 2
    a.unlink()
    monkeypatch.setattr(cache, "_memo", None)
    cache.source_hash(str(b))
    assert list(cache._read_sources(memo)) == [f"{b}|{b.stat().st_size}|{b.stat().st_mtime_ns}"]
