"""A deterministic synthetic edition for the benchmark: 8 broadsheet pages, 8 columns,
6 articles a page (48 articles of 300–2,000 characters, about 42,000 characters),
body 9 pt on a 13.5 pt grid, margins 20 mm, text from the sample edition's sentences."""

from __future__ import annotations

import random
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "editions" / "2023-09-18.yaml"
PAGES = 8
PER_PAGE = 6
COLUMNS = 8
LINES = 106                  # floor((545 - 40) mm / 13.5 pt)
CHARS_PER_LINE = 12          # a 116 pt column at 9 pt
CHARS_PER_PAGE = 42_000 / PAGES   # the density of the 8-page edition, for any number of pages


def sentences() -> list[str]:
    ed = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    text = "".join(a["body"].replace("\n", "") for a in ed["articles"])
    return [s for s in re.split(r"(?<=[。！？])", text) if s]


def copy_text(sents: list[str], start: int, chars: int, paragraph_length) -> str:
    """About `chars` characters of sentences from `start` on, a paragraph ending once it
    reaches `paragraph_length()` characters (called for each new paragraph)."""
    paras, para, n, i = [], "", 0, start
    target = paragraph_length()
    while n < chars:
        s = sents[i % len(sents)]
        i += 1
        para += s
        n += len(s)
        if len(para) >= target:
            paras.append(para)
            para, target = "", paragraph_length()
    if para:
        paras.append(para)
    return "\n\n".join(paras)


def article_text(rng: random.Random, sents: list[str], chars: int) -> str:
    return copy_text(sents, rng.randrange(len(sents)), chars, lambda: rng.randint(120, 300))


def lines_needed(chars: int, cols: int) -> int:
    """Grid lines a block of `cols` columns needs: headline group plus body, with room."""
    body = chars / CHARS_PER_LINE * 1.15 + 4
    return int(body / cols) + 7


def edition(seed: int = 2023, page_count: int = PAGES) -> dict:
    """The edition as plain data; `page_count` other than 8 (the bench's 64-page case) keeps
    the same density and layout per page."""
    rng = random.Random(seed)
    sents = sentences()
    articles, pages = [], []
    for p in range(1, page_count + 1):
        sizes = [rng.randint(300, 2000) for _ in range(PER_PAGE)]
        scale = CHARS_PER_PAGE / sum(sizes)
        sizes = [max(300, min(2000, int(s * scale))) for s in sizes]
        top = 11 if p == 1 else 1
        blocks: list[dict] = []
        if p == 1:
            blocks.append({"masthead": {}, "columns": "1-8", "lines": "1-10"})
        # three rows of two blocks (columns 1-4 and 5-8), rows as tall as their longer article needs;
        # a page whose articles would not fit has them shortened, so nothing is overset
        room = LINES - top + 1 - 2
        for _ in range(10):
            needs = [max(lines_needed(sizes[2 * r], 4), lines_needed(sizes[2 * r + 1], 4)) for r in range(3)]
            if sum(needs) <= room:
                break
            sizes = [max(300, int(s * room / sum(needs) * 0.97)) for s in sizes]
        heights = [max(12, int(n * room / sum(needs))) for n in needs]
        line = top
        for r in range(3):
            last = LINES if r == 2 else line + heights[r] - 1
            for half, cols in enumerate(("1-4", "5-8")):
                k = len(articles)
                aid = f"p{p}-a{2 * r + half + 1}"
                articles.append({"id": aid, "headline": sents[k % len(sents)][:rng.randint(10, 22)].rstrip("，。、"),
                                 "byline": "□ 记者 刘坤", "body": article_text(rng, sents, sizes[2 * r + half])})
                blocks.append({"article": aid, "columns": cols, "lines": f"{line}-{last}"})
            line = last + 2
        pages.append({"section": "要闻" if p == 1 else f"第{p}版", "blocks": blocks})
    return {
        "format": 1,
        "edition": {"paper": "徐汇报", "date": "2023-09-18", "issue": 38, "serial": 1744,
                    "permit": "准印证号(B)0150", "url": "http://www.xuhuibao.com",
                    "channels": [{"label": "徐汇通 APP", "url": "http://www.xuhuibao.com/#app"}]},
        "page": {"size": "broadsheet", "margins": {"top": "20mm", "bottom": "20mm", "left": "20mm", "right": "20mm"},
                 "columns": COLUMNS, "body": {"font": "song", "size": "9pt", "leading": "13.5pt"}},
        "articles": articles,
        "pages": pages,
    }


def write(path: Path, page_count: int = PAGES) -> Path:
    path.write_text(yaml.safe_dump(edition(page_count=page_count), allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


if __name__ == "__main__":
    import sys

    print(write(Path(sys.argv[1] if len(sys.argv) > 1 else "bench-edition.yaml")))
