"""Image grids: MNIST digits and the weights of hidden units seen as images."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ._alt import apply, fmt, listing
from ._axes import figure_for

#: Colour of the title of a wrongly predicted digit: a dark red with a contrast of
#: 7.3:1 on white (WCAG AA asks 4.5:1).  A wrong digit is also titled in bold and
#: framed, so it is not told by colour alone.
WRONG_COLOUR = "#B00020"


def _as_images(images: Any, shape: tuple[int, int]) -> np.ndarray:
    images = np.asarray(images, dtype=float)
    size = shape[0] * shape[1]
    if images.ndim == 2 and images.shape[1] == size:
        return images.reshape(-1, *shape)
    if images.ndim == 3 and images.shape[1:] == shape:
        return images
    raise ValueError(f"images must have shape (m, {size}) or (m, {shape[0]}, {shape[1]}), "
                     f"got {images.shape}")


def _grid(fig: Any, count: int, ncols: int) -> list[Any]:
    ncols = max(1, min(ncols, count))
    nrows = -(-count // ncols)
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    for ax in axes:
        ax.set_xticks([])
        ax.set_yticks([])
    for ax in axes[count:]:
        ax.set_visible(False)
    return list(axes[:count])


def plot_digits(
    images: Any,
    labels: Sequence[int] | None = None,
    predictions: Sequence[int] | None = None,
    *,
    ncols: int = 10,
    shape: tuple[int, int] = (28, 28),
    title: str = "MNIST digits",
    fig: Any = None,
    alt: str | None = None,
) -> Any:
    """A grid of digit images, each titled with its label (and prediction).

    Parameters
    ----------
    images : array of shape (m, 784) or (m, 28, 28)
        Pixel intensities (any scale; shown in grey, ink dark).
    labels : list of int, optional
        True digits; one-hot rows are accepted.
    predictions : list of int, optional
        Predicted digits; a wrong one is titled in dark red and bold, and framed.
    ncols : int
    shape : (int, int)
        Image shape.
    title : str
    fig : matplotlib Figure, optional
    alt : str, optional
        Text alternative; by default the labels shown and the wrong predictions.

    Returns
    -------
    matplotlib.figure.Figure
    """
    images = _as_images(images, shape)
    labels = _digits(labels, len(images), "labels")
    predictions = _digits(predictions, len(images), "predictions")
    ncols = max(1, min(ncols, len(images)))
    fig = figure_for(fig, figsize=(1.0 * ncols, 1.15 * (-(-len(images) // ncols)) + 0.4))
    for i, ax in enumerate(_grid(fig, len(images), ncols)):
        ax.imshow(images[i], cmap="gray_r", interpolation="nearest")
        parts = []
        if labels is not None:
            parts.append(f"{labels[i]}")
        if predictions is not None:
            parts.append(f"→{predictions[i]}")
        wrong = labels is not None and predictions is not None and labels[i] != predictions[i]
        ax.set_title(" ".join(parts), fontsize=9, color=WRONG_COLOUR if wrong else "black",
                     fontweight="bold" if wrong else "normal")
        if wrong:
            for spine in ax.spines.values():
                spine.set_color(WRONG_COLOUR)
                spine.set_linewidth(2.5)
    fig.suptitle(title)
    apply(fig, _digits_alt(len(images), shape, labels, predictions, title), alt)
    return fig


def _digits_alt(count: int, shape: tuple[int, int], labels: list[int] | None,
                predictions: list[int] | None, title: str) -> str:
    text = (f'"{title}": a grid of {count} handwritten digit image{"s" if count != 1 else ""} '
            f"({shape[0]}×{shape[1]} pixels, dark ink on white)")
    shown = labels if labels is not None else predictions
    if shown is not None:
        names = ", ".join(str(d) for d in shown[:30]) + (", …" if len(shown) > 30 else "")
        text += f", titled with their {'labels' if labels is not None else 'predictions'}: {names}"
    text += "."
    if labels is not None and predictions is not None:
        wrong = [(i, a, b) for i, (a, b) in enumerate(zip(labels, predictions, strict=True)) if a != b]
        text += f" Predictions: {count - len(wrong)} of {count} right"
        if wrong:
            cases = [f"image {i + 1} is a {a} predicted as {b}" for i, a, b in wrong[:10]]
            text += f"; {len(wrong)} wrong, framed and in bold: " + listing(cases)
            if len(wrong) > 10:
                text += ", …"
        text += "."
    return text


def _digits(values: Any, count: int, name: str) -> list[int] | None:
    if values is None:
        return None
    values = np.asarray(values)
    if values.ndim == 2:  # one-hot rows
        values = values.argmax(axis=1)
    if len(values) != count:
        raise ValueError(f"{name} must have one entry per image ({count}), got {len(values)}")
    return [int(v) for v in values]


def plot_hidden_weights(
    weights: Any,
    *,
    units: int = 16,
    ncols: int = 8,
    shape: tuple[int, int] = (28, 28),
    title: str = "Hidden-unit weights",
    colorbar: bool = True,
    fig: Any = None,
    alt: str | None = None,
) -> Any:
    """The input weights of the first hidden units, each drawn as an image.

    Unit j's weights w_j ∈ R^784 are reshaped to 28×28; red pixels push the
    unit's weighted input up, blue pixels down.  All units share one symmetric
    colour scale, ±(99th percentile of |w| over the units shown), so their
    strengths can be compared, and a colour bar gives the weight values.

    Parameters
    ----------
    weights : array of shape (H, 784) or (784, H)
        The first layer's weight matrix.
    units : int
        How many units to show (the first ``units``).
    ncols : int
    shape : (int, int)
    title : str
    colorbar : bool
        Draw a colour bar (the weight w) beside the grid.
    fig : matplotlib Figure, optional
    alt : str, optional
        Text alternative; by default the colour scale and the strongest units.

    Returns
    -------
    matplotlib.figure.Figure
    """
    W = np.asarray(weights, dtype=float)
    size = shape[0] * shape[1]
    if W.ndim == 2 and W.shape[1] != size and W.shape[0] == size:
        W = W.T
    images = _as_images(W, shape)[:units]
    ncols = max(1, min(ncols, len(images)))
    nrows = -(-len(images) // ncols)
    fig = figure_for(fig, figsize=(1.5 * ncols + (1.3 if colorbar else 0.0), 1.7 * nrows + 0.7))
    finite = np.abs(images[np.isfinite(images)])
    scale = float(np.percentile(finite, 99)) if finite.size else 1.0
    scale = scale or 1.0
    shown = None
    axes = _grid(fig, len(images), ncols)
    for j, ax in enumerate(axes):
        shown = ax.imshow(images[j], cmap="RdBu_r", vmin=-scale, vmax=scale,
                          interpolation="nearest")
        ax.set_title(f"unit {j}", fontsize=10)
    fig.suptitle(title)
    if colorbar and shown is not None:
        bar = fig.colorbar(shown, ax=axes, fraction=0.025, pad=0.02, extend="both")
        bar.set_label("weight w (red: ink raises z)")
    strength = np.array([np.nanmean(np.abs(im)) if np.isfinite(im).any() else 0.0 for im in images])
    order = [int(j) for j in np.argsort(-strength, kind="stable")[:3]]
    apply(fig, f'"{title}": the input weights of {len(images)} hidden unit'
               f'{"s" if len(images) != 1 else ""}, each drawn as a {shape[0]}×{shape[1]} image '
               f"on one shared scale from {fmt(-scale)} (blue: ink lowers the unit's input z) "
               f"through 0 (white) to {fmt(scale)} (red: ink raises z). Largest mean |w|: "
               + listing([f"unit {j} ({fmt(strength[j])})" for j in order]) + ".", alt)
    return fig
