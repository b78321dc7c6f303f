"""The benchmark edition (bench/synthetic.py) as Typst source, for `make bench` to time
Typst on the same work: the same trim size, margins, 8-column grid, 9 pt body on a
13.5 pt line pitch, the same faces (Noto Serif CJK SC body and headlines, LXGW WenKai
bylines, Noto Sans CJK SC folios) and every article in its block at the same place,
set in justified CJK columns with a 2 em indent.

What differs, on purpose and in Typst's favour: headlines at the largest size our
fitting rule allows (width / 14, at most 48 pt) and wrapped by Typst, not fitted;
columns filled one after the other (Typst's `columns`), not balanced; no crop marks,
bleed, QR codes or PDF/X pass; the masthead is the paper's name and the issue line.
"""

from __future__ import annotations

import re
from typing import Any

MM = 72 / 25.4
SIZES_MM = {"broadsheet": (390.0, 545.0), "tabloid": (272.0, 390.0)}
FACES = {  # our roles -> the family Typst knows the face by, and its weight
    "song": ("Noto Serif CJK SC", "regular"),
    "biaosong": ("Noto Serif CJK SC", "bold"),
    "hei": ("Noto Sans CJK SC", "bold"),
    "kai": ("LXGW WenKai", "regular"),
}


def _pt(value: str) -> float:
    """'20mm' / '9pt' -> points (the synthetic edition uses only these two units)."""
    if value.endswith("mm"):
        return float(value[:-2]) * MM
    if value.endswith("pt"):
        return float(value[:-2])
    raise ValueError(f"unit of {value!r}")


def _span(value: str | int) -> tuple[int, int]:
    first, _, last = str(value).partition("-")
    return int(first), int(last or first)


def _string(text: str) -> str:
    """A Typst string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


_MARKUP = re.compile(r"""([\\#*_$@<>\[\]`~/=+\-'"])""")


def _markup(text: str) -> str:
    """Body copy as Typst markup: every ASCII character markup gives a meaning escaped."""
    return _MARKUP.sub(r"\\\1", text)


def _text(role: str, size: float, content: str, extra: str = "") -> str:
    family, weight = FACES[role]
    return f'text(font: "{family}", weight: "{weight}", size: {size:.2f}pt{extra}, {_string(content)})'


def to_typst(ed: dict[str, Any]) -> str:
    """Typst source for a synthetic edition (the dict bench/synthetic.py writes)."""
    page = ed["page"]
    width, height = SIZES_MM[page["size"]]
    m = {k: _pt(v) for k, v in page["margins"].items()}
    size, leading = _pt(page["body"]["size"]), _pt(page["body"]["leading"])
    cols = page["columns"]
    gutter = _pt(page.get("gutter", f"{size}pt"))
    type_w = width * MM - m["left"] - m["right"]
    colw = (type_w - (cols - 1) * gutter) / cols
    body_family = FACES[page["body"]["font"]][0]
    e = ed["edition"]
    articles = {a["id"]: a for a in ed["articles"]}
    out = [
        f"#set page(width: {width}mm, height: {height}mm, margin: 0pt)",
        # the ideographic em box (0.88 em up, 0.12 em down) as the line's box, so that
        # leading = pitch - size puts baselines `leading` apart, as on our grid
        f'#set text(font: "{body_family}", size: {size}pt, lang: "zh", region: "cn", '
        f'top-edge: 0.88em, bottom-edge: -0.12em)',
        f"#set par(justify: true, leading: {leading - size:.3f}pt, spacing: {leading - size:.3f}pt, "
        f"first-line-indent: (amount: 2em, all: true))",
    ]

    def x_of(col: int) -> float:
        return m["left"] + (col - 1) * (colw + gutter)

    def y_of(line: int) -> float:
        return m["top"] + (line - 1) * leading

    for n, p in enumerate(ed["pages"], start=1):
        if n > 1:
            out.append("#pagebreak()")
        folio = f"第{n}版  {p['section']}  {e['paper']}  {e['date']}"
        out.append(f"#place(top + left, dx: {m['left']:.2f}pt, dy: {m['top'] - 2 * size:.2f}pt, "
                   f"{_text('hei', size, folio)})")
        for b in p["blocks"]:
            c0, c1 = _span(b["columns"])
            l0, l1 = _span(b["lines"])
            w = x_of(c1) + colw - x_of(c0)
            h = (l1 - l0 + 1) * leading
            where = f"top + left, dx: {x_of(c0):.2f}pt, dy: {y_of(l0):.2f}pt"
            if "masthead" in b:
                title = _text("biaosong", min(h * 0.6, 120.0), e["paper"], ", fill: rgb(\"#c00000\")")
                line = _text("hei", size, f"{e['date']}  第{e['issue']}期（总第{e['serial']}期）  {e['permit']}  {e['url']}")
                out.append(f"#place({where}, block(width: {w:.2f}pt, height: {h:.2f}pt)"
                           f"[#align(center)[#{title}] #align(center)[#{line}]])")
                continue
            a = articles[b["article"]]
            head = min(48.0, max(14.0, w / 14.0))
            paras = "\n\n".join(_markup(t) for t in a["body"].split("\n\n"))
            out.append(
                f"#place({where}, block(width: {w:.2f}pt, height: {h:.2f}pt)[\n"
                f"#align(center, par(justify: false, leading: {head * 0.18:.2f}pt, "
                f"first-line-indent: 0pt, {_text('biaosong', head, a['headline'])}))\n"
                f"#v({leading:.2f}pt)\n"
                f"#par(first-line-indent: 0pt, {_text('kai', size, a['byline'])})\n"
                f"#columns({c1 - c0 + 1}, gutter: {gutter:.2f}pt)[\n{paras}\n]\n])"
            )
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    import sys
    from pathlib import Path

    import synthetic

    Path(sys.argv[1] if len(sys.argv) > 1 else "bench-edition.typ").write_text(
        to_typst(synthetic.edition()), encoding="utf-8")
