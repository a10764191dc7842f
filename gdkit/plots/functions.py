"""Plots of one-variable functions: tangents, activations, finite-difference errors."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from ..curves import activation_curves, tangent_state
from ..palettes import OKABE_ITO, style
from ._alt import apply, fmt, listing
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
    alt: str | None = None,
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
    alt : str, optional
        Text alternative of the plot (``gdkit.plots.alt_text``); by default one
        written from the data: the slope, f(x) and the way to step.

    Returns
    -------
    matplotlib.figure.Figure
    """
    state = tangent_state(f, x, method=method)
    fig, ax = axes_for(ax)
    low, high = min(xlim[0], x - 1.0), max(xlim[1], x + 1.0)
    ts = np.linspace(low, high, 401)
    ys = plottable(evaluate_curve(f, ts))
    ax.plot(ts, ys, color=OKABE_ITO[0], ls="-", label="f(x)")
    ax.plot(ts, plottable(state["f_x"] + state["slope"] * (ts - x)), color=OKABE_ITO[3], ls="--",
            label=f"tangent, slope {state['slope']:.4g}")
    ax.plot([x], [state["f_x"]], "o", color=OKABE_ITO[3])
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
    apply(ax, _tangent_alt(state, ts, ys), alt)
    return fig


def _tangent_alt(state: dict[str, Any], ts: np.ndarray, ys: np.ndarray) -> str:
    x, slope = state["x"], state["slope"]
    text = (f"Graph of f(x) against x from {fmt(ts[0])} to {fmt(ts[-1])}, with its tangent line "
            f"(dashed) touching at x = {fmt(x)}, where f(x) = {fmt(state['f_x'])} and the slope "
            f"is {fmt(slope)}.")
    if state["step_sign"] > 0:
        text += " The slope is negative, so f decreases as x increases: to lower f, increase x."
    elif state["step_sign"] < 0:
        text += " The slope is positive, so f increases with x: to lower f, decrease x."
    elif state["step_sign"] == 0:
        text += " The slope is zero: x is a stationary point."
    else:
        text += " The slope is not finite here."
    finite = np.isfinite(ys)
    if finite.any():
        k = int(np.nanargmin(np.where(finite, ys, np.nan)))
        if 0 < k < len(ys) - 1:
            text += (f" In this window f is lowest, {fmt(ys[k])}, near x = {fmt(ts[k])}.")
    return text


def plot_fd_errors(
    hs: Sequence[float] | np.ndarray,
    errors: Mapping[str, Sequence[float] | np.ndarray],
    *,
    h: float | None = None,
    ax: Any = None,
    title: str = "Finite-difference error against step size",
    alt: str | None = None,
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
    alt : str, optional
        Text alternative; by default each scheme's smallest error and where it occurs.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = axes_for(ax)
    hs = np.asarray(hs, dtype=float)
    tiny = np.finfo(float).eps * 1e-3  # exact results (error 0) still show on a log axis
    notes = []
    for i, (scheme, err) in enumerate(errors.items()):
        err = np.maximum(np.abs(plottable(err)), tiny)
        s = style(i)
        ax.loglog(hs, err, marker=s["marker"], ms=4, color=s["color"], ls=s["linestyle"],
                  label=scheme)
        notes.append(_fd_note(scheme, hs, np.abs(plottable(errors[scheme]))))
    if h is not None:
        ax.axvline(h, color="0.3", ls=":", label=f"h = {h:.1e}")
    ax.set_xlabel("step h")
    ax.set_ylabel("absolute error")
    ax.set_title(title)
    ax.legend(loc="best")
    text = (f"Log-log plot of the absolute error against the step h, from {fmt(hs.min())} to "
            f"{fmt(hs.max())}, for {len(notes)} scheme{'s' if len(notes) != 1 else ''}: "
            f"{listing(list(errors))}. " + " ".join(notes))
    if h is not None:
        text += f" A dotted vertical line marks h = {fmt(h)}."
    apply(ax, text, alt)
    return fig


def _fd_note(scheme: str, hs: np.ndarray, err: np.ndarray) -> str:
    finite = np.isfinite(err)
    if not finite.any():
        return f"{scheme}: no finite errors."
    k = int(np.nanargmin(np.where(finite, err, np.nan)))
    smallest = "exactly 0" if err[k] == 0 else fmt(err[k])
    text = f"{scheme}: smallest error {smallest} at h = {fmt(hs[k])}"
    order = np.argsort(hs)
    if 0 < int(np.flatnonzero(order == k)[0]) < len(hs) - 1:
        text += ("; the error grows on both sides, from truncation for larger h and from "
                 "round-off for smaller h")
    return text + "."


def plot_activations(
    names: Sequence[str] = ("sigmoid", "tanh", "relu"),
    *,
    zlim: tuple[float, float] = (-5.0, 5.0),
    fig: Any = None,
    alt: str | None = None,
) -> Any:
    """Activation functions (left) and their derivatives (right).

    σ(z) = 1/(1 + e^−z) with σ' = σ(1 − σ); tanh' = 1 − tanh²; relu' = 1 for
    z > 0 and 0 for z < 0.  The derivatives are computed by ``gdkit.derivative``.
    ``alt`` replaces the default text alternative (each function's range and
    largest slope, and where the slope vanishes).

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig = figure_for(fig, figsize=(9.0, 3.6))
    left, right = fig.subplots(1, 2)
    zs = np.linspace(zlim[0], zlim[1], 201)
    notes = []
    for i, name in enumerate(names):
        values, slopes = activation_curves(name, zs)
        s = style(i)
        left.plot(zs, values, color=s["color"], ls=s["linestyle"], label=name)
        right.plot(zs, slopes, color=s["color"], ls=s["linestyle"], label=f"{name}'")
        notes.append(_activation_note(name, zs, values, slopes))
    for ax, what in ((left, "activation a(z)"), (right, "derivative a'(z)")):
        ax.set_xlabel("z")
        ax.set_ylabel(what)
        ax.legend(loc="upper left")
    left.set_title("Activation functions")
    right.set_title("Their derivatives")
    apply(fig, f"Two panels over z from {fmt(zs[0])} to {fmt(zs[-1])}: activation functions "
               f"a(z) on the left and their derivatives a'(z) on the right, for "
               f"{listing(list(names))}. " + " ".join(notes), alt)
    return fig


def _activation_note(name: str, zs: np.ndarray, values: np.ndarray, slopes: np.ndarray) -> str:
    k = int(np.argmax(slopes))
    text = (f"{name} goes from {fmt(values[0])} to {fmt(values[-1])}; its slope is largest, "
            f"{fmt(slopes[k])}, at z = {fmt(zs[k])}")
    flat = np.abs(slopes) < 0.01
    if flat.any():
        where = []
        if flat[0]:
            where.append(f"below z = {fmt(zs[np.argmin(flat)])}" if not flat.all() else "everywhere")
        if flat[-1] and not flat.all():
            where.append(f"above z = {fmt(zs[len(flat) - np.argmin(flat[::-1]) - 1])}")
        if where:
            text += f" and nearly 0 (under 0.01) {' and '.join(where)}"
    return text + "."
