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
