"""Checks for lecture 02's exercises (derivatives, four ways)."""

from __future__ import annotations

import numpy as np

from ...exercises import CheckResult, Mistake, check_cases
from . import close_to, implementation, number

__all__: list[str] = []


# -- 02.1 the power rule: g(x) = x³ − 2x -----------------------------------------------------


def _dg(x):
    return 3 * x**2 - 2


@implementation("02.1")
def _check_dg(dg) -> CheckResult:
    return check_cases(
        dg,
        _dg,
        [(-1.3,), (0.4,), (2.5,), (-3.0,)],
        name="dg",
        arg_names=("x",),
        mistakes=[
            Mistake(
                "It looks like the term −2x was dropped; its derivative is not 0.",
                lambda x: 3 * x**2,
            ),
            Mistake(
                "It looks like −2x was left as it is; by the power rule (x¹)′ = 1·x⁰.",
                lambda x: 3 * x**2 - 2 * x,
            ),
            Mistake(
                "It looks like the exponent was lowered but not brought down as a factor: "
                "(x³)′ = 3·x².",
                lambda x: x**2 - 2,
            ),
            Mistake(
                "It looks like you raised the exponent instead of lowering it.",
                lambda x: 3 * x**4 - 2,
            ),
            Mistake(
                "It looks like the sign of the second term flipped: the derivative of −2x is −2.",
                lambda x: 3 * x**2 + 2,
            ),
        ],
    )


# -- 02.2 a stationary point of q(x) = 2x² + 6x + 1 ------------------------------------------


def _q(x: float) -> float:
    return 2 * x**2 + 6 * x + 1


def _x_star() -> float:
    return -6 / (2 * 2)


@number("02.2", expected=_x_star, digits=3)
def _check_x_star(answer) -> CheckResult:
    return close_to(
        answer,
        _x_star(),
        name="x_star",
        digits=3,
        mistakes=[
            Mistake(
                "It looks like a sign slipped when you solved q′(x) = 0 for x.",
                lambda: -_x_star(),
            ),
            Mistake(
                "It looks like you solved 2x + 6 = 0: the power rule brings the exponent down, "
                "so the derivative of 2x² is not 2x.",
                lambda: -6 / 2,
            ),
            Mistake(
                "It looks like you gave the lowest value q(x*) instead of the place x* where the "
                "slope is zero.",
                lambda: _q(_x_star()),
            ),
        ],
    )


# -- 02.3 predict a finite-difference error ---------------------------------------------------


def _f(x: float) -> float:
    return 3 * x**2 - 4 * x + 5


_H = 0.25  # a step the lecture's table of difference quotients does not show


def _forward_error() -> float:
    return (_f(-2.0 + _H) - _f(-2.0)) / _H - (6 * -2.0 - 4)


@number("02.3", expected=_forward_error, digits=3)
def _check_forward_error(answer) -> CheckResult:
    estimate = (_f(-2.0 + _H) - _f(-2.0)) / _H
    return close_to(
        answer,
        _forward_error(),
        name="forward_error",
        digits=3,
        mistakes=[
            Mistake(
                "It looks like you computed the exact value minus the estimate; the question "
                "asks for the estimate minus the exact value.",
                lambda: -_forward_error(),
            ),
            Mistake(
                "It looks like you gave the estimate itself, not how far it misses f′(−2).",
                lambda: estimate,
            ),
            Mistake(
                "It looks like you copied the miss for h = 0.1 from the lecture's table; this "
                "exercise asks about h = 0.25.",
                lambda: 3 * 0.1,
            ),
            Mistake(
                "It looks like the step h is missing from your formula for the miss.",
                lambda: _forward_error() / _H,
            ),
            Mistake(
                "It looks like the miss was taken to grow with h²; that is the central "
                "difference's order, and this is the forward difference.",
                lambda: _forward_error() * _H,
            ),
        ],
    )


# -- 02.4 the derivative of tanh ----------------------------------------------------------------


def _dtanh(x):
    return 1 - np.tanh(x) ** 2


@implementation("02.4")
def _check_dtanh(dtanh) -> CheckResult:
    return check_cases(
        dtanh,
        _dtanh,
        [(-1.7,), (-0.3,), (0.8,), (2.4,)],
        name="dtanh",
        arg_names=("x",),
        mistakes=[
            Mistake(
                "It looks like the sign in front of tanh² is wrong: the slope of tanh is largest "
                "at 0 and shrinks as |x| grows.",
                lambda x: 1 + np.tanh(x) ** 2,
            ),
            Mistake(
                "It looks like you copied the sigmoid's pattern σ(1 − σ); tanh's derivative is "
                "built from its value differently.",
                lambda x: np.tanh(x) * (1 - np.tanh(x)),
            ),
            Mistake(
                "It looks like the value tanh(x) was not squared.",
                lambda x: 1 - np.tanh(x),
            ),
            Mistake(
                "It looks like you wrote cosh²(x); the derivative is its reciprocal, 1/cosh²(x).",
                lambda x: np.cosh(x) ** 2,
            ),
        ],
    )


# -- 02.5 a central difference (implement it) ----------------------------------------------------


def _central_difference(f, x, h):
    return (f(x + h) - f(x - h)) / (2 * h)


def cube(x):
    """x³, one of the hidden test functions (its name appears in the check's messages)."""
    return x**3


def _central_cases() -> list[tuple]:
    # steps large enough that the one-sided and the central estimates differ clearly
    return [(np.exp, 0.5, 0.1), (np.sin, 1.2, 0.05), (cube, -0.7, 0.2), (np.log, 2.0, 0.25)]


@implementation("02.5")
def _check_central_difference(central_difference) -> CheckResult:
    return check_cases(
        central_difference,
        _central_difference,
        _central_cases(),
        name="central_difference",
        arg_names=("f", "x", "h"),
        mistakes=[
            Mistake(
                "It looks like a one-sided (forward) difference (f(x+h) − f(x))/h: the central "
                "difference looks both ways, to x + h and to x − h.",
                lambda f, x, h: (f(x + h) - f(x)) / h,
            ),
            Mistake(
                "It looks like a one-sided (backward) difference (f(x) − f(x−h))/h: the central "
                "difference looks both ways, to x + h and to x − h.",
                lambda f, x, h: (f(x) - f(x - h)) / h,
            ),
            Mistake(
                "It looks like you divided by h: the two points x − h and x + h are 2h apart.",
                lambda f, x, h: (f(x + h) - f(x - h)) / h,
            ),
            Mistake(
                "It looks like the sign is swapped: subtract f(x − h) from f(x + h), not the "
                "other way round.",
                lambda f, x, h: (f(x - h) - f(x + h)) / (2 * h),
            ),
            Mistake(
                "It looks like the division is missing a pair of brackets: h was multiplied "
                "back instead of 2h dividing.",
                lambda f, x, h: (f(x + h) - f(x - h)) / 2 * h,
            ),
        ],
    )
