"""Small editions written on the fly for the layout tests."""

from __future__ import annotations

import yaml
from synthetic import copy_text, sentences  # bench/synthetic.py, on the path through conftest.py


def sample_sentences() -> list[str]:
    """The sentences of the sample edition's bodies (the benchmark's source too)."""
    return sentences()


def body_text(chars: int, offset: int = 0, paragraph: int = 180) -> str:
    """About `chars` characters of real copy, in paragraphs of about `paragraph` characters."""
    return copy_text(sample_sentences(), offset, chars, lambda: paragraph)


def edition_yaml(pages: list[dict], articles: list[dict], *, size: str = "broadsheet", columns: int = 8,
                 body: dict | None = None, margins: str = "20mm", extra: dict | None = None) -> str:
    doc = {
        "format": 1,
        "edition": {"paper": "徐汇报", "date": "2023-09-18", "issue": 38, "serial": 1744,
                    "permit": "准印证号(B)0150", "url": "http://www.xuhuibao.com"},
        "page": {"size": size, "margins": {"top": margins, "bottom": margins, "left": margins, "right": margins},
                 "columns": columns, "body": body or {"font": "song", "size": "9pt", "leading": "14pt"}},
        "articles": articles,
        "pages": pages,
    }
    if extra:
        doc.update(extra)
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
