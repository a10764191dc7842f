"""Finite-difference step explorer: the error of forward, central and complex-step
differences as the step h shrinks.

The forward difference (f(x+h) − f(x))/h has truncation error ≈ |f''|h/2, the
central difference ≈ |f'''|h²/6; both also carry round-off error ≈ ε|f|/h
from subtracting nearly equal numbers, so the total error traces a V on a
log-log plot.  The complex step Im f(x+ih)/h subtracts nothing and keeps
shrinking with h.

A log axis has no place for an error of exactly 0: such points are left out
of the curves, marked by hollow triangles on the bottom edge of the plot
("exactly 0"), and printed as 0 in the table under the figure.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ..palettes import LINESTYLES, MARKERS, OKABE_ITO
from .base import Explorer, _num
from .tangent import lecture_polynomial

SCHEMES = ("forward", "central", "complex-step")


def _polynomial_derivative(x: float) -> float:
    return 6 * x - 4


def fd_functions() -> dict[str, tuple[Callable[[Any], Any], Callable[[float], float]]]:
    """The menu of the explorer: name -> (f, exact f')."""
    from gdkit import elementary

    # sin first: the default.  A quadratic has no round-off arm at small x (its forward
    # differences are often exact there), so its error curve shows no V.
    return {
        "sin(x)": (elementary.sin, elementary.cos),
        "3x² − 4x + 5": (lecture_polynomial, _polynomial_derivative),
        "exp(x)": (elementary.exp, elementary.exp),
    }


def fd_state(
    f: Callable[[Any], Any],
    dfdx: Callable[[float], float],
    x: float,
    h: float,
    schemes: Sequence[str] = SCHEMES,
) -> dict[str, Any]:
    """Estimates and absolute errors of each scheme at step ``h``, and the best steps.

    Parameters
    ----------
    f : callable
        f: R → R (complex-capable for the complex step).
    dfdx : callable
        The exact derivative f'.
    x : float
    h : float
        The step, h > 0.
    schemes : sequence of str
        Schemes of ``gdkit.finite_difference``.

    Returns
    -------
    dict
        ``x``, ``h``, ``exact`` = f'(x); ``estimates`` and ``errors`` by scheme;
        ``best_h`` by scheme (the bottom of each V over ``logspace(-16, 0, 65)``)
        and ``best_scheme`` (smallest error at this h).

    Examples
    --------
    >>> s = fd_state(lecture_polynomial, _polynomial_derivative, -2.0, 1e-3)
    >>> round(s["errors"]["forward"], 6)
    0.003
    """
    from gdkit import _validate
    from gdkit.numerical import fd_error_curve, finite_difference

    if not callable(f):
        raise TypeError(f"f={f!r} is not callable; expected a function of one real variable")
    x, h = _validate.real_scalar("x", x), _validate.real_scalar("h", h)
    if not (h > 0 and math.isfinite(h)):
        raise ValueError(f"h must be positive and finite, got {h!r}")
    exact = float(dfdx(x))
    estimates = {s: float(finite_difference(f, x, h, scheme=s)) for s in schemes}
    errors = {s: abs(v - exact) for s, v in estimates.items()}
    curve = fd_error_curve(f, dfdx, x, schemes=schemes)
    return {
        "x": x,
        "h": h,
        "exact": exact,
        "estimates": estimates,
        "errors": errors,
        "best_h": {s: curve.best_step(s) for s in schemes},
        "best_scheme": min(errors, key=errors.get),
        "curve_h": curve.h.tolist(),
        "curves": {s: curve[s].tolist() for s in schemes},
    }


class FiniteDifferenceExplorer(Explorer):
    """Slide the step h and watch each scheme's error move along its V.

    Examples
    --------
    >>> ex = FiniteDifferenceExplorer(function="sin(x)", x=1.0, h=1e-8)
    >>> ex.state["errors"]["complex-step"] < ex.state["errors"]["forward"]
    True
    """

    title = "Finite-difference step"
    summary = ("function", "x", "h", "best_scheme")
    figsize = (8.2, 4.2)
    verdict_key = "best_scheme"
    _bottom = 1e-17

    def __init__(self, **values: Any) -> None:
        self.functions = fd_functions()
        super().__init__(**values)

    def _make_controls(self, widgets: Any) -> dict[str, Any]:
        return {
            "function": widgets.Dropdown(options=list(self.functions), value="sin(x)",
                                         description="function f"),
            "x": widgets.FloatSlider(value=1.0, min=-3.0, max=3.0, step=0.1, description="x"),
            "h": widgets.FloatLogSlider(value=1e-5, base=10, min=-16, max=0, step=0.25,
                                        description="step h", readout_format=".1e"),
        }

    def _below(self, widgets: Any) -> list[Any]:
        self.table = widgets.HTML()
        return [self.table]

    def compute(self, function: str, x: float, h: float) -> dict[str, Any]:
        f, dfdx = self.functions[function]
        state = {"function": function} | fd_state(f, dfdx, x, h)
        self.table.value = error_table_html(state)
        return state

    def _say(self, state: dict[str, Any]) -> str:
        errors = ", ".join(f"{s} {_error_text(e)}" for s, e in state["errors"].items())
        return (f"f = {state['function']}, x = {_num(state['x'])}, h = {state['h']:.1e}: "
                f"errors {errors}; most accurate at this h: {state['best_scheme']}")

    def _describe(self, state: dict[str, Any]) -> str:
        errors = ", ".join(f"{s} {_error_text(e)}" for s, e in state["errors"].items())
        best = ", ".join(f"{h:.0e} for {s}" for s, h in state["best_h"].items()
                         if s != "complex-step")
        return (f"Log-log plot of the absolute error of the forward, central and complex-step "
                f"differences of f = {state['function']} at x = {_num(state['x'])} against the "
                f"step h from 1e-16 to 1, a dotted vertical line at h = {state['h']:.1e}. The "
                f"forward and central errors trace a V: truncation error falls as h shrinks "
                f"until round-off error takes over (smallest near h = {best}); the complex step "
                f"keeps falling. At this h the errors are {errors}, so "
                f"{state['best_scheme']} is the most accurate.")

    def _setup(self, figure: Any) -> None:
        ax = self._ax = figure.add_subplot()
        figure.subplots_adjust(left=0.11, right=0.74, top=0.9, bottom=0.13)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlim(1e-16, 1.0)
        ax.set_ylim(self._bottom, 1e3)
        ax.set_xlabel("step h")
        ax.set_ylabel("absolute error |estimate − f'(x)|")
        self._curves, self._marks, self._zeros = {}, {}, {}
        for i, scheme in enumerate(SCHEMES):
            colour, style, marker = OKABE_ITO[i], LINESTYLES[i], MARKERS[i]
            self._curves[scheme] = self._animate(
                ax.plot([], [], color=colour, ls=style, marker=marker, ms=3, lw=1.2,
                        markevery=4, label=scheme)[0])
            self._marks[scheme] = self._animate(ax.plot([], [], marker, color=colour, ms=8,
                                                        mec="black", mew=0.6)[0])
            self._zeros[scheme] = self._animate(
                ax.plot([], [], "v", color=colour, mfc="none", ms=5, clip_on=False)[0])
        ax.plot([], [], "v", color="0.3", mfc="none", ms=5, label="error exactly 0")
        self._h_line = self._animate(ax.axvline(1e-5, color="0.3", ls=":"))
        ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize="small")
        self._animate(ax.title)

    def _draw(self, state: dict[str, Any]) -> None:
        hs = np.asarray(state["curve_h"])
        for scheme in SCHEMES:
            errors = np.asarray(state["curves"][scheme], dtype=float)
            exact = errors == 0
            self._curves[scheme].set_data(hs, np.where(exact, np.nan, errors))
            self._zeros[scheme].set_data(hs[exact], np.full(int(exact.sum()), self._bottom))
            error = state["errors"][scheme]
            self._marks[scheme].set_data([state["h"]], [error if error > 0 else np.nan])
        self._h_line.set_xdata([state["h"], state["h"]])
        self._ax.set_title(f"f = {state['function']} at x = {state['x']:.3g}, "
                           f"h = {state['h']:.1e} (errors at this h: table below)", fontsize=9)


def error_table_html(state: dict[str, Any]) -> str:
    """The estimate and error of each scheme at the current step, as an HTML table."""
    rows = "".join(
        f"<tr><td>{scheme}</td><td>{state['estimates'][scheme]:.15g}</td>"
        f"<td>{_error_text(state['errors'][scheme])}</td>"
        f"<td>{state['best_h'][scheme]:.1e}</td></tr>"
        for scheme in state["errors"])
    return ("<table><tr><th>scheme</th><th>estimate</th><th>|error|</th>"
            "<th>best h</th></tr>" + rows + "</table>"
            f"<p>exact f'({state['x']:.3g}) = {state['exact']:.15g}; h = {state['h']:.1e}</p>")


def _error_text(error: float) -> str:
    return "0 (exact)" if error == 0 else f"{error:.1e}"
