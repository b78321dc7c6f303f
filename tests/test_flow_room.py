"""Blocks with too little room: reported, never a crash."""

from __future__ import annotations

from conftest import SAMPLE, run_cli
from edition_maker import body_text, edition_yaml

from layout.commands import build


def test_lead_block_taken_by_its_headline_while_the_article_goes_on_is_reported(tmp_path):
    """The sample's lead at `lines: 12-19, headline: {lines: 8}`: the headline takes every
    line, the text continues on page 2; no jump line and no byline fit (issue 15)."""
    text = SAMPLE.read_text(encoding="utf-8")
    assert text.count("lines: 12-31") == 1
    edition = tmp_path / "tight.yaml"
    edition.write_text(text.replace("lines: 12-31", "lines: 12-19"), encoding="utf-8")
    r = run_cli("check", str(edition), "--strict")
    assert r.returncode == 1, r.stderr
    assert "Traceback" not in r.stderr
    lines = r.stdout.splitlines()
    assert "headline: theme-education leaves no room for its byline (page 1 block 2)" in lines
    assert "headline: theme-education leaves no room for its jump line (page 1 block 2)" in lines
    out = tmp_path / "tight.pdf"
    r = run_cli("print", str(edition), "-o", str(out))
    assert r.returncode == 0 and out.stat().st_size > 0, r.stderr


def test_one_free_line_holds_the_byline_and_the_jump_line_is_not_drawn_over_it(write_edition):
    """A single line under the headline: the byline is set there and the jump line, which would
    have been drawn over it, is reported instead."""
    pages = [{"blocks": [{"article": "a", "columns": "1", "lines": "1-9", "headline": {"lines": 8}}]},
             {"blocks": [{"article": "a", "columns": "1-4", "lines": "1-60"}]}]
    arts = [{"id": "a", "headline": "标题", "byline": "记者 王卫民", "body": body_text(800)}]
    b = build(str(write_edition(edition_yaml(pages, arts))))
    runs = b.result.pages[0].runs
    line9 = [r for r in runs if r.line == 9]
    assert [r.role for r in line9] == ["byline"]
    assert "headline: a leaves no room for its jump line (page 1 block 1)" in [p.message for p in b.result.problems]
