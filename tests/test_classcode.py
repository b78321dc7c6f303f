"""The dataclass methods kept compiled in the cache (layout/classcode.py): a second start
compiles none of them, and a damaged, foreign or unwritable cache file changes nothing a
user sees (the command's output is the same, the file is written again)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from layout import classcode

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "editions" / "2023-09-18.yaml"

# what `check` defines before it lays out, and the records' generated methods at work
PROBE = """
import atexit, copy, sys
import layout.classcode as cc
atexit.register(lambda: sys.stderr.write("\\nCOMPILED %d\\n" % cc._compiled[0]))
import layout.commands, layout.flow.engine, layout.flow.fit
from layout.model.loader import load_edition
ed = load_edition(sys.argv[1])
block = ed.pages[0].blocks[0]
print(repr(block), block == copy.copy(block), hash(ed.pages[0].blocks[0].lines))
from dataclasses import dataclass
@dataclass
class NotOurs:                  # a script's own record: compiled as usual, never kept
    not_ours_field: int
assert NotOurs(1) == NotOurs(1)
"""


def run(cache: Path, *args: str) -> tuple[str, int]:
    env = {**os.environ, "LAYOUT_FONT_CACHE": str(cache / "fonts")}
    proc = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, cwd=ROOT, env=env)
    assert proc.returncode == 0, proc.stderr
    compiled = int(proc.stderr.rsplit("COMPILED ", 1)[1])
    return proc.stdout, compiled


def test_second_start_compiles_no_dataclass_method(tmp_path):
    first, compiled = run(tmp_path, str(SAMPLE))
    assert compiled > 100                               # ~60 records, ~4 methods each
    files = list((tmp_path / "fonts" / "classes").iterdir())
    assert len(files) == 1
    kept = classcode._read(str(files[0]))
    assert len(kept) == compiled and not any("not_ours_field" in text for text in kept)
    written = files[0].stat().st_mtime_ns
    again, compiled = run(tmp_path, str(SAMPLE))
    assert (again, compiled) == (first, 0)
    assert files[0].stat().st_mtime_ns == written       # nothing new to keep: not written again


def test_a_damaged_cache_file_only_costs_the_compile(tmp_path):
    good, _ = run(tmp_path, str(SAMPLE))
    (cache_file,) = (tmp_path / "fonts" / "classes").iterdir()
    data = cache_file.read_bytes()
    for damaged in (b"", data[:len(data) // 2], data[:4] + b"x" + data[5:], b"\0\0\0\0not marshal"):
        cache_file.write_bytes(damaged)
        out, compiled = run(tmp_path, str(SAMPLE))
        assert out == good and compiled > 100
        _, compiled = run(tmp_path, str(SAMPLE))
        assert compiled == 0                            # written again, whole


def test_an_unwritable_cache_is_no_error(tmp_path):
    good, _ = run(tmp_path / "a", str(SAMPLE))
    (tmp_path / "b" / "fonts").mkdir(parents=True)
    (tmp_path / "b" / "fonts" / "classes").write_text("a file where the folder belongs")
    for _ in range(2):
        out, compiled = run(tmp_path / "b", str(SAMPLE))
        assert out == good and compiled > 100


def test_the_program_keeps_the_class_code_though_it_leaves_without_teardown(tmp_path):
    """`layout` ends with os._exit after its work (cli._leave): the exit handlers must
    still run — the class code is kept, the messages are all out, the status is the command's."""
    from layout.fonts import cache

    warm = cache.configured_root()
    subprocess.run([sys.executable, "-m", "layout.cli", "check", str(SAMPLE)], capture_output=True, cwd=ROOT,
                   check=True)                                  # the fonts prepared where they usually are
    mine = tmp_path / "fonts"
    mine.mkdir()
    for f in warm.iterdir():                                    # the prepared faces, without the kept class code
        if f.is_file() and not f.name.startswith("."):
            (mine / f.name).write_bytes(f.read_bytes())
    env = {**os.environ, "LAYOUT_FONT_CACHE": str(mine)}
    proc = subprocess.run([sys.executable, "-m", "layout.cli", "check", str(SAMPLE)], capture_output=True,
                          text=True, cwd=ROOT, env=env)
    usual = subprocess.run([sys.executable, "-m", "layout.cli", "check", str(SAMPLE)], capture_output=True,
                           text=True, cwd=ROOT)
    assert (proc.returncode, proc.stdout, proc.stderr) == (usual.returncode, usual.stdout, usual.stderr)
    assert proc.stdout.strip()                                  # the fit summary was flushed before leaving
    kept = list((mine / "classes").iterdir())
    assert len(kept) == 1 and len(classcode._read(str(kept[0]))) > 100
