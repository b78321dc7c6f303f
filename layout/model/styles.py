"""The built-in text styles, which `styles:` in an edition overrides key by key.

Chosen as a Chinese broadsheet sets them: 标宋 headlines fitted to their block,
黑体 kickers and subheads, 楷体 bylines, captions and jump lines at body size.
"""

from __future__ import annotations

from .edition import BLACK, RED, TextStyle


def default_styles(body_size: float) -> dict[str, TextStyle]:
    """Fresh default styles; sizes that follow the body size are computed from it."""
    return {
        "headline": TextStyle(font="biaosong", size=None),          # fitted to the block
        "kicker": TextStyle(font="hei", size=round(body_size * 1.5, 2)),
        "subhead": TextStyle(font="hei", size=round(body_size * 1.4, 2)),
        "byline": TextStyle(font="kai", size=body_size),
        "caption": TextStyle(font="kai", size=round(body_size * 0.9, 2)),
        "credit": TextStyle(font="kai", size=round(body_size * 0.8, 2)),
        "jump": TextStyle(font="kai", size=body_size),
        "folio": TextStyle(font="hei", size=body_size),
        "masthead": TextStyle(font="biaosong", size=None, color=RED),  # fitted to the block
        "continued": TextStyle(font="hei", size=round(body_size * 1.6, 2)),  # 转版标题
        "intertitle": TextStyle(font="hei", size=body_size),  # in-body subhead (小标题), one grid line a line
    }


__all__ = ["default_styles", "BLACK"]
