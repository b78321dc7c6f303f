"""The print PDF's last steps — the PDF/X pass and the preflight, both pikepdf's —
in a second process, so the second core imports pikepdf (≈ 35 ms) while the first
paints.

`Finisher` forks before painting (Linux and the like: `os.fork`; nothing is forked
where there is no fork or while the process runs other threads). The child imports
pikepdf, waits for the painted PDF on a pipe, runs exactly the functions the
sequential path runs (`make_pdfx`, then `preflight` on the bytes it made) and sends
back the finished bytes and the failures. The child is an optimisation only: if it
cannot be started, fails in any way or dies, the parent does the same work itself,
so the bytes, the messages and the exit statuses are the same either way.

Nothing is left behind: the child takes the default action for SIGINT and SIGTERM
(a terminal's Ctrl-C reaches it too and ends it silently), leaves with `os._exit`
(no atexit handlers, no buffered output of the parent flushed twice), ends when the
parent closes its pipe, and the parent, however it leaves (an error, a signal as
an exception), kills and reaps it (`close`).
"""

from __future__ import annotations

import marshal
import os
import signal
import threading
from collections.abc import Callable
from typing import Any

# Whether a child may be forked at all (tests run both ways).
ENABLED = True

Result = tuple[bytes, list[str]]        # the finished PDF, the preflight failures
Work = Callable[[bytes, dict[str, float]], Result]


class Finisher:
    """`finish(painted, inks)` gives `work(painted, inks)`: from the child when one
    was started and answered, else computed here."""

    def __init__(self, work: Work, warm: Callable[[], object]):
        self.work = work
        self.pid = 0
        self._to_child = self._from_child = -1
        if ENABLED and hasattr(os, "fork") and threading.active_count() == 1:
            self._start(warm)

    def _start(self, warm: Callable[[], object]) -> None:
        to_r, to_w = os.pipe()
        from_r, from_w = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            for fd in (to_r, to_w, from_r, from_w):
                os.close(fd)
            return
        if pid == 0:                                    # the child: never returns
            os.close(to_w)
            os.close(from_r)
            self._child(warm, to_r, from_w)
        os.close(to_r)
        os.close(from_w)
        self.pid, self._to_child, self._from_child = pid, to_w, from_r

    def _child(self, warm: Callable[[], object], inbox: int, outbox: int) -> None:
        try:
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            warm()
            message = _read_all(inbox)
            if message:                                 # empty: the parent gave up
                painted, inks = marshal.loads(message)
                data, failures = self.work(painted, inks)
                _write_all(outbox, marshal.dumps((data, failures)))
        except BaseException:  # noqa: BLE001 - the parent does the work again and reports it
            pass
        os._exit(0)

    def finish(self, painted: bytes, inks: dict[str, float]) -> Result:
        if self.pid:
            answer = self._ask(painted, inks)
            if answer is not None:
                return answer
        return self.work(painted, inks)

    def _ask(self, painted: bytes, inks: dict[str, float]) -> Result | None:
        """The child's answer, or None when it has none (it failed or died)."""
        try:
            try:
                _write_all(self._to_child, marshal.dumps((painted, dict(inks))))
            finally:
                os.close(self._to_child)
                self._to_child = -1
            message = _read_all(self._from_child)
        except OSError:
            return None
        finally:
            self.close()
        if not message:
            return None
        try:
            data, failures = marshal.loads(message)
        except (EOFError, ValueError, TypeError):
            return None
        if not isinstance(data, bytes) or not isinstance(failures, list):
            return None
        return data, failures

    def close(self) -> None:
        """Close the pipes; end and reap the child if it is still there."""
        for fd in (self._to_child, self._from_child):
            if fd >= 0:
                os.close(fd)
        self._to_child = self._from_child = -1
        pid, self.pid = self.pid, 0
        if not pid:
            return
        try:
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done == 0:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
        except ChildProcessError:
            pass

    def __enter__(self) -> Finisher:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def _read_all(fd: int) -> bytes:
    chunks: list[bytes] = []
    while True:
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]
