"""Which way is downhill?  Steps of one fixed length in every direction of the plane.

Take a point v of a function C: R² → R, a step length ε > 0 and the unit
directions u(θ) = (cos θ, sin θ) around a circle.  For each direction,
`directional_changes` compares

- the first-order prediction  ΔC ≈ ∇C · Δv = ε ∇C(v) · u(θ), and
- the actual change           ΔC = C(v + ε u(θ)) − C(v).

The prediction is smallest, −ε‖∇C‖, exactly when u points along −∇C (the
Cauchy–Schwarz inequality), which is why gradient descent steps that way.  For
small ε the actual change agrees, so the best direction found on the circle
lies next to −∇C; for large ε curvature takes over and the two can part.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from .._validate import integer, positive

__all__ = ["DirectionalChanges", "directional_changes"]


@dataclass(frozen=True, repr=False)
class DirectionalChanges:
    """The change of C for a step of length ε in each direction around a circle.

    Attributes
    ----------
    point : ndarray of shape (2,)
        Where the steps start (v).
    eps : float
        The step length ε = ‖Δv‖.
    gradient : ndarray of shape (2,)
        ∇C(v).
    angles : ndarray of shape (k,)
        θ in radians, in [0, 2π), evenly spaced.
    directions : ndarray of shape (k, 2)
        The unit vectors u(θ) = (cos θ, sin θ).
    first_order : ndarray of shape (k,)
        The linear prediction ε ∇C(v) · u(θ).
    actual : ndarray of shape (k,)
        C(v + ε u(θ)) − C(v).
    """

    point: np.ndarray
    eps: float
    gradient: np.ndarray
    angles: np.ndarray
    directions: np.ndarray
    first_order: np.ndarray
    actual: np.ndarray

    @property
    def descent_angle(self) -> float:
        """The angle of −∇C(v) in radians, in [0, 2π)."""
        g = self.gradient
        return float(np.arctan2(-g[1], -g[0]) % (2 * np.pi))

    @property
    def best_angle(self) -> float:
        """The angle on the circle whose step decreased C the most (radians)."""
        return float(self.angles[int(np.argmin(self.actual))])

    @property
    def best_change(self) -> float:
        """The largest decrease found on the circle: min over θ of the actual change."""
        return float(self.actual.min())

    @property
    def predicted_best_change(self) -> float:
        """The first-order prediction along −∇C: −ε‖∇C(v)‖."""
        return -self.eps * float(np.linalg.norm(self.gradient))

    @property
    def angle_gap(self) -> float:
        """How far the best direction on the circle is from −∇C, in degrees (0 to 180)."""
        gap = abs(self.best_angle - self.descent_angle) % (2 * np.pi)
        return float(np.degrees(min(gap, 2 * np.pi - gap)))

    def __repr__(self) -> str:
        return (
            f"DirectionalChanges(eps={self.eps:g}, {len(self.angles)} directions, "
            f"−∇C at {np.degrees(self.descent_angle):.1f}°, best step at "
            f"{np.degrees(self.best_angle):.1f}° (gap {self.angle_gap:.1f}°), "
            f"best ΔC = {self.best_change:.6g}, first-order −ε‖∇C‖ = "
            f"{self.predicted_best_change:.6g})"
        )

    def _repr_pretty_(self, printer, cycle) -> None:  # IPython
        printer.text(repr(self))


def directional_changes(
    loss: Callable[[np.ndarray], float],
    grad: Callable[[np.ndarray], np.ndarray],
    point: Sequence[float] | np.ndarray,
    eps: float,
    n_directions: int = 360,
) -> DirectionalChanges:
    """Compare ΔC ≈ ∇C·Δv with the true change for steps ‖Δv‖ = ε in every direction.

    Parameters
    ----------
    loss : callable
        C(v) for v of shape (2,), returning a scalar.
    grad : callable
        ∇C(v), returning shape (2,).
    point : array_like of shape (2,)
        The point v the steps start from.
    eps : float
        Step length ε > 0.
    n_directions : int
        Number of directions θ_k = 2πk / n_directions (at least 4).

    Returns
    -------
    DirectionalChanges

    Raises
    ------
    ValueError
        If ``point`` is not a finite 2-vector, ``eps`` is not positive and
        finite, ``n_directions`` is below 4, or the gradient is not a finite
        2-vector.

    Examples
    --------
    >>> bowl = lambda v: float(v[0] ** 2 + 3 * v[1] ** 2)
    >>> bowl_grad = lambda v: np.array([2 * v[0], 6 * v[1]])
    >>> changes = directional_changes(bowl, bowl_grad, [1.0, 1.0], eps=1e-3)
    >>> round(changes.angle_gap) <= 1
    True
    """
    v = np.asarray(point, dtype=float).reshape(-1)
    if v.shape != (2,) or not np.all(np.isfinite(v)):
        raise ValueError(f"point must be a finite vector of 2 numbers, got {point!r}")
    eps = positive("eps", eps)
    n_directions = integer("n_directions", n_directions, minimum=4)
    g = np.asarray(grad(v), dtype=float).reshape(-1)
    if g.shape != (2,) or not np.all(np.isfinite(g)):
        raise ValueError(f"grad(point) must return a finite vector of 2 numbers, got {g!r}")
    angles = 2 * np.pi * np.arange(int(n_directions)) / int(n_directions)
    directions = np.column_stack([np.cos(angles), np.sin(angles)])
    c0 = float(loss(v))
    actual = np.array([float(loss(v + eps * u)) - c0 for u in directions])
    return DirectionalChanges(
        point=v,
        eps=float(eps),
        gradient=g,
        angles=angles,
        directions=directions,
        first_order=eps * directions @ g,
        actual=actual,
    )
