"""Learning-rate explorer: gradient descent on the lecture's regression loss.

The loss L(β) = ‖y − Xβ‖² is quadratic with constant Hessian H = 2XᵀX, so
gradient descent with a fixed η multiplies the error along H's top
eigenvector by (1 − ηλmax) every step: it shrinks without sign changes for
η < 1/λmax, shrinks while flipping sign (oscillates) for 1/λmax < η < 2/λmax,
and grows (diverges) for η > 2/λmax.  ``lr_state`` runs GD and reports which
happened, next to the threshold 2/λmax computed from H.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..datasets import regression_data
from ..least_squares import (
    design_matrix,
    least_squares_grad,
    least_squares_hessian,
    least_squares_loss,
    normal_equations,
)
from ..palettes import LINESTYLES, MARKERS, OKABE_ITO
from .base import Explorer, _num

#: Colour, hatch and name of the three ranges of η on the number line.
_RANGES = ((OKABE_ITO[2], "", "converges"), (OKABE_ITO[1], "//", "oscillates"),
           (OKABE_ITO[3], "xx", "diverges"))
#: Darker shades of those colours for the verdict's text (contrast ≥ 4.5 on white).
_VERDICT_COLOURS = {"diverged": "#B34F00", "oscillating": "#8A5C00"}
_RUN = {"diverged": "the run diverged", "converged": "the run converged",
        "oscillating": "the run is still oscillating", "not converged": "the run has not "
        "converged yet"}


@dataclass(frozen=True)
class QuadraticProblem:
    """A quadratic loss for the explorers: L, ∇L, the constant Hessian, the minimiser."""

    loss: Callable[[np.ndarray], float]
    grad: Callable[[np.ndarray], np.ndarray]
    hessian: np.ndarray
    optimum: np.ndarray
    labels: tuple[str, str] = ("β₀", "β₁")
    xlim: tuple[float, float] = (-12.0, 12.0)
    ylim: tuple[float, float] = (-6.0, 8.0)


def regression_problem(seed: int = 0) -> QuadraticProblem:
    """The 10-point regression of lecture 03 as a :class:`QuadraticProblem`."""

    x, y = regression_data(seed)
    X = design_matrix(x)
    return QuadraticProblem(
        loss=lambda b: least_squares_loss(b, X, y),
        grad=lambda b: least_squares_grad(b, X, y),
        hessian=least_squares_hessian(X),
        optimum=normal_equations(X, y),
    )


def oscillates(params: np.ndarray, optimum: np.ndarray, direction: np.ndarray) -> bool:
    """Whether the error w_t − w* along ``direction`` flips sign at most steps.

    Looks at the first 20 steps; a component already at round-off level does
    not count.
    """
    comps = (params[:21] - optimum) @ direction
    scale = np.abs(comps).max() if comps.size else 0.0
    comps = comps[np.abs(comps) > 1e-9 * max(scale, 1e-300)]
    if comps.size < 3:
        return False
    flips = np.sign(comps[1:]) != np.sign(comps[:-1])
    return bool(flips.mean() > 0.5)


def lr_state(
    eta: float,
    start: Sequence[float] = (-8.0, -3.2),
    steps: int = 1000,
    problem: QuadraticProblem | None = None,
) -> dict[str, Any]:
    """Run gradient descent w ← w − η∇L(w) and say what the learning rate did.

    Parameters
    ----------
    eta : float
        Learning rate η > 0.
    start : (float, float)
        Starting point w₀.
    steps : int
        Number of steps (fewer if the run diverges).
    problem : QuadraticProblem, optional
        Default: the lecture's 10-point regression.

    Returns
    -------
    dict
        ``eta``, ``start``, ``steps``; ``trajectory`` (list of [w₁, w₂]) and
        ``losses``; ``final_params``, ``final_loss``, ``steps_taken``;
        ``lambda_max`` of the Hessian and ``threshold`` = 2/λmax;
        ``verdict``: "diverged", "oscillating" (sign flips, not yet converged),
        "converged" or "not converged" (too few steps); ``oscillating``;
        ``message`` from the optimiser.
    """
    from gdkit import _validate
    from gdkit.optim import gradient_descent

    if not _validate.real_scalar("eta", eta) > 0:
        raise ValueError(f"eta must be positive, got {eta!r}")
    try:
        shape = np.shape(start)
    except ValueError:  # ragged, e.g. ((1, 2), 3)
        shape = None
    if shape != (2,):
        raise ValueError(f"start={start!r}: expected a finite point (w1, w2)")
    try:
        point = np.array(start, dtype=float)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"start={start!r}: expected a point (w1, w2) of real numbers") from exc
    if not np.all(np.isfinite(point)):
        raise ValueError(f"start={start!r}: expected a finite point (w1, w2)")
    problem = problem or regression_problem()
    eigenvalues, eigenvectors = np.linalg.eigh(problem.hessian)
    lam_max = float(eigenvalues[-1])
    run = gradient_descent(problem.loss, problem.grad, point, eta, steps=steps)
    osc = oscillates(run.params, problem.optimum, eigenvectors[:, -1])
    if run.diverged:
        verdict = "diverged"
    elif run.converged:
        verdict = "converged"
    elif osc:
        verdict = "oscillating"
    else:
        verdict = "not converged"
    return {
        "eta": float(eta),
        "start": point.tolist(),
        "steps": int(steps),
        "trajectory": run.params.tolist(),
        "losses": run.losses.tolist(),
        "final_params": run.params[-1].tolist(),
        "final_loss": float(run.losses[-1]),
        "steps_taken": int(run.n_steps),
        "lambda_max": lam_max,
        "threshold": 2.0 / lam_max,
        "optimum": problem.optimum.tolist(),
        "verdict": verdict,
        "oscillating": osc,
        "message": run.message,
    }


class LearningRateExplorer(Explorer):
    """Sliders for η, the start point and the number of steps of gradient descent.

    Left: the path on the loss contours; right: the loss per step (log
    scale); below: η on a number line against 1/λmax and the divergence
    threshold 2/λmax.

    Parameters
    ----------
    problem : QuadraticProblem, optional
        Default: the lecture's regression.
    **values
        Initial ``eta``, ``b0``, ``b1``, ``steps``.

    Examples
    --------
    >>> ex = LearningRateExplorer(eta=0.0065, b0=-8.0, b1=-2.0, steps=100)
    >>> ex.state["verdict"]
    'diverged'
    """

    title = "Learning rate"
    summary = ("eta", "verdict", "threshold", "final_loss")
    figsize = (9.0, 4.4)

    def __init__(self, problem: QuadraticProblem | None = None, **values: Any) -> None:
        from ..plots.surfaces import loss_grid

        self.problem = problem or regression_problem()
        self._grid = loss_grid(self.problem.loss, self.problem.xlim, self.problem.ylim, 61)
        super().__init__(**values)

    def _make_controls(self, widgets: Any) -> dict[str, Any]:
        (x0, x1), (y0, y1) = self.problem.xlim, self.problem.ylim
        style = {"description_width": "initial"}
        return {
            "eta": widgets.FloatLogSlider(value=0.002, base=10, min=-4, max=-1.5, step=0.01,
                                          description="learning rate η", readout_format=".2e",
                                          style=style),
            "b0": widgets.FloatSlider(value=-8.0, min=x0, max=x1, step=0.1,
                                      description=f"start {self.problem.labels[0]}"),
            "b1": widgets.FloatSlider(value=-3.2, min=y0, max=y1, step=0.1,
                                      description=f"start {self.problem.labels[1]}"),
            "steps": widgets.IntSlider(value=1000, min=1, max=2000, description="steps"),
        }

    def compute(self, eta: float, b0: float, b1: float, steps: int) -> dict[str, Any]:
        return lr_state(eta, (b0, b1), steps, self.problem)

    def _say(self, state: dict[str, Any]) -> str:
        return (f"η = {state['eta']:.2e} (divergence above 2/λmax = {state['threshold']:.2e}): "
                f"{state['verdict']} after {state['steps_taken']} of {state['steps']} steps, "
                f"final loss {_num(state['final_loss'])}")

    def _describe(self, state: dict[str, Any]) -> str:
        eta, threshold = state["eta"], state["threshold"]
        if eta > threshold:
            where = f"above 2/λmax = {threshold:.2e}, in the range where gradient descent diverges"
        elif eta > threshold / 2:
            where = (f"between 1/λmax = {threshold / 2:.2e} and 2/λmax = {threshold:.2e}, where "
                     f"each step overshoots and the path zigzags across the valley")
        else:
            where = f"below 1/λmax = {threshold / 2:.2e}, where the path approaches without overshooting"
        start = ", ".join(_num(v) for v in state["start"])
        return (f"Gradient descent with learning rate η = {eta:.2e} from ({start}). Left: its "
                f"path on the contours of the loss, towards the minimum (star); right: the loss "
                f"per iteration on a log scale, {_num(state['losses'][0])} at the start and "
                f"{_num(state['final_loss'])} after {state['steps_taken']} steps; below: η on "
                f"a number line. η is {where}; {_RUN.get(state['verdict'], state['verdict'])}.")

    def _setup(self, figure: Any) -> None:
        from ..plots.surfaces import draw_contours

        grid = figure.add_gridspec(2, 2, height_ratios=(5, 1), hspace=0.55, wspace=0.28,
                                   left=0.08, right=0.97, top=0.92, bottom=0.1)
        self._ax_path = figure.add_subplot(grid[0, 0])
        self._ax_loss = figure.add_subplot(grid[0, 1])
        self._ax_eta = figure.add_subplot(grid[1, :])
        animate = self._animate
        ax = self._ax_path
        draw_contours(ax, self._grid)
        ax.plot(*self.problem.optimum, "*", color="black", ms=10, label="minimum")
        self._path = animate(ax.plot([], [], color=OKABE_ITO[3], ls=LINESTYLES[0],
                                     marker=MARKERS[0], lw=1.2, ms=3)[0])
        self._start = animate(ax.plot([], [], MARKERS[1], color=OKABE_ITO[3], ms=6)[0])
        ax.set_xlim(self.problem.xlim)
        ax.set_ylim(self.problem.ylim)
        ax.set_xlabel(self.problem.labels[0])
        ax.set_ylabel(self.problem.labels[1])
        ax.set_title("Path on the loss contours")
        ax = self._ax_loss
        self._loss_line = animate(ax.plot([], [], color=OKABE_ITO[3])[0])
        ax.set_yscale("log")
        Z = self._grid[2]
        ax.set_ylim(max(float(np.nanmin(Z)), 1e-12) / 3, 10 * float(np.nanmax(Z)))
        ax.set_xscale("symlog", linthresh=1.0)
        ax.set_xlim(0, self.controls["steps"].max)
        ax.set_xlabel("iteration (log scale beyond 1)")
        ax.set_ylabel("loss")
        ax.set_title("Loss per iteration")
        self._verdict = animate(ax.text(0.97, 0.95, "", transform=ax.transAxes, ha="right",
                                        va="top", fontsize=11, fontweight="bold"))
        ax = self._ax_eta
        eta = self.controls["eta"]
        threshold = 2.0 / float(np.linalg.eigvalsh(self.problem.hessian)[-1])
        low, high = eta.base**eta.min, eta.base**eta.max
        ax.set_xscale("log")
        ax.set_xlim(low, high)
        ax.set_yticks([])
        ax.set_xlabel("learning rate η (log scale)")
        ax.set_title("η against 1/λmax (oscillation starts) and 2/λmax (divergence)",
                     fontsize=9)
        edges = (low, threshold / 2, threshold, high)
        for (colour, hatch, name), a, b in zip(_RANGES, edges[:-1], edges[1:], strict=True):
            ax.axvspan(a, b, facecolor=colour, alpha=0.3, lw=0, hatch=hatch,
                       edgecolor=colour)
            ax.text(np.sqrt(a * b), 0.92, name, ha="center", va="top", fontsize=8,
                    transform=ax.get_xaxis_transform())
        ax.axvline(threshold, color=OKABE_ITO[3], ls="--", lw=1)
        ax.text(threshold, 0.35, f" 2/λmax = {threshold:.5f}", va="center", ha="left",
                fontsize=9)
        self._eta_mark = animate(ax.axvline(low, color="black", lw=2))

    def _draw(self, state: dict[str, Any]) -> None:
        from ..plots._axes import plottable

        span = max(np.ptp(self.problem.xlim), np.ptp(self.problem.ylim))
        path = plottable(state["trajectory"], bound=1e3 * span)
        self._path.set_data(path[:, 0], path[:, 1])
        self._start.set_data([state["start"][0]], [state["start"][1]])
        losses = plottable(state["losses"], bound=1e300)
        losses[losses <= 0] = np.nan
        self._loss_line.set_data(np.arange(len(losses)), losses)
        colour = _VERDICT_COLOURS.get(state["verdict"], "#007A59")
        self._verdict.set_text(f"η = {state['eta']:.2e}: {state['verdict']}")
        self._verdict.set_color(colour)
        self._eta_mark.set_xdata([state["eta"], state["eta"]])
