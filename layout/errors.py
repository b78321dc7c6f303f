"""What reaches the user instead of a traceback, and how it is shown.

Two kinds of failure have their own exit status: an invalid input (`EditionError`,
`FILE:LINE:COL: message` lines, exit 2) and an output or environment fault
(`OutputError`, one line naming the path and the reason, exit 3). Every message that
echoes a value from the input goes through `printable`, so a control or
bidirectional character in the copy cannot reach the terminal as itself.
"""

from __future__ import annotations

import errno
import os
import unicodedata
from dataclasses import dataclass

from .model.edition import Loc

EXIT_OK = 0
EXIT_PROBLEMS = 1       # laid out, but with problems (--strict), or preflight failed
EXIT_INPUT = 2          # the input is invalid (or the command line is)
EXIT_OUTPUT = 3         # an output cannot be written, or the environment refuses
EXIT_SIGINT = 130       # 128 + SIGINT: Ctrl-C
EXIT_SIGTERM = 143      # 128 + SIGTERM

# Unicode categories that print as nothing or move the cursor: controls (ESC, NUL,
# newline…), format characters (U+202E RIGHT-TO-LEFT OVERRIDE, U+200B…), lone
# surrogates (undecodable file names) and the line/paragraph separators.
_HIDDEN = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


def is_hidden(ch: str) -> bool:
    """Whether `ch` would print as nothing or act on the terminal (shown as U+XXXX)."""
    return unicodedata.category(ch) in _HIDDEN


def printable(text: object) -> str:
    """`text` with every control, format or bidirectional character shown as `<U+XXXX>`.

    Idempotent, and plain text (Chinese, Latin, punctuation) passes unchanged.
    """
    s = str(text)
    if s.isprintable():     # the common case: nothing to escape
        return s
    return "".join(f"<U+{ord(ch):04X}>" if is_hidden(ch) else ch for ch in s)


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One located problem, printed as FILE:LINE:COL: message."""

    loc: Loc
    message: str

    def __str__(self) -> str:
        return printable(f"{self.loc}: {self.message}")


class EditionError(Exception):
    """The input is invalid (exit 2). Carries every problem found, in file order."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = sorted(diagnostics, key=lambda d: (d.loc.file, d.loc.line, d.loc.col))
        super().__init__("\n".join(str(d) for d in self.diagnostics))

    @classmethod
    def at(cls, loc: Loc, message: str) -> EditionError:
        return cls([Diagnostic(loc, message)])


# Reasons worded for a person; anything else falls back to the system's own words.
_REASONS = {
    errno.EROFS: "read-only file system",
    errno.ENOSPC: "no space left on device",
    errno.EDQUOT: "disk quota exceeded",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ENOTDIR: "a parent folder is a file, not a folder",
    errno.EISDIR: "it is a folder",
    errno.ENAMETOOLONG: "the name is too long",
    errno.ENOENT: "the folder does not exist",
}


def reason(err: OSError) -> str:
    """A short lower-case reason for an OS error (`read-only file system`)."""
    if err.errno in _REASONS:
        return _REASONS[err.errno]
    if err.errno is not None:
        return os.strerror(err.errno).lower()
    return str(err) or type(err).__name__


class OutputError(Exception):
    """An output cannot be written or the environment refuses (exit 3): one line,
    `cannot write PATH: reason`, never a traceback."""

    def __init__(self, path: str | os.PathLike[str], why: str, verb: str = "write"):
        self.path = os.fspath(path)
        self.why = why
        self.verb = verb
        super().__init__(printable(f"cannot {verb} {self.path}: {why}"))

    def __reduce__(self) -> tuple[type[OutputError], tuple[str, str, str]]:
        return (type(self), (self.path, self.why, self.verb))   # crosses from font workers

    @classmethod
    def from_os(cls, path: str | os.PathLike[str], err: OSError, verb: str = "write") -> OutputError:
        return cls(path, reason(err), verb)


class Terminated(BaseException):
    """SIGTERM, raised where the program is so every `finally` runs (temporary files
    and folders removed) before it exits 143. Not an Exception: nothing may swallow it."""
