"""Argument checks shared by the whole library: one module, one argument order.

Every function takes ``(name, value, ...)``: the name of the argument as the caller
knows it, then the value received.  It returns the value converted (a float, an int,
an array) or raises a ``TypeError`` (wrong kind of thing) or ``ValueError`` (right
kind, wrong value) whose message names the argument, shows what was received and
says what was expected.

>>> integer("epochs", 3, minimum=1)
3
>>> integer("epochs", 0, minimum=1)
Traceback (most recent call last):
...
ValueError: epochs must be a positive integer, got 0
"""

from __future__ import annotations

import reprlib
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

__all__ = [
    "choice",
    "finite_number",
    "fraction",
    "function",
    "integer",
    "non_negative",
    "positive",
    "real_array",
    "real_scalar",
]


def _shown(value: object) -> str:
    if isinstance(value, np.ndarray):
        return f"an array of dtype {value.dtype} and shape {value.shape}"
    return reprlib.repr(value)


def function(name: str, value: object, expected: str = "a function") -> Callable:
    """``value`` if it is callable, else a TypeError."""
    if not callable(value):
        raise TypeError(f"{name}={value!r} is not callable; expected {expected}")
    return value


def real_scalar(name: str, value: object, hint: str = "") -> float:
    """``value`` as a float: a TypeError for complex or non-numbers, a ValueError for arrays.

    ``hint`` is appended to the message for arrays (e.g. which function to use instead).
    """
    if np.ndim(value) != 0:
        raise ValueError(
            f"{name}: expected a real scalar, got {type(value).__name__} of shape "
            f"{np.shape(value)}" + (f"; {hint}" if hint else "")
        )
    if np.iscomplexobj(value):
        raise TypeError(f"{name}={value!r}: expected a real number, got a complex one")
    if isinstance(value, str | bytes):
        raise TypeError(f"{name}={value!r}: expected a real number, got a string")
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name}={value!r}: expected a real number") from exc


def _number(name: str, value: object, holds: Callable[[Any], bool], expected: str) -> float:
    """``value`` as a float when it is a number (not bool or text) for which ``holds``."""
    try:
        ok = not isinstance(value, bool | str | bytes) and bool(holds(value))
    except (TypeError, ValueError):
        ok = False
    if not ok:
        raise ValueError(f"{name} must be {expected}, got {value!r}")
    return float(value)  # type: ignore[arg-type]


def finite_number(name: str, value: object) -> float:
    """``value`` as a finite float (not bool), else a ValueError."""
    return _number(name, value, np.isfinite, "a finite number")


def positive(name: str, value: object) -> float:
    """``value`` as a finite float > 0, else a ValueError."""
    return _number(name, value, lambda v: np.isfinite(v) and v > 0, "a positive finite number")


def non_negative(name: str, value: object) -> float:
    """``value`` as a finite float ≥ 0, else a ValueError."""
    return _number(
        name, value, lambda v: np.isfinite(v) and v >= 0, "a non-negative finite number"
    )


def fraction(name: str, value: object) -> float:
    """``value`` as a probability in [0, 1], else a ValueError."""
    return _number(name, value, lambda v: 0.0 <= v <= 1.0, "a probability in [0, 1]")


def integer(name: str, value: object, minimum: int | None = None) -> int:
    """``value`` as an int (not bool; 3.0 is accepted) ≥ ``minimum``, else a ValueError."""
    try:
        ok = not isinstance(value, bool | str | bytes) and int(value) == value  # type: ignore[call-overload]
        ok = ok and (minimum is None or value >= minimum)  # type: ignore[operator]
    except (TypeError, ValueError, OverflowError):
        ok = False
    if not ok:
        what = {None: "an integer", 0: "a non-negative integer", 1: "a positive integer"}.get(
            minimum, f"an integer ≥ {minimum}"
        )
        raise ValueError(f"{name} must be {what}, got {value!r}")
    return int(value)  # type: ignore[call-overload]


def choice(name: str, value: object, allowed: Iterable[str]) -> str:
    """``value`` if it is one of ``allowed``, else a ValueError listing them."""
    options = list(allowed)
    if not isinstance(value, str) or value not in options:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, options))}; got {value!r}")
    return value


def real_array(
    name: str,
    value: object,
    expected: str = "",
    *,
    as_float: bool = True,
    min_ndim: int = 0,
    allow_empty: bool = True,
) -> np.ndarray:
    """``value`` as an array of real numbers.

    A TypeError when the entries are not real numbers, a ValueError when the array is
    ragged, has fewer than ``min_ndim`` dimensions or (``allow_empty=False``) no entries.
    ``expected`` describes the wanted shape for the message (e.g. ``"of shape (n, 784)"``).
    ``as_float=False`` keeps integer and boolean dtypes (labels, masks).
    """
    suffix = f" {expected}" if expected else ""
    got = _shown(value)
    try:
        arr = np.asarray(value)
    except ValueError as exc:  # ragged nested sequences
        raise ValueError(f"{name} must be a rectangular array{suffix}, got {got}") from exc
    if arr.dtype.kind == "O":
        try:
            arr = arr.astype(np.float64)
        except (TypeError, ValueError) as exc:
            raise TypeError(f"{name} must be an array of real numbers{suffix}, got {got}") from exc
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"{name} must be an array of real numbers{suffix}, got {got}")
    if arr.ndim < min_ndim:
        raise ValueError(f"{name} must have at least {min_ndim} dimension(s){suffix}, got {got}")
    if not allow_empty and arr.size == 0:
        raise ValueError(f"{name} is empty (shape {arr.shape}); expected at least one entry")
    return arr.astype(np.float64, copy=False) if as_float else arr
