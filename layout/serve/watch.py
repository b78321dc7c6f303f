"""Build, then build again after every save of the edition's files, with `watchfiles`
(inotify on Linux; no polling loop of our own).

The folders of every input file are watched (not the files: editors save by writing a
new file and renaming it over the old one); a change counts when it is one of the
inputs, or — while the edition is invalid, when the missing file may be the one being
created — a file newly created in those folders (not an editor's swap or backup file;
not a file merely written to, such as a log, which would rebuild in a loop).

A save can land while a build runs or before the watcher is set up (the inotify
watches are made when `watch` starts): each input's (inode, size, mtime) is noted
before the build that reads it, and looked at again once the watcher is up and at
each of its quiet wake-ups (every CATCH_UP_MS), so no save is missed.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable

# Group the events of one save (write, rename, chmod) into one rebuild: yield once no
# new event came for STEP_MS, at the latest after DEBOUNCE_MS.
STEP_MS = 15
DEBOUNCE_MS = 300
CATCH_UP_MS = 1000

Stamp = tuple[int, int, int] | None


def _scratch(name: str) -> bool:
    return name.startswith((".", "#")) or name.endswith(("~", ".swp", ".swx", ".tmp"))


def _stamp(path: str) -> Stamp:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def _resolved(inputs: Callable[[], list[str]]) -> set[str]:
    return {os.path.realpath(p) for p in inputs()}


def watch_inputs(inputs: Callable[[], list[str]], failing: Callable[[], bool],
                 on_change: Callable[[], None], stop: threading.Event) -> None:
    """Call `on_change` now and after every save of an input, until `stop` is set.

    `inputs` is asked again after each build (a new copy file or photo is watched
    from then on); `failing` says whether the last build was invalid."""
    from watchfiles import Change, watch

    seen = {f: _stamp(f) for f in _resolved(inputs)}

    def build() -> None:
        on_change()
        for f in _resolved(inputs) - seen.keys():      # first read by this build
            seen[f] = _stamp(f)

    def missed(files: set[str]) -> bool:
        return any(_stamp(f) != seen.get(f) for f in files)

    build()
    while not stop.is_set():
        files = _resolved(inputs)
        dirs = sorted({d for d in (os.path.dirname(f) for f in files) if os.path.isdir(d)})
        if not dirs:
            stop.wait(CATCH_UP_MS / 1000)      # the edition's folder itself is gone; look again later
            if missed(files):
                seen.update({f: _stamp(f) for f in files})
                build()
            continue

        def wanted(change: Change, path: str, files: set[str] = files) -> bool:
            if os.path.realpath(path) in files:
                return True
            return failing() and change == Change.added and not _scratch(os.path.basename(path))

        for changes in watch(*dirs, watch_filter=wanted, stop_event=stop, step=STEP_MS, debounce=DEBOUNCE_MS,
                             rust_timeout=CATCH_UP_MS, yield_on_timeout=True, recursive=False,
                             raise_interrupt=True):
            if not changes and not missed(files):
                continue                # a quiet wake-up: nothing was saved
            seen.update({f: _stamp(f) for f in files})
            build()
            if _resolved(inputs) != files:
                break                   # watch the new set of files
        else:
            return                      # stopped (Ctrl-C in the main thread raises KeyboardInterrupt)
