"""Errors that reach the user as `FILE:LINE:COL: message` lines, never a traceback."""

from __future__ import annotations

from dataclasses import dataclass

from .model.edition import Loc


@dataclass(frozen=True, slots=True)
class Diagnostic:
    loc: Loc
    message: str

    def __str__(self) -> str:
        return f"{self.loc}: {self.message}"


class EditionError(Exception):
    """The input is invalid (exit 2). Carries every problem found, in file order."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = sorted(diagnostics, key=lambda d: (d.loc.file, d.loc.line, d.loc.col))
        super().__init__("\n".join(str(d) for d in self.diagnostics))

    @classmethod
    def at(cls, loc: Loc, message: str) -> EditionError:
        return cls([Diagnostic(loc, message)])
