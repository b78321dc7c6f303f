"""editions/2023-09-25.yaml uses every 2026-12 addition; editions/xuhuibao.yaml is 徐汇报's
standing settings with the masthead as a template. What they load into, that the copy
files come through character for character, and that `extends` + `templates` print the
same bytes as the edition written out in full."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from conftest import ROOT, run_cli

from layout.model.loader import load_edition

EDITIONS = ROOT / "editions"
WEEK = EDITIONS / "2023-09-25.yaml"


def _make_copy():
    spec = importlib.util.spec_from_file_location("make_copy", EDITIONS / "copy" / "make_copy.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_addition_is_used() -> None:
    ed = load_edition(str(WEEK))
    blocks = [b for p in ed.pages for b in p.blocks]
    specs = {(b.lines_spec.after, b.lines_spec.auto) for b in blocks if b.lines_spec}
    assert specs == {(False, True), (True, False), (True, True)}          # 12-auto, after-44, after-auto
    assert ed.pages[0].template == "front" and ed.pages[0].blocks[0].kind == "masthead"
    assert ed.pages[2].articles == ["library", "sports"] and ed.pages[2].blocks == []
    assert {a.file for a in ed.articles} >= {"copy/tech-visit.txt", "copy/water-notice.txt", "copy/community.docx"}
    lead = ed.article("theme-education")
    assert "\n" in lead.headline and "\n" in lead.subhead and lead.subheads == frozenset({2, 4})
    assert any(b.headline and b.headline.size == 30 for b in blocks)
    photo = next(b for b in blocks if b.kind == "image")
    assert photo.article == "community" and photo.image.focus == (0.5, 0.27)
    assert ed.article("community").images[0].height == 12
    assert ed.article("night-school").paragraphs[-1] == "徐汇区社区学校\n2023年9月25日"   # a forced break
    assert (ed.page.print.min_ppi, ed.page.print.max_ppi, ed.page.separation) == (150, 300, 1)
    assert ed.inputs[0] == ed.source and ed.inputs[1].endswith("xuhuibao.yaml") and ed.proofing == []


def test_copy_files_come_through_character_for_character() -> None:
    make = _make_copy()
    ed = load_edition(str(WEEK))
    notice = [line.lstrip("\u3000") for line in make.NOTICE.splitlines()]
    assert ed.article("water-notice").paragraphs == notice             # a .txt: every line a paragraph
    assert ed.article("community").paragraphs == [
        p.lstrip("\u3000").removeprefix("## ") for p in make.COMMUNITY if p]
    assert ed.article("community").subheads == frozenset({2})
    txt = (EDITIONS / "copy" / "tech-visit.txt").read_text(encoding="utf-8")
    assert "".join(ed.article("tech-visit").paragraphs) == "".join(
        line.lstrip("\u3000").removeprefix("## ") for line in txt.splitlines())


def test_the_week_checks_clean() -> None:
    r = run_cli("check", str(WEEK), "--strict-proofing")
    assert r.returncode == 0, r.stderr


def test_base_and_template_print_the_same_bytes_as_written_out(tmp_path: Path) -> None:
    """The sample written with `extends: xuhuibao.yaml` and `template: front` prints the bytes
    the sample (every setting written out) prints."""
    sample = (EDITIONS / "2023-09-18.yaml").read_text(encoding="utf-8")
    head, rest = sample.split("\narticles:\n", 1)
    articles, pages = rest.split("\npages:\n", 1)
    pages = pages.replace("  - number: 1\n    section: 要闻\n    blocks:\n      - masthead: {}\n        columns: 1-6\n"
                          "        lines: 1-11\n", "  - number: 1\n    template: front\n    blocks:\n", 1)
    assert "template: front" in pages
    short = ("extends: xuhuibao.yaml\nedition: {date: 2023-09-18, issue: 38, serial: 1744}\n"
             "page: {print: {min_ppi: 150, max_ppi: 300}}\n"
             f"articles:\n{articles}\npages:\n{pages}")
    (tmp_path / "xuhuibao.yaml").write_text((EDITIONS / "xuhuibao.yaml").read_text(encoding="utf-8"),
                                            encoding="utf-8")
    (tmp_path / "short.yaml").write_text(short, encoding="utf-8")
    (tmp_path / "full.yaml").write_text(sample, encoding="utf-8")
    assert len(short) < len(sample)
    for name in ("short", "full"):
        r = run_cli("print", str(tmp_path / f"{name}.yaml"), "-o", str(tmp_path / f"{name}.pdf"))
        assert r.returncode == 0, r.stderr
    assert (tmp_path / "short.pdf").read_bytes() == (tmp_path / "full.pdf").read_bytes()


def _merge(base: dict, over: dict, top: bool = False) -> dict:
    out = {k: v for k, v in base.items() if not (top and k == "pages")}
    for key, value in over.items():
        if top and key == "articles":
            value = [*base.get("articles", []), *value]
        elif isinstance(value, dict) and isinstance(out.get(key), dict):
            value = _merge(out[key], value)
        out[key] = value
    return out


def written_out(folder: Path) -> Path:
    """The week written out in full, by hand-independent means: the YAML files merged with
    plain dictionaries, the template's blocks put first, every block's lines as `check
    --json` resolved them, and page 3's blocks as `layout plan` chose them."""
    import json
    import shutil

    import yaml

    fit = json.loads(run_cli("check", "--json", str(WEEK)).stdout)
    lines = {(b["page"], b["block"]): b["lines"] for b in fit["blocks"]}
    r = run_cli("plan", str(WEEK), "-o", str(folder / "planned.yaml"))
    assert r.returncode == 0, r.stderr
    planned = yaml.safe_load((folder / "planned.yaml").read_text(encoding="utf-8"))
    doc = _merge(yaml.safe_load((EDITIONS / "xuhuibao.yaml").read_text(encoding="utf-8")),
                 yaml.safe_load(WEEK.read_text(encoding="utf-8")), top=True)
    templates = doc.pop("templates")
    doc.pop("extends")
    for number, page in enumerate(doc["pages"], 1):
        if "articles" in page:
            page.pop("articles")
            page["blocks"] = planned["pages"][number - 1]["blocks"]
        if "template" in page:
            template = templates[page.pop("template")]
            page["blocks"] = [*template["blocks"], *page.get("blocks", [])]
            page.setdefault("section", template["section"])
        for index, block in enumerate(page["blocks"], 1):
            block["lines"] = lines[(number, index)]
    for name in ("copy", "photos"):
        shutil.copytree(EDITIONS / name, folder / name)
    path = folder / "written-out.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_written_out_form_prints_the_same_and_passes_pdfcheck(tmp_path: Path) -> None:
    import subprocess
    import sys

    full = written_out(tmp_path)
    for name, source in (("week", WEEK), ("full", full)):
        r = run_cli("print", str(source), "-o", str(tmp_path / f"{name}.pdf"))
        assert r.returncode == 0, r.stderr
    assert (tmp_path / "week.pdf").read_bytes() == (tmp_path / "full.pdf").read_bytes()
    check = subprocess.run([sys.executable, str(ROOT.parent / "shared" / "tools" / "pdfcheck.py"), str(full),
                            str(tmp_path / "full.pdf")], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
