"""The lectures' toy data: a 10-point regression, 2-D classes, and test surfaces.

Everything here is small, seeded and cheap, so a lecture can regenerate it in
every cell that needs it.

The regression set (lecture 03)
-------------------------------
``regression_data()`` returns n = 10 points with evenly spaced inputs
``x = linspace(-6.5, 6.5, 10)`` (the same for every seed) and responses
``y = 2 + 1.5 x + ε`` with ε ~ N(0, 1.5²) drawn from ``seed``.  With the design
matrix X = [1, x] and the loss

    L(β) = ‖y − Xβ‖²,   ∇L(β) = 2XᵀXβ − 2Xᵀy,   Hessian H = 2XᵀX,

the inputs are centred, so XᵀX = diag(10, Σxᵢ²) = diag(10, 172.13) and

    λmax(H) = 344.26,   2/λmax = 0.005810,   λmin(H) = 20.

Because x does not depend on the seed, these numbers hold for every seed:
gradient descent with a fixed learning rate η converges exactly when
η < 2/λmax ≈ 0.00581.  So η = 0.002 converges smoothly, η = 0.0055 converges
while the slope component overshoots and flips sign every step, and
η = 0.0065 diverges.  Code that uses the factor-free gradient XᵀXβ − Xᵀy
(``least_squares_grad(..., factor=1.0)``) takes steps half as long; its
thresholds are twice as large.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

__all__ = [
    "Surface",
    "beale",
    "bowl",
    "design_matrix",
    "himmelblau",
    "least_squares_grad",
    "least_squares_hessian",
    "least_squares_loss",
    "make_blobs",
    "make_moons",
    "normal_equations",
    "rastrigin",
    "regression_data",
    "surfaces",
]

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


def design_matrix(x: np.ndarray) -> np.ndarray:
    """The design matrix X = [1, x]: a column of ones (the intercept β₀) beside x.

    Parameters
    ----------
    x : array_like of shape (n,)

    Returns
    -------
    ndarray of shape (n, 2)

    Examples
    --------
    >>> design_matrix([0.0, 2.0])
    array([[1., 0.],
           [1., 2.]])
    """
    x = np.asarray(x, dtype=float)
    if x.ndim != 1:
        raise ValueError(f"x must be one-dimensional, got shape {x.shape}")
    return np.column_stack([np.ones_like(x), x])


def _float_array(name: str, value: object) -> np.ndarray:
    try:
        return np.asarray(value, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be an array of numbers, got {value!r}") from exc


def _least_squares_arrays(
    beta: object, X: object, y: object
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """beta, X, y as float arrays of shapes (p,), (n, p), (n,), or a ValueError naming them."""
    beta, X, y = _float_array("beta", beta), _float_array("X", X), _float_array("y", y)
    if X.ndim != 2:
        raise ValueError(f"X must be a 2-D design matrix of shape (n, p), got shape {X.shape}")
    n, p = X.shape
    if beta.shape != (p,):
        raise ValueError(
            f"beta must have shape ({p},) to match X of shape {X.shape}, got shape {beta.shape}"
        )
    if y.shape != (n,):
        raise ValueError(
            f"y must have shape ({n},) to match X of shape {X.shape}, got shape {y.shape}"
        )
    return beta, X, y


def least_squares_loss(beta: np.ndarray, X: np.ndarray, y: np.ndarray) -> float:
    """The least-squares loss L(β) = ‖y − Xβ‖² (a sum over the points, not a mean).

    Examples
    --------
    >>> X = design_matrix(np.array([0.0, 1.0]))
    >>> least_squares_loss(np.array([0.0, 1.0]), X, np.array([1.0, 1.0]))
    1.0
    """
    beta, X, y = _least_squares_arrays(beta, X, y)
    r = y - X @ beta
    return float(r @ r)


def least_squares_grad(
    beta: np.ndarray, X: np.ndarray, y: np.ndarray, *, factor: float = 2.0
) -> np.ndarray:
    """The gradient ∇L(β) = 2XᵀXβ − 2Xᵀy of ``least_squares_loss``.

    Parameters
    ----------
    beta : array_like of shape (p,)
    X : array_like of shape (n, p)
    y : array_like of shape (n,)
    factor : float
        2.0 (default) gives the true gradient of ‖y − Xβ‖².  1.0 gives the
        factor-free form XᵀXβ − Xᵀy that some lecture code uses; it points the
        same way but is half as long, so learning rates double.

    Returns
    -------
    ndarray of shape (p,)

    Raises
    ------
    ValueError
        If the shapes of beta, X and y do not fit together.
    """
    beta, X, y = _least_squares_arrays(beta, X, y)
    return factor * (X.T @ (X @ beta - y))


def least_squares_hessian(X: np.ndarray, *, factor: float = 2.0) -> np.ndarray:
    """The (constant) Hessian H = 2XᵀX of ``least_squares_loss``.

    Gradient descent on this quadratic converges iff η < 2/λmax(H).

    Examples
    --------
    >>> x, _ = regression_data()
    >>> lam = np.linalg.eigvalsh(least_squares_hessian(design_matrix(x)))
    >>> round(float(2 / lam.max()), 6)
    0.00581
    """
    X = np.asarray(X, dtype=float)
    return factor * (X.T @ X)


def normal_equations(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The closed-form minimiser: solve XᵀXβ = Xᵀy (where ∇L(β) = 0).

    Raises
    ------
    ValueError
        If the columns of X are linearly dependent (XᵀX is singular).
    """
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    if np.linalg.matrix_rank(X) < X.shape[1]:
        raise ValueError(
            f"X must have linearly independent columns, got rank {np.linalg.matrix_rank(X)} "
            f"for {X.shape[1]} columns"
        )
    return np.linalg.solve(X.T @ X, X.T @ y)


def _check_int(name: str, value: object, minimum: int) -> int:
    try:
        ok = not isinstance(value, bool) and int(value) == value and value >= minimum
    except (TypeError, ValueError):
        ok = False
    if not ok:
        raise ValueError(f"{name} must be an integer of at least {minimum}, got {value!r}")
    return int(value)


def _check_scale(name: str, value: object) -> None:
    try:
        ok = bool(np.isfinite(value)) and value >= 0
    except TypeError:
        ok = False
    if not ok:
        raise ValueError(f"{name} must be a non-negative finite number, got {value!r}")


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
    n = _check_int("n", n, 2)
    _check_scale("noise", noise)
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
    n = _check_int("n", n, 0)
    _check_scale("std", std)
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


@dataclass(frozen=True)
class Surface:
    """A 2-D test surface f(w) with its gradient ∇f, for GD runs and contour plots.

    Attributes
    ----------
    name : str
    f : callable
        f(w) for w of shape (2,), or vectorised over a grid when called as
        ``f(np.stack([W1, W2]))`` (the first axis holds the two coordinates).
    grad : callable
        ∇f(w), an ndarray of shape (2,).
    bounds : tuple
        ((w1_min, w1_max), (w2_min, w2_max)), a good plotting window.
    minima : ndarray of shape (m, 2)
        The known local/global minima.
    convex : bool
    """

    name: str
    f: Callable[[np.ndarray], np.ndarray | float]
    grad: Callable[[np.ndarray], np.ndarray]
    bounds: tuple[tuple[float, float], tuple[float, float]]
    minima: np.ndarray
    convex: bool

    def __call__(self, w: np.ndarray) -> np.ndarray | float:
        return self.f(w)

    def grid(self, n: int = 200) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(W1, W2, F) on an n×n grid over ``bounds``, ready for ``plt.contour``."""
        (a1, b1), (a2, b2) = self.bounds
        W1, W2 = np.meshgrid(np.linspace(a1, b1, n), np.linspace(a2, b2, n))
        return W1, W2, np.asarray(self.f(np.stack([W1, W2])))


def _bowl(w: np.ndarray) -> np.ndarray | float:
    w1, w2 = w[0], w[1]
    return w1**2 + 3.0 * w2**2


def _bowl_grad(w: np.ndarray) -> np.ndarray:
    return np.array([2.0 * w[0], 6.0 * w[1]])


def _himmelblau(w: np.ndarray) -> np.ndarray | float:
    w1, w2 = w[0], w[1]
    return (w1**2 + w2 - 11.0) ** 2 + (w1 + w2**2 - 7.0) ** 2


def _himmelblau_grad(w: np.ndarray) -> np.ndarray:
    w1, w2 = float(w[0]), float(w[1])
    a = w1**2 + w2 - 11.0
    b = w1 + w2**2 - 7.0
    return np.array([4.0 * w1 * a + 2.0 * b, 2.0 * a + 4.0 * w2 * b])


def _rastrigin(w: np.ndarray) -> np.ndarray | float:
    w = np.asarray(w, dtype=float)
    return 10.0 * w.shape[0] + np.sum(w**2 - 10.0 * np.cos(2 * np.pi * w), axis=0)


def _rastrigin_grad(w: np.ndarray) -> np.ndarray:
    w = np.asarray(w, dtype=float)
    return 2.0 * w + 20.0 * np.pi * np.sin(2 * np.pi * w)


def _beale(w: np.ndarray) -> np.ndarray | float:
    w1, w2 = w[0], w[1]
    return (
        (1.5 - w1 + w1 * w2) ** 2
        + (2.25 - w1 + w1 * w2**2) ** 2
        + (2.625 - w1 + w1 * w2**3) ** 2
    )


def _beale_grad(w: np.ndarray) -> np.ndarray:
    w1, w2 = float(w[0]), float(w[1])
    a = 1.5 - w1 + w1 * w2
    b = 2.25 - w1 + w1 * w2**2
    c = 2.625 - w1 + w1 * w2**3
    d1 = 2 * a * (w2 - 1) + 2 * b * (w2**2 - 1) + 2 * c * (w2**3 - 1)
    d2 = 2 * a * w1 + 2 * b * 2 * w1 * w2 + 2 * c * 3 * w1 * w2**2
    return np.array([d1, d2])


bowl = Surface(
    "bowl", _bowl, _bowl_grad, ((-4.0, 4.0), (-4.0, 4.0)), np.array([[0.0, 0.0]]), True
)
"""A strictly convex bowl f(w) = w₁² + 3w₂²: one minimum at the origin."""

himmelblau = Surface(
    "himmelblau",
    _himmelblau,
    _himmelblau_grad,
    ((-5.0, 5.0), (-5.0, 5.0)),
    np.array(
        [
            [3.0, 2.0],
            [-2.805118, 3.131312],
            [-3.779310, -3.283186],
            [3.584428, -1.848126],
        ]
    ),
    False,
)
"""Himmelblau's function: four minima (all with f = 0); the start point decides which."""

rastrigin = Surface(
    "rastrigin",
    _rastrigin,
    _rastrigin_grad,
    ((-5.12, 5.12), (-5.12, 5.12)),
    np.array([[0.0, 0.0]]),
    False,
)
"""The 2-D Rastrigin function: a bowl covered in a grid of local minima."""

beale = Surface(
    "beale", _beale, _beale_grad, ((-4.5, 4.5), (-4.5, 4.5)), np.array([[3.0, 0.5]]), False
)
"""Beale's function: flat valleys and steep walls, one global minimum at (3, 0.5)."""

#: All test surfaces by name.
surfaces: dict[str, Surface] = {s.name: s for s in (bowl, himmelblau, rastrigin, beale)}
