"""Fuzzing `layout check` and `layout print` with generated editions (Hypothesis).

Each example is a small valid edition, mutated at random: values replaced by other
types, odd numbers (huge, negative, NaN, 400 digits), ranges, lengths and units, ids,
special characters (controls, U+202E, noncharacters, emoji), image files that are
not what they say, keys added or removed, and now and then the YAML text itself
damaged. Both commands run in-process. The test fails on any exception that is not
the tool's own reported error, on an exit status other than 0, 1, 2 or 3, on an input
error without its `FILE:LINE:COL`, and when `print` refuses (exit 2) an edition that
`check` accepted.

In the suite: a fixed seed (derandomised) and FUZZ_EXAMPLES examples (default 60,
about 10 s here idle, 30 s under load). `make fuzz` runs 2,000 with a fresh seed each time.
"""

from __future__ import annotations

import copy
import os
import re
import struct
import zlib
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from layout.cli import main

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "60"))
RANDOM = os.environ.get("FUZZ_RANDOM") == "1"      # make fuzz: a new seed every run

BODY = ("9月13日上午，区委召开学习贯彻习近平新时代中国特色社会主义思想主题教育动员会。"
        "会议强调，要深刻领会开展主题教育的重大意义，以高度的政治自觉抓好各项任务落实。") * 6

BASE: dict[str, Any] = {
    "format": 1,
    "edition": {"paper": "徐汇报", "date": "2023-09-18", "issue": 38, "serial": 1744,
                "permit": "准印证号(B)0150", "url": "http://www.xuhuibao.com",
                "channels": [{"label": "徐汇通 APP", "url": "http://www.xuhuibao.com/#app"}]},
    "page": {"size": "tabloid", "bleed": "3mm",
             "margins": {"top": "15mm", "bottom": "15mm", "left": "12mm", "right": "12mm"},
             "columns": 6, "gutter": "1em", "body": {"font": "song", "size": "9pt", "leading": "14pt"},
             "print": {"ink_limit": 240}},
    "articles": [
        {"id": "lead", "kicker": "主题教育", "headline": "学习贯彻动员会举行", "subhead": "全面部署各项任务",
         "byline": "□ 记者 刘坤", "body": BODY,
         "images": [{"file": "photos/good.jpg", "caption": "会议现场", "credit": "摄影 王卫民"}]},
        {"id": "tech", "headline": "区领导走访调研区内科技企业", "body": BODY[:200] + "\n\n## 小标题\n\n" + BODY[:120]},
    ],
    "pages": [
        {"number": 1, "section": "要闻", "editor": "张三", "blocks": [
            {"masthead": {}, "columns": "1-6", "lines": "1-10"},
            {"article": "lead", "columns": "1-4", "lines": "11-50", "headline": {"lines": 6}},
            {"image": {"file": "photos/good.jpg", "caption": "图", "focus": [0.5, 0.25]},
             "columns": "5-6", "lines": "11-30"},
            {"article": "tech", "columns": "5-6", "lines": "31-72",
             "box": {"rule": "0.75pt", "tint": "cmyk(0, 0, 0, 8)"}, "headline": {"orient": "vertical"}},
        ]},
        {"number": 2, "section": "综合", "blocks": [
            {"article": "lead", "columns": "1-6", "lines": "1-30"},
        ]},
    ],
}

SPECIAL = ["\u202e", "\x00", "\x1b[31m", "\ufffe", "\x7f", "\u0301", "😀", "𠮷", "\n", "\t", "\u3000",
           "", " ", "#", ":", "- ", "{", "[", "&a", "*a", "!!python/object:os.system", "%", "\\", "'", '"']
NUMBERS = [0, -1, 1, 2, 7, 72, 73, 1000, 10**6, 2**63, -(2**63), 10**400, 0.5, -0.0, 1e308, float("inf"),
           float("-inf"), float("nan"), True, False]
RANGES = ["1-6", "6-1", "0-3", "1-1", "3", "1-999", "-1-2", "a-b", "1--2", "1-", "1" * 5000 + "-2", "7-7"]
LENGTHS = ["12mm", "0mm", "-3pt", "1e309pt", "9" * 400 + "pt", "12 furlongs", "1em", "2cm", "0.1pt", "pt",
           "12", "1e-9mm", "NaNpt", "infmm", "3.5q", "1in", "100%"]
WORDS = ["song", "hei", "kai", "biaosong", "vertical", "horizontal", "broadsheet", "tabloid", "none",
         "cmyk(0, 0, 0, 8)", "cmyk(0, 0, 0, 800)", "cmyk(0,0)", "red", "lead", "tech", "nosuch", "2023-02-30",
         "2023-09-18", "http://" + "x" * 2400, "photos/good.jpg", "photos/empty.jpg", "photos/text.jpg",
         "photos/truncated.jpg", "photos/bomb.png", "photos/cmyk.jpg", "photos/gray.png", "photos/missing.jpg",
         "../../etc/passwd", "photos", "/dev/null", "edition.yaml"]
KEYS = ["colour", "lines", "columns", "headline", "box", "image", "article", "masthead", "file", "extends",
        "templates", "template", "articles", "size", "font", "orient", "height", "focus", "crop", "number",
        "kicker", "subhead", "byline", "caption", "credit", "editor"]


# Values a key plausibly takes, valid or just beyond: these keep an edition loadable
# often enough that the layout, painter and print stages get their share.
PLAUSIBLE: dict[str, list[Any]] = {
    "lines": ["1-72", "11-72", "60-72", "72", "1-1", "12-19", "40-41", "1-73", "after", "auto", "after-30", "20-auto"],
    "columns": ["1", "1-6", "6", "3-4", "2-5", "1-7", 6, 1, 12],
    "headline": [{"lines": 1}, {"lines": 30}, {"size": "36pt"}, {"size": "200pt"}, {"columns": "1-2"},
                 {"orient": "vertical"}, {"orient": "vertical", "lines": 40}, "学习\n贯彻", "国" * 80, ""],
    "kicker": ["引题", "国" * 60, "a\nb", "\u202e"], "subhead": ["副题", "Subhead in Latin letters", "国" * 90],
    "byline": ["□ 记者 刘坤 陆海捷", "国" * 70, ""],
    "body": [BODY[:30], "## 小标题\n\n" + BODY[:300], "诗句一 \\\n诗句二 \\\n" + BODY[:100],
             "Pneumonoultramicroscopicsilicovolcanoconiosis " * 20, "（" * 50 + "）" * 50, "。，、" * 100,
             BODY * 4, "😀𠮷\u202e\x1b[31m" + BODY[:50], "1234567890" * 30],
    "file": ["photos/good.jpg", "photos/cmyk.jpg", "photos/gray.png", "photos/truncated.jpg", "photos/bomb.png",
             "photos/text.jpg", "photos/empty.jpg", "photos/missing.jpg", "copy/story.txt", "copy/gbk.txt",
             "copy/binary.txt", "copy/fake.docx", "copy/empty.txt"],
    "articles": [["lead", "tech"], ["tech"], ["nosuch"], [], ["lead", "lead"]],
    "extends": ["base.yaml", "missing.yaml", "edition.yaml"],
    "template": ["front", "nosuch"],
    "focus": [[0, 0], [1, 1], [0.5, 0.5], [2, -1], [0.5]], "height": [1, 5, 14, 72, 0, -1],
    "size": ["9pt", "6pt", "18pt", "broadsheet", "tabloid", [200, 300], ["100mm", "150mm"], "36pt", "0.5pt"],
    "leading": ["14pt", "9pt", "30pt", "100pt", "1pt"], "gutter": ["0mm", "1em", "5mm", "30mm"],
    "bleed": ["0mm", "3mm", "10mm"], "font": ["song", "hei", "kai", "biaosong"],
    "box": [{"rule": "0.5pt"}, {"tint": "cmyk(0, 0, 0, 100)"}, {"rule": "10pt", "tint": "cmyk(100, 100, 100, 100)"}],
    "rule": ["0pt", "0.25pt", "5pt"], "tint": ["cmyk(0, 0, 0, 8)", "cmyk(100, 0, 0, 0)", "none"],
    "ink_limit": [100, 240, 400], "number": [1, 2, 3, 9],
    "section": ["要闻", "国" * 40, ""], "editor": ["张三", "国" * 30],
    "caption": ["图", "国" * 200, "\u202e说明"], "credit": ["摄", "国" * 40],
    "issue": [1, 9999, 0], "serial": [1, 99999], "date": ["2023-09-18", "2024-02-29", "1900-01-01"],
    "url": ["http://www.xuhuibao.com", "http://" + "x" * 2200, "https://例子.中国/路径"],
    "label": ["徐汇通 APP", "国" * 30], "masthead": [{}, {"color": "cmyk(0, 100, 100, 0)"}],
    "margins": [{"top": "5mm", "bottom": "5mm", "left": "5mm", "right": "5mm"}, "10mm"],
}


def scalars() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.sampled_from(NUMBERS), st.sampled_from(RANGES), st.sampled_from(LENGTHS), st.sampled_from(WORDS),
        st.sampled_from(SPECIAL), st.none(), st.integers(-10**6, 10**6),
        st.floats(allow_nan=True, allow_infinity=True),
        st.lists(st.sampled_from(list("国字ab1-_.:/ ") + SPECIAL), max_size=6).map("".join),
        st.builds(lambda s, n: s * n, st.sampled_from(["国", "a", "国a "]), st.sampled_from([200, 3000])),
    )


def values() -> st.SearchStrategy[Any]:
    return st.recursive(st.one_of(scalars(), st.just([]), st.just({})), lambda inner: st.one_of(
        st.lists(inner, min_size=1, max_size=3), st.dictionaries(st.sampled_from(KEYS), inner, min_size=1, max_size=3)),
        max_leaves=4)


def paths(node: Any, here: tuple = ()) -> list[tuple]:
    """Every place in the document a mutation can touch."""
    out = [here]
    if isinstance(node, dict):
        for k, v in node.items():
            out += paths(v, (*here, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += paths(v, (*here, i))
    return out


def parent_of(doc: Any, path: tuple) -> Any:
    for p in path[:-1]:
        doc = doc[p]
    return doc


@st.composite
def editions(draw: st.DrawFn) -> str:
    doc = copy.deepcopy(BASE)
    for _ in range(draw(st.integers(0, 3))):
        spots = [p for p in paths(doc) if p]
        path = draw(st.sampled_from(spots))
        holder = parent_of(doc, path)
        op = draw(st.sampled_from(["plausible", "plausible", "plausible", "replace", "replace", "delete", "add",
                                   "duplicate"]))
        if op == "plausible":
            known = [p for p in spots if isinstance(p[-1], str) and p[-1] in PLAUSIBLE]
            path = draw(st.sampled_from(known))
            holder = parent_of(doc, path)
            holder[path[-1]] = copy.deepcopy(draw(st.sampled_from(PLAUSIBLE[path[-1]])))
        elif op == "replace":
            holder[path[-1]] = draw(values())
        elif op == "delete":
            del holder[path[-1]]
        elif op == "add" and isinstance(holder, dict):
            key = draw(st.sampled_from(KEYS))
            known = PLAUSIBLE.get(key)
            holder[key] = copy.deepcopy(draw(st.sampled_from(known))) if known and draw(st.booleans()) \
                else draw(values())
        elif op == "duplicate" and isinstance(holder, list):
            holder.append(copy.deepcopy(holder[path[-1]]))
    text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=10**6)
    if draw(st.integers(0, 9)) == 0:        # damage the text itself now and then
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(SPECIAL + ["\t", "  ", ": ", "\x00", "\ufeff"])) + text[at:]
    return text


# -- the files the editions name ---------------------------------------------------------
def _png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims width x height (a decompression bomb's header)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from PIL import Image

    d = tmp_path_factory.mktemp("fuzz")
    photos = d / "photos"
    photos.mkdir()
    Image.new("RGB", (1200, 900), (120, 130, 140)).save(photos / "good.jpg", quality=80)
    Image.new("CMYK", (300, 200), (10, 20, 30, 40)).save(photos / "cmyk.jpg")
    Image.new("L", (200, 200), 128).save(photos / "gray.png")
    (photos / "empty.jpg").write_bytes(b"")
    (photos / "text.jpg").write_text("not a picture", encoding="utf-8")
    good = (photos / "good.jpg").read_bytes()
    (photos / "truncated.jpg").write_bytes(good[: len(good) // 2])
    (photos / "bomb.png").write_bytes(_png_claiming(20000, 20000))
    copies = d / "copy"
    copies.mkdir()
    (copies / "story.txt").write_text("## 小标题\n" + BODY[:200] + " \\\n" + BODY[:80] + "\n", encoding="utf-8")
    (copies / "gbk.txt").write_bytes(BODY[:100].encode("gb18030"))
    (copies / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (copies / "fake.docx").write_bytes(b"PK\x03\x04 not really a Word file")
    (copies / "empty.txt").write_bytes(b"")
    (d / "base.yaml").write_text(yaml.safe_dump({
        "templates": {"front": {"section": "要闻", "blocks": [{"masthead": {}, "columns": "1-6", "lines": "1-10"}]}},
        "styles": {"caption": {"font": "kai"}}}, allow_unicode=True), encoding="utf-8")
    return d


LOCATED = re.compile(r"^.+:\d+:\d+: \S")


def run(args: list[str]) -> tuple[int, str]:
    r = CliRunner().invoke(main, args, catch_exceptions=True)
    if r.exception is not None and not isinstance(r.exception, SystemExit):
        raise r.exception
    return r.exit_code, r.stderr


def assert_answered(command: str, status: int, err: str, path: Path) -> None:
    assert status in (0, 1, 2, 3), f"{command}: exit {status}\n{err}"
    assert "Traceback" not in err, err
    if status == 2:
        lines = err.splitlines()
        assert lines, f"{command}: exit 2 with nothing said"
        bad = [ln for ln in lines if not LOCATED.match(ln)]
        assert not bad, f"{command}: an input error without its FILE:LINE:COL: {bad}"


@settings(max_examples=EXAMPLES, deadline=None, derandomize=not RANDOM, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture, HealthCheck.filter_too_much])
@given(text=editions())
def test_every_edition_is_answered(folder: Path, text: str) -> None:
    path = folder / "edition.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    status, err = run(["check", str(path)])
    assert_answered("check", status, err, path)
    event(f"check exit {status}")
    if status != 0:
        return
    out = folder / "out" / "x.pdf"
    status, err = run(["print", str(path), "-o", str(out)])
    assert_answered("print", status, err, path)
    event(f"print exit {status}")
    assert status != 2, f"print refused what check accepted:\n{err}"
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".")], "a temporary file was left"
