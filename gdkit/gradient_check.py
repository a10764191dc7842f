"""Gradient checking: is a hand-written gradient right?

Compare an analytic gradient :math:`a = \\nabla f(x)` (your ``grad_f``) with a numerical
one :math:`n`, coordinate by coordinate, in float64:

.. math::  e_i = \\frac{|a_i - n_i|}{\\max(|a_i|, |n_i|, \\delta)}, \\qquad
           e = \\max_i e_i,

with :math:`\\delta = 10^{-6}\\max(1, |f(x)|)`: components smaller than what finite
differences can resolve relative to :math:`f` are compared absolutely, so a gradient that
is truly 0 does not fail on round-off.  The verdict uses the usual bands (CS231n's notes,
the spirit of ``torch.autograd.gradcheck``):

=========== ======================== ===================================================
verdict     relative error           meaning
=========== ======================== ===================================================
good        :math:`e < 10^{-7}`      the gradient is right
suspicious  :math:`10^{-7} \\le e \\le 10^{-2}` up to 1e-4 acceptable only near kinks (ReLU,
                                     abs); 1e-4 to 1e-2 usually a bug
wrong       :math:`e > 10^{-2}`      the gradient is wrong
=========== ======================== ===================================================
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .numerical import _finite_difference, _numerical_gradient, _real_array, _real_scalar

__all__ = ["GOOD", "WRONG", "GradcheckResult", "gradcheck"]

GOOD = 1e-7
WRONG = 1e-2


@dataclass(frozen=True)
class GradcheckResult:
    """Outcome of :func:`gradcheck`.

    Attributes
    ----------
    rel_error : float
        The largest per-coordinate relative error :math:`e`.
    verdict : str
        ``"good"``, ``"suspicious"`` or ``"wrong"`` (see the module docstring).
    worst_index : tuple of int
        Index into ``x`` of the worst coordinate (``()`` for scalar ``x``).
    analytic, numerical : ndarray
        The two gradients.
    rel_errors : ndarray
        Per-coordinate relative errors, shaped like ``x``.
    """

    rel_error: float
    verdict: str
    worst_index: tuple[int, ...]
    analytic: np.ndarray
    numerical: np.ndarray
    rel_errors: np.ndarray

    @property
    def passed(self) -> bool:
        """True when the verdict is ``"good"``."""
        return self.verdict == "good"

    def __str__(self) -> str:
        where = "x" if self.worst_index == () else f"x[{', '.join(map(str, self.worst_index))}]"
        a = float(self.analytic[self.worst_index])
        n = float(self.numerical[self.worst_index])
        return (
            f"gradcheck: {self.verdict} – largest relative error {self.rel_error:.1e} at {where} "
            f"(analytic {a:.10g}, numerical {n:.10g}); good < {GOOD:.0e}, wrong > {WRONG:.0e}"
        )

    def __repr__(self) -> str:
        return (
            f"GradcheckResult(verdict={self.verdict!r}, rel_error={self.rel_error:.1e}, "
            f"worst_index={self.worst_index}, passed={self.passed})"
        )


def verdict_for(rel_error: float) -> str:
    """``"good"`` below 1e-7, ``"wrong"`` above 1e-2 (or nan), ``"suspicious"`` between."""
    if rel_error < GOOD:
        return "good"
    if rel_error <= WRONG:
        return "suspicious"
    return "wrong"


def gradcheck(
    f: Callable[[Any], Any],
    grad_f: Callable[[Any], Any],
    x: float | Sequence[float] | np.ndarray,
    *,
    scheme: str = "richardson",
    h: float | None = None,
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
    """
    if not callable(f):
        raise TypeError(f"f={f!r} is not callable; expected the function")
    if not callable(grad_f):
        raise TypeError(f"grad_f={grad_f!r} is not callable; expected its gradient function")
    if np.ndim(x) == 0:
        point: Any = _real_scalar(x)
        numerical = np.asarray(_finite_difference(f, point, h, scheme)[0])
        fx = f(point)
    else:
        point = _real_array(x)
        numerical = _numerical_gradient(f, point, h, scheme)[0]
        fx = f(point.copy())
    try:
        analytic = np.asarray(grad_f(point.copy() if np.ndim(point) else point), dtype=float)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"grad_f(x) did not return numbers: {exc}") from exc
    if analytic.shape != numerical.shape:
        raise ValueError(
            f"grad_f(x) returned shape {analytic.shape}; expected {numerical.shape}, the shape of x"
        )
    delta = 1e-6 * max(1.0, abs(float(np.real(fx))))
    denom = np.maximum(np.maximum(np.abs(analytic), np.abs(numerical)), delta)
    errors = np.abs(analytic - numerical) / denom
    errors = np.where(np.isnan(errors), np.inf, errors)
    worst = np.unravel_index(int(np.argmax(errors)), errors.shape) if errors.ndim else ()
    rel = float(errors[worst])
    return GradcheckResult(
        rel_error=rel,
        verdict=verdict_for(rel),
        worst_index=tuple(int(i) for i in worst),
        analytic=analytic,
        numerical=numerical,
        rel_errors=errors,
    )
