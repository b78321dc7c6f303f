"""Faults that are not the edition's: unprintable characters, outputs that cannot be
written, signals, a cache that cannot be used.

Each case asserts the exact line the user sees, its exit status (2 input, 3 output
or environment, 130/143 signals), that no traceback is printed and that nothing is
left behind.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_model_errors import BASE

ROOT = Path(__file__).resolve().parents[1]

# The located-error tests' edition, its lead's body and block made parameters and its
# photo block left out (tests/test_model_errors.py numbers its lines).
IMAGE_BLOCK = "      - image: {file: photos/a.jpg, caption: 图}\n        columns: 5-6\n        lines: 11-30\n"
EDITION = (BASE.replace("    body: |\n      9月13日上午，动员会举行。\n", "    body: BODY\n")
           .replace("      - article: lead\n", "      - article: ARTICLE\n").replace(IMAGE_BLOCK, ""))


def small_edition(folder: Path, body: str = "9月13日上午，动员会举行。", article: str = "lead") -> Path:
    """A one-page edition; `body` and `article` are YAML scalars as written."""
    path = folder / "edition.yaml"
    path.write_text(EDITION.replace("BODY", body).replace("ARTICLE", article), encoding="utf-8")
    return path


def cli(*args: str):
    from layout.cli import main

    return CliRunner().invoke(main, list(args), catch_exceptions=False)


# -- unprintable characters ------------------------------------------------------------
def test_printable_escapes_controls_and_bidi_only() -> None:
    from layout.errors import printable

    assert printable("版\u202e面\x1b[31m\n") == "版<U+202E>面<U+001B>[31m<U+000A>"
    assert printable("徐汇报 No. 38（总1744）") == "徐汇报 No. 38（总1744）"
    assert printable(printable("\u2066x")) == "<U+2066>x"


def test_missing_glyph_message_escapes_the_character(tmp_path: Path) -> None:
    path = small_edition(tmp_path, body='"9月13日上午，\\u202e动员会\\e[31m举行。"')
    r = cli("check", str(path))
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert "missing glyph U+202E in article lead, page 1" in lines
    assert "missing glyph U+001B in article lead, page 1" in lines
    assert "\u202e" not in r.output and "\x1b" not in r.output


def test_error_echoing_a_value_escapes_it(tmp_path: Path) -> None:
    path = small_edition(tmp_path, article='"lead\\u202e"')
    r = cli("check", str(path))
    assert r.exit_code == 2
    assert r.stderr.splitlines() == [
        f"{path}:27:18: block 2 on page 1: unknown article 'lead<U+202E>'; did you mean 'lead'?"]


# -- outputs that cannot be written ----------------------------------------------------
@contextlib.contextmanager
def tmpfs(folder: Path, options: str):
    """A small tmpfs at `folder` (read-only, or a few KB: a full disk); root only."""
    folder.mkdir(parents=True, exist_ok=True)
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True)
    if r.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def assert_output_fault(r, line: str) -> None:
    assert r.exit_code == 3, r.output
    assert r.stderr.splitlines()[-1:] == [line]
    assert "Traceback" not in r.output


@pytest.mark.parametrize(("options", "why"), [("ro,size=64k", "read-only file system"),
                                             ("size=16k", "no space left on device")])
def test_output_folder_that_refuses(tmp_path: Path, options: str, why: str) -> None:
    path = small_edition(tmp_path)
    with tmpfs(tmp_path / "out", options) as out:
        r = cli("print", str(path), "-o", f"{out}/x.pdf")
        assert_output_fault(r, f"cannot write {out}/x.pdf: {why}")
        assert list(out.iterdir()) == []


def test_parent_is_a_file(tmp_path: Path) -> None:
    path = small_edition(tmp_path)
    (tmp_path / "out").write_text("not a folder")
    r = cli("print", str(path), "-o", str(tmp_path / "out" / "x.pdf"))
    assert_output_fault(r, f"cannot write {tmp_path}/out/x.pdf: a parent folder is a file, not a folder")
    r = cli("preview", str(path), "-o", str(tmp_path / "out" / "sub" / "x.png"))
    assert_output_fault(r, f"cannot write {tmp_path}/out/sub/x.png: a parent folder is a file, not a folder")
    r = cli("epaper", str(path), "-o", str(tmp_path / "e.pdf"), "--html", str(tmp_path / "out" / "html"))
    assert_output_fault(r, f"cannot write {tmp_path}/out/html: a parent folder is a file, not a folder")


@pytest.mark.parametrize("command", ["print", "preview", "epaper"])
def test_output_may_not_replace_the_edition(tmp_path: Path, command: str) -> None:
    path = small_edition(tmp_path)
    before = path.read_bytes()
    r = cli(command, str(path), "-o", str(path))
    assert_output_fault(r, f"cannot write {path}: it is an input of this build")
    other = tmp_path / "sub" / ".." / "edition.yaml"       # the same file, spelt differently
    (tmp_path / "sub").mkdir()
    r = cli(command, str(path), "-o", str(other))
    assert_output_fault(r, f"cannot write {other}: it is an input of this build")
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["edition.yaml", "sub"]


def test_output_may_not_replace_a_photo(tmp_path: Path) -> None:
    from PIL import Image

    (tmp_path / "photos").mkdir()
    photo = tmp_path / "photos" / "a.jpg"
    Image.new("RGB", (400, 300), (120, 130, 140)).save(photo)
    before = photo.read_bytes()
    path = tmp_path / "edition.yaml"
    path.write_text(BASE, encoding="utf-8")        # BASE places photos/a.jpg
    r = cli("preview", str(path), "-o", str(photo))
    assert_output_fault(r, f"cannot write {photo}: it is an input of this build")
    assert photo.read_bytes() == before


# -- signals ---------------------------------------------------------------------------
# The driver runs the real program (layout.cli.run, the signal handlers included) with
# one function wrapped to send the process a signal at the chosen moment.
DRIVER = """
import os, signal, sys
import {module} as m
real = m.{name}
def hooked(*a, **k):
    out = real(*a, **k)
    os.kill(os.getpid(), signal.{signal})
    return out
m.{name} = hooked
sys.argv = ["layout", *{args!r}]
from layout.cli import run
run()
"""


def run_driver(tmp_path: Path, module: str, name: str, sig: str, *args: str) -> subprocess.CompletedProcess:
    code = DRIVER.format(module=module, name=name, signal=sig, args=list(args))
    env = {**os.environ, "TMPDIR": str(tmp_path / "tmp")}
    (tmp_path / "tmp").mkdir()
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)


@pytest.mark.parametrize(("sig", "status"), [("SIGTERM", 143), ("SIGINT", 130)])
def test_signal_just_after_the_temporary_file_leaves_nothing(tmp_path: Path, sig: str, status: int) -> None:
    path = small_edition(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (out / "x.pdf").write_bytes(b"the previous PDF")
    r = run_driver(tmp_path, "layout.output.atomic", "_new_temporary", sig, "print", str(path), "-o", str(out / "x.pdf"))
    assert r.returncode == status, r.stderr
    assert "Traceback" not in r.stderr
    assert [p.name for p in out.iterdir()] == ["x.pdf"]
    assert (out / "x.pdf").read_bytes() == b"the previous PDF"


def test_sigterm_mid_render_leaves_no_temporary_folder(tmp_path: Path) -> None:
    path = small_edition(tmp_path)
    r = run_driver(tmp_path, "layout.output.printpdf", "paint", "SIGTERM", "print", str(path),
                   "-o", str(tmp_path / "x.pdf"))
    assert r.returncode == 143, r.stderr
    assert r.stderr == ""
    assert list((tmp_path / "tmp").iterdir()) == []
    assert not (tmp_path / "x.pdf").exists()


STARTING = """
import builtins, os, signal, sys
real_import = builtins.__import__
def hooked(name, *a, **k):
    if name == "cli":               # `from .cli import run`: click and the stages load now
        os.kill(os.getpid(), signal.SIGINT)
    return real_import(name, *a, **k)
builtins.__import__ = hooked
sys.argv = ["layout", "check", {path!r}]
from layout.__main__ import entry
entry()
"""


def test_ctrl_c_while_starting_prints_no_traceback(tmp_path: Path) -> None:
    """A Ctrl-C while the program is still importing its stages (its first ~40 ms)."""
    path = small_edition(tmp_path)
    r = subprocess.run([sys.executable, "-c", STARTING.format(path=str(path))], cwd=ROOT, capture_output=True,
                       text=True, timeout=60)
    assert (r.returncode, r.stdout, r.stderr) == (130, "", "")


def test_ctrl_c_during_font_preparation(tmp_path: Path) -> None:
    """Ctrl-C reaches the whole process group, the font workers too: the run stops at
    once (not after the faces), 130, no traceback from any process, no temporary file."""
    path = small_edition(tmp_path)
    env = {**os.environ, "LAYOUT_FONT_CACHE": str(tmp_path / "cold"), "TMPDIR": str(tmp_path / "tmp")}
    (tmp_path / "tmp").mkdir()
    proc = subprocess.Popen([sys.executable, "-m", "layout.cli", "print", str(path), "-o", str(tmp_path / "x.pdf")],
                            cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True, start_new_session=True)
    assert proc.stderr is not None
    seen = proc.stderr.readline()
    assert seen.startswith("Preparing"), seen
    time.sleep(0.5)
    os.killpg(proc.pid, signal.SIGINT)
    err = proc.stderr.read()
    proc.wait(timeout=20)
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err
    assert not [p for p in (tmp_path / "cold").iterdir() if p.name.startswith(".")]
    assert list((tmp_path / "tmp").iterdir()) == []
    assert not (tmp_path / "x.pdf").exists()


# -- the cache -------------------------------------------------------------------------
KAI_TEXT = "楷体测试：堃𠮷，好。"


def kai_book():
    """A book of LXGW WenKai alone: prepared cold in about a second."""
    from layout.fonts import book as fontbook
    from layout.fonts.book import FontBook
    from layout.fonts.catalogue import load_catalogue

    fontbook._parsed_parts.clear()
    cat = load_catalogue()
    book = FontBook({"kai": (cat.faces["LXGW WenKai Regular"], ())}, cat, progress=False)
    book.ensure(KAI_TEXT)
    assert all(ch in book.stack("kai").primary.gids for ch in KAI_TEXT)
    return book


def test_cache_that_is_a_file_is_bypassed(tmp_path: Path, monkeypatch, capsys) -> None:
    from layout.fonts import cache

    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache should be")
    monkeypatch.setenv(cache.ENV_VAR, str(blocker))
    kai_book()
    assert capsys.readouterr().err.splitlines() == [
        f"warning: cannot use the cache {blocker}: it is a file, not a folder; using a temporary folder for this run"]
    assert blocker.read_text() == "a file where the cache should be"


def test_read_only_cache_is_bypassed(tmp_path: Path, monkeypatch, capsys) -> None:
    from layout.fonts import cache

    with tmpfs(tmp_path / "ro", "ro,size=64k") as ro:
        monkeypatch.setenv(cache.ENV_VAR, str(ro))
        kai_book()
    assert capsys.readouterr().err.splitlines() == [
        f"warning: cannot use the cache {ro}: read-only file system; using a temporary folder for this run"]


def test_cache_entry_replaced_by_a_folder_is_rebuilt(tmp_path: Path, monkeypatch) -> None:
    from layout.fonts import cache

    d = tmp_path / "cache"
    monkeypatch.setenv(cache.ENV_VAR, str(d))
    first = kai_book()
    assert first.prepared_count == 2
    for entry in [p for p in d.iterdir() if p.suffix in (".bin", ".ttf", ".lock", ".json")]:
        entry.unlink()
        (entry / "inside").mkdir(parents=True)
    again = kai_book()
    assert again.prepared_count == 2                # prepared afresh, in the same places
    assert kai_book().prepared_count == 0           # and kept: the next run is warm
    assert not [p for p in d.rglob("inside")]


def test_full_disk_while_preparing_fonts_is_bypassed(tmp_path: Path, monkeypatch, capsys) -> None:
    from layout.fonts import cache

    with tmpfs(tmp_path / "small", "size=512k") as small:
        monkeypatch.setenv(cache.ENV_VAR, str(small / "cache"))
        kai_book()
        assert not [p for p in (small / "cache").iterdir() if p.name.startswith(".")]
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1
    assert re.fullmatch(rf"warning: cannot use the cache {small}/cache: no space left on device "
                        rf"\({small}/cache/[0-9a-f]{{24}}-[0-9a-f]{{16}}\.ttf\); using a temporary folder for this run",
                        err[0]), err[0]


def test_full_disk_everywhere_while_preparing_fonts(tmp_path: Path) -> None:
    """No room for the cache nor for a temporary one: an environment fault, exit 3."""
    path = small_edition(tmp_path)
    with tmpfs(tmp_path / "small", "size=512k") as small:
        (small / "tmp").mkdir()
        env = {**os.environ, "LAYOUT_FONT_CACHE": str(small / "cache"), "TMPDIR": str(small / "tmp"),
               "LAYOUT_QUIET": "1"}
        r = subprocess.run([sys.executable, "-m", "layout.cli", "print", str(path), "-o", str(tmp_path / "x.pdf")],
                           cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
        assert r.returncode == 3, r.stderr
        last = r.stderr.splitlines()[-1]
        assert re.fullmatch(rf"cannot write {small}/tmp/layout-cache-\w+/[0-9a-f]{{24}}-[0-9a-f]{{16}}\.\w+: "
                            r"no space left on device", last), last
        assert "Traceback" not in r.stderr
        assert list((small / "tmp").iterdir()) == []
        assert not [p for p in (small / "cache").iterdir() if p.name.startswith(".")]
    assert not (tmp_path / "x.pdf").exists()


def test_everything_kept_lives_in_the_cache_folder(tmp_path: Path) -> None:
    """LAYOUT_FONT_CACHE=/x/y: the QR symbols and font programs go inside /x/y too."""
    from layout.fonts import cache

    warm = cache.configured_root() if not os.environ.get(cache.ENV_VAR) else Path(os.environ[cache.ENV_VAR])
    home = tmp_path / "x"
    mine = home / "y"
    mine.mkdir(parents=True)
    for p in warm.iterdir():            # start warm: this is about where files go, not preparing
        if p.is_file() and not p.name.startswith("."):
            shutil.copy2(p, mine / p.name)
    path = small_edition(tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace(
        "  url: http://www.xuhuibao.com\n",
        "  url: http://www.xuhuibao.com\n  channels:\n    - {label: 徐汇通 APP, url: \"http://www.xuhuibao.com/#app\"}\n"),
        encoding="utf-8")
    env = {**os.environ, cache.ENV_VAR: str(mine)}
    r = subprocess.run([sys.executable, "-m", "layout.cli", "print", str(path), "-o", str(tmp_path / "x.pdf")],
                       cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert [p.name for p in home.iterdir()] == ["y"]
    assert list((mine / "qr").glob("*.bin")) and list((mine / "programs").glob("*.bin"))


def test_output_may_not_replace_a_copy_file(tmp_path: Path) -> None:
    (tmp_path / "copy").mkdir()
    copy = tmp_path / "copy" / "lead.txt"
    copy.write_text("9月13日上午，动员会举行。\n", encoding="utf-8")
    path = small_edition(tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace("    body: 9月13日上午，动员会举行。\n",
                                                             "    file: copy/lead.txt\n"), encoding="utf-8")
    r = cli("print", str(path), "-o", str(copy))
    assert_output_fault(r, f"cannot write {copy}: it is an input of this build")
    assert copy.read_text(encoding="utf-8") == "9月13日上午，动员会举行。\n"


def test_ctrl_c_stops_the_watcher_while_fonts_are_prepared(tmp_path: Path) -> None:
    """`preview --watch` on a cold font cache: Ctrl-C ends the watch (its normal end,
    exit 0) at once, not after the faces are prepared."""
    path = small_edition(tmp_path)
    env = {**os.environ, "LAYOUT_FONT_CACHE": str(tmp_path / "cold"), "TMPDIR": str(tmp_path / "tmp")}
    (tmp_path / "tmp").mkdir()
    proc = subprocess.Popen([sys.executable, "-m", "layout.cli", "preview", str(path), "-o", str(tmp_path / "p.png"),
                             "--watch"], cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True, start_new_session=True)
    assert proc.stderr is not None
    seen = ""
    while not seen.startswith("Preparing"):
        seen = proc.stderr.readline()
        assert seen, "the watcher ended before preparing fonts"
    time.sleep(0.5)
    os.killpg(proc.pid, signal.SIGINT)
    err = proc.stderr.read()
    proc.wait(timeout=20)
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    assert not [p for p in (tmp_path / "cold").iterdir() if p.name.startswith(".")]
    assert list((tmp_path / "tmp").iterdir()) == []


def test_output_may_not_replace_a_base_file(tmp_path: Path) -> None:
    base = tmp_path / "weekly.yaml"
    base.write_text("page:\n  columns: 6\n", encoding="utf-8")
    path = small_edition(tmp_path)
    path.write_text("extends: weekly.yaml\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    r = cli("print", str(path), "-o", str(base))
    assert_output_fault(r, f"cannot write {base}: it is an input of this build")
    assert base.read_text(encoding="utf-8") == "page:\n  columns: 6\n"
