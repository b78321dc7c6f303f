"""`layout preview --page N` reads, splits and proofs only the copy page N shows (and the
copy of `auto` blocks, whose length shapes the geometry, and every listed article when a
page is made up automatically): the page comes out as in the whole edition, and a problem
in another page's copy is left to the commands that read all of it (`check`, `print`)."""

from __future__ import annotations

import pytest
from conftest import ROOT, SAMPLE, run_cli
from edition_maker import body_text, edition_yaml
from PIL import Image

from layout.commands import build


def _runs(page):
    return [(r.role, r.text, r.x, r.y, r.dx) for r in page.runs]


def _two_pages(write_edition, second: dict, second_block: dict | None = None):
    pages = [
        {"section": "要闻", "blocks": [{"article": "front", "columns": "1-8", "lines": "1-40"}]},
        {"section": "综合", "blocks": [{"article": "inside", "columns": "1-8", "lines": "1-40", **(second_block or {})}]},
    ]
    arts = [
        {"id": "front", "headline": "区委学习贯彻主题教育", "body": body_text(900) + "\n\n《未闭合的书名号一段"},
        {"id": "inside", "headline": "第二版文章", **second},
    ]
    return write_edition(edition_yaml(pages, arts))


def test_a_missing_copy_file_on_another_page_does_not_stop_the_preview(write_edition, tmp_path):
    path = _two_pages(write_edition, {"file": "copy/missing.txt"})
    out = tmp_path / "p1.png"
    r = run_cli("preview", str(path), "-o", str(out), "--page", "1", "--dpi", "30")
    assert r.returncode == 0, r.stderr
    with Image.open(out) as im:
        assert im.size == (round(390 / 25.4 * 30), round(545 / 25.4 * 30))
    # the page-1 copy's proofing warning is still given, located
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "未闭合" in text)
    assert f"{path}:{line}:" in r.stderr and "《" in r.stderr
    # the commands that read all the copy report the missing file where it is written
    check = run_cli("check", str(path))
    assert check.returncode == 2 and "Traceback" not in check.stderr
    assert "missing.txt" in check.stderr and check.stderr.startswith(f"{path}:")
    # previewing page 2 reads its copy: the same located error
    two = run_cli("preview", str(path), "-o", str(out), "--page", "2")
    assert two.returncode == 2 and two.stderr == check.stderr


def test_proofing_warnings_of_other_pages_copy_are_left_to_check(write_edition, tmp_path):
    path = _two_pages(write_edition, {"body": body_text(600, 7) + "\n\n《第二版未闭合的一段"})
    lines = path.read_text(encoding="utf-8").splitlines()
    first, second = (next(n for n, text in enumerate(lines, 1) if mark in text) for mark in ("未闭合的书名号", "第二版未闭合"))
    one = run_cli("preview", str(path), "-o", str(tmp_path / "p1.png"), "--page", "1", "--dpi", "30")
    every = run_cli("check", str(path))
    assert one.returncode == every.returncode == 0
    assert f"{path}:{first}:" in one.stderr and f"{path}:{second}:" not in one.stderr
    assert f"{path}:{first}:" in every.stdout and f"{path}:{second}:" in every.stdout


@pytest.mark.parametrize("number", [1, 2])
def test_each_page_alone_is_that_page_of_the_whole_sample(number):
    """The sample's page 1 jumps to page 2 (theme-education): both come out as in the whole."""
    whole = build(str(SAMPLE))
    alone = build(str(SAMPLE), only_pages={number})
    page = next(p for p in alone.result.pages if p.number == number)
    assert _runs(page) == _runs(whole.result.pages[number - 1])
    assert page.rules == whole.result.pages[number - 1].rules
    shown = {b.article for b in alone.edition.pages[number - 1].blocks if b.article}
    assert all(a.paragraphs == whole.edition.article(a.id).paragraphs for a in alone.edition.articles
               if a.id in shown)
    if number == 2:         # page 1 shows every article; page 2 only the continued one
        assert [a.id for a in alone.edition.articles if a.paragraphs] == ["theme-education"]


def test_an_auto_block_on_another_page_still_reads_its_copy(write_edition):
    """An `auto` block's length shapes its page's geometry, which the layout checks on
    every page: its copy is read for a preview of any page, and its problems stop it."""
    path = _two_pages(write_edition, {"file": "copy/missing.txt"}, {"lines": "1-auto"})
    r = run_cli("preview", str(path), "-o", str(path.parent / "p1.png"), "--page", "1", "--dpi", "30")
    assert r.returncode == 2 and "missing.txt" in r.stderr and "Traceback" not in r.stderr
    ok = _two_pages(write_edition, {"body": body_text(700, 3)}, {"lines": "1-auto"})
    assert _runs(build(str(ok), only_pages={1}).result.pages[0]) == _runs(build(str(ok)).result.pages[0])


def test_a_made_up_edition_reads_every_listed_article():
    """Pages listing `articles:` are planned by weighing each article: all copy is read."""
    path = ROOT / "editions" / "inner-page.yaml"
    whole = build(str(path))
    alone = build(str(path), only_pages={1})
    assert _runs(alone.result.pages[0]) == _runs(whole.result.pages[0])
    assert all(a.paragraphs for a in alone.edition.articles)


def test_another_pages_copy_file_is_still_guarded(write_edition):
    """A copy file the preview does not read is still the edition's: `-o` naming it is
    refused (exit 3, one line) and the copy is left as it was."""
    path = _two_pages(write_edition, {"file": "copy/inside.txt"})
    copy = path.parent / "copy" / "inside.txt"
    copy.parent.mkdir()
    copy.write_text(body_text(500, 9), encoding="utf-8")
    before = copy.read_bytes()
    r = run_cli("preview", str(path), "-o", str(copy), "--page", "1", "--dpi", "30")
    assert r.returncode == 3 and "input of this build" in r.stderr and "Traceback" not in r.stderr
    assert copy.read_bytes() == before
