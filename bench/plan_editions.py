"""Inner pages for automatic make-up: stories of given lengths listed under `articles:`.

Deterministic (the copy is the sample edition's sentences, as in bench/synthetic.py);
the planner's tests and `make bench` both plan these pages.
"""

from __future__ import annotations

import random
from pathlib import Path

import yaml
from synthetic import copy_text, sentences

HEADLINES = ["区委召开全体会议部署下阶段重点工作", "漕河泾开发区新一批项目集中签约", "徐家汇书院迎来开馆两周年",
             "老旧小区加装电梯提速", "社区食堂推出敬老套餐", "滨江步道再添新景观", "区图书馆开展阅读月活动",
             "垃圾分类志愿者获表彰", "中小学秋季运动会开幕", "夜间经济试点街区亮灯"]


def page_edition(folder: Path, sizes: list[int], *, photos: tuple[int, ...] = (), columns: int = 6,
                 name: str = "inner.yaml") -> Path:
    """An edition of one inner page listing stories of `sizes` characters, most important
    first; stories whose index is in `photos` have a photo (written into `folder`)."""
    from PIL import Image

    sents = sentences()
    arts = []
    for i, n in enumerate(sizes):
        a: dict = {"id": f"story-{i + 1}", "headline": HEADLINES[i % len(HEADLINES)], "byline": "□ 记者 王华",
                   "body": copy_text(sents, i * 11, n, lambda: 180)}
        if i in photos:
            photo = folder / f"photo{i + 1}.jpg"
            Image.new("RGB", (3200, 2000), (90 + 10 * i, 120, 150)).save(photo, quality=90)
            a["images"] = [{"file": photo.name, "caption": "现场照片"}]
        arts.append(a)
    doc = {
        "format": 1,
        "edition": {"paper": "徐汇报", "date": "2023-09-18", "issue": 38, "serial": 1744,
                    "permit": "准印证号(B)0150", "url": "http://www.xuhuibao.com"},
        "page": {"size": "broadsheet", "margins": {k: "20mm" for k in ("top", "bottom", "left", "right")},
                 "columns": columns, "body": {"font": "song", "size": "10pt", "leading": "16pt"}},
        "articles": arts,
        "pages": [{"section": "综合", "articles": [a["id"] for a in arts]}],
    }
    path = folder / name
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def random_sizes(rng: random.Random, stories: int, total: int) -> list[int]:
    """`stories` lengths of 200–2,500 characters adding up to about `total`, longest first."""
    weights = [rng.random() ** 1.5 for _ in range(stories)]
    return sorted((max(200, min(2500, int(total * w / sum(weights)))) for w in weights), reverse=True)
