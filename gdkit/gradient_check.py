"""Gradient checking: is a hand-written gradient right?

Compare an analytic gradient :math:`a = \\nabla f(x)` (your ``grad_f``) with a numerical
one :math:`n` at a sample of coordinates :math:`S` (every coordinate when there are at
most ``sample`` of them, else ``sample`` of them drawn at random from ``seed``), in
float64:

.. math::  e_i = \\frac{|a_i - n_i|}{\\max(|a_i|, |n_i|, \\delta)}, \\qquad
           e = \\max_{i \\in S} e_i, \\qquad
           \\delta = \\max\\bigl(10^{-4} \\max_{j \\in S} \\max(|a_j|, |n_j|),\\;
                                10^{-6}\\max(1, |f(x)|)\\bigr).

The floor :math:`\\delta` makes coordinates that are tiny next to the largest gradient
compare absolutely, against :math:`10^{-4}` of it: a weight whose gradient is
:math:`10^{-7}` while others are :math:`10^{-1}` (a network on MNIST has many) cannot fail
on the round-off of a finite difference, while an error of 1e-4 of the largest gradient
anywhere is still at least "suspicious" and a sign or factor error on any coordinate
worth a 1e-4 share of it is "wrong".  The second term keeps a gradient that is truly 0
(at a minimum) from failing on round-off relative to :math:`f`.  The verdict uses the
usual bands (CS231n's notes, the spirit of ``torch.autograd.gradcheck``):

=========== ======================== ===================================================
verdict     relative error           meaning
=========== ======================== ===================================================
good        :math:`e < 10^{-7}`      the gradient is right
suspicious  :math:`10^{-7} \\le e \\le 10^{-2}` up to 1e-4 acceptable only near kinks (ReLU,
                                     abs); 1e-4 to 1e-2 usually a bug
wrong       :math:`e > 10^{-2}`      the gradient is wrong
=========== ======================== ===================================================

A numerical partial derivative costs some 10–40 evaluations of ``f`` (Richardson), so
checking 100 coordinates of a 784-30-10 network takes a fraction of a second where all
23,860 would take a minute; a bug in backpropagation (a forgotten σ', a transposed
weight matrix) shows in almost every coordinate, so a sample finds it.  Pass
``sample=None`` to check every coordinate.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from . import _validate
from .numerical import (
    ARRAY_EXPECTED,
    SCALAR_HINT,
    UnresolvedSlopeWarning,
    _finite_difference,
    _numerical_gradient,
)

__all__ = ["FLOOR", "GOOD", "SAMPLE", "WRONG", "GradcheckResult", "gradcheck"]

GOOD = 1e-7
WRONG = 1e-2
#: The absolute floor of the relative error, as a share of the largest gradient checked.
FLOOR = 1e-4
#: How many coordinates gradcheck checks by default.
SAMPLE = 100


@dataclass(frozen=True)
class GradcheckResult:
    """Outcome of :func:`gradcheck`.

    Attributes
    ----------
    rel_error : float
        The largest per-coordinate relative error :math:`e` over the checked coordinates.
    verdict : str
        ``"good"``, ``"suspicious"`` or ``"wrong"`` (see the module docstring).
    worst_index : tuple of int
        Index into ``x`` of the worst coordinate (``()`` for scalar ``x``).
    analytic : ndarray
        Your gradient, every coordinate, shaped like ``x``.
    numerical : ndarray
        The numerical gradient, shaped like ``x``; ``nan`` at coordinates not checked.
    rel_errors : ndarray
        Per-coordinate relative errors, shaped like ``x``; ``nan`` where not checked.
    checked : ndarray of int
        Flat indices (into ``x.ravel()``) of the coordinates checked, ascending.
    seed : int or None
        The seed of the sample; None when every coordinate was checked.
    floor : float
        The absolute floor :math:`\\delta` of the relative errors.
    """

    rel_error: float
    verdict: str
    worst_index: tuple[int, ...]
    analytic: np.ndarray
    numerical: np.ndarray
    rel_errors: np.ndarray
    checked: np.ndarray
    seed: int | None
    floor: float

    @property
    def n_checked(self) -> int:
        """How many coordinates were checked."""
        return int(self.checked.size)

    @property
    def passed(self) -> bool:
        """True when the verdict is ``"good"``."""
        return self.verdict == "good"

    def __str__(self) -> str:
        where = "x" if self.worst_index == () else f"x[{', '.join(map(str, self.worst_index))}]"
        a = float(self.analytic[self.worst_index])
        n = float(self.numerical[self.worst_index])
        total = self.analytic.size
        sampled = "" if self.n_checked == total else f" ({self.n_checked} of {total} checked)"
        return (
            f"gradcheck: {self.verdict} – largest relative error {self.rel_error:.1e} at {where} "
            f"(analytic {a:.10g}, numerical {n:.10g}){sampled}; good < {GOOD:.0e}, "
            f"wrong > {WRONG:.0e}"
        )

    def __repr__(self) -> str:
        return (
            f"GradcheckResult(verdict={self.verdict!r}, rel_error={self.rel_error:.1e}, "
            f"worst_index={self.worst_index}, n_checked={self.n_checked}, passed={self.passed})"
        )


def verdict_for(rel_error: float) -> str:
    """``"good"`` below 1e-7, ``"wrong"`` above 1e-2 (or nan), ``"suspicious"`` between."""
    if rel_error < GOOD:
        return "good"
    if rel_error <= WRONG:
        return "suspicious"
    return "wrong"


def _sample(size: int, sample: int | None, seed: int) -> tuple[np.ndarray, int | None]:
    """Flat indices to check, ascending, and the seed used (None: all of them)."""
    if sample is None or sample >= size:
        return np.arange(size), None
    rng = np.random.default_rng(seed)
    return np.sort(rng.choice(size, size=sample, replace=False)), seed


def gradcheck(
    f: Callable[[Any], Any],
    grad_f: Callable[[Any], Any],
    x: float | Sequence[float] | np.ndarray,
    *,
    scheme: str = "richardson",
    h: float | None = None,
    sample: int | None = SAMPLE,
    seed: int = 0,
) -> GradcheckResult:
    """Check ``grad_f`` against a numerical gradient of ``f`` at ``x``.

    Parameters
    ----------
    f : callable
        :math:`f:\\mathbb R^n\\to\\mathbb R` (array ``x``, indexed by ``f``) or
        :math:`\\mathbb R\\to\\mathbb R` (scalar ``x``).
    grad_f : callable
        Your gradient: returns an array shaped like ``x`` (a number for scalar ``x``).
    x : float or array-like
        The point.
    scheme : str, default "richardson"
        Finite-difference scheme for the numerical gradient (see
        :func:`gdkit.finite_difference`); ``"central"`` is the classic choice.
    h : float, optional
        Step; automatic when omitted.
    sample : int or None, default 100
        How many coordinates to check, drawn at random (without replacement) when ``x``
        has more; ``None`` checks every coordinate.
    seed : int, default 0
        Seed of the sample.

    Returns
    -------
    GradcheckResult

    Examples
    --------
    >>> import gdkit
    >>> f = lambda w: w[0] ** 2 + 3 * w[0] * w[1]
    >>> gdkit.gradcheck(f, lambda w: [2 * w[0] + 3 * w[1], 3 * w[0]], [1.0, 2.0]).verdict
    'good'
    >>> gdkit.gradcheck(f, lambda w: [2 * w[0], 3 * w[0]], [1.0, 2.0]).worst_index
    (0,)
    >>> import numpy as np
    >>> r = gdkit.gradcheck(lambda w: float(w @ w), lambda w: 2 * w, np.ones(1000))
    >>> r.verdict, r.n_checked
    ('good', 100)
    """
    _validate.function("f", f, "the function")
    _validate.function("grad_f", grad_f, "its gradient function")
    if sample is not None:
        sample = _validate.integer("sample", sample, minimum=1)
    seed = _validate.integer("seed", seed)
    with warnings.catch_warnings():
        # a coordinate too flat to resolve is compared against the floor, not flagged twice
        warnings.simplefilter("ignore", UnresolvedSlopeWarning)
        if np.ndim(x) == 0:
            point: Any = _validate.real_scalar("x", x, SCALAR_HINT)
            checked, used_seed = np.arange(1), None
            numerical = np.asarray(_finite_difference(f, point, h, scheme)[0])
            fx = f(point)
        else:
            point = _validate.real_array("x", x, ARRAY_EXPECTED, min_ndim=1, allow_empty=False)
            checked, used_seed = _sample(point.size, sample, seed)
            indices = [np.unravel_index(int(i), point.shape) for i in checked]
            values = _numerical_gradient(f, point, h, scheme, indices)[0]
            numerical = np.full(point.shape, np.nan)
            numerical.flat[checked] = values
            fx = f(point.copy())
    try:
        analytic = np.asarray(grad_f(point.copy() if np.ndim(point) else point), dtype=float)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"grad_f(x) did not return numbers: {exc}") from exc
    if analytic.shape != numerical.shape:
        raise ValueError(
            f"grad_f(x) returned shape {analytic.shape}; expected {numerical.shape}, the shape of x"
        )
    a, n = analytic.ravel()[checked], numerical.ravel()[checked]
    with np.errstate(invalid="ignore", over="ignore"):
        largest = float(np.max(np.maximum(np.abs(a), np.abs(n)), initial=0.0))
        if not np.isfinite(largest):
            largest = 0.0
        floor = max(FLOOR * largest, 1e-6 * max(1.0, abs(float(np.real(fx)))))
        sampled = np.abs(a - n) / np.maximum(np.maximum(np.abs(a), np.abs(n)), floor)
    sampled = np.where(np.isnan(sampled), np.inf, sampled)
    errors = np.full(analytic.shape, np.nan)
    errors.flat[checked] = sampled
    worst_flat = int(checked[int(np.argmax(sampled))])
    worst = np.unravel_index(worst_flat, errors.shape) if errors.ndim else ()
    rel = float(errors[worst])
    return GradcheckResult(
        rel_error=rel,
        verdict=verdict_for(rel),
        worst_index=tuple(int(i) for i in worst),
        analytic=analytic,
        numerical=numerical,
        rel_errors=errors,
        checked=checked,
        seed=used_seed,
        floor=floor,
    )
