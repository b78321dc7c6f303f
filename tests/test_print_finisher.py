"""The print's PDF/X pass and preflight in a second process (layout/output/finisher.py):
the same bytes and the same preflight lines as done in one process, the work done
again here when the child fails or dies, and no process left behind by a signal."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_faults import DRIVER, ROOT, small_edition
from test_preflight import BROKEN, _edited

from layout.output import finisher


def _print(b, out: Path, monkeypatch: pytest.MonkeyPatch, enabled: bool, ink_limit: float | None = None
           ) -> tuple[bytes, list[str], list[str]]:
    """Bytes, preflight failures and reported problems of a print of `b` (a copy: the
    session's build keeps its problems)."""
    import dataclasses

    from layout.output.printpdf import write_print_pdf

    ed = b.edition
    if ink_limit is not None:
        page = dataclasses.replace(ed.page, print=dataclasses.replace(ed.page.print, ink_limit=ink_limit))
        ed = dataclasses.replace(ed, page=page)
    b = dataclasses.replace(b, edition=ed, result=dataclasses.replace(b.result, problems=list(b.result.problems)))
    monkeypatch.setattr(finisher, "ENABLED", enabled)
    failures = write_print_pdf(b, str(out))
    return out.read_bytes(), failures, [p.message.replace(str(out), "OUT") for p in b.result.problems]


def _parsed_content(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Where the preflight parses content streams from now on ("page 2", "page 2, form /X1" …)."""
    from layout.output import preflight as pf

    parsed: list[str] = []
    real_content = pf.Checker.content

    def content(self, stream, resources, where, visited, ctm=pf._IDENTITY) -> None:
        parsed.append(where)
        real_content(self, stream, resources, where, visited, ctm)

    monkeypatch.setattr(pf.Checker, "content", content)
    return parsed


def test_same_bytes_and_failures_with_and_without_the_child(sample_build, tmp_path, monkeypatch) -> None:
    from layout.output import printpdf

    one = _print(sample_build, tmp_path / "one.pdf", monkeypatch, enabled=False)
    two = _print(sample_build, tmp_path / "two.pdf", monkeypatch, enabled=True)
    assert one == two
    # the child's text objects for the later half of the pages
    monkeypatch.setattr(printpdf, "HANDED_EIGHTHS", 4)
    given = []
    from layout.paint import painter

    real_run = painter.Painter.run

    def run(self, canvas, r, geo, text=None) -> None:
        given.append(text is not None)
        real_run(self, canvas, r, geo, text)

    monkeypatch.setattr(painter.Painter, "run", run)
    real_early = finisher.Finisher.early_result
    monkeypatch.setattr(finisher.Finisher, "early_result", lambda self, wait=True: real_early(self, True))
    three = _print(sample_build, tmp_path / "three.pdf", monkeypatch, enabled=True)
    assert any(given) and not all(given)
    assert three == one
    # the child's text objects late (a busy second core): this process paints them itself
    monkeypatch.setattr(finisher.Finisher, "early_result", real_early)
    real_texts = printpdf._text_objects

    def slow(*args):
        import time

        time.sleep(2.0)
        return real_texts(*args)

    monkeypatch.setattr(printpdf, "_text_objects", slow)
    given.clear()
    late = _print(sample_build, tmp_path / "late.pdf", monkeypatch, enabled=True)
    assert given and not any(given)
    assert late == one
    # a limit the sample's inks break: the child's failures are the parent's
    one = _print(sample_build, tmp_path / "one.pdf", monkeypatch, enabled=False, ink_limit=150.0)
    two = _print(sample_build, tmp_path / "two.pdf", monkeypatch, enabled=True, ink_limit=150.0)
    assert any("total ink" in f for f in one[1])
    assert one == two


@pytest.mark.parametrize("warm", ["dies", "raises"])
def test_a_failing_child_costs_time_not_the_result(warm: str) -> None:
    def die() -> None:
        if warm == "dies":
            os._exit(1)
        raise RuntimeError("no pikepdf here")

    def work(painted: bytes, inks: dict[str, float]) -> tuple[bytes, list[str]]:
        return painted[::-1] + str(os.getpid()).encode(), sorted(inks)

    with finisher.Finisher(work, warm=die) as f:
        assert f.pid                                   # a child was started
        data, failures = f.finish(b"abc", {"k": 1.0})
    assert (data, failures) == (b"cba" + str(os.getpid()).encode(), ["k"])    # done here
    assert f.pid == 0


def test_the_child_answers_with_its_own_work() -> None:
    parent = os.getpid()

    def work(painted: bytes, inks: dict[str, float]) -> tuple[bytes, list[str]]:
        return painted + b"!", [str(os.getpid() != parent)]

    with finisher.Finisher(work, warm=lambda: None) as f:
        assert f.finish(b"abc" * 100_000, {}) == (b"abc" * 100_000 + b"!", ["True"])


PID_HOOK = """
import layout.output.finisher as fin
real_init = fin.Child.__init__
def init(self, task):
    real_init(self, task)
    open({pidfile!r}, "w").write(str(self.pid))
fin.Child.__init__ = init
"""


@pytest.mark.parametrize(("sig", "status"), [("SIGTERM", 143), ("SIGINT", 130)])
def test_a_signal_while_the_child_waits_leaves_no_process(tmp_path: Path, sig: str, status: int) -> None:
    """The signal arrives just after painting, while the child waits for the PDF."""
    path = small_edition(tmp_path)
    pidfile = tmp_path / "child.pid"
    code = PID_HOOK.format(pidfile=str(pidfile)) + DRIVER.format(
        module="layout.output.printpdf", name="paint", signal=sig,
        args=["print", str(path), "-o", str(tmp_path / "x.pdf")])
    env = {**os.environ, "TMPDIR": str(tmp_path / "tmp")}
    (tmp_path / "tmp").mkdir()
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == status, r.stderr
    assert r.stderr == ""
    pid = int(pidfile.read_text())
    assert pid > 0
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    assert not (tmp_path / "x.pdf").exists()
    assert list((tmp_path / "tmp").iterdir()) == []


def test_print_from_a_new_process_matches_in_process(sample_build, tmp_path, monkeypatch) -> None:
    """`layout print` (the child used) gives the bytes of a print done in one process."""
    data = _print(sample_build, tmp_path / "here.pdf", monkeypatch, enabled=False)[0]
    r = subprocess.run([sys.executable, "-m", "layout.cli", "print", sample_build.edition.source,
                        "-o", str(tmp_path / "cli.pdf")], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "cli.pdf").read_bytes() == data


@pytest.fixture(scope="module")
def clean_pdf(sample_build, tmp_path_factory) -> Path:
    from layout.output.printpdf import render_print_pdf

    path = tmp_path_factory.mktemp("shared") / "good.pdf"
    path.write_bytes(render_print_pdf(sample_build)[0])
    return path


@pytest.mark.parametrize(("name", "edit"), [(b[0], b[1]) for b in BROKEN] + [("good", None)],
                         ids=[b[0] for b in BROKEN] + ["good"])
def test_shared_preflight_says_what_the_preflight_says(clean_pdf, tmp_path, tmp_cache, monkeypatch, name, edit
                                                       ) -> None:
    """Half of the pages checked in a second process: the same lines, in the same order,
    whichever half breaks a rule (no page found clean before: an empty cache)."""
    from layout.output.preflight import preflight, preflight_shared

    data = (_edited(clean_pdf, tmp_path, edit) if edit else clean_pdf).read_bytes()
    alone = preflight(data)
    assert bool(alone) == (edit is not None)
    started = []
    real_init = finisher.Child.__init__

    def init(self: finisher.Child, task) -> None:
        real_init(self, task)
        started.append(self.pid)

    monkeypatch.setattr(finisher.Child, "__init__", init)
    assert preflight_shared(data) == alone
    assert started and started[0] > 0                 # the second process did check
    monkeypatch.setattr(finisher, "ENABLED", False)
    assert preflight_shared(data) == alone


def test_a_page_found_clean_is_parsed_again_only_when_what_its_check_reads_changes(
        clean_pdf, tmp_path, tmp_cache, monkeypatch) -> None:
    """The print's preflight keeps the pages it found clean (preflight_memo.py): the same
    page is not parsed again, a page whose content or resources changed is, and so is
    every page under another limit; the lines are always the full preflight's."""
    import pikepdf
    from test_preflight import _append, _transparency

    from layout.output import preflight as pf

    monkeypatch.setattr(finisher, "ENABLED", False)          # every page parsed in this process
    parsed = _parsed_content(monkeypatch)

    def pages_parsed(data: bytes) -> list[str]:
        """The pages whose content a clean preflight parsed."""
        parsed.clear()
        assert pf.preflight_shared(data) == []
        return sorted(w for w in parsed if w.startswith("page ") and "," not in w)

    good = clean_pdf.read_bytes()
    with pikepdf.open(clean_pdf) as pdf:
        n = len(pdf.pages)
    assert n > 1
    everything = sorted(f"page {i}" for i in range(1, n + 1))
    assert pages_parsed(good) == everything
    assert pages_parsed(good) == []                            # found clean before: none parsed

    # one page's content changes, clean: only that page is parsed, though the file is rewritten
    # (objects renumbered) and its fonts are shared
    grey = _edited(clean_pdf, tmp_path, lambda pdf: _append(pdf, b"q 0 0 0 0.5 k 100 100 20 20 re f Q", page=1))
    assert pages_parsed(grey.read_bytes()) == ["page 2"]
    # a change that breaks a rule, in the content or only in a resource, is found
    for edit, line in ((lambda pdf: _append(pdf, b"q 1 0 0 rg 100 100 20 20 re f Q"), "page 1: RGB colour"),
                       (_transparency, "page 1, graphics state /GSalpha: transparency")):
        data = _edited(clean_pdf, tmp_path, edit).read_bytes()
        lines = pf.preflight_shared(data)
        assert lines == pf.preflight(data) and any(line in x for x in lines)
    with pikepdf.open(clean_pdf) as pdf:            # a resource changed, the content not
        pdf.pages[0].Resources.ExtGState[next(iter(pdf.pages[0].Resources.ExtGState.keys()))].CA = 0.5
        out = tmp_path / "alpha.pdf"
        pdf.save(out)
    lines = pf.preflight_shared(out.read_bytes())
    assert lines == pf.preflight(out.read_bytes()) and any("transparency (CA 0.5)" in x for x in lines)
    # another limit: every page checked again, the same lines as the full preflight
    parsed.clear()
    lines = pf.preflight_shared(good, ink_limit=200.0)
    assert {w for w in parsed if w.startswith("page ") and "," not in w} == set(everything)
    assert lines == pf.preflight(good, ink_limit=200.0)


def test_no_verdict_is_used_or_kept_when_the_checkers_code_cannot_be_named(
        clean_pdf, tmp_cache, monkeypatch) -> None:
    """A checker whose source cannot be read could be a changed one: every page is parsed,
    every time, and nothing is kept."""
    from layout.output import preflight as pf
    from layout.output import preflight_memo

    monkeypatch.setattr(finisher, "ENABLED", False)
    monkeypatch.setattr(preflight_memo, "_checker_digest", lambda: None)
    parsed = _parsed_content(monkeypatch)
    good = clean_pdf.read_bytes()
    for _ in range(2):
        parsed.clear()
        assert pf.preflight_shared(good) == []
        assert any(w == "page 1" for w in parsed)
    assert not (tmp_cache / preflight_memo.FOLDER).exists() or not any((tmp_cache / preflight_memo.FOLDER).iterdir())


def test_without_threads_the_print_is_the_same(sample_build, tmp_path, monkeypatch) -> None:
    """Where no thread can be started (a process limit), the page streams are compressed
    by the painter itself and the finisher's child is not kept (its pipe needs a reading
    thread): the same PDF, the same preflight, and no child process left behind."""
    import threading

    one = _print(sample_build, tmp_path / "one.pdf", monkeypatch, enabled=True)
    started: list[int] = []
    real_fork = os.fork

    def fork() -> int:
        pid = real_fork()
        if pid:
            started.append(pid)
        return pid

    def refuse(self: threading.Thread) -> None:
        raise RuntimeError("can't start new thread")

    monkeypatch.setattr(os, "fork", fork)
    monkeypatch.setattr(threading.Thread, "start", refuse)
    two = _print(sample_build, tmp_path / "two.pdf", monkeypatch, enabled=True)
    monkeypatch.undo()
    assert two == one
    assert started                              # a child was forked, then ended and reaped
    for pid in started:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)
