"""`layout serve` driven over HTTP: an edit of the YAML is laid out again and served, only
what changed is composed and rasterised again, a bad edit shows its error and keeps the
last good pictures, and Ctrl-C stops it cleanly."""

from __future__ import annotations

import http.client
import io
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT
from edition_maker import body_text, edition_yaml
from PIL import Image

from layout.serve.server import Server

LOC = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): ")


def two_pages(first_lines: str = "1-70", body: str | None = None) -> str:
    """Page 1: article a (its lines are what the tests change); page 2: article b."""
    pages = [{"blocks": [{"article": "a", "columns": "1-4", "lines": first_lines}]},
             {"blocks": [{"article": "b", "columns": "1-4", "lines": "1-30"}]}]
    arts = [{"id": "a", "headline": "区领导走访调研区内科技企业", "body": body or body_text(2500)},
            {"id": "b", "headline": "主题教育动员会举行", "body": body_text(1200, 5)}]
    return edition_yaml(pages, arts)


@pytest.fixture
def served(tmp_path):
    path = tmp_path / "edition.yaml"
    path.write_text(two_pages(), encoding="utf-8")
    server = Server(str(path), port=0, dpi=30)
    server.start()
    try:
        yield server, path
    finally:
        server.stop()


def get(server: Server, what: str) -> bytes:
    with urllib.request.urlopen(server.url + what.lstrip("/"), timeout=30) as r:
        return r.read()


def status(server: Server) -> dict:
    return json.loads(get(server, "status.json"))


def wait_version(server: Server, after: int, timeout: float = 60) -> dict:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        s = status(server)
        if s["version"] > after:
            return s
        time.sleep(0.02)
    pytest.fail(f"no rebuild after version {after}")


def save(path: Path, text: str) -> None:
    """As editors save: a new file renamed over the old one."""
    tmp = path.with_name(path.name + ".new~")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def test_an_edit_is_laid_out_again_and_served(served):
    server, path = served
    assert server.httpd.server_address[0] == "127.0.0.1"
    first = status(server)
    assert first["ok"] and first["version"] == 1 and first["build_s"] > 0
    assert any("underset: a" in p for p in first["problems"])
    p1, p2 = get(server, "page/1.png"), get(server, "page/2.png")
    with Image.open(io.BytesIO(p1)) as im:
        assert im.format == "PNG" and im.size == (round(server.session._good.result.pages[0].width * 30 / 72),
                                                   round(server.session._good.result.pages[0].height * 30 / 72))
    rendered = server.session.rendered
    save(path, two_pages("1-30"))           # block a shortened: overset now
    after = wait_version(server, first["version"])
    assert after["version"] == first["version"] + 1 and after["ok"]
    assert any(LOC.match(p) and "overset: a, " in p for p in after["problems"])
    assert get(server, "page/1.png") != p1
    assert get(server, "page/2.png") == p2          # page 2 did not change...
    assert server.session.rendered == rendered + 1  # ...and was not rasterised again
    layout = json.loads(get(server, "layout.json"))
    a = next(b for b in layout["blocks"] if b["article"] == "a")
    assert a["lines"] == "1-30" and a["overset_chars"] > 0
    # a plain write in place is seen too
    path.write_text(two_pages("1-65"), encoding="utf-8")
    assert wait_version(server, after["version"])["ok"]


def test_an_unchanged_paragraph_is_not_composed_again(served, monkeypatch):
    import layout.compose as compose

    server, path = served
    body_calls: list[str] = []
    real = compose.compose_paragraph

    def counting(text, *args, **kwargs):
        if kwargs.get("indent") == 2.0:     # body paragraphs (headlines and bylines are set apart)
            body_calls.append(text)
        return real(text, *args, **kwargs)

    monkeypatch.setattr(compose, "compose_paragraph", counting)
    v = status(server)["version"]
    paras = body_text(2500).split("\n\n")
    paras[3] = "编者按：" + paras[3]
    save(path, two_pages(body="\n\n".join(paras)))
    wait_version(server, v)
    assert body_calls == [paras[3]]


def test_an_invalid_edition_shows_the_error_and_keeps_the_pictures(served):
    server, path = served
    good = path.read_text(encoding="utf-8")
    v = status(server)["version"]
    p1 = get(server, "page/1.png")
    save(path, good.replace("columns: 1-4", "columns: 1-40", 1))
    bad = wait_version(server, v)
    assert not bad["ok"]
    m = LOC.match(bad["problems"][0])
    assert m and m["file"] == str(path) and "columns" in bad["problems"][0]
    lines = good.splitlines()
    assert "columns: 1-4" in lines[int(m["line"]) - 1]          # the line the error names
    assert get(server, "page/1.png") == p1                      # the last good picture stays
    layout = json.loads(get(server, "layout.json"))
    assert layout["ok"] is False and layout["pages"] and layout["problems"][0]["where"] == m.group(0)[:-2]
    save(path, "format: 1\npages: [\n")                         # not even YAML
    worse = wait_version(server, bad["version"])
    assert not worse["ok"] and worse["problems"][0].startswith(f"{path}:")
    save(path, good)
    assert wait_version(server, worse["version"])["ok"]
    with pytest.raises(urllib.error.HTTPError) as err:
        get(server, "page/9.png")
    assert err.value.code == 404


def test_the_browser_is_told_of_every_version(served):
    server, path = served
    host, port = server.httpd.server_address[:2]
    conn = http.client.HTTPConnection(host, port, timeout=60)
    conn.request("GET", "/events")
    resp = conn.getresponse()
    assert resp.status == 200 and resp.getheader("Content-Type").startswith("text/event-stream")

    def next_event() -> dict:
        event = None
        while True:
            line = resp.fp.readline().decode().rstrip("\n")
            if line.startswith("event: "):
                event = line[7:]
            elif line.startswith("data: ") and event == "version":
                return json.loads(line[6:])

    first = next_event()
    assert first["version"] == status(server)["version"]
    save(path, two_pages("1-30"))
    assert next_event()["version"] == first["version"] + 1
    conn.close()


def test_ctrl_c_stops_cleanly(tmp_path):
    path = tmp_path / "edition.yaml"
    path.write_text(two_pages(), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "layout.cli", "serve", str(path), "--port", "0", "--dpi", "20"],
                            cwd=ROOT, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    try:
        line = ""
        while "serving" not in line:
            line = proc.stderr.readline()
            assert line, "the server ended before serving"
        url = re.search(r"http://127\.0\.0\.1:\d+/", line).group(0)
        with urllib.request.urlopen(url + "status.json", timeout=30) as r:
            assert json.load(r)["ok"]
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err


def test_a_save_of_a_copy_file_is_seen(tmp_path):
    """The server watches every file the edition reads (Edition.inputs), not just the YAML."""
    import yaml

    copy = tmp_path / "copy"
    copy.mkdir()
    story = copy / "story.txt"
    story.write_text(body_text(600).replace("\n\n", "\n"), encoding="utf-8")
    doc = yaml.safe_load(two_pages())
    doc["articles"][1] = {"id": "b", "headline": "主题教育动员会举行", "file": "copy/story.txt"}
    path = tmp_path / "edition.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    server = Server(str(path), port=0, dpi=20)
    server.start()
    try:
        first = status(server)
        assert first["ok"], first
        assert str(story.resolve()) in server.session.inputs
        p2 = get(server, "page/2.png")
        save(story, story.read_text(encoding="utf-8") + "\n" + body_text(900, 11).replace("\n\n", "\n"))
        after = wait_version(server, first["version"])
        assert after["ok"] and get(server, "page/2.png") != p2
        story.unlink()                                   # a missing copy file: the error, located
        gone = wait_version(server, after["version"])
        assert not gone["ok"] and gone["problems"][0].startswith(f"{path}:")
        story.write_text(body_text(300), encoding="utf-8")   # created again: seen while invalid
        assert wait_version(server, gone["version"])["ok"]
    finally:
        server.stop()


def test_a_changed_font_role_is_checked_again(served):
    """The font book is kept across saves only while the edition names the same fonts."""
    import yaml

    server, path = served
    v = status(server)["version"]
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["styles"] = {"headline": {"font": "nosuch"}}
    save(path, yaml.safe_dump(doc, allow_unicode=True, sort_keys=False))
    bad = wait_version(server, v)
    assert not bad["ok"] and any("unknown font role 'nosuch'" in p for p in bad["problems"])
    doc["styles"] = {"headline": {"font": "kai"}}
    save(path, yaml.safe_dump(doc, allow_unicode=True, sort_keys=False))
    assert wait_version(server, bad["version"])["ok"]


def test_no_thread_to_be_had_is_one_line_not_a_traceback(tmp_path, monkeypatch):
    """`serve` runs its watcher and its HTTP server on threads: where none can be started
    (a process limit), it says so in one line and exits 3."""
    import threading

    from click.testing import CliRunner

    from layout.cli import main

    path = tmp_path / "edition.yaml"
    path.write_text(two_pages(), encoding="utf-8")

    def refuse(self: threading.Thread) -> None:
        raise RuntimeError("can't start new thread")

    monkeypatch.setattr(threading.Thread, "start", refuse)
    result = CliRunner().invoke(main, ["serve", str(path), "--port", "0"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 3, result.output
    lines = result.output.strip().splitlines()
    assert lines == [next(ln for ln in lines if ln.startswith("cannot serve http://127.0.0.1:"))]
    assert "no thread for its watch" in lines[0]
