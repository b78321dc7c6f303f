"""Headlines broken only between words, at typed breaks, and at the block's `headline.size`."""

from __future__ import annotations

from collections import defaultdict

import pytest
from conftest import run_cli
from edition_maker import body_text, edition_yaml

from layout.commands import build
from layout.compose.words import word_breaks


def _headline_lines(write_edition, headline: str, columns: str, **opts) -> list[tuple[float, str, float]]:
    """(baseline y, text, size) of each drawn headline line."""
    block = {"article": "a", "columns": columns, "lines": "1-40", "headline": {"lines": 8, **opts}}
    b = build(str(write_edition(edition_yaml([{"blocks": [block]}],
                                             [{"id": "a", "headline": headline, "body": body_text(300)}]))))
    rows: dict[float, list] = defaultdict(list)
    for r in b.result.pages[0].runs:
        if r.role == "headline":
            rows[round(r.y, 2)].append(r)
    return [(y, "".join(r.text for r in sorted(rs, key=lambda r: r.x + r.dx[0])), rs[0].size)
            for y, rs in sorted(rows.items())]


def test_word_breaks_keep_words_and_numbers_whole() -> None:
    text = "她把课堂搬进了智能回收箱"
    ks = word_breaks(text)
    assert 3 not in ks and 4 in ks                     # 她把课/堂 never; 她把课堂/搬 may
    assert 8 not in ks                                  # 智/能 never
    ks = word_breaks("10月起200项事项一网通办")
    assert 2 not in ks and 6 not in ks                  # 10/月, 200/项 never
    assert all(k not in ks for k in range(12, 15))      # 一网通办 (the paper's dictionary)


def test_a_headline_breaks_between_words(write_edition) -> None:
    headline = "她把课堂搬进了智能回收箱"
    lines = _headline_lines(write_edition, headline, "1-2", size="30pt")
    texts = [t for _, t, _ in lines]
    assert "".join(texts) == headline and len(texts) >= 2
    k = 0
    for t in texts[:-1]:
        k += len(t)
        assert k in word_breaks(headline), texts        # every break falls between two words


def test_a_typed_break_wins(write_edition) -> None:
    lines = _headline_lines(write_edition, "上海徐汇：\n主题教育动员会举行", "1-8")
    assert [t for _, t, _ in lines] == ["上海徐汇：", "主题教育动员会举行"]


def test_headline_size_is_the_size_drawn(write_edition) -> None:
    lines = _headline_lines(write_edition, "主题教育动员会举行", "1-8", size="36pt")
    assert all(s == pytest.approx(36.0) for _, _, s in lines) and lines


def test_a_headline_size_too_large_is_reported_not_shrunk(write_edition) -> None:
    block = {"article": "a", "columns": "1-2", "lines": "1-40", "headline": {"lines": 3, "size": "60pt"}}
    path = write_edition(edition_yaml([{"blocks": [block]}],
                                      [{"id": "a", "headline": "主题教育动员会举行", "body": body_text(300)}]))
    b = build(str(path))
    sizes = [r.size for r in b.result.pages[0].runs if r.role == "headline"]
    assert sizes and all(s == pytest.approx(60.0) for s in sizes)
    out = run_cli("check", str(path))
    assert "headline: a needs" in out.stdout
