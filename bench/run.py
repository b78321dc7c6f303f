"""`make bench`: the figures that matter to an editor rebuilding on a Monday.

Prints, as medians of several runs: font preparation (cold) and loading (warm),
composer throughput, `layout check` / `layout print` wall time from a new process
(cold: the first run after the font cache is prepared; warm: later runs), `layout
preview` of page 1 at 100 dpi, and peak memory — over a deterministic 8-page
broadsheet edition (bench/synthetic.py). Not a test: it prints, it does not judge.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import synthetic  # noqa: E402

LAYOUT = [sys.executable, "-m", "layout.cli"]
TARGETS = {"print": 1.0, "preview": 0.5, "check": 0.5}


def timed(cmd: list[str]) -> tuple[float, int]:
    """Wall time and peak memory (KiB) of a command in a new process."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - t
    if proc.returncode not in (0, 1):
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}")
    return elapsed, usage.ru_maxrss


def series(cmd: list[str], runs: int) -> dict:
    cold = timed(cmd)
    warm = [timed(cmd) for _ in range(runs)]
    return {"cold": cold[0], "warm": statistics.median(t for t, _ in warm),
            "peak_kib": max([cold[1]] + [m for _, m in warm])}


def machine() -> str:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores {model}, Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=5, help="warm runs per figure (median)")
    ap.add_argument("--no-cold-fonts", action="store_true", help="skip the cold font preparation (~30 s)")
    args = ap.parse_args()
    print(f"machine: {machine()}")
    from bench_fonts import bench_fonts

    fonts = bench_fonts(cold=not args.no_cold_fonts, progress=False)
    for key, value in fonts.items():
        print(f"fonts {key}: {value}")
    from bench_compose import bench_compose

    comp = bench_compose()
    print(f"composer: {comp['chars_per_second']:,.0f} characters/s ({comp['chars_per_cpu_second']:,.0f} per CPU second) "
          f"over {comp['chars']:,} characters")
    with tempfile.TemporaryDirectory(prefix="layout-bench-") as d:
        ed = synthetic.write(Path(d) / "bench-edition.yaml")
        chars = sum(len(a["body"].replace("\n", "")) for a in synthetic.edition()["articles"])
        print(f"edition: {synthetic.PAGES} broadsheet pages, {synthetic.COLUMNS} columns, "
              f"{synthetic.PAGES * synthetic.PER_PAGE} articles, {chars} characters")
        figures = {
            "check": series([*LAYOUT, "check", str(ed)], args.runs),
            "print": series([*LAYOUT, "print", str(ed), "-o", str(Path(d) / "out.pdf")], args.runs),
            "preview": series([*LAYOUT, "preview", str(ed), "-o", str(Path(d) / "p1.png"), "--page", "1",
                               "--dpi", "100"], args.runs),
        }
    print(f"{'command':<10}{'cold s':>9}{'warm s':>9}{'target s':>10}{'peak MB':>9}")
    for name, f in figures.items():
        print(f"{name:<10}{f['cold']:>9.3f}{f['warm']:>9.3f}{TARGETS[name]:>10.1f}{f['peak_kib'] / 1024:>9.0f}")


if __name__ == "__main__":
    main()
