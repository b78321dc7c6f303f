"""Property tests for the composer over random newspaper-like text.

The generator builds text from tokens a newspaper has (Han runs, clauses ending in
a mark, quoted and bracketed phrases, ——, ……, numbers with signs, Latin words) so
that every paragraph can be set without a forced break; the checks then hold for
every line: nothing lost or reordered, no prohibition broken, flush right edges,
nothing wider than the measure, glyphs in order and not overlapping beyond the
compression the rules allow.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from layout.compose import compose_paragraph

# independent of layout.compose.chars on purpose: the rules as the brief states them
START_BAD = set("、，。；：？！”’」』）】〕］｝〉》·…—%") | set(",.;:?!")
END_BAD = set("“‘「『（【〔［｛〈《")
OPEN = set("“‘「『（【〔［｛〈《")
RIGHT_BLANK = set("、，。；：？！”’」』）】〕］｝〉》")
SIZE = 10.0


class FakeMetrics:
    """Han/CJK 1 em, ASCII 0.5 em (W and M wider), space 0.25 em."""

    def __init__(self) -> None:
        self.widths: dict[str, float] = {}

    def advance(self, ch: str) -> float:
        if ch == " ":
            w = 0.25
        elif ch in "WM":
            w = 0.8
        elif ch in "il1.,":
            w = 0.3
        elif ch.isascii():
            w = 0.55
        else:
            w = 1.0
        self.widths[ch] = w
        return w


M = FakeMetrics()

HAN = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质"
PUNCT_END = "，。、；：？！"


def han(lo: int = 1, hi: int = 6):
    return st.text(alphabet=HAN, min_size=lo, max_size=hi)


token = st.one_of(
    han(),
    st.builds(lambda h, p, q: h + p + q, han(), st.sampled_from(PUNCT_END), st.sampled_from(["", "”", "）"])),
    st.builds(lambda h, p: "“" + h + p + "”", han(1, 5), st.sampled_from(["", "。", "！", "？", "……"])),
    st.builds(lambda h: "（" + h + "）", han(1, 4)),
    st.builds(lambda h: "《" + h + "》", han(1, 4)),
    st.builds(lambda h: "「" + h + "」", han(1, 4)),
    # a dash or ellipsis follows a word (two in a row would make an unbreakable
    # unit longer than the shortest line, which only a forced break can set)
    st.builds(lambda h, d: h + d, han(1, 3), st.sampled_from(["——", "……", "、", "·"])),
    # numbers and Latin words follow a Han character, as in running text (two in a
    # row would fuse into one unbreakable run)
    st.builds(lambda h, w: h + w, han(1, 2), st.one_of(
        st.sampled_from(["30%", "3.2万", "¥100", "7×24", "1,286", "2023年", "98.5%", "10:30"]),
        st.integers(0, 99999).map(str),
        st.sampled_from(["APP", "Shanghai", "PDF", "GDP", "AI", "iPhone", "New York", "Wi-Fi", "OK"]),
    )),
)

paragraph = st.lists(token, min_size=1, max_size=40).map("".join)


def check(text: str, measure_em: float, indent: float, style: str) -> None:
    measure = measure_em * SIZE
    lines = compose_paragraph(text, M, SIZE, measure, indent=indent, style=style)
    # nothing lost, added or reordered
    assert "".join(ln.text for ln in lines) == text
    assert [ln.last for ln in lines] == [False] * (len(lines) - 1) + [True]
    for li, ln in enumerate(lines):
        t = ln.text
        assert t and len(ln.xs) == len(t)
        assert not ln.hyphen
        left = indent * SIZE if li == 0 else 0.0
        # line start: at the edge, or ½ em early for a compressed opening bracket
        if t[0] in OPEN:
            assert abs(ln.xs[0] - (left - SIZE / 2)) < 1e-6 or abs(ln.xs[0] - left) < 1e-6
        else:
            assert abs(ln.xs[0] - left) < 1e-6, (t, ln.xs[0])
        # glyphs in order, overlapping only by the blank halves compression removes
        for i in range(len(t) - 1):
            a, b = t[i], t[i + 1]
            w = M.advance(a) * SIZE
            least = w
            if a in RIGHT_BLANK:
                least -= w / 2
            if b in OPEN:
                least -= M.advance(b) * SIZE / 2
            assert ln.xs[i + 1] - ln.xs[i] >= least - 1e-6, (t, i)
            assert ln.xs[i + 1] >= ln.xs[i] - 1e-9
        # the last glyph's box after compression: full, half (a mark) or nothing (space)
        last_w = M.advance(t[-1]) * SIZE
        box = ln.width - ln.xs[-1]
        if t[-1] == " ":
            assert -1e-6 <= box <= last_w + 1e-6
        elif t[-1] in RIGHT_BLANK:
            assert last_w / 2 - 1e-6 <= box <= last_w + 1e-6, (t, box)
        else:
            assert abs(box - last_w) < 1e-6, (t, box)
        # never wider than the measure; non-final lines flush with it to 0.1 pt
        assert ln.width <= measure + 0.1, (t, ln.width)
        if not ln.last:
            assert abs(ln.width - measure) <= 0.1, (t, ln.width, measure)
    # no break breaks a prohibition or an unbreakable run
    for prev, nxt in zip(lines, lines[1:], strict=False):
        x, y = prev.text[-1], nxt.text[0]
        assert y not in START_BAD, (prev.text, nxt.text)
        assert x not in END_BAD, (prev.text, nxt.text)
        assert not (x.isascii() and x.isalnum() and y.isascii() and y.isalnum()), (prev.text, nxt.text)
        assert not (x in ",.:×" and y.isdigit()), (prev.text, nxt.text)
        assert not (x in "¥" and y.isdigit())


@settings(max_examples=400, deadline=None)
@given(paragraph, st.sampled_from([8, 11, 13, 17.5, 25]), st.sampled_from([0.0, 2.0]),
       st.sampled_from(["quanjiao", "kaiming"]))
def test_composer_properties(text: str, measure_em: float, indent: float, style: str) -> None:
    check(text, measure_em, indent, style)


def test_lone_character_never_left_alone() -> None:
    """Every paragraph of two or more lines ends with at least two characters."""
    for n in range(12, 60):
        text = "中" * n + "。"
        lines = compose_paragraph(text, M, SIZE, 100.0, indent=2.0)
        if len(lines) > 1:
            assert sum(ch != "。" for ch in lines[-1].text) >= 2, (n, [ln.text for ln in lines])
        check(text, 10, 2.0, "quanjiao")
