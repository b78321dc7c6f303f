"""Wait for the edition's files to be saved, with `watchfiles` (inotify on Linux; no
polling loop of our own).

The folders of every input file are watched (not the files: editors save by writing a
new file and renaming it over the old one); a change counts when it is one of the
inputs, or — while the edition is invalid, when the missing file may be the one being
created — a file newly created in those folders (not an editor's swap or backup file;
not a file merely written to, such as a log, which would rebuild in a loop).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable

# Group the events of one save (write, rename, chmod) into one rebuild: yield once no
# new event came for STEP_MS, at the latest after DEBOUNCE_MS.
STEP_MS = 15
DEBOUNCE_MS = 300


def _scratch(name: str) -> bool:
    return name.startswith((".", "#")) or name.endswith(("~", ".swp", ".swx", ".tmp"))


def watch_inputs(inputs: Callable[[], list[str]], failing: Callable[[], bool],
                 on_change: Callable[[], None], stop: threading.Event) -> None:
    """Call `on_change` after every save of an input, until `stop` is set. The inputs are
    asked again after each rebuild (a new copy file or photo is watched from then on)."""
    from watchfiles import Change, watch

    while not stop.is_set():
        files = {os.path.realpath(p) for p in inputs()}
        dirs = sorted({d for d in (os.path.dirname(f) for f in files) if os.path.isdir(d)})
        if not dirs:
            stop.wait(0.5)      # the edition's folder itself is gone; look again shortly
            continue

        def wanted(change: Change, path: str, files: set[str] = files) -> bool:
            if os.path.realpath(path) in files:
                return True
            return failing() and change == Change.added and not _scratch(os.path.basename(path))

        for _changes in watch(*dirs, watch_filter=wanted, stop_event=stop, step=STEP_MS, debounce=DEBOUNCE_MS,
                              recursive=False, raise_interrupt=True):
            on_change()
            if {os.path.realpath(p) for p in inputs()} != files:
                break           # watch the new set of files
        else:
            return              # stopped (Ctrl-C in the main thread raises KeyboardInterrupt)
