"""The composer with REAL advance widths of the body face (Noto Serif CJK SC).

Widths come from the fonts stage (`FontBook.default().stack("song")`) when it is
importable and its fonts are present; otherwise from the Debian font file found
with fc-match and read with fontTools, so this test adapts once the fonts stage
lands and still runs before it does.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from layout.compose import compose_paragraph

SIZE = 9.5
SEED = Path(__file__).resolve().parents[2] / "shared" / "seed"
TEXT = (
    "9月13日上午，徐汇区学习贯彻习近平新时代中国特色社会主义思想主题教育动员会举行。"
    "市委第二巡回督导组组长尤存出席会议并讲话，副组长唐洪涛到会指导。曹立强指出，要把"
    "“实”的导向贯穿始终，坚持开门搞教育、坚持奔着问题去、坚持分层分类（见《徐汇报》"
    "第38期）。全区共有1,286个基层党组织参加，覆盖率达到98.5%，详情请见"
    "https://www.shanghai.gov.cn——欢迎读者访问……“建设新徐汇、奋进新征程。”"
)


class _FontToolsMetrics:
    """Advances (em) read from the font's hmtx through its cmap; cached in `widths`."""

    def __init__(self, path: str, index: int) -> None:
        from fontTools.ttLib import TTFont

        font = TTFont(path, fontNumber=index, lazy=True)
        self._cmap = font.getBestCmap()
        self._hmtx = font["hmtx"].metrics
        self._upm = font["head"].unitsPerEm
        self.widths: dict[str, float] = {}

    def advance(self, ch: str) -> float:
        g = self._cmap.get(ord(ch))
        w = self._hmtx[g][0] / self._upm if g else 1.0
        self.widths[ch] = w
        return w


def _fonttools_song():
    if not shutil.which("fc-match"):
        return None
    path = subprocess.run(["fc-match", "-f", "%{file}", "Noto Serif CJK SC"],
                          capture_output=True, text=True).stdout
    if not path or "NotoSerifCJK" not in path:
        return None
    if path.endswith(".ttc"):
        from fontTools.ttLib import TTCollection

        names = [f["name"].getDebugName(4) or "" for f in TTCollection(path, lazy=True)]
        index = next((i for i, n in enumerate(names) if "SC" in n), None)
        if index is None:
            return None
        return _FontToolsMetrics(path, index)
    return _FontToolsMetrics(path, 0)


@pytest.fixture(scope="module")
def song():
    try:  # the fonts stage, when it is there
        from layout.fonts.book import FontBook

        return FontBook.default(progress=False).stack("song")
    except Exception:
        pass
    m = _fonttools_song()
    if m is None:
        pytest.skip("Noto Serif CJK SC not installed")
    return m


def test_real_widths_are_as_expected(song) -> None:
    assert song.advance("中") == pytest.approx(1.0)
    # in the SC face the curly quotes are full width, so they compress like brackets
    assert song.advance("“") == pytest.approx(1.0) and song.advance("”") == pytest.approx(1.0)
    assert song.advance("2") < 0.7                      # proportional digits


def test_real_positions_of_a_mixed_line(song) -> None:
    (line,) = compose_paragraph("2023年9月，“好。”", song, SIZE, 400.0, indent=0)
    adv = [song.advance(ch) * SIZE for ch in line.text]
    q = 0.25 * SIZE
    # the step from each glyph to the next: its advance, ¼ em where Han meets a
    # digit, half an em less where two marks meet (，“ and 。” take 1.5 em)
    steps = [adv[0], adv[1], adv[2], adv[3] + q,      # 2 0 2 3 | 年
             adv[4] + q, adv[5] + q,                  # 年 | 9 | 月
             adv[6], adv[7] / 2, adv[8], adv[9],      # 月 ， “ 好
             adv[10] / 2]                             # 。”
    want = [0.0]
    for st in steps:
        want.append(want[-1] + st)
    assert line.xs == pytest.approx(want)
    assert line.width == pytest.approx(want[-1] + adv[11])


def _paragraphs() -> list[str]:
    out = [TEXT]
    if SEED.is_dir():
        for p in sorted(SEED.glob("*.txt")):
            for para in p.read_text(encoding="utf-8").splitlines():
                para = para.strip()
                if len(para) > 60 and not para.startswith(("#", "!", "[", "<", "|")):
                    out.append(para)
    return out


@pytest.mark.parametrize("columns", [11, 13, 17.5, 24])
@pytest.mark.parametrize("style", ["quanjiao", "kaiming"])
def test_real_paragraphs_justified(song, columns: float, style: str) -> None:
    measure = columns * SIZE
    for text in _paragraphs():
        lines = compose_paragraph(text, song, SIZE, measure, style=style)
        assert "".join(ln.text for ln in lines) == text
        for prev, nxt in zip(lines, lines[1:], strict=False):
            assert nxt.text[0] not in "、，。；：？！”’」』）】〕］｝〉》·…—%,.;:?!", (prev.text, nxt.text)
            assert prev.text[-1] not in "“‘「『（【〔［｛〈《", (prev.text, nxt.text)
        for ln in lines:
            assert ln.width <= measure + 0.1
            # flush, except a line of nothing but a piece of a URL: never letter-spaced, left short
            if not ln.last and not ln.hyphen and not ln.text.isascii():
                assert abs(ln.width - measure) <= 0.1, (ln.text, ln.width)
