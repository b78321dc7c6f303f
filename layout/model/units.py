"""Lengths, colours and grid ranges as an edition writes them (../shared/spec/edition-format.md).

Each parser takes the Python value YAML produced and returns the model's value, or
raises `UnitError` whose message names the problem and what is allowed; the loader
turns that into a `FILE:LINE:COL: message` diagnostic at the offending value.
"""

from __future__ import annotations

import math
import re

from .edition import BLACK, NO_COLOUR, RED, Cmyk, Span

PT_PER_UNIT = {"mm": 72.0 / 25.4, "cm": 72.0 / 2.54, "pt": 1.0, "in": 72.0}
UNITS = ("mm", "cm", "pt", "in", "em")
UNITS_TEXT = "mm, cm, pt, in or em"

COLOUR_NAMES = {"black": BLACK, "red": RED, "none": NO_COLOUR}

_NUMBER = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)"
_LENGTH_RE = re.compile(rf"^\s*({_NUMBER})\s*([A-Za-z%]*)\s*$")
_CMYK_RE = re.compile(r"^\s*cmyk\s*\((.*)\)\s*$", re.IGNORECASE | re.DOTALL)
_RANGE_RE = re.compile(r"^\s*([+-]?\d+)\s*(?:-\s*([+-]?\d+)\s*)?$")


MAX_RANGE_DIGITS = 9        # a grid has tens of lines; more digits than this is a typo, and int() refuses 4300+

class UnitError(ValueError):
    """A value that is not a valid length, colour or range; the message says why."""


def shown(text: object, limit: int = 24) -> str:
    """A value as a message echoes it: a very long one (a 400-digit number) cut short."""
    s = str(text)
    return s if len(s) <= limit else f"{s[:12]}… ({len(s)} characters)"


def _is_number(value: object) -> bool:
    # bool is an int in Python, but `yes` is never a length.
    return isinstance(value, int | float) and not isinstance(value, bool)


def parse_length(value: object, *, em: float | None = None, allow_negative: bool = False) -> float:
    """A length in points: `3mm`, `1.5cm`, `9pt`, `0.5in`, `1em`, or a bare number (points).

    `em` is the body size; None where the body size is not known yet (the body size
    itself), which makes `em` an error there rather than a silent guess.
    """
    if _is_number(value):
        text = str(value)
        try:
            number = float(value)  # type: ignore[arg-type]
        except OverflowError:       # an integer of 309+ digits
            raise UnitError(f"expected a finite length, got {shown(text)}") from None
        unit = "pt"
    elif isinstance(value, str):
        text = value.strip()
        m = _LENGTH_RE.match(text)
        if not m:
            raise UnitError(f"expected a length such as 3mm or 9pt, got {shown(repr(value), 60)}")
        number = float(m.group(1))
        unit = m.group(2) or "pt"
        if unit not in UNITS:
            raise UnitError(f"unknown unit {shown(repr(m.group(2)))} in {shown(repr(text), 60)}; use {UNITS_TEXT}")
    else:
        raise UnitError(f"expected a length such as 3mm or 9pt, got {_describe(value)}")
    if not math.isfinite(number):
        raise UnitError(f"expected a finite length, got {shown(text)}")
    if number < 0 and not allow_negative:
        raise UnitError(f"length {text} is negative")
    if unit == "em":
        if em is None:
            raise UnitError(f"{text}: em (the body size) cannot be used here; use mm, cm, pt or in")
        return number * em
    return number * PT_PER_UNIT[unit]


def parse_colour(value: object) -> Cmyk:
    """`cmyk(c, m, y, k)` in percent 0..100, or `black`, `red`, `none`; fractions in the model."""
    if not isinstance(value, str):
        raise UnitError(f"expected a colour such as cmyk(0, 100, 100, 0) or black, got {_describe(value)}")
    text = value.strip()
    if text.lower() in COLOUR_NAMES:
        return COLOUR_NAMES[text.lower()]
    m = _CMYK_RE.match(text)
    if not m:
        names = ", ".join(COLOUR_NAMES)
        raise UnitError(f"unknown colour {text!r}; write cmyk(c, m, y, k) in percent or one of {names}")
    parts = [p.strip() for p in m.group(1).split(",")]
    if len(parts) != 4:
        raise UnitError(f"cmyk() takes 4 values (c, m, y, k), got {len(parts)} in {text!r}")
    values: list[float] = []
    for name, part in zip("cmyk", parts, strict=True):
        try:
            v = float(part.rstrip("%"))
        except ValueError:
            raise UnitError(f"cmyk value {name}={part!r} is not a number") from None
        if not math.isfinite(v) or v < 0 or v > 100:
            raise UnitError(f"cmyk value {name}={shown(part)} is outside 0-100 (percent) in {shown(repr(text), 60)}")
        values.append(v / 100.0)
    return Cmyk(values[0], values[1], values[2], values[3])


def parse_range(value: object, *, what: str = "columns") -> Span:
    """`"2-5"` (inclusive, 1-based) or a single number `3`."""
    if _is_number(value):
        if isinstance(value, float):
            if not value.is_integer():
                raise UnitError(f"expected whole {what} such as 3 or 2-5, got {value}")
            value = int(value)
        assert isinstance(value, int)
        if abs(value) >= 10 ** MAX_RANGE_DIGITS:
            raise UnitError(f"{what} {shown(value)} is absurd: a grid has tens of {what}, not millions")
        first = last = value
        text = str(first)
    elif isinstance(value, str):
        text = value.strip()
        m = _RANGE_RE.match(text)
        if not m:
            raise UnitError(f"expected a range of {what} such as 2-5 or 3, got {shown(repr(value), 60)}")
        if max(len(g.lstrip("+-")) for g in m.groups() if g is not None) > MAX_RANGE_DIGITS:
            raise UnitError(f"{what} {shown(text)} is absurd: a grid has tens of {what}, not millions")
        first = int(m.group(1))
        last = int(m.group(2)) if m.group(2) is not None else first
    else:
        raise UnitError(f"expected a range of {what} such as 2-5 or 3, got {_describe(value)}")
    if first < 1 or last < 1:
        raise UnitError(f"{what} {text}: {what} are numbered from 1")
    if last < first:
        raise UnitError(f"{what} {text} is reversed; write {last}-{first}")
    return Span(first, last)


def _describe(value: object) -> str:
    """How a message names a YAML value of the wrong type."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"a yes/no value ({str(value).lower()})"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)
