"""Four-way derivative explorer: pick a function and a point, compare every method.

Manual (a derivative you work out by hand), symbolic (SymPy), numerical
(finite differences) and automatic (forward- and reverse-mode, torch) are run
by ``gdkit.compare`` on the same f and x; the table under the figure shows
each value, its error against the most trustworthy method (an exact 0 is
printed as 0, not drawn as a tiny bar) and its cost.  The figure shows f
near x and the tangent whose slope every method is estimating.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..palettes import LINESTYLES, MARKERS, OKABE_ITO
from .base import Explorer, _num
from .tangent import lecture_polynomial


def _sigmoid(x: Any) -> Any:
    from gdkit.elementary import sigmoid

    return sigmoid(x)


def _sigmoid_manual(x: float) -> float:
    s = _sigmoid(x)
    return s * (1 - s)


def _power_tower(x: Any) -> Any:
    return x**x


def _power_tower_manual(x: float) -> float:
    from gdkit.elementary import log

    return x**x * (log(x) + 1)


def _tanh_exp(x: Any) -> Any:
    from gdkit.elementary import exp, tanh

    return tanh(exp(x))


def _tanh_exp_manual(x: float) -> float:
    from gdkit.elementary import exp, tanh

    return (1 - tanh(exp(x)) ** 2) * exp(x)


def _log_one_plus_square(x: Any) -> Any:
    from gdkit.elementary import log

    return log(1 + x**2)


def _log_one_plus_square_manual(x: float) -> float:
    return (1 / (1 + x**2)) * (2 * x)  # chain rule: (d ln u/du)(du/dx) with u = 1 + x²


#: name -> (f, hand-derived f').
FUNCTIONS: dict[str, tuple[Callable[[Any], Any], Callable[[float], float]]] = {
    "3x² − 4x + 5": (lecture_polynomial, lambda x: 6 * x - 4),
    "σ(x) = 1/(1 + e^−x)": (_sigmoid, _sigmoid_manual),
    "x^x": (_power_tower, _power_tower_manual),
    "tanh(e^x)": (_tanh_exp, _tanh_exp_manual),
    "ln(1 + x²)": (_log_one_plus_square, _log_one_plus_square_manual),
}


def compare_table(name: str, x: float, *, methods: tuple[str, ...] | None = None) -> Any:
    """``gdkit.compare`` (without timings) for the menu function ``name`` at ``x``."""
    from gdkit import _validate
    from gdkit.comparison import compare
    from gdkit.derivatives import METHODS

    if name not in FUNCTIONS:
        raise ValueError(f"name must be one of {list(FUNCTIONS)}, got {name!r}")
    f, manual = FUNCTIONS[name]
    x = _validate.real_scalar("x", x)
    return compare(f, x, manual=manual, methods=methods or METHODS, timing=False)


def compare_state(name: str, x: float, *, methods: tuple[str, ...] | None = None) -> dict[str, Any]:
    """``gdkit.compare`` for one menu function at ``x``, as plain data.

    Parameters
    ----------
    name : str
        A key of :data:`FUNCTIONS`.
    x : float
    methods : tuple of str, optional
        Subset of ``gdkit.METHODS``; default all.

    Returns
    -------
    dict
        ``function``, ``x``, ``reference`` (the method errors are measured
        against), ``rows`` (one per method: ``method``, ``value``,
        ``rel_error``, ``cost``, ``cost_unit``, ``flag``, ``message``),
        ``disagreements`` and the ``table`` as text.  No timings, so the state
        is deterministic.

    Examples
    --------
    >>> s = compare_state("3x² − 4x + 5", -2.0)
    >>> s["reference"], s["disagreements"]
    ('symbolic', [])
    """
    return _state(name, x, compare_table(name, x, methods=methods))


def _state(name: str, x: float, table: Any) -> dict[str, Any]:
    keys = ("method", "value", "rel_error", "cost", "cost_unit", "flag", "message")
    return {
        "function": name,
        "x": float(x),
        "reference": table.reference["method"],
        "rows": [{k: row[k] for k in keys} for row in table.to_dict()["rows"]],
        "disagreements": table.disagreements,
        "table": str(table),
    }


class DerivativeExplorer(Explorer):
    """A menu of functions and an x slider; the comparison table updates.

    Examples
    --------
    >>> ex = DerivativeExplorer(function="3x² − 4x + 5", x=-2.0)
    >>> ex.state["rows"][0]["value"]
    -16.0
    """

    title = "Four ways to a derivative"
    summary = ("function", "x", "reference", "disagreements")
    figsize = (7.0, 4.0)
    verdict_key = "reference"

    def _make_controls(self, widgets: Any) -> dict[str, Any]:
        return {
            "function": widgets.Dropdown(options=list(FUNCTIONS), value="3x² − 4x + 5",
                                         description="function f"),
            "x": widgets.FloatSlider(value=-2.0, min=-3.0, max=3.0, step=0.1, description="x"),
        }

    def _below(self, widgets: Any) -> list[Any]:
        self.table = widgets.HTML()
        return [self.table]

    def compute(self, function: str, x: float) -> dict[str, Any]:
        table = compare_table(function, x)
        self.table.value = table._repr_html_()
        return _state(function, x, table)

    def _slope(self, state: dict[str, Any]) -> Any:
        return next((r["value"] for r in state["rows"] if r["method"] == state["reference"]),
                    None)

    def _say(self, state: dict[str, Any]) -> str:
        slope = self._slope(state)
        value = _num(slope, 6) if isinstance(slope, (int, float)) else "unavailable"
        if state["disagreements"]:
            agree = f"disagreeing: {', '.join(state['disagreements'])}"
        else:
            agree = f"all {len(state['rows'])} methods agree"
        return (f"f(x) = {state['function']} at x = {_num(state['x'])}: f'(x) = {value} by "
                f"{state['reference']}; {agree}")

    def _describe(self, state: dict[str, Any]) -> str:
        slope = self._slope(state)
        if isinstance(slope, (int, float)) and np.isfinite(slope):
            tangent = f"and its dashed tangent there, of slope f'(x) = {_num(slope, 6)}"
        else:
            tangent = "and no tangent, as f'(x) is not finite there"
        if state["disagreements"]:
            notice = (f"the table below the figure flags the methods that disagree with "
                      f"{state['reference']}: {', '.join(state['disagreements'])}")
        else:
            notice = (f"every method in the table below agrees with {state['reference']} on "
                      f"this slope")
        return (f"Graph of f(x) = {state['function']} for x within 1.5 of x = "
                f"{_num(state['x'])}, with a point at x {tangent}; {notice}.")

    def _setup(self, figure: Any) -> None:
        self._ax_f = figure.add_subplot()
        figure.subplots_adjust(left=0.12, right=0.97, top=0.9, bottom=0.27)

    def _draw(self, state: dict[str, Any]) -> None:
        from ..plots._axes import plottable
        from ..plots.functions import evaluate_curve

        f, _ = FUNCTIONS[state["function"]]
        x = state["x"]
        ax = self._ax_f
        ax.clear()
        ts = np.linspace(x - 1.5, x + 1.5, 121)
        with np.errstate(all="ignore"):
            ys = plottable(evaluate_curve(f, ts))
            fx = plottable(evaluate_curve(f, np.array([x])))[0]
        ax.plot(ts, ys, color=OKABE_ITO[0], ls=LINESTYLES[0], label="f")
        slope = self._slope(state)
        if slope is not None and np.isfinite(fx) and np.isfinite(slope):
            near = np.linspace(x - 0.75, x + 0.75, 2)
            ax.plot(near, fx + slope * (near - x), color=OKABE_ITO[3], ls=LINESTYLES[1],
                    label=f"tangent, slope f'({x:.3g}) = {slope:.6g}")
        ax.plot([x], [fx], MARKERS[0], color=OKABE_ITO[3])
        ax.set_xlabel("x")
        ax.set_ylabel("f(x)")
        ax.set_title(f"f(x) = {state['function']}  (every method's value and error: table below)",
                     fontsize=10)
        ax.legend(loc="upper left", bbox_to_anchor=(0.0, -0.17), ncols=1, fontsize="small",
                  frameon=False)
