"""A command's import budget: `python -X importtime` of the command in a new process,
each module's own time summed by the package it belongs to (ours by stage: layout.model,
layout.flow, …; others by distribution: click, yaml, reportlab, PIL, pikepdf, …).

`python bench/imports.py RUNS -- layout ARGS…` prints JSON {group: milliseconds}, each
module's time being its minimum over RUNS runs.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import ROOT, child_env  # noqa: E402

STDLIB_NAME = "Python (site, stdlib)"


def group(module: str) -> str:
    parts = module.split(".")
    if parts[0] == "layout":
        return ".".join(parts[:2]) if len(parts) > 1 else "layout"
    if parts[0].startswith("__editable__"):
        return STDLIB_NAME
    top = parts[0].lstrip("_")
    if top in sys.stdlib_module_names or parts[0] in sys.stdlib_module_names or parts[0] in sys.builtin_module_names:
        return STDLIB_NAME
    return {"pypdfium2_raw": "pypdfium2", "yaml": "yaml (PyYAML)"}.get(top, top)


def budget(args: list[str], runs: int) -> dict[str, float]:
    best: dict[str, int] = {}
    for _ in range(runs):
        err = subprocess.run([sys.executable, "-X", "importtime", "-m", "layout.cli", *args], capture_output=True,
                             text=True, cwd=ROOT, env=child_env()).stderr
        for line in err.splitlines():
            if not line.startswith("import time:") or "self [us]" in line:
                continue
            own, _cumulative, name = line[len("import time:"):].split("|")
            module = name.strip()
            best[module] = min(best.get(module, 1 << 62), int(own))
    out: dict[str, float] = {}
    for module, us in best.items():
        g = group(module)
        out[g] = out.get(g, 0.0) + us / 1000
    return dict(sorted(out.items(), key=lambda kv: -kv[1]))


if __name__ == "__main__":
    n = int(sys.argv[1])
    rest = sys.argv[sys.argv.index("--") + 1:]
    if rest and rest[0] == "layout":
        rest = rest[1:]
    print(json.dumps(budget(rest, n)))
