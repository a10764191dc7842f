"""The lectures' toy data: a 10-point regression set and 2-D classes.

Everything here is small, seeded and cheap, so a lecture can regenerate it in
every cell that needs it.  The least-squares model fitted to the regression set
is in :mod:`gdkit.least_squares`; the 2-D test surfaces are in :mod:`gdkit.surfaces`.
"""

from __future__ import annotations

import numpy as np

from ._validate import integer, non_negative

__all__ = ["make_blobs", "make_moons", "regression_data"]

#: The inputs of the regression set (fixed, so the Hessian is the same for every seed).
REGRESSION_X = np.linspace(-6.5, 6.5, 10)
#: The intercept and slope the regression responses are generated from.
REGRESSION_TRUE_BETA = (2.0, 1.5)
#: The standard deviation of the regression noise.
REGRESSION_NOISE = 1.5


def regression_data(seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """The 10-point linear regression set of lecture 03.

    ``x = linspace(-6.5, 6.5, 10)`` and ``y = 2 + 1.5 x + ε`` with
    ε ~ N(0, 1.5²) drawn with ``numpy.random.default_rng(seed)``.  See the
    module docstring for the curvature (λmax = 344.26 of H = 2XᵀX) that makes
    η = 0.002 and 0.0055 converge and η = 0.0065 diverge.

    Parameters
    ----------
    seed : int
        Seed of the noise; x is the same for every seed.

    Returns
    -------
    x, y : ndarray of shape (10,)

    Examples
    --------
    >>> x, y = regression_data()
    >>> x.shape, y.shape
    ((10,), (10,))
    """
    rng = np.random.default_rng(seed)
    a, b = REGRESSION_TRUE_BETA
    x = REGRESSION_X.copy()
    y = a + b * x + rng.normal(0.0, REGRESSION_NOISE, size=x.shape)
    return x, y


def make_moons(
    n: int = 100, noise: float = 0.1, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles in 2-D (labels 0 and 1), seeded.

    Class 0 lies on the upper half of the unit circle, class 1 on a lower half
    circle shifted to (1, 0.5); Gaussian noise of standard deviation ``noise``
    is added to both coordinates.

    Returns
    -------
    X : ndarray of shape (n, 2)
    y : ndarray of shape (n,), integers 0 or 1 (n // 2 of class 0 first, then class 1)
    """
    n = integer("n", n, 2)
    non_negative("noise", noise)
    rng = np.random.default_rng(seed)
    n0 = n // 2
    n1 = n - n0
    t0 = np.linspace(0.0, np.pi, n0)
    t1 = np.linspace(0.0, np.pi, n1)
    upper = np.column_stack([np.cos(t0), np.sin(t0)])
    lower = np.column_stack([1.0 - np.cos(t1), 0.5 - np.sin(t1)])
    X = np.vstack([upper, lower]) + rng.normal(0.0, noise, size=(n, 2))
    y = np.concatenate([np.zeros(n0, dtype=np.int64), np.ones(n1, dtype=np.int64)])
    return X, y


def make_blobs(
    n: int = 100,
    centers: int | np.ndarray = 3,
    std: float = 0.6,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """Gaussian blobs in 2-D, one class per centre, seeded.

    Parameters
    ----------
    n : int
        Total number of points, spread as evenly as possible over the classes.
    centers : int or array_like of shape (k, 2)
        Either the number of classes (centres are then evenly spaced on a
        circle of radius 2.5) or the centres themselves.
    std : float
        Standard deviation of each blob.
    seed : int

    Returns
    -------
    X : ndarray of shape (n, 2)
    y : ndarray of shape (n,), integer labels 0..k-1
    """
    n = integer("n", n, 0)
    non_negative("std", std)
    if isinstance(centers, int | np.integer):
        if centers < 1:
            raise ValueError(f"centers must be at least 1, got {centers}")
        angles = 2 * np.pi * np.arange(centers) / centers
        c = 2.5 * np.column_stack([np.cos(angles), np.sin(angles)])
    else:
        c = np.asarray(centers, dtype=float)
        if c.ndim != 2 or c.shape[1] != 2:
            raise ValueError(f"centers must have shape (k, 2), got {c.shape}")
    k = len(c)
    rng = np.random.default_rng(seed)
    y = np.arange(n) % k
    X = c[y] + rng.normal(0.0, std, size=(n, 2))
    return X, y.astype(np.int64)
