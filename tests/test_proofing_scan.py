"""The proofing scanner finds exactly the slips the one regular expression it replaced
found (that expression's Han class cost ~15 ms to compile at every start): same kinds,
same spans, on generated copy mixing Han, full- and half-width marks and spaces."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from layout.model.proofing import find_slips

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_DOUBLED = "。，、；："
ORACLE = re.compile(
    rf"(?P<half>(?<=[{_HAN}])[,.?!:;\"'()](?= *[{_HAN}]))"
    rf"|(?P<space>(?<=[{_HAN}]) +(?=[{_HAN}]))"
    rf"|(?P<ellipsis>(?<=[{_HAN}，。！？：；”’）])\.{{3,}}|\.{{3,}}(?=[{_HAN}“‘（]))"
    rf"|(?P<dash>(?<=[{_HAN}，。！？：；”’）])-{{2,}}|-{{2,}}(?=[{_HAN}“‘（]))"
    rf"|(?P<doubled>(?P<mark>[{_DOUBLED}])(?P=mark)+)"
)


def oracle(text: str) -> list[tuple[str, int, int]]:
    return [("doubled" if m.group("doubled") else str(m.lastgroup), m.start(), m.end())
            for m in ORACLE.finditer(text)]


# the edges of every Han range, their neighbours outside, and every character the slips name
ALPHABET = ("中文\u3400\u4dbf\u33ff\u4dc0\u4e00\u9fff\ua000\uf900\ufaff\ufb00\U00020000\U0003134f\U00031350"
            ",.?!:;\"'()-  \n。，、；：！？”’）“‘（《》a1")


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=24))
@example("中.中")
@example("中...中")
@example("中..")
@example("。。。，，中 文  字")
@example("...中--")
@example("中, 中")
def test_scanner_finds_what_the_expression_found(text: str) -> None:
    assert find_slips(text) == oracle(text)
