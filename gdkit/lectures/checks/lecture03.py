"""Checks for lecture 03's exercises (gradient descent)."""

from __future__ import annotations

import numpy as np

from ...datasets import regression_data
from ...exercises import NOT_ANSWERED, CheckResult, Mistake, _describe_args, _fmt, check_cases
from ...least_squares import design_matrix
from . import close_to, implementation, number

__all__: list[str] = []


def _lecture_data() -> tuple[np.ndarray, np.ndarray]:
    """The lecture's ten points: design matrix X (10, 2) and targets y (10,)."""
    x, y = regression_data(seed=0)
    return design_matrix(x), y


def _lsq_grad(beta, X, y) -> np.ndarray:
    return 2 * X.T @ X @ beta - 2 * X.T @ y


# -- 03.1 one step by hand ----------------------------------------------------------------------

_START = np.array([-8.0, -3.2])
_ETA = 0.002


def _one_step() -> np.ndarray:
    X, y = _lecture_data()
    return _START - _ETA * _lsq_grad(_START, X, y)


@number("03.1", expected=_one_step, decimals=6)
def _check_one_step(answer) -> CheckResult:
    X, y = _lecture_data()
    g = _lsq_grad(_START, X, y)
    return close_to(
        answer,
        _one_step(),
        name="one_step",
        decimals=6,
        mistakes=[
            Mistake(
                "It looks like you stepped uphill: gradient descent subtracts η∇L.",
                lambda: _START + _ETA * g,
            ),
            Mistake(
                "It looks like you used the factor-free XᵀXβ − Xᵀy; this exercise steps along the "
                "full gradient 2XᵀXβ − 2Xᵀy.",
                lambda: _START - _ETA * g / 2,
            ),
            Mistake(
                "It looks like the learning rate η is missing from the step.",
                lambda: _START - g,
            ),
            Mistake(
                "It looks like you gave the step −η∇L itself, not the new β = β − η∇L.",
                lambda: -_ETA * g,
            ),
        ],
    )


# -- 03.2 the factor-free gradient ----------------------------------------------------------------


def _lam_max(H: np.ndarray) -> float:
    return float(np.linalg.eigvalsh(H).max())


def _threshold_factor_free() -> float:
    X, _ = _lecture_data()
    return 2 / _lam_max(X.T @ X)


@number("03.2", expected=_threshold_factor_free, digits=3)
def _check_threshold(answer) -> CheckResult:
    X, _ = _lecture_data()
    lam_full = _lam_max(2 * X.T @ X)
    return close_to(
        answer,
        _threshold_factor_free(),
        name="threshold_factor_free",
        digits=3,
        mistakes=[
            Mistake(
                "It looks like you gave the threshold 2/λmax of the full gradient 2XᵀXβ − 2Xᵀy; "
                "with half the gradient every step is half as long.",
                lambda: 2 / lam_full,
            ),
            Mistake(
                "It looks like you halved the threshold; a gradient half as long makes each "
                "step shorter, so it can afford a larger η, not a smaller one.",
                lambda: 1 / lam_full,
            ),
            Mistake(
                "It looks like the factor 2 was applied twice.",
                lambda: 8 / lam_full,
            ),
        ],
    )


# -- 03.3 mean instead of sum: the gradient of M(β) = (1/n)‖y − Xβ‖² ------------------------------


def _grad_mse(beta, X, y) -> np.ndarray:
    beta, X, y = (np.asarray(a, dtype=float) for a in (beta, X, y))
    return 2 / len(y) * (X.T @ (X @ beta - y))


def _mse_cases() -> list[tuple]:
    # design matrices and targets the lecture never shows, with 2 and 3 columns
    rng = np.random.default_rng(30_303)
    cases = []
    for n, beta in [(6, [0.5, -1.0]), (13, [-2.0, 0.25, 1.5]), (9, [0.0, 0.0])]:
        X = np.column_stack([np.ones(n), np.round(rng.uniform(-3, 3, (n, len(beta) - 1)), 2)])
        y = np.round(X @ rng.normal(0, 2, len(beta)) + rng.normal(0, 1, n), 2)
        cases.append((np.array(beta), X, y))
    return cases


@implementation("03.3")
def _check_grad_mse(grad_mse) -> CheckResult:
    return check_cases(
        grad_mse,
        _grad_mse,
        _mse_cases(),
        name="grad_mse",
        arg_names=("beta", "X", "y"),
        mistakes=[
            Mistake(
                "It looks like the division by n is missing: that is the gradient of the sum "
                "‖y − Xβ‖², not of the mean.",
                lambda beta, X, y: _grad_mse(beta, X, y) * len(y),
            ),
            Mistake(
                "It looks like the factor 2 from differentiating the square is missing.",
                lambda beta, X, y: _grad_mse(beta, X, y) / 2,
            ),
            Mistake(
                "It looks like the sign is flipped: the gradient of ‖y − Xβ‖² is −2Xᵀ(y − Xβ).",
                lambda beta, X, y: -_grad_mse(beta, X, y),
            ),
            Mistake(
                "It looks like you divided by n twice.",
                lambda beta, X, y: _grad_mse(beta, X, y) / len(y),
            ),
            Mistake(
                "It looks like you divided by the lecture's n = 10; n is the number of rows of "
                "the X that the function receives.",
                lambda beta, X, y: _grad_mse(beta, X, y) * len(y) / 10,
            ),
            Mistake(
                "It looks like you divided by the number of columns of X (the number of "
                "parameters); n is the number of rows of X, the length of y.",
                lambda beta, X, y: _grad_mse(beta, X, y) * len(y) / np.shape(X)[1],
            ),
        ],
    )


# -- 03.4 your own gradient-descent loop (implement it) ---------------------------------------------


def _gradient_descent(grad, x0, eta, steps) -> np.ndarray:
    x = np.array(x0, dtype=float)
    for _ in range(steps):
        x = x - eta * grad(x)
    return x


def gradient_of_x2_plus_4y2(v):
    """∇ of C(x, y) = x² + 4y², a stretched bowl (the name appears in the check's messages)."""
    v = np.asarray(v, dtype=float)
    return np.array([2 * v[0], 8 * v[1]])


def gradient_of_x4(v):
    """∇ of C(x) = x⁴ for a one-element array, a loss that is not quadratic."""
    return 4 * np.asarray(v, dtype=float) ** 3


def gradient_of_sum_log_cosh(v):
    """∇ of C(v) = Σ log cosh(v_i − 1), not quadratic: its slopes never exceed 1."""
    return np.tanh(np.asarray(v, dtype=float) - 1)


def _descent_cases() -> list[tuple]:
    return [
        (gradient_of_x2_plus_4y2, np.array([2.0, -1.0]), 0.1, 7),
        (gradient_of_x4, np.array([1.5]), 0.02, 12),
        (gradient_of_sum_log_cosh, np.array([3.0, -2.0, 0.5]), 0.5, 10),
        (gradient_of_x2_plus_4y2, np.array([-0.5, 0.75]), 0.05, 1),
    ]


_DESCENT_MISTAKES = [
    Mistake(
        "It looks like the steps go uphill: the update subtracts η times the gradient.",
        lambda grad, x0, eta, steps: _uphill(grad, x0, eta, steps),
    ),
    Mistake(
        "It looks like one step too few: `steps` counts the updates, so steps = 3 means three "
        "updates after x0.",
        lambda grad, x0, eta, steps: _gradient_descent(grad, x0, eta, steps - 1),
    ),
    Mistake(
        "It looks like one step too many: `steps` counts the updates, so steps = 3 means three "
        "updates after x0.",
        lambda grad, x0, eta, steps: _gradient_descent(grad, x0, eta, steps + 1),
    ),
    Mistake(
        "It looks like the gradient was computed once, at x0, and reused: evaluate it at the "
        "current point in every step.",
        lambda grad, x0, eta, steps: np.asarray(x0, dtype=float) - steps * eta * grad(x0),
    ),
    Mistake(
        "It looks like the learning rate η is missing: each update subtracts eta times the "
        "gradient.",
        lambda grad, x0, eta, steps: _gradient_descent(grad, x0, 1.0, steps),
    ),
]


def _uphill(grad, x0, eta, steps) -> np.ndarray:
    x = np.array(x0, dtype=float)
    for _ in range(steps):
        x = x + eta * grad(x)
    return x


def _mention_the_path(result: CheckResult, gradient_descent) -> CheckResult:
    """Add what a result of shape (steps + 1, len(x0)) means: every iterate, not the last."""
    if not result.answered or "shape" not in result.message:
        return result
    for grad, x0, eta, steps in _descent_cases():
        try:
            got = np.asarray(gradient_descent(grad, x0.copy(), eta, steps), dtype=float)
        except Exception:  # the student's code failed: check_cases has said so already
            return result
        if got.shape != x0.shape:
            if got.shape == (steps + 1, x0.size) or got.shape == (steps, x0.size):
                return CheckResult(
                    False,
                    f"{result.message} It looks like you returned every point of the path; "
                    "return only the final point, an array shaped like x0.",
                )
            return result
    return result


@implementation("03.4")
def _check_gradient_descent(gradient_descent) -> CheckResult:
    name = "gradient_descent"
    arg_names = ("grad", "x0", "eta", "steps")
    values = check_cases(
        gradient_descent,
        _gradient_descent,
        _descent_cases(),
        name=name,
        arg_names=arg_names,
        mistakes=_DESCENT_MISTAKES,
    )
    if not values:
        return _mention_the_path(values, gradient_descent)
    # check_cases hands the student copies of x0; now pass the array itself and look at it after
    for grad, x0, eta, steps in _descent_cases():
        before = x0.copy()
        call = f"{name}({_describe_args((grad, before, eta, steps), arg_names)})"
        try:
            gradient_descent(grad, x0, eta, steps)
        except NotImplementedError:  # pragma: no cover - check_cases has passed already
            return CheckResult(False, f"{name}: {NOT_ANSWERED}", answered=False)
        except Exception as exc:  # the student's code failed: say how, do not crash the lecture
            return CheckResult(False, f"{call} raised {type(exc).__name__}: {exc}")
        if not np.array_equal(x0, before):
            return CheckResult(
                False,
                f"{call} returns the right point but modifies x0 in place: after the call x0 "
                f"was {_fmt(x0)} instead of {_fmt(before)}. Work on a copy of x0, so that the "
                "caller's starting point stays as it was.",
            )
    n = len(_descent_cases())
    return CheckResult(True, f"{name} is right on all {n} test inputs and leaves x0 unchanged.")
