"""2-D test surfaces with their gradients: a convex bowl and three non-convex classics."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

__all__ = ["Surface", "beale", "bowl", "himmelblau", "rastrigin", "surfaces"]


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
