"""Where each character of a YAML scalar is in the YAML text: the run-at-a-time match
(copytext.ScalarOrigin._align) gives what the character-by-character greedy match gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from layout.model.copytext import ScalarOrigin, SourceText, match_chars


def greedy(text: str, start: int, end: int, value: str) -> list[int]:
    """The whole value matched character by character."""
    out: list[int] = []
    match_chars(text, value, start, end, out)
    return out


CHARS = st.sampled_from(list("ab 码字\n\t\u3000\x1c\x85\xa0，。") + ["\\", '"'])


@settings(max_examples=400, deadline=None)
@given(st.text(CHARS, max_size=40), st.text(CHARS, max_size=40), st.integers(0, 5), st.integers(0, 5))
def test_run_match_equals_character_match(text, value, cut_start, cut_end):
    start = min(cut_start, len(text))
    end = max(start, len(text) - cut_end)
    origin = ScalarOrigin(SourceText("e.yaml", text), start, end, value)
    assert origin._align() == greedy(text, start, end, value)


def test_block_scalar_positions():
    text = "body: |\n  第一段，文字。\n  second line\n"
    value = "第一段，文字。\nsecond line\n"
    start = text.index("第")
    origin = ScalarOrigin(SourceText("e.yaml", text), start, len(text), value)
    assert origin._align() == greedy(text, start, len(text), value)
    assert text[origin._align()[value.index("s")]] == "s"
