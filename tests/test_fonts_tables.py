"""The font book's tables (fonts/store.py: one file for an edition's faces): a warm book
reads them instead of every prepared entry, holds exactly what the entries give, and
drops them when an entry changes or the file is damaged; the embedder still gets the
entry's glyph lists."""

from __future__ import annotations

from pathlib import Path

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
