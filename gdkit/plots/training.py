"""Training curves: loss and parameters per step, a fit evolving, decision boundaries."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ..palettes import LINESTYLES, MARKERS, OKABE_ITO, style
from ._alt import apply, fmt, linear, listing, trend
from ._axes import axes_for, losses_of, params_of, plottable


def _markevery(n: int) -> int:
    """Mark about ten points of a line: enough to tell series apart, few enough to read."""
    return max(1, n // 10)


def plot_losses(
    trajectories: Any,
    *,
    names: Sequence[str] | None = None,
    log: bool = True,
    xlabel: str = "iteration",
    title: str = "Loss per iteration",
    ax: Any = None,
    alt: str | None = None,
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
    alt : str, optional
        Text alternative; by default how each run's loss moves (falls from … to …
        in n steps, or diverges).

    Returns
    -------
    matplotlib.figure.Figure
    """
    runs = list(trajectories) if isinstance(trajectories, (list, tuple)) else [trajectories]
    fig, ax = axes_for(ax)
    notes = []
    for i, run in enumerate(runs):
        raw = losses_of(run)
        losses = plottable(raw)
        if log:
            losses[losses <= 0] = np.nan
        s = style(i)
        name = names[i] if names is not None else None
        ax.plot(np.arange(len(losses)), losses, color=s["color"], ls=s["linestyle"],
                marker=s["marker"], ms=4, markevery=_markevery(len(losses)), label=name)
        who = name if name is not None else ("the loss" if len(runs) == 1 else f"run {i + 1}")
        notes.append(trend(raw, what=who, unit="epochs" if "epoch" in xlabel else "steps"))
    if log:
        ax.set_yscale("log")
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # steps are whole numbers
    ax.set_xlabel(xlabel)
    ax.set_ylabel("loss")
    ax.set_title(title)
    if names is not None:
        ax.legend(loc="best")
    scale = " on a log scale" if log else ""
    count = f"{len(runs)} runs" if len(runs) > 1 else "one run"
    apply(ax, f"Line plot of the loss{scale} against the {xlabel}, {count}: "
              + "; ".join(notes) + ".", alt)
    return fig


def plot_parameters(
    trajectory: Any,
    *,
    names: Sequence[str] | None = None,
    targets: Sequence[float] | None = None,
    title: str = "Parameters per iteration",
    ax: Any = None,
    alt: str | None = None,
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
    alt : str, optional
        Text alternative; by default each parameter's first and last value (and target).

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
    notes = []
    for j, name in enumerate(names):
        s = style(j)
        ax.plot(steps, plottable(params[:, j]), color=s["color"], ls=s["linestyle"],
                marker=s["marker"], ms=4, markevery=_markevery(len(steps)), label=name)
        note = f"{name} goes from {fmt(params[0, j])} to {fmt(params[-1, j])}"
        if targets is not None:
            ax.axhline(targets[j], color=s["color"], ls=":", lw=1)
            note += f" (target {fmt(targets[j])}, dotted)"
        notes.append(note)
    ax.set_xlabel("iteration")
    ax.set_ylabel("parameter value")
    ax.set_title(title)
    ax.legend(loc="best")
    apply(ax, f"Line plot of {len(names)} parameter value{'s' if len(names) != 1 else ''} "
              f"against the iteration, over {len(steps) - 1} steps: " + "; ".join(notes) + ".",
          alt)
    return fig


def plot_fit_evolution(
    x: Sequence[float] | np.ndarray,
    y: Sequence[float] | np.ndarray,
    trajectory: Any,
    *,
    steps: Sequence[int] | None = None,
    title: str = "Fitted line during gradient descent",
    ax: Any = None,
    alt: str | None = None,
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
    alt : str, optional
        Text alternative; by default the first and last line drawn and their
        mean squared errors.

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
    # Early steps light, late steps dark (a sequential colormap), and every line its
    # own dash pattern (the last one solid and thicker), so the lines read apart even
    # in grey and where they overlap.
    from matplotlib import colormaps

    cmap = colormaps["viridis_r"]
    dashes = LINESTYLES[1:]
    k = len(steps)
    for i, s in enumerate(steps):
        b0, b1 = params[s]
        last_line = i == k - 1
        many = k - 1 > len(dashes)  # more lines than dash patterns: add markers too
        ax.plot(xs, plottable(b0 + b1 * xs), color=cmap(0.15 + 0.85 * i / max(k - 1, 1)),
                ls="-" if last_line else dashes[i % len(dashes)], lw=2.2 if last_line else 1.6,
                marker=MARKERS[(i // len(dashes)) % len(MARKERS)] if many else "None",
                label=f"step {s}")
    ax.set_ylim(*_padded(np.asarray(y, dtype=float)))
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.set_title(title)
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), title="iteration")
    y_arr = np.asarray(y, dtype=float)

    def line(s: int) -> str:
        b0, b1 = params[s]
        with np.errstate(all="ignore"):
            mse = float(np.mean((b0 + b1 * x - y_arr) ** 2))
        return f"at step {s} ŷ = {linear(b0, b1)} (mean squared error {fmt(mse)})"

    first, final = min(steps), max(steps)
    apply(ax, f"Scatter plot of {len(x)} data points, y against x from {fmt(x.min())} to "
              f"{fmt(x.max())}, with the fitted line at {len(steps)} iterations "
              f"({listing([str(s) for s in steps])}), early ones light and dotted, the last "
              f"dark and solid: {line(first)}; {line(final)}.", alt)
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
    alt: str | None = None,
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
    alt : str, optional
        Text alternative; by default the share of the plane each class gets and
        how many data points the classifier gets right.

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
    from matplotlib.colors import ListedColormap

    # Okabe–Ito colours per class, and a marker per class for the data on top.
    colours = [OKABE_ITO[i % len(OKABE_ITO)] for i in range(len(classes))]
    ax.contourf(G1, G2, labels.reshape(G1.shape), levels=levels, cmap=ListedColormap(colours),
                alpha=0.3)
    y = np.asarray(y).ravel()
    for i, c in enumerate(classes):
        mask = y == c
        if mask.any():
            ax.scatter(X[mask, 0], X[mask, 1], color=colours[i], marker=MARKERS[i % len(MARKERS)],
                       edgecolors="black", linewidths=0.5, s=24, label=f"class {c}")
    ax.set_xlabel("x₁")
    ax.set_ylabel("x₂")
    ax.set_title(title)
    if ax.collections:
        ax.legend(loc="best", fontsize=8)
    with np.errstate(all="ignore"):
        right = int(np.sum(class_labels(predict(X)) == y)) if len(y) == len(X) else None
    shares = [f"class {c} {fmt(100 * np.mean(labels == c))}%" for c in classes]
    text = (f"Decision regions of {len(classes)} classes over x₁ from {fmt(xs[0])} to "
            f"{fmt(xs[-1])} and x₂ from {fmt(ys[0])} to {fmt(ys[-1])}, shaded by the predicted "
            f"class (share of the window: {listing(shares)}), with {len(X)} data points on top, "
            f"one marker shape per true class.")
    if right is not None:
        text += f" The classifier gets {right} of {len(X)} points right ({fmt(100 * right / max(len(X), 1))}%)."
    apply(ax, text, alt)
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


def plot_history(
    history: Any, *, title: str = "Training history", fig: Any = None, alt: str | None = None
) -> Any:
    """Cost (left) and accuracy (right) per epoch of ``MLP.fit``'s ``History``.

    Parameters
    ----------
    history : History
        With ``epoch``, ``loss``, ``accuracy`` and optionally ``val_loss``,
        ``val_accuracy``.
    title : str
    fig : matplotlib Figure, optional
    alt : str, optional
        Text alternative; by default how cost and accuracy move over the epochs.

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
    apply(fig, history_alt(history, title), alt)
    return fig


def history_alt(history: Any, title: str = "") -> str:
    """The text alternative of a training-history figure (also used by the explorers)."""
    get = history.get if isinstance(history, dict) else lambda k, d=(): getattr(history, k, d)
    epochs = list(get("epoch", []))
    lead = f'"{title}": ' if title else ""
    if not epochs:
        return lead + "Cost per epoch (left) and accuracy per epoch (right): no epochs yet."
    notes = []
    for key, what in (("loss", "training cost"), ("val_loss", "validation cost"),
                      ("accuracy", "training accuracy"), ("val_accuracy", "validation accuracy")):
        values = list(get(key, []))
        if values:
            notes.append(trend(values, what=what, unit="epochs"))
    return (lead + f"Cost per epoch (left) and accuracy per epoch (right) over epochs "
            f"{fmt(epochs[0])} to {fmt(epochs[-1])}, training solid, validation dashed: "
            + "; ".join(notes) + ".")


def draw_history(loss_ax: Any, accuracy_ax: Any, history: Any) -> None:
    """Draw a ``History`` (or a dict with the same keys) onto two existing axes."""
    get = history.get if isinstance(history, dict) else lambda k, d=(): getattr(history, k, d)
    epochs = list(get("epoch", []))
    for key, ax in (("loss", loss_ax), ("val_loss", loss_ax), ("accuracy", accuracy_ax),
                    ("val_accuracy", accuracy_ax)):
        values = list(get(key, []))
        if values:
            label = "validation" if key.startswith("val") else "training"
            s = style(1 if key.startswith("val") else 0)
            ax.plot(epochs[: len(values)], plottable(values), ls=s["linestyle"],
                    marker=s["marker"], ms=4, color=s["color"], label=label)
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
