"""Batch-size explorer: mini-batch SGD paths for several batch sizes on one contour plot.

For a batch X₁…X_m the update is v ← v − (η/m) Σⱼ ∇C_Xⱼ (``reduction="mean"``):
(1/m) Σⱼ ∇C_Xⱼ estimates the full gradient, so small batches take many cheap,
noisy steps and large batches few smooth ones, with the same η.  With
``reduction="sum"`` the step grows with m and a learning rate that suits
m = 1 can make m = 10 diverge.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..datasets import regression_data
from ..least_squares import design_matrix, least_squares_grad, least_squares_loss, normal_equations
from ..optim import sgd
from ..palettes import style
from .base import Explorer, _num
from .learning_rate import QuadraticProblem, regression_problem

BATCH_SIZES = (1, 2, 5, 10)
#: A run whose loss gap to the minimum fell below this share of the starting gap is "near the minimum".
NEAR = 0.01


def regression_examples(seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """``(X, y)``: the design matrix and responses of the 10-point regression."""
    x, y = regression_data(seed)
    return design_matrix(x), y


def batch_state(
    batch_sizes: Sequence[int] = (1, 5, 10),
    eta: float = 0.01,
    epochs: int = 30,
    seed: int = 0,
    reduction: str = "mean",
    start: Sequence[float] = (-8.0, -3.2),
    data: tuple[np.ndarray, np.ndarray] | None = None,
) -> dict[str, Any]:
    """Run mini-batch SGD once per batch size on the regression loss L(β) = ‖y − Xβ‖².

    Parameters
    ----------
    batch_sizes : sequence of int
        Batch sizes m (at most n = 10 for the lecture's data).
    eta : float
        Learning rate η.
    epochs : int
        Passes over the data (n/m updates each).
    seed : int
        Seed of the shuffling (the same for every batch size).
    reduction : {"mean", "sum"}
        Average or add the per-example gradients of a batch.
    start : (float, float)
        Starting β.
    data : (X, y), optional
        Default: :func:`regression_examples`.

    Returns
    -------
    dict
        The settings; ``optimum`` (normal equations) and ``min_loss``; ``runs``:
        one dict per batch size with ``batch_size``, ``updates``, ``path``
        (list of [β₀, β₁]), ``losses``, ``final_loss``, ``final_distance``
        (‖β_T − β*‖) and ``verdict`` ("diverged", "near the minimum": the loss
        gap fell below 1 % of the starting gap, or "descending").
    """

    X, y = data if data is not None else regression_examples()
    optimum = normal_equations(X, y)
    min_loss = least_squares_loss(optimum, X, y)
    start = np.asarray(start, dtype=float)
    gap0 = least_squares_loss(start, X, y) - min_loss
    runs = []
    for m in batch_sizes:
        if int(m) != m or not 1 <= m <= len(y):
            raise ValueError(f"batch_sizes must lie in [1, {len(y)}], got {m!r}")
        run = sgd(lambda v, idx: least_squares_loss(v, X[idx], y[idx]),
                  lambda v, idx: least_squares_grad(v, X[idx], y[idx]),
                  start, len(y), lr=eta, batch_size=int(m), epochs=int(epochs), seed=seed,
                  reduction=reduction)
        final = float(run.losses[-1])
        if run.diverged:
            verdict = "diverged"
        elif final - min_loss <= NEAR * gap0:
            verdict = "near the minimum"
        else:
            verdict = "descending"
        runs.append({
            "batch_size": int(m),
            "updates": int(run.n_grad_evals),
            "path": run.params.tolist(),
            "losses": run.losses.tolist(),
            "final_loss": final,
            "final_distance": float(np.linalg.norm(run.params[-1] - optimum)),
            "verdict": verdict,
            "message": run.message,
        })
    return {
        "batch_sizes": [int(m) for m in batch_sizes],
        "eta": float(eta),
        "epochs": int(epochs),
        "seed": int(seed),
        "reduction": reduction,
        "start": start.tolist(),
        "optimum": optimum.tolist(),
        "min_loss": float(min_loss),
        "runs": runs,
    }


class BatchSizeExplorer(Explorer):
    """SGD paths for batch sizes 1, 2, 5 and 10 on the regression loss contours.

    Examples
    --------
    >>> ex = BatchSizeExplorer(batch_sizes=(1, 10), eta=0.01, reduction="sum")
    >>> [run["verdict"] for run in ex.state["runs"]]
    ['near the minimum', 'diverged']
    """

    title = "Batch size"
    summary = ("batch_sizes", "eta", "epochs", "reduction", "verdicts")
    figsize = (9.0, 3.8)
    verdict_key = "reduction"

    def __init__(self, **values: Any) -> None:
        from ..plots.surfaces import loss_grid

        self.problem: QuadraticProblem = regression_problem()
        self.data = regression_examples()
        self._grid = loss_grid(self.problem.loss, self.problem.xlim, self.problem.ylim, 61)
        super().__init__(**values)

    def _make_controls(self, widgets: Any) -> dict[str, Any]:
        return {
            "batch_sizes": widgets.SelectMultiple(options=list(BATCH_SIZES), value=(1, 5, 10),
                                                  rows=4, description="batch sizes"),
            "eta": widgets.FloatLogSlider(value=0.01, base=10, min=-4, max=-0.5, step=0.05,
                                          description="learning rate η", readout_format=".2e"),
            "epochs": widgets.IntSlider(value=30, min=1, max=100, description="epochs"),
            "seed": widgets.IntSlider(value=0, min=0, max=20, description="seed"),
            "reduction": widgets.ToggleButtons(options=["mean", "sum"], value="mean",
                                               description="batch gradient",
                                               tooltips=["mean of the batch's gradients",
                                                         "sum of the batch's gradients"]),
        }

    def compute(self, batch_sizes: Sequence[int], eta: float, epochs: int, seed: int,
                reduction: str) -> dict[str, Any]:
        state = batch_state(sorted(batch_sizes), eta, epochs, seed, reduction, data=self.data)
        state["verdicts"] = {str(r["batch_size"]): r["verdict"] for r in state["runs"]}
        return state

    def _say(self, state: dict[str, Any]) -> str:
        head = (f"η = {state['eta']:.2e}, {state['epochs']} epochs, seed {state['seed']}, "
                f"{state['reduction']} of the batch gradients")
        if not state["runs"]:
            return f"{head}: no batch size selected"
        runs = "; ".join(f"m = {r['batch_size']}: {r['verdict']} (final loss "
                         f"{_num(r['final_loss'])})" for r in state["runs"])
        return f"{head}. {runs}"

    def _describe(self, state: dict[str, Any]) -> str:
        settings = (f"η = {state['eta']:.2e}, {state['epochs']} epochs, the {state['reduction']} "
                    f"of each batch's gradients")
        if not state["runs"]:
            return (f"The contours of the regression loss (left) and an empty loss plot "
                    f"(right): no batch size is selected ({settings}).")
        runs = state["runs"]
        sizes = ", ".join(str(r["batch_size"]) for r in runs)
        each = "; ".join(f"m = {r['batch_size']} takes {r['updates']} updates and ends "
                         f"{r['verdict']}, {_num(r['final_distance'], 3)} from it"
                         if r["verdict"] != "diverged" else
                         f"m = {r['batch_size']} diverges" for r in runs)
        kept = [r for r in runs if r["verdict"] != "diverged"]
        if len(kept) < len(runs):
            grow = ("summing a batch's gradients makes the step grow with m"
                    if state["reduction"] == "sum" else "η is too large for some batch sizes")
            notice = f"{grow}, so {'only some runs' if kept else 'no run'} reach the minimum"
        elif len(kept) > 1:
            near = min(kept, key=lambda r: r["final_distance"])
            notice = (f"smaller batches take more, noisier steps; m = {near['batch_size']} "
                      f"ends nearest the minimum")
        else:
            notice = "one batch size alone: select more to compare them"
        return (f"Mini-batch SGD paths for batch sizes m = {sizes} on the contours of the "
                f"regression loss, from the same start towards the minimum (star), and the "
                f"full loss against updates ({settings}): {each}. Notice: {notice}.")

    def _setup(self, figure: Any) -> None:
        from ..plots.surfaces import draw_contours

        self._ax_path, self._ax_loss = figure.subplots(1, 2)
        figure.subplots_adjust(left=0.08, right=0.98, top=0.88, bottom=0.14, wspace=0.25)
        ax = self._ax_path
        draw_contours(ax, self._grid)
        ax.plot(*self.problem.optimum, "*", color="black", ms=10)
        ax.set_xlim(self.problem.xlim)
        ax.set_ylim(self.problem.ylim)
        ax.set_xlabel(self.problem.labels[0])
        ax.set_ylabel(self.problem.labels[1])
        ax.set_title("SGD paths on the loss contours")
        ax = self._ax_loss
        ax.set_xscale("symlog", linthresh=1.0)
        ax.set_yscale("log")
        updates = self.controls["epochs"].max * len(self.data[1])
        Z = self._grid[2]
        ax.set_xlim(0, updates)
        ax.set_ylim(max(float(np.nanmin(Z)), 1e-12) / 3, 10 * float(np.nanmax(Z)))
        ax.set_xlabel("update (log scale beyond 1)")
        ax.set_ylabel("full loss L(β)")
        ax.set_title("Loss against updates")
        self._paths, self._losses = {}, {}
        for i, m in enumerate(BATCH_SIZES):
            look = style(i)
            self._paths[m] = self._animate(self._ax_path.plot(
                [], [], color=look["color"], ls=look["linestyle"], marker=look["marker"], lw=1,
                ms=3, label=f"m = {m}")[0])
            self._losses[m] = self._animate(ax.plot([], [], color=look["color"],
                                                    ls=look["linestyle"], lw=1.4)[0])
        self._ax_path.legend(handles=list(self._paths.values()), loc="lower right",
                             fontsize=8, framealpha=0.9, title="batch size", title_fontsize=8)
        self._labels = {
            m: self._animate(ax.text(0.97, 0.95 - 0.08 * i, "", transform=ax.transAxes,
                                     ha="right", va="top", fontsize=9, color="black"))
            for i, m in enumerate(BATCH_SIZES)
        }

    def _draw(self, state: dict[str, Any]) -> None:
        from ..plots._axes import plottable

        runs = {r["batch_size"]: r for r in state["runs"]}
        shown = 0
        for m in BATCH_SIZES:
            run = runs.get(m)
            if run is None:
                self._paths[m].set_data([], [])
                self._losses[m].set_data([], [])
                self._labels[m].set_text("")
                continue
            path = plottable(run["path"], bound=1e4)
            self._paths[m].set_data(path[:, 0], path[:, 1])
            losses = plottable(run["losses"], bound=1e300)
            self._losses[m].set_data(np.arange(len(losses)), losses)
            self._labels[m].set_text(f"m = {m}: {run['verdict']}")
            self._labels[m].set_position((0.97, 0.95 - 0.08 * shown))
            shown += 1
