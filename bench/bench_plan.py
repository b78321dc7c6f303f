"""Planning time per page: pages of 8 stories (with and without photos), planned in one
process with the fonts prepared, so the figure is the planner's own work (its trial
layouts and its search), not start-up."""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from pathlib import Path

from plan_editions import page_edition, random_sizes


def bench_plan(pages: int = 6, stories: int = 8) -> dict[str, float]:
    from layout.flow.planner import plan_edition
    from layout.flow.texts import text_by_role
    from layout.fonts.book import FontBook
    from layout.model.loader import load_edition

    rng = random.Random(19)
    times, empty = [], []
    with tempfile.TemporaryDirectory(prefix="layout-plan-") as d:
        for n in range(pages):
            folder = Path(d) / str(n)
            folder.mkdir()
            photos = tuple(i for i in range(stories) if rng.random() < 0.25)
            src = page_edition(folder, random_sizes(rng, stories, rng.randint(4500, 6000)), photos=photos)
            ed = load_edition(str(src))
            book = FontBook.for_edition(ed)
            for role, chars in text_by_role(ed).items():
                book.ensure(chars, roles=[role])
            t = time.perf_counter()
            _, plans, _ = plan_edition(ed, book)
            times.append(time.perf_counter() - t)
            empty.append(100.0 * plans[0].empty_cells / plans[0].free_cells)
    return {"median_s": statistics.median(times), "max_s": max(times), "median_empty_pct": statistics.median(empty),
            "max_empty_pct": max(empty), "pages": pages}
