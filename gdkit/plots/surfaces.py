"""Loss surfaces: 3-D surface beside contours, and optimiser paths on contours."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ..palettes import style
from ._alt import apply, fmt
from ._axes import axes_for, figure_for, limits_around, params_of, plottable


def loss_grid(
    loss: Callable[[np.ndarray], Any],
    xlim: tuple[float, float],
    ylim: tuple[float, float],
    n: int = 61,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(W1, W2, L)``: the loss on an n×n grid over ``xlim`` × ``ylim``.

    ``loss`` takes a parameter vector w of shape (2,).  If it also accepts a
    stacked grid ``np.stack([W1, W2])`` (as gdkit's surfaces do) and agrees
    with the point-by-point values on a probe, the grid is evaluated in one
    call; otherwise point by point.
    """
    if not callable(loss):
        raise TypeError(f"loss={loss!r} is not callable; expected a function of w, shape (2,)")
    if not isinstance(n, int | np.integer) or n < 2:
        raise ValueError(f"n must be an integer of at least 2, got {n!r}")
    for name, lim in (("xlim", xlim), ("ylim", ylim)):
        try:
            ok = np.shape(lim) == (2,) and bool(np.all(np.isfinite(np.asarray(lim, float))))
        except (TypeError, ValueError):
            ok = False
        if not ok:
            raise ValueError(f"{name}={lim!r}: expected two finite numbers (low, high)")
    W1, W2 = np.meshgrid(np.linspace(*xlim, n), np.linspace(*ylim, n))
    pointwise = np.vectorize(lambda a, b: float(loss(np.array([a, b]))))
    probe1, probe2 = W1[:2, :3], W2[:2, :3]
    try:
        Z = np.asarray(loss(np.stack([probe1, probe2])), dtype=float)
        vectorised = Z.shape == probe1.shape and np.allclose(
            Z, pointwise(probe1, probe2), rtol=1e-9, atol=1e-12, equal_nan=True
        )
    except (TypeError, ValueError, IndexError):
        vectorised = False
    if vectorised:
        return W1, W2, np.asarray(loss(np.stack([W1, W2])), dtype=float)
    return W1, W2, pointwise(W1, W2)


def contour_levels(Z: np.ndarray, n: int = 25) -> np.ndarray:
    """Contour levels spaced evenly in log(L − Lmin): dense near the minimum."""
    Z = np.asarray(Z, dtype=float)
    finite = Z[np.isfinite(Z)]
    if finite.size == 0:
        return np.linspace(0.0, 1.0, n)
    low, high = float(finite.min()), float(finite.max())
    if high <= low:  # a flat surface: three levels around it, relative to its size
        d = max(1.0, abs(low) * 1e-3)
        with np.errstate(over="ignore"):
            levels = np.array([low - d, low, low + d])
        if np.all(np.isfinite(levels)):
            return levels
        steps = np.array([-2.0, -1.0, 0.0]) if low > 0 else np.array([0.0, 1.0, 2.0])
        return low + steps * d
    span = min(high - low, 1e307)  # keeps geomspace finite for spans near ±1e308
    # unique: where the span is below the spacing of floats near low, levels coincide
    return np.unique(low + np.geomspace(span * 1e-4, span, n))


def draw_contours(ax: Any, grid: tuple[np.ndarray, np.ndarray, np.ndarray], levels: int = 25):
    """Contour lines of a ``loss_grid`` on ``ax``; returns the contour set."""
    W1, W2, Z = grid
    return ax.contour(W1, W2, plottable(Z), levels=contour_levels(Z, levels), cmap="viridis",
                      linewidths=0.8)


def plot_surface_and_contour(
    loss: Callable[[np.ndarray], Any],
    xlim: tuple[float, float],
    ylim: tuple[float, float],
    *,
    n: int = 61,
    labels: tuple[str, str] = ("w₁", "w₂"),
    title: str = "Loss surface",
    fig: Any = None,
    alt: str | None = None,
) -> Any:
    """A 3-D surface of L(w₁, w₂) (left) and its contour lines (right).

    Parameters
    ----------
    loss : callable
        L(w) for w of shape (2,).
    xlim, ylim : (float, float)
        The window in w₁ and w₂.
    n : int
        Grid points per axis.
    labels : (str, str)
        Names of the two parameters.
    title : str
    fig : matplotlib Figure, optional
        Draw into this (cleared) figure; by default a new pyplot figure.
    alt : str, optional
        Text alternative; by default the window, the range of the loss and where
        it is lowest.

    Returns
    -------
    matplotlib.figure.Figure
    """
    grid = loss_grid(loss, xlim, ylim, n)
    fig = figure_for(fig, figsize=(10.0, 4.2))
    ax3 = fig.add_subplot(1, 2, 1, projection="3d")
    ax2 = fig.add_subplot(1, 2, 2)
    W1, W2, Z = grid
    ax3.plot_surface(W1, W2, plottable(Z), cmap="viridis", linewidth=0, antialiased=False)
    ax3.set_xlabel(labels[0])
    ax3.set_ylabel(labels[1])
    ax3.set_zlabel("loss")
    ax3.set_title(f"{title}: surface")
    draw_contours(ax2, grid)
    ax2.set_xlabel(labels[0])
    ax2.set_ylabel(labels[1])
    ax2.set_title(f"{title}: contours")
    apply(fig, f"Two views of the loss over {labels[0]} from {fmt(xlim[0])} to {fmt(xlim[1])} "
               f"and {labels[1]} from {fmt(ylim[0])} to {fmt(ylim[1])}: a 3-D surface (left) "
               f"and its contour lines (right, viridis colours, dense near the minimum). "
               + _grid_note(grid, labels), alt)
    return fig


def _grid_note(grid: tuple[np.ndarray, np.ndarray, np.ndarray], labels: Sequence[str]) -> str:
    W1, W2, Z = grid
    finite = np.isfinite(Z)
    if not finite.any():
        return "The loss is not finite anywhere in the window."
    k = np.unravel_index(int(np.nanargmin(np.where(finite, Z, np.nan))), Z.shape)
    high = float(np.max(Z[finite]))
    return (f"The loss ranges from {fmt(Z[k])} to {fmt(high)}; it is lowest at "
            f"({labels[0]}, {labels[1]}) ≈ ({fmt(W1[k])}, {fmt(W2[k])}).")


def plot_trajectory(
    loss: Callable[[np.ndarray], Any],
    trajectories: Any,
    *,
    names: Sequence[str] | None = None,
    xlim: tuple[float, float] | None = None,
    ylim: tuple[float, float] | None = None,
    labels: tuple[str, str] = ("w₁", "w₂"),
    title: str = "Optimiser path on the loss contours",
    n: int = 61,
    ax: Any = None,
    alt: str | None = None,
) -> Any:
    """Contours of L with one or more optimiser paths w₀ → w₁ → … on top.

    Parameters
    ----------
    loss : callable
        L(w) for w of shape (2,).
    trajectories : Trajectory, (steps, 2) array, or a list of them
    names : list of str, optional
        Legend entries, one per path.
    xlim, ylim : (float, float), optional
        The window; by default it frames the finite part of every path.
        Diverging paths are clipped to the window (they leave it).
    labels, title, n : see :func:`plot_surface_and_contour`
    ax : matplotlib Axes, optional
    alt : str, optional
        Text alternative; by default where each path starts and ends, and the
        loss there (or that it leaves the window).

    Returns
    -------
    matplotlib.figure.Figure
    """
    if isinstance(trajectories, (list, tuple)):
        paths = [params_of(t) for t in trajectories]
    else:
        paths = [params_of(trajectories)]
    for path in paths:
        if path.shape[1] != 2:
            raise ValueError(f"trajectories must have 2 parameters, got {path.shape[1]}")
    if names is not None and len(names) != len(paths):
        raise ValueError(f"names must have one entry per path ({len(paths)}), got {len(names)}")
    everything = np.vstack(paths)
    xlim = xlim or limits_around(everything[:, 0])
    ylim = ylim or limits_around(everything[:, 1])
    fig, ax = axes_for(ax)
    grid = loss_grid(loss, xlim, ylim, n)
    draw_contours(ax, grid)
    notes = []
    for i, path in enumerate(paths):
        label = names[i] if names is not None else None
        s = style(i)
        ax.plot(plottable(path[:, 0]), plottable(path[:, 1]), color=s["color"],
                ls=s["linestyle"], marker=s["marker"], lw=1.2, ms=3, label=label)
        ax.plot(path[:1, 0], path[:1, 1], "o", color=s["color"], ms=6)
        who = label if label is not None else ("The path" if len(paths) == 1 else f"Path {i + 1}")
        notes.append(_path_note(who, loss, path, xlim, ylim, labels))
    ax.set_xlim(xlim)
    ax.set_ylim(ylim)
    ax.set_xlabel(labels[0])
    ax.set_ylabel(labels[1])
    ax.set_title(title)
    if names is not None:
        ax.legend(loc="best")
    count = f"{len(paths)} optimiser paths" if len(paths) > 1 else "an optimiser path"
    apply(ax, f"Contour map of the loss over {labels[0]} from {fmt(xlim[0])} to {fmt(xlim[1])} "
              f"and {labels[1]} from {fmt(ylim[0])} to {fmt(ylim[1])}, with {count} drawn on "
              f"top, {'each' if len(paths) > 1 else 'its'} start marked by a large dot. " + _grid_note(grid, labels) + " "
              + " ".join(notes), alt)
    return fig


def _loss_at(loss: Callable[[np.ndarray], Any], w: np.ndarray) -> float:
    try:
        with np.errstate(all="ignore"):
            return float(loss(np.asarray(w, dtype=float)))
    except (TypeError, ValueError, OverflowError, ZeroDivisionError, FloatingPointError):
        return float("nan")


def _path_note(who: str, loss: Callable[[np.ndarray], Any], path: np.ndarray,
               xlim: Sequence[float], ylim: Sequence[float], labels: Sequence[str]) -> str:
    steps = len(path) - 1
    start, end = path[0], path[-1]
    text = (f"{who} starts at ({fmt(start[0])}, {fmt(start[1])}) with loss "
            f"{fmt(_loss_at(loss, start))}")
    finite = np.isfinite(path).all(axis=1)
    inside = (finite & (path[:, 0] >= min(xlim)) & (path[:, 0] <= max(xlim))
              & (path[:, 1] >= min(ylim)) & (path[:, 1] <= max(ylim)))
    if not finite.all():
        return text + f" and diverges: its parameters are no longer finite from step {int(np.argmin(finite))}."
    if not inside[-1]:
        gone = int(np.flatnonzero(~inside)[0])
        return text + f" and leaves the window at step {gone}; after {steps} steps it is at ({fmt(end[0])}, {fmt(end[1])})."
    return (text + f" and after {steps} steps ends at ({fmt(end[0])}, {fmt(end[1])}) with loss "
            f"{fmt(_loss_at(loss, end))}.")
