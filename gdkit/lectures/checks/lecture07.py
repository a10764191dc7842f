"""Checks for lecture 07's exercises (training a network)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np

from ...elementary import sigmoid, softplus
from ...exercises import (
    CheckResult,
    Mistake,
    check_cases,
    not_implemented,
)
from ...losses import softmax
from . import close_to, implementation, number

__all__: list[str] = []


# --- 07.1: the gradient of the cross-entropy for z = (1, 2, 0), y = 0 --------------------

_SCORES = np.array([1.0, 2.0, 0.0])
_CLASS = 0


def _one_hot(k: int) -> np.ndarray:
    return np.eye(len(_SCORES))[k]


def _grad_z() -> np.ndarray:
    return softmax(_SCORES) - _one_hot(_CLASS)


@number("07.1", expected=_grad_z, decimals=4)
def _check_grad_z(answer) -> CheckResult:
    p = softmax(_SCORES)
    return close_to(
        answer,
        _grad_z(),
        name="gradient",
        decimals=4,
        mistakes=[
            Mistake(
                "It looks like the sign is flipped: the gradient is softmax(z) − one-hot(y), "
                "prediction minus target.",
                lambda: -_grad_z(),
            ),
            Mistake(
                "It looks like you gave softmax(z) without subtracting the one-hot vector of the "
                "true class.",
                lambda: p,
            ),
            Mistake(
                "It looks like you subtracted 1 at the wrong class: the true class y = 0 is the "
                "first score (Python counts from 0).",
                lambda: p - _one_hot(1),
            ),
            Mistake(
                "It looks like you subtracted 1 at the wrong class: the true class y = 0 is the "
                "first score (Python counts from 0).",
                lambda: p - _one_hot(2),
            ),
        ],
    )


# --- 07.2: dL/df for y = 0 ----------------------------------------------------------------


def _slope_y0(f):
    return sigmoid(f)


@implementation("07.2")
def _check_logistic_slope_y0(student) -> CheckResult:
    return check_cases(
        student,
        _slope_y0,
        [(-2.5,), (-0.3,), (0.0,), (1.2,), (4.0,)],
        name="logistic_slope_y0",
        arg_names=("f",),
        mistakes=[
            Mistake(
                "It looks like you used the derivative for y = 1, σ(f) − 1; for y = 0 the "
                "target is 0, so the derivative is σ(f) − 0.",
                lambda f: sigmoid(f) - 1.0,
            ),
            Mistake(
                "It looks like the sign is flipped: the loss grows with f, so its slope is "
                "positive.",
                lambda f: -sigmoid(f),
            ),
            Mistake(
                "It looks like you returned the loss log(1 + e^f) itself, not its derivative.",
                softplus,
            ),
            Mistake(
                "It looks like you differentiated σ(f) instead of the loss: σ'(f) = σ(f)(1 − σ(f)) "
                "is the slope of the sigmoid, not of log(1 + e^f).",
                lambda f: sigmoid(f) * (1.0 - sigmoid(f)),
            ),
        ],
        rtol=1e-6,
        atol=1e-9,
    )


# --- 07.3: multiply-adds of a forward pass ------------------------------------------------


def _forward_madds() -> int:
    # one multiply-add per weight per example, biases and activations ignored
    return 50_000 * (784 * 30 + 30 * 10)


@number("07.3", expected=_forward_madds, digits=4)
def _check_forward_madds(answer) -> CheckResult:
    right = _forward_madds()
    return close_to(
        answer,
        right,
        name="multiply-adds",
        digits=4,
        mistakes=[
            Mistake("It looks like you counted one image, not all 50,000.", lambda: right / 50_000),
            Mistake(
                "It looks like you counted the neurons, not the weights.",
                lambda: 50_000 * (784 + 30 + 10),
            ),
            Mistake(
                "It looks like you counted the biases too; the exercise counts the weights only.",
                lambda: 50_000 * (784 * 30 + 30 + 30 * 10 + 10),
            ),
        ],
    )


# --- 07.4: one layer of the backward pass -------------------------------------------------
#
# Rows are examples.  delta = δ^l (m × n_l), A_prev = A^{l-1} = σ(Z^{l-1}) (m × n_{l-1}),
# W = W^l (n_l × n_{l-1}), Z_prev = Z^{l-1} (m × n_{l-1}).  δ^l already holds the 1/m of
# δ^L = (A^L − Y)/m, so the gradients are sums over the rows.


def _sigmoid_prime(Z: np.ndarray) -> np.ndarray:
    s = sigmoid(Z)
    return s * (1.0 - s)


def _layer_backward(delta, A_prev, W, Z_prev):
    dW = delta.T @ A_prev
    db = delta.sum(axis=0)
    delta_prev = (delta @ W) * _sigmoid_prime(Z_prev)
    return dW, db, delta_prev


def _layer_cases() -> list[tuple[np.ndarray, ...]]:
    """(delta, A_prev, W, Z_prev) for (m, n_{l-1}, n_l): W square first, then not."""
    rng = np.random.default_rng(707)
    cases = []
    for m, n_prev, n in [(5, 3, 3), (4, 3, 7), (9, 6, 2)]:
        Z_prev = rng.normal(size=(m, n_prev))
        cases.append(
            (rng.normal(size=(m, n)) / m, sigmoid(Z_prev), rng.normal(size=(n, n_prev)), Z_prev)
        )
    return cases


_LAYER_CASES = _layer_cases()
_DIVIDED_AGAIN = (
    "It looks like you divided by m: δ^l already carries the 1/m of δ^L = (A^L − Y)/m, so "
    "the sum over the examples (the rows) is already the average."
)
_PARTS: list[tuple[str, list[Mistake]]] = [
    ("dW", [
        Mistake(
            "It looks like dW is transposed: ∂L/∂W^l = (δ^l)^T A^{l−1} has the shape of W^l, "
            "(units of layer l) × (units of layer l−1).",
            lambda d, A, W, Z: A.T @ d,
        ),
        Mistake(_DIVIDED_AGAIN, lambda d, A, W, Z: d.T @ A / len(d)),
    ]),
    ("db", [
        Mistake(
            "It looks like db was not computed: ∂L/∂b^l is δ^l summed over the rows.",
            lambda d, A, W, Z: np.zeros(d.shape[1]),
        ),
        Mistake(_DIVIDED_AGAIN, lambda d, A, W, Z: d.mean(axis=0)),
    ]),
    ("delta_prev", [
        Mistake(
            "It looks like the factor σ'(Z^{l−1}) is missing: δ^{l−1} = (δ^l W^l) ⊙ σ'(Z^{l−1}).",
            lambda d, A, W, Z: d @ W,
        ),
        Mistake(
            "It looks like you multiplied by the transposed weight matrix: W^l is "
            "(units of layer l) × (units of layer l−1), so δ^l W^l (not δ^l (W^l)^T) carries "
            "the errors back to layer l−1.",
            lambda d, A, W, Z: (d @ W.T) * _sigmoid_prime(Z),
        ),
        Mistake(
            "It looks like you multiplied by σ(Z^{l−1}) instead of its derivative "
            "σ'(Z) = σ(Z)(1 − σ(Z)).",
            lambda d, A, W, Z: (d @ W) * sigmoid(Z),
        ),
        Mistake(
            "It looks like you applied σ to A^{l−1}, which is already σ(Z^{l−1}): "
            "σ'(Z^{l−1}) = A^{l−1}(1 − A^{l−1}).",
            lambda d, A, W, Z: (d @ W) * _sigmoid_prime(A),
        ),
        Mistake(
            "It looks like you used the derivative of tanh, 1 − A²; this layer is a sigmoid "
            "layer, σ'(Z) = σ(Z)(1 − σ(Z)).",
            lambda d, A, W, Z: (d @ W) * (1.0 - A**2),
        ),
        Mistake(_DIVIDED_AGAIN, lambda d, A, W, Z: (d @ W) * _sigmoid_prime(Z) / len(d)),
    ]),
]  # fmt: skip


_ARG_NAMES = ("delta", "A_prev", "W", "Z_prev")
_ORDINAL = ("first", "second", "third")


def _part(function: Callable, k: int) -> Callable:
    """The k-th array that ``function`` returns, for comparing one at a time."""

    def part(*args):
        return function(*args)[k]

    return part


def _runs(function: Callable) -> Callable:
    """0 once ``function`` has returned: with check_cases, reports an error it raises."""

    def runs(*args):
        function(*args)
        return 0.0

    return runs


def _structure_problem(student: Callable, name: str) -> CheckResult | None:
    """Not answered, or not three arrays (dW, db, delta_prev): say so before comparing values."""
    case = tuple(np.array(a) for a in _LAYER_CASES[0])
    try:
        out = student(*case)
    except NotImplementedError:
        return not_implemented(name)
    except Exception:  # the value checks below report the error with the input that caused it
        return None
    if not isinstance(out, (tuple, list)) or len(out) != 3:
        got = f"a {type(out).__name__}" + (
            f" of {len(out)}" if isinstance(out, (tuple, list)) else ""
        )
        return CheckResult(
            False, f"{name} should return three arrays (dW, db, delta_prev); it returned {got}."
        )
    if out[1] is None:
        return CheckResult(
            False, f"{name} returned None as db. It looks like db was not computed: "
            "∂L/∂b^l is δ^l summed over the rows.",
        )  # fmt: skip
    return None


@implementation("07.4")
def _check_layer_backward(student) -> CheckResult:
    name = "layer_backward"
    if student is None or not callable(student):
        return check_cases(student, _layer_backward, _LAYER_CASES, name=name)
    problem = _structure_problem(student, name)
    if problem is not None:
        return problem
    for case in _LAYER_CASES:  # case by case: the square W first, where a transposed one shows
        result = check_cases(
            _runs(student), _runs(_layer_backward), [case], name=name, arg_names=_ARG_NAMES
        )
        if not result:  # it raised: the message names the input and the error
            return result
        for k, (part, mistakes) in enumerate(_PARTS):
            result = check_cases(
                _part(student, k), _part(_layer_backward, k), [case], name=name,
                arg_names=_ARG_NAMES, mistakes=mistakes,
            )  # fmt: skip
            if result:
                continue
            message = f"{part} (the {_ORDINAL[k]} array returned) is wrong: {result.message}"
            copies = tuple(np.array(a) for a in case)
            if k == 1 and np.shape(_part(student, 1)(*copies)) == (len(case[0]),):
                message += (
                    " It looks like you summed over the units instead of over the "
                    "examples: db has one entry per unit of layer l."
                )
            return replace(result, message=message)
    return CheckResult(
        True,
        f"{name} is right on all {len(_LAYER_CASES)} test inputs (dW, db and delta_prev), "
        "including layers whose weight matrix is not square.",
    )
