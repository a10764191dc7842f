"""A tiny multi-layer perceptron built from :class:`gdkit.Value` neurons.

Every weight is a :class:`~gdkit.Value`, so one call of ``loss.backward()`` gives
:math:`\\partial L/\\partial w` for every weight by the chain rule, one scalar at a
time.  This is slow (a Python object per multiply) and meant for small networks
on small data: it shows that backpropagation is nothing more than the Value
engine run on a bigger expression.

A neuron with weights :math:`w \\in \\mathbb R^{n}` and bias :math:`b` computes

.. math::  a = f(z), \\qquad z = w \\cdot x + b,

a layer is a list of neurons reading the same inputs, and a network is a chain of
layers; the hidden layers use ``activation`` and the last layer is linear, so the
network outputs a *logit* :math:`f(x)`.  For labels :math:`y \\in \\{0, 1\\}` the
training loss is the mean binary logistic loss

.. math::  L = \\frac1n \\sum_i \\ln(1 + e^{f(x_i)}) - y_i f(x_i),

the same formula as :func:`gdkit.losses.logistic_loss`, whose derivative with
respect to each logit is :math:`(\\sigma(f(x_i)) - y_i)/n`.

The parameters are kept in PyTorch's order (for each layer: the weight matrix of
shape (n_out, n_in) row by row, then the biases), so :meth:`ValueMLP.to_arrays`
can be copied straight into ``torch.nn.Linear`` layers and flat gradient vectors
line up with ``torch.cat([p.grad.ravel() for p in net.parameters()])``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..value import Value

__all__ = [
    "DecisionGrid",
    "Layer",
    "Neuron",
    "ValueMLP",
    "ValueTraining",
    "decision_grid",
    "train_value_mlp",
]

ACTIVATIONS = ("tanh", "relu", "sigmoid")


def _check_activation(activation: str, allowed: Sequence[str]) -> str:
    if activation not in allowed:
        raise ValueError(
            f"activation must be one of {', '.join(map(repr, allowed))}; got {activation!r}"
        )
    return activation


def _logistic(f: Value, y: float) -> Value:
    """The binary logistic loss of one logit, :math:`\\ln(1 + e^{f}) - y f`, on Values.

    The same formula as :func:`gdkit.losses.logistic_loss` (which works on NumPy
    arrays), written with :meth:`Value.softplus` so that it joins the graph.
    """
    return f.softplus() - y * f


def _weighted_sum(w: list[Value], b: Value, x: Sequence[Any]) -> Value:
    """:math:`z = b + w_1 x_1 + \\dots + w_n x_n`, one Value operation at a time."""
    z = b
    for wi, xi in zip(w, x, strict=True):
        z = z + wi * xi
    return z


def _activate(z: Value, activation: str) -> Value:
    if activation == "identity":
        return z
    return getattr(z, activation)()


class Neuron:
    """One unit: :math:`a = f(w \\cdot x + b)` with Value weights.

    Parameters
    ----------
    weights : sequence of float
        :math:`w`, one per input.
    bias : float
        :math:`b`.
    activation : {"tanh", "relu", "sigmoid", "identity"}
        :math:`f`; ``"identity"`` makes a linear unit (the output layer).

    Examples
    --------
    >>> n = Neuron([2.0, -1.0], bias=0.5, activation="identity")
    >>> n([1.0, 3.0]).data  # 2·1 − 1·3 + 0.5
    -0.5
    """

    def __init__(self, weights: Sequence[float], bias: float, activation: str = "tanh") -> None:
        self.w = [Value(float(w)) for w in weights]
        if not self.w:
            raise ValueError("weights must hold at least one weight, got an empty sequence")
        self.b = Value(float(bias))
        self.activation = _check_activation(activation, (*ACTIVATIONS, "identity"))

    def __call__(self, x: Sequence[Any]) -> Value:
        if len(x) != len(self.w):
            raise ValueError(f"x has {len(x)} inputs; this neuron expects {len(self.w)}")
        return _activate(_weighted_sum(self.w, self.b, x), self.activation)

    def parameters(self) -> list[Value]:
        """The weights, then the bias."""
        return [*self.w, self.b]

    def __repr__(self) -> str:
        return f"Neuron({len(self.w)} inputs, {self.activation})"


class Layer:
    """Several neurons reading the same inputs: :math:`a = f(Wx + b)`.

    Parameters
    ----------
    weights : array_like of shape (n_out, n_in)
        Row j holds the weights of neuron j.
    biases : array_like of shape (n_out,)
    activation : {"tanh", "relu", "sigmoid", "identity"}
    """

    def __init__(self, weights: Any, biases: Any, activation: str = "tanh") -> None:
        W = np.asarray(weights, dtype=float)
        b = np.asarray(biases, dtype=float)
        if W.ndim != 2 or b.shape != (W.shape[0],):
            raise ValueError(
                f"weights must have shape (n_out, n_in) and biases shape (n_out,); "
                f"got {W.shape} and {b.shape}"
            )
        self.neurons = [Neuron(row, bj, activation) for row, bj in zip(W, b, strict=True)]
        self.activation = activation

    def __call__(self, x: Sequence[Any]) -> list[Value]:
        return [neuron(x) for neuron in self.neurons]

    def parameters(self) -> list[Value]:
        """All weights row by row (PyTorch's ``weight.ravel()``), then all biases."""
        return [w for n in self.neurons for w in n.w] + [n.b for n in self.neurons]

    @property
    def shape(self) -> tuple[int, int]:
        """(n_out, n_in)."""
        return len(self.neurons), len(self.neurons[0].w)

    def __repr__(self) -> str:
        n_out, n_in = self.shape
        return f"Layer({n_in} → {n_out}, {self.activation})"


class ValueMLP:
    """A fully connected network of Value neurons with a linear output layer.

    Parameters
    ----------
    sizes : sequence of int
        Units per layer, inputs first, e.g. ``[2, 16, 16, 1]``.
    activation : {"tanh", "relu", "sigmoid"}
        :math:`f` of the hidden layers.
    seed : int
        Seed of the initial weights.  Every weight and bias of a layer with
        :math:`n_{in}` inputs is drawn from :math:`U(-1/\\sqrt{n_{in}},
        1/\\sqrt{n_{in}})` – the distribution ``torch.nn.Linear`` uses – by
        ``numpy.random.default_rng(seed)``, layer by layer (weights, then biases),
        so the same seed always gives the same network.

    Examples
    --------
    >>> net = ValueMLP([2, 3, 1], seed=0)
    >>> net.n_params  # (2 + 1)·3 + (3 + 1)·1
    13
    >>> f = net([0.5, -1.0])[0]  # the logit, a Value
    >>> p = net.predict_proba(np.array([[0.5, -1.0]]))[0]  # σ(f), computed with NumPy
    >>> bool(abs(f.sigmoid().data - p) < 1e-12)
    True
    """

    def __init__(self, sizes: Sequence[int], activation: str = "tanh", seed: int = 0) -> None:
        sizes_list = [int(s) for s in sizes]
        if len(sizes_list) < 2 or any(s < 1 for s in sizes_list) or sizes_list != list(sizes):
            raise ValueError(f"sizes must be at least two positive integers, got {sizes!r}")
        self.sizes = sizes_list
        self.activation = _check_activation(activation, ACTIVATIONS)
        self.seed = seed
        rng = np.random.default_rng(seed)
        self.layers: list[Layer] = []
        for i, (n_in, n_out) in enumerate(zip(sizes_list[:-1], sizes_list[1:], strict=True)):
            bound = 1.0 / np.sqrt(n_in)
            W = rng.uniform(-bound, bound, size=(n_out, n_in))
            b = rng.uniform(-bound, bound, size=n_out)
            last = i == len(sizes_list) - 2
            self.layers.append(Layer(W, b, "identity" if last else activation))

    # --- forward pass ------------------------------------------------------------------
    def __call__(self, x: Sequence[Any]) -> list[Value]:
        """The outputs (logits) for one input ``x`` of length ``sizes[0]``."""
        if len(x) != self.sizes[0]:
            raise ValueError(f"x has {len(x)} inputs; this network expects {self.sizes[0]}")
        a: Sequence[Any] = [float(v) for v in x]
        for layer in self.layers:
            a = layer(a)
        return list(a)

    def loss(self, X: np.ndarray, y: np.ndarray) -> Value:
        """The mean logistic loss :math:`\\frac1n\\sum_i \\ell(f(x_i), y_i)` as one Value graph.

        Needs a single output unit (``sizes[-1] == 1``).
        """
        X, y = self._data(X, y)
        total: Value | float = 0.0
        for xi, yi in zip(X, y, strict=True):
            total = total + _logistic(self(xi)[0], float(yi))
        return total * (1.0 / len(X))

    def _data(self, X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        if self.sizes[-1] != 1:
            raise ValueError(
                f"the logistic loss needs one output unit; this network has {self.sizes[-1]}"
            )
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float).ravel()
        if X.ndim != 2 or X.shape[1] != self.sizes[0]:
            raise ValueError(f"X must have shape (n, {self.sizes[0]}), got {X.shape}")
        if len(y) != len(X) or len(X) == 0:
            raise ValueError(f"X has {len(X)} rows but y has {len(y)} labels; expected equal, > 0")
        return X, y

    # --- parameters ----------------------------------------------------------------------
    def parameters(self) -> list[Value]:
        """Every weight and bias, in PyTorch's order (layer by layer: weights row by row, biases)."""
        return [p for layer in self.layers for p in layer.parameters()]

    @property
    def n_params(self) -> int:
        """Number of weights and biases."""
        return sum((n_in + 1) * n_out for n_in, n_out in zip(self.sizes[:-1], self.sizes[1:], strict=True))

    def get_params(self) -> np.ndarray:
        """The parameters as one flat float array (in :meth:`parameters` order)."""
        return np.array([p.data for p in self.parameters()])

    def set_params(self, theta: Any) -> None:
        """Overwrite every parameter from a flat array of length :attr:`n_params`."""
        theta = np.asarray(theta, dtype=float).ravel()
        params = self.parameters()
        if theta.shape != (len(params),):
            raise ValueError(f"theta must have {len(params)} entries, got {theta.size}")
        for p, v in zip(params, theta, strict=True):
            p.data = float(v)

    def get_grads(self) -> np.ndarray:
        """The ``.grad`` of every parameter, flat, in :meth:`parameters` order."""
        return np.array([p.grad for p in self.parameters()])

    def to_arrays(self) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """The weights and biases as NumPy arrays: ``W[l]`` (n_out, n_in) and ``b[l]`` (n_out,).

        The layout of ``torch.nn.Linear.weight`` / ``.bias`` and of :class:`gdkit.MLP`.
        """
        weights, biases = [], []
        for layer in self.layers:
            weights.append(np.array([[w.data for w in n.w] for n in layer.neurons]))
            biases.append(np.array([n.b.data for n in layer.neurons]))
        return weights, biases

    def to_numpy_mlp(self) -> Any:
        """The same network as a :class:`gdkit.MLP` with a sigmoid output (probabilities).

        Evaluating the NumPy network on thousands of points (a decision-boundary
        grid) is fast, where the Value network would build a graph per point.
        """
        from ..mlp import MLP

        net = MLP(self.sizes, activation=self.activation, output_activation="sigmoid")
        net.weights, net.biases = self.to_arrays()
        return net

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        """:math:`P(y = 1 \\mid x) = \\sigma(f(x))` for every row of X (vectorised, NumPy)."""
        return self.to_numpy_mlp().forward(np.asarray(X, dtype=float))[:, 0]

    def predict(self, X: np.ndarray) -> np.ndarray:
        """Class 1 where :math:`\\sigma(f(x)) > 0.5`, else 0."""
        return (self.predict_proba(X) > 0.5).astype(np.int64)

    def __repr__(self) -> str:
        arch = "-".join(map(str, self.sizes))
        return f"ValueMLP({arch}, {self.activation}, seed={self.seed}, {self.n_params} parameters)"


@dataclass
class ValueTraining:
    """What :func:`train_value_mlp` did.

    Attributes
    ----------
    trajectory : gdkit.Trajectory
        ``params`` (steps + 1, p) and ``losses`` (steps + 1,), row t after t updates.
    gradients : ndarray of shape (steps + 1, p)
        :math:`\\nabla L` at every row of ``trajectory.params`` (Value backprop).
    seconds : float
        Wall time of the whole run.
    """

    trajectory: Any
    gradients: np.ndarray
    seconds: float

    @property
    def losses(self) -> np.ndarray:
        """The loss before the first update and after each update."""
        return self.trajectory.losses

    @property
    def params(self) -> np.ndarray:
        """The parameters before the first update and after each update."""
        return self.trajectory.params

    def __repr__(self) -> str:
        return (
            f"ValueTraining({self.trajectory.n_steps} steps, loss {self.losses[0]:.4f} → "
            f"{self.losses[-1]:.4f})"
        )


class _LossAndGradient:
    """L(θ) and ∇L(θ) from one Value forward and backward pass, cached for the last θ."""

    def __init__(self, model: ValueMLP, X: np.ndarray, y: np.ndarray) -> None:
        self.model, self.X, self.y = model, X, y
        self.theta: np.ndarray | None = None
        self.value = 0.0
        self.grad = np.empty(0)
        self.gradients: list[np.ndarray] = []

    def _evaluate(self, theta: np.ndarray) -> None:
        if self.theta is not None and np.array_equal(theta, self.theta):
            return
        self.model.set_params(theta)
        L = self.model.loss(self.X, self.y)
        L.backward()
        self.theta = np.array(theta, dtype=float)
        self.value = L.data
        self.grad = self.model.get_grads()
        self.gradients.append(self.grad)

    def loss(self, theta: np.ndarray) -> float:
        self._evaluate(theta)
        return self.value

    def gradient(self, theta: np.ndarray) -> np.ndarray:
        self._evaluate(theta)
        return self.grad


def train_value_mlp(
    model: ValueMLP,
    X: np.ndarray,
    y: np.ndarray,
    lr: float,
    steps: int,
    callback: Callable[[int, np.ndarray, float], object] | None = None,
) -> ValueTraining:
    """Full-batch gradient descent on the mean logistic loss, gradients by Value backprop.

    Each step runs one forward pass over all n examples (building one graph),
    one ``backward()`` and the update :math:`\\theta \\leftarrow \\theta - \\eta
    \\nabla L(\\theta)`; the loop itself is :func:`gdkit.gradient_descent`.
    The model ends with the final parameters.

    Parameters
    ----------
    model : ValueMLP
        Trained in place; needs one output unit.
    X : ndarray of shape (n, sizes[0])
    y : ndarray of shape (n,)
        Labels 0 or 1.
    lr : float
        Learning rate :math:`\\eta > 0`.
    steps : int
        Number of updates.
    callback : callable, optional
        Passed on to :func:`gdkit.gradient_descent`.

    Returns
    -------
    ValueTraining
        Losses, parameters and gradients before the first and after every update.
    """
    from ..optim import gradient_descent

    if not isinstance(model, ValueMLP):
        raise TypeError(f"model must be a ValueMLP, got {type(model).__name__}")
    if not np.isfinite(lr) or lr <= 0:
        raise ValueError(f"lr must be a positive number, got {lr!r}")
    if int(steps) != steps or steps < 0:
        raise ValueError(f"steps must be a non-negative integer, got {steps!r}")
    X, y = model._data(X, y)
    objective = _LossAndGradient(model, X, y)
    start = time.perf_counter()
    run = gradient_descent(
        objective.loss, objective.gradient, model.get_params(), lr=lr, steps=int(steps),
        callback=callback,
    )
    seconds = time.perf_counter() - start
    model.set_params(run.final_params)
    gradients = np.array(objective.gradients[: len(run.losses)])
    return ValueTraining(trajectory=run, gradients=gradients, seconds=seconds)


@dataclass
class DecisionGrid:
    """Class-1 probabilities of a classifier on a regular grid over the data.

    Attributes
    ----------
    xs, ys : ndarray
        Grid coordinates along x₁ and x₂.
    proba : ndarray of shape (len(ys), len(xs))
        :math:`P(y = 1 \\mid x)` at every grid point (``meshgrid`` layout).
    """

    xs: np.ndarray
    ys: np.ndarray
    proba: np.ndarray

    @property
    def labels(self) -> np.ndarray:
        """The predicted class at every grid point (probability > 0.5)."""
        return (self.proba > 0.5).astype(np.int64)

    @property
    def fraction_class1(self) -> float:
        """The share of the plane (of the grid) assigned to class 1."""
        return float(self.labels.mean())

    def disagreement(self, other: DecisionGrid) -> float:
        """The share of grid points where two classifiers predict different classes."""
        if self.proba.shape != other.proba.shape:
            raise ValueError(
                f"grids differ in shape: {self.proba.shape} and {other.proba.shape}"
            )
        return float(np.mean(self.labels != other.labels))


def decision_grid(
    predict_proba: Callable[[np.ndarray], Any],
    X: np.ndarray,
    resolution: int = 100,
    pad: float = 0.5,
) -> DecisionGrid:
    """Evaluate ``predict_proba`` on a ``resolution × resolution`` grid around the data.

    Parameters
    ----------
    predict_proba : callable
        Maps an (m, 2) array to m probabilities of class 1 (e.g.
        :meth:`ValueMLP.predict_proba`).
    X : ndarray of shape (n, 2)
        The data; the grid spans its range plus ``pad`` on each side.
    resolution : int
        Grid points per axis (at least 2).
    pad : float
        Margin around the data, in the data's units.

    Returns
    -------
    DecisionGrid
    """
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"X must have shape (n, 2), got {X.shape}")
    if int(resolution) != resolution or resolution < 2:
        raise ValueError(f"resolution must be an integer ≥ 2, got {resolution!r}")
    xs = np.linspace(X[:, 0].min() - pad, X[:, 0].max() + pad, int(resolution))
    ys = np.linspace(X[:, 1].min() - pad, X[:, 1].max() + pad, int(resolution))
    G1, G2 = np.meshgrid(xs, ys)
    proba = np.asarray(predict_proba(np.column_stack([G1.ravel(), G2.ravel()])), dtype=float)
    if proba.size != G1.size:
        raise ValueError(
            f"predict_proba returned {proba.size} values for {G1.size} grid points"
        )
    return DecisionGrid(xs=xs, ys=ys, proba=proba.reshape(G1.shape))
