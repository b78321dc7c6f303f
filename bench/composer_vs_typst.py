"""Our composer and Typst side by side on the same hard copy, measured from the PDFs.

The corpus is bench/hard_corpus.py (URLs, e-mail addresses, Latin, numbers, ——, ……,
runs of marks). Each engine sets it at 9 pt in two measures, 11 em and 12.68 em, in
8 columns with a 1 em gutter: we through `layout print` on an edition with one page
per article, Typst (the `typst` package from PyPI, bench/requirements.txt) from the
same paragraphs with `lang: "zh"`, justified, a 2 em first-line indent. Both PDFs are
then read by the independent ../shared/tools/linemeasure.py, and the figures the
issue judges by are printed in one table. Not a test: it prints, it does not judge.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

import hard_corpus  # noqa: E402

SIZE = 9.0
LEADING = 13.5
COLUMNS = 8
GUTTER = 9.0
MARGIN = 36.0
MEASURES = (11.0, 12.68)


def song_face() -> tuple[Path, str]:
    """The body face's file and family name, from the font catalogue (Typst and the
    measuring script use the same file we do)."""
    from layout.fonts.catalogue import load_catalogue

    cat = load_catalogue()
    face = cat.faces[cat.roles["song"].face]
    return Path(face.path), face.expect


def linemeasure() -> Path | None:
    """../shared/tools/linemeasure.py, looked for beside the checkout and its parents."""
    for up in (ROOT.parent, *ROOT.parent.parents):
        p = up / "shared" / "tools" / "linemeasure.py"
        if p.is_file():
            return p
    return None


def _page(measure_em: float, lines: int) -> tuple[float, float]:
    colw = measure_em * SIZE
    return 2 * MARGIN + COLUMNS * colw + (COLUMNS - 1) * GUTTER, 2 * MARGIN + lines * LEADING


def ours(corpus: dict, measure_em: float, d: Path) -> Path:
    """The corpus through `layout print`: one page per article, tall enough for all of it."""
    arts, pages = [], []
    per_col = max(math.ceil(sum(len(p) for p in a["paragraphs"]) * 1.25 / (measure_em - 0.5) / COLUMNS) + 8
                  for a in corpus["articles"])
    w, h = _page(measure_em, per_col)
    for a in corpus["articles"]:
        arts.append({"id": a["id"], "headline": "排版对照测试稿", "body": "\n\n".join(a["paragraphs"])})
        pages.append({"section": "测试", "blocks": [{"article": a["id"], "columns": f"1-{COLUMNS}",
                                                   "lines": f"1-{per_col}", "headline": {"lines": 4}}]})
    ed = {"format": 1,
          "edition": {"paper": "徐汇报", "date": "2023-09-18", "issue": 38, "serial": 1744,
                      "permit": "准印证号(B)0150", "url": "http://www.xuhuibao.com"},
          "page": {"size": [f"{w:.3f}pt", f"{h:.3f}pt"],
                   "margins": {k: f"{MARGIN}pt" for k in ("top", "bottom", "left", "right")},
                   "columns": COLUMNS, "gutter": f"{GUTTER}pt",
                   "body": {"font": "song", "size": f"{SIZE}pt", "leading": f"{LEADING}pt"}},
          "articles": arts, "pages": pages}
    src = d / f"ours-{measure_em}.yaml"
    src.write_text(yaml.safe_dump(ed, allow_unicode=True, sort_keys=False), encoding="utf-8")
    pdf = d / f"ours-{measure_em}.pdf"
    r = subprocess.run([sys.executable, "-m", "layout.cli", "print", str(src), "-o", str(pdf)],
                       cwd=ROOT, capture_output=True, text=True)
    if not pdf.exists():
        raise SystemExit(f"layout print failed: {r.stderr.strip()}")
    if "overset" in r.stdout + r.stderr:
        print(f"warning: overset in our {measure_em} em setting: {(r.stdout + r.stderr).strip()[:200]}")
    return pdf


def typst_pdf(corpus_file: Path, measure_em: float, d: Path) -> Path | None:
    """The same paragraphs set by Typst in the same columns (None when typst is missing)."""
    try:
        import typst
    except ImportError:
        return None
    w, h = _page(measure_em, 60)
    font, family = song_face()
    src = d / f"typst-{measure_em}.typ"
    src.write_text(f"""
#set page(width: {w:.3f}pt, height: {h:.3f}pt, margin: {MARGIN}pt, columns: {COLUMNS})
#set columns(gutter: {GUTTER}pt)
#set text(font: "{family}", size: {SIZE}pt, lang: "zh", region: "cn")
#set par(justify: true, first-line-indent: (amount: 2em, all: true), leading: {LEADING - SIZE}pt,
         spacing: {LEADING - SIZE}pt)
#let data = json("{corpus_file.name}")
#for a in data.articles {{ for p in a.paragraphs {{ par(p) }} }}
""", encoding="utf-8")
    pdf = d / f"typst-{measure_em}.pdf"
    typst.compile(str(src), output=str(pdf), root=str(d), font_paths=[str(font.parent)])
    return pdf


def measure(tool: Path, pdf: Path, corpus_file: Path, measure_em: float) -> dict:
    out = pdf.with_suffix(".json")
    font, family = song_face()
    subprocess.run([sys.executable, str(tool), str(pdf), "--ttc", str(font), "--face", family, "--left", str(MARGIN), "--colw", str(measure_em * SIZE),
                    "--gutter", str(GUTTER), "--cols", str(COLUMNS), "--size", str(SIZE),
                    "--corpus", str(corpus_file), "--json", str(out)],
                   check=True, capture_output=True, text=True)
    s = json.loads(out.read_text(encoding="utf-8"))
    J = s["justified_lines"] or 1
    wide = s["buckets_by_line_max"]
    s["wide_share"] = 100.0 * (wide.get("<0.33", 0) + wide.get(">=0.33", 0)) / J
    s["spread_share"] = 100.0 * s["lines_spread_hh"] / J
    return s


ROWS = [
    ("lines set", "lines", "{:.0f}"),
    ("kinsoku (start + end)", lambda s: s["kinsoku_start"] + s["kinsoku_end"], "{:.0f}"),
    ("——/…… split", "split_long", "{:.0f}"),
    ("——/…… at a line start", "strict_dash_start", "{:.0f}"),
    ("孤字", "orphans", "{:.0f}"),
    ("letter-spaced Latin lines", "letterspaced_lines", "{:.0f}"),
    ("line-end white, median em", "line_end_ink_blank_median", "{:.2f}"),
    ("lines with a Han gap >= 0.2 em, %", "wide_share", "{:.1f}"),
    ("lines spread at Han gaps, %", "spread_share", "{:.1f}"),
    ("largest Han-Han gap, em", "hh_max_max", "{:.2f}"),
    ("looseness jumps > 0.1 em", "adjacent_line_looseness_diff_gt_0.1", "{:.0f}"),
    ("Latin words split", "split_latin_word", "{:.0f}"),
    ("lines not flush", "not_flush", "{:.0f}"),
    ("—— width, em", "dash_span_median", "{:.2f}"),
]


def _value(s: dict, key) -> str:
    v = key(s) if callable(key) else s.get(key)
    return "-" if v is None else v


def compare(keep: Path | None = None) -> list[tuple[float, dict, dict | None]]:
    tool = linemeasure()
    if tool is None:
        print("composer vs Typst: ../shared/tools/linemeasure.py not found, skipped")
        return []
    results = []
    with tempfile.TemporaryDirectory(prefix="composer-vs-typst-") as tmp:
        d = keep or Path(tmp)
        d.mkdir(parents=True, exist_ok=True)
        corpus = hard_corpus.corpus()
        corpus_file = d / "corpus.json"
        corpus_file.write_text(json.dumps(corpus, ensure_ascii=False), encoding="utf-8")
        for m in MEASURES:
            our = measure(tool, ours(corpus, m, d), corpus_file, m)
            tp = typst_pdf(corpus_file, m, d)
            their = measure(tool, tp, corpus_file, m) if tp else None
            results.append((m, our, their))
    chars = sum(len(p) for a in corpus["articles"] for p in a["paragraphs"])
    print(f"composer vs Typst: {chars:,} characters of hard copy (bench/hard_corpus.py), 9 pt, "
          "measured with linemeasure.py")
    head = f"{'':<36}" + "".join(f"{'ours ' + str(m):>13}{'Typst ' + str(m):>13}" for m, _, _ in results)
    print(head)
    for label, key, fmt in ROWS:
        row = f"{label:<36}"
        for _, our, their in results:
            for s in (our, their):
                v = _value(s, key) if s else "-"
                row += f"{(fmt.format(v) if v != '-' else '-'):>13}"
        print(row)
    return results


if __name__ == "__main__":
    compare(Path(sys.argv[1]) if len(sys.argv) > 1 else None)
