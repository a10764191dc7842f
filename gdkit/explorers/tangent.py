"""Tangent explorer: slide x along f and read the slope f'(x) off the tangent line.

The tangent at x is t ↦ f(x) + f'(x)(t − x).  Its slope says how sensitive f
is to x, and its sign which way to move: a small step Δx = −η f'(x) lowers f.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from ..curves import lecture_polynomial, tangent_state
from ..palettes import LINESTYLES, MARKERS, OKABE_ITO
from .base import Explorer, _num


class TangentExplorer(Explorer):
    """An x slider drawing the tangent of f at x, its slope and the downhill direction.

    Parameters
    ----------
    f : callable, optional
        Default: f(x) = 3x² − 4x + 5.
    xlim : (float, float)
        The slider's range and the plotted window.
    method : str
        How ``gdkit.derivative`` computes the slope.
    **values
        Initial ``x`` (default −2).

    Examples
    --------
    >>> TangentExplorer(x=-2.0)
    TangentExplorer(x=-2.0, slope=-16.0, direction='increase x')
    """

    title = "Tangent"
    summary = ("x", "slope", "direction")
    figsize = (6.4, 4.0)
    verdict_key = "direction"

    def __init__(
        self,
        f: Callable[[Any], Any] = lecture_polynomial,
        *,
        xlim: tuple[float, float] = (-4.0, 4.0),
        method: str = "forward",
        **values: Any,
    ) -> None:
        from ..plots.functions import evaluate_curve

        self.f, self.xlim, self.method = f, (float(xlim[0]), float(xlim[1])), method
        self._ts = np.linspace(*self.xlim, 401)
        self._ys = evaluate_curve(f, self._ts)
        values.setdefault("x", min(max(-2.0, self.xlim[0]), self.xlim[1]))
        super().__init__(**values)

    def _make_controls(self, widgets: Any) -> dict[str, Any]:
        return {"x": widgets.FloatSlider(value=-2.0, min=self.xlim[0], max=self.xlim[1],
                                         step=0.05, description="x")}

    def compute(self, x: float) -> dict[str, Any]:
        return tangent_state(self.f, x, method=self.method)

    def _say(self, state: dict[str, Any]) -> str:
        return (f"x = {_num(state['x'])}: f(x) = {_num(state['f_x'])}, slope f'(x) = "
                f"{_num(state['slope'])}, so to lower f: {state['direction']}")

    def _describe(self, state: dict[str, Any]) -> str:
        slope = state["slope"]
        if not math.isfinite(slope):
            notice = "f or its slope is not finite here, so there is no tangent"
        elif slope == 0:
            notice = "the tangent is flat: x is a stationary point and no step lowers f"
        else:
            notice = (f"the tangent {'rises' if slope > 0 else 'falls'} to the right, so the "
                      f"arrow at the bottom points {'left' if slope > 0 else 'right'}, against "
                      f"the sign of the slope: to lower f, {state['direction']}")
        return (f"Graph of f(x) for x from {_num(self.xlim[0])} to {_num(self.xlim[1])} with "
                f"its dashed tangent line at x = {_num(state['x'])}, where f(x) = "
                f"{_num(state['f_x'])} and the slope f'(x) = {_num(slope)}: {notice}.")

    def _setup(self, figure: Any) -> None:
        from ..plots._axes import plottable

        ax = self._ax = figure.add_subplot()
        figure.subplots_adjust(left=0.12, right=0.96, top=0.88, bottom=0.13)
        ys = plottable(self._ys)
        ax.plot(self._ts, ys, color=OKABE_ITO[0], ls=LINESTYLES[0], label="f(x)")
        self._tangent = self._animate(ax.plot([], [], color=OKABE_ITO[3], ls=LINESTYLES[1],
                                              label="tangent")[0])
        self._point = self._animate(ax.plot([], [], MARKERS[0], color=OKABE_ITO[3])[0])
        self._arrow = self._animate(ax.annotate(
            "", xy=(0, 0), xytext=(0, 0),
            arrowprops={"arrowstyle": "->", "color": OKABE_ITO[2], "lw": 2}))
        self._animate(ax.title)
        finite = ys[np.isfinite(ys)]
        low, high = (finite.min(), finite.max()) if finite.size else (-1.0, 1.0)
        pad = 0.1 * (high - low) + 0.5
        self._ylim = (low - pad, high + pad)
        ax.set_xlim(self.xlim)
        ax.set_ylim(self._ylim)
        ax.set_xlabel("x")
        ax.set_ylabel("f(x)")
        ax.legend(loc="upper center")

    def _draw(self, state: dict[str, Any]) -> None:
        from ..plots._axes import plottable

        x, slope = state["x"], state["slope"]
        self._tangent.set_data(self._ts, plottable(state["f_x"] + slope * (self._ts - x)))
        self._point.set_data([x], [state["f_x"]])
        step = 0.08 * (self.xlim[1] - self.xlim[0])
        base = self._ylim[0] + 0.06 * (self._ylim[1] - self._ylim[0])
        sign = state["step_sign"] if math.isfinite(state["step_sign"]) else 0.0
        self._arrow.xy = (x + sign * step, base)
        self._arrow.set_position((x, base))
        self._ax.set_title(f"x = {x:.3g}: f(x) = {state['f_x']:.4g}, slope f'(x) = {slope:.4g}"
                           f"\nto lower f: {state['direction']}")
