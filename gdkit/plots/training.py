"""Training curves: loss and parameters per step, a fit evolving, decision boundaries."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ._axes import axes_for, losses_of, params_of, plottable


def plot_losses(
    trajectories: Any,
    *,
    names: Sequence[str] | None = None,
    log: bool = True,
    xlabel: str = "iteration",
    title: str = "Loss per iteration",
    ax: Any = None,
) -> Any:
    """The loss L(w_t) against the iteration t, for one run or several.

    Parameters
    ----------
    trajectories : Trajectory, array of losses, or a list of them
    names : list of str, optional
        Legend entries.
    log : bool
        Logarithmic loss axis (diverging runs stay readable).
    xlabel, title : str
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    runs = list(trajectories) if isinstance(trajectories, (list, tuple)) else [trajectories]
    fig, ax = axes_for(ax)
    for i, run in enumerate(runs):
        losses = plottable(losses_of(run))
        if log:
            losses[losses <= 0] = np.nan
        ax.plot(np.arange(len(losses)), losses, color=f"C{i}",
                label=names[i] if names is not None else None)
    if log:
        ax.set_yscale("log")
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # steps are whole numbers
    ax.set_xlabel(xlabel)
    ax.set_ylabel("loss")
    ax.set_title(title)
    if names is not None:
        ax.legend(loc="best")
    return fig


def plot_parameters(
    trajectory: Any,
    *,
    names: Sequence[str] | None = None,
    targets: Sequence[float] | None = None,
    title: str = "Parameters per iteration",
    ax: Any = None,
) -> Any:
    """Each parameter w_t[j] against the iteration t.

    Parameters
    ----------
    trajectory : Trajectory or (steps + 1, p) array
    names : list of str, optional
        One per parameter; default β₀, β₁, ….
    targets : list of float, optional
        Values to mark with dotted lines (e.g. the normal-equations solution).
    title : str
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    params = params_of(trajectory)
    names = list(names) if names is not None else [f"β{j}" for j in range(params.shape[1])]
    if len(names) != params.shape[1]:
        raise ValueError(f"names must have {params.shape[1]} entries, got {len(names)}")
    fig, ax = axes_for(ax)
    steps = np.arange(len(params))
    for j, name in enumerate(names):
        ax.plot(steps, plottable(params[:, j]), color=f"C{j}", label=name)
        if targets is not None:
            ax.axhline(targets[j], color=f"C{j}", ls=":", lw=1)
    ax.set_xlabel("iteration")
    ax.set_ylabel("parameter value")
    ax.set_title(title)
    ax.legend(loc="best")
    return fig


def plot_fit_evolution(
    x: Sequence[float] | np.ndarray,
    y: Sequence[float] | np.ndarray,
    trajectory: Any,
    *,
    steps: Sequence[int] | None = None,
    title: str = "Fitted line during gradient descent",
    ax: Any = None,
) -> Any:
    """The data and the line ŷ = β₀ + β₁x at several iterations.

    Parameters
    ----------
    x, y : arrays of shape (n,)
    trajectory : Trajectory or (steps + 1, 2) array of (β₀, β₁)
    steps : list of int, optional
        Which iterations to draw; by default six, spaced geometrically, and the last.
    title : str
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    params = params_of(trajectory)
    if params.shape[1] != 2:
        raise ValueError(f"trajectory must hold (β₀, β₁) pairs, got {params.shape[1]} parameters")
    last = len(params) - 1
    if steps is None:
        steps = sorted({0, *np.unique(np.geomspace(1, max(last, 1), 5).astype(int)), last})
    for s in steps:
        if not 0 <= s <= last:
            raise ValueError(f"steps must lie in [0, {last}], got {s}")
    x = np.asarray(x, dtype=float)
    fig, ax = axes_for(ax)
    ax.plot(x, y, "o", color="black", zorder=3, label="data")
    xs = np.array([x.min(), x.max()])
    # Early steps light and dotted, late steps dark and solid: a sequential colormap
    # plus line styles, so the order reads even in grey and where lines overlap.
    from matplotlib import colormaps

    cmap = colormaps["viridis_r"]
    styles = [":", "-.", "--"]
    k = len(steps)
    for i, s in enumerate(steps):
        b0, b1 = params[s]
        last_line = i == k - 1
        ax.plot(xs, plottable(b0 + b1 * xs), color=cmap(0.15 + 0.85 * i / max(k - 1, 1)),
                ls="-" if last_line else styles[i % len(styles)], lw=2.2 if last_line else 1.6,
                label=f"step {s}")
    ax.set_ylim(*_padded(np.asarray(y, dtype=float)))
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.set_title(title)
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), title="iteration")
    return fig


def _padded(values: np.ndarray, pad: float = 0.5) -> tuple[float, float]:
    low, high = float(values.min()), float(values.max())
    extra = pad * (high - low) if high > low else 1.0
    return low - extra, high + extra


def plot_decision_boundary(
    predict: Callable[[np.ndarray], Any],
    X: np.ndarray,
    y: np.ndarray,
    *,
    resolution: int = 150,
    title: str = "Decision regions",
    ax: Any = None,
) -> Any:
    """Colour the plane by the class ``predict`` assigns, with the data on top.

    Parameters
    ----------
    predict : callable
        Maps an (m, 2) array of points to m class labels (integers), or to m
        scores/probabilities (thresholded at 0.5), or to (m, k) class scores
        (argmax).
    X : array of shape (n, 2)
    y : array of shape (n,)
        Integer labels.
    resolution : int
        Grid points per axis.
    title : str
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"X must have shape (n, 2), got {X.shape}")
    pad = 0.5
    xs = np.linspace(X[:, 0].min() - pad, X[:, 0].max() + pad, resolution)
    ys = np.linspace(X[:, 1].min() - pad, X[:, 1].max() + pad, resolution)
    G1, G2 = np.meshgrid(xs, ys)
    labels = class_labels(predict(np.column_stack([G1.ravel(), G2.ravel()])))
    fig, ax = axes_for(ax)
    classes = np.unique(np.concatenate([labels, np.asarray(y).ravel()]))
    levels = np.concatenate([classes - 0.5, [classes[-1] + 0.5]])
    ax.contourf(G1, G2, labels.reshape(G1.shape), levels=levels, cmap="coolwarm", alpha=0.3)
    ax.scatter(X[:, 0], X[:, 1], c=np.asarray(y), cmap="coolwarm", edgecolors="black",
               linewidths=0.5, s=20, vmin=classes[0], vmax=classes[-1])
    ax.set_xlabel("x₁")
    ax.set_ylabel("x₂")
    ax.set_title(title)
    return fig


def class_labels(scores: Any) -> np.ndarray:
    """Integer class labels from labels, probabilities (> 0.5) or (m, k) scores (argmax)."""
    scores = np.asarray(scores)
    if scores.ndim == 2 and scores.shape[1] > 1:
        return scores.argmax(axis=1)
    scores = scores.ravel()
    if np.issubdtype(scores.dtype, np.integer) or np.issubdtype(scores.dtype, np.bool_):
        return scores.astype(int)
    if np.all(scores == np.round(scores)):  # labels stored as floats
        return scores.astype(int)
    return (scores > 0.5).astype(int)


def plot_history(history: Any, *, title: str = "Training history", fig: Any = None) -> Any:
    """Cost (left) and accuracy (right) per epoch of ``MLP.fit``'s ``History``.

    Parameters
    ----------
    history : History
        With ``epoch``, ``loss``, ``accuracy`` and optionally ``val_loss``,
        ``val_accuracy``.
    title : str
    fig : matplotlib Figure, optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    from ._axes import figure_for

    fig = figure_for(fig, figsize=(9.0, 3.6))
    left, right = fig.subplots(1, 2)
    draw_history(left, right, history)
    from matplotlib.ticker import MaxNLocator

    for ax in (left, right):
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # whole epochs only
    fig.suptitle(title)
    return fig


def draw_history(loss_ax: Any, accuracy_ax: Any, history: Any) -> None:
    """Draw a ``History`` (or a dict with the same keys) onto two existing axes."""
    get = history.get if isinstance(history, dict) else lambda k, d=(): getattr(history, k, d)
    epochs = list(get("epoch", []))
    for key, ax, style in (("loss", loss_ax, "-"), ("val_loss", loss_ax, "--"),
                           ("accuracy", accuracy_ax, "-"),
                           ("val_accuracy", accuracy_ax, "--")):
        values = list(get(key, []))
        if values:
            label = "validation" if key.startswith("val") else "training"
            ax.plot(epochs[: len(values)], plottable(values), style, marker=".",
                    color="C1" if key.startswith("val") else "C0", label=label)
    loss_ax.set_xlabel("epoch")
    loss_ax.set_ylabel("cost C")
    loss_ax.set_title("Cost per epoch")
    accuracy_ax.set_xlabel("epoch")
    accuracy_ax.set_ylabel("accuracy")
    accuracy_ax.set_ylim(0.0, 1.0)
    accuracy_ax.set_title("Accuracy per epoch")
    for ax in (loss_ax, accuracy_ax):
        if ax.get_lines():
            ax.legend(loc="best")
