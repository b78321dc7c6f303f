"""Automatic make-up (自动组版): pages planned from a list of stories, judged on the output."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import SHARED, run_cli
from plan_editions import page_edition


def planned_edition(tmp_path: Path, sizes: list[int], *, photos: tuple[int, ...] = (),
                    fixed: list[dict] | None = None) -> Path:
    """An inner page listing stories of the given lengths (most important first), with the
    editor's own `fixed` blocks before them."""
    path = page_edition(tmp_path, sizes, photos=photos)
    if fixed:
        ed = yaml.safe_load(path.read_text(encoding="utf-8"))
        ed["pages"][0] = {"section": "综合", "blocks": fixed, "articles": ed["pages"][0]["articles"]}
        path.write_text(yaml.safe_dump(ed, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _plan(path: Path) -> tuple[Path, dict]:
    out = path.with_name("planned.yaml")
    r = run_cli("plan", str(path), "-o", str(out))
    assert r.returncode == 0, r.stderr
    return out, yaml.safe_load(out.read_text(encoding="utf-8"))


def _fill(path: Path, fixed: int = 0) -> tuple[float, dict]:
    """Share of the free area covered, from `layout check --json` of the planned file: holes
    (less the page's separation lines between two blocks) and empty lines at the foot of the
    planned blocks (the first `fixed` blocks are the editor's)."""
    r = run_cli("check", str(path), "--json")
    assert r.returncode == 0, r.stderr
    import json

    doc = json.loads(r.stdout)
    lines = doc["grid"]["lines"]

    def span(s: str) -> tuple[int, int]:
        a, _, b = str(s).partition("-")
        return int(a), int(b or a)

    fixed_cells = 0
    for b in doc["blocks"]:
        if b["block"] <= fixed:
            c0, c1 = span(b["columns"])
            l0, l1 = span(b["lines"])
            fixed_cells += (c1 - c0 + 1) * (min(lines, l1 + 1) - l0 + 1)    # with its separation line
    free = doc["grid"]["columns"] * lines - fixed_cells
    empty = 0
    for h in doc["holes"]:
        c0, c1 = span(h["columns"])
        l0, l1 = span(h["lines"])
        if l1 - l0 + 1 <= 1 and 1 < l0 and l1 < lines:      # the one-line separation between two blocks
            continue
        empty += (c1 - c0 + 1) * (l1 - l0 + 1)
    empty += sum(sum(b["empty_lines"]) for b in doc["blocks"] if b["kind"] == "article" and b["block"] > fixed)
    return 1 - empty / free, doc


def _headline_sizes(path: Path) -> dict[str, float]:
    from layout.commands import build

    b = build(str(path))
    sizes: dict[str, float] = {}
    for page in b.result.pages:
        for r in page.runs:
            if r.role == "headline" and r.article:
                sizes[r.article] = max(sizes.get(r.article, 0.0), r.size)
    return sizes


def _rects(doc: dict) -> dict[str, tuple[int, int, int, int]]:
    out = {}
    for b in doc["pages"][0]["blocks"]:
        c = [int(x) for x in str(b["columns"]).split("-")] * 2
        ln = [int(x) for x in str(b["lines"]).split("-")] * 2
        out[b.get("article") or "fixed"] = (c[0], c[1] if len(c) > 2 else c[0], ln[0], ln[1] if len(ln) > 2 else ln[0])
    return out


CASES = {
    "four": ([2500, 1300, 950, 500], ()),
    "four-with-photos": ([1988, 901, 714, 200], (1, 2)),
    "eight-with-photo": ([1086, 800, 738, 471, 433, 419, 382, 200], (0,)),
    "six": ([1800, 1200, 900, 700, 500, 300], ()),
    "eight": ([1500, 1100, 800, 600, 500, 400, 300, 200], ()),
    "ten": ([1100, 900, 700, 600, 500, 400, 350, 300, 250, 200], ()),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_planned_page_is_full_ordered_and_clean(case, tmp_path):
    sizes, photos = CASES[case]
    src = planned_edition(tmp_path, sizes, photos=photos)
    planned, doc = _plan(src)
    ids = [f"story-{i + 1}" for i in range(len(sizes))]
    blocks = doc["pages"][0]["blocks"]
    assert "articles" not in doc["pages"][0]
    assert [b["article"] for b in blocks] == ids            # every story placed, in order
    fill, report = _fill(planned)
    assert not [w for w in report["warnings"] if w.startswith(("overset", "headline", "photo", "plan"))]
    assert fill >= 0.98, f"{case}: {fill:.3f} of the free area filled"
    rects = _rects(doc)
    # no two blocks share a grid cell
    cells: set[tuple[int, int]] = set()
    for c0, c1, l0, l1 in rects.values():
        mine = {(c, ln) for c in range(c0, c1 + 1) for ln in range(l0, l1 + 1)}
        assert not cells & mine
        cells |= mine
    # the first story is at the top of the free area; headline sizes never grow down the list
    assert rects[ids[0]][2] == min(r[2] for r in rects.values())
    sizes_drawn = _headline_sizes(planned)
    drawn = [sizes_drawn[i] for i in ids]
    assert drawn == sorted(drawn, reverse=True), drawn
    assert drawn[0] > drawn[-1]


def test_planned_file_prints_the_same_bytes_and_passes_pdfcheck(tmp_path):
    src = planned_edition(tmp_path, [1800, 1200, 900, 700, 500, 300], photos=(1,))
    planned, _ = _plan(src)
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    assert run_cli("print", str(src), "-o", str(a)).returncode == 0
    assert run_cli("print", str(planned), "-o", str(b)).returncode == 0
    assert a.read_bytes() == b.read_bytes()
    if (SHARED / "tools" / "pdfcheck.py").exists():
        out = subprocess.run([sys.executable, str(SHARED / "tools" / "pdfcheck.py"), str(planned), str(b)],
                             capture_output=True, text=True)
        assert out.returncode == 0, out.stdout + out.stderr
        assert "lost 0, kinsoku 0, ragged 0, offgrid 0" in out.stdout


def test_planned_photo_heights_are_written_into_the_photos(tmp_path):
    """The planner sizes a photo to fill its block; the planned file says so on the photo."""
    src = planned_edition(tmp_path, [1988, 901, 714, 200], photos=(1, 2))
    planned, doc = _plan(src)
    heights = {a["id"]: a["images"][0].get("height") for a in doc["articles"] if a.get("images")}
    assert all(isinstance(h, int) and h >= 4 for h in heights.values()), heights
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    assert run_cli("print", str(src), "-o", str(a)).returncode == 0
    assert run_cli("print", str(planned), "-o", str(b)).returncode == 0
    assert a.read_bytes() == b.read_bytes()


def test_plan_keeps_the_editors_file_but_the_articles_entry(tmp_path):
    src = planned_edition(tmp_path, [900, 600, 400, 300])
    text = src.read_text(encoding="utf-8").replace("pages:\n", "# 第2版 综合 — 自动组版\npages:\n")
    src.write_text(text, encoding="utf-8")
    planned, _ = _plan(src)
    new = planned.read_text(encoding="utf-8")
    assert "# 第2版 综合 — 自动组版" in new
    before, _, _ = text.partition("  articles:")
    assert new.startswith(before)                       # everything above the entry is as written
    assert new.count("- {article: story-") == 4


def test_fixed_blocks_stay_and_stories_fill_the_rest(tmp_path):
    fixed = [{"article": "story-1", "columns": "1-6", "lines": "1-30"}]
    src = planned_edition(tmp_path, [1800, 1400, 1100, 800, 600])
    ed = yaml.safe_load(src.read_text(encoding="utf-8"))
    ed["pages"][0] = {"section": "综合", "blocks": fixed, "articles": [f"story-{i}" for i in range(2, 6)]}
    src.write_text(yaml.safe_dump(ed, allow_unicode=True, sort_keys=False), encoding="utf-8")
    planned, doc = _plan(src)
    blocks = doc["pages"][0]["blocks"]
    assert blocks[0] == fixed[0]
    rects = _rects(doc)
    assert all(r[2] >= 32 for k, r in rects.items() if k != "story-1")   # below the fixed block and its separation
    fill, report = _fill(planned, fixed=1)
    assert not [w for w in report["warnings"] if w.startswith(("overset", "plan"))]
    assert fill >= 0.98


def test_least_important_left_out_and_reported_never_overset(tmp_path):
    src = planned_edition(tmp_path, [2500, 2500, 2500, 2500, 1500, 900])
    r = run_cli("check", str(src))
    assert r.returncode == 0, r.stderr
    assert "overset" not in r.stdout
    left = [ln for ln in r.stdout.splitlines() if ln.startswith("plan: page 1: no room for")]
    assert left and left[-1].startswith("plan: page 1: no room for story-6 (")
    ids = [ln.split()[6] for ln in left]
    assert ids == sorted(ids)                           # the last ones of the list go first


def test_no_tombstones_where_the_page_allows(tmp_path):
    """Stories short enough for full-width bands: no two headlines side by side."""
    src = planned_edition(tmp_path, [600, 500, 400, 300])
    _, doc = _plan(src)
    rects = _rects(doc)
    heads = {b["article"]: b["headline"]["lines"] for b in doc["pages"][0]["blocks"]}
    for a, (c0, c1, l0, _) in rects.items():
        for b, (d0, d1, m0, _) in rects.items():
            if a < b and (c1 + 1 == d0 or d1 + 1 == c0):
                assert not (l0 <= m0 + heads[b] - 1 and m0 <= l0 + heads[a] - 1), (a, b)


def test_a_page_with_no_free_area_is_an_error_at_its_articles(tmp_path):
    src = planned_edition(tmp_path, [500, 400], fixed=[{"article": "story-1", "columns": "1-6", "lines": "1-89"}])
    ed = yaml.safe_load(src.read_text(encoding="utf-8"))
    ed["pages"][0]["articles"] = ["story-2"]
    src.write_text(yaml.safe_dump(ed, allow_unicode=True, sort_keys=False), encoding="utf-8")
    r = run_cli("check", str(src))
    assert r.returncode == 2
    line = next(i for i, t in enumerate(src.read_text(encoding="utf-8").splitlines(), 1) if "articles:" in t
                and t.startswith("  "))
    assert r.stderr.strip() == (f"{src}:{line + 1}:3: page 1: articles: the page's blocks leave no free grid area "
                                f"to make them up in")


def test_plan_refuses_a_flow_list_of_blocks_at_its_place(tmp_path):
    src = planned_edition(tmp_path, [900, 600, 400])
    text = src.read_text(encoding="utf-8").replace(
        "- section: 综合\n", "- section: 综合\n  blocks: [{article: story-1, columns: 1-6, lines: 1-30}]\n")
    text = text.replace("  - story-1\n", "")
    src.write_text(text, encoding="utf-8")
    line = next(i for i, t in enumerate(text.splitlines(), 1) if t.startswith("  blocks: ["))
    r = run_cli("plan", str(src), "-o", str(tmp_path / "planned.yaml"))
    assert r.returncode == 2
    assert r.stderr.strip() == (f"{src}:{line}:11: plan: write this page's `blocks:` as a list of `- ` items "
                                f"to plan it")
    assert not (tmp_path / "planned.yaml").exists()


def test_the_committed_planned_sample_is_what_plan_writes(tmp_path):
    """editions/inner-page.yaml lists its stories; editions/inner-page-planned.yaml is its plan."""
    src = Path(__file__).resolve().parents[1] / "editions" / "inner-page.yaml"
    out = tmp_path / "planned.yaml"
    r = run_cli("plan", str(src), "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert out.read_text(encoding="utf-8") == src.with_name("inner-page-planned.yaml").read_text(encoding="utf-8")


def test_stories_are_planned_below_a_fixed_block_of_auto_lines(tmp_path):
    """A fixed block with `lines: 1-auto` ends where its copy does; the plan starts below it."""
    src = planned_edition(tmp_path, [900, 1400, 1100, 800, 600],
                          fixed=[{"article": "story-1", "columns": "1-6", "lines": "1-auto"}])
    ed = yaml.safe_load(src.read_text(encoding="utf-8"))
    ed["pages"][0]["articles"] = [f"story-{i}" for i in range(2, 6)]
    src.write_text(yaml.safe_dump(ed, allow_unicode=True, sort_keys=False), encoding="utf-8")
    r = run_cli("check", str(src), "--json")
    assert r.returncode == 0, r.stderr
    import json

    blocks = json.loads(r.stdout)["blocks"]
    fixed_last = int(blocks[0]["lines"].split("-")[1])
    assert fixed_last < 30                                  # the auto block ended with its copy
    assert min(int(b["lines"].split("-")[0]) for b in blocks[1:]) == fixed_last + 2
    assert not [w for w in json.loads(r.stdout)["warnings"] if w.startswith(("overset", "plan"))]


def test_plan_may_not_write_over_its_edition(tmp_path):
    src = planned_edition(tmp_path, [900, 600, 400])
    before = src.read_bytes()
    r = run_cli("plan", str(src), "-o", str(src))
    assert r.returncode == 3
    assert r.stderr.startswith(f"cannot write {src}: ")
    assert src.read_bytes() == before
