"""Lambdified symbolic gradients against hand-written NumPy, and expression swell.

Run: .venv/bin/python benchmarks/symbolic.py

1. Least squares, L(β) = ‖y − Xβ‖² with n = 10 points and X = [1, x]: the gradient
   2XᵀXβ − 2Xᵀy hand-written in NumPy versus SymPy's matrix calculus
   (``gdkit.symbolic_matrix_gradient`` with MatrixSymbols, lambdified with CSE) – one
   matrix formula, not a loop over the 10 points.
2. A sigmoid neuron, L(w, b) = Σᵢ (σ(w·xᵢ + b) − yᵢ)² over 100 points in 2-D: hand-written
   backprop in NumPy versus the per-example symbolic gradient (``symbolic_derivative``
   with data symbols), evaluated for all points at once by NumPy broadcasting and summed.
3. Expression swell on the logistic map: size of f and f' (tree count) and of f' after
   common-subexpression elimination, per nesting depth.

Times are medians of 7 repeats of timeit loops; ratios are symbolic / hand-written.
Both routes are checked to give the same gradient first.
"""

from __future__ import annotations

import statistics
import sys
import timeit
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import gdkit  # noqa: E402

REPEATS = 7
LOOPS = 2000


def median_us(fn: Callable[[], object]) -> float:
    samples = timeit.repeat(fn, number=LOOPS, repeat=REPEATS)
    return statistics.median(samples) / LOOPS * 1e6


def report(name: str, hand: Callable[[], object], symbolic: Callable[[], object]) -> None:
    t_hand, t_sym = median_us(hand), median_us(symbolic)
    print(f"  hand-written NumPy   {t_hand:7.2f} µs")
    print(f"  symbolic (lambdify)  {t_sym:7.2f} µs")
    print(f"  ratio symbolic / hand-written ({name}): {t_sym / t_hand:.2f}")


def least_squares() -> None:
    rng = np.random.default_rng(0)
    x = np.linspace(0, 1, 10)
    y = 1.0 + 2.0 * x + rng.normal(scale=0.1, size=10)
    X = np.c_[np.ones(10), x]
    beta = np.array([0.5, -0.3])

    def hand() -> np.ndarray:
        return 2 * X.T @ (X @ beta - y)

    g = gdkit.symbolic_matrix_gradient(
        lambda beta, X, y: (y - X @ beta).T @ (y - X @ beta),
        {"beta": (2, 1), "X": (10, 2), "y": (10, 1)},
        wrt="beta",
    )
    beta_col, y_col = beta[:, None], y[:, None]
    grad_sym = g.numpy

    def symbolic() -> np.ndarray:
        return grad_sym(beta_col, X, y_col)

    assert np.allclose(symbolic().ravel(), hand(), rtol=1e-12, atol=1e-12)
    print("Least squares, n = 10, X = [1, x]:  ∇L =", g.derivative)
    print(f"  (same gradient: {hand()})")
    report("least squares", hand, symbolic)


def sigmoid_neuron() -> None:
    rng = np.random.default_rng(1)
    n = 100
    X = rng.normal(size=(n, 2))
    y = (X[:, 0] + X[:, 1] > 0).astype(float)
    w, b = np.array([0.7, -1.2]), 0.1
    params = np.array([w[0], w[1], b])

    def hand() -> np.ndarray:
        s = 1.0 / (1.0 + np.exp(-(X @ w + b)))
        delta = 2.0 * (s - y) * s * (1.0 - s)
        return np.r_[X.T @ delta, delta.sum()]

    d = gdkit.symbolic_derivative(
        lambda p, x1, x2, y: (gdkit.sigmoid(p[0] * x1 + p[1] * x2 + p[2]) - y) ** 2,
        3,
        data=("x1", "x2", "y"),
    )
    grad_sym = d.numpy
    x1, x2 = X[:, 0].copy(), X[:, 1].copy()

    def symbolic() -> np.ndarray:
        return grad_sym(params, x1, x2, y).sum(axis=1)

    assert np.allclose(symbolic(), hand(), rtol=1e-12, atol=1e-14)
    print()
    print(
        f"Sigmoid neuron, {n} points in 2-D, per-example symbolic gradient "
        f"({d.op_count} ops, {d.cse_op_count} after CSE), summed over the points:"
    )
    print(f"  (same gradient: {hand()})")
    report("sigmoid neuron", hand, symbolic)


def swell() -> None:
    table = gdkit.symbolic.expression_swell(depths=range(1, 8))
    print()
    print("Expression swell, logistic map l_{k+1} = 4 l_k (1 - l_k), l_1 = x:")
    print("  depth   ops(f)   ops(f')   ops(f') after CSE")
    for depth, f_ops, d_ops, cse_ops in zip(
        table["depth"], table["f"], table["derivative"], table["derivative_cse"], strict=True
    ):
        print(f"  {depth:>5} {f_ops:>8} {d_ops:>9} {cse_ops:>12}")


def main() -> None:
    least_squares()
    sigmoid_neuron()
    swell()


if __name__ == "__main__":
    main()
