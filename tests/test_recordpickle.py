"""Our records pickled as their class and fields (layout/recordpickle.py): what the kept
edition and serve's page fingerprints are made of."""

from __future__ import annotations

import dataclasses
import pickle

from layout import recordpickle
from layout.model.edition import RED
from layout.serve.session import page_digest


def test_a_layout_and_its_edition_come_back_equal(sample_build):
    """Plain `pickle.loads` gives back the same records: the layout result (pages, glyph
    runs, rules, boxes, links) and the validated edition with its located values."""
    result = pickle.loads(recordpickle.dumps(sample_build.result))
    assert result == sample_build.result
    assert [p.runs for p in result.pages] == [p.runs for p in sample_build.result.pages]
    edition = pickle.loads(recordpickle.dumps(sample_build.edition))
    assert edition == sample_build.edition
    assert edition.loc == sample_build.edition.loc


@dataclasses.dataclass(slots=True)
class _Derived:
    a: int
    b: int = dataclasses.field(init=False, default=0)

    def __post_init__(self) -> None:
        self.b = 2 * self.a


@dataclasses.dataclass(slots=True)
class _One:
    only: str


def test_records_a_call_would_not_rebuild_pickle_as_usual():
    """A record with a field outside `__init__` or a `__post_init__` keeps dataclasses'
    own pickling (calling its class would not give it back); a one-field record works."""
    d = _Derived(3)
    d.b = 7                                   # not what __post_init__ would make of a=3
    back = pickle.loads(recordpickle.dumps([d, _One("x")]))
    assert (back[0].a, back[0].b) == (3, 7)
    assert back[1] == _One("x")


def test_a_page_fingerprint_follows_every_field(sample_build):
    """serve repaints a page when its fingerprint changes: one glyph moved a hundredth of
    a point, or one run's colour, changes it; an equal copy of the page does not."""
    page = sample_build.result.pages[0]
    same = pickle.loads(pickle.dumps(page))
    assert page_digest(same) == page_digest(page)
    run = same.runs[len(same.runs) // 2]
    run.dx = (run.dx[0] + 0.01, *run.dx[1:])
    assert page_digest(same) != page_digest(page)
    other = pickle.loads(pickle.dumps(page))
    black = next(r for r in other.runs if r.color is None)
    black.color = RED
    assert page_digest(other) != page_digest(page)
