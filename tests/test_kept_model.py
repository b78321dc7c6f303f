"""The validated edition kept on disk (layout/model/kept.py): the program's next run of an
unchanged edition neither parses nor validates it (PyYAML is not even imported) and
writes the same bytes and warnings; any change to a file it was made from — the edition,
its base, a text or Word copy file, a photo it names — or to our code, another working
folder, other pages, or a damaged cache file gives what a fresh load gives."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
WEEK = ROOT / "editions" / "2023-09-25.yaml"     # extends xuhuibao.yaml; .txt and .docx copy; a photo

PROBE = """
import atexit, json, runpy, sys
def report():
    sys.stderr.write("\\nLOADED " + json.dumps(sorted(
        m for m in ("yaml", "layout.model.loader", "docx") if m in sys.modules)) + "\\n")
atexit.register(report)
sys.argv = ["layout", *%r]
runpy.run_module("layout.cli", run_name="__main__")
"""


class Run:
    def __init__(self, proc: subprocess.CompletedProcess[str]):
        self.status = proc.returncode
        self.stdout = proc.stdout
        lines = proc.stderr.splitlines()
        probe = next(ln for ln in lines if ln.startswith("LOADED "))
        self.loaded = set(json.loads(probe[len("LOADED "):]))
        self.stderr = "\n".join(ln for ln in lines if ln and not ln.startswith("LOADED "))

    @property
    def parsed(self) -> bool:
        """Whether this run read the edition through the loader (and so PyYAML)."""
        return "layout.model.loader" in self.loaded


@pytest.fixture(scope="module")
def cache(tmp_path_factory) -> Path:
    """A cache of this module's own, its fonts prepared once."""
    folder = tmp_path_factory.mktemp("kept-model") / "cache"
    env = {**os.environ, "LAYOUT_FONT_CACHE": str(folder), "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-m", "layout", "check", str(WEEK)], capture_output=True, env=env, check=True)
    return folder


@pytest.fixture
def week(tmp_path, monkeypatch, cache) -> Path:
    """The 2023-09-25 edition with its base, copy and photo in a folder of their own; no
    model kept yet."""
    folder = tmp_path / "editions"
    folder.mkdir()
    for name in ("2023-09-25.yaml", "xuhuibao.yaml"):
        shutil.copy(ROOT / "editions" / name, folder / name)
    shutil.copytree(ROOT / "editions" / "copy", folder / "copy")
    shutil.copytree(ROOT / "editions" / "photos", folder / "photos")
    settle(*folder.rglob("*"))
    shutil.rmtree(cache / "models", ignore_errors=True)
    monkeypatch.setenv("LAYOUT_FONT_CACHE", str(cache))
    return folder


def settle(*paths: Path) -> None:
    """Date files a minute back: a file saved within 0.1 s of a load is not trusted
    (kept.SETTLED_NS), and a test's run can start sooner than that after a write."""
    import time

    for p in paths:
        os.utime(p, (time.time() - 60, time.time() - 60))


def layout(*args: str, cwd: Path) -> Run:
    proc = subprocess.run([sys.executable, "-c", PROBE % (list(args),)], capture_output=True, text=True,
                          cwd=cwd, env={**os.environ, "PYTHONPATH": str(ROOT)})
    return Run(proc)


def test_an_unchanged_edition_is_not_parsed_again_and_prints_the_same(week, tmp_path):
    first = layout("print", "2023-09-25.yaml", "-o", str(tmp_path / "a.pdf"), cwd=week)
    assert first.status == 0, first.stderr
    assert first.parsed and {"yaml", "docx"} <= first.loaded
    again = layout("print", "2023-09-25.yaml", "-o", str(tmp_path / "b.pdf"), cwd=week)
    assert again.status == 0, again.stderr
    assert again.loaded == set()                # no PyYAML, no loader, no python-docx
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()
    assert again.stderr == first.stderr


def test_proofing_warnings_of_a_kept_edition_are_printed_again(week):
    ed = week / "2023-09-25.yaml"
    ed.write_text(ed.read_text(encoding="utf-8").replace("记者从徐汇区", "记者从《徐汇区"), encoding="utf-8")
    settle(ed)
    first = layout("check", "2023-09-25.yaml", cwd=week)
    assert first.status == 0 and first.parsed
    assert "2023-09-25.yaml:55:10: proofing: '《' is not closed" in first.stdout + first.stderr
    again = layout("check", "2023-09-25.yaml", cwd=week)
    assert not again.parsed
    assert (again.status, again.stdout, again.stderr) == (first.status, first.stdout, first.stderr)


def _text_after(week: Path, tmp_path: Path, name: str, parsed: bool = True) -> str:
    """The text of the edition's print (pdftotext), and that the run did or did not load it."""
    out = tmp_path / name
    run = layout("print", "2023-09-25.yaml", "-o", str(out), cwd=week)
    assert run.status == 0, run.stderr
    assert run.parsed == parsed, f"{name}: parsed {run.parsed}"
    proc = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True)
    return proc.stdout.replace("\n", "").replace(" ", "")


@pytest.mark.parametrize("change", ["edition", "base", "text copy", "word copy"])
def test_a_changed_file_is_read_again(week, tmp_path, change):
    assert layout("check", "2023-09-25.yaml", cwd=week).parsed
    before = _text_after(week, tmp_path, "before.pdf", parsed=False)
    if change == "edition":
        f = week / "2023-09-25.yaml"
        f.write_text(f.read_text(encoding="utf-8").replace("headline: 停水通知", "headline: 停水通知更正"),
                     encoding="utf-8")
        want = "停水通知更正"
    elif change == "base":
        f = week / "xuhuibao.yaml"
        f.write_text(f.read_text(encoding="utf-8").replace("准印证号(B)0150", "准印证号(B)0158"), encoding="utf-8")
        want = "准印证号(B)0158"
    elif change == "text copy":
        f = week / "copy" / "tech-visit.txt"
        f.write_text("早班车。\n\n" + f.read_text(encoding="utf-8"), encoding="utf-8")
        want = "早班车。"
    else:
        import docx

        f = week / "copy" / "community.docx"
        doc = docx.Document(str(f))
        first = doc.paragraphs[0]
        first.insert_paragraph_before("新设早点铺。")      # a paragraph of its own: then a blank line
        first.insert_paragraph_before("")
        doc.save(str(f))
        want = "新设早点铺。"
    assert want not in before
    assert want in _text_after(week, tmp_path, f"{change}.pdf")


def test_a_photo_gone_is_reported_not_taken_from_the_cache(week):
    assert layout("check", "2023-09-25.yaml", cwd=week).status == 0
    (week / "photos" / "community.jpg").unlink()
    run = layout("check", "2023-09-25.yaml", cwd=week)
    assert run.status == 2
    assert "2023-09-25.yaml:49:" in run.stderr and "community.jpg' does not exist" in run.stderr


def test_a_one_page_preview_model_is_not_the_whole_editions(week, tmp_path):
    """A page-only preview keeps a model with only its page's copy; `check` afterwards
    must still count every article's characters."""
    whole = layout("check", "2023-09-25.yaml", cwd=week)
    shutil.rmtree(Path(os.environ["LAYOUT_FONT_CACHE"]) / "models")
    preview = layout("preview", "2023-09-25.yaml", "--page", "2", "-o", str(tmp_path / "p2.png"), cwd=week)
    assert preview.status == 0 and preview.parsed
    after = layout("check", "2023-09-25.yaml", cwd=week)
    assert after.parsed
    assert (after.stdout, after.stderr) == (whole.stdout, whole.stderr)
    assert not layout("preview", "2023-09-25.yaml", "--page", "2", "-o", str(tmp_path / "p2b.png"), cwd=week).parsed
    assert (tmp_path / "p2.png").read_bytes() == (tmp_path / "p2b.png").read_bytes()


def test_the_same_name_in_another_folder_is_another_edition(week, tmp_path):
    other = tmp_path / "other"
    shutil.copytree(week, other)
    f = other / "copy" / "tech-visit.txt"
    f.write_text("另一个文件夹里的稿件。\n" + f.read_text(encoding="utf-8"), encoding="utf-8")
    settle(f)
    a = layout("check", "2023-09-25.yaml", cwd=week)
    b = layout("check", "2023-09-25.yaml", cwd=other)
    assert a.parsed and b.parsed
    assert a.stdout != b.stdout          # the other copy's character count
    assert layout("check", "2023-09-25.yaml", cwd=week).stdout == a.stdout


def test_an_error_is_never_kept_and_a_damaged_file_is_only_a_miss(week):
    ed = week / "2023-09-25.yaml"
    good = ed.read_text(encoding="utf-8")
    ed.write_text(good.replace("issue: 39", "issue: x39"), encoding="utf-8")
    first = layout("check", "2023-09-25.yaml", cwd=week)
    again = layout("check", "2023-09-25.yaml", cwd=week)
    assert first.status == again.status == 2 and again.parsed
    assert first.stderr == again.stderr and "2023-09-25.yaml:9:" in again.stderr
    ed.write_text(good, encoding="utf-8")
    settle(ed)
    whole = layout("check", "2023-09-25.yaml", cwd=week)
    models = Path(os.environ["LAYOUT_FONT_CACHE"]) / "models"
    for f in models.iterdir():
        f.write_bytes(f.read_bytes()[:-40] + b"x" * 40)
    damaged = layout("check", "2023-09-25.yaml", cwd=week)
    assert damaged.parsed and (damaged.status, damaged.stdout) == (whole.status, whole.stdout)
    assert "Traceback" not in damaged.stderr


def test_changed_code_is_a_miss(tmp_path, monkeypatch):
    """A model is made by our modules as they are: one whose file changes (a new version,
    an edit in a checkout) makes the next load a fresh one."""
    import types

    from layout.model import kept

    monkeypatch.setenv("LAYOUT_FONT_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(kept, "_on", [True])
    module = tmp_path / "probe_module.py"
    module.write_text("X = 1\n")
    os.utime(module, (1e9, 1e9))            # long settled (a file saved just now is not trusted)
    monkeypatch.setitem(sys.modules, "layout._probe_module", types.SimpleNamespace(__file__=str(module)))
    sample = str(ROOT / "editions" / "2023-09-18.yaml")
    before = kept.loaded[0]
    first = kept.load(sample)
    assert kept.loaded[0] == before + 1
    again = kept.load(sample)
    assert kept.loaded[0] == before + 1
    assert again == first and again is not first
    module.write_text("X = 22\n")
    kept.load(sample)
    assert kept.loaded[0] == before + 2


def test_a_file_saved_while_the_edition_loads_is_not_trusted(tmp_path, monkeypatch):
    """The editor saves a copy file while `check` is reading the edition: the model made
    from the old copy must not be kept under the new copy's digest."""
    from layout.model import kept

    monkeypatch.setenv("LAYOUT_FONT_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(kept, "_on", [True])
    folder = tmp_path / "editions"
    shutil.copytree(ROOT / "editions", folder, ignore=shutil.ignore_patterns("*.py"))
    edition = str(folder / "2023-09-25.yaml")
    copy = folder / "copy" / "tech-visit.txt"
    load = kept._load

    def saved_meanwhile(path, pages):
        loaded = load(path, pages)
        copy.write_text("早班车。\n\n" + copy.read_text(encoding="utf-8"), encoding="utf-8")
        return loaded

    monkeypatch.setattr(kept, "_load", saved_meanwhile)
    old = kept.load(edition)
    monkeypatch.setattr(kept, "_load", load)
    before = kept.loaded[0]
    new = kept.load(edition)
    assert kept.loaded[0] == before + 1             # read again, not taken from the cache
    tech = next(a for a in new.articles if a.id == "tech-visit")
    assert tech.paragraphs[0] == "早班车。" != next(a for a in old.articles if a.id == "tech-visit").paragraphs[0]


def test_a_model_that_cannot_be_pickled_is_only_not_kept(tmp_path, monkeypatch):
    """Whatever pickling a model raises, the load it came from stands and nothing is kept."""
    from layout import recordpickle
    from layout.model import kept

    monkeypatch.setenv("LAYOUT_FONT_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(kept, "_on", [True])

    def refuse(obj):
        raise RecursionError("maximum recursion depth exceeded while pickling an object")

    monkeypatch.setattr(recordpickle, "dumps", refuse)
    sample = str(ROOT / "editions" / "2023-09-18.yaml")
    before = kept.loaded[0]
    first = kept.load(sample)
    assert first.articles and kept.loaded[0] == before + 1
    assert not list((tmp_path / "cache" / "models").glob("*.bin"))
    kept.load(sample)
    assert kept.loaded[0] == before + 2
