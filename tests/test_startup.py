"""Each command loads only the libraries its work needs: `check` neither the painter
(ReportLab) nor the PDF tools, `print` not the rasteriser, `preview` neither ReportLab nor qpdf.

What a user notices is the start-up time; what can be asserted without timing is
which heavy libraries a command's process has imported by the time it exits.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "editions" / "2023-09-18.yaml"
HEAVY = ("reportlab", "pikepdf", "pypdfium2", "pypdfium2_raw", "PIL", "fontTools", "isal", "rjieba")

PROBE = """
import atexit, json, runpy, sys
def report():
    heavy = sorted({m.split(".")[0] for m in sys.modules} & set(HEAVY))
    sys.stderr.write("\\nLOADED " + json.dumps(heavy) + "\\n")
HEAVY = %r
atexit.register(report)
sys.argv = ["layout", *%r]
runpy.run_module("layout.cli", run_name="__main__")
"""


def loaded(*args: str) -> set[str]:
    proc = subprocess.run([sys.executable, "-c", PROBE % (HEAVY, list(args))], capture_output=True,
                          text=True, cwd=ROOT)
    assert proc.returncode in (0, 1), proc.stderr
    line = next(ln for ln in proc.stderr.splitlines() if ln.startswith("LOADED "))
    return set(json.loads(line[len("LOADED "):]))


def test_check_loads_no_painter_nor_pdf_tools():
    loaded("check", str(SAMPLE))            # the headlines' word breaks are then on disk
    assert loaded("check", str(SAMPLE)) == set()


def test_check_starts_without_what_it_does_not_need():
    """Modules whose import alone cost `check` milliseconds at every start: OpenSSL (hashlib:
    the cache keys use the interpreter's own SHA-256) and importlib.resources (which pulls
    in tempfile, shutil, zipfile, lzma)."""
    probe = PROBE.replace('{m.split(".")[0] for m in sys.modules}', "set(sys.modules)")
    assert probe != PROBE
    proc = subprocess.run([sys.executable, "-c", probe % (("_hashlib", "importlib.resources", "tempfile", "zipfile"),
                                                           ["check", str(SAMPLE)])],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    line = next(ln for ln in proc.stderr.splitlines() if ln.startswith("LOADED "))
    assert json.loads(line[len("LOADED "):]) == []


def test_preview_writes_without_tempfile_or_openssl(tmp_path):
    """The PNG (like every file) is written through output.atomic, which makes its own
    temporary name: tempfile's import (shutil, random, bz2, lzma) was ≈ 3.5 ms of a preview;
    and its digests are the interpreter's own (fonts.digest) and its kept screen fonts
    framed with a crc32 (fonts.cache.keep_value), so OpenSSL (hashlib, ≈ 3 ms) is not started;
    and its font programs kept from the run before, it needs no subsetter (fonts.subset)."""
    probe = PROBE.replace('{m.split(".")[0] for m in sys.modules}', "set(sys.modules)")
    args = ["preview", str(SAMPLE), "-o", str(tmp_path / "x.png")]
    loaded(*args)                                   # fonts, programs and paragraphs then on disk
    proc = subprocess.run([sys.executable, "-c", probe % (("tempfile", "shutil", "random", "lzma", "_hashlib",
                                                            "layout.fonts.subset"), args)],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    line = next(ln for ln in proc.stderr.splitlines() if ln.startswith("LOADED "))
    assert json.loads(line[len("LOADED "):]) == []
    assert (tmp_path / "x.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_stored_word_breaks_are_the_segmenters():
    from layout.compose import words

    for text in ("学习贯彻习近平新时代中国特色社会主义思想主题教育动员会举行", "5G网络覆盖10月起200项"):
        assert words.word_breaks(text) == words._segmented_breaks(text)
        assert words._new.get(text, sorted(words._segmented_breaks(text))) == sorted(words._segmented_breaks(text))


@pytest.mark.parametrize("command", ["print", "preview"])
def test_output_commands_load_only_their_tools(tmp_path, command):
    if command == "print":
        loaded("print", str(SAMPLE), "-o", str(tmp_path / "x.pdf"))   # fonts and font programs then on disk
        mods = loaded("print", str(SAMPLE), "-o", str(tmp_path / "x.pdf"))
        assert "reportlab" in mods      # pikepdf: in the finisher's process (layout/output/finisher.py)
        assert not mods & {"pypdfium2", "pypdfium2_raw", "isal", "fontTools"}
    else:
        loaded("preview", str(SAMPLE), "-o", str(tmp_path / "x.png"))   # the screen fonts are then on disk
        mods = loaded("preview", str(SAMPLE), "-o", str(tmp_path / "x.png"))
        # its own screen PDF (output/screenpdf.py), not ReportLab's; PDFium's library through
        # ctypes (output/raster.py), not pypdfium2's bindings or helpers
        assert mods == {"isal"}


GC_PROBE = """
import atexit, gc, sys
atexit.register(lambda: sys.stderr.write("\\nGC %d %d\\n" % (gc.isenabled(), gc.get_freeze_count())))
sys.argv = ["layout", *sys.argv[1:]]
from layout.__main__ import entry
entry()
"""


@pytest.mark.parametrize("args, collector", [(["check", str(SAMPLE)], 0), (["fonts"], 1)])
def test_the_program_imports_without_the_collector(args, collector):
    """`layout` (layout.__main__.entry) imports its modules with the cyclic collector off,
    then freezes what they made: a one-shot command runs without the collector
    (cli._one_shot), any other with it on, the modules' objects out of its passes."""
    proc = subprocess.run([sys.executable, "-c", GC_PROBE, *args], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    enabled, frozen = map(int, proc.stderr.rsplit("GC ", 1)[1].split())
    assert enabled == collector and frozen > 10_000
