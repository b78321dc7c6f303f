"""Throughput of the Chinese line composer, in characters per second.

The corpus is 40,000 characters of real newspaper text: the sentences of the seed
page text in ``../shared/seed/*.txt`` (relative to the repository), taken in order
and repeated until long enough, cut into paragraphs of a deterministic spread of
lengths. Widths come from the real song face when the fonts stage is available,
else from the Noto Serif CJK SC file via fontTools, else from a fake (Han 1 em,
Latin 0.55 em) so the figure is always produced.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from layout.compose import compose_paragraph  # noqa: E402

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed"
CORPUS_CHARS = 40_000
SIZE = 9.5          # pt, a broadsheet body size
MEASURE = 9.5 * 13  # pt, a 13-character column

FALLBACK = (
    "9月13日上午，徐汇区学习贯彻习近平新时代中国特色社会主义思想主题教育动员会举行。"
    "市委第二巡回督导组组长出席会议并讲话，副组长到会指导。要把“实”的导向贯穿始终，"
    "坚持开门搞教育、坚持奔着问题去、坚持分层分类、坚持夯实基层基础。全区共有1,286个"
    "基层党组织参加，覆盖率达到98.5%，详情见https://www.xuhui.gov.cn（区政府网站）。"
)


def _sentences(text: str) -> list[str]:
    """Body-like sentences: lines of running text split after 。！？ (quotes kept)."""
    out = []
    for line in text.splitlines():
        line = line.strip()
        if len(line) < 20 or line.startswith(("#", "!", "[", "<", "|")):
            continue
        out.extend(s for s in re.findall(r"[^。！？]+[。！？][”’」』）]*", line) if len(s) > 4)
    return out


def build_corpus(chars: int = CORPUS_CHARS) -> list[str]:
    """Deterministic paragraphs totalling `chars` characters."""
    text = ""
    if SEED.is_dir():
        text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(SEED.glob("*.txt")))
    sents = _sentences(text) or _sentences(FALLBACK)
    paras: list[str] = []
    total = 0
    i = 0
    while total < chars:
        para = ""
        target = 60 + (i * 37) % 240        # 60..299 characters, deterministic
        while len(para) < target:
            para += sents[i % len(sents)]
            i += 1
        para = para[: chars - total] if total + len(para) > chars else para
        paras.append(para)
        total += len(para)
    return paras


def load_metrics():
    """The song face's metrics: fonts stage if present, else fontTools, else a fake."""
    try:
        from layout.fonts.book import FontBook  # type: ignore[import-not-found]

        return FontBook.default().stack("song"), "FontBook song"
    except Exception:
        pass
    try:
        import subprocess

        from fontTools.ttLib import TTFont

        path = subprocess.run(["fc-match", "-f", "%{file}", "Noto Serif CJK SC"],
                              capture_output=True, text=True, check=True).stdout
        font = TTFont(path, fontNumber=2, lazy=True)
        cmap = font.getBestCmap()
        hmtx = font["hmtx"].metrics
        upm = font["head"].unitsPerEm

        class _Fm:
            def __init__(self) -> None:
                self.widths: dict[str, float] = {}

            def advance(self, ch: str) -> float:
                g = cmap.get(ord(ch))
                w = hmtx[g][0] / upm if g else 1.0
                self.widths[ch] = w
                return w

        return _Fm(), "fontTools " + Path(path).name
    except Exception:
        pass

    class _Fake:
        def __init__(self) -> None:
            self.widths: dict[str, float] = {}

        def advance(self, ch: str) -> float:
            w = 0.55 if ch.isascii() else 1.0
            self.widths[ch] = w
            return w

    return _Fake(), "fake"


def bench_compose(repeat: int = 5) -> dict:
    """Best-of-`repeat` throughput of compose_paragraph over the corpus."""
    paras = build_corpus()
    metrics, source = load_metrics()
    nchars = sum(map(len, paras))
    for p in paras:                       # warm the width cache
        compose_paragraph(p, metrics, SIZE, MEASURE)
    best = best_cpu = float("inf")
    nlines = 0
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        nlines = 0
        for p in paras:
            nlines += len(compose_paragraph(p, metrics, SIZE, MEASURE))
        best = min(best, time.perf_counter() - t0)
        best_cpu = min(best_cpu, time.process_time() - c0)
    return {
        "chars": nchars,
        "paragraphs": len(paras),
        "lines": nlines,
        "seconds": best,
        "chars_per_second": nchars / best,
        # CPU time of this process: the figure when other jobs share the cores
        "chars_per_cpu_second": nchars / best_cpu if best_cpu > 0 else float("inf"),
        "metrics": source,
    }


if __name__ == "__main__":
    r = bench_compose()
    print(f"compose: {r['chars_per_second']:,.0f} characters/second "
          f"({r['chars']:,} chars, {r['paragraphs']} paragraphs, {r['lines']:,} lines, "
          f"{r['seconds'] * 1000:.1f} ms; {r['chars_per_cpu_second']:,.0f}/CPU-second; "
          f"widths: {r['metrics']})")
