"""The `layout` command's entry point (and `python -m layout`).

It takes the signals before anything heavy is imported: a Ctrl-C or SIGTERM while
the program is still starting (its first ~40 ms, before any file is touched) ends it
at once with the shell's status, 130 or 143, instead of an import traceback. From
then on `layout.cli.run` answers signals with a clean stop.

The program's modules are imported without the cyclic garbage collector: its passes
over the tens of thousands of objects the imports make (functions, classes, their
dicts) find nothing to free and cost ~1 ms of every start. Those objects live as long
as the program, so they are then frozen out of its view (`gc.freeze`) and it runs
again as before; a one-shot command turns it off (`cli._one_shot`).
"""

from __future__ import annotations

import gc
import os
import signal


def _while_starting(signum: int, frame: object) -> None:
    os._exit(128 + signum)


def entry() -> None:
    signal.signal(signal.SIGINT, _while_starting)
    signal.signal(signal.SIGTERM, _while_starting)
    gc.disable()
    from .cli import run

    gc.freeze()
    gc.enable()
    run()


if __name__ == "__main__":
    entry()
