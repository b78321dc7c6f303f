"""How `make bench` times things: each command a new process, wall and CPU time and
peak memory from the kernel, paired runs whose ratios are taken round by round.

On a shared machine a slow moment slows both commands of a round, so the median of
the per-round ratios is steadier than the ratio of two medians; CPU time (user +
system of the child) moves less than wall time when other jobs compete for the cores.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def child_env() -> dict[str, str]:
    """The environment of a timed command: as a user's shell has it, with bytecode
    cached (a development shell's PYTHONDONTWRITEBYTECODE would recompile every
    module of ours at each start, which no installed copy does)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


@dataclass(frozen=True)
class Run:
    """One command in a new process."""

    wall: float         # s
    cpu: float          # s, user + system of the child
    peak_mib: float     # resident set size at its highest


# Linux carries a process's peak memory across fork and exec: a command started by this
# script would report at least this script's own peak (which grows past 200 MiB once the
# font and composer sections ran). So commands are started by a small launcher process,
# started while this one is still small, and their peak is their own.
_LAUNCHER_CODE = r"""
import json, os, subprocess, sys, time
for line in sys.stdin:
    req = json.loads(line)
    started = time.perf_counter()
    proc = subprocess.Popen(req["cmd"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=req["cwd"],
                            env=req["env"])
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    print(json.dumps({"status": os.waitstatus_to_exitcode(status), "wall": wall,
                      "cpu": usage.ru_utime + usage.ru_stime, "peak_kib": usage.ru_maxrss,
                      "err": err.decode("utf-8", "replace")[-2000:]}), flush=True)
"""
_launcher: subprocess.Popen[str] | None = None


def start_launcher() -> None:
    """Start the launcher now (call it before this process grows; bench/run.py does at import)."""
    global _launcher
    if _launcher is None:
        _launcher = subprocess.Popen([sys.executable, "-c", _LAUNCHER_CODE], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)


def run(cmd: Sequence[str], *, cwd: Path = ROOT) -> Run:
    """Run `cmd` once in a new process; exit status 0 or 1 (problems reported) is fine."""
    start_launcher()
    assert _launcher is not None and _launcher.stdin is not None and _launcher.stdout is not None
    _launcher.stdin.write(json.dumps({"cmd": list(map(str, cmd)), "cwd": str(cwd), "env": child_env()}) + "\n")
    _launcher.stdin.flush()
    r = json.loads(_launcher.stdout.readline())
    if r["status"] not in (0, 1):
        tail = r["err"].strip().splitlines()[-3:]
        raise SystemExit(f"failed ({r['status']}): {' '.join(map(str, cmd))}\n" + "\n".join(tail))
    return Run(r["wall"], r["cpu"], r["peak_kib"] / 1024)


@dataclass
class Series:
    """Several runs of one command."""

    runs: list[Run] = field(default_factory=list)

    @property
    def wall(self) -> float:
        return statistics.median(r.wall for r in self.runs)

    @property
    def cpu(self) -> float:
        return statistics.median(r.cpu for r in self.runs)

    @property
    def peak_mib(self) -> float:
        return max(r.peak_mib for r in self.runs)


def paired(commands: dict[str, Sequence[str]], rounds: int, warmup: int = 1) -> dict[str, Series]:
    """Every command once per round, A B C … then … C B A in the next round (so none
    always runs first), each in a new process; `warmup` rounds are run and dropped."""
    names = list(commands)
    out = {n: Series() for n in names}
    for r in range(warmup + rounds):
        order = names if r % 2 == 0 else names[::-1]
        for n in order:
            result = run(commands[n])
            if r >= warmup:
                out[n].runs.append(result)
    return out


def ratio(a: Series, b: Series, what: str = "wall") -> float:
    """The median of the per-round ratios a / b (rounds paired by index)."""
    return statistics.median(getattr(x, what) / getattr(y, what) for x, y in zip(a.runs, b.runs, strict=True))


def machine() -> str:
    """The cores, the processor, Python and the day: the figures' conditions."""
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ""
    try:
        load = ", load average " + Path("/proc/loadavg").read_text().split()[0]
    except OSError:
        pass
    return (f"{os.cpu_count()} cores {model}, Python {platform.python_version()}, "
            f"{time.strftime('%Y-%m-%d %H:%M')}{load}")
