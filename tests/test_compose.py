"""Hand-checked cases for the Chinese line composer, asserting positions.

Fake metrics throughout: Han and CJK marks 1 em, ASCII 0.5 em, space 0.25 em.
At size 10 pt one em is 10 pt, so every expected x below can be checked by hand.
"""

from __future__ import annotations

import pytest

from layout.compose import Line, compose_lines, compose_paragraph


class FakeMetrics:
    """Han/CJK 1 em, ASCII 0.5 em, space 0.25 em; caches like the real FontStack."""

    def __init__(self) -> None:
        self.widths: dict[str, float] = {}

    def advance(self, ch: str) -> float:
        w = 0.25 if ch == " " else 0.5 if ch.isascii() else 1.0
        self.widths[ch] = w
        return w


M = FakeMetrics()
S = 10.0          # pt: 1 em = 10 pt
EM10 = 100.0      # a 10-em measure


def xs(line: Line) -> list[float]:
    return [round(x, 3) for x in line.xs]


def texts(lines: list[Line]) -> list[str]:
    return [ln.text for ln in lines]


def spread(n: int, slack_em: float, start: float = 0.0) -> list[float]:
    """x of n one-em glyphs with slack_em spread over their n-1 gaps."""
    g = slack_em * S / (n - 1)
    return [round(start + k * (S + g), 3) for k in range(n)]


def test_indent_and_grid() -> None:
    lines = compose_paragraph("中" * 25, M, S, EM10)
    assert texts(lines) == ["中" * 8, "中" * 10, "中" * 7]
    assert xs(lines[0]) == [20.0 + 10 * k for k in range(8)]
    assert xs(lines[1]) == [10.0 * k for k in range(10)]
    assert [ln.width for ln in lines] == [100.0, 100.0, 70.0]
    assert [ln.last for ln in lines] == [False, False, True]


def test_comma_never_starts_a_line_push_out() -> None:
    # 10 characters fit; the 11th is ，: squeezing the line-end ， gives only ½ em,
    # so 十 is pushed to the next line and the 9 left are spread by 1 em.
    lines = compose_paragraph("一二三四五六七八九十，十一二三", M, S, EM10, indent=0)
    assert texts(lines) == ["一二三四五六七八九", "十，十一二三"]
    assert xs(lines[0]) == spread(9, 1.0)
    assert lines[0].width == pytest.approx(100.0)
    assert xs(lines[1]) == [0, 10, 20, 30, 40, 50]


def test_comma_pushed_in_by_squeezing() -> None:
    # The ， that would start line 2 is pulled in: the inner ， and the line-end ，
    # each give up their blank half (1 em in all).
    lines = compose_paragraph("一二，三四五六七八九，十一", M, S, EM10, indent=0)
    assert texts(lines) == ["一二，三四五六七八九，", "十一"]
    assert xs(lines[0]) == [0, 10, 20, 25, 35, 45, 55, 65, 75, 85, 95]
    assert lines[0].width == pytest.approx(100.0)


def test_line_end_mark_half_width_makes_it_fit() -> None:
    # indent ½ em leaves 9.5 em: nine characters plus 。 set half width fill it exactly.
    lines = compose_paragraph("一二三四五六七八九。一二三", M, S, EM10, indent=0.5)
    assert texts(lines) == ["一二三四五六七八九。", "一二三"]
    assert xs(lines[0]) == [5 + 10 * k for k in range(10)]
    assert lines[0].width == pytest.approx(100.0)


def test_opening_quote_never_ends_a_line() -> None:
    lines = compose_paragraph("一二三四五六七八九“十一”二三", M, S, EM10, indent=0)
    assert texts(lines) == ["一二三四五六七八九", "“十一”二三"]
    assert xs(lines[0]) == spread(9, 1.0)
    # the quote at the line start loses its blank half: its origin is ½ em left
    assert xs(lines[1]) == [-5, 5, 15, 25, 35, 45]
    assert lines[1].width == pytest.approx(55.0)


@pytest.mark.parametrize("pair", ["——", "……"])
def test_dash_and_ellipsis_never_split(pair: str) -> None:
    lines = compose_paragraph("一二三四五六七八九" + pair + "十一", M, S, EM10, indent=0)
    # the pair may not be split nor start a line, so 九 goes down with it
    assert texts(lines) == ["一二三四五六七八", "九" + pair + "十一"]
    assert xs(lines[0]) == spread(8, 2.0)
    assert xs(lines[1]) == [0, 10, 20, 30, 40]


def test_no_justification_space_inside_a_dash() -> None:
    lines = compose_paragraph("一二——三四五六七八，九十", M, S, EM10, indent=0)
    assert texts(lines) == ["一二——三四五六七", "八，九十"]
    g = 10.0 / 7                       # 1 em over the 7 gaps outside ——
    want = [0, 10 + g, 20 + 2 * g, 30 + 2 * g, 40 + 3 * g, 50 + 4 * g, 60 + 5 * g,
            70 + 6 * g, 80 + 7 * g]
    assert xs(lines[0]) == [round(x, 3) for x in want]
    assert lines[0].width == pytest.approx(100.0)


def test_url_breaks_after_a_dot_rather_than_leave_a_hole() -> None:
    url = "https://www.shanghai.gov.cn"      # 27 × ½ em = 13.5 em
    lines = compose_paragraph("一二三四五六七八九十" + url + "查询", M, S, 200.0, indent=0)
    # moving the whole URL down would spread ten characters over 20 em; it breaks after www.
    assert texts(lines) == ["一二三四五六七八九十https://www.", "shanghai.gov.cn查询"]
    # the Han/Latin space grows to ½ em, the other 3.5 em go to the 9 Han gaps, none into the URL
    assert xs(lines[0]) == spread(10, 3.5) + [140.0 + 5.0 * k for k in range(12)]
    assert lines[0].width == pytest.approx(200.0)
    assert xs(lines[1]) == [5.0 * k for k in range(15)] + [77.5, 87.5]


def test_url_longer_than_the_line_breaks_after_slash_or_dot() -> None:
    lines = compose_paragraph("访问https://www.shanghai.gov.cn/xxgk/index.html了解", M, S, EM10, indent=0)
    assert texts(lines) == ["访问https://www.", "shanghai.gov.cn/", "xxgk/index.html了解"]
    # the slack of the first line goes to the Han/Latin space (to ½ em) and the gap 访问
    assert xs(lines[0])[:3] == [0, 25.0, 40.0] and lines[0].width == pytest.approx(100.0)
    # a line of URL alone is never letter-spaced: it is left short
    assert xs(lines[1]) == [5.0 * k for k in range(16)] and lines[1].width == pytest.approx(80.0)
    assert all(ln.width <= 100.0 + 0.1 for ln in lines)


def test_number_with_separator_kept_whole() -> None:
    lines = compose_paragraph("一二三四五六七八1,286人", M, S, EM10, indent=0)
    assert texts(lines) == ["一二三四五六七八", "1,286人"]
    assert xs(lines[0]) == spread(8, 2.0)
    assert xs(lines[1]) == [0, 5, 10, 15, 20, 27.5]


@pytest.mark.parametrize("num", ["30%", "3.2", "¥100", "7×24"])
def test_numbers_with_signs_not_split(num: str) -> None:
    for k in range(6, 11):
        text = "中" * k + num + "中" * 8
        lines = compose_paragraph(text, M, S, EM10, indent=0)
        assert "".join(texts(lines)) == text
        assert any(num in ln.text for ln in lines), (k, texts(lines))


def test_adjacent_marks_take_one_and_a_half_em() -> None:
    (line,) = compose_paragraph("他说：“好。”我们走吧。", M, S, 200.0, indent=0)
    # ：“ and 。” each 1.5 em: the first mark loses its right blank half
    assert xs(line) == [0, 10, 20, 25, 35, 45, 50, 60, 70, 80, 90, 100]
    assert line.width == pytest.approx(110.0)
    (line,) = compose_paragraph("（好）。《书》、", M, S, 200.0, indent=0)
    # （ at the line start loses its left blank; ）。 。《 and 》、 are 1.5 em each
    assert xs(line) == [-5, 5, 15, 20, 25, 35, 45, 50]
    assert line.width == pytest.approx(60.0)


def test_pair_split_at_line_end_ends_half_width() -> None:
    # 。” is a pair (1.5 em); the break falls between ” and “, and ” at the line end
    # is set half width too (GB/T 15834 行末半角): 1 em is left, spread over the 9 gaps
    lines = compose_paragraph("一二三四五六七八。”“九十”", M, S, EM10, indent=0)
    assert texts(lines) == ["一二三四五六七八。”", "“九十”"]
    g = 10.0 / 9
    assert xs(lines[0]) == [round(k * (10 + g), 3) for k in range(9)] + [round(85 + 9 * g, 3)]
    assert lines[0].width == pytest.approx(100.0)


def test_lone_character_pulled_from_the_line_before() -> None:
    lines = compose_paragraph("中" * 21 + "。", M, S, EM10, indent=0)
    # greedy would leave 中。 alone on the last line; one 中 comes down to join it
    assert texts(lines) == ["中" * 10, "中" * 9, "中中。"]
    assert xs(lines[1]) == spread(9, 1.0)
    assert lines[1].width == pytest.approx(100.0)
    assert xs(lines[2]) == [0, 10, 20]


def test_quarter_em_between_han_and_latin() -> None:
    (line,) = compose_paragraph("中文ABC中文", M, S, 200.0, indent=0)
    assert xs(line) == [0, 10, 22.5, 27.5, 32.5, 40, 50]
    assert line.width == pytest.approx(60.0)
    (line,) = compose_paragraph("共100人", M, S, 200.0, indent=0)
    assert xs(line) == [0, 12.5, 17.5, 22.5, 30]


def test_no_quarter_em_at_line_start_or_end() -> None:
    lines = compose_paragraph("一二三四五六七八九十ABCDEFGHIJ中文", M, S, EM10, indent=0)
    assert texts(lines) == ["一二三四五六七八九十", "ABCDEFGHIJ中文"]
    assert xs(lines[0]) == [10.0 * k for k in range(10)]
    assert lines[0].width == pytest.approx(100.0)
    assert xs(lines[1])[0] == 0.0
    assert xs(lines[1])[-2:] == [52.5, 62.5]


def test_kaiming_versus_quanjiao() -> None:
    (q,) = compose_paragraph("你好，世界。", M, S, 200.0, indent=0)
    (k,) = compose_paragraph("你好，世界。", M, S, 200.0, indent=0, style="kaiming")
    assert xs(q) == [0, 10, 20, 30, 40, 50] and q.width == pytest.approx(60)
    # 开明式: ， half width, 。 full
    assert xs(k) == [0, 10, 20, 25, 35, 45] and k.width == pytest.approx(55)
    (q,) = compose_paragraph("“好”吗？", M, S, 200.0, indent=0)
    (k,) = compose_paragraph("“好”吗？", M, S, 200.0, indent=0, style="kaiming")
    assert xs(q) == [-5, 5, 15, 25, 35] and q.width == pytest.approx(45)
    # 开明式: “” half width, ？ full
    assert xs(k) == [-5, 5, 15, 20, 30] and k.width == pytest.approx(40)
    with pytest.raises(ValueError):
        compose_paragraph("你好", M, S, 200.0, style="nope")


def test_flush_edges_on_a_real_paragraph() -> None:
    text = ("9月13日上午，徐汇区学习贯彻习近平新时代中国特色社会主义思想主题教育动员会举行。"
            "要把“实”的导向贯穿始终，坚持开门搞教育、坚持奔着问题去（见《徐汇报》第38期）。"
            "全区共有1,286个基层党组织参加，覆盖率达到98.5%，详见www.xuhui.gov.cn——欢迎访问……")
    for measure in (95.0, 130.0, 171.0):
        lines = compose_paragraph(text, M, S, measure)
        assert "".join(texts(lines)) == text
        for ln in lines[:-1]:
            assert abs(ln.width - measure) <= 0.1
        assert lines[-1].width <= measure


def test_headline_lines_are_set_solid() -> None:
    (line,) = compose_lines("上海徐汇：主题教育动员会举行", M, 20.0)
    assert line.xs[:3] == [0, 20, 40] and line.last
    lines = compose_lines("上海徐汇主题教育动员会举行", M, 20.0, 200.0)
    assert texts(lines) == ["上海徐汇主题教育动员", "会举行"]
    assert lines[0].spacing == 0 and lines[0].xs[1] == 20.0


def test_empty_paragraph() -> None:
    assert compose_paragraph("", M, S, EM10) == []


def test_word_longer_than_the_line_is_hyphenated_inside_the_measure() -> None:
    word = "Pneumonoultramicroscopicsilicovolcanoconiosis"     # 45 × ½ em
    lines = compose_paragraph("中文" + word + "中文", M, S, EM10, indent=0, hyphenate=True)
    assert texts(lines) == ["中文Pneumonoultram", "icroscopicsilicovol", "canoconiosis中文"]
    assert [ln.hyphen for ln in lines] == [True, True, False]
    # 中文 ¼ em and 14 letters are 9.25 em; with the hyphen's ½ em, ¼ em is left,
    # taken by the Han/Latin space (to its ½ em maximum), not between the letters
    assert xs(lines[0])[:4] == [0, 10.0, 25.0, 30.0]
    assert xs(lines[0])[-1] == 90.0 and lines[0].width == pytest.approx(100.0)
    # 19 letters + hyphen = 10 em exactly
    assert xs(lines[1]) == [5.0 * k for k in range(19)] and lines[1].width == pytest.approx(100.0)
    assert all(ln.width <= 100.0 + 1e-6 for ln in lines)
