"""Check helpers for the lectures' exercises.

Each ``check_*`` function compares a student's answer with the truth and
returns a :class:`CheckResult`: truthy when right, and always carrying a
sentence that says *why* it is right or wrong (which input, what was expected,
what came back).  An exercise that has not been attempted yet (the answer is
still ``None`` or a function that raises ``NotImplementedError``) is reported
as "not answered yet", never as an error, so a stored notebook with blank
exercises still runs top to bottom.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

NOT_ANSWERED = "not answered yet"


@dataclass(frozen=True)
class CheckResult:
    """The verdict of one check: ``passed`` and a human explanation."""

    passed: bool
    message: str

    def __bool__(self) -> bool:
        return self.passed

    def __repr__(self) -> str:
        mark = "✔" if self.passed else "✘"
        return f"{mark} {self.message}"

    def _repr_html_(self) -> str:
        colour = "#1a7f37" if self.passed else "#cf222e"
        mark = "✔" if self.passed else "✘"
        return f"<p style='color:{colour}'><b>{mark}</b> {self.message}</p>"


def _fmt(value) -> str:
    array = np.asarray(value, dtype=float)
    if array.ndim == 0:
        return f"{float(array):.6g}"
    return np.array2string(array, precision=6, separator=", ")


def _as_points(points, name: str) -> list:
    if isinstance(points, (int, float, np.number)):
        return [points]
    try:
        items = list(points)
    except TypeError:
        raise TypeError(
            f"{name} must be a number or a sequence of points, got {points!r}"
        ) from None
    if not items:
        raise ValueError(f"{name} must contain at least one point, got an empty sequence")
    return items


def check_number(
    answer, expected: float, *, name: str = "answer", rtol: float = 1e-6, atol: float = 1e-9
) -> CheckResult:
    """Is ``answer`` equal to ``expected`` within tolerances?

    Examples
    --------
    >>> check_number(2 / 3, 2 / 3, name="x*")
    ✔ x* = 0.666667 is right.
    >>> check_number(None, 1.0)
    ✘ answer: not answered yet — replace None with your answer.
    """
    if answer is None:
        return CheckResult(False, f"{name}: {NOT_ANSWERED} — replace None with your answer.")
    try:
        value = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return CheckResult(False, f"{name} should be a number, got {answer!r}.")
    expected_arr = np.asarray(expected, dtype=float)
    if value.shape != expected_arr.shape:
        return CheckResult(
            False, f"{name} should have shape {expected_arr.shape}, got shape {value.shape}."
        )
    if not np.all(np.isfinite(value)):
        return CheckResult(False, f"{name} = {_fmt(value)} is not finite.")
    if np.allclose(value, expected_arr, rtol=rtol, atol=atol):
        return CheckResult(True, f"{name} = {_fmt(value)} is right.")
    hint = ""
    if expected_arr.ndim == 0 and math.isclose(float(value), -float(expected_arr), rel_tol=rtol):
        hint = " The sign is flipped."
    return CheckResult(
        False, f"{name} = {_fmt(value)}, but the right value is {_fmt(expected_arr)}.{hint}"
    )


def check_function(
    student: Callable | None,
    reference: Callable,
    points: Iterable | float,
    *,
    name: str = "your function",
    rtol: float = 1e-6,
    atol: float = 1e-9,
) -> CheckResult:
    """Does ``student(x)`` equal ``reference(x)`` at every point?

    The first point where they differ is named in the message.
    """
    if student is None:
        return CheckResult(
            False, f"{name}: {NOT_ANSWERED} — write the function and run the check again."
        )
    if not callable(student):
        raise TypeError(f"student must be a function, got {type(student).__name__}")
    if not callable(reference):
        raise TypeError(f"reference must be a function, got {type(reference).__name__}")
    xs = _as_points(points, "points")
    for x in xs:
        try:
            got = student(x)
        except NotImplementedError:
            return CheckResult(
                False, f"{name}: {NOT_ANSWERED} — replace the `raise NotImplementedError` line."
            )
        except Exception as exc:  # the student's code failed: say how, do not crash the lecture
            return CheckResult(
                False, f"{name} raised {type(exc).__name__}: {exc} at x = {_fmt(x)}."
            )
        want = reference(x)
        try:
            got_arr = np.asarray(got, dtype=float)
        except (TypeError, ValueError):
            return CheckResult(
                False, f"{name} returned {got!r} at x = {_fmt(x)}; expected a number."
            )
        if got_arr.shape != np.shape(want):
            return CheckResult(
                False,
                f"{name} returned shape {got_arr.shape} at x = {_fmt(x)}; expected shape {np.shape(want)}.",
            )
        if not np.allclose(got_arr, want, rtol=rtol, atol=atol):
            return CheckResult(
                False,
                f"at x = {_fmt(x)}, {name} gives {_fmt(got_arr)} but the right value is {_fmt(want)}.",
            )
    n = len(xs)
    return CheckResult(True, f"{name} matches at all {n} test point{'s' if n > 1 else ''}.")


def check_derivative(
    student_df: Callable | None,
    f: Callable,
    points: Sequence[float] | float,
    *,
    name: str = "your derivative",
    rtol: float = 1e-6,
) -> CheckResult:
    """Is ``student_df`` the derivative of ``f``?  The truth comes from reverse-mode autodiff."""
    if not callable(f):
        raise TypeError(f"f must be a function, got {type(f).__name__}")
    from .derivatives import derivative

    return check_function(
        student_df,
        lambda x: derivative(f, float(x), method="reverse"),
        points,
        name=name,
        rtol=rtol,
    )


def check_gradient(
    student_grad: Callable | None,
    f: Callable,
    points: Sequence,
    *,
    name: str = "your gradient",
    rtol: float = 1e-6,
) -> CheckResult:
    """Is ``student_grad`` the gradient of ``f`` (R^n -> R) at each point?"""
    if not callable(f):
        raise TypeError(f"f must be a function, got {type(f).__name__}")
    from .derivatives import gradient

    return check_function(
        student_grad,
        lambda x: gradient(f, np.asarray(x, dtype=float), method="reverse"),
        points,
        name=name,
        rtol=rtol,
    )
