"""docs/img/composer-before-after.png: one hard paragraph set by an older composer and by this one.

    python bench/composer_picture.py [REVISION]     # default: the composer before issue 14

Both are real output: the same small edition is rendered by `layout preview` from
this checkout and from REVISION's `layout` package (taken out of git into a scratch
folder, with a font cache of its own), and the two pages are put side by side.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
BEFORE = "1929534"          # main just before the second-generation composer
OUT = ROOT / "docs" / "img" / "composer-before-after.png"
DPI = 220
SIZE, COLW = 9.0, 99.0         # 9 pt in an 11 em column
WIDTH = 290.0                   # pt: the smallest page the format allows is 100 mm wide
SIDE = (WIDTH - COLW) / 2       # the column centred, the rest cropped away
TOP = 12.0

HARD = ("为方便市民，区政务服务中心推出“7×24小时”自助服务，今年以来已接待2,035人次，满意度达99.2%。"
        "详情请登录https://epaper.xuhuibao.com/2023-09/18/index.html查询，或发送邮件至xhbnews@163.com咨询。"
        "按照GB/T 15834的规定，行末标点可以压缩为半角——专家说：“推动LaTeX、Typst和XeLaTeX在出版领域的应用，"
        "漕河泾开发区走在前面……”")


def edition() -> dict:
    return {"format": 1,
            "edition": {"paper": "徐汇报", "date": "2023-09-18", "issue": 38, "serial": 1744,
                        "permit": "准印证号(B)0150", "url": "http://www.xuhuibao.com"},
            "page": {"size": [f"{WIDTH}pt", "300pt"],
                     "margins": {"top": f"{TOP}pt", "bottom": f"{TOP}pt", "left": f"{SIDE}pt", "right": f"{SIDE}pt"},
                     "columns": 1, "body": {"font": "song", "size": f"{SIZE}pt", "leading": "13.5pt"}},
            "articles": [{"id": "hard", "headline": "排版", "body": HARD}],
            "pages": [{"blocks": [{"article": "hard", "columns": "1", "lines": "1-20", "headline": {"lines": 2}}]}]}


def preview(src: Path, png: Path, *, package: Path | None = None, cache: Path | None = None) -> Image.Image:
    env = dict(os.environ)
    cwd = ROOT
    if package is not None:
        env["PYTHONPATH"] = str(package)
        cwd = package
    if cache is not None:
        env["LAYOUT_FONT_CACHE"] = str(cache)
    subprocess.run([sys.executable, "-m", "layout.cli", "preview", str(src), "-o", str(png), "--dpi", str(DPI)],
                   cwd=cwd, env=env, check=True, capture_output=True)
    img = Image.open(png).convert("RGB")
    px = DPI / 72.0
    return img.crop((round((SIDE - 10) * px), 0, round((SIDE + COLW + 10) * px), img.height))


def main() -> None:
    rev = sys.argv[1] if len(sys.argv) > 1 else BEFORE
    with tempfile.TemporaryDirectory(prefix="composer-picture-") as tmp:
        d = Path(tmp)
        src = d / "hard.yaml"
        src.write_text(yaml.safe_dump(edition(), allow_unicode=True, sort_keys=False), encoding="utf-8")
        old = d / "old"
        old.mkdir()
        archive = subprocess.run(["git", "archive", rev, "layout", "fonts"], cwd=ROOT, check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(old)], input=archive, check=True)
        before = preview(src, d / "before.png", package=old, cache=d / "fonts")
        after = preview(src, d / "after.png")
    gap = 24
    pic = Image.new("RGB", (before.width + after.width + gap, max(before.height, after.height)), "white")
    pic.paste(before, (0, 0))
    pic.paste(after, (before.width + gap, 0))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    pic.save(OUT, optimize=True)
    print(OUT)


if __name__ == "__main__":
    main()
