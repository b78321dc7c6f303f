"""The README's example edition is a valid edition (the docs stay true)."""

from __future__ import annotations

import re

from conftest import ROOT

from layout.model.loader import load_edition_text


def test_readme_example_edition_loads():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    example = re.search(r"```yaml\n(.*?)```", text, re.S).group(1)
    ed = load_edition_text(example, "README.md", str(ROOT))
    assert [p.number for p in ed.pages] == [1, 2]
    assert ed.edition.weekday == "星期一"
    assert [b.kind for b in ed.pages[0].blocks] == ["masthead", "article"]


def test_format_docs_key_tables_match_the_schema():
    """docs/format.md's key tables are the schema's: regenerate with `python -m layout.model.schema`."""
    from layout.model.schema import DOCS_BEGIN, DOCS_END, docs_tables

    text = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
    written = text[text.index(DOCS_BEGIN):text.index(DOCS_END) + len(DOCS_END)]
    assert written == docs_tables(), "docs/format.md is out of date: run `python -m layout.model.schema`"


def test_every_key_the_loader_accepts_is_documented(tmp_path):
    """An unknown key's message lists the schema's keys: a key the loader reads but the schema
    lacks would be refused, so every accepted key is in the generated tables."""
    from layout.model.schema import SECTIONS

    tables = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
    for section in SECTIONS:
        for key in section.keys:
            assert f"| `{key}`" in tables, (section.name, key)


def test_serve_docs_list_every_problem_kind():
    """A problem kind added in flow/kinds.py is named where serve's JSON is described."""
    from layout.flow.kinds import ProblemKind

    text = (ROOT / "docs" / "serve.md").read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("| `GET /layout.json`"))
    assert [k.value for k in ProblemKind if f"`{k.value}`" not in row] == []


def test_every_text_role_is_a_style_or_named_in_the_format_docs():
    """A glyph run's role is its style's name; the few that are not are listed in docs/format.md."""
    from layout.flow.kinds import TextRole
    from layout.model.edition import STYLE_NAMES

    text = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
    assert set(STYLE_NAMES) <= set(TextRole)
    assert [r.value for r in TextRole if r not in STYLE_NAMES and f"`{r.value}`" not in text] == []
