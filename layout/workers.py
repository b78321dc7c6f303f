"""Worker processes that end with their parent: one answer to Ctrl-C, nothing left behind.

A terminal's Ctrl-C reaches the whole process group. Workers ignore it and leave it
to the parent, which stops them at once (SIGTERM) rather than after their current
job — a cold font face or an edition takes many seconds. Told to stop, a worker
unwinds its job as SystemExit, so its `finally` blocks remove its temporary files
and folders, and then ends with 143, printing nothing.
"""

from __future__ import annotations

import contextlib
import multiprocessing.context
import os
import signal
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

_stopping = [False]      # set in a worker by the first SIGTERM


def _stop_quietly(signum: int, frame: object) -> None:
    """The first SIGTERM unwinds the job (its `finally` blocks clean up) and the worker
    then ends (`_guarded`; an idle one ends at once); a second ends it wherever it is."""
    signal.signal(signal.SIGTERM, _exit_now)
    _stopping[0] = True
    raise SystemExit(128 + signum)


def _exit_now(signum: int, frame: object) -> None:
    os._exit(128 + signum)


def _guarded(fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
    """A job in a worker: told to stop (SystemExit from the first SIGTERM), the job has
    unwound — its `finally` blocks ran, its temporary files are gone — and the worker
    ends there, without waiting for the parent's second signal."""
    try:
        return fn(*args, **kwargs)
    except SystemExit as stop:
        if not _stopping[0]:
            raise
        os._exit(stop.code if isinstance(stop.code, int) else 143)


class _Pool(ProcessPoolExecutor):
    """A pool whose jobs end their worker once a stop has unwound them (`_guarded`)."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        return super().submit(_guarded, fn, *args, **kwargs)


def _start(initializer: Callable[..., object] | None, initargs: tuple[Any, ...]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop_quietly)
    if initializer is not None:
        initializer(*initargs)


@contextlib.contextmanager
def worker_pool(max_workers: int, *, initializer: Callable[..., object] | None = None,
                initargs: tuple[Any, ...] = (),
                mp_context: multiprocessing.context.BaseContext | None = None) -> Iterator[ProcessPoolExecutor]:
    """A ProcessPoolExecutor whose workers are stopped at once if the block fails or
    is interrupted, and shut down normally when it ends."""
    pool = _Pool(max_workers=max_workers, mp_context=mp_context, initializer=_start,
                 initargs=(initializer, initargs))
    try:
        yield pool
    except BaseException:
        _stop(pool)
        raise
    pool.shutdown()


def _stop(pool: ProcessPoolExecutor) -> None:
    procs = list((getattr(pool, "_processes", None) or {}).values())
    for p in procs:
        with contextlib.suppress(OSError):
            p.terminate()
    pool.shutdown(wait=False, cancel_futures=True)
    for p in procs:
        p.join(2)                   # a job ends its worker once unwound (`_guarded`), an idle one at once
        if p.is_alive():            # still running C code after 2 s: end it
            p.terminate()
            p.join(5)
        if p.is_alive():
            p.kill()
