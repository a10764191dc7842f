"""Finite-difference step explorer: the error of forward, central and complex-step
differences as the step h shrinks.

The forward difference (f(x+h) − f(x))/h has truncation error ≈ |f''|h/2, the
central difference ≈ |f'''|h²/6; both also carry round-off error ≈ ε|f|/h
from subtracting nearly equal numbers, so the total error traces a V on a
log-log plot.  The complex step Im f(x+ih)/h subtracts nothing and keeps
shrinking with h.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from .base import Explorer
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
    figsize = (6.4, 4.2)
    verdict_key = "best_scheme"
    _floor = 1e-18

    def __init__(self, **values: Any) -> None:
        self.functions = fd_functions()
        super().__init__(**values)

    def _make_controls(self, widgets: Any) -> dict[str, Any]:
        return {
            "function": widgets.Dropdown(options=list(self.functions), value="sin(x)",
                                         description="f"),
            "x": widgets.FloatSlider(value=1.0, min=-3.0, max=3.0, step=0.1, description="x"),
            "h": widgets.FloatLogSlider(value=1e-5, base=10, min=-16, max=0, step=0.25,
                                        description="h", readout_format=".1e"),
        }

    def compute(self, function: str, x: float, h: float) -> dict[str, Any]:
        f, dfdx = self.functions[function]
        return {"function": function} | fd_state(f, dfdx, x, h)

    def _setup(self, figure: Any) -> None:
        ax = self._ax = figure.add_subplot()
        figure.subplots_adjust(left=0.14, right=0.97, top=0.86, bottom=0.13)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlim(1e-16, 1.0)
        ax.set_ylim(self._floor / 2, 1e3)
        ax.set_xlabel("step h")
        ax.set_ylabel("absolute error |estimate − f'(x)|")
        self._curves, self._marks = {}, {}
        for i, scheme in enumerate(SCHEMES):
            self._curves[scheme] = self._animate(
                ax.plot([], [], ".-", color=f"C{i}", ms=3, lw=1, label=scheme)[0])
            self._marks[scheme] = self._animate(ax.plot([], [], "o", color=f"C{i}", ms=8)[0])
        self._h_line = self._animate(ax.axvline(1e-5, color="0.3", ls=":"))
        ax.legend(loc="lower left", fontsize="small")
        self._animate(ax.title)

    def _draw(self, state: dict[str, Any]) -> None:
        hs = np.asarray(state["curve_h"])
        for scheme in SCHEMES:
            errors = np.maximum(np.asarray(state["curves"][scheme]), self._floor)
            self._curves[scheme].set_data(hs, errors)
            self._marks[scheme].set_data([state["h"]],
                                         [max(state["errors"][scheme], self._floor)])
        self._h_line.set_xdata([state["h"], state["h"]])
        errors = ", ".join(f"{s}: {e:.1e}" for s, e in state["errors"].items())
        self._ax.set_title(f"f = {state['function']} at x = {state['x']:.3g}, "
                           f"h = {state['h']:.1e}\n{errors}", fontsize=9)
