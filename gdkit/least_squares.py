"""Least squares on the regression set: the loss, its gradient and Hessian, the exact fit.

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

import numpy as np

__all__ = [
    "design_matrix",
    "least_squares_grad",
    "least_squares_hessian",
    "least_squares_loss",
    "normal_equations",
]


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
    >>> from gdkit.datasets import regression_data
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
