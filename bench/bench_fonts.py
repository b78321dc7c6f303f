"""Font figures: first-time preparation (cold cache), warm loading, embedding.

- cold: the four default faces prepared into an empty temporary cache (two worker
  processes), as on a new machine's first build;
- warm: FontBook.default() with the cache filled, in this process and in a fresh
  process (which also pays for the imports), as every later build does;
- embed: writing the four default faces into a PDF with 2,000 glyphs each used, as
  the painter's PDF does at save time (first PDF of a run: files read and parsed).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from layout.fonts import cache  # noqa: E402
from layout.fonts.book import FontBook  # noqa: E402
from layout.fonts.charset import gb2312_han  # noqa: E402

GLYPHS = 2000
WARM_PROCESS = (
    "import time; t = time.perf_counter()\n"
    "from layout.fonts.book import FontBook\n"
    "b = FontBook.default(progress=False)\n"
    "import sys, json; print(json.dumps([time.perf_counter() - t, b.prepared_count, 'fontTools' in sys.modules]))\n"
)


def _cold(progress: bool) -> tuple[float, float, int]:
    old = os.environ.get(cache.ENV_VAR)
    with tempfile.TemporaryDirectory(prefix="layout-fonts-cold-") as d:
        os.environ[cache.ENV_VAR] = d
        cache._memo = None            # hash the sources too, as a first run does
        try:
            t = time.perf_counter()
            cpu = _cpu()
            book = FontBook.default(progress=progress)
            return time.perf_counter() - t, _cpu() - cpu, book.prepared_count
        finally:
            cache._memo = None
            if old is None:
                os.environ.pop(cache.ENV_VAR, None)
            else:
                os.environ[cache.ENV_VAR] = old


def _cpu() -> float:
    """CPU seconds of this process and its finished children (the preparation workers)."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _embed(book: FontBook) -> tuple[float, float]:
    """(wall ms, cpu ms) to write the four default faces with GLYPHS glyphs each."""
    from reportlab.pdfbase import pdfdoc
    from reportlab.pdfgen.canvas import Canvas

    from layout.fonts import book as fontbook
    from layout.paint import fontembed
    fontbook._parsed_parts.clear()   # the first PDF of a run: prepared files read and parsed
    fontembed._programs.clear()
    fontembed._stored_program = lambda key: None     # a glyph set never built before: no disk hit
    chars = gb2312_han()[:GLYPHS]
    c = Canvas(os.devnull, invariant=1, initialFontName=fontembed.initial_font_name())
    fonts = fontembed.PdfFonts(c, book)
    for role in ("song", "biaosong", "hei", "kai"):
        face = book.stack(role).primary
        fonts.encode(face.key, [face.gids[ch] for ch in chars], chars)
    doc = c._doc
    before = set(doc.idToObject)
    t, cpu = time.perf_counter(), time.process_time()
    for font in fonts.fonts.values():
        font.addObjects(doc)
    for name in set(doc.idToObject) - before:        # format the streams, as saving does
        obj = doc.idToObject[name]
        if isinstance(obj, pdfdoc.PDFStream):
            obj.format(doc)
    return (time.perf_counter() - t) * 1000, (time.process_time() - cpu) * 1000


def _programs(book: FontBook) -> dict[str, float]:
    """ms to build each face's font program (subset + compression), first PDF of a run."""
    from layout.fonts import book as fontbook
    from layout.paint import fontembed
    chars = gb2312_han()[:GLYPHS]
    out = {}
    for role in ("song", "biaosong", "hei", "kai"):
        fontbook._parsed_parts.clear()
        fontembed._programs.clear()
        face = book.stack(role).primary
        font = fontembed.EmbeddedFont(face, "F1")
        font.use([face.gids[ch] for ch in chars], chars)
        t = time.perf_counter()
        font.program()
        out[face.key] = round((time.perf_counter() - t) * 1000, 1)
    return out


def bench_fonts(cold: bool = True, progress: bool = True) -> dict:
    """The figures as a dict; `cold=False` skips the (slow) first-time preparation."""
    res: dict = {"cpus": os.cpu_count()}
    if cold:
        secs, cpu, n = _cold(progress)
        res["cold_prepare_s"] = round(secs, 2)
        res["cold_prepare_cpu_s"] = round(cpu, 2)
        res["cold_faces_prepared"] = n
    FontBook.default(progress=progress)          # make sure the shared cache is warm
    times, cpus = [], []
    for _ in range(5):
        t, cpu = time.perf_counter(), time.process_time()
        book = FontBook.default(progress=False)
        times.append(time.perf_counter() - t)
        cpus.append(time.process_time() - cpu)
    res["warm_load_ms"] = round(min(times) * 1000, 1)
    res["warm_load_cpu_ms"] = round(min(cpus) * 1000, 1)
    out = subprocess.run([sys.executable, "-c", WARM_PROCESS], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout
    secs, prepared, ft = json.loads(out.splitlines()[-1])
    res["warm_load_fresh_process_ms"] = round(secs * 1000, 1)
    res["warm_prepared"] = prepared
    res["warm_imported_fonttools"] = ft
    wall, cpu = min(_embed(book) for _ in range(3))
    res["embed_glyphs_per_face"] = GLYPHS
    res["embed_4_faces_ms"] = round(wall, 1)
    res["embed_4_faces_cpu_ms"] = round(cpu, 1)
    res["embed_per_face_ms"] = round(wall / 4, 1)
    res["font_program_ms"] = min((_programs(book) for _ in range(3)), key=lambda d: sum(d.values()))
    return res


def main() -> None:
    cold = "--no-cold" not in sys.argv
    r = bench_fonts(cold=cold)
    print(f"fonts (wall clock; cpu time in brackets; load average {os.getloadavg()[0]:.1f} "
          f"on {r['cpus']} cpus):")
    if cold:
        print(f"  first-time preparation (cold cache, 4 default faces): {r['cold_prepare_s']:.1f} s "
              f"[{r['cold_prepare_cpu_s']:.1f} s cpu] ({r['cold_faces_prepared']} faces prepared)")
    print(f"  warm font loading: {r['warm_load_ms']:.1f} ms [{r['warm_load_cpu_ms']:.1f} ms] in-process, "
          f"{r['warm_load_fresh_process_ms']:.1f} ms in a fresh process with imports "
          f"(prepared {r['warm_prepared']}, fontTools imported: {r['warm_imported_fonttools']})")
    print(f"  embedding the 4 default faces, {r['embed_glyphs_per_face']} glyphs each: "
          f"{r['embed_4_faces_ms']:.1f} ms [{r['embed_4_faces_cpu_ms']:.1f} ms cpu, two threads], "
          f"{r['embed_per_face_ms']:.1f} ms per face")
    print("  of which building each font program (subset, compression): "
          + ", ".join(f"{k} {v:.1f} ms" for k, v in r["font_program_ms"].items()))


if __name__ == "__main__":
    main()
