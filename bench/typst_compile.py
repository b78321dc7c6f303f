"""Typst from a new process, as `make bench` times it (the `typst` package from PyPI,
bench/requirements.txt): compile SOURCE.typ to a PDF with only the given font folders.

With `--recompile N` the same process then edits the source N times (one character
added to a paragraph, as an editor's save) and compiles again each time, printing the
seconds of each warm recompile as JSON: Typst's incremental rebuild, which keeps its
parsed fonts and its memoised layout between compiles.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("source", type=Path)
    ap.add_argument("output", type=Path)
    ap.add_argument("--fonts", action="append", default=[], help="a font folder (repeatable)")
    ap.add_argument("--recompile", type=int, default=0, help="warm recompiles after edits")
    args = ap.parse_args()
    import typst

    fonts = [str(f) for f in args.fonts]
    if not args.recompile:
        typst.compile(str(args.source), output=str(args.output), font_paths=fonts, ignore_system_fonts=True)
        return
    compiler = typst.Compiler(str(args.source), font_paths=fonts, ignore_system_fonts=True)
    compiler.compile(output=str(args.output))
    text = args.source.read_text(encoding="utf-8")
    marker = "#columns("                    # the first article's body follows its first #columns(
    at = text.index("]\n", text.index(marker)) if marker in text else len(text) // 2
    times = []
    for _ in range(args.recompile):
        text = text[:at] + "改" + text[at:]   # one more character in that article, each save
        args.source.write_text(text, encoding="utf-8")
        started = time.perf_counter()
        compiler.compile(output=str(args.output))
        times.append(time.perf_counter() - started)
    print(json.dumps(times))


if __name__ == "__main__":
    main()
