"""Image grids: MNIST digits and the weights of hidden units seen as images."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ._axes import figure_for


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
) -> Any:
    """A grid of digit images, each titled with its label (and prediction).

    Parameters
    ----------
    images : array of shape (m, 784) or (m, 28, 28)
        Pixel intensities (any scale; shown in grey, ink dark).
    labels : list of int, optional
        True digits; one-hot rows are accepted.
    predictions : list of int, optional
        Predicted digits; a wrong one is titled in red.
    ncols : int
    shape : (int, int)
        Image shape.
    title : str
    fig : matplotlib Figure, optional

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
        ax.set_title(" ".join(parts), fontsize=9, color="red" if wrong else "black")
    fig.suptitle(title)
    return fig


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
    return fig
