"""The lectures' exercise checks, one registry, answers kept out of the notebooks.

A lecture's exercise cell says only which exercise it is and what the student wrote::

    forward_madds = None   # your number
    lectures.check("07.3", forward_madds)

The truth lives here, in one module per lecture (``lecture07.py`` for "07.N"),
where the student does not read it while solving: a notebook's check cell never
holds its answer, as a literal or as a formula.  Two kinds of exercise:

- a **number** (:func:`number`): the answer is compared with a value computed here,
  with a tolerance that accepts it rounded as the lecture displays it; a wrong
  answer is told whether it is too large or too small and which known mistake it
  matches, never the right value;
- an **implementation** (:func:`implementation`): the student's function runs on
  inputs the notebook never shows, and a wrong result names the input, what came
  back, what should have come back and, when it matches a known mistake, what the
  mistake probably is (:class:`gdkit.exercises.Mistake`).

``tests/test_exercise_checks.py`` feeds every implementation check plausible wrong
code and the solutions notebook's code; ``tests/test_notebook_contract.py`` makes
sure no check cell contains its expected value.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from ...exercises import CheckResult, Mistake, _exercise_id, check_number, displayed_tolerance

__all__ = ["ExerciseCheck", "check", "close_to", "exercise_checks"]

_ID = re.compile(r"^(\d\d)\.(\d+)$")


@dataclass(frozen=True)
class ExerciseCheck:
    """One registered exercise: its id, kind and the function that judges answers."""

    id: str
    kind: str
    """``"number"`` or ``"implementation"``."""
    run: Callable[..., CheckResult]
    answers: int = 1
    """How many answers :func:`check` passes on (a function, or values)."""
    expected: Callable[[], object] | None = None
    """For a number: computes the right value (tests use it; notebooks never do)."""
    digits: int | None = 3
    """For a number: the significant digits the lecture displays (a rounded answer passes)."""
    decimals: int | None = None
    """For a number: the decimal places the lecture displays, instead of ``digits``."""


_REGISTRY: dict[str, ExerciseCheck] = {}


def _register(entry: ExerciseCheck) -> ExerciseCheck:
    if entry.id in _REGISTRY:
        raise ValueError(f"exercise {entry.id!r} is registered twice")
    _REGISTRY[entry.id] = entry
    return entry


def number(
    exercise: str,
    *,
    expected: Callable[[], object],
    answers: int = 1,
    digits: int | None = 3,
    decimals: int | None = None,
):
    """Register ``run(*answers) -> CheckResult`` as the check of a number exercise.

    ``expected()`` returns the right value (a number, an array, or a tuple of them when
    ``answers > 1``), for the tests that make sure no notebook shows it.  ``digits``
    (significant) or ``decimals`` (places) say how the lecture displays such a number:
    an answer rounded that way must pass (use :func:`close_to` in ``run``).
    """

    def decorate(run: Callable[..., CheckResult]) -> Callable[..., CheckResult]:
        entry = ExerciseCheck(
            _valid_id(exercise), "number", run, answers, expected,
            None if decimals is not None else digits, decimals,
        )  # fmt: skip
        _register(entry)
        return run

    return decorate


def close_to(
    answer,
    right,
    *,
    name: str,
    digits: int | None = 3,
    decimals: int | None = None,
    mistakes: Sequence[Mistake] = (),
) -> CheckResult:
    """Judge a number (or array) answer without telling the right value.

    The tolerance accepts ``right`` rounded to ``digits`` significant digits, or to
    ``decimals`` places (per entry for an array); a wrong answer hears whether it is
    too large or too small and which of ``mistakes`` it matches.
    """
    values = np.abs(np.asarray(right, dtype=float)).ravel()
    if decimals is not None:
        atol = displayed_tolerance(1.0, decimals=decimals)
    else:
        nonzero = values[values > 0]
        smallest = float(nonzero.min()) if nonzero.size else 0.0
        atol = displayed_tolerance(smallest, digits=digits or 3)
    return check_number(
        answer, right, name=name, rtol=0.0, atol=atol, reveal=False, mistakes=mistakes
    )


def implementation(exercise: str, *, answers: int = 1):
    """Register ``run(*functions) -> CheckResult`` as the check of an implement-it exercise."""

    def decorate(run: Callable[..., CheckResult]) -> Callable[..., CheckResult]:
        _register(ExerciseCheck(_valid_id(exercise), "implementation", run, answers))
        return run

    return decorate


def _valid_id(exercise: str) -> str:
    _exercise_id(exercise)
    if not _ID.match(exercise):
        raise ValueError(f"exercise must look like '07.3' (lecture.number), got {exercise!r}")
    return exercise


def _load(lecture: str) -> None:
    try:
        importlib.import_module(f".lecture{lecture}", __name__)
    except ModuleNotFoundError as exc:
        if exc.name != f"{__name__}.lecture{lecture}":
            raise


def exercise_checks() -> dict[str, ExerciseCheck]:
    """Every registered exercise check, by id (loads every lecture's module)."""
    for lecture in range(1, 100):
        _load(f"{lecture:02d}")
    return dict(sorted(_REGISTRY.items()))


def check(exercise: str, *answers) -> CheckResult:
    """Check the answer(s) to ``exercise`` (an id such as ``"07.3"``).

    >>> check("99.1", None)
    Traceback (most recent call last):
    ...
    ValueError: exercise '99.1' has no check; the lectures' exercises are listed in lectures/course.json
    """
    if not isinstance(exercise, str) or not _ID.match(exercise):
        raise ValueError(
            f"exercise must be an id such as '07.3' (see lectures/course.json), got {exercise!r}"
        )
    _load(exercise.split(".")[0])
    entry = _REGISTRY.get(exercise)
    if entry is None:
        raise ValueError(
            f"exercise {exercise!r} has no check; the lectures' exercises are listed in "
            "lectures/course.json"
        )
    if len(answers) != entry.answers:
        raise TypeError(
            f"check({exercise!r}, ...) takes {entry.answers} answer"
            f"{'s' if entry.answers != 1 else ''} after the id, got {len(answers)}"
        )
    return replace(entry.run(*answers), exercise=exercise)
