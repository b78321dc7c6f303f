"""What the site keeps of one built edition: plain data, stored as JSON beside it.

Rendering an edition (layout, PDFs, pictures) is the expensive part; every HTML page,
the archive, the search index and the feed are written from these summaries alone.
So a rebuild with an unchanged edition reads its summary and renders nothing, and
the pages that link editions together (archive, previous/next issue) are always
written fresh from all of them.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from typing import Any

from .shapes import Point

FORMAT = 1                          # bump when the summary's shape or the site's files change


@dataclass
class Picture:
    """A page picture: WebP for every browser that has it, a PNG or JPEG fallback."""

    webp: str
    fallback: str
    width: int
    height: int


@dataclass
class Spot:
    """An article's hotspot on a page: its outline in fractions of the page (0..1)."""

    article: str
    polygons: list[list[Point]]


@dataclass
class PageSummary:
    number: int
    section: str | None
    title: str                      # 第1版 要闻
    file: str                       # index.html for the first page, N.html for the others
    picture: Picture
    thumb: Picture
    articles: list[str] = field(default_factory=list)    # in the layout's block order
    spots: list[Spot] = field(default_factory=list)


@dataclass
class Figure:
    src: str
    caption: str | None
    credit: str | None


@dataclass
class ArticleSummary:
    id: str
    file: str
    headline: str
    kicker: str | None
    subhead: str | None
    byline: str | None
    paragraphs: list[str]
    subheads: list[int]
    pages: list[int]                # printed page numbers, first appearance first
    figures: list[Figure] = field(default_factory=list)


@dataclass
class EditionSummary:
    source: str                     # the edition file, relative to the site folder
    key: str                        # content hash of every input (see build.py)
    inputs: list[str]               # the files hashed, relative to the site folder
    date: str                       # YYYY-MM-DD, also the edition's folder
    paper: str
    title: str                      # 徐汇报 2023年9月18日
    date_cn: str
    weekday: str
    issue: int
    serial: int
    permit: str
    url: str                        # the paper's web address
    print_pdf: str
    screen_pdf: str
    pages: list[PageSummary] = field(default_factory=list)
    articles: list[ArticleSummary] = field(default_factory=list)
    format: int = FORMAT

    def article(self, article_id: str) -> ArticleSummary:
        return next(a for a in self.articles if a.id == article_id)

    def page(self, number: int) -> PageSummary:
        return next(p for p in self.pages if p.number == number)

    def to_json(self) -> str:
        return json.dumps(dataclasses.asdict(self), ensure_ascii=False, indent=1, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> EditionSummary:
        d: dict[str, Any] = json.loads(text)
        if d.get("format") != FORMAT:
            raise ValueError("summary of another format")
        pages = [PageSummary(**{**p, "picture": Picture(**p["picture"]), "thumb": Picture(**p["thumb"]),
                                "spots": [Spot(s["article"], [[(x, y) for x, y in poly] for poly in s["polygons"]])
                                          for s in p["spots"]]})
                 for p in d.pop("pages")]
        articles = [ArticleSummary(**{**a, "figures": [Figure(**f) for f in a["figures"]]})
                    for a in d.pop("articles")]
        return cls(**d, pages=pages, articles=articles)
