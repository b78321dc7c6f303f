"""The font book's tables (fonts/store.py: one file for an edition's faces): a warm book
reads them instead of every prepared entry, holds exactly what the entries give, and
drops them when an entry changes or the file is damaged; the embedder still gets the
entry's glyph lists."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_fonts_cache import TEXT, kai_book, render

from layout.fonts import store


def tables(book) -> dict:
    return {k: (f.gids, f.advances, f.parts[:1]) for k, f in book.faces.items()}


def test_warm_book_reads_the_tables_not_the_entries(tmp_cache, monkeypatch):
    cold = kai_book()                              # prepares, then writes the tables
    assert list((tmp_cache / "tables").iterdir())
    read: list[str] = []
    real = store.load_entry
    monkeypatch.setattr(store, "load_entry", lambda key, *a: read.append(key) or real(key, *a))
    warm = kai_book()
    assert warm.prepared_count == 0
    assert tables(warm) == tables(cold)
    assert len(read) == 1                          # only the rare characters' part, not the base set
    assert render(warm, tmp_cache / "out.pdf") == TEXT     # the embedder reads the base entry then


def test_damaged_tables_or_a_changed_entry_are_not_used(tmp_cache):
    cold = kai_book()
    (tab,) = (tmp_cache / "tables").iterdir()
    raw = bytearray(tab.read_bytes())
    raw[-10] ^= 0xFF
    tab.write_bytes(bytes(raw))
    again = kai_book()
    assert again.prepared_count == 0 and tables(again) == tables(cold)
    base = Path(cold.stack("kai").primary.parts[0])
    entry = tmp_cache / f"{base.name.split('-', 1)[0]}.bin"
    entry.write_bytes(entry.read_bytes())          # rewritten: its time changes
    assert tables(kai_book()) == tables(cold)
    entry.write_bytes(b"damaged")
    rebuilt = kai_book()
    assert rebuilt.prepared_count == 1             # the damaged entry is noticed, as without tables
    assert render(rebuilt, tmp_cache / "out.pdf") == TEXT


def test_cache_keys_are_sha256_as_before():
    """The keys are hashlib's SHA-256 whichever module computes them (an existing cache stays valid)."""
    import hashlib

    from layout.fonts.digest import SMALL, sha256_hex

    for data in (b"", "楷体".encode(), bytes(range(256)) * 300, b"x" * SMALL, b"x" * (SMALL + 1)):
        assert sha256_hex(data) == hashlib.sha256(data).hexdigest()


def _sample_book(chars=None):
    from conftest import SAMPLE

    from layout.fonts.book import FontBook
    from layout.model.loader import load_edition

    return FontBook.for_edition(load_edition(str(SAMPLE)), chars=chars)


def test_tables_cut_to_the_editions_characters_measure_as_the_whole():
    """A book told the edition's characters reads its faces' tables cut to them (from a
    file made the first time): the sample lays out, glyph for glyph, as with the whole
    tables, and a character outside the cut (asked for later, as a typed edit in `serve`
    would) gets the face, glyph code and advance the whole tables give it."""
    from conftest import SAMPLE

    from layout.commands import build
    from layout.flow.engine import lay_out
    from layout.flow.texts import text_by_role
    from layout.model.loader import load_edition

    edition = load_edition(str(SAMPLE))
    chars = set().union(*text_by_role(edition).values())
    _sample_book(chars)                                 # the cut file is made here if it was not
    cut = _sample_book(chars)
    whole = _sample_book()
    assert cut._cut is not None and whole._cut is None
    assert all(len(f.gids) < 2000 for f in cut.faces.values())
    for book in (cut, whole):
        for role, text in text_by_role(edition).items():
            book.ensure(text, roles=[role])
    runs = [[(r.font, r.gids, r.dx) for r in p.runs] for p in lay_out(edition, cut).pages]
    assert runs == [[(r.font, r.gids, r.dx) for r in p.runs] for p in lay_out(edition, whole).pages]
    assert runs == [[(r.font, r.gids, r.dx) for r in p.runs] for p in build(str(SAMPLE)).result.pages]
    other = next(ch for ch in "鑫龘韬瀚邃" if ch not in chars)
    face = cut.stack("song").face_of(other)
    assert face is not None and cut._cut is None        # the tables were filled in
    same = whole.stack("song").face_of(other)
    assert same is not None and face.key == same.key
    assert face.gids[other] == same.gids[other] and face.advances[other] == same.advances[other]
    assert {k: f.gids for k, f in cut.faces.items()} == {k: f.gids for k, f in whole.faces.items()}


def test_cut_tables_are_not_used_when_an_entry_changed(tmp_cache, monkeypatch):
    """Cut tables name the entries they were cut from, as the whole tables do: an entry
    written again makes the book read the entries; and only the most recent cuts are kept."""
    from test_fonts_cache import TEXT

    from layout.fonts.book import FontBook
    from layout.fonts.catalogue import load_catalogue

    cat = load_catalogue()
    roles = {"kai": (cat.faces["LXGW WenKai Regular"], ())}
    whole = FontBook(roles, cat, progress=False)             # prepares the face (cold cache)
    FontBook(roles, cat, progress=False, chars=set(TEXT))    # reads the whole tables, cuts them
    cut = FontBook(roles, cat, progress=False, chars=set(TEXT))
    assert cut._cut == frozenset(TEXT)
    assert all(cut.faces[k].gids == {c: g for c, g in f.gids.items() if c in TEXT} for k, f in whole.faces.items())
    entry = next(p for p in tmp_cache.iterdir() if p.suffix == ".bin" and p.name != "sources.bin"
                 and p.name.split(".")[0] in Path(whole.stack("kai").primary.parts[0]).name)
    entry.write_bytes(entry.read_bytes())                    # written again: its time changes
    again = FontBook(roles, cat, progress=False, chars=set(TEXT))
    assert again._cut is None and again.faces.keys() == whole.faces.keys()
    assert all(again.faces[k].gids == f.gids for k, f in whole.faces.items())
    monkeypatch.setattr(store, "KEPT_CUTS", 2)
    for text in ("报纸", "排版", "印刷"):
        FontBook(roles, cat, progress=False, chars=set(text))
    assert len(list((tmp_cache / "tables").glob(f"{store.CUT}*.bin"))) == 2


@pytest.mark.parametrize("name", ["2023-09-18.yaml", "2023-09-25.yaml", "2023-09-18-tabloid.yaml", "inner-page.yaml"])
def test_the_layout_draws_no_character_text_by_role_did_not_name(name):
    """flow.texts.text_by_role names every character the layout will ask of the fonts
    (the composer's hyphen included): a build of each sample edition, a made-up one too,
    keeps its cut tables to the end instead of filling them in."""
    from conftest import ROOT

    from layout.commands import build

    path = str(ROOT / "editions" / name)
    build(path)                                         # the cut file is made if it was not
    b = build(path)
    assert b.book._cut is not None
