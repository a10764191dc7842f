"""Pure computations behind the tangent and activation figures and explorers.

Both :mod:`gdkit.plots` and :mod:`gdkit.explorers` draw from these functions, so they
sit below both: the numbers a figure or a slider shows are computed (and tested) here,
without matplotlib or ipywidgets.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from . import elementary
from ._validate import real_scalar
from .derivatives import derivative

__all__ = ["ACTIVATIONS", "activation_curves", "activation_state", "lecture_polynomial", "tangent_state"]


def lecture_polynomial(x: Any) -> Any:
    """The running example of lecture 02: f(x) = 3x² − 4x + 5 (so f'(x) = 6x − 4)."""
    return 3 * x**2 - 4 * x + 5


def tangent_state(
    f: Callable[[Any], Any], x: float, *, method: str = "forward"
) -> dict[str, Any]:
    """The tangent of ``f`` at ``x`` and the direction that lowers f.

    Parameters
    ----------
    f : callable
        f: R → R, written with ordinary operators and gdkit's elementary functions.
    x : float
    method : str
        How ``gdkit.derivative`` computes f'(x).

    Returns
    -------
    dict
        ``x``, ``f_x`` = f(x), ``slope`` = f'(x), ``intercept`` (the tangent is
        y = slope·t + intercept), ``step_sign`` = −sign f'(x) (the sign of the
        step that lowers f; 0 at a stationary point) and ``direction`` in words.

    Examples
    --------
    >>> s = tangent_state(lecture_polynomial, -2.0)
    >>> s["slope"], s["direction"]
    (-16.0, 'increase x')
    """
    if not callable(f):
        raise TypeError(f"f={f!r} is not callable; expected a function of one real variable")
    x = real_scalar("x", x)
    try:
        f_x = float(f(x))
    except OverflowError:  # Python floats raise where IEEE arithmetic gives inf
        f_x = math.nan
    slope = float(derivative(f, x, method=method))
    if not (math.isfinite(slope) and math.isfinite(f_x)):
        step_sign, direction = math.nan, "undefined (f or f' is not finite here)"
    elif slope > 0:
        step_sign, direction = -1.0, "decrease x"
    elif slope < 0:
        step_sign, direction = 1.0, "increase x"
    else:
        step_sign, direction = 0.0, "stay: the slope is zero"
    return {
        "x": x,
        "f_x": f_x,
        "slope": slope,
        "intercept": f_x - slope * x,
        "step_sign": step_sign,
        "direction": direction,
    }


ACTIVATIONS = ("sigmoid", "tanh", "relu")


def _activation(name: str):
    if name not in ACTIVATIONS:
        raise ValueError(f"name must be one of {list(ACTIVATIONS)}, got {name!r}")
    return getattr(elementary, name)


def activation_state(name: str, z: float, *, method: str = "forward") -> dict[str, Any]:
    """The activation a(z) and its derivative a'(z) at one point.

    Parameters
    ----------
    name : str
        "sigmoid", "tanh" or "relu".
    z : float
    method : str
        How ``gdkit.derivative`` computes a'(z).

    Returns
    -------
    dict
        ``name``, ``z``, ``value`` = a(z), ``slope`` = a'(z), and ``saturated``
        (True where |a'(z)| < 0.01: gradients through this unit nearly vanish).

    Examples
    --------
    >>> activation_state("sigmoid", 0.0)["slope"]
    0.25
    """
    fn = _activation(name)
    z = real_scalar("z", z)
    slope = float(derivative(fn, z, method=method))
    return {
        "name": name,
        "z": z,
        "value": float(fn(z)),
        "slope": slope,
        "saturated": bool(abs(slope) < 0.01),
    }


def activation_curves(
    name: str, zs: np.ndarray, *, method: str = "forward"
) -> tuple[np.ndarray, np.ndarray]:
    """a(z) and a'(z) on every point of ``zs`` (a'(z) by ``gdkit.derivative``)."""
    fn = _activation(name)
    zs = np.asarray(zs, dtype=float)
    values = np.asarray(fn(zs), dtype=float)
    slopes = np.array([float(derivative(fn, float(z), method=method)) for z in zs])
    return values, slopes
