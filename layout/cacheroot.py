"""Where the one cache folder is configured: LAYOUT_FONT_CACHE, or the per-user default.

Kept apart (standard library only) because the class-code cache reads it while
`layout` itself is being imported, before the fonts stage could be.
"""

from __future__ import annotations

import os

ENV_VAR = "LAYOUT_FONT_CACHE"


def configured() -> str:
    """The folder named by LAYOUT_FONT_CACHE, or `newspaper-layout/fonts` in the user's cache."""
    env = os.environ.get(ENV_VAR)
    if env:
        return env
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "newspaper-layout", "fonts")
