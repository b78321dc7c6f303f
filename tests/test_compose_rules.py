"""The second-generation composer's rules, each pinned on a small paragraph by glyph positions.

Fake metrics as in test_compose.py: Han and CJK marks 1 em, ASCII 0.5 em, space
0.25 em; 1 em = 10 pt, so every expected x can be checked by hand.
"""

from __future__ import annotations

import pytest
from test_compose import EM10, M, S, texts, xs

from layout.compose import compose_paragraph


def test_a_url_breaks_after_a_slash() -> None:
    # 访问 ¼ em http://x.cn/ is 2.25 + 5.5 = 7.75 em; the rest of the URL does not fit
    lines = compose_paragraph("访问http://x.cn/abcdefgh了解", M, S, EM10, indent=0)
    assert texts(lines) == ["访问http://x.cn/", "abcdefgh了解"]
    assert lines[0].text.endswith("/") and lines[1].text.startswith("abc")
    # the URL is not spread: its characters sit ½ em apart
    first = xs(lines[0])
    assert [round(b - a, 3) for a, b in zip(first[2:], first[3:], strict=False)] == [5.0] * 11


def test_an_e_mail_address_breaks_after_a_dot() -> None:
    lines = compose_paragraph("请发至news@xuhui.gov.cn咨询", M, S, EM10, indent=0)
    assert texts(lines) == ["请发至news@xuhui.", "gov.cn咨询"]
    assert lines[0].width == pytest.approx(100.0)


def test_a_trailing_space_is_not_a_gap() -> None:
    # the break falls at the space after York: it takes no room and no justification
    text = "一二三四五New York 六七八九十一二"
    lines = compose_paragraph(text, M, S, EM10, indent=0)
    assert texts(lines)[0] == "一二三四五New York "
    line = lines[0]
    # 五 ¼ em New(1.5) space(0.25) York(2) = 9 em incl. the ¼ em: 1 em is left; the
    # Han/Latin space takes ¼ em of it, the four Han gaps the other ¾ em (0.1875 em each)
    g = 7.5 / 4
    assert xs(line)[:5] == [round(k * (10 + g), 3) for k in range(5)]
    york_end = xs(line)[-2] + 5.0
    assert york_end == pytest.approx(100.0)             # York's k meets the measure
    assert xs(line)[-1] == pytest.approx(100.0)         # the space sits at the edge, zero wide
    assert line.width == pytest.approx(100.0)


def test_a_line_end_comma_takes_half_an_em() -> None:
    # ten characters and a ，: the ， ends the line in half an em, nothing is spread
    lines = compose_paragraph("一二三四五六七八九十，一二三", M, S, 105.0, indent=0)
    assert texts(lines) == ["一二三四五六七八九十，", "一二三"]
    assert xs(lines[0]) == [10.0 * k for k in range(11)]
    assert lines[0].width == pytest.approx(105.0)       # ink half of ， on the edge
    assert lines[0].spacing == 0.0


def test_squeeze_before_spread_pushes_in() -> None:
    # 12 characters with a bracket pair and a comma in 11 em: the line-end ， goes to
    # half width first, then the brackets give the last ½ em between them (¼ em each)
    text = "一（二三）四五六七八九，十一二"
    lines = compose_paragraph(text, M, S, 110.0, indent=0)
    assert texts(lines)[0] == "一（二三）四五六七八九，"
    line = lines[0]
    assert line.spacing == 0.0                          # nothing spread
    assert line.width == pytest.approx(110.0)
    # （ gives ¼ em on its left, ） ¼ em on its right
    assert xs(line)[:6] == [0, 7.5, 17.5, 27.5, 37.5, 45.0]


def test_numbers_never_split_and_never_spread() -> None:
    for num in ("1,286", "99.2%", "7×24"):
        for k in range(5, 10):
            text = "中" * k + num + "人次" + "中" * 6
            lines = compose_paragraph(text, M, S, EM10, indent=0)
            assert any(num in ln.text for ln in lines), (num, k, texts(lines))
            for ln in lines:
                i = ln.text.find(num)
                if i >= 0:
                    steps = [round(b - a, 3) for a, b in zip(ln.xs[i:i + len(num)], ln.xs[i + 1:i + len(num)], strict=False)]
                    assert all(st == pytest.approx(M.advance(num[j]) * S) for j, st in enumerate(steps)), (num, ln.text)


def test_two_em_dash_is_one_joined_mark() -> None:
    class DashMetrics:
        """Han 1 em, a proportional em dash 0.89 em (as in Noto Serif CJK SC)."""

        def __init__(self) -> None:
            self.widths: dict[str, float] = {}

        def advance(self, ch: str) -> float:
            w = 0.89 if ch == "—" else 1.0
            self.widths[ch] = w
            return w

    (line,) = compose_paragraph("一——二", DashMetrics(), S, 200.0, indent=0)
    x1, d1, d2, x2 = line.xs
    assert x2 - x1 == pytest.approx(30.0)               # —— takes two full ems
    assert d2 - d1 < 8.9                                # the second dash overlaps the first: no gap
    assert d1 + 8.9 - (d2 + 0.05 * 8.9) >= 0            # ink (5 % side bearing) joined
    assert (d1 - x1 - 10) == pytest.approx(x2 - (d2 + 8.9))   # centred in its two ems


def test_a_forced_break_ends_the_line_short() -> None:
    lines = compose_paragraph("一二三四五六七八九十一二三\n徐汇区人民政府", M, S, EM10, indent=2)
    assert texts(lines) == ["一二三四五六七八", "九十一二三", "徐汇区人民政府"]
    # the line before the break is set solid (not justified) and not the paragraph's last
    assert xs(lines[1]) == [0, 10, 20, 30, 40] and lines[1].width == pytest.approx(50.0)
    assert not lines[1].last and lines[2].last
    # the next line starts at the column edge (no indent)
    assert xs(lines[2])[0] == 0.0


def test_total_fit_evens_the_paragraph() -> None:
    # greedy first fit would fill line 1 and leave line 2 with a lone 8-em spread; the
    # paragraph-wide choice shares the slack between neighbouring lines
    text = "一二三四五六七八九十一二“三四五六七八九十”一二三四五六七八九十一二三四"
    lines = compose_paragraph(text, M, S, EM10, indent=0)
    spacings = [ln.spacing for ln in lines[:-1]]
    assert max(spacings) <= 2.0                         # no justified gap beyond 0.2 em


def test_a_last_line_takes_its_closing_mark_in_half_an_em() -> None:
    # eleven characters and 。: 12 em in 11.5 em. The last line's 。 gives up its blank
    # half (行末半角, as at any line end) rather than going down onto a line of its own
    # with the last two characters; set solid, nothing is spread
    text = "一二三四五六七八九十一。"
    lines = compose_paragraph(text, M, S, 115.0, indent=0)
    assert texts(lines) == [text]
    assert xs(lines[0]) == [10.0 * k for k in range(12)]
    assert lines[0].width == pytest.approx(115.0)
    # with room to spare the mark keeps its whole em
    lines = compose_paragraph(text, M, S, 130.0, indent=0)
    assert lines[0].width == pytest.approx(120.0)
    # a last line that would need more than the mark's blank half still breaks
    lines = compose_paragraph("一二三四五六七八九十一二。", M, S, 115.0, indent=0)
    assert len(lines) == 2
