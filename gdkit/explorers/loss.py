"""Loss explorer: slide the weight of one sigmoid neuron, compare two losses and their slopes.

The neuron a = σ(wx + b) says "1" when a ≥ ½, i.e. when wx + b ≥ 0.  On labelled
points (xᵢ, yᵢ) the quadratic cost C(w) = 1/(2n) Σᵢ (yᵢ − aᵢ)² is smooth in w,
with slope dC/dw = 1/n Σᵢ (aᵢ − yᵢ) aᵢ(1 − aᵢ) xᵢ.  The 0-1 loss (the fraction
of wrong labels) changes only when the threshold crosses a point, at
w = −b/xᵢ: between those jumps it is flat, so its slope is 0 and says nothing
about which way to move w.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..elementary import sigmoid
from ..losses import quadratic_cost, zero_one_loss
from ..palettes import LINESTYLES, MARKERS, OKABE_ITO
from .base import Explorer, _num


def sigmoid_neuron_data(seed: int = 2, n: int = 20) -> tuple[np.ndarray, np.ndarray]:
    """Lecture 01's data for one sigmoid neuron: n sorted points in [0, 4], noisy labels.

    xᵢ ~ U(0, 4) (sorted) and yᵢ = [xᵢ + εᵢ > 2] with εᵢ ~ N(0, 0.5²), drawn in
    that order from ``numpy.random.default_rng(seed)``.

    Parameters
    ----------
    seed : int
    n : int
        Number of points, ≥ 1.

    Returns
    -------
    x, y : ndarray of shape (n,)
        Inputs and labels in {0, 1}.

    Raises
    ------
    ValueError
        If ``n < 1``.

    Examples
    --------
    >>> x, y = sigmoid_neuron_data()
    >>> x.shape, sorted(set(y.tolist()))
    ((20,), [0.0, 1.0])
    """
    if int(n) != n or n < 1:
        raise ValueError(f"n must be an integer ≥ 1, got {n!r}")
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(0, 4, int(n)))
    y = (x + rng.normal(0, 0.5, int(n)) > 2).astype(float)
    return x, y


def _data(x: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
    if x is None and y is None:
        return sigmoid_neuron_data()
    if x is None or y is None:
        raise TypeError("x and y must be given together (or both left out for lecture 01's data)")
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    if x.ndim != 1 or x.size == 0 or y.shape != x.shape:
        raise ValueError(
            f"x and y must be non-empty 1-D arrays of one length, got shapes {x.shape} and {y.shape}"
        )
    if not np.all((y == 0) | (y == 1)):
        raise ValueError(f"y must hold labels 0 and 1, got values {np.unique(y).tolist()}")
    return x, y


def loss_curves(
    ws: np.ndarray, b: float = -4.0, *, x: Any = None, y: Any = None
) -> tuple[np.ndarray, np.ndarray]:
    """The quadratic cost and the 0-1 loss at every weight in ``ws`` (bias ``b`` fixed)."""

    x, y = _data(x, y)
    a = np.asarray(sigmoid(np.multiply.outer(np.asarray(ws, dtype=float), x) + float(b)))
    return quadratic_cost(a, y), zero_one_loss(a, y)


def loss_state(
    w: float, b: float = -4.0, *, x: Any = None, y: Any = None, h: float = 1e-4
) -> dict[str, Any]:
    """Both losses of the neuron σ(wx + b) at one weight, and their slopes in w.

    Parameters
    ----------
    w : float
        The weight.
    b : float
        The bias (lecture 01 fixes b = −4).
    x, y : array_like of shape (n,), optional
        Inputs and labels in {0, 1}; default :func:`sigmoid_neuron_data`.
    h : float
        Step of the central difference that measures the 0-1 loss's slope, > 0.

    Returns
    -------
    dict
        ``w``, ``b``; ``quadratic`` = C(w) and ``quadratic_slope`` = dC/dw
        (chain rule, exact); ``zero_one`` (fraction wrong), ``wrong`` (how
        many) and ``zero_one_slope``, the central difference
        [L₀₁(w + h) − L₀₁(w − h)]/(2h): 0 on a flat step, a cliff of size
        ~1/(2nh) within h of a jump; ``jumps`` (the weights −b/xᵢ where the
        0-1 loss steps, sorted), ``nearest_jump``; ``direction`` (which way
        the quadratic cost says to move w) and ``verdict`` (what the 0-1
        loss's slope says).

    Raises
    ------
    TypeError, ValueError
        For a non-real ``w`` or ``b``, a non-positive ``h`` or malformed data.

    Examples
    --------
    >>> s = loss_state(0.5)
    >>> s["zero_one_slope"], s["quadratic_slope"] < 0
    (0.0, True)
    """
    from gdkit import _validate

    w, b = _validate.real_scalar("w", w), _validate.real_scalar("b", b)
    h = _validate.real_scalar("h", h)
    if not h > 0:
        raise ValueError(f"h must be > 0, got {h!r}")
    x, y = _data(x, y)
    a = np.asarray(sigmoid(w * x + b), dtype=float)
    cost = float(quadratic_cost(a, y))
    slope = float(np.mean((a - y) * a * (1 - a) * x))

    def zero_one(weight: float) -> float:
        return float(zero_one_loss(np.asarray(sigmoid(weight * x + b), dtype=float), y))

    error_rate = zero_one(w)
    slope_01 = (zero_one(w + h) - zero_one(w - h)) / (2 * h)
    moving = x != 0  # a point at x = 0 never crosses the threshold as w changes
    jumps = np.unique(-b / x[moving] + 0.0) if moving.any() else np.array([])  # + 0.0: no −0.0
    nearest = float(jumps[np.argmin(np.abs(jumps - w))]) if jumps.size else float("nan")
    if slope > 0:
        direction = "decrease w"
    elif slope < 0:
        direction = "increase w"
    else:
        direction = "stay: the slope is zero"
    if slope_01 == 0:
        verdict = "0-1 loss flat: its slope gives no direction"
    else:
        verdict = "0-1 loss jumps here: no derivative"
    return {
        "w": w,
        "b": b,
        "quadratic": cost,
        "quadratic_slope": slope,
        "zero_one": error_rate,
        "wrong": int(round(error_rate * x.size)),
        "zero_one_slope": float(slope_01),
        "jumps": jumps,
        "nearest_jump": nearest,
        "direction": direction,
        "verdict": verdict,
    }


class LossExplorer(Explorer):
    """Weight and bias sliders for σ(wx + b): the quadratic cost and the 0-1 loss against w.

    The figure draws both losses over the weight range (dotted lines at the 0-1
    loss's jumps), a marker on each at the current w, and the tangent of the
    quadratic cost there; the title reads off both values and slopes.

    Parameters
    ----------
    x, y : array_like of shape (n,), optional
        Inputs and labels; default :func:`sigmoid_neuron_data` (lecture 01's points).
    wlim : (float, float)
        The weight slider's range and the plotted window.
    **values
        Initial ``w`` (default 0.5) and ``b`` (default −4).

    Examples
    --------
    >>> LossExplorer(w=0.5).state["zero_one_slope"]
    0.0
    """

    title = "Quadratic cost vs 0-1 loss"
    summary = ("w", "b", "quadratic", "quadratic_slope", "zero_one", "zero_one_slope")
    figsize = (7.2, 4.0)
    verdict_key = "verdict"

    def __init__(
        self,
        *,
        x: Any = None,
        y: Any = None,
        wlim: tuple[float, float] = (0.0, 8.0),
        **values: Any,
    ) -> None:
        self.x, self.y = _data(x, y)
        self.wlim = (float(wlim[0]), float(wlim[1]))
        if not self.wlim[0] < self.wlim[1]:
            raise ValueError(f"wlim must be (low, high) with low < high, got {wlim!r}")
        self._ws = np.linspace(*self.wlim, 801)
        self._curves: dict[float, tuple[np.ndarray, np.ndarray]] = {}
        values.setdefault("w", min(max(0.5, self.wlim[0]), self.wlim[1]))
        super().__init__(**values)

    def _make_controls(self, widgets: Any) -> dict[str, Any]:
        return {
            "w": widgets.FloatSlider(value=0.5, min=self.wlim[0], max=self.wlim[1], step=0.05,
                                     description="weight w"),
            "b": widgets.FloatSlider(value=-4.0, min=-6.0, max=0.0, step=0.1,
                                     description="bias b"),
        }

    def compute(self, w: float, b: float) -> dict[str, Any]:
        return loss_state(w, b, x=self.x, y=self.y)

    def _say(self, state: dict[str, Any]) -> str:
        return (f"w = {_num(state['w'])}, b = {_num(state['b'])}: quadratic cost "
                f"{_num(state['quadratic'])}, slope {_num(state['quadratic_slope'])} "
                f"({state['direction']}); 0-1 loss {_num(state['zero_one'])} "
                f"({state['wrong']} of {self.x.size} wrong), slope "
                f"{_num(state['zero_one_slope'])} ({state['verdict']})")

    def _describe(self, state: dict[str, Any]) -> str:
        if state["zero_one_slope"] == 0:
            notice = ("the 0-1 loss is flat here, so only the quadratic cost's slope says "
                      f"which way to move w ({state['direction']})")
        else:
            notice = ("w sits on a jump of the 0-1 loss, where it has no derivative; the "
                      f"quadratic cost's slope still says {state['direction']}")
        return (f"Two losses of the neuron against the weight w from {_num(self.wlim[0])} to "
                f"{_num(self.wlim[1])}, bias b = {_num(state['b'])}: the smooth quadratic "
                f"cost (solid) and the staircase 0-1 loss (dashed), with dotted lines at its "
                f"jumps. At w = {_num(state['w'])} the cost is {_num(state['quadratic'])} "
                f"with slope {_num(state['quadratic_slope'])} (the dash-dotted tangent) and the 0-1 "
                f"loss is {_num(state['zero_one'])} ({state['wrong']} wrong): {notice}.")

    def _setup(self, figure: Any) -> None:
        ax = self._ax = figure.add_subplot()
        figure.subplots_adjust(left=0.11, right=0.97, top=0.85, bottom=0.13)
        self._cost_line = ax.plot([], [], color=OKABE_ITO[0], ls=LINESTYLES[0],
                                  label="quadratic cost $C(w)$")[0]
        self._error_line = ax.plot([], [], color=OKABE_ITO[1], ls=LINESTYLES[1],
                                   label="0-1 loss (fraction wrong)")[0]
        self._jump_lines: list[Any] = []
        self._jumps_for: float | None = None
        self._tangent = self._animate(ax.plot([], [], color=OKABE_ITO[3], ls=LINESTYLES[2],
                                              lw=1.8, label="slope of $C$ at $w$")[0])
        self._cost_point = self._animate(ax.plot([], [], MARKERS[0], color=OKABE_ITO[0])[0])
        self._error_point = self._animate(ax.plot([], [], MARKERS[1], color=OKABE_ITO[1])[0])
        self._animate(ax.title)
        ax.set_xlim(self.wlim)
        ax.set_xlabel("weight $w$")
        ax.set_ylabel("loss")
        ax.legend(loc="upper right", fontsize=9, framealpha=0.95)

    def _background_key(self, state: dict[str, Any]) -> Any:
        return state["b"]  # the curves and the jumps depend on the bias

    def _draw(self, state: dict[str, Any]) -> None:
        b, w = state["b"], state["w"]
        if b not in self._curves:
            self._curves[b] = loss_curves(self._ws, b, x=self.x, y=self.y)
        costs, errors = self._curves[b]
        self._cost_line.set_data(self._ws, costs)
        self._error_line.set_data(self._ws, errors)
        if self._jumps_for != b:
            for line in self._jump_lines:
                line.remove()
            self._jump_lines = [self._ax.axvline(j, color="0.6", ls=(0, (1, 3)), lw=0.8)
                                for j in state["jumps"] if self.wlim[0] <= j <= self.wlim[1]]
            self._jumps_for = b
            top = float(np.nanmax(np.concatenate([costs, errors])))
            self._ax.set_ylim(-0.02, 1.15 * top + 0.02)
        span = 0.1 * (self.wlim[1] - self.wlim[0])
        ts = np.array([w - span, w + span])
        self._tangent.set_data(ts, state["quadratic"] + state["quadratic_slope"] * (ts - w))
        self._cost_point.set_data([w], [state["quadratic"]])
        self._error_point.set_data([w], [state["zero_one"]])
        self._ax.set_title(
            f"w = {w:.2f}, b = {b:.1f}: C = {state['quadratic']:.4f}, dC/dw = "
            f"{state['quadratic_slope']:.4f} ({state['direction']})\n"
            f"0-1 loss = {state['zero_one']:.2f} ({state['wrong']} wrong), slope "
            f"{state['zero_one_slope']:.4g} ({state['verdict']})",
            fontsize=10,
        )
