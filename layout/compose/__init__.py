"""The Chinese line composer: CLReq line breaking, punctuation compression, justification.

`compose_paragraph` sets body text (indented, justified); `compose_lines` sets
headlines (no indent, solid, left). Both return `Line`s of positioned glyphs.
"""

from .para import Metrics
from .paragraph import Line, compose_lines, compose_paragraph

__all__ = ["Line", "Metrics", "compose_lines", "compose_paragraph"]
