"""Proofing warnings (校对提示) and the YAML syntax hints: what `layout check` says, where,
and that the copy is never changed; `--strict` ignores proofing, `--strict-proofing` fails on it."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from test_model_errors import BASE, edit
from test_model_errors import write as write_text

from layout.cli import main
from layout.model.copytext import SourceText
from layout.model.loader import load_edition
from layout.model.proofing import proof_text

SLIPS = "    body: |\n      9月13日上午，动员会举行。\n"     # lines 17-18 of BASE
SLIPPED = ('    body: |\n      他说"学习贯彻"，动员会举行...\n      全区 干部参加--会议。。\n\n'
           "      “好，《书\n      (注)完\n")


@pytest.mark.parametrize(("text", "expected"), [
    ('他说"你好"。又说"再见"吧', ["1:3: half-width '\"' between Han characters; use '“'",
                                "1:10: half-width '\"' between Han characters; use '“'",
                                "1:13: half-width '\"' between Han characters; use '”'"]),
    ("徐汇,上海.好?是!对:嗯;呀(注)啊", [f"1:{c}: half-width '{h}' between Han characters; use '{f}'"
                                     for c, h, f in [(3, ",", "，"), (6, ".", "。"), (8, "?", "？"),
                                                     (10, "!", "！"), (12, ":", "："), (14, ";", "；"),
                                                     (16, "(", "（"), (18, ")", "）")]]),
    ("等等...还有--以及", ["1:3: '...' for an ellipsis; use '……'", "1:8: '--' for a dash; use '——'"]),
    ("好。。对，，是", ["1:2: '。。' doubled; use one '。'", "1:5: '，，' doubled; use one '，'"]),
    ("徐汇 报", []),                                            # in a headline: typography
    ("“没关，《书", ["1:1: '“' is not closed in this paragraph; add '”'",
                  "1:5: '《' is not closed in this paragraph; add '》'"]),
    ("书》）对", ["1:2: '》' without an opening '《' in this paragraph",
                "1:3: '）' without an opening '（' in this paragraph"]),
    ("“一”《二》（三）", []),
    ("http://a--b...c 2023.9 A, B 第1.5版 APP 下载", []),        # Latin, digits and URLs are left alone
])
def test_each_slip(text: str, expected: list[str]) -> None:
    """As in a headline (proof_text); a body's paragraphs also report a space between Han characters."""
    found = sorted(proof_text(text, SourceText("f", text)), key=lambda d: d.loc.col)
    assert [str(d) for d in found] == [f"f:{e.split(':', 2)[0]}:{e.split(':', 2)[1]}: proofing: "
                                       f"{e.split(':', 2)[2].lstrip()}" for e in expected]


def write(tmp_path: Path, text: str) -> Path:
    """BASE's folder with a real photo (check reads it)."""
    from PIL import Image

    path = write_text(tmp_path, text)
    Image.new("RGB", (40, 30), "white").save(tmp_path / "photos" / "a.jpg")
    return path


def _check(path: Path, *flags: str) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, ["check", str(path), *flags])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, [ln for ln in result.stdout.splitlines() if ": proofing: " in ln]


def test_check_points_into_the_yaml_and_never_changes_the_copy(tmp_path: Path) -> None:
    path = write(tmp_path, edit(SLIPS, SLIPPED, "    headline: 学习贯彻动员会举行", "    headline: 学习 贯彻,动员"))
    status, lines = _check(path)
    assert status == 0
    p = str(path)
    assert lines == [
        f"{p}:16:20: proofing: half-width ',' between Han characters; use '，'",
        f"{p}:18:9: proofing: half-width '\"' between Han characters; use '“'",
        f"{p}:18:21: proofing: '...' for an ellipsis; use '……'",
        f"{p}:19:9: proofing: a space between two Han characters; Chinese text takes none (remove it)",
        f"{p}:19:14: proofing: '--' for a dash; use '——'",
        f"{p}:19:18: proofing: '。。' doubled; use one '。'",
        f"{p}:21:7: proofing: '“' is not closed in this paragraph; add '”'",
        f"{p}:21:10: proofing: '《' is not closed in this paragraph; add '》'",
        f"{p}:22:7: proofing: half-width '(' between Han characters; use '（'",
        f"{p}:22:9: proofing: half-width ')' between Han characters; use '）'",
    ]
    lead = load_edition(str(path)).article("lead")
    assert lead.headline == "学习 贯彻,动员"
    assert lead.paragraphs == ['他说"学习贯彻"，动员会举行...全区 干部参加--会议。。', "“好，《书(注)完"]


def test_check_points_into_the_copy_file(tmp_path: Path) -> None:
    (tmp_path / "copy").mkdir()
    (tmp_path / "copy" / "tech.txt").write_bytes("第一段。\n\u3000\u3000区领导,走访。\n".encode("gb18030"))
    path = write(tmp_path, edit("    body: 正文。", "    file: copy/tech.txt"))
    _, lines = _check(path)
    assert lines == [f"{tmp_path / 'copy' / 'tech.txt'}:2:6: proofing: half-width ',' between Han characters; "
                     "use '，'"]


def test_strict_ignores_proofing_strict_proofing_fails_on_it(tmp_path: Path) -> None:
    (tmp_path / "clean").mkdir()
    clean = write(tmp_path / "clean", BASE)
    path = write(tmp_path, edit(SLIPS, "    body: 动员会举行...\n"))
    assert _check(path, "--strict")[0] == _check(clean, "--strict")[0]     # whatever else --strict finds
    assert _check(path, "--strict-proofing")[0] == 1
    assert _check(clean, "--strict-proofing") == (0, [])


def test_print_strict_proofing_fails_but_writes(tmp_path: Path) -> None:
    path = write(tmp_path, edit(SLIPS, "    body: 动员会举行...\n"))
    out = tmp_path / "e.pdf"
    result = CliRunner().invoke(main, ["print", str(path), "-o", str(out), "--strict-proofing"])
    assert result.exit_code == 1, result.output
    assert out.read_bytes().startswith(b"%PDF")
    assert f"{path}:17:16: proofing: '...' for an ellipsis; use '……'" in result.stderr


@pytest.mark.parametrize(("old", "new", "line", "col", "message"), [
    ("    headline: 区领导走访调研", "    headline: 公告: 停水通知", 20, 17,
     "YAML syntax error: mapping values are not allowed in this context; the text contains ': ': put the "
     'text in quotes (headline: "公告: 停水通知")'),
    ("  serial: 1744", "\tserial: 1744", 6, 1,
     "YAML syntax error: found a tab character that violates indentation (while scanning a plain scalar at "
     "line 5); a tab is used as indentation: YAML indents with spaces only"),
    ("  - id: tech\n", "  -id: tech\n", 19, 3,
     "YAML syntax error: did not find expected '-' indicator (while parsing a block collection at line 15); "
     "line 19: a list item needs a space "
     "after '-' (write '- id: tech')"),
])
def test_yaml_syntax_hints(tmp_path: Path, old: str, new: str, line: int, col: int, message: str) -> None:
    path = write(tmp_path, edit(old, new))
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"{path}:{line}:{col}: {message}"]


def test_proofing_can_be_turned_off(tmp_path: Path) -> None:
    """`proofing: false` (an edition of English or classical copy, say): no warnings; a value
    that is not true/false is located, as every schema field's is."""
    path = write(tmp_path, edit(SLIPS, "    body: 动员会举行...\n") + "proofing: false\n")
    assert load_edition(str(path)).proofing == []
    bad = write(tmp_path, BASE + "proofing: 3\n")
    result = CliRunner().invoke(main, ["check", str(bad)])
    assert result.stderr.splitlines() == [f"{bad}:37:11: proofing: expected true or false, got the number 3"]


def test_space_between_han_in_a_body() -> None:
    from layout.model.copytext import split_copy
    from layout.model.proofing import proof_paragraph

    source = SourceText("f", "第一行\n徐汇 报\n")
    copy = split_copy(source.text, source)
    assert [str(d) for d in proof_paragraph(copy.lines[0], source)] == [
        "f:2:3: proofing: a space between two Han characters; Chinese text takes none (remove it)"]
