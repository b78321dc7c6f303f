"""The `layout` command's entry point (and `python -m layout`).

It takes the signals before anything heavy is imported: a Ctrl-C or SIGTERM while
the program is still starting (its first ~40 ms, before any file is touched) ends it
at once with the shell's status, 130 or 143, instead of an import traceback. From
then on `layout.cli.run` answers signals with a clean stop.
"""

from __future__ import annotations

import os
import signal


def _while_starting(signum: int, frame: object) -> None:
    os._exit(128 + signum)


def entry() -> None:
    signal.signal(signal.SIGINT, _while_starting)
    signal.signal(signal.SIGTERM, _while_starting)
    from .cli import run

    run()


if __name__ == "__main__":
    entry()
