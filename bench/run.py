"""`make bench`: the figures the README quotes, with the machine they were taken on.

A list of sections, each a function that measures one thing and returns its figures
(name, value, target, met). To add one, write a function taking the `Bench` and
decorate it with `@section("name")`; `--only name,name` runs some of them. The
editions are deterministic (bench/synthetic.py); every command runs in a new
process (bench/measure.py); Typst compiles the same edition converted by
bench/typst_edition.py. Not a test: it prints figures and whether each meets its
target, and exits 0 either way.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import measure  # noqa: E402

measure.start_launcher()     # while this process is small: see measure.run
import synthetic  # noqa: E402
from measure import Series, paired, ratio  # noqa: E402

PDFCHECK = ROOT.parent / "shared" / "tools" / "pdfcheck.py"
TYPST_ROLES = ("song", "biaosong", "hei", "kai")     # the faces the Typst edition uses


@dataclass
class Figure:
    name: str
    value: str
    target: str = ""
    met: bool | None = None         # None: no target


@dataclass
class Bench:
    """What sections share: the options, a scratch folder, the editions and commands."""

    runs: int
    folder: Path
    cold_fonts: bool
    _editions: dict[int, Path] = field(default_factory=dict)
    _typst: dict[int, Path] = field(default_factory=dict)

    def edition(self, pages: int = synthetic.PAGES) -> Path:
        """The synthetic edition of `pages` pages (written once)."""
        if pages not in self._editions:
            self._editions[pages] = synthetic.write(self.folder / f"edition-{pages}.yaml", page_count=pages)
        return self._editions[pages]

    def out(self, name: str) -> Path:
        return self.folder / name

    @staticmethod
    def layout(*args: str | Path) -> list[str]:
        """`layout ARGS…` as a new Python process, through the installed command's own
        entry point (`layout.__main__.entry`: its signals and imports, as an editor runs it)."""
        return [sys.executable, "-m", "layout", *map(str, args)]

    def typst_source(self, pages: int = synthetic.PAGES) -> Path:
        if pages not in self._typst:
            from typst_edition import to_typst

            path = self.folder / f"edition-{pages}.typ"
            path.write_text(to_typst(synthetic.edition(page_count=pages)), encoding="utf-8")
            self._typst[pages] = path
        return self._typst[pages]

    def typst(self, source: Path, output: Path, *extra: str) -> list[str]:
        """Typst compiling `source` in a new process, with only our faces' folders."""
        fonts = [a for d in font_folders() for a in ("--fonts", str(d))]
        return [sys.executable, str(ROOT / "bench" / "typst_compile.py"), str(source), str(output), *fonts, *extra]


SECTIONS: list[tuple[str, Callable[[Bench], list[Figure]]]] = []


def section(name: str) -> Callable[[Callable[[Bench], list[Figure]]], Callable[[Bench], list[Figure]]]:
    """Register a section under `name`, run in the order of registration."""
    def register(fn: Callable[[Bench], list[Figure]]) -> Callable[[Bench], list[Figure]]:
        SECTIONS.append((name, fn))
        return fn
    return register


def font_folders() -> list[Path]:
    """The folders of the faces the default roles use, for Typst's font search."""
    from layout.fonts.catalogue import load_catalogue

    cat = load_catalogue()
    return sorted({Path(cat.faces[cat.roles[r].face].path).parent for r in TYPST_ROLES})


def typst_available() -> bool:
    try:
        import typst  # noqa: F401
    except ImportError:
        return False
    return True


def s(v: float) -> str:
    return f"{v:.3f} s"


def x(v: float) -> str:
    return f"{v:.2f} ×"


# -- sections ------------------------------------------------------------------------------
@section("fonts")
def fonts(b: Bench) -> list[Figure]:
    from bench_fonts import bench_fonts

    return [Figure(f"fonts: {k}", str(v)) for k, v in bench_fonts(cold=b.cold_fonts, progress=False).items()]


@section("composer")
def composer(b: Bench) -> list[Figure]:
    from bench_compose import bench_compose

    c = bench_compose()
    return [Figure("composer throughput", f"{c['chars_per_second'] / 1e6:.2f} M characters/s "
                   f"({c['chars_per_cpu_second'] / 1e6:.2f} M per CPU second, {c['chars']:,} characters)",
                   "> 0.5 M/s", c["chars_per_second"] > 0.5e6)]


@section("composer vs Typst")
def composer_vs_typst(b: Bench) -> list[Figure]:
    """The hard corpus set by us and by Typst, measured from both PDFs (prints its table)."""
    from composer_vs_typst import compare

    compare()
    return []


@section("commands")
def commands(b: Bench) -> list[Figure]:
    """8 pages: Typst's print, our print, check and preview (page 1, and page 2: an inner
    page in black and greys, previewed in gray), paired round by round."""
    ed = b.edition()
    cmds = {
        "print": b.layout("print", ed, "-o", b.out("print.pdf")),
        "check": b.layout("check", ed),
        "preview": b.layout("preview", ed, "-o", b.out("p1.png"), "--page", "1", "--dpi", "100"),
        "preview page 2": b.layout("preview", ed, "-o", b.out("p2.png"), "--page", "2", "--dpi", "100"),
    }
    have_typst = typst_available()
    if have_typst:
        cmds = {"typst": b.typst(b.typst_source(), b.out("typst.pdf")), **cmds}
    first = {n: measure.run(c) for n, c in cmds.items()}     # cold: new glyph sets, fresh bytecode
    runs = paired(cmds, b.runs, warmup=0)
    figs = [Figure(f"{n}: first run, then median wall / CPU", f"{s(first[n].wall)}; {s(r.wall)} / {s(r.cpu)}, "
                   f"peak {r.peak_mib:.0f} MiB") for n, r in runs.items()]
    p, c, v = runs["print"], runs["check"], runs["preview"]
    figs.append(Figure("preview / print (paired, wall; CPU)", f"{x(ratio(v, p))}; {x(ratio(v, p, 'cpu'))}",
                       "≤ 0.6 ×", ratio(v, p) <= 0.6))
    v2 = runs["preview page 2"]
    figs.append(Figure("preview of page 2 (black and greys: a gray PNG) / print (paired, wall; CPU)",
                       f"{x(ratio(v2, p))}; {x(ratio(v2, p, 'cpu'))}; PNG {b.out('p2.png').stat().st_size / 1e6:.2f} MB "
                       f"(page 1's {b.out('p1.png').stat().st_size / 1e6:.2f} MB)"))
    if have_typst:
        t = runs["typst"]
        figs += [
            Figure("print / Typst print (paired, wall; CPU)", f"{x(ratio(p, t))}; {x(ratio(p, t, 'cpu'))}",
                   "≤ 1.0 ×", ratio(p, t) <= 1.0),
            Figure("check / Typst print (paired, wall; CPU)", f"{x(ratio(c, t))}; {x(ratio(c, t, 'cpu'))}",
                   "≤ 0.5 ×", ratio(c, t) <= 0.5),
        ]
    else:
        figs.append(Figure("Typst", "not installed (make bench installs bench/requirements.txt)"))
    figs += after_an_edit(b, ed, b.runs)
    pdf = b.out("print.pdf").read_bytes()
    figs.append(Figure("print PDF sha256 (same edition, same bytes)", hashlib.sha256(pdf).hexdigest()[:16]))
    figs.append(pdfcheck(ed, b.out("print.pdf")))
    return figs


def after_an_edit(b: Bench, ed: Path, rounds: int) -> list[Figure]:
    """`check` and `preview` just after the edition file is saved again with a change
    (a comment, so the same pages): the program's kept model of the edition does not
    hold, so the run imports PyYAML, parses and validates it as a new edition would;
    its paragraphs are still kept. The commands' figures above are of an unchanged
    edition, as an editor previews page after page or prints what was checked."""
    edited = b.out("edition-edited.yaml")
    text = ed.read_text(encoding="utf-8")
    cmds = {"check": b.layout("check", edited),
            "preview": b.layout("preview", edited, "-o", b.out("p1-edited.png"), "--page", "1", "--dpi", "100")}
    edited.write_text(text, encoding="utf-8")
    for cmd in cmds.values():
        measure.run(cmd)            # this path's paragraphs and glyph sets, once
    walls: dict[str, list[float]] = {n: [] for n in cmds}
    for i in range(rounds):
        for name, cmd in cmds.items():
            edited.write_text(f"{text}# saved again: {i} {name}\n", encoding="utf-8")
            saved = time.time() - 1         # saved a second ago, as by an editor: the new model is then kept
            os.utime(edited, (saved, saved))
            walls[name].append(measure.run(cmd).wall)
    return [Figure("after an edit of the edition file (parsed and validated again; paragraphs kept): "
                   "check / preview, median wall",
                   f"{s(statistics.median(walls['check']))} / {s(statistics.median(walls['preview']))}")]


def pdfcheck(edition: Path, pdf: Path) -> Figure:
    """The shared checker's verdict on our print PDF (it reads the PDF, not our data)."""
    if not PDFCHECK.exists():
        return Figure("pdfcheck", f"not found: {PDFCHECK.relative_to(ROOT.parent)}")
    proc = subprocess.run([sys.executable, str(PDFCHECK), str(edition), str(pdf)], capture_output=True,
                          text=True, cwd=ROOT)
    last = (proc.stdout.strip().splitlines() or ["(no output)"])[-1]
    return Figure("pdfcheck (shared checker) on the print PDF", last, "passes", proc.returncode == 0)


@section("incremental")
def incremental(b: Bench) -> list[Figure]:
    """Typst's warm recompile after an edit, in one process (our `serve` latency joins here)."""
    if not typst_available():
        return []
    source = b.out("edition-watch.typ")
    source.write_text(b.typst_source().read_text(encoding="utf-8"), encoding="utf-8")
    proc = subprocess.run(b.typst(source, b.out("typst-watch.pdf"), "--recompile", str(max(5, b.runs))),
                          capture_output=True, text=True, check=True, env=measure.child_env())
    times = json.loads(proc.stdout)
    return [Figure("Typst warm recompile after a one-character edit (8 pages, median)", s(statistics.median(times)))]


@section("serve")
def serve(b: Bench) -> list[Figure]:
    """`layout serve` on the 8-page edition: save → new /page/N.png, in its own warm process."""
    from bench_serve import bench_serve

    r = bench_serve(b.edition(), b.out("serve"), edits=max(5, b.runs), env=measure.child_env())
    return [Figure(f"serve: one-paragraph edit saved → new /page/N.png served (median of {r['edits']:.0f}; "
                   f"rebuild wall; CPU)", f"{s(r['edit'])} ({s(r['edit_build'])}; {s(r['edit_cpu'])})",
                   "≤ 0.3 s", r["edit"] <= 0.3),
            Figure("serve: full relayout, every paragraph and page, save → all 8 pictures (rebuild wall; CPU)",
                   f"{s(r['full'])} ({s(r['full_build'])}; {s(r['full_cpu'])})")]


@section("photos")
def photos(b: Bench) -> list[Figure]:
    """print of the 8 pages with a 6-megapixel photo each beside the same pages without."""
    from bench_photos import write

    plain, with_photos = b.edition(), write(b.folder)
    cmds = {"plain": b.layout("print", plain, "-o", b.out("plain.pdf")),
            "photos": b.layout("print", with_photos, "-o", b.out("photos.pdf"))}
    first = measure.run(cmds["photos"])         # photos not in the cache yet (unless a bench ran before)
    runs = paired(cmds, b.runs)
    p, q = runs["plain"], runs["photos"]
    return [Figure("print with 8 photos: first run (photos prepared unless cached)", s(first.wall)),
            Figure("print 8 pages: without / with 8 photos, warm caches (median wall)", f"{s(p.wall)} / {s(q.wall)}"),
            Figure("print with photos / without (paired, wall; CPU)", f"{x(ratio(q, p))}; {x(ratio(q, p, 'cpu'))}",
                   "≤ 1.5 ×", ratio(q, p) <= 1.5)]


@section("64 pages")
def big(b: Bench) -> list[Figure]:
    ed = b.edition(64)
    cmd = b.layout("print", ed, "-o", b.out("print-64.pdf"))
    measure.run(cmd)                                       # new glyph sets: font programs built once
    r = Series([measure.run(cmd) for _ in range(max(3, b.runs // 2))])
    return [Figure("print, 64 pages (median wall; CPU)", f"{s(r.wall)}; {s(r.cpu)}", "≤ 1.5 s", r.wall <= 1.5),
            Figure("print, 64 pages: peak memory", f"{r.peak_mib:.0f} MiB", "< 200 MB", r.peak_mib * 1.048576 < 200)]


@section("plan")
def plan(b: Bench) -> list[Figure]:
    """Automatic make-up: planning time for a page of 8 stories, and how full it comes out."""
    from bench_plan import bench_plan

    r = bench_plan()
    return [Figure(f"plan: a page of 8 stories ({r['pages']} pages, median; max)",
                   f"{s(r['median_s'])}; {s(r['max_s'])}", "< 2 s", r["max_s"] < 2.0),
            Figure("plan: empty share of the free area (median; max)",
                   f"{r['median_empty_pct']:.1f} %; {r['max_empty_pct']:.1f} %", "≤ 2 %", r["max_empty_pct"] <= 2.0)]


def site_editions(b: Bench) -> list[Path]:
    """The issue's three editions: the two samples (the tabloid moved to another date, as
    the samples share one) and a copy of the broadsheet with a third date."""
    out = []
    for name, date in (("2023-09-18.yaml", "2023-09-18"), ("2023-09-18-tabloid.yaml", "2023-09-11"),
                       ("2023-09-18.yaml", "2023-10-09")):
        text = (ROOT / "editions" / name).read_text(encoding="utf-8").replace("date: 2023-09-18", f"date: {date}")
        path = b.out(f"site-{date}.yaml")
        path.write_text(text, encoding="utf-8")
        out.append(path)
    return out


@section("site")
def site(b: Bench) -> list[Figure]:
    """`layout site` of three editions from nothing, against their e-papers built one by one
    (`layout epaper E --html DIR`, three processes), paired round by round; then a rebuild
    with nothing changed."""
    eds = site_editions(b)
    web = b.out("site")

    def sh(*cmds: list[str]) -> list[str]:
        import shlex

        return ["sh", "-c", " && ".join(" ".join(shlex.quote(a) for a in c) for c in cmds)]

    one_by_one = sh(*(["rm", "-rf", str(b.out(f"web-{k}"))] for k in range(3)),
                    *(b.layout("epaper", e, "-o", b.out(f"e-{k}.pdf"), "--html", b.out(f"web-{k}"))
                      for k, e in enumerate(eds)))
    pdfs_only = sh(*(c for k, e in enumerate(eds) for c in (b.layout("print", e, "-o", b.out(f"p-{k}.pdf")),
                                                           b.layout("epaper", e, "-o", b.out(f"e-{k}.pdf")))))
    cmds = {
        "site": sh(["rm", "-rf", str(web)], b.layout("site", *eds, "-o", web)),
        "site -j1": sh(["rm", "-rf", str(web)], b.layout("site", "-j", "1", *eds, "-o", web)),
        "epaper --html, one by one": one_by_one,
        "print + epaper PDFs, one by one": pdfs_only,
    }
    runs = paired(cmds, max(3, b.runs // 2))
    measure.run(b.layout("site", *eds, "-o", web))
    again = Series([measure.run(b.layout("site", *eds, "-o", web)) for _ in range(b.runs)])
    s3, j1, e3 = runs["site"], runs["site -j1"], runs["epaper --html, one by one"]
    figs = [Figure(f"{n} (3 editions, median wall / CPU)", f"{s(r.wall)} / {s(r.cpu)}") for n, r in runs.items()]
    figs += [
        Figure("site / e-papers one by one (paired, wall; CPU)", f"{x(ratio(s3, e3))}; {x(ratio(s3, e3, 'cpu'))}",
               "≤ 1.0 ×", ratio(s3, e3) <= 1.0),
        Figure("site -j1 / e-papers one by one (paired, wall)", x(ratio(j1, e3)), "≤ 1.0 ×", ratio(j1, e3) <= 1.0),
        Figure("site rebuild, nothing changed (median wall)", s(again.wall), "< 1 s", again.wall < 1.0),
    ]
    return figs


@section("stages")
def stage_times(b: Bench) -> list[Figure]:
    """Each command's stages (bench/stages.py), CPU ms, each the minimum over the runs."""
    ed = b.edition()
    figs = []
    for command, out in (("check", "-"), ("print", b.out("stages.pdf")), ("preview", b.out("stages.png"))):
        best: dict[str, float] = {}
        for _ in range(max(3, b.runs // 2)):
            proc = subprocess.run([sys.executable, str(ROOT / "bench" / "stages.py"), command, str(ed), str(out)],
                                  capture_output=True, text=True, check=True, cwd=ROOT, env=measure.child_env())
            for name, cpu in json.loads(proc.stdout):
                best[name] = min(best.get(name, cpu), cpu)
        total = sum(best.values())
        parts = ", ".join(f"{name} {1000 * v:.0f}" for name, v in best.items())
        figs.append(Figure(f"{command}: CPU ms by stage (after the interpreter's start)",
                           f"{1000 * total:.0f} ms = {parts}"))
    return figs


@section("imports")
def import_budget(b: Bench) -> list[Figure]:
    """Each command's import time by package (bench/imports.py)."""
    ed = b.edition()
    figs = []
    for command, args in (("check", ["check", ed]), ("print", ["print", ed, "-o", b.out("imports.pdf")]),
                          ("preview", ["preview", ed, "-o", b.out("imports.png")])):
        proc = subprocess.run([sys.executable, str(ROOT / "bench" / "imports.py"), str(max(3, b.runs // 2)), "--",
                               *map(str, args)], capture_output=True, text=True, check=True, cwd=ROOT)
        ms = json.loads(proc.stdout)
        parts = ", ".join(f"{k} {v:.0f}" for k, v in ms.items() if v >= 0.5)
        figs.append(Figure(f"{command}: import ms by package (-X importtime, own time)",
                           f"{sum(ms.values()):.0f} ms = {parts}"))
    return figs


# -- the report ----------------------------------------------------------------------------
def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=7, help="paired rounds / runs per figure (median)")
    ap.add_argument("--no-cold-fonts", action="store_true", help="skip the cold font preparation (~30 s)")
    ap.add_argument("--only", help="comma-separated section names: " + ", ".join(n for n, _ in SECTIONS))
    ap.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = ap.parse_args()
    wanted = [n.strip() for n in args.only.split(",")] if args.only else [n for n, _ in SECTIONS]
    unknown = set(wanted) - {n for n, _ in SECTIONS}
    if unknown:
        ap.error(f"unknown section(s): {', '.join(sorted(unknown))}")
    print(f"machine: {measure.machine()}")
    report: dict[str, list[Figure]] = {}
    with tempfile.TemporaryDirectory(prefix="layout-bench-") as d:
        bench = Bench(runs=args.runs, folder=Path(d), cold_fonts=not args.no_cold_fonts)
        for name, fn in SECTIONS:
            if name not in wanted:
                continue
            report[name] = fn(bench)
            for f in report[name]:
                met = "" if f.met is None else ("  met" if f.met else "  NOT MET")
                target = f"  (target {f.target})" if f.target else ""
                print(f"[{name}] {f.name}: {f.value}{target}{met}", flush=True)
    if args.json:
        args.json.write_text(json.dumps({"machine": measure.machine(),
                                         "sections": {k: [asdict(f) for f in v] for k, v in report.items()}},
                                        ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
