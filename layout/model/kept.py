"""An unchanged edition taken from the cache instead of parsed and validated again.

Every command starts by loading its edition: PyYAML's import (≈ 15 ms, most of it the
regular expressions its reader and resolver compile), the parse, and the validation
with its proofing (≈ 12 ms for the 8-page bench edition; more with Word copy files,
whose reading imports python-docx and lxml). An edition is checked, previewed page by
page and printed again and again with its files unchanged (`make edition` prints, previews
and makes the e-paper of one edition; an editor previews page after page), so the program
(`enable`, from `cli._one_shot`) keeps each validated model it loads in the cache root's
`models/`, pickled, one file per edition path, working folder and pages asked for
(a one-page preview's model holds only that page's copy). A kept model is used only
while all of these are as they were:
- the content of every file it was made from (`Edition.read`: the edition, its bases,
  its copy files, the profile), by BLAKE2b digest;
- the existence of every other file it names (photos, logos);
- the code that made it: each of our modules and each library package loaded by then,
  by size and modification time (the rule of Python's own bytecode cache), and the
  interpreter.
A load with errors is never kept (the next run reports them again, in the same way),
nor one during which a file it was made from may have been saved (a time within 0.1 s
before the load's start or later: its digest, taken after the load, could be the new
content's);
the proofing warnings of a load are part of its model, so they are printed again. A
missing, stale or damaged file costs only the load it would have saved, and a cache
that cannot be written costs the next run the same. Code that runs the commands
in-process (tests, `serve`, `preview --watch`) loads every time, as before.
"""

from __future__ import annotations

import os
import sys
import time

from ..fonts.digest import blake2b_16
from .edition import Edition

FORMAT = 1              # bump when what an entry holds, or how, changes
FOLDER = "models"
KEEP_FILES = 64         # the most recently written models kept (editions, page sets)
MAX_BYTES = 16 << 20    # a model larger than this (the 64-page bench edition's is ≈ 2.3 MB) is not kept
SETTLED_NS = 100_000_000    # a file changed this close to the load's start, or after it, is not trusted

_on = [False]
loaded = [0]            # editions this process had to load from their files (what tests count)


def enable() -> None:
    """Keep and reuse validated models from now on (the program does; see the module's docstring)."""
    _on[0] = True


def load(path: str, pages: set[int] | None = None) -> Edition:
    """`loader.load_edition(path, pages)`, from the cache when nothing it was made from
    has changed since an earlier run kept it (see above)."""
    if not _on[0]:
        return _load(path, pages)
    try:
        key = _key(path, pages)
    except OSError:                 # no working folder (it was removed): nothing to name the model by
        return _load(path, pages)
    name = f"{blake2b_16(key.encode()).hex()[:24]}.bin"
    edition = _kept(name, key)
    if edition is not None:
        return edition
    started = time.time_ns()
    edition = _load(path, pages)
    _keep(name, key, edition, started)
    return edition


def _load(path: str, pages: set[int] | None) -> Edition:
    from .loader import load_edition

    loaded[0] += 1
    return load_edition(path, pages)


def _key(path: str, pages: set[int] | None) -> str:
    """What a model is made for: the path as given, resolved from the working folder
    (relative paths in the model are), the pages, the interpreter and pickle."""
    import pickle

    shown = "all" if pages is None else ",".join(map(str, sorted(pages)))
    return (f"{FORMAT}|{sys.implementation.cache_tag}|{sys.hexversion:x}|{pickle.HIGHEST_PROTOCOL}|"
            f"{os.getcwd()}|{path}|{shown}")


def _digest(path: str) -> bytes | None:
    try:
        with open(path, "rb") as f:
            return blake2b_16(f.read())
    except OSError:
        return None


def _stamp(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def _kept(name: str, key: str) -> Edition | None:
    """The model kept as `name` for `key`, if everything it was made from is unchanged."""
    from ..fonts.cache import kept_value

    entry = kept_value(FOLDER, name, key)
    if not isinstance(entry, dict):
        return None
    try:
        if any(_stamp(p) != tuple(stamp) for p, stamp in entry["code"]):
            return None
        if any(_digest(p) != digest for p, digest in entry["read"]):
            return None
        if not all(map(os.path.isfile, entry["named"])):
            return None
        import pickle

        edition = pickle.loads(entry["model"])
    except Exception:  # noqa: BLE001 - a damaged or foreign entry is only a miss
        return None
    return edition if isinstance(edition, Edition) else None


def _code_files() -> list[tuple[str, tuple[int, int]]] | None:
    """Each of our modules loaded by now, and each library package (PyYAML, python-docx
    …: its `__init__`, which an upgrade rewrites), by stamp; None when one of ours cannot
    be named (then nothing is kept)."""
    files: list[tuple[str, tuple[int, int]]] = []
    for name, module in list(sys.modules.items()):
        top = name.partition(".")[0]
        ours = top == "layout"
        library = name == top and name != "__main__" and name not in sys.stdlib_module_names
        if not (ours or library):
            continue
        path = getattr(module, "__file__", None)
        if path is None:
            if ours and getattr(module, "__path__", None) is None:
                return None
            continue
        stamp = _stamp(path)
        if stamp is None:
            return None
        files.append((path, stamp))
    return files


def _keep(name: str, key: str, edition: Edition, started: int) -> None:
    """Keep `edition`, unless a file it was made from changed while it was loaded: the
    digests are taken after the load, so a file saved meanwhile (its time then at or
    after the load's start) would give the old model the new content's digest."""
    from .. import recordpickle
    from ..fonts.cache import keep_value

    read = [(p, _digest(p)) for p in edition.read]
    code = _code_files()
    if code is None or any(d is None for _, d in read):
        return
    recent = started - SETTLED_NS
    if any(stamp[1] >= recent for _, stamp in code) or any(
            (_stamp(p) or (0, recent))[1] >= recent for p, _ in read):
        return
    named = [p for p in edition.inputs if p not in edition.read]
    try:
        model = recordpickle.dumps(edition)     # loads fast: each record its class and fields
    except Exception:  # noqa: BLE001 - a model pickle cannot write is only not kept
        return
    if len(model) <= MAX_BYTES:
        keep_value(FOLDER, name, key, {"code": code, "read": read, "named": named, "model": model}, keep=KEEP_FILES)
