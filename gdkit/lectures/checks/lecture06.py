"""Checks for lecture 06's exercises (neurons and multi-layer perceptrons)."""

from __future__ import annotations

import math

import numpy as np

from ...exercises import CheckResult, Mistake, _copy_args, check_cases
from . import close_to, implementation, number

__all__: list[str] = []


def _near(answer, value: float, digits: int):
    """``answer`` if it is ``value`` rounded to ``digits`` significant digits, else ``value``.

    Lets a mistake be recognised from a rounded answer, as leniently as the right value.
    """
    try:
        a = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return value
    v = np.asarray(value, dtype=float)
    if a.shape != v.shape:
        return value
    nonzero = np.abs(v[v != 0])
    unit = 10.0 ** (math.floor(math.log10(nonzero.min())) - digits + 1) if nonzero.size else 0.0
    return a if np.all(np.abs(a - v) <= 0.5001 * unit) else value


# -- 06.1 the parameters of a 784-100-10 network ------------------------------------------


def _count() -> int:
    return (784 + 1) * 100 + (100 + 1) * 10  # (n_in + 1) n_out per layer


@number("06.1", expected=_count, digits=5)
def _check_count(answer) -> CheckResult:
    return close_to(
        answer,
        _count(),
        name="parameters of 784-100-10",
        digits=5,
        mistakes=[
            Mistake("It looks like you counted the weights but not the biases.",
                    lambda: 784 * 100 + 100 * 10),
            Mistake("It looks like you counted the neurons, not the parameters.",
                    lambda: 784 + 100 + 10),
            Mistake("It looks like you counted only the first layer.",
                    lambda: (784 + 1) * 100),
            Mistake("It looks like you gave the inputs a bias too (784 of them) or counted "
                    "one bias per input instead of one per neuron.",
                    lambda: 784 * 100 + 100 * 10 + 784 + 100),
        ],
    )  # fmt: skip


# -- 06.2 the derivative of tanh (implement it) -------------------------------------------


@implementation("06.2")
def _check_tanh_slope(tanh_slope) -> CheckResult:
    cases = [(0.8,), (-1.7,), (2.4,), (np.array([-0.3, 0.0, 1.1]),)]
    return check_cases(
        tanh_slope, lambda z: 1 - np.tanh(z) ** 2, cases,
        name="tanh_slope", arg_names=("z",),
        mistakes=[
            Mistake("It looks like tanh z is not squared: the slope is 1 − tanh² z.",
                    lambda z: 1 - np.tanh(z)),
            Mistake("That is the sigmoid's pattern f(1 − f); tanh's slope is 1 − tanh² z.",
                    lambda z: np.tanh(z) * (1 - np.tanh(z))),
            Mistake("It looks like you squared z instead of tanh z.", lambda z: 1 - z**2),
            Mistake("It looks like a sign is wrong: the slope is 1 − tanh² z.",
                    lambda z: 1 + np.tanh(z) ** 2),
        ],
    )  # fmt: skip


# -- 06.3 collapse two linear layers by hand ----------------------------------------------

_W1, _B1 = np.array([[1.0, 2.0], [0.0, 1.0]]), np.array([1.0, 0.0])
_W2, _B2 = np.array([[1.0, -1.0]]), np.array([3.0])


def _collapsed() -> tuple[np.ndarray, np.ndarray]:
    return _W2 @ _W1, _W2 @ _B1 + _B2


@number("06.3", expected=_collapsed, answers=2, digits=3)
def _check_collapsed(W_answer, b_answer) -> CheckResult:
    W, b = _collapsed()
    results = [
        close_to(W_answer, W, name="W", digits=3, mistakes=[
            Mistake("It looks like W₁ was transposed: W = W₂W₁, row times column.",
                    lambda: _W2 @ _W1.T),
        ]),
        close_to(b_answer, b, name="b", digits=3, mistakes=[
            Mistake("It looks like b₂ is missing: b = W₂b₁ + b₂.", lambda: _W2 @ _B1),
            Mistake("It looks like W₂b₁ is missing: the first bias passes through the second "
                    "layer, b = W₂b₁ + b₂.", lambda: _B2),
        ]),
    ]  # fmt: skip
    if all(results):
        return CheckResult(True, f"{results[0].message} {results[1].message}")
    if not any(r.answered for r in results):
        return CheckResult(False, results[0].message, answered=False)
    first = next(r for r in results if not r)
    tail = " And b is not right either." if first is results[0] and not results[1] else ""
    return CheckResult(False, f"{first.message}{tail}")


# -- 06.4 a softmax probability -----------------------------------------------------------


def _p_class0() -> float:
    z = np.array([2.0, 1.0, 0.0])
    return float(np.exp(z[0]) / np.exp(z).sum())


@number("06.4", expected=_p_class0, digits=3)
def _check_p_class0(answer) -> CheckResult:
    z = np.array([2.0, 1.0, 0.0])
    return close_to(
        answer,
        _p_class0(),
        name="p_0",
        digits=3,
        mistakes=[
            Mistake("It looks like the scores were not exponentiated: softmax divides e^z₀ by "
                    "the sum of e^z over all classes.", lambda: _near(answer, 2 / 3, 3)),
            Mistake("That is the probability of another class; class 0 has score 2.",
                    lambda: _near(answer, float(np.exp(0.0) / np.exp(z).sum()), 3)),
            Mistake("That is the probability of another class; class 0 has score 2.",
                    lambda: _near(answer, float(np.exp(1.0) / np.exp(z).sum()), 3)),
            Mistake("That is the sigmoid of the score, σ(2); softmax compares all three scores.",
                    lambda: _near(answer, float(1 / (1 + np.exp(-2.0))), 3)),
        ],
    )  # fmt: skip


# -- 06.5 a layer's forward pass (implement it) -------------------------------------------


def _relu(z):
    return np.maximum(z, 0.0)


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


_relu.__name__, _sigmoid.__name__ = "relu", "sigmoid"


def _layer(W, b, x, activation):
    return activation(W @ x + b)


def _safe(produce):
    """A mistake's output, or NaN where that mistake cannot even run on these shapes."""

    def run(W, b, x, activation):
        try:
            return produce(W, b, x, activation)
        except ValueError:
            return np.full(len(b), np.nan)

    return run


def _layer_cases() -> list[tuple]:
    rng = np.random.default_rng(606)
    cases = []
    for (n_out, n_in), activation in (((3, 5), np.tanh), ((4, 2), _sigmoid), ((2, 6), _relu),
                                      ((3, 3), np.tanh), ((1, 4), _sigmoid)):  # fmt: skip
        W = np.round(rng.normal(size=(n_out, n_in)), 2)
        b = np.round(rng.normal(size=n_out), 2)
        x = np.round(rng.normal(size=n_in), 2)
        cases.append((W, b, x, activation))
    return cases


_TRANSPOSED = (
    "It looks like W is used transposed: W has shape (n_out, n_in), one row of weights per "
    "neuron, so the weighted inputs are W times x."
)

_LAYER_MISTAKES = [
    Mistake("It looks like the bias b was left out.", _safe(lambda W, b, x, f: f(W @ x))),
    Mistake("It looks like the activation was applied before the bias was added: the bias "
            "goes inside, f(Wx + b).", _safe(lambda W, b, x, f: f(W @ x) + b)),
    Mistake("It looks like the activation was not applied.", _safe(lambda W, b, x, f: W @ x + b)),
    Mistake("It looks like the activation was applied to the inputs x instead of to Wx + b.",
            _safe(lambda W, b, x, f: W @ f(x) + b)),
    Mistake(_TRANSPOSED, _safe(lambda W, b, x, f: f(W.T @ x + b))),
    *(Mistake(f"It looks like {name} is always applied: use the function passed in as "
              f"`activation`, which changes from layer to layer.",
              _safe(lambda W, b, x, f, g=fixed: g(W @ x + b)))
      for name, fixed in (("tanh", np.tanh), ("the sigmoid", _sigmoid), ("ReLU", _relu))),
]  # fmt: skip


@implementation("06.5")
def _check_layer_forward(layer_forward) -> CheckResult:
    cases = _layer_cases()
    result = check_cases(
        layer_forward, _layer, cases,
        name="layer_forward", arg_names=("W", "b", "x", "activation"),
        mistakes=_LAYER_MISTAKES,
    )  # fmt: skip
    if result or not result.answered or not callable(layer_forward):
        return result
    # A transposed W fails on the first non-square W with a shape error: say what it means.
    for W, b, x, activation in cases:
        try:
            layer_forward(*_copy_args((W, b, x, activation)))
        except NotImplementedError:
            return result
        except Exception:
            try:
                flipped = np.asarray(layer_forward(*_copy_args((W.T, b, x, activation))), float)
            except Exception:
                return result
            if flipped.shape == b.shape and np.allclose(flipped, _layer(W, b, x, activation)):
                sep = " " if result.message.endswith(".") else ". "
                return CheckResult(False, f"{result.message}{sep}{_TRANSPOSED}")
            return result
    return result
