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
from concurrent.futures import ProcessPoolExecutor
from typing import Any


def _stop_quietly(signum: int, frame: object) -> None:
    """The first SIGTERM unwinds the job (its `finally` blocks clean up); the pool
    then hands the exception back and waits, so the second ends the process."""
    signal.signal(signal.SIGTERM, _exit_now)
    raise SystemExit(128 + signum)


def _exit_now(signum: int, frame: object) -> None:
    os._exit(128 + signum)


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
    pool = ProcessPoolExecutor(max_workers=max_workers, mp_context=mp_context, initializer=_start,
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
        p.join(0.5)
        if p.is_alive():            # unwound, and waiting for its next job: end it
            p.terminate()
            p.join(5)
        if p.is_alive():
            p.kill()
