"""The print PDF's last steps — the PDF/X pass and the preflight, both pikepdf's —
on the second core: the PDF/X pass in a second process that imports pikepdf
(≈ 35 ms) while the first paints, and half of the preflight's pages in a third.

`Child` is one forked process (Linux and the like: `os.fork`; nothing is forked
where there is no fork, while the process runs other threads, or with `ENABLED`
off) whose task's bytes come back through a pipe. A child is an optimisation
only: if it cannot be started, fails in any way or dies, its caller does the same
work itself, so the bytes, the messages and the exit statuses are the same either
way.

`Finisher` forks before painting. Its child makes the text objects of the last pages
for the painter, imports pikepdf, waits for the painted PDF, runs exactly the function
the sequential path runs (`make_pdfx`, then the preflight of the bytes it made) and
sends back the finished bytes and the failures.

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


_PIPES: set[int] = set()        # this process's ends of its children's pipes


def _end_with_parent(parent: int) -> None:
    """Linux: the kernel ends this process when its parent ends, however it ends."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)      # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:                  # it ended before that was asked
        os._exit(0)


Task = Callable[[Callable[[], bytes], Callable[[bytes], None]], None]


class Child:
    """`task(receive, emit)` in a forked process: `receive()` there reads what `send`
    sent, each `emit(data)` is one frame that `frame()` here returns, in order (None
    when the child has no more: it ended, failed or died). A thread here reads the
    frames as they come, so the child never waits for this process to read."""

    def __init__(self, task: Task):
        self.pid = 0
        self._to_child = self._from_child = -1
        self._frames: list[bytes] = []
        self._done = threading.Event()
        self._more = threading.Condition()
        self._reader: threading.Thread | None = None
        if not can_fork():
            return
        to_r, to_w = os.pipe()
        from_r, from_w = os.pipe()
        parent = os.getpid()
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
                for fd in (to_w, from_r, *_PIPES):      # the ends other children's EOF waits on
                    os.close(fd)
                _PIPES.clear()
                _PIPES.add(from_w)                      # not for this child's own children
                _end_with_parent(parent)

                def emit(data: bytes) -> None:
                    _write_all(from_w, len(data).to_bytes(8, "big") + data)

                task(lambda: _read_all(to_r), emit)
            except BaseException:  # noqa: BLE001 - the parent does the work again and reports it
                pass
            os._exit(0)
        os.close(to_r)
        os.close(from_w)
        self.pid, self._to_child, self._from_child = pid, to_w, from_r
        _PIPES.update((to_w, from_r))
        reader = threading.Thread(target=self._read, daemon=True)
        try:
            reader.start()
        except RuntimeError:            # no thread to be had (a process limit): no child then
            self.close()
            return
        self._reader = reader

    def _read(self) -> None:
        buf = bytearray()
        try:
            while True:
                chunk = os.read(self._from_child, 1 << 20)
                if not chunk:
                    break
                buf += chunk
                while len(buf) >= 8 and len(buf) >= 8 + int.from_bytes(buf[:8], "big"):
                    n = int.from_bytes(buf[:8], "big")
                    with self._more:
                        self._frames.append(bytes(buf[8:8 + n]))
                        self._more.notify_all()
                    del buf[:8 + n]
        except OSError:
            pass
        finally:
            with self._more:
                self._done.set()
                self._more.notify_all()

    def send(self, data: bytes) -> None:
        """Give the child its input (at most once); a child that is gone is no error."""
        if self._to_child < 0:
            return
        fd, self._to_child = self._to_child, -1
        _PIPES.discard(fd)
        try:
            _write_all(fd, data)
        except OSError:
            pass
        finally:
            os.close(fd)

    def frame(self) -> bytes | None:
        """The child's next frame, or None when there is none to come."""
        if self._reader is None:
            return None
        with self._more:
            while not self._frames and not self._done.is_set():
                self._more.wait()
            return self._frames.pop(0) if self._frames else None

    def has_frame(self) -> bool:
        """Whether `frame()` would answer now, without waiting."""
        with self._more:
            return bool(self._frames) or self._done.is_set() or self._reader is None

    def answer(self) -> bytes | None:
        """The child's one frame, after telling it all was sent; then it is ended."""
        try:
            self.send(b"")
            return self.frame() or None
        finally:
            self.close()

    def close(self) -> None:
        """End and reap the child if it is still there; close the pipes."""
        pid, self.pid = self.pid, 0
        if pid:
            try:
                done, _ = os.waitpid(pid, os.WNOHANG)
                if done == 0:
                    os.kill(pid, signal.SIGKILL)
                    os.waitpid(pid, 0)
            except ChildProcessError:
                pass
        if self._to_child >= 0:
            _PIPES.discard(self._to_child)
            os.close(self._to_child)
            self._to_child = -1
        if self._reader is not None:
            self._reader.join()          # the child is gone: its pipe has ended
            self._reader = None
        if self._from_child >= 0:
            _PIPES.discard(self._from_child)
            os.close(self._from_child)
            self._from_child = -1

    def __enter__(self) -> Child:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


class Finisher:
    """`finish(painted, inks)` gives `work(painted, inks)`: from the child when one
    was started and answered, else computed here. The child first sends what `early()`
    gives (`early_result()`; marshal-able: work the parent would otherwise do while it
    paints), then runs `warm`, then waits for the PDF."""

    def __init__(self, work: Work, warm: Callable[[], object], early: Callable[[], Any] | None = None):
        self.work = work
        self._early_due = early is not None
        self._early: Any = None

        def task(receive: Callable[[], bytes], emit: Callable[[bytes], None]) -> None:
            if early is not None:
                try:
                    emit(marshal.dumps(early()))
                except Exception:  # noqa: BLE001 - no early result: the parent does without
                    emit(b"")
            warm()
            message = receive()
            if message:                                 # empty: the parent gave up
                painted, inks = marshal.loads(message)
                emit(marshal.dumps(work(painted, inks)))

        self.child = Child(task)

    @property
    def pid(self) -> int:
        return self.child.pid

    def early_result(self, wait: bool = True) -> Any:
        """What `early()` gave in the child (waiting for it), or None; without `wait`,
        None while it has not come yet (asked again later, it may have)."""
        if self._early_due and (wait or self.child.has_frame()):
            self._early_due = False
            frame = self.child.frame()
            try:
                self._early = marshal.loads(frame) if frame else None
            except (EOFError, ValueError, TypeError):
                self._early = None
        return self._early

    def finish(self, painted: bytes, inks: dict[str, float]) -> Result:
        if self.child.pid:
            self.early_result()                         # the frame before the answer
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
