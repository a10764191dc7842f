"""Loss functions that lecture 01 plots as curves and surfaces.

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
k-means objective           Σᵢ minⱼ ‖xᵢ − cⱼ‖²                               no
GMM negative log-lik.       −Σᵢ log Σⱼ (1/k) N(xᵢ; μⱼ, σ²I)                  no
==========================  ==============================================  =========

(Least squares, ‖y − Xβ‖², lives with the regression data in
:func:`gdkit.datasets.least_squares_loss`.)

:func:`convexity_violations` tests the definition of convexity,
L(t a + (1 − t) b) ≤ t L(a) + (1 − t) L(b), on random pairs of parameter
settings, so a lecture can *show* which losses are convex instead of asserting it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

__all__ = [
    "ConvexityReport",
    "convexity_violations",
    "gmm_negative_log_likelihood",
    "hinge_loss",
    "kmeans_objective",
    "logistic_loss",
    "quadratic_cost",
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


def kmeans_objective(
    centroids: np.ndarray | Sequence[float], X: np.ndarray | Sequence[float]
) -> np.ndarray:
    r"""The k-means objective :math:`\sum_i \min_j \lVert x_i - c_j\rVert^2`.

    Each point pays the squared distance to its *nearest* centroid.  The
    minimum over j makes the objective non-convex: relabelling the centroids
    gives the same value, so every minimum has k! copies.

    Parameters
    ----------
    centroids : array_like of shape (..., k, d)
        Leading axes index parameter settings.  For one-dimensional data shape
        (..., k) is accepted.
    X : array_like of shape (n, d) or (n,)
        The data.

    Returns
    -------
    ndarray of shape (...)

    Raises
    ------
    ValueError
        If the centroids' last axis does not match the data's dimension.

    Examples
    --------
    >>> float(kmeans_objective([0.0, 10.0], [-1.0, 1.0, 10.0]))
    2.0
    """
    X = _points(X)
    c = _centres(centroids, X.shape[1], "centroids")
    distances = ((X[:, None, :] - c[..., None, :, :]) ** 2).sum(axis=-1)  # (..., n, k)
    return distances.min(axis=-1).sum(axis=-1)


def gmm_negative_log_likelihood(
    means: np.ndarray | Sequence[float], X: np.ndarray | Sequence[float], *, sigma: float = 1.0
) -> np.ndarray:
    r"""Negative log-likelihood of a Gaussian mixture with equal weights and shared σ.

    :math:`-\sum_i \log \frac1k \sum_j \mathcal N(x_i;\mu_j,\sigma^2 I)`, as a
    function of the means only.  Like k-means (its hard-assignment limit) it
    is non-convex in the means.

    Parameters
    ----------
    means : array_like of shape (..., k, d)
        Component means; for one-dimensional data shape (..., k) is accepted.
    X : array_like of shape (n, d) or (n,)
    sigma : float
        The shared standard deviation, > 0.

    Returns
    -------
    ndarray of shape (...)

    Raises
    ------
    ValueError
        For a non-positive ``sigma`` or mismatched shapes.

    Examples
    --------
    >>> round(float(gmm_negative_log_likelihood([0.0], [0.0])), 6)  # log √(2π)
    0.918939
    """
    if not sigma > 0:
        raise ValueError(f"sigma must be > 0, got {sigma!r}")
    X = _points(X)
    n, d = X.shape
    mu = _centres(means, d, "means")
    k = mu.shape[-2]
    sq = ((X[:, None, :] - mu[..., None, :, :]) ** 2).sum(axis=-1)  # (..., n, k)
    log_components = -sq / (2 * sigma**2) - 0.5 * d * np.log(2 * np.pi * sigma**2) - np.log(k)
    top = log_components.max(axis=-1, keepdims=True)
    log_mixture = top[..., 0] + np.log(np.exp(log_components - top).sum(axis=-1))
    return -log_mixture.sum(axis=-1)


@dataclass(frozen=True)
class ConvexityReport:
    """The outcome of :func:`convexity_violations`.

    Attributes
    ----------
    tests : int
        How many (a, b, t) triples were tested.
    violations : int
        How many broke L(t a + (1 − t) b) ≤ t L(a) + (1 − t) L(b).
    worst_gap : float
        The largest L(t a + (1 − t) b) − [t L(a) + (1 − t) L(b)] seen (≤ 0 when
        no test failed).
    witness : tuple or None
        (a, b, t) for the worst violation, or None.
    """

    tests: int
    violations: int
    worst_gap: float
    witness: tuple[np.ndarray, np.ndarray, float] | None

    @property
    def convex_on_sample(self) -> bool:
        """True when no test failed (evidence for convexity, not a proof)."""
        return self.violations == 0

    def __repr__(self) -> str:
        verdict = "no violation" if self.convex_on_sample else "NOT convex"
        return (f"ConvexityReport({self.violations}/{self.tests} violations, "
                f"worst gap {self.worst_gap:.3g}: {verdict})")


def convexity_violations(
    loss: Callable[[np.ndarray], float],
    low: Sequence[float] | np.ndarray,
    high: Sequence[float] | np.ndarray,
    *,
    pairs: int = 300,
    ts: Sequence[float] = (0.25, 0.5, 0.75),
    seed: int = 0,
    tol: float = 1e-9,
) -> ConvexityReport:
    r"""Test the definition of convexity on random pairs of parameter settings.

    Draws ``pairs`` pairs (a, b) uniformly from the box [low, high] and, for
    each t in ``ts``, checks :math:`L(ta + (1-t)b) \le tL(a) + (1-t)L(b)`, i.e.
    that the chord lies on or above the loss.  One violation proves that L is
    not convex; none is evidence (not proof) that it is.

    Parameters
    ----------
    loss : callable
        L(w) for a parameter vector w of shape (d,).
    low, high : array_like of shape (d,)
        The box to sample from.
    pairs : int
        Number of random pairs, ≥ 1.
    ts : sequence of float
        Points along each chord, each in (0, 1).
    seed : int
        Seed of the random pairs.
    tol : float
        A violation must exceed ``tol·(1 + |chord|)`` (round-off is not a violation).

    Returns
    -------
    ConvexityReport

    Raises
    ------
    ValueError
        If ``low``/``high`` differ in shape or ``low ≥ high`` somewhere,
        ``pairs < 1``, or a t is outside (0, 1).

    Examples
    --------
    >>> convexity_violations(lambda w: float(w @ w), [-1, -1], [1, 1]).convex_on_sample
    True
    >>> convexity_violations(lambda w: float(np.sin(3 * w[0])), [-2], [2]).convex_on_sample
    False
    """
    low = np.atleast_1d(np.asarray(low, dtype=float))
    high = np.atleast_1d(np.asarray(high, dtype=float))
    if low.shape != high.shape or low.ndim != 1:
        raise ValueError(
            f"low and high must be vectors of one shape, got {low.shape} and {high.shape}"
        )
    if not np.all(low < high):
        raise ValueError(f"low must be < high in every coordinate, got low={low} high={high}")
    if pairs < 1:
        raise ValueError(f"pairs must be ≥ 1, got {pairs!r}")
    ts = [float(t) for t in ts]
    if not ts or not all(0.0 < t < 1.0 for t in ts):
        raise ValueError(f"ts must be numbers in (0, 1), got {ts!r}")
    rng = np.random.default_rng(seed)
    A = rng.uniform(low, high, size=(pairs, low.size))
    B = rng.uniform(low, high, size=(pairs, low.size))
    violations, worst, witness = 0, -np.inf, None
    for a, b in zip(A, B, strict=True):
        la, lb = float(loss(a)), float(loss(b))
        for t in ts:
            chord = t * la + (1 - t) * lb
            gap = float(loss(t * a + (1 - t) * b)) - chord
            if gap > worst:
                worst = gap
                if gap > tol * (1 + abs(chord)):
                    witness = (a.copy(), b.copy(), t)
            if gap > tol * (1 + abs(chord)):
                violations += 1
    return ConvexityReport(pairs * len(ts), violations, float(worst), witness)
