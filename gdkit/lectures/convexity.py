"""Lecture 01: non-convex objectives (k-means, a Gaussian mixture) and a convexity test.

:func:`convexity_violations` tests the definition of convexity,
L(t a + (1 − t) b) ≤ t L(a) + (1 − t) L(b), on random pairs of parameter
settings, so the lecture can *show* which losses are convex instead of asserting it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from ..losses import _centres, _points

__all__ = [
    "ConvexityReport",
    "convexity_violations",
    "gmm_negative_log_likelihood",
    "kmeans_objective",
]


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
