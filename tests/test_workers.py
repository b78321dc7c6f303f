"""Worker pools (layout/workers.py) stopped by Ctrl-C: a job's clean-up runs to its end
and then the worker ends, so nothing it was writing is left behind."""

from __future__ import annotations

import multiprocessing
import os
import time
from pathlib import Path

import pytest

from layout.workers import worker_pool


def _write_slowly(path: str) -> None:
    """A job with a temporary file whose clean-up takes a second (an fsync on a busy disk)."""
    Path(path).write_text("half written")
    try:
        time.sleep(30)
    finally:
        time.sleep(1.0)
        os.unlink(path)


def test_a_stopped_job_cleans_up_before_its_worker_ends(tmp_path):
    part = tmp_path / ".font.ttf.1234.part"
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        with worker_pool(1, mp_context=multiprocessing.get_context("fork")) as pool:
            pool.submit(_write_slowly, str(part))
            while not part.exists():
                time.sleep(0.01)
            raise KeyboardInterrupt
    assert not part.exists()                            # the clean-up ran to its end
    assert time.monotonic() - started < 10              # and nobody waited for the 30 s job


def _answer(x: int) -> int:
    return x * 2


def test_jobs_still_give_their_results():
    with worker_pool(2, mp_context=multiprocessing.get_context("fork")) as pool:
        assert [f.result() for f in [pool.submit(_answer, i) for i in range(5)]] == [0, 2, 4, 6, 8]
