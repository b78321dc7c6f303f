"""`layout serve` latency, as an editor feels it: from saving the YAML to the new page
picture being served, on the 8-page benchmark edition.

The server runs as `layout serve` in its own process; this process saves the file as
an editor does (a new file renamed over the old), waits for the server's `version`
event and fetches `/page/N.png`. A one-paragraph edit is timed several times (a
different paragraph each time); a full relayout is the punctuation style switched for
the whole edition, so every paragraph is composed and every page painted again, in the
warm process.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]


class _Served:
    """A `layout serve` process and an event stream from it."""

    def __init__(self, edition: Path, env: dict[str, str]):
        self.proc = subprocess.Popen([sys.executable, "-m", "layout.cli", "serve", str(edition), "--port", "0"],
                                     cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        assert self.proc.stderr is not None
        line = ""
        while "serving" not in line:
            line = self.proc.stderr.readline()
            if not line:
                raise SystemExit("layout serve ended before serving")
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert m is not None
        self.port = int(m.group(1))
        threading.Thread(target=self.proc.stderr.read, daemon=True).start()     # keep the pipe drained
        self.events = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        self.events.request("GET", "/events")
        self.stream = self.events.getresponse()
        self.version = self.next_version()

    def next_version(self) -> dict[str, Any]:
        kind = None
        while True:
            line = self.stream.fp.readline().decode().rstrip("\n")
            if not line and self.stream.fp.closed:
                raise SystemExit("event stream closed")
            if line.startswith("event: "):
                kind = line[7:]
            elif line.startswith("data: ") and kind == "version":
                status: dict[str, Any] = json.loads(line[6:])
                return status

    def page(self, number: int) -> bytes:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            conn.request("GET", f"/page/{number}.png")
            return conn.getresponse().read()
        finally:
            conn.close()

    def stop(self) -> None:
        self.events.close()
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def _save(path: Path, doc: dict[str, Any]) -> float:
    """Write `doc` as an editor saves; the time of the rename."""
    tmp = path.with_name(path.name + ".new~")
    tmp.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    t = time.perf_counter()
    os.replace(tmp, path)
    return t


def bench_serve(edition: Path, folder: Path, edits: int, env: dict[str, str]) -> dict[str, float]:
    """Median seconds from save to new picture for one-paragraph edits, and for a full relayout."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "edition.yaml"
    doc = yaml.safe_load(edition.read_text(encoding="utf-8"))
    path.write_text(edition.read_text(encoding="utf-8"), encoding="utf-8")
    served = _Served(path, env)
    try:
        where = {b["article"]: n for n, p in enumerate(doc["pages"], 1) for b in p["blocks"] if "article" in b}
        latencies, builds, cpus = [], [], []
        for i in range(edits):
            article = doc["articles"][(7 + 5 * i) % len(doc["articles"])]
            number = where[article["id"]]
            before = served.page(number)
            paras = article["body"].split("\n\n")
            k = i % len(paras)
            paras[k] = paras[k][:6] + "新" + paras[k][6:]     # one character more in one paragraph
            article["body"] = "\n\n".join(paras)
            saved = _save(path, doc)
            status = served.next_version()
            png = served.page(number)
            latencies.append(time.perf_counter() - saved)
            builds.append(status["build_s"])
            cpus.append(status["cpu_s"])
            if not status["ok"] or png == before:
                raise SystemExit(f"serve bench: edit {i} did not change page {number}: {status}")
        doc["compose"] = "kaiming" if doc.get("compose") != "kaiming" else "quanjiao"
        saved = _save(path, doc)
        status = served.next_version()
        for n in range(1, len(doc["pages"]) + 1):
            served.page(n)
        full = time.perf_counter() - saved
    finally:
        served.stop()
    return {"edit": statistics.median(latencies), "edit_build": statistics.median(builds),
            "edit_cpu": statistics.median(cpus), "full": full, "full_build": status["build_s"],
            "full_cpu": status["cpu_s"], "edits": float(edits)}
