"""Our slotted records pickled fast: each as its class called with its fields.

Dataclasses pickle a slotted record through their own `__getstate__`, which asks
`fields()` of every object: the kept edition (model/kept.py) and `serve`'s page
fingerprints (serve/session.py) pickle thousands of records (a broadsheet page is
~450 glyph runs), so that costs. Here a record whose fields are all `__init__`
arguments and that has no `__post_init__` — so that calling its class with them
rebuilds it exactly — is reduced to `(cls, fields)`, the fields read by one
`operator.attrgetter`; any other object pickles as usual. The bytes load with plain
`pickle.loads`.
"""

from __future__ import annotations

import dataclasses
import io
import operator
import pickle
from collections.abc import Callable
from typing import Any

_fields: dict[type, Callable[[Any], Any] | None] = {}    # class -> its fields' getter; None: as usual


def _getter(cls: type) -> Callable[[Any], Any] | None:
    if cls in _fields:
        return _fields[cls]
    getter: Callable[[Any], Any] | None = None
    if dataclasses.is_dataclass(cls) and "__slots__" in cls.__dict__ and not hasattr(cls, "__post_init__"):
        fields = dataclasses.fields(cls)
        if fields and all(f.init for f in fields):
            names = [f.name for f in fields]
            get = operator.attrgetter(*names)
            getter = get if len(names) > 1 else (lambda obj: (get(obj),))
    _fields[cls] = getter
    return getter


class _Pickler(pickle.Pickler):
    def reducer_override(self, obj: Any) -> Any:
        getter = _getter(type(obj))
        if getter is None:
            return NotImplemented
        return type(obj), getter(obj)


def dumps(obj: object) -> bytes:
    """`obj` pickled (the highest protocol), our slotted records as their class and fields."""
    out = io.BytesIO()
    _Pickler(out, pickle.HIGHEST_PROTOCOL).dump(obj)
    return out.getvalue()
