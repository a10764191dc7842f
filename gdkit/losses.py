"""Loss functions, and softmax, which turns scores into the probabilities cross-entropy needs.

Every function here is vectorised over *parameter settings*: put a grid of
parameters in the leading axes and the loss comes back with the grid's shape,
ready for ``plt.plot`` or ``ax.plot_surface``.  The data (inputs ``X``, targets
``y``) have fixed shapes and broadcast against the grid.

==========================  ==============================================  =========
loss                        formula                                         convex in
==========================  ==============================================  =========
quadratic cost              C = 1/(2n) Σᵢ ‖yᵢ − aᵢ‖²                         a
0-1 loss                    fraction of i with [aᵢ ≥ ½] ≠ yᵢ                 never
logistic loss               1/n Σᵢ log(1 + e^{fᵢ}) − yᵢ fᵢ                   f
hinge (SVM) objective       λ/2 ‖w‖² + 1/n Σᵢ max(0, 1 − yᵢ(w·xᵢ + b))       (w, b)
==========================  ==============================================  =========

(Least squares, ‖y − Xβ‖², lives with the regression data in
:func:`gdkit.least_squares.least_squares_loss`.)

The k-means and Gaussian-mixture objectives and the convexity test that lecture 01
uses are in :mod:`gdkit.lectures.convexity`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

__all__ = [
    "hinge_loss",
    "logistic_loss",
    "quadratic_cost",
    "softmax",
    "zero_one_loss",
]


def _targets(y: np.ndarray | Sequence[float], name: str = "y") -> np.ndarray:
    y = np.asarray(y, dtype=float)
    if y.ndim not in (1, 2) or y.shape[0] == 0:
        raise ValueError(
            f"{name} must have shape (n,) or (n, k) with n ≥ 1, got shape {y.shape}"
        )
    return y


def _outputs(a: np.ndarray | Sequence[float], y: np.ndarray, name: str = "a") -> np.ndarray:
    a = np.asarray(a, dtype=float)
    if a.ndim < y.ndim or a.shape[a.ndim - y.ndim:] != y.shape:
        raise ValueError(
            f"{name} must end with the targets' shape {y.shape} (leading axes index "
            f"parameter settings), got shape {a.shape}"
        )
    return a


def _points(X: np.ndarray | Sequence[float], name: str = "X") -> np.ndarray:
    """Data as an (n, d) array; a 1-D array is n points in one dimension."""
    X = np.asarray(X, dtype=float)
    if X.ndim == 1:
        X = X[:, None]
    if X.ndim != 2 or X.shape[0] == 0:
        raise ValueError(f"{name} must have shape (n,) or (n, d) with n ≥ 1, got shape {X.shape}")
    return X


def _centres(c: np.ndarray | Sequence[float], d: int, name: str) -> np.ndarray:
    """Centres as (..., k, d); for one-dimensional data (d = 1) shape (..., k) is accepted.

    With d = 1 a 1-D array is read as k centres, and a trailing axis of length 1
    on a 2-D or larger array is read as d.
    """
    c = np.asarray(c, dtype=float)
    if d == 1 and (c.ndim <= 1 or c.shape[-1] != 1):
        c = c[..., None]
    if c.ndim < 2 or c.shape[-1] != d:
        raise ValueError(
            f"{name} must have shape (..., k, {d}) for {d}-dimensional data"
            f"{' (or (..., k) since d = 1)' if d == 1 else ''}, got shape {c.shape}"
        )
    return c


def quadratic_cost(a: np.ndarray | Sequence[float], y: np.ndarray | Sequence[float]) -> np.ndarray:
    r"""The quadratic cost (mean squared error) :math:`C = \frac{1}{2n}\sum_i \lVert y_i - a_i\rVert^2`.

    Parameters
    ----------
    a : array_like of shape (..., n) or (..., n, k)
        The model's outputs :math:`a_i = a(x_i; w, b)`.  Leading axes index
        parameter settings (one cost is returned for each).
    y : array_like of shape (n,) or (n, k)
        The targets :math:`y(x_i)`: numbers, or vectors such as one-hot labels.

    Returns
    -------
    ndarray of shape (...)
        The cost per parameter setting (a 0-d array for a single setting).

    Raises
    ------
    ValueError
        If ``y`` is not (n,) or (n, k), or ``a`` does not end with ``y``'s shape.

    Examples
    --------
    >>> float(quadratic_cost([0.5, 1.0], [1.0, 1.0]))
    0.0625
    >>> quadratic_cost([[0.0, 0.0], [1.0, 1.0]], [1.0, 1.0]).tolist()
    [0.5, 0.0]
    """
    y = _targets(y)
    a = _outputs(a, y)
    squared = (y - a) ** 2
    if y.ndim == 2:
        squared = squared.sum(axis=-1)
    return squared.mean(axis=-1) / 2.0


def zero_one_loss(
    a: np.ndarray | Sequence[float], y: np.ndarray | Sequence[float], *, threshold: float = 0.5
) -> np.ndarray:
    r"""The 0-1 loss: the fraction of examples classified wrongly.

    The predicted class of example *i* is 1 when :math:`a_i \ge` ``threshold`` and
    0 otherwise.  As a function of the parameters the 0-1 loss is a staircase:
    it only changes when some :math:`a_i` crosses the threshold, so its
    derivative is zero almost everywhere (and undefined at the jumps).

    Parameters
    ----------
    a : array_like of shape (..., n)
        Scores or probabilities; leading axes index parameter settings.
    y : array_like of shape (n,)
        Labels in {0, 1}.
    threshold : float
        The decision threshold (0.5 for a sigmoid output).

    Returns
    -------
    ndarray of shape (...)
        Error rates in [0, 1].

    Raises
    ------
    ValueError
        If ``y`` is not one-dimensional, holds values other than 0 and 1, or
        ``a`` does not end with ``y``'s shape.

    Examples
    --------
    >>> float(zero_one_loss([0.2, 0.7, 0.9], [0, 1, 0]))
    0.3333333333333333
    """
    y = _targets(y)
    if y.ndim != 1:
        raise ValueError(f"y must have shape (n,) with labels 0 and 1, got shape {y.shape}")
    if not np.all((y == 0) | (y == 1)):
        raise ValueError(f"y must hold labels 0 and 1, got values {np.unique(y).tolist()}")
    a = _outputs(a, y)
    predicted = (a >= threshold).astype(float)
    return (predicted != y).mean(axis=-1)


def logistic_loss(f: np.ndarray | Sequence[float], y: np.ndarray | Sequence[float]) -> np.ndarray:
    r"""The logistic (binary cross-entropy) loss of scores :math:`f_i`, averaged over examples.

    With :math:`p_i = \sigma(f_i)`,
    :math:`L = -\frac1n\sum_i [y_i\log p_i + (1-y_i)\log(1-p_i)]
    = \frac1n\sum_i [\log(1 + e^{f_i}) - y_i f_i]`, computed in the second form
    (``numpy.logaddexp``), which never overflows.  For a linear score
    :math:`f_i = w\cdot x_i + b` it is convex in (w, b): logistic regression.

    Parameters
    ----------
    f : array_like of shape (..., n)
        Scores (logits); leading axes index parameter settings.
    y : array_like of shape (n,)
        Labels in {0, 1}.

    Returns
    -------
    ndarray of shape (...)

    Raises
    ------
    ValueError
        If ``y`` is not one-dimensional or ``f`` does not end with ``y``'s shape.

    Examples
    --------
    >>> round(float(logistic_loss([0.0, 0.0], [0, 1])), 6)  # log 2
    0.693147
    """
    y = _targets(y)
    if y.ndim != 1:
        raise ValueError(f"y must have shape (n,) with labels 0 and 1, got shape {y.shape}")
    f = _outputs(f, y, "f")
    return (np.logaddexp(0.0, f) - y * f).mean(axis=-1)


def hinge_loss(
    w: np.ndarray | Sequence[float],
    b: np.ndarray | float,
    X: np.ndarray | Sequence[float],
    y: np.ndarray | Sequence[float],
    *,
    lam: float = 0.01,
) -> np.ndarray:
    r"""The soft-margin SVM objective :math:`\frac\lambda2\lVert w\rVert^2 + \frac1n\sum_i \max(0, 1 - y_i(w\cdot x_i + b))`.

    Parameters
    ----------
    w : array_like of shape (..., d)
        Weights; leading axes index parameter settings.  For one-dimensional
        data (d = 1) shape (...) is accepted.
    b : float or array_like broadcasting with ``w``'s leading axes
        Bias.
    X : array_like of shape (n, d) or (n,)
        Inputs.
    y : array_like of shape (n,)
        Labels in {−1, +1}.
    lam : float
        Weight of the regulariser, λ ≥ 0.

    Returns
    -------
    ndarray
        The objective, with the broadcast shape of the leading axes.

    Raises
    ------
    ValueError
        For labels other than ±1, a negative ``lam`` or mismatched shapes.

    Examples
    --------
    >>> float(hinge_loss([1.0], 0.0, [[2.0], [-2.0]], [1, -1], lam=0.0))
    0.0
    >>> float(hinge_loss([0.0], 0.0, [[2.0], [-2.0]], [1, -1], lam=0.0))
    1.0
    """
    X = _points(X)
    y = _targets(y)
    if y.shape != (X.shape[0],):
        raise ValueError(f"y must have shape ({X.shape[0]},) to match X, got shape {y.shape}")
    if not np.all(np.abs(y) == 1):
        raise ValueError(f"y must hold labels -1 and +1, got values {np.unique(y).tolist()}")
    if lam < 0:
        raise ValueError(f"lam must be ≥ 0, got {lam!r}")
    w = np.asarray(w, dtype=float)
    d = X.shape[1]
    if d == 1 and (w.ndim == 0 or w.shape[-1] != 1):
        w = w[..., None]
    if w.shape[-1] != d:
        raise ValueError(f"w must have shape (..., {d}) to match X, got shape {w.shape}")
    scores = w @ X.T + np.asarray(b, dtype=float)[..., None]  # (..., n)
    margins = np.maximum(0.0, 1.0 - y * scores).mean(axis=-1)
    return 0.5 * lam * (w**2).sum(axis=-1) + margins


def softmax(z: Any, axis: int = -1) -> np.ndarray:
    """:math:`\\operatorname{softmax}(z)_k = e^{z_k} / \\sum_j e^{z_j}` along ``axis``.

    The largest entry is subtracted first (which does not change the result), so
    large scores never overflow.  The outputs are positive and sum to 1: they
    can be read as probabilities of K classes.

    Parameters
    ----------
    z : array_like
        Scores (logits); a vector, or one row per example.
    axis : int
        The axis holding the K classes.

    Returns
    -------
    ndarray
        Same shape as ``z``.

    Examples
    --------
    >>> softmax([1.0, 2.0, 3.0]).round(4)
    array([0.09  , 0.2447, 0.6652])
    >>> float(softmax([1000.0, 1000.0])[0])
    0.5
    """
    z = np.asarray(z, dtype=float)
    if z.ndim == 0:
        raise ValueError(f"z must have at least one axis (the K scores), got a scalar {z!r}")
    shifted = z - z.max(axis=axis, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=axis, keepdims=True)
