"""Plots of one-variable functions: tangents, activations, finite-difference errors."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from ..curves import activation_curves, tangent_state
from ._axes import axes_for, figure_for, plottable


def evaluate_curve(f: Callable[[Any], Any], xs: np.ndarray) -> np.ndarray:
    """``f`` on every point of ``xs``: in one vectorised call when ``f`` allows it.

    Points where ``f`` fails or is complex are NaN (a gap in the plotted curve).
    """
    with np.errstate(all="ignore"):  # out-of-domain points become NaN or inf quietly
        try:
            ys = np.asarray(f(xs), dtype=float)
            if ys.shape == xs.shape:
                return ys
        except (TypeError, ValueError, AttributeError):
            pass
        out = np.empty_like(xs, dtype=float)
        for i, x in enumerate(xs):
            try:
                out[i] = float(f(float(x)))
            except (TypeError, ValueError, ZeroDivisionError, OverflowError):
                out[i] = np.nan
    return out


def plot_tangent(
    f: Callable[[Any], Any],
    x: float,
    *,
    xlim: tuple[float, float] = (-5.0, 5.0),
    method: str = "forward",
    ax: Any = None,
) -> Any:
    """Plot ``f`` with its tangent line at ``x``: y = f(x) + f'(x)(t − x).

    The arrow on the x axis points the way a small step lowers f, that is
    along −sign f'(x).

    Parameters
    ----------
    f : callable
        A function of one variable written with ordinary operators and gdkit's
        elementary functions.
    x : float
        Where the tangent touches.
    xlim : (float, float)
        The plotted range; widened to contain ``x``.
    method : str
        How ``gdkit.derivative`` computes the slope.
    ax : matplotlib Axes, optional
        Draw here; by default a new pyplot figure.

    Returns
    -------
    matplotlib.figure.Figure
    """
    state = tangent_state(f, x, method=method)
    fig, ax = axes_for(ax)
    low, high = min(xlim[0], x - 1.0), max(xlim[1], x + 1.0)
    ts = np.linspace(low, high, 401)
    ys = plottable(evaluate_curve(f, ts))
    ax.plot(ts, ys, color="C0", label="f(x)")
    ax.plot(ts, plottable(state["f_x"] + state["slope"] * (ts - x)), color="C3", ls="--",
            label=f"tangent, slope {state['slope']:.4g}")
    ax.plot([x], [state["f_x"]], "o", color="C3")
    finite = ys[np.isfinite(ys)]
    if finite.size:
        pad = 0.1 * (finite.max() - finite.min() + 1.0)
        ax.set_ylim(finite.min() - pad, finite.max() + pad)
    ax.set_xlim(low, high)
    ax.set_title(f"Tangent at x = {x:.4g}: slope {state['slope']:.4g}; to lower f, "
                 f"{state['direction']}")
    ax.set_xlabel("x")
    ax.set_ylabel("f(x)")
    ax.legend(loc="upper center")
    return fig


def plot_fd_errors(
    hs: Sequence[float] | np.ndarray,
    errors: Mapping[str, Sequence[float] | np.ndarray],
    *,
    h: float | None = None,
    ax: Any = None,
    title: str = "Finite-difference error against step size",
) -> Any:
    """Log-log plot of |error| against the step h, one line per scheme.

    Truncation error falls with h (like h for forward, h² for central
    differences) while round-off grows like ε/h, so each line is a V.

    Parameters
    ----------
    hs : array of float
        Step sizes.
    errors : mapping scheme -> array of float
        Absolute error of each scheme at each step (``gdkit.fd_error_curve``).
    h : float, optional
        Mark this step with a vertical line.
    ax : matplotlib Axes, optional
    title : str

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = axes_for(ax)
    hs = np.asarray(hs, dtype=float)
    tiny = np.finfo(float).eps * 1e-3  # exact results (error 0) still show on a log axis
    for i, (scheme, err) in enumerate(errors.items()):
        err = np.maximum(np.abs(plottable(err)), tiny)
        ax.loglog(hs, err, marker=".", color=f"C{i}", label=scheme)
    if h is not None:
        ax.axvline(h, color="0.3", ls=":", label=f"h = {h:.1e}")
    ax.set_xlabel("step h")
    ax.set_ylabel("absolute error")
    ax.set_title(title)
    ax.legend(loc="best")
    return fig


def plot_activations(
    names: Sequence[str] = ("sigmoid", "tanh", "relu"),
    *,
    zlim: tuple[float, float] = (-5.0, 5.0),
    fig: Any = None,
) -> Any:
    """Activation functions (left) and their derivatives (right).

    σ(z) = 1/(1 + e^−z) with σ' = σ(1 − σ); tanh' = 1 − tanh²; relu' = 1 for
    z > 0 and 0 for z < 0.  The derivatives are computed by ``gdkit.derivative``.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig = figure_for(fig, figsize=(9.0, 3.6))
    left, right = fig.subplots(1, 2)
    zs = np.linspace(zlim[0], zlim[1], 201)
    for i, name in enumerate(names):
        values, slopes = activation_curves(name, zs)
        left.plot(zs, values, color=f"C{i}", label=name)
        right.plot(zs, slopes, color=f"C{i}", label=f"{name}'")
    for ax, what in ((left, "activation a(z)"), (right, "derivative a'(z)")):
        ax.set_xlabel("z")
        ax.set_ylabel(what)
        ax.legend(loc="upper left")
    left.set_title("Activation functions")
    right.set_title("Their derivatives")
    return fig
