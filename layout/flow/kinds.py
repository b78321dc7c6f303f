"""The layout result's vocabularies: what a problem is about, what a glyph run is.

`StrEnum`s, so a kind compares equal to its string, prints as it and goes into the
JSON outputs (`serve`'s `/layout.json`, `plan --json`) as the same string: adding a
kind is one line here, and a misspelt kind is a type error, not a silent miss.
"""

from __future__ import annotations

from enum import StrEnum


class ProblemKind(StrEnum):
    """`Problem.kind`: what an editor is told about (and what `--strict` fails on)."""

    OVERSET = "overset"             # text that did not fit its blocks
    UNDERSET = "underset"           # empty grid lines left at a block's foot
    HEADLINE = "headline"           # a headline group, byline or photo without room
    MISSING_GLYPH = "missing-glyph"  # a character no face of its role has
    PLAN = "plan"                   # automatic make-up could not place an article
    RESOLUTION = "resolution"       # a photo below print.min_ppi as placed
    PREFLIGHT = "preflight"         # the print PDF failed a preflight check
    PROOFING = "proofing"           # a proofing warning (model/proofing.py), as serve lists it


# what `check --strict` and `print --strict` fail on; underset and plan are advice
FAILS_STRICT = frozenset({ProblemKind.OVERSET, ProblemKind.MISSING_GLYPH, ProblemKind.PREFLIGHT,
                          ProblemKind.HEADLINE, ProblemKind.RESOLUTION})


class TextRole(StrEnum):
    """`GlyphRun.role`: what a run of glyphs is on the page.

    Most roles are also the name of the text style they are set in (`styles:`,
    model/edition.py STYLE_NAMES); body, masthead-info and label are not styles.
    """

    BODY = "body"
    INTERTITLE = "intertitle"       # a `## ` subhead in a body
    HEADLINE = "headline"
    KICKER = "kicker"
    SUBHEAD = "subhead"
    BYLINE = "byline"
    JUMP = "jump"                   # 转版: 下转第N版 / 上接第N版
    CONTINUED = "continued"         # a continued article's 转版标题
    CAPTION = "caption"
    CREDIT = "credit"
    MASTHEAD = "masthead"           # the paper's name
    MASTHEAD_INFO = "masthead-info"  # date, issue line, publisher beside it
    FOLIO = "folio"                 # the page head: page number, section, date
    LABEL = "label"                 # the QR code's label and the slug line
