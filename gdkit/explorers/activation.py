"""Activation explorer: an activation function, its derivative, and a point on both.

σ(z) = 1/(1 + e^−z) with σ'(z) = σ(z)(1 − σ(z)) ≤ 1/4; tanh'(z) = 1 − tanh²(z);
relu(z) = max(0, z) with relu'(z) = 1 for z > 0 and 0 otherwise.  Where the
derivative is near zero (saturation) a unit barely learns.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..curves import ACTIVATIONS, activation_curves, activation_state
from ..palettes import LINESTYLES, MARKERS, OKABE_ITO
from .base import Explorer, _num


class ActivationExplorer(Explorer):
    """Pick an activation and a point z: see a(z), a'(z) and where a unit saturates.

    Examples
    --------
    >>> ActivationExplorer(name="tanh", z=0.0).state["slope"]
    1.0
    """

    title = "Activation functions"
    summary = ("name", "z", "value", "slope")
    figsize = (8.0, 3.4)
    verdict_key = "name"

    def __init__(self, *, zlim: tuple[float, float] = (-6.0, 6.0), **values: Any) -> None:
        self.zlim = (float(zlim[0]), float(zlim[1]))
        self._zs = np.linspace(*self.zlim, 241)
        self._curves: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        super().__init__(**values)

    def _make_controls(self, widgets: Any) -> dict[str, Any]:
        return {
            "name": widgets.Dropdown(options=list(ACTIVATIONS), value="sigmoid",
                                     description="activation"),
            "z": widgets.FloatSlider(value=0.0, min=self.zlim[0], max=self.zlim[1], step=0.1,
                                     description="z"),
        }

    def compute(self, name: str, z: float) -> dict[str, Any]:
        return activation_state(name, z)

    def _say(self, state: dict[str, Any]) -> str:
        flag = "saturated: the unit barely learns" if state["saturated"] else "not saturated"
        return (f"{state['name']} at z = {_num(state['z'])}: value {_num(state['value'])}, "
                f"slope {_num(state['slope'])} ({flag})")

    def _describe(self, state: dict[str, Any]) -> str:
        name, z = state["name"], _num(state["z"])
        if state["saturated"]:
            notice = ("the slope is close to 0, so the unit is saturated here and a gradient "
                      "through it nearly vanishes")
        else:
            notice = "the slope is well away from 0, so gradients pass through this unit"
        return (f"Two plots for z from {_num(self.zlim[0])} to {_num(self.zlim[1])}: left the "
                f"{name} activation a(z), right its derivative a'(z), each with a point at "
                f"z = {z}, where a(z) = {_num(state['value'])} and a'(z) = "
                f"{_num(state['slope'])}: {notice}.")

    def _setup(self, figure: Any) -> None:
        self._ax_f, self._ax_d = figure.subplots(1, 2)
        figure.subplots_adjust(left=0.08, right=0.98, top=0.86, bottom=0.15, wspace=0.25)
        self._lines = {}
        for ax, what in ((self._ax_f, "a(z)"), (self._ax_d, "a'(z)")):
            curve = self._animate(ax.plot([], [], color=OKABE_ITO[0], ls=LINESTYLES[0])[0])
            point = self._animate(ax.plot([], [], MARKERS[0], color=OKABE_ITO[3])[0])
            self._animate(ax.title)
            self._lines[what] = (curve, point)
            ax.set_xlim(self.zlim)
            ax.set_xlabel("z")
            ax.set_ylabel(what)

    def _background_key(self, state: dict[str, Any]) -> Any:
        return state["name"]  # the axis limits depend on the activation

    def _draw(self, state: dict[str, Any]) -> None:
        name = state["name"]
        if name not in self._curves:
            self._curves[name] = activation_curves(name, self._zs)
        values, slopes = self._curves[name]
        for (curve, point), ys, y in (
            (self._lines["a(z)"], values, state["value"]),
            (self._lines["a'(z)"], slopes, state["slope"]),
        ):
            curve.set_data(self._zs, ys)
            point.set_data([state["z"]], [y])
        self._ax_f.set_ylim(values.min() - 0.15, values.max() + 0.15)
        self._ax_d.set_ylim(min(slopes.min(), 0.0) - 0.1, slopes.max() + 0.1)
        self._ax_f.set_title(f"{name}({state['z']:.2f}) = {state['value']:.4f}")
        flag = " (saturated)" if state["saturated"] else ""
        self._ax_d.set_title(f"{name}'({state['z']:.2f}) = {state['slope']:.4f}{flag}")
