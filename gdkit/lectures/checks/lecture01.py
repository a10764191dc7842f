"""Checks for lecture 01's exercises (loss functions and loss surfaces)."""

from __future__ import annotations

import numpy as np

from ...exercises import CheckResult, Mistake, check_cases
from . import close_to, implementation, number

__all__: list[str] = []

_OUTPUTS = np.array([0.8, 0.3, 0.6])
_TARGETS = np.array([1.0, 0.0, 1.0])
_POINTS = np.array([1.0, 2.0, 6.0])


# -- 01.1 the quadratic cost by hand ------------------------------------------------------


def _outputs_cost() -> float:
    return float(np.sum((_TARGETS - _OUTPUTS) ** 2) / (2 * _OUTPUTS.size))


@number("01.1", expected=_outputs_cost, digits=3)
def _check_outputs_cost(answer) -> CheckResult:
    misses = _TARGETS - _OUTPUTS
    n = misses.size
    return close_to(
        answer,
        _outputs_cost(),
        name="C",
        digits=3,
        mistakes=[
            Mistake(
                "It looks like the factor 1/2 is missing: C divides the sum by 2n, not by n.",
                lambda: np.sum(misses**2) / n,
            ),
            Mistake(
                "It looks like you halved the sum but did not divide it by n.",
                lambda: np.sum(misses**2) / 2,
            ),
            Mistake(
                "It looks like you added the squared misses without dividing by 2n.",
                lambda: np.sum(misses**2),
            ),
            Mistake(
                "It looks like the misses were not squared.",
                lambda: np.sum(np.abs(misses)) / (2 * n),
            ),
        ],
    )


# -- 01.2 k-means with one centroid: L(c) and its minimiser ------------------------------


def _one_centroid_loss(c):
    return float(np.sum((_POINTS - c) ** 2))


@implementation("01.2", answers=2)
def _check_one_centroid(one_centroid_loss, best_c) -> CheckResult:
    loss = check_cases(
        one_centroid_loss,
        _one_centroid_loss,
        [(-1.5,), (0.0,), (2.5,), (7.25,)],
        name="one_centroid_loss",
        arg_names=("c",),
        mistakes=[
            Mistake(
                "It looks like you averaged the squared distances; this loss adds them up.",
                lambda c: np.mean((_POINTS - c) ** 2),
            ),
            Mistake(
                "It looks like the distances were not squared.",
                lambda c: np.sum(np.abs(_POINTS - c)),
            ),
            Mistake(
                "It looks like you took the square root of the sum (a length), not the sum of squares.",
                lambda c: np.sqrt(np.sum((_POINTS - c) ** 2)),
            ),
            Mistake(
                "It looks like you added the distances first and squared the sum; square each "
                "distance, then add the squares.",
                lambda c: np.sum(_POINTS - c) ** 2,
            ),
        ],
    )
    if not loss:
        return loss
    best = close_to(
        best_c,
        float(np.mean(_POINTS)),
        name="best_c",
        digits=3,
        mistakes=[
            Mistake(
                "It looks like you took the median, the middle point; setting L'(c) = 0 gives "
                "another summary of the points.",
                lambda: float(np.median(_POINTS)),
            ),
            Mistake(
                "It looks like you added the points without dividing by how many there are.",
                lambda: float(np.sum(_POINTS)),
            ),
        ],
    )
    if not best:
        return best
    return CheckResult(True, f"{loss.message} {best.message}")


# -- 01.3 catch a non-convex loss ------------------------------------------------------------


def _double_well(w: float) -> float:
    return (w**2 - 1) ** 2


def _gap() -> float:
    return _double_well(0.0) - 0.5 * (_double_well(-1.0) + _double_well(1.0))


@number("01.3", expected=_gap, digits=3)
def _check_gap(answer) -> CheckResult:
    return close_to(
        answer,
        _gap(),
        name="gap",
        digits=3,
        mistakes=[
            Mistake(
                "It looks like you subtracted the other way round: the gap is the loss at the "
                "midpoint minus the chord.",
                lambda: -_gap(),
            ),
            Mistake(
                "It looks like you took L(0) = 0; evaluate (w² − 1)² at w = 0 again.",
                lambda: 0.0 - 0.5 * (_double_well(-1.0) + _double_well(1.0)),
            ),
        ],
    )


# -- 01.4 the quadratic cost of a line (implement it) --------------------------------------


def _line_cost(w, b, x, y):
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    return float(np.sum((y - (w * x + b)) ** 2) / (2 * x.size))


def _line_cases() -> list[tuple]:
    # small data sets the lecture never shows; n is never 2 (there 1/2 and 1/n coincide)
    rng = np.random.default_rng(20_101)
    cases = []
    for n, w, b in [(5, 1.5, -0.5), (7, -0.8, 2.0), (12, 0.3, 0.0), (3, 2.0, 1.0)]:
        x = np.round(rng.uniform(-3, 3, n), 2)
        y = np.round(rng.uniform(-0.5, 0.5) + 1.2 * x + rng.normal(0, 1.5, n), 2)
        cases.append((w, b, x, y))
    return cases


def _residuals(w, b, x, y):
    return np.asarray(y, dtype=float) - (w * np.asarray(x, dtype=float) + b)


@implementation("01.4")
def _check_line_cost(line_cost) -> CheckResult:
    return check_cases(
        line_cost,
        _line_cost,
        _line_cases(),
        name="line_cost",
        arg_names=("w", "b", "x", "y"),
        mistakes=[
            Mistake(
                "It looks like the factor 1/2 is missing: the quadratic cost is half the mean "
                "of the squared misses.",
                lambda w, b, x, y: np.mean(_residuals(w, b, x, y) ** 2),
            ),
            Mistake(
                "It looks like you summed the squared misses instead of averaging them (no "
                "division by n).",
                lambda w, b, x, y: 0.5 * np.sum(_residuals(w, b, x, y) ** 2),
            ),
            Mistake(
                "It looks like you summed the squared misses without dividing by 2n.",
                lambda w, b, x, y: np.sum(_residuals(w, b, x, y) ** 2),
            ),
            Mistake(
                "It looks like you took the absolute value of each miss instead of squaring it.",
                lambda w, b, x, y: 0.5 * np.mean(np.abs(_residuals(w, b, x, y))),
            ),
            Mistake(
                "It looks like the misses were not squared, so positive and negative ones cancel.",
                lambda w, b, x, y: 0.5 * np.mean(_residuals(w, b, x, y)),
            ),
            Mistake(
                "It looks like the division is missing a pair of brackets: the sum was halved "
                "and then multiplied by n instead of divided by 2n.",
                lambda w, b, x, y: np.sum(_residuals(w, b, x, y) ** 2) / 2 * len(x),
            ),
            Mistake(
                "It looks like w and b swapped roles: the line is a = w·x + b, with slope w and "
                "intercept b.",
                lambda w, b, x, y: _line_cost(b, w, x, y),
            ),
        ],
    )
