"""The print PDF's last steps — the PDF/X pass and the preflight, both pikepdf's —
on the second core: the PDF/X pass in a second process that imports pikepdf
(≈ 35 ms) while the first paints, and half of the preflight's pages in a third.

`Child` is one forked process (Linux and the like: `os.fork`; nothing is forked
where there is no fork, while the process runs other threads, or with `ENABLED`
off) whose task's bytes come back through a pipe. A child is an optimisation
only: if it cannot be started, fails in any way or dies, its caller does the same
work itself, so the bytes, the messages and the exit statuses are the same either
way.

`Finisher` forks before painting. Its child imports pikepdf, waits for the painted
PDF, runs exactly the function the sequential path runs (`make_pdfx`, then the
preflight of the bytes it made) and sends back the finished bytes and the failures.

Nothing is left behind: a child takes the default action for SIGINT and SIGTERM (a
terminal's Ctrl-C reaches it too and ends it silently), leaves with `os._exit` (no
atexit handlers, no buffered output of the parent flushed twice), ends when its
parent closes the pipe, and the parent, however it leaves (an error, a signal as an
exception), kills and reaps it (`close`).
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


def can_fork() -> bool:
    return ENABLED and hasattr(os, "fork") and threading.active_count() == 1


class Child:
    """`task(receive)` in a forked process; `receive()` there reads what `send` sent.
    `answer()` is the task's bytes, or None when it has none (it failed or died)."""

    def __init__(self, task: Callable[[Callable[[], bytes]], bytes]):
        self.pid = 0
        self._to_child = self._from_child = -1
        if not can_fork():
            return
        to_r, to_w = os.pipe()
        from_r, from_w = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            for fd in (to_r, to_w, from_r, from_w):
                os.close(fd)
            return
        if pid == 0:                                    # the child: never returns
            try:
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                os.close(to_w)
                os.close(from_r)
                _write_all(from_w, task(lambda: _read_all(to_r)))
            except BaseException:  # noqa: BLE001 - the parent does the work again and reports it
                pass
            os._exit(0)
        os.close(to_r)
        os.close(from_w)
        self.pid, self._to_child, self._from_child = pid, to_w, from_r

    def send(self, data: bytes) -> None:
        """Give the child its input (at most once); a child that is gone is no error."""
        if self._to_child < 0:
            return
        try:
            _write_all(self._to_child, data)
        except OSError:
            pass
        finally:
            os.close(self._to_child)
            self._to_child = -1

    def answer(self) -> bytes | None:
        if not self.pid:
            return None
        try:
            self.send(b"")
            return _read_all(self._from_child) or None
        except OSError:
            return None
        finally:
            self.close()

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

    def __enter__(self) -> Child:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


class Finisher:
    """`finish(painted, inks)` gives `work(painted, inks)`: from the child when one
    was started and answered, else computed here. The child runs `warm` first."""

    def __init__(self, work: Work, warm: Callable[[], object]):
        self.work = work

        def task(receive: Callable[[], bytes]) -> bytes:
            warm()
            message = receive()
            if not message:                             # the parent gave up
                return b""
            painted, inks = marshal.loads(message)
            return marshal.dumps(work(painted, inks))

        self.child = Child(task)

    @property
    def pid(self) -> int:
        return self.child.pid

    def finish(self, painted: bytes, inks: dict[str, float]) -> Result:
        if self.child.pid:
            self.child.send(marshal.dumps((painted, dict(inks))))
            answer = _result(self.child.answer())
            if answer is not None:
                return answer
        return self.work(painted, inks)

    def close(self) -> None:
        self.child.close()

    def __enter__(self) -> Finisher:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def _result(message: bytes | None) -> Result | None:
    if not message:
        return None
    try:
        data, failures = marshal.loads(message)
    except (EOFError, ValueError, TypeError):
        return None
    if not isinstance(data, bytes) or not isinstance(failures, list):
        return None
    return data, failures


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
