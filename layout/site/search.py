"""The search index: character n-grams over every article of every edition.

Chinese has no spaces, so instead of words the index keeps every single character
and every pair of adjacent characters (bigrams), each with the articles it occurs in.
A query word of one character looks up that character; a longer one intersects the
lists of its bigrams, which narrows the candidates to a handful; the script then
checks each candidate's own text, so the results are exactly the articles that
contain the word (no false hits from bigrams that occur apart). Latin letters match
regardless of case (A-Z folded to a-z, in the index and in the script alike).

Files (JavaScript, not JSON, so that a page opened from disk can load them with a
<script> element; fetch() of a local file is refused by browsers):
  search/index.js   window.LAYOUT_SEARCH = {editions, docs, grams}
  search/DATE.js    window.LAYOUT_TEXT["DATE"] = [text of each article], loaded on demand
"""

from __future__ import annotations

import json

from .summary import ArticleSummary, EditionSummary


def article_text(a: ArticleSummary) -> str:
    """What a search looks in: kicker, headline, subhead, byline, photo captions, body;
    one field or paragraph per line, so a match never runs across two of them."""
    parts = [a.kicker, a.headline, a.subhead, a.byline]
    parts += [f.caption for f in a.figures]
    parts += a.paragraphs
    return "\n".join(p for p in parts if p)


def fold(text: str) -> str:
    """ASCII letters to lower case, the same fold as search.js (lengths never change)."""
    return text.translate(_FOLD)


_FOLD = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}


def grams(text: str) -> set[str]:
    """Every character and every adjacent pair, except across a line break."""
    out: set[str] = set()
    for line in fold(text).split("\n"):
        out.update(line)
        out.update(line[k:k + 2] for k in range(len(line) - 1))
    out.discard(" ")
    return out


def _js(name: str, value: object) -> str:
    return f"{name} = {json.dumps(value, ensure_ascii=False, separators=(',', ':'), sort_keys=True)};\n"


def search_files(editions: list[EditionSummary]) -> dict[str, str]:
    """The index and one text file per edition; `editions` newest first (the result order)."""
    index: dict[str, list[int]] = {}
    docs: list[list[object]] = []
    eds: list[dict[str, str]] = []
    files: dict[str, str] = {}
    for e, ed in enumerate(editions):
        eds.append({"date": ed.date, "title": ed.title})
        texts: list[str] = []
        for page in ed.pages:
            for art_id in page.articles:
                a = ed.article(art_id)
                if a.pages[0] != page.number:
                    continue                       # listed once, on its first page
                text = article_text(a)
                d = len(docs)
                docs.append([e, len(texts), a.id, a.headline, f"{ed.date}/{a.file}",
                             "、".join(ed.page(n).title for n in a.pages)])
                texts.append(text)
                for g in grams(text):
                    index.setdefault(g, []).append(d)
        files[f"search/{ed.date}.js"] = (
            "window.LAYOUT_TEXT = window.LAYOUT_TEXT || {};\n" + _js(f"window.LAYOUT_TEXT[{json.dumps(ed.date)}]", texts))
    files["search/index.js"] = _js("window.LAYOUT_SEARCH", {"editions": eds, "docs": docs, "grams": index})
    return files
