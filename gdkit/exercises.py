"""Check helpers for the lectures' exercises.

Each ``check_*`` function compares a student's answer with the truth and
returns a :class:`CheckResult`: truthy when right, and always carrying a
sentence that says *why* it is right or wrong (which input, what was expected,
what came back).  An exercise that has not been attempted yet (the answer is
still ``None`` or a function that raises ``NotImplementedError``) is reported
as "not answered yet", never as an error, so a stored notebook with blank
exercises still runs top to bottom.

Every check accepts ``exercise="01.2"``, the exercise's id in the course
manifest (``lectures/course.json``).  Besides its HTML and text, a result is
displayed as ``application/vnd.gdkit.check+json``: structured data that the
course's JupyterLab extension reads to show exercise progress (it never parses
the text).  The data holds no time, no memory address and nothing random, so a
re-executed notebook stores the same bytes.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from .palettes import STATUS_HTML

NOT_ANSWERED = "not answered yet"
CHECK_MIME = "application/vnd.gdkit.check+json"
"""The MIME type of a check result's structured data (see :meth:`CheckResult.to_json`)."""

_EXERCISE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")

__all__ = [
    "CheckResult", "Mistake", "check_cases", "check_derivative", "check_function", "check_gradient",
    "check_number", "displayed_tolerance", "not_a_function", "not_implemented",
]  # fmt: skip


def _exercise_id(exercise: str | None) -> str | None:
    """Validate an exercise id: ``None`` or a short token such as ``"01.2"``."""
    if exercise is None:
        return None
    if not isinstance(exercise, str):
        raise TypeError(
            f"exercise must be a string id such as '01.2' (see lectures/course.json), "
            f"got {type(exercise).__name__} {exercise!r}"
        )
    if not _EXERCISE_ID.match(exercise):
        raise ValueError(
            "exercise must be an id of letters, digits, '.', '_' or '-' (at most 64, "
            f"starting with a letter or digit) such as '01.2', got {exercise!r}"
        )
    return exercise


def _current_lecture() -> str | None:
    """The file name of the notebook this kernel runs, when Jupyter says so.

    jupyter-server passes the notebook's path to the kernels it starts in
    ``JPY_SESSION_NAME``; kernels started by nbclient/nbval have none, so a stored
    (regenerated) notebook records ``None``.
    """
    session = os.environ.get("JPY_SESSION_NAME", "").strip()
    if not session:
        return None
    name = session.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
    return name if name.endswith(".ipynb") else None


@dataclass(frozen=True)
class CheckResult:
    """The verdict of one check: ``passed`` and a human explanation."""

    passed: bool
    message: str
    answered: bool = True
    """False while the exercise is still blank (``None`` or ``NotImplementedError``)."""
    exercise: str | None = None
    """The exercise's id in the course manifest, e.g. ``"01.2"``; ``None`` if not given."""
    name: str | None = None
    """The ``name=`` the check was called with (what the message calls the answer)."""

    def __post_init__(self) -> None:
        if not isinstance(self.passed, (bool, np.bool_)):
            raise TypeError(f"passed must be True or False, got {self.passed!r}")
        if not isinstance(self.message, str):
            raise TypeError(f"message must be a string, got {type(self.message).__name__}")
        _exercise_id(self.exercise)

    def __bool__(self) -> bool:
        return bool(self.passed)

    @property
    def status(self) -> str:
        """``"passed"``, ``"failed"`` or ``"not-answered"``."""
        if self.passed:
            return "passed"
        return "failed" if self.answered else "not-answered"

    def to_json(self) -> dict:
        """The structured data shown as ``application/vnd.gdkit.check+json``.

        ``{"exercise": id or None, "lecture": notebook file name or None,
        "status": "passed" | "failed" | "not-answered", "name": ..., "message": ...}``
        """
        return {
            "exercise": self.exercise,
            "lecture": _current_lecture(),
            "status": self.status,
            "name": self.name,
            "message": self.message,
        }

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        return {
            "text/plain": repr(self),
            "text/html": self._repr_html_(),
            CHECK_MIME: self.to_json(),
        }

    def __repr__(self) -> str:
        mark = "✔" if self.passed else "✘"
        return f"{mark} {self.message}"

    #: Text and background colours of the HTML result (passed, not passed), from
    #: ``gdkit.palettes.STATUS_HTML``: the result brings its own light background, so
    #: its text keeps a contrast of at least 6.6:1 (WCAG AA asks 4.5:1) in JupyterLab's
    #: light and dark themes alike; the mark (✔ or ✘) and the words say the outcome
    #: without colour.
    HTML_COLOURS = {True: STATUS_HTML["good"], False: STATUS_HTML["bad"]}

    def _repr_html_(self) -> str:
        colour, background = self.HTML_COLOURS[bool(self.passed)]
        mark = "✔" if self.passed else "✘"
        return (
            f"<p style='color:{colour};background-color:{background};padding:0.25em 0.5em'>"
            f"<b>{mark}</b> {self.message}</p>"
        )


def _fmt(value) -> str:
    array = np.asarray(value, dtype=float)
    if array.ndim == 0:
        return f"{float(array):.6g}"
    text = np.array2string(array, precision=6, separator=", ", max_line_width=10**6)
    return " ".join(text.split())


def _shape_words(shape: tuple) -> str:
    """``()`` → "a single number", ``(3,)`` → "an array of shape (3,)"."""
    return "a single number" if shape == () else f"an array of shape {shape}"


def _numeric(got, want, subject: str) -> tuple[np.ndarray, np.ndarray] | CheckResult:
    """``(got, want)`` as float arrays of one shape, or the result that says why not.

    ``subject`` starts the message: ``"x is"`` or ``"f(x=1) returned"``.
    """
    want_arr = np.asarray(want, dtype=float)
    try:
        got_arr = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return CheckResult(
            False, f"{subject} {got!r}; it should be {_shape_words(want_arr.shape)}."
        )
    if got_arr.shape != want_arr.shape:
        return CheckResult(
            False,
            f"{subject} {_shape_words(got_arr.shape)}; it should be "
            f"{_shape_words(want_arr.shape)}.",
        )
    return got_arr, want_arr


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


def not_implemented(name: str) -> CheckResult:
    """The result for a function whose body still raises ``NotImplementedError``."""
    return CheckResult(
        False,
        f"{name}: {NOT_ANSWERED} — replace the `raise NotImplementedError` line.",
        answered=False,
    )


def not_a_function(student: object, name: str) -> CheckResult | None:
    """The result for a blank (``None``) or non-function answer; ``None`` for a function."""
    if student is None:
        return CheckResult(
            False,
            f"{name}: {NOT_ANSWERED} — write the function and run the check again.",
            answered=False,
        )
    if not callable(student):
        return CheckResult(False, f"{name} should be a function, got {type(student).__name__}.")
    return None


def check_number(
    answer,
    expected: float,
    *,
    name: str = "answer",
    rtol: float = 1e-6,
    atol: float = 1e-9,
    reveal: bool = True,
    mistakes: Sequence[Mistake] = (),
    exercise: str | None = None,
) -> CheckResult:
    """Is ``answer`` equal to ``expected`` within tolerances?

    ``reveal=False`` keeps the right value out of the message (a wrong answer is
    told whether it is too large or too small, and which known mistake it matches:
    ``mistakes`` holds :class:`Mistake` objects whose ``produce()`` takes no
    argument).  ``exercise`` is the exercise's id in the course manifest (e.g.
    ``"01.1"``).

    Examples
    --------
    >>> check_number(2 / 3, 2 / 3, name="x*")
    ✔ x* = 0.666667 is right.
    >>> check_number(None, 1.0)
    ✘ answer: not answered yet — replace None with your answer.
    >>> check_number(2.0, 3.0, name="n", reveal=False)
    ✘ n = 2 is not right: it is too small.
    """
    exercise = _exercise_id(exercise)
    result = _check_number(answer, expected, name, rtol, atol, reveal, mistakes)
    return replace(result, exercise=exercise, name=name)


def _check_number(
    answer, expected, name: str, rtol: float, atol: float, reveal: bool = True, mistakes=()
) -> CheckResult:
    if answer is None:
        return CheckResult(
            False, f"{name}: {NOT_ANSWERED} — replace None with your answer.", answered=False
        )
    arrays = _numeric(answer, expected, f"{name} is")
    if isinstance(arrays, CheckResult):
        return arrays
    value, expected_arr = arrays
    if not np.all(np.isfinite(value)):
        return CheckResult(False, f"{name} = {_fmt(value)} is not finite.")
    if np.allclose(value, expected_arr, rtol=rtol, atol=atol):
        return CheckResult(True, f"{name} = {_fmt(value)} is right.")
    hint = ""
    if expected_arr.ndim == 0 and math.isclose(float(value), -float(expected_arr), rel_tol=rtol):
        hint = " The sign is flipped."
    for mistake in mistakes:
        if _matches(value, mistake.produce(), rtol, atol):
            hint = f" {mistake.explain}"
            break
    if reveal:
        return CheckResult(
            False, f"{name} = {_fmt(value)}, but the right value is {_fmt(expected_arr)}.{hint}"
        )
    if expected_arr.ndim == 0:
        side = "too large" if float(value) > float(expected_arr) else "too small"
        return CheckResult(False, f"{name} = {_fmt(value)} is not right: it is {side}.{hint}")
    wrong = np.flatnonzero(~np.isclose(value, expected_arr, rtol=rtol, atol=atol).ravel())
    if value.ndim == 1:
        where = "entries " + ", ".join(f"[{int(k)}]" for k in wrong[:3])
    else:
        where = "entries " + ", ".join(
            "[" + ", ".join(str(int(i)) for i in np.unravel_index(k, value.shape)) + "]"
            for k in wrong[:3]
        )
    verb = "is" if len(wrong) == 1 else "are"
    if len(wrong) == 1:
        where = where.replace("entries", "entry", 1)
    return CheckResult(
        False, f"{name} = {_fmt(value)} is not right: {where} {verb} off (counting from 0).{hint}"
    )


def _matches(got, want, rtol: float, atol: float) -> bool:
    """Is ``got`` close to ``want`` (same shape, finite)?  Never raises."""
    try:
        got_arr = np.asarray(got, dtype=float)
        want_arr = np.asarray(want, dtype=float)
    except (TypeError, ValueError):
        return False
    if got_arr.shape != want_arr.shape or not np.all(np.isfinite(want_arr)):
        return False
    return bool(np.allclose(got_arr, want_arr, rtol=rtol, atol=atol))


def displayed_tolerance(expected: float, *, decimals: int | None = None, digits: int = 3) -> float:
    """The absolute tolerance that accepts ``expected`` rounded as a lecture displays it.

    With ``decimals`` the answer may be rounded to that many decimal places; otherwise
    to ``digits`` significant digits.  Half a unit in the last place, and a little more
    so that the rounded value itself passes.

    >>> displayed_tolerance(0.048326)      # 0.0483 passes
    5.0005e-05
    >>> displayed_tolerance(1.234567, decimals=6)
    5.0005e-07
    """
    from . import _validate

    expected = _validate.finite_number("expected", expected)
    digits = _validate.integer("digits", digits, minimum=1)
    if decimals is not None:
        decimals = _validate.integer("decimals", decimals, minimum=0)
        unit = 10.0 ** (-decimals)
    elif expected == 0:
        return 0.0
    else:
        unit = 10.0 ** (math.floor(math.log10(abs(expected))) - digits + 1)
    return 0.5 * unit * 1.0001


def check_function(
    student: Callable | None,
    reference: Callable,
    points: Iterable | float,
    *,
    name: str = "your function",
    rtol: float = 1e-6,
    atol: float = 1e-9,
    exercise: str | None = None,
) -> CheckResult:
    """Does ``student(x)`` equal ``reference(x)`` at every point?

    The first point where they differ is named in the message.  ``exercise`` is
    the exercise's id in the course manifest (e.g. ``"01.2"``).
    """
    exercise = _exercise_id(exercise)
    result = _check_function(student, reference, points, name, rtol, atol)
    return replace(result, exercise=exercise, name=name)


def _check_function(
    student: Callable | None, reference: Callable, points, name: str, rtol: float, atol: float
) -> CheckResult:
    if student is None:
        return not_a_function(student, name)
    if not callable(student):
        raise TypeError(f"student must be a function, got {type(student).__name__}")
    if not callable(reference):
        raise TypeError(f"reference must be a function, got {type(reference).__name__}")
    xs = _as_points(points, "points")
    for x in xs:
        try:
            got = student(x)
        except NotImplementedError:
            return not_implemented(name)
        except Exception as exc:  # the student's code failed: say how, do not crash the lecture
            return CheckResult(
                False, f"{name} raised {type(exc).__name__}: {exc} at x = {_fmt(x)}."
            )
        want = reference(x)
        if got is None:
            return CheckResult(
                False, f"{name} returned nothing (None) at x = {_fmt(x)}: is a `return` missing?"
            )
        try:
            got_arr = np.asarray(got, dtype=float)
        except (TypeError, ValueError):
            return CheckResult(
                False, f"{name} returned {got!r} at x = {_fmt(x)}; expected a number."
            )
        if got_arr.shape != np.shape(want):
            return CheckResult(
                False,
                f"{name} returned {_shape_words(got_arr.shape)} at x = {_fmt(x)}; it should "
                f"return {_shape_words(np.shape(want))}.",
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
    exercise: str | None = None,
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
        exercise=exercise,
    )


def check_gradient(
    student_grad: Callable | None,
    f: Callable,
    points: Sequence,
    *,
    name: str = "your gradient",
    rtol: float = 1e-6,
    exercise: str | None = None,
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
        exercise=exercise,
    )


@dataclass(frozen=True)
class Mistake:
    """A plausible wrong answer and the sentence that names it.

    ``produce`` computes what the mistaken code would return (for :func:`check_cases`
    it takes the same arguments as the student's function; for :func:`check_number`
    none).  When a wrong answer matches it, ``explain`` is added to the message:
    "It looks like the sum was not divided by m."
    """

    explain: str
    produce: Callable

    def __post_init__(self) -> None:
        if not isinstance(self.explain, str) or not self.explain.strip():
            raise TypeError(f"explain must be a non-empty sentence, got {self.explain!r}")
        if not callable(self.produce):
            raise TypeError(f"produce must be a function, got {type(self.produce).__name__}")


def _describe_args(args: tuple, names: Sequence[str] | None) -> str:
    parts = []
    for i, arg in enumerate(args):
        label = names[i] if names is not None and i < len(names) else None
        if callable(arg):
            text = getattr(arg, "__name__", "a function")
        elif isinstance(arg, np.ndarray) and arg.size > 8:
            text = f"an array of shape {arg.shape}"
        elif isinstance(arg, (int, float, np.number, np.ndarray, list, tuple)):
            try:
                text = _fmt(arg)
            except (TypeError, ValueError):
                text = repr(arg)
        else:
            text = repr(arg)
        parts.append(f"{label}={text}" if label else text)
    return ", ".join(parts)


def _copy_args(args: tuple) -> tuple:
    """Fresh copies of array arguments, so that a student's in-place edit changes nothing."""
    return tuple(np.array(a, copy=True) if isinstance(a, np.ndarray) else a for a in args)


def check_cases(
    student: Callable | None,
    reference: Callable,
    cases: Iterable[tuple],
    *,
    name: str = "your function",
    arg_names: Sequence[str] | None = None,
    mistakes: Sequence[Mistake] = (),
    rtol: float = 1e-6,
    atol: float = 1e-9,
    exercise: str | None = None,
) -> CheckResult:
    """Run ``student(*args)`` on each case and compare with ``reference(*args)``.

    The cases are inputs the student has not seen.  On the first disagreement the
    message names the input, what came back and what should have come back, and,
    when the wrong result matches one of ``mistakes``, what the mistake probably is.
    A function whose body still raises ``NotImplementedError`` is "not answered yet".

    >>> check_cases(lambda x, y: x * y, lambda x, y: x + y, [(2.0, 2.0), (1.0, 3.0)],
    ...             name="add", arg_names=("x", "y"),
    ...             mistakes=[Mistake("It multiplies instead of adding.", lambda x, y: x * y)])
    ✘ add(x=1, y=3) returned 3 but should return 4. It multiplies instead of adding.
    """
    exercise = _exercise_id(exercise)
    result = _check_cases(student, reference, cases, name, arg_names, mistakes, rtol, atol)
    return replace(result, exercise=exercise, name=name)


def _check_cases(student, reference, cases, name, arg_names, mistakes, rtol, atol) -> CheckResult:
    blank = not_a_function(student, name)
    if blank is not None:
        return blank
    if not callable(reference):
        raise TypeError(f"reference must be a function, got {type(reference).__name__}")
    cases = [c if isinstance(c, tuple) else (c,) for c in cases]
    if not cases:
        raise ValueError("cases must contain at least one tuple of arguments, got none")
    for args in cases:
        call = f"{name}({_describe_args(args, arg_names)})"
        try:
            got = student(*_copy_args(args))
        except NotImplementedError:
            return not_implemented(name)
        except Exception as exc:  # the student's code failed: say how, do not crash the lecture
            return CheckResult(False, f"{call} raised {type(exc).__name__}: {exc}")
        want = reference(*_copy_args(args))
        if got is None:
            return CheckResult(False, f"{call} returned nothing (None): is a `return` missing?")
        arrays = _numeric(got, want, f"{call} returned")
        if isinstance(arrays, CheckResult):
            return arrays
        got_arr, want_arr = arrays
        if not np.allclose(got_arr, want_arr, rtol=rtol, atol=atol):
            hint = ""
            for mistake in mistakes:
                if _matches(got_arr, mistake.produce(*_copy_args(args)), rtol, atol):
                    hint = f" {mistake.explain}"
                    break
            return CheckResult(
                False,
                f"{call} returned {_fmt(got_arr)} but should return {_fmt(want_arr)}.{hint}",
            )
    n = len(cases)
    return CheckResult(True, f"{name} is right on all {n} test input{'s' if n > 1 else ''}.")
