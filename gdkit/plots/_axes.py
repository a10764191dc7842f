"""Shared plumbing of the plot helpers: where a figure comes from, safe data."""

from __future__ import annotations

from typing import Any

import numpy as np


def axes_for(ax: Any = None, *, figsize: tuple[float, float] | None = None, **kwargs: Any):
    """Return ``(figure, axes)``: ``ax`` and its figure, or a new pyplot figure.

    A new figure comes from pyplot so that it shows inline in a notebook (end
    the cell with ``plt.show()``); close it with ``plt.close(fig)`` when a
    script or test is done with it.
    """
    if ax is not None:
        return ax.figure, ax
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=figsize)
    return fig, fig.add_subplot(**kwargs)


def figure_for(fig: Any = None, *, figsize: tuple[float, float] | None = None):
    """Return ``fig`` cleared, or a new pyplot figure (for multi-panel helpers)."""
    if fig is not None:
        fig.clear()
        from ._alt import describe

        describe(fig, None)  # the old text alternative described what was cleared
        return fig
    import matplotlib.pyplot as plt

    return plt.figure(figsize=figsize)


def params_of(trajectory: Any) -> np.ndarray:
    """The ``(steps + 1, p)`` parameter array of a trajectory or of an array."""
    params = np.asarray(getattr(trajectory, "params", trajectory), dtype=float)
    if params.ndim == 1:
        params = params[:, None]
    if params.ndim != 2:
        raise ValueError(f"trajectory must hold a (steps, p) array, got shape {params.shape}")
    return params


def losses_of(trajectory: Any) -> np.ndarray:
    """The loss per step of a trajectory, or the array itself."""
    return np.asarray(getattr(trajectory, "losses", trajectory), dtype=float).ravel()


def plottable(values: Any, bound: float = 1e12) -> np.ndarray:
    """``values`` as floats with non-finite entries set to NaN and the rest clipped.

    Matplotlib draws NaN as a gap; clipping keeps diverged runs (1e300, inf)
    from overflowing the renderer.
    """
    values = np.array(values, dtype=float)
    values[~np.isfinite(values)] = np.nan
    return np.clip(values, -bound, bound)


def limits_around(points: np.ndarray, margin: float = 0.15) -> tuple[float, float]:
    """A padded ``(low, high)`` range around the finite entries of ``points``."""
    finite = points[np.isfinite(points)]
    if finite.size == 0:
        return (-1.0, 1.0)
    low, high = float(finite.min()), float(finite.max())
    pad = margin * (high - low) if high > low else max(1.0, abs(low)) * margin
    return (low - pad, high + pad)
