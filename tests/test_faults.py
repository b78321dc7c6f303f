"""Faults that are not the edition's: unprintable characters, outputs that cannot be
written, signals, a cache that cannot be used.

Each case asserts the exact line the user sees, its exit status (2 input, 3 output
or environment, 130/143 signals), that no traceback is printed and that nothing is
left behind.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

EDITION = """\
format: 1
edition:
  paper: 徐汇报
  date: 2023-09-18
  issue: 38
  serial: 1744
  permit: 准印证号(B)0150
  url: http://www.xuhuibao.com
page:
  size: tabloid
  margins: {top: 15mm, bottom: 15mm, left: 12mm, right: 12mm}
  columns: 6
  body: {size: 9pt, leading: 14pt}
articles:
  - id: lead
    headline: 学习贯彻动员会举行
    body: BODY
pages:
  - section: 要闻
    blocks:
      - masthead: {}
        columns: 1-6
        lines: 1-10
      - article: ARTICLE
        columns: 1-6
        lines: 11-72
"""


def small_edition(folder: Path, body: str = "9月13日上午，动员会举行。", article: str = "lead") -> Path:
    """A one-page edition; `body` and `article` are YAML scalars as written."""
    path = folder / "edition.yaml"
    path.write_text(EDITION.replace("BODY", body).replace("ARTICLE", article), encoding="utf-8")
    return path


def cli(*args: str):
    from layout.cli import main

    return CliRunner().invoke(main, list(args), catch_exceptions=False)


# -- unprintable characters ------------------------------------------------------------
def test_printable_escapes_controls_and_bidi_only() -> None:
    from layout.errors import printable

    assert printable("版\u202e面\x1b[31m\n") == "版<U+202E>面<U+001B>[31m<U+000A>"
    assert printable("徐汇报 No. 38（总1744）") == "徐汇报 No. 38（总1744）"
    assert printable(printable("\u2066x")) == "<U+2066>x"


def test_missing_glyph_message_escapes_the_character(tmp_path: Path) -> None:
    path = small_edition(tmp_path, body='"9月13日上午，\\u202e动员会\\e[31m举行。"')
    r = cli("check", str(path))
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert "missing glyph U+202E in article lead, page 1" in lines
    assert "missing glyph U+001B in article lead, page 1" in lines
    assert "\u202e" not in r.output and "\x1b" not in r.output


def test_error_echoing_a_value_escapes_it(tmp_path: Path) -> None:
    path = small_edition(tmp_path, article='"lead\\u202e"')
    r = cli("check", str(path))
    assert r.exit_code == 2
    assert r.stderr.splitlines() == [
        f"{path}:24:18: block 2 on page 1: unknown article 'lead<U+202E>'; did you mean 'lead'?"]
