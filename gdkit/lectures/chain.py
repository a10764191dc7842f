"""The chain rule in lecture 05: worked gradients, sub-blocks, Jacobians, and the cost of each mode.

Four small pieces that lecture 05 computes with and checks against ``gdkit.Value``,
``gdkit.Dual``, finite differences and torch:

* **Example 2** – a sigmoid on top of a linear model with the squared loss,

  .. math::  L(w) = \\sum_i (y_i - \\sigma(d_i))^2, \\quad d_i = w^T x_i, \\qquad
             \\frac{\\partial L}{\\partial w_j} = -2 \\sum_i r_i\\, s_i (1 - s_i)\\, x_{ij}, \\quad s_i = \\sigma(d_i),

  with the residual :math:`r_i = y_i - \\sigma(d_i)` (:func:`sigmoid_squared_loss`,
  :func:`sigmoid_squared_grad`).  Example 1, the plain linear model, is
  :func:`gdkit.least_squares_loss` / :func:`gdkit.least_squares_grad`.
* **Sub-blocks** – logistic regression on one example cut into three blocks,
  :math:`w^Tx \\to u \\to \\sigma \\to p \\to -\\log p \\to L`; the forward pass stores
  *u* and *p*, each block knows its local derivative, and the gradient is their product
  (:func:`logistic_blocks`, drawn by :func:`plot_logistic_blocks`).
* **The vector chain rule** in numerator layout: for
  :math:`y = f(\\mathbf u),\\ \\mathbf u = g(\\mathbf v),\\ \\mathbf v = h(\\mathbf x)` with
  :math:`\\mathbf x\\in\\mathbb R^D,\\ \\mathbf v\\in\\mathbb R^J,\\ \\mathbf u\\in\\mathbb R^{J'}`,

  .. math::  \\nabla_{\\mathbf x} y = \\underbrace{\\nabla_{\\mathbf u} y}_{1\\times J'}\\;
             \\underbrace{\\mathbb J_{\\mathbf v}[\\mathbf u]}_{J'\\times J}\\;
             \\underbrace{\\mathbb J_{\\mathbf x}[\\mathbf v]}_{J\\times D}
             \\quad (1\\times D)

  (:func:`vector_chain`).
* **Forward vs reverse mode** – the full Jacobian of :math:`f:\\mathbb R^n\\to\\mathbb R^m`
  by dual numbers (one pass per *input*) and by backpropagation (one backward sweep per
  *output*), with the passes and operations counted (:func:`forward_mode_jacobian`,
  :func:`reverse_mode_jacobian`, :func:`mode_costs`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .. import elementary as el
from .._validate import function
from ..dual import Dual
from ..value import Value

__all__ = [
    "LogisticBlocks",
    "ModeCost",
    "VectorChain",
    "count_operations",
    "forward_mode_jacobian",
    "logistic_blocks",
    "mode_costs",
    "plot_logistic_blocks",
    "reverse_mode_jacobian",
    "sigmoid_squared_grad",
    "sigmoid_squared_loss",
    "vector_chain",
]


# --- argument checks ------------------------------------------------------------------------


def _vector(a: Any, name: str) -> np.ndarray:
    arr = np.asarray(a, dtype=float)
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D array, got shape {arr.shape}")
    return arr


def _matrix(a: Any, name: str) -> np.ndarray:
    arr = np.asarray(a, dtype=float)
    if arr.ndim != 2 or arr.size == 0:
        raise ValueError(f"{name} must be a non-empty 2-D array, got shape {arr.shape}")
    return arr


def _regression_arrays(w: Any, X: Any, y: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    w, X, y = _vector(w, "w"), _matrix(X, "X"), _vector(y, "y")
    if X.shape != (y.size, w.size):
        raise ValueError(
            f"X must have shape (len(y), len(w)) = ({y.size}, {w.size}), got {X.shape}"
        )
    return w, X, y


# --- Example 2: sigmoid of a linear model, squared loss ---------------------------------------


def sigmoid_squared_loss(w: Any, X: Any, y: Any) -> float:
    """Example 2's loss :math:`L(w) = \\sum_i (y_i - \\sigma(w^T x_i))^2`.

    Parameters
    ----------
    w : array_like of shape (p,)
        Weights.
    X : array_like of shape (n, p)
        One example per row.
    y : array_like of shape (n,)
        Targets.

    Returns
    -------
    float

    Examples
    --------
    >>> sigmoid_squared_loss([0.0], [[1.0], [2.0]], [1.0, 0.0])
    0.5
    """
    w, X, y = _regression_arrays(w, X, y)
    residual = y - el.sigmoid(X @ w)
    return float(residual @ residual)


def sigmoid_squared_grad(w: Any, X: Any, y: Any) -> np.ndarray:
    """Example 2's gradient :math:`\\partial L/\\partial w_j = -2\\sum_i r_i s_i (1 - s_i) x_{ij}`, :math:`s_i = \\sigma(d_i)`.

    With :math:`d_i = w^T x_i` and the residual :math:`r_i = y_i - \\sigma(d_i)`; as one matrix
    product, :math:`\\nabla L = -2 X^T (r \\odot \\sigma(d) \\odot (1 - \\sigma(d)))`.

    Parameters
    ----------
    w, X, y
        As in :func:`sigmoid_squared_loss`.

    Returns
    -------
    ndarray of shape (p,)

    Examples
    --------
    >>> sigmoid_squared_grad([0.0], [[1.0], [2.0]], [1.0, 0.0])
    array([0.25])
    """
    w, X, y = _regression_arrays(w, X, y)
    s = el.sigmoid(X @ w)
    residual = y - s
    return -2.0 * X.T @ (residual * s * (1.0 - s))


# --- the logistic model cut into sub-blocks ----------------------------------------------------


@dataclass(frozen=True)
class LogisticBlocks:
    """One forward and backward pass through :math:`w^Tx \\to u \\to \\sigma \\to p \\to -\\log p`.

    Attributes
    ----------
    x, w : ndarray of shape (D,)
        The example and the weights.
    u : float
        Block 1's output, :math:`u = w^T x`.
    p : float
        Block 2's output, :math:`p = \\sigma(u)` (the predicted probability of the label 1).
    loss : float
        Block 3's output, :math:`L = -\\log p`.
    jacobians : dict of str to ndarray
        Each block's local derivative as a numerator-layout Jacobian:
        ``"dL/dp"`` :math:`= -1/p` (1×1), ``"dp/du"`` :math:`= p(1-p)` (1×1),
        ``"du/dw"`` :math:`= x^T` (1×D).  They use only the stored *u*, *p* and *x*.
    upstream : dict of str to ndarray
        The backward pass: :math:`\\partial L/\\partial v` for ``"L"``, ``"p"``, ``"u"``
        and ``"w"``, each the previous one times the next local Jacobian.
    """

    x: np.ndarray
    w: np.ndarray
    u: float
    p: float
    loss: float
    jacobians: dict[str, np.ndarray]
    upstream: dict[str, np.ndarray]

    @property
    def gradient(self) -> np.ndarray:
        """:math:`\\nabla_w L = -(1 - p)\\,x`, shape (D,)."""
        return self.upstream["w"].ravel()


def logistic_blocks(w: Any, x: Any) -> LogisticBlocks:
    """Run the three sub-blocks forward (storing *u*, *p*) and backward (reusing them).

    The loss is the negative log-probability of the label 1,
    :math:`L = -\\log \\sigma(w^T x)`, so :math:`\\nabla_w L = -(1 - p)\\,x`.

    Parameters
    ----------
    w : array_like of shape (D,)
        Weights.
    x : array_like of shape (D,)
        One example.

    Returns
    -------
    LogisticBlocks

    Raises
    ------
    ValueError
        If ``w`` and ``x`` are not 1-D arrays of the same length.

    Examples
    --------
    >>> blocks = logistic_blocks([0.0, 0.0], [1.0, 2.0])
    >>> blocks.p, round(blocks.loss, 6), blocks.gradient
    (0.5, 0.693147, array([-0.5, -1. ]))
    """
    w, x = _vector(w, "w"), _vector(x, "x")
    if w.shape != x.shape:
        raise ValueError(f"w and x must have the same length, got {w.size} and {x.size}")
    u = float(w @ x)
    p = float(el.sigmoid(u))
    loss = -float(el.log(p))
    jac = {
        "dL/dp": np.array([[-1.0 / p]]),
        "dp/du": np.array([[p * (1.0 - p)]]),
        "du/dw": x[None, :].copy(),
    }
    up = {"L": np.array([[1.0]])}
    up["p"] = up["L"] @ jac["dL/dp"]
    up["u"] = up["p"] @ jac["dp/du"]
    up["w"] = up["u"] @ jac["du/dw"]
    return LogisticBlocks(x=x, w=w, u=u, p=p, loss=loss, jacobians=jac, upstream=up)


def plot_logistic_blocks(blocks: LogisticBlocks, *, ax: Any = None, alt: str | None = None) -> Any:
    """Draw the three sub-blocks of :func:`logistic_blocks` with both passes written on the arrows.

    Each box is one block: its name, what it computes and its local derivative.  Above
    each arrow, in black, is the value the forward pass stores (*u*, *p*, *L*); below
    it, in red and pointing back, is the gradient the backward pass carries
    (:math:`\\partial L/\\partial p`, :math:`\\partial L/\\partial u`,
    :math:`\\partial L/\\partial \\mathbf w`).

    Parameters
    ----------
    blocks : LogisticBlocks
        One forward and backward pass (:func:`logistic_blocks`).
    ax : matplotlib Axes, optional
        Axes to draw on (about 10 inches wide); a new 10 x 3.2 inch figure by default.
    alt : str, optional
        Text alternative (``gdkit.plots.alt_text``); by default the three blocks, the
        values the forward pass stores and the gradients the backward pass carries.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from matplotlib.patches import FancyBboxPatch

    from ..plots._alt import apply
    from ..plots._axes import axes_for

    if not isinstance(blocks, LogisticBlocks):
        raise TypeError(
            f"blocks={blocks!r} of type {type(blocks).__name__}; expected the LogisticBlocks "
            "that logistic_blocks returns"
        )
    new_figure = ax is None
    fig, ax = axes_for(ax, figsize=(10.0, 3.2))
    if new_figure:
        fig.subplots_adjust(left=0.01, right=0.99, bottom=0.02, top=0.88)
    forward_colour, backward_colour = "black", "#c0392b"
    # x positions in inches of a 10-inch-wide figure: inputs, then three boxes with gaps
    box_width, gap, left_width = 1.45, 1.2, 1.75
    centres = [left_width + 0.5 + box_width / 2 + k * (box_width + gap) for k in range(3)]
    blocks_text = [  # (name, what it computes, local derivative)
        ("dot product", r"$u = \mathbf{w}^T\mathbf{x}$", r"$\partial u/\partial \mathbf{w} = \mathbf{x}^T$"),
        ("sigmoid", r"$p = \sigma(u)$", r"$\partial p/\partial u = p\,(1-p)$"),
        ("negative log", r"$L = -\log p$", r"$\partial L/\partial p = -1/p$"),
    ]
    for cx, (name, computes, local) in zip(centres, blocks_text, strict=True):
        ax.add_patch(FancyBboxPatch((cx - box_width / 2, -0.55), box_width, 1.1,
                                    boxstyle="round,pad=0.04", facecolor="#eef3fa", edgecolor="#34495e"))
        ax.text(cx, 0.3, name, ha="center", va="center", fontsize=10.5, weight="bold")
        ax.text(cx, 0.0, computes, ha="center", va="center", fontsize=10.5)
        ax.text(cx, -0.3, local, ha="center", va="center", fontsize=9.5, color="#34495e")
    w_text = ", ".join(f"{v:.3g}" for v in blocks.w)
    x_text = ", ".join(f"{v:.3g}" for v in blocks.x)
    grad_w = ", ".join(f"{v:.3f}" for v in blocks.gradient)
    ax.text(left_width / 2, 0.22, f"$\\mathbf{{w}}$ = ({w_text})\n$\\mathbf{{x}}$ = ({x_text})",
            ha="center", va="bottom", fontsize=9.5, color=forward_colour)
    ax.text(left_width / 2, -0.22, f"$\\partial L/\\partial \\mathbf{{w}}$ =\n({grad_w})",
            ha="center", va="top", fontsize=9.5, color=backward_colour)
    edges = [c + s * (box_width / 2 + 0.06) for c in centres for s in (-1, 1)]
    ends = [(left_width, edges[0]), (edges[1], edges[2]), (edges[3], edges[4]), (edges[5], 9.9)]
    labels = [
        (None, None),
        (f"u = {blocks.u:.4f}", rf"$\partial L/\partial u$ = {blocks.upstream['u'].item():.4f}"),
        (f"p = {blocks.p:.4f}", rf"$\partial L/\partial p$ = {blocks.upstream['p'].item():.4f}"),
        (f"L = {blocks.loss:.4f}", r"$\partial L/\partial L$ = 1"),
    ]
    for (start, end), (forward, backward) in zip(ends, labels, strict=True):
        middle = (start + end) / 2
        ax.annotate("", xy=(end, 0.12), xytext=(start, 0.12),
                    arrowprops={"arrowstyle": "-|>", "color": forward_colour, "lw": 1.4})
        ax.annotate("", xy=(start, -0.12), xytext=(end, -0.12),
                    arrowprops={"arrowstyle": "-|>", "color": backward_colour, "lw": 1.4})
        if forward is not None:
            ax.text(middle, 0.2, forward, ha="center", va="bottom", fontsize=9.5, color=forward_colour)
            ax.text(middle, -0.2, backward, ha="center", va="top", fontsize=9.5, color=backward_colour)
    ax.text(centres[1], 0.8, "forward pass (black, above): each block stores its output  →",
            ha="center", va="bottom", fontsize=10, color=forward_colour)
    ax.text(centres[1], -0.8, "←  backward pass (red, below): times one local derivative per block",
            ha="center", va="top", fontsize=10, color=backward_colour)
    ax.set_xlim(0.0, 10.0)
    ax.set_ylim(-1.2, 1.2)
    ax.axis("off")
    ax.set_title(r"The loss of one example as three blocks: "
                 r"$\mathbf{w}^T\mathbf{x} \to u \to \sigma \to p \to -\log p$")
    apply(ax, _logistic_blocks_alt(blocks), alt)
    return fig


def _logistic_blocks_alt(blocks: LogisticBlocks) -> str:
    def vec(values: Any) -> str:
        return "(" + ", ".join(f"{v:.3g}" for v in np.ravel(values)) + ")"

    up = blocks.upstream
    return (
        "Block diagram of the loss of one example as three blocks in a row: a dot product "
        "u = wᵀx, a sigmoid p = σ(u) and a negative log L = −log p, each box also giving its "
        f"local derivative. Inputs w = {vec(blocks.w)} and x = {vec(blocks.x)}. The forward "
        "pass runs left to right above the arrows and stores each block's output: "
        f"u = {blocks.u:.4g}, p = {blocks.p:.4g}, L = {blocks.loss:.4g}. The backward pass runs "
        "right to left below the arrows, starting from ∂L/∂L = 1 and multiplying by one local "
        f"derivative per block, using only the stored values: ∂L/∂p = −1/p = {up['p'].item():.4g}, "
        f"∂L/∂u = ∂L/∂p · p(1 − p) = {up['u'].item():.4g}, and "
        f"∂L/∂w = ∂L/∂u · xᵀ = {vec(blocks.gradient)}."
    )


# --- the vector chain rule -------------------------------------------------------------------


@dataclass(frozen=True)
class VectorChain:
    """:math:`\\mathbf v = \\tanh(A\\mathbf x),\\ \\mathbf u = B\\mathbf v,\\ y = \\tfrac12\\|\\mathbf u\\|^2` and its Jacobians.

    Attributes
    ----------
    x, v, u : ndarray
        The input (D,) and the stored intermediate vectors (J,) and (J′,).
    y : float
        The scalar output.
    grad_u : ndarray of shape (1, J′)
        :math:`\\nabla_{\\mathbf u} y = \\mathbf u^T`.
    jac_u_v : ndarray of shape (J′, J)
        :math:`\\mathbb J_{\\mathbf v}[\\mathbf u] = B`.
    jac_v_x : ndarray of shape (J, D)
        :math:`\\mathbb J_{\\mathbf x}[\\mathbf v] = \\operatorname{diag}(1 - \\mathbf v^2)\\,A`.
    """

    x: np.ndarray
    v: np.ndarray
    u: np.ndarray
    y: float
    grad_u: np.ndarray
    jac_u_v: np.ndarray
    jac_v_x: np.ndarray

    @property
    def gradient(self) -> np.ndarray:
        """:math:`\\nabla_{\\mathbf x} y` as the 1×D product ``grad_u @ jac_u_v @ jac_v_x``."""
        return self.grad_u @ self.jac_u_v @ self.jac_v_x

    @property
    def shapes(self) -> dict[str, tuple[int, ...]]:
        """The shapes of the three factors and of their product."""
        return {
            "grad_u y": self.grad_u.shape,
            "J_v[u]": self.jac_u_v.shape,
            "J_x[v]": self.jac_v_x.shape,
            "grad_x y": self.gradient.shape,
        }


def vector_chain(x: Any, A: Any, B: Any) -> VectorChain:
    """Evaluate :math:`y = \\tfrac12\\|B\\tanh(A\\mathbf x)\\|^2` and its three Jacobians.

    Parameters
    ----------
    x : array_like of shape (D,)
        The input.
    A : array_like of shape (J, D)
        The first map, followed by tanh: :math:`\\mathbf v = \\tanh(A\\mathbf x)`.
    B : array_like of shape (J′, J)
        The second map: :math:`\\mathbf u = B\\mathbf v`.

    Returns
    -------
    VectorChain

    Raises
    ------
    ValueError
        If the shapes do not chain (``A`` must have D columns, ``B`` J columns).

    Examples
    --------
    >>> chain = vector_chain([1.0, 0.0], [[0.0, 1.0]], [[2.0], [3.0]])
    >>> chain.shapes["J_x[v]"], chain.shapes["grad_x y"]
    ((1, 2), (1, 2))
    """
    x, A, B = _vector(x, "x"), _matrix(A, "A"), _matrix(B, "B")
    if A.shape[1] != x.size:
        raise ValueError(f"A must have len(x) = {x.size} columns, got shape {A.shape}")
    if B.shape[1] != A.shape[0]:
        raise ValueError(f"B must have A.shape[0] = {A.shape[0]} columns, got shape {B.shape}")
    v = np.tanh(A @ x)
    u = B @ v
    return VectorChain(
        x=x,
        v=v,
        u=u,
        y=0.5 * float(u @ u),
        grad_u=u[None, :],
        jac_u_v=B.copy(),
        jac_v_x=(1.0 - v**2)[:, None] * A,
    )


# --- forward mode vs reverse mode ------------------------------------------------------------


def _outputs(out: Any) -> list[Any]:
    """A function's result as a flat list of outputs (a scalar is one output)."""
    if isinstance(out, Value | Dual | int | float | np.floating):
        return [out]
    return list(np.ravel(np.asarray(out, dtype=object)))


def _inputs(x: Any) -> np.ndarray:
    return _vector(np.ravel(np.asarray(x, dtype=float)), "x")


def _object_array(values: list[Any]) -> np.ndarray:
    """Wrap numbers in a 1-D object array, so ``f`` may index it, sum it or use ``@``."""
    arr = np.empty(len(values), dtype=object)
    arr[:] = values
    return arr


def forward_mode_jacobian(
    f: Callable[[np.ndarray], Any], x: Sequence[float] | np.ndarray
) -> tuple[np.ndarray, int]:
    """The Jacobian of :math:`f:\\mathbb R^n\\to\\mathbb R^m` by dual numbers, one pass per input.

    Pass *i* seeds :math:`x_i` with derivative 1 and the other inputs with 0, so every
    output's ``.deriv`` is :math:`\\partial f_k/\\partial x_i`: one pass fills one *column*.

    Parameters
    ----------
    f : callable
        Takes a 1-D object array of *n* numbers (it may index it, sum it or use ``@``) and returns a number or a sequence of *m* numbers, using
        ordinary operators and gdkit's elementary functions.
    x : array_like of shape (n,)
        The point.

    Returns
    -------
    jacobian : ndarray of shape (m, n)
    passes : int
        The number of evaluations of ``f`` (always *n*).

    Examples
    --------
    >>> J, passes = forward_mode_jacobian(lambda v: v[0] * v[1], [2.0, 3.0])
    >>> J, passes
    (array([[3., 2.]]), 2)
    """
    function("f", f, "a function of a list of numbers")
    xs = _inputs(x)
    columns = []
    for i in range(xs.size):
        duals = [Dual(float(xj), 1.0 if j == i else 0.0) for j, xj in enumerate(xs)]
        outs = _outputs(f(_object_array(duals)))
        columns.append([o.deriv if isinstance(o, Dual) else 0.0 for o in outs])
    return np.array(columns, dtype=float).T, xs.size


def reverse_mode_jacobian(
    f: Callable[[np.ndarray], Any], x: Sequence[float] | np.ndarray
) -> tuple[np.ndarray, int]:
    """The Jacobian of :math:`f:\\mathbb R^n\\to\\mathbb R^m` by backpropagation, one sweep per output.

    One forward pass records the graph with :class:`gdkit.Value`; backward sweep *k*
    starts from output :math:`f_k` and fills one *row*, :math:`\\nabla f_k`.

    Parameters
    ----------
    f, x
        As in :func:`forward_mode_jacobian`.

    Returns
    -------
    jacobian : ndarray of shape (m, n)
    passes : int
        The number of backward sweeps (always *m*); the forward pass is run once.

    Examples
    --------
    >>> J, passes = reverse_mode_jacobian(lambda v: v[0] * v[1], [2.0, 3.0])
    >>> J, passes
    (array([[3., 2.]]), 1)
    """
    function("f", f, "a function of a list of numbers")
    xs = [Value(float(xi)) for xi in _inputs(x)]
    outs = _outputs(f(_object_array(xs)))
    rows = []
    for out in outs:
        for leaf in xs:  # an input outside this output's graph must read 0, not a stale grad
            leaf.grad = 0.0
        if isinstance(out, Value):
            out.backward()
        rows.append([leaf.grad for leaf in xs])
    return np.array(rows, dtype=float), len(outs)


def _interior_nodes(out: Any) -> int:
    if not isinstance(out, Value):
        return 0
    return sum(1 for v in out.topological_order() if v.children)


def count_operations(f: Callable[[np.ndarray], Any], x: Sequence[float] | np.ndarray) -> int:
    """The number of elementary operations (+, *, exp, ...) in one evaluation of ``f`` at ``x``.

    Counted as the interior nodes of the graph that :class:`gdkit.Value` records: nodes
    shared by several outputs are counted once.

    Examples
    --------
    >>> count_operations(lambda v: v[0] * v[1] + v[0], [2.0, 3.0])
    2
    """
    function("f", f, "a function of a list of numbers")
    outs = _outputs(f(_object_array([Value(float(xi)) for xi in _inputs(x)])))
    roots = [o for o in outs if isinstance(o, Value)]
    if not roots:
        return 0
    root = roots[0] if len(roots) == 1 else sum(roots[1:], roots[0])
    return _interior_nodes(root) - (len(roots) - 1)  # minus the joining "+" nodes


@dataclass(frozen=True)
class ModeCost:
    """The counted work of a full Jacobian in each mode.

    Attributes
    ----------
    n_inputs, n_outputs : int
        *n* and *m* of :math:`f:\\mathbb R^n\\to\\mathbb R^m`.
    ops_per_evaluation : int
        Elementary operations in one evaluation of ``f`` (:func:`count_operations`).
    forward_passes : int
        Dual-number passes (= *n*).
    reverse_passes : int
        Backward sweeps (= *m*), after one recorded forward pass.
    forward_ops : int
        ``forward_passes × ops_per_evaluation``: every pass redoes every operation, each
        with its derivative.
    reverse_ops : int
        ``ops_per_evaluation`` for the recorded forward pass, plus, for each output, one
        local-derivative step per operation that output depends on.
    """

    n_inputs: int
    n_outputs: int
    ops_per_evaluation: int
    forward_passes: int
    reverse_passes: int
    forward_ops: int
    reverse_ops: int

    @property
    def cheaper(self) -> str:
        """``"forward"``, ``"reverse"`` or ``"tie"``, by counted operations."""
        if self.forward_ops < self.reverse_ops:
            return "forward"
        if self.reverse_ops < self.forward_ops:
            return "reverse"
        return "tie"


def mode_costs(f: Callable[[np.ndarray], Any], x: Sequence[float] | np.ndarray) -> ModeCost:
    """Count the passes and operations each mode needs for the whole Jacobian of ``f`` at ``x``.

    Parameters
    ----------
    f, x
        As in :func:`forward_mode_jacobian`.

    Returns
    -------
    ModeCost

    Examples
    --------
    >>> cost = mode_costs(lambda v: v[0] * v[1] * v[2], [2.0, 3.0, 4.0])
    >>> cost.forward_passes, cost.reverse_passes, cost.forward_ops, cost.reverse_ops
    (3, 1, 6, 4)
    >>> cost.cheaper
    'reverse'
    """
    function("f", f, "a function of a list of numbers")
    xs = _inputs(x)
    outs = _outputs(f(_object_array([Value(float(xi)) for xi in xs])))
    ops = count_operations(f, xs)
    n, m = xs.size, len(outs)
    return ModeCost(
        n_inputs=n,
        n_outputs=m,
        ops_per_evaluation=ops,
        forward_passes=n,
        reverse_passes=m,
        forward_ops=n * ops,
        reverse_ops=ops + sum(_interior_nodes(o) for o in outs),
    )
