"""Lecture 06: neuron diagrams, the collapse of linear layers, parameter counts.

An artificial neuron computes a weighted sum of its inputs plus a bias and passes
it through an activation function,

.. math::  a = f(z), \\qquad z = w \\cdot x + b = \\sum_i w_i x_i + b .

A layer of :math:`n_{out}` neurons reading the same :math:`n_{in}` inputs is
:math:`a = f(Wx + b)` with :math:`W` of shape :math:`(n_{out}, n_{in})`.  This
module holds what lecture 06 needs around that formula:

- :func:`plot_neuron_comparison` and :func:`plot_network` draw a biological
  neuron next to an artificial one, and a fully connected network (our own
  matplotlib drawings);
- :func:`softmax` turns the K outputs of a last layer into probabilities;
- :func:`collapse_linear_layers` shows that linear layers without an
  activation compose to a single linear layer;
- :func:`parameter_counts` puts the estimate :math:`dH + (L-1)H^2 + HK` next
  to the exact number of weights and biases.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .._validate import integer
from ..mlp import parameter_count

__all__ = [
    "ParameterCount",
    "collapse_linear_layers",
    "parameter_counts",
    "plot_network",
    "plot_neuron_comparison",
]


# --- numbers ------------------------------------------------------------------------------


def collapse_linear_layers(
    weights: Sequence[Any], biases: Sequence[Any]
) -> tuple[np.ndarray, np.ndarray]:
    """The single linear map equal to a chain of linear layers without activations.

    Layer l computes :math:`h_l = W_l h_{l-1} + b_l`.  Substituting one into
    the next, two layers give :math:`W_2 (W_1 x + b_1) + b_2 = (W_2 W_1) x +
    (W_2 b_1 + b_2)`, and by induction any number of layers is one layer

    .. math::  W = W_L \\cdots W_1, \\qquad b = W_L(\\cdots(W_2 b_1 + b_2)\\cdots) + b_L .

    Parameters
    ----------
    weights : sequence of array_like
        :math:`W_1, \\dots, W_L`, ``weights[l]`` of shape (n_{l+1}, n_l).
    biases : sequence of array_like
        :math:`b_1, \\dots, b_L`, ``biases[l]`` of shape (n_{l+1},).

    Returns
    -------
    W : ndarray of shape (n_L, n_0)
    b : ndarray of shape (n_L,)

    Examples
    --------
    >>> W, b = collapse_linear_layers([[[2.0]], [[3.0]]], [[1.0], [-1.0]])
    >>> W, b  # 3·(2x + 1) − 1 = 6x + 2
    (array([[6.]]), array([2.]))
    """
    if len(weights) != len(biases) or not weights:
        raise ValueError(
            f"weights and biases must be non-empty and of equal length; got {len(weights)} "
            f"weight matrices and {len(biases)} bias vectors"
        )
    W = None
    b = None
    for i, (Wi, bi) in enumerate(zip(weights, biases, strict=True)):
        Wi = np.asarray(Wi, dtype=float)
        bi = np.asarray(bi, dtype=float)
        if Wi.ndim != 2 or bi.shape != (Wi.shape[0],):
            raise ValueError(
                f"layer {i}: weights must have shape (n_out, n_in) and biases (n_out,); "
                f"got {Wi.shape} and {bi.shape}"
            )
        if W is None:
            W, b = Wi, bi
            continue
        if Wi.shape[1] != W.shape[0]:
            raise ValueError(
                f"layer {i} expects {Wi.shape[1]} inputs but layer {i - 1} has {W.shape[0]} outputs"
            )
        W, b = Wi @ W, Wi @ b + bi
    return W, b


@dataclass(frozen=True)
class ParameterCount:
    """The estimate :math:`dH + (L-1)H^2 + HK` of a network's size, and the exact count.

    Attributes
    ----------
    d, H, L, K : int
        Inputs, units per hidden layer, hidden layers, outputs (classes).
    input_weights, hidden_weights, output_weights : int
        The three terms :math:`dH`, :math:`(L-1)H^2` and :math:`HK`.
    estimate : int
        Their sum: every weight, no biases.
    exact : int
        Weights and biases of the network ``sizes``, by :func:`gdkit.parameter_count`.
    sizes : list of int
        ``[d, H, …, H, K]`` with L hidden layers.
    """

    d: int
    H: int
    L: int
    K: int
    input_weights: int
    hidden_weights: int
    output_weights: int
    estimate: int
    exact: int
    sizes: list[int]

    @property
    def biases(self) -> int:
        """:math:`LH + K`, the biases the estimate leaves out (exact − estimate)."""
        return self.exact - self.estimate

    @property
    def relative_gap(self) -> float:
        """(exact − estimate) / exact."""
        return self.biases / self.exact

    def __repr__(self) -> str:
        return (
            f"ParameterCount(d={self.d:,}, H={self.H:,}, L={self.L}, K={self.K:,}: "
            f"dH = {self.input_weights:,}, (L−1)H² = {self.hidden_weights:,}, "
            f"HK = {self.output_weights:,}; estimate {self.estimate:,}, exact {self.exact:,})"
        )


def parameter_counts(d: int, H: int, L: int, K: int) -> ParameterCount:
    """How many parameters a network with L hidden layers of H units has: estimate and exact.

    Weights between consecutive layers dominate: :math:`dH` from the inputs to the
    first hidden layer, :math:`H^2` between each of the :math:`L-1` pairs of hidden
    layers and :math:`HK` to the outputs.  The biases add :math:`LH + K`.

    Parameters
    ----------
    d : int
        Input dimension (e.g. 784 pixels).
    H : int
        Units per hidden layer.
    L : int
        Number of hidden layers (at least 1).
    K : int
        Number of outputs.

    Returns
    -------
    ParameterCount

    Examples
    --------
    >>> c = parameter_counts(784, 256, 1, 10)
    >>> c.estimate, c.exact
    (203264, 203530)
    """
    d, H, L, K = (integer(name, value, minimum=1) for name, value in (("d", d), ("H", H), ("L", L), ("K", K)))

    sizes = [d, *([H] * L), K]
    terms = (d * H, (L - 1) * H * H, H * K)
    return ParameterCount(
        d=d, H=H, L=L, K=K,
        input_weights=terms[0], hidden_weights=terms[1], output_weights=terms[2],
        estimate=sum(terms), exact=parameter_count(sizes), sizes=sizes,
    )


# --- drawings -------------------------------------------------------------------------------


def _branch(ax: Any, x: float, y: float, angle: float, length: float, depth: int,
            spread: float, color: str, width: float) -> list[tuple[float, float]]:
    """Draw a small branching tree from (x, y); return the tips."""
    x2 = x + length * np.cos(angle)
    y2 = y + length * np.sin(angle)
    ax.plot([x, x2], [y, y2], color=color, lw=width, solid_capstyle="round")
    if depth == 0:
        return [(x2, y2)]
    tips = []
    for turn in (-spread, spread):
        tips += _branch(ax, x2, y2, angle + turn, 0.62 * length, depth - 1, spread * 0.85,
                        color, width * 0.7)
    return tips


def _draw_biological(ax: Any) -> None:
    from matplotlib.patches import Circle, Ellipse, FancyBboxPatch

    body = "#d98c5f"
    ax.add_patch(Ellipse((0.0, 0.0), 1.5, 1.2, color=body, zorder=3))
    ax.add_patch(Circle((-0.05, 0.05), 0.22, color="#7a3b1d", zorder=4))
    for angle in np.deg2rad([110, 150, 190, 230]):
        start = (0.7 * np.cos(angle), 0.55 * np.sin(angle))
        _branch(ax, *start, angle, 0.7, 2, 0.45, body, 4.0)
    ax.plot([0.75, 4.6], [0.0, 0.0], color=body, lw=4, zorder=1)
    for x0 in np.arange(1.1, 4.3, 0.8):
        ax.add_patch(FancyBboxPatch((x0, -0.13), 0.55, 0.26, boxstyle="round,pad=0.02",
                                    color="#f2d5a0", zorder=2))
    for tip in _branch(ax, 4.6, 0.0, 0.0, 0.55, 1, 0.6, body, 3.0):
        ax.add_patch(Circle(tip, 0.09, color="#7a3b1d", zorder=3))
    notes = [
        ((-2.55, 1.75), "dendrites:\nsignals arrive"),
        ((0.35, -1.6), "cell body:\nadds them up"),
        ((2.6, 0.55), "axon: carries a spike\nwhen a threshold is passed"),
        ((5.1, -0.95), "synapses: connection\nstrength to the next cell"),
    ]
    for (x, y), text in notes:
        ax.text(x, y, text, fontsize=8.5, ha="center", va="center")
    ax.set_xlim(-3.3, 6.3)
    ax.set_ylim(-2.1, 2.2)
    ax.set_title("A biological neuron (schematic)")


def _draw_artificial(ax: Any, weights: Sequence[float], bias: float, activation: str) -> None:
    from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch

    n = len(weights)
    ys = np.linspace(1.3, -1.3, n)
    total = (2.6, 0.0)
    for i, (y, w) in enumerate(zip(ys, weights, strict=True)):
        ax.add_patch(Circle((0.0, y), 0.32, facecolor="#dbe9f6", edgecolor="black", zorder=3))
        ax.text(0.0, y, f"$x_{i + 1}$", ha="center", va="center", fontsize=11, zorder=4)
        ax.add_patch(FancyArrowPatch((0.33, y), (total[0] - 0.45, total[1] + 0.15 * y),
                                     arrowstyle="-|>", mutation_scale=12, lw=1.2, zorder=2))
        ax.text(1.25, 0.55 * y + 0.22, f"$w_{i + 1} = {w:g}$", fontsize=9, ha="center",
                va="bottom", color="#1f4e79")
    ax.add_patch(Circle(total, 0.45, facecolor="#fde9c9", edgecolor="black", zorder=3))
    ax.text(*total, "$\\Sigma$", ha="center", va="center", fontsize=16, zorder=4)
    ax.text(total[0], -0.75, f"$+\\,b$\n$b = {bias:g}$", ha="center", va="top", fontsize=9)
    ax.add_patch(FancyArrowPatch((total[0] + 0.45, 0.0), (4.2, 0.0), arrowstyle="-|>",
                                 mutation_scale=12, lw=1.2))
    ax.text(3.55, 0.12, "$z$", ha="center", va="bottom", fontsize=11)
    ax.add_patch(FancyBboxPatch((4.2, -0.4), 1.1, 0.8, boxstyle="round,pad=0.05",
                                facecolor="#e2f0d9", edgecolor="black"))
    ax.text(4.75, 0.0, f"$f$\n{activation}", ha="center", va="center", fontsize=9)
    ax.add_patch(FancyArrowPatch((5.35, 0.0), (6.3, 0.0), arrowstyle="-|>",
                                 mutation_scale=12, lw=1.2))
    ax.text(6.4, 0.0, "$a$", ha="left", va="center", fontsize=12)
    ax.text(3.1, -1.75, "$a = f(w_1x_1 + \\dots + w_nx_n + b)$", ha="center", fontsize=11)
    ax.set_xlim(-0.6, 7.0)
    ax.set_ylim(-2.1, 1.9)
    ax.set_title("An artificial neuron")


def plot_neuron_comparison(
    weights: Sequence[float] = (0.8, -0.4, 1.5),
    bias: float = -0.5,
    activation: str = "sigmoid",
    *,
    fig: Any = None,
    alt: str | None = None,
) -> Any:
    """A schematic biological neuron (left) beside an artificial neuron (right).

    The left panel is a cartoon, not anatomy: dendrites collect signals, the
    cell body combines them, the axon sends a spike on when a threshold is
    passed, synapses set how strongly it reaches the next cell.  The right panel
    is the formula :math:`a = f(w \\cdot x + b)` drawn as a diagram, with the
    given weights, bias and activation name written on it.

    Parameters
    ----------
    weights : sequence of float
        One weight per input (1 to 6 inputs).
    bias : float
    activation : str
        The name written in the activation box.
    fig : matplotlib Figure, optional
    alt : str, optional
        Text alternative (``gdkit.plots.alt_text``); by default both diagrams in words,
        with the weights, bias and activation, and which part of the cell each piece of
        arithmetic stands for.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from ..plots._alt import apply, listing
    from ..plots._axes import figure_for

    if not 1 <= len(weights) <= 6:
        raise ValueError(f"weights must hold 1 to 6 numbers (one per input), got {len(weights)}")
    fig = figure_for(fig, figsize=(12.0, 3.8))
    left, right = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.0, 0.85]})
    _draw_biological(left)
    _draw_artificial(right, [float(w) for w in weights], float(bias), activation)
    for ax in (left, right):
        ax.set_aspect("equal")
        ax.axis("off")
    fig.subplots_adjust(left=0.01, right=0.99, top=0.9, bottom=0.02, wspace=0.05)
    n = len(weights)
    inputs = "1 input x1" if n == 1 else f"{n} inputs x1 to x{n}"
    named = listing([f"w{i + 1} = {float(w):g}" for i, w in enumerate(weights)])
    apply(fig, (
        "Two diagrams side by side. Left, a schematic biological neuron (a cartoon, not "
        "anatomy): dendrites where signals arrive, a cell body that adds them up, an axon that "
        "carries a spike when a threshold is passed, and synapses that set the connection "
        "strength to the next cell. Right, an artificial neuron that keeps only the arithmetic: "
        f"{inputs}, each multiplied by its weight ({named}), are added up in a Σ node together "
        f"with the bias b = {float(bias):g} to give z, and an activation box f ({activation}) "
        "turns z into the output a = f(w1x1 + … + wnxn + b). The weights stand for the "
        "synapses, the sum for the cell body and the activation for the threshold."
    ), alt)
    return fig


def plot_network(
    sizes: Sequence[int],
    *,
    ax: Any = None,
    title: str | None = None,
    max_units: int = 10,
    alt: str | None = None,
) -> Any:
    """A fully connected network: one column of units per layer, a line per weight.

    Parameters
    ----------
    sizes : sequence of int
        Units per layer, inputs first, e.g. ``[3, 4, 4, 1]``.
    ax : matplotlib Axes, optional
    title : str, optional
        Default: the architecture and its number of parameters.
    max_units : int
        Layers wider than this are drawn with ``max_units`` units and a "⋮"
        (the title still gives the true sizes).
    alt : str, optional
        Text alternative (``gdkit.plots.alt_text``); by default the layers and their
        sizes, and how many of the parameters are weights (lines) and biases.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from ..plots._alt import apply, listing
    from ..plots._axes import axes_for

    sizes = [int(s) for s in sizes]
    fig, ax = axes_for(ax, figsize=(1.9 * len(sizes) + 1.0, 3.8))
    count = parameter_count(sizes)
    shown = [min(s, max_units) for s in sizes]
    top = max(shown)
    positions = []
    for layer, n in enumerate(shown):
        ys = np.linspace((n - 1) / 2, -(n - 1) / 2, n)
        positions.append([(float(layer), float(y)) for y in ys])
    for left, right in zip(positions[:-1], positions[1:], strict=True):
        for x1, y1 in left:
            for x2, y2 in right:
                ax.plot([x1, x2], [y1, y2], color="0.55", lw=0.7, zorder=1)
    names = ["input"] + [f"hidden {i}" for i in range(1, len(sizes) - 1)] + ["output"]
    colours = ["#dbe9f6"] + ["#fde9c9"] * (len(sizes) - 2) + ["#e2f0d9"]
    low = min(y for column in positions for _, y in column)
    marker = min(380.0, 2600.0 / top)
    for layer, column in enumerate(positions):
        xs, ys = zip(*column, strict=True)
        ax.scatter(xs, ys, s=marker, facecolor=colours[layer], edgecolor="black", zorder=3)
        if sizes[layer] > shown[layer]:
            ax.text(layer + 0.18, low, "⋮", ha="left", va="center", fontsize=14)
        units = "unit" if sizes[layer] == 1 else "units"
        ax.text(layer, low - 0.8, f"{names[layer]}\n{sizes[layer]:,} {units}", ha="center",
                va="top", fontsize=9)
    ax.set_xlim(-0.6, len(sizes) - 0.4)
    ax.set_ylim(low - 1.7, -low + 0.5)
    ax.axis("off")
    arch = "-".join(map(str, sizes))
    ax.set_title(title if title is not None else f"A {arch} network: {count:,} parameters")
    weights = sum(a * b for a, b in zip(sizes[:-1], sizes[1:], strict=False))
    layer_names = ["the input layer"] + [f"hidden layer {i}" for i in range(1, len(sizes) - 1)]
    layers = listing([f"{name} of {size:,} unit{'' if size == 1 else 's'}"
                      for name, size in zip([*layer_names, "the output layer"], sizes, strict=True)])
    wide = [s for s in sizes if s > max_units]
    text = (
        f"Diagram of a fully connected {arch} network with {count:,} parameters, drawn as "
        f"{len(sizes)} columns of units from left to right: {layers}. A line joins every unit "
        f"to every unit of the next layer, one line per weight: {weights:,} weights, plus "
        f"{count - weights:,} bias{'' if count - weights == 1 else 'es'}, one per unit outside "
        "the input layer."
    )
    if wide:
        text += (f" Layers wider than {max_units} units are drawn with {max_units} units "
                 "and a vertical ellipsis.")
    apply(ax, text, alt)
    return fig
