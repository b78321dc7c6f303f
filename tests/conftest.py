"""Shared fixtures: the sample edition, built once per session, and small editions."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "editions" / "2023-09-18.yaml"
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "bench"))    # the benchmark's edition generator serves the tests too


@pytest.fixture(scope="session")
def sample_build():
    from layout.commands import build

    return build(str(SAMPLE))


@pytest.fixture
def write_edition(tmp_path):
    """Write YAML text (dedented) to tmp_path/edition.yaml and return its path."""

    def write(text: str, name: str = "edition.yaml") -> Path:
        p = tmp_path / name
        p.write_text(textwrap.dedent(text), encoding="utf-8")
        return p

    return write


@pytest.fixture
def tmp_cache(tmp_path, monkeypatch) -> Path:
    """A private, empty font cache (LAYOUT_FONT_CACHE) for tests that need a cold one."""
    from layout.fonts import book as fontbook
    from layout.fonts import cache

    d = tmp_path / "fontcache"
    monkeypatch.setenv(cache.ENV_VAR, str(d))
    fontbook._parsed_parts.clear()
    return d


def run_cli(*args: str, cwd: Path | None = None):
    import subprocess

    return subprocess.run([sys.executable, "-m", "layout.cli", *args], capture_output=True, text=True,
                          cwd=cwd or ROOT)
