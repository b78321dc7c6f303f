"""Body paragraphs kept on disk (layout/compose/kept.py): the program's second run of an
unchanged edition composes none and prints the same; an edited paragraph alone is composed
again; other advances, another composer or a damaged file never give back kept lines."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from layout.compose import compose_paragraph, kept

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "editions" / "2023-09-18.yaml"

TEXT = "新时代文明实践中心今年以来开展志愿服务活动一千二百余场，覆盖居民八万人次。“十五分钟生活圈”建设稳步推进，（详见第三版）"


class Advances:
    """A font as the composer sees it: an advance for each character."""

    def __init__(self, narrow: str = "") -> None:
        self.widths: dict[str, float] = {}
        self.narrow = narrow

    def advance(self, ch: str) -> float:
        w = self.widths[ch] = 0.5 if ch in self.narrow or ch == "-" else 1.0
        return w


@pytest.fixture
def store(tmp_path, monkeypatch):
    """Keeping on, in a private cache; `new_run()` saves what this 'run' composed and
    starts the next as a new process would (nothing read yet)."""
    monkeypatch.setenv("LAYOUT_FONT_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(kept, "_on", [True])
    monkeypatch.setattr(kept, "_stores", {})

    def new_run() -> None:
        kept.save()
        kept._stores.clear()

    yield new_run
    kept._stores.clear()


ED = "edition.yaml"


def composed_now(*args, edition: str | None = ED, **options) -> tuple[list, int]:
    before = kept.composed[0]
    lines = kept.compose_body(edition, *args, **options)
    return lines, kept.composed[0] - before


def test_a_kept_paragraph_is_the_composition_exactly(store):
    want = compose_paragraph(TEXT, Advances(), 9.0, 90.0, indent=2.0, style="quanjiao", hyphenate=False)
    first, n = composed_now(TEXT, Advances(), 9.0, 90.0, indent=2.0, style="quanjiao", hyphenate=False)
    assert n == 1 and first == want
    store()
    again, n = composed_now(TEXT, Advances(), 9.0, 90.0, indent=2.0, style="quanjiao", hyphenate=False)
    assert n == 0 and again == want and len(want) > 2
    assert [ln.xs for ln in again] == [ln.xs for ln in want]        # bit for bit: == on floats


def test_other_advances_size_measure_or_options_are_composed_afresh(store):
    kept.compose_body(ED, TEXT, Advances(), 9.0, 90.0, indent=2.0)
    store()
    for metrics, size, measure, options in [
            (Advances(narrow="，。"), 9.0, 90.0, {"indent": 2.0}),     # one face's advances differ
            (Advances(), 9.5, 90.0, {"indent": 2.0}),
            (Advances(), 9.0, 91.0, {"indent": 2.0}),
            (Advances(), 9.0, 90.0, {"indent": 0.0}),
            (Advances(), 9.0, 90.0, {"indent": 2.0, "style": "kaiming"})]:
        lines, n = composed_now(TEXT, metrics, size, measure, **options)
        assert n == 1 and lines == compose_paragraph(TEXT, metrics, size, measure, **options)


def test_a_paragraph_broken_between_words_is_never_kept(store):
    """Its lines follow the segmenter and the paper's word list, which the key does not name."""
    for _ in range(2):
        assert composed_now("区领导走访调研区内科技企业", Advances(), 30.0, 200.0, between_words=True)[1] == 1
        store()


def test_a_damaged_file_only_costs_the_composition(store, tmp_path):
    want = kept.compose_body(ED, TEXT, Advances(), 9.0, 90.0)
    store()
    (path,) = (tmp_path / "cache" / kept.FOLDER).iterdir()
    data = path.read_bytes()
    for damaged in (b"", data[:len(data) // 2], data[:10] + b"x" + data[11:], data[:-3] + b"xyz",
                    b"\0\0\0\x08not marshal"):
        path.write_bytes(damaged)
        store()
        lines, n = composed_now(TEXT, Advances(), 9.0, 90.0)
        assert n == 1 and lines == want
        store()                                         # written again, whole
        lines, n = composed_now(TEXT, Advances(), 9.0, 90.0)
        assert n == 0 and lines == want
        store()


def test_each_edition_has_its_file_and_files_stay_bounded(store, tmp_path, monkeypatch):
    other = TEXT.replace("志愿服务", "文化惠民")
    kept.compose_body("a.yaml", TEXT, Advances(), 9.0, 90.0)
    kept.compose_body("b.yaml", other, Advances(), 9.0, 90.0)
    store()
    folder = tmp_path / "cache" / kept.FOLDER
    assert len(list(folder.iterdir())) == 2
    assert composed_now(other, Advances(), 9.0, 90.0, edition="a.yaml")[1] == 1     # not a.yaml's
    assert composed_now(TEXT, Advances(), 9.0, 90.0, edition="a.yaml")[1] == 0
    store()
    # past MAX_BYTES a file holds only what the run that saves it used
    monkeypatch.setattr(kept, "MAX_BYTES", 1)
    assert composed_now(TEXT + "。", Advances(), 9.0, 90.0, edition="a.yaml")[1] == 1
    store()
    assert composed_now(TEXT, Advances(), 9.0, 90.0, edition="a.yaml")[1] == 1
    assert composed_now(TEXT + "。", Advances(), 9.0, 90.0, edition="a.yaml")[1] == 0
    store()
    # only the KEEP_FILES most recent files stay
    monkeypatch.setattr(kept, "KEEP_FILES", 2)
    kept.compose_body("c.yaml", TEXT, Advances(), 9.0, 90.0)
    store()
    assert len(list(folder.iterdir())) == 2


def test_another_composer_is_another_file(tmp_path):
    here = Path(kept.__file__).parent
    copy = tmp_path / "compose"
    shutil.copytree(here, copy, ignore=shutil.ignore_patterns("__pycache__"))
    assert kept.code_key(copy) == kept.code_key() is not None
    linebreak = copy / "linebreak.py"
    linebreak.write_text(linebreak.read_text(encoding="utf-8").replace("BEAM = 3", "BEAM = 4"), encoding="utf-8")
    assert kept.code_key(copy) != kept.code_key()
    (copy / "linebreak.py").unlink()
    assert kept.code_key(copy) != kept.code_key()
    assert kept.code_key(tmp_path / "missing") is None              # unreadable: nothing kept


def test_in_process_callers_compose_every_paragraph(tmp_path, monkeypatch):
    monkeypatch.setenv("LAYOUT_FONT_CACHE", str(tmp_path / "cache"))
    assert not kept._on[0]
    for _ in range(2):
        _, n = composed_now(TEXT, Advances(), 9.0, 90.0)
        assert n == 1
    assert not (tmp_path / "cache" / kept.FOLDER).exists()


# the program itself, with what it composed reported at its exit (after the store's save)
PROBE = """
import atexit, runpy, sys
import layout.compose.kept as kept
atexit.register(lambda: sys.stderr.write("\\nCOMPOSED %d\\n" % kept.composed[0]))
sys.argv = ["layout", *sys.argv[1:]]
runpy.run_module("layout.cli", run_name="__main__")
"""


def run_check(cache: Path, edition: Path) -> tuple[str, int]:
    env = {**os.environ, "LAYOUT_FONT_CACHE": str(cache)}
    proc = subprocess.run([sys.executable, "-c", PROBE, "check", str(edition)], capture_output=True, text=True,
                          cwd=ROOT, env=env)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout, int(proc.stderr.rsplit("COMPOSED ", 1)[1])


def test_the_program_composes_only_what_changed(tmp_path):
    from layout.fonts import cache

    subprocess.run([sys.executable, "-m", "layout.cli", "check", str(SAMPLE)], capture_output=True, cwd=ROOT,
                   check=True)                                  # the fonts prepared where they usually are
    mine = tmp_path / "fonts"
    mine.mkdir()
    for f in cache.configured_root().iterdir():                 # the prepared faces, nothing kept
        if f.is_file() and not f.name.startswith("."):
            (mine / f.name).write_bytes(f.read_bytes())
    edition = tmp_path / "edition.yaml"
    text = SAMPLE.read_text(encoding="utf-8")
    edition.write_text(text, encoding="utf-8")
    first, composed = run_check(mine, edition)
    assert composed >= 10                                # every body paragraph of the sample
    again, composed = run_check(mine, edition)
    assert (again, composed) == (first, 0)
    usual = subprocess.run([sys.executable, "-m", "layout.cli", "check", str(edition)], capture_output=True,
                           text=True, cwd=ROOT, env={**os.environ, "LAYOUT_FONT_CACHE": str(mine)})
    assert usual.stdout == first
    # one paragraph edited: that one alone is composed again
    assert text.count("9月14日上午，区委书记") == 1
    edition.write_text(text.replace("9月14日上午，区委书记", "9月14日下午，区委书记"), encoding="utf-8")
    _, composed = run_check(mine, edition)
    assert composed == 1
