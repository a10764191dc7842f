"""A multi-layer perceptron in NumPy, trained by vectorised mini-batch backpropagation.

Notation (Nielsen, ch. 1-2): layer l has weights wˡ (shape n_l × n_{l-1}) and
biases bˡ; for a mini-batch stored as rows, the weighted inputs and
activations are

    zˡ = aˡ⁻¹ (wˡ)ᵀ + bˡ,     aˡ = f(zˡ),     a⁰ = x.

The errors δˡ = ∂C/∂zˡ follow from the four equations of backpropagation

    δᴸ = ∇ₐC ⊙ f'(zᴸ)                (quadratic cost; δᴸ = aᴸ − y for softmax + cross-entropy)
    δˡ = (δˡ⁺¹ wˡ⁺¹) ⊙ f'(zˡ)
    ∂C/∂bˡ = δˡ,     ∂C/∂wˡ = (δˡ)ᵀ aˡ⁻¹,

summed over the rows of the batch and divided by its size m, and one step of
mini-batch SGD is w ← w − (η/m) Σₓ ∂Cₓ/∂w (the same for b).  The whole batch
goes through each equation at once (one matrix product per layer), not one
example at a time as in Nielsen's ``network.py``.

Weights are saved to a plain ``.npz`` (no pickle) and written atomically.
"""

from __future__ import annotations

import contextlib
import itertools
import math
import os
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

from . import _validate

__all__ = ["MLP", "History", "TrainingRun", "blas_threads", "one_hot", "parameter_count"]

ACTIVATIONS = ("sigmoid", "tanh", "relu")
OUTPUT_ACTIVATIONS = ("sigmoid", "tanh", "relu", "identity")
COSTS = ("quadratic", "cross_entropy")
INITS = ("normal", "scaled")
_FORMAT = "gdkit.MLP/1"
_EVAL_CHUNK = 10_000


def one_hot(y: Sequence[int] | np.ndarray, k: int) -> np.ndarray:
    """Integer labels → one-hot rows: label j becomes the unit vector e_j of length k.

    Examples
    --------
    >>> one_hot([2, 0], 3)
    array([[0., 0., 1.],
           [1., 0., 0.]])
    """
    if isinstance(k, bool) or not isinstance(k, int | np.integer) or k < 1:
        raise ValueError(f"k (the number of classes) must be a positive integer, got {k!r}")
    y = np.asarray(y)
    if y.ndim != 1 or (y.size and not np.issubdtype(y.dtype, np.integer)):
        raise ValueError(
            f"y must be a 1-D array of integer labels, got dtype {y.dtype}, shape {y.shape}"
        )
    if y.size and (y.min() < 0 or y.max() >= k):
        raise ValueError(f"labels must lie in 0..{k - 1}, got values from {y.min()} to {y.max()}")
    out = np.zeros((y.size, k))
    out[np.arange(y.size), y] = 1.0
    return out


def parameter_count(sizes: Sequence[int]) -> int:
    """Number of weights and biases of a fully connected network: Σₗ (n_{l-1} + 1)·n_l.

    Examples
    --------
    >>> parameter_count([784, 30, 10])
    23860
    >>> parameter_count([784, 256, 10])
    203530
    """
    sizes = _check_sizes(sizes)
    return sum((n_in + 1) * n_out for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True))


def blas_threads(limit: int | None = 1) -> contextlib.AbstractContextManager:
    """Limit NumPy's BLAS thread pool inside a ``with`` block (None: leave it as it is).

    Mini-batch SGD multiplies small matrices, for which one thread is fastest;
    on a shared or one-CPU machine extra threads only compete with each other
    (a lecture-09 run once took 525 s with several threads on a loaded 2-core
    machine).  `MLP.fit` runs inside ``blas_threads(1)`` by default.

    Examples
    --------
    >>> with blas_threads(1):
    ...     float(np.ones((3, 3)) @ np.ones(3) @ np.ones(3))
    9.0
    """
    if limit is None:
        return contextlib.nullcontext()
    limit = _validate.integer("blas_threads", limit, minimum=1)
    return threadpool_limits(limits=limit, user_api="blas")


def _check_sizes(sizes: Sequence[int]) -> list[int]:
    try:
        out = [_validate.integer("sizes", s, minimum=1) for s in sizes]
    except (TypeError, ValueError):
        out = []
    if len(out) < 2:
        raise ValueError(f"sizes must be at least two positive integers, got {sizes!r}")
    return out


# --- activations, in place: a ← f(z), and f'(z) computed from a ---------------------


def _activate(name: str, a: np.ndarray) -> None:
    """Apply f to a (which holds z) in place."""
    if name == "sigmoid":  # σ(z) = 1/(1 + e^{−z}); e^{−z} = inf gives σ = 0, as it should
        np.negative(a, out=a)
        np.exp(a, out=a)
        a += 1.0
        np.reciprocal(a, out=a)
    elif name == "tanh":
        np.tanh(a, out=a)
    elif name == "relu":
        np.maximum(a, 0.0, out=a)
    elif name == "softmax":
        a -= a.max(axis=1, keepdims=True)
        np.exp(a, out=a)
        a /= a.sum(axis=1, keepdims=True)


def _derivative(name: str, a: np.ndarray, out: np.ndarray) -> np.ndarray:
    """f'(z) expressed through a = f(z): σ' = a(1 − a), tanh' = 1 − a², relu' = [a > 0]."""
    if name == "sigmoid":
        np.subtract(1.0, a, out=out)
        np.multiply(out, a, out=out)
    elif name == "tanh":
        np.multiply(a, a, out=out)
        np.subtract(1.0, out, out=out)
    elif name == "relu":
        np.greater(a, 0.0, out=out)
    else:  # identity
        out.fill(1.0)
    return out


class _Workspace:
    """Preallocated buffers for one batch size m: activations, errors δ, gradients."""

    def __init__(self, sizes: Sequence[int], m: int) -> None:
        self.m = m
        self.a = [np.empty((m, n)) for n in sizes]  # a[0] holds the input batch
        self.delta = [np.empty((m, n)) for n in sizes]
        self.fprime = [np.empty((m, n)) for n in sizes]
        self.y = np.empty((m, sizes[-1]))
        self.ones = np.ones(m)  # Σₓ δₓ = 1ᵀδ, a matrix-vector product (faster than a reduction)
        pairs = zip(sizes[:-1], sizes[1:], strict=True)
        self.grad_w = [np.empty((n_out, n_in)) for n_in, n_out in pairs]
        self.grad_b = [np.empty(n_out) for n_out in sizes[1:]]


_STATUSES = ("running", "finished", "callback", "diverged")


def _column(values: object, dtype: type) -> np.ndarray:
    return np.array(values if values is not None else (), dtype=dtype)


class TrainingRun:
    """The record of one training run of `MLP.fit`, in the spirit of `gdkit.optim.Trajectory`.

    One row per record: after every epoch (with ``record_start``, also epoch 0,
    the untrained network), or after each of fit's ``checkpoints`` (update counts).

    Parameters
    ----------
    epoch : sequence of int
    costs, accuracies : mapping of str to sequence of float, optional
        Per evaluation set, the cost C and the accuracy at each record.
    seconds, updates : sequence, optional
    status, message : str
    loss, accuracy, val_loss, val_accuracy : sequence of float, optional
        Shorthands for ``costs["train"]``, ``accuracies["train"]``,
        ``costs["validation"]`` and ``accuracies["validation"]``.

    Attributes
    ----------
    epoch : ndarray of int
        The epoch of each record: 0 before training, then 1, 2, … (for a
        checkpoint inside an epoch, the epoch under way).
    updates : ndarray of int
        Mini-batch updates done by each record.
    seconds : ndarray of float
        Wall time spent training since the previous record (shuffling and
        updates; the evaluation is not counted; 0 for epoch 0).
    costs, accuracies : dict of str to ndarray
        Per evaluation set (``"train"``, ``"validation"``, or the names of fit's
        ``evaluate``), the cost C and the accuracy (fraction correct) at each record.
    status : {"finished", "callback", "diverged"}
        Why training stopped: all epochs (or ``max_updates``) done, the
        callback asked to stop, or a cost or weight became non-finite.
    message : str
        The reason in a sentence.
    loss, accuracy, val_loss, val_accuracy : ndarray
        ``costs["train"]``, ``accuracies["train"]``, ``costs["validation"]``,
        ``accuracies["validation"]`` (empty if that set was not evaluated).
    diverged : bool
        ``status == "diverged"``.

    Examples
    --------
    >>> run = TrainingRun(epoch=[1, 2], loss=[0.5, 0.25], accuracy=[0.5, 0.75])
    >>> run.loss.tolist(), run.diverged
    ([0.5, 0.25], False)
    """

    def __init__(
        self,
        epoch: Sequence[int] = (),
        *,
        costs: Mapping[str, Sequence[float]] | None = None,
        accuracies: Mapping[str, Sequence[float]] | None = None,
        seconds: Sequence[float] | None = None,
        updates: Sequence[int] | None = None,
        status: str = "finished",
        message: str = "",
        loss: Sequence[float] | None = None,
        accuracy: Sequence[float] | None = None,
        val_loss: Sequence[float] | None = None,
        val_accuracy: Sequence[float] | None = None,
    ) -> None:
        self.epoch = _column(epoch, np.int64)
        n = len(self.epoch)
        self.updates = _column(updates, np.int64) if updates is not None else np.zeros(n, np.int64)
        self.seconds = _column(seconds, float) if seconds is not None else np.zeros(n)
        self.costs = {k: _column(v, float) for k, v in (costs or {}).items()}
        self.accuracies = {k: _column(v, float) for k, v in (accuracies or {}).items()}
        for name, values, table in (("train", loss, self.costs), ("train", accuracy, self.accuracies),
                                    ("validation", val_loss, self.costs),
                                    ("validation", val_accuracy, self.accuracies)):
            if values is not None:
                table[name] = _column(values, float)
        self.status = _validate.choice("status", status, _STATUSES)
        self.message = str(message)

    def _append(self, epoch: int, updates: int, seconds: float,
                measured: Mapping[str, tuple[float, float]]) -> None:
        self.epoch = np.append(self.epoch, epoch)
        self.updates = np.append(self.updates, updates)
        self.seconds = np.append(self.seconds, seconds)
        for name, (cost, accuracy) in measured.items():
            self.costs[name] = np.append(self.costs.get(name, np.empty(0)), cost)
            self.accuracies[name] = np.append(self.accuracies.get(name, np.empty(0)), accuracy)

    @property
    def loss(self) -> np.ndarray:
        return self.costs.get("train", np.empty(0))

    @property
    def accuracy(self) -> np.ndarray:
        return self.accuracies.get("train", np.empty(0))

    @property
    def val_loss(self) -> np.ndarray:
        return self.costs.get("validation", np.empty(0))

    @property
    def val_accuracy(self) -> np.ndarray:
        return self.accuracies.get("validation", np.empty(0))

    @property
    def diverged(self) -> bool:
        return self.status == "diverged"

    def __len__(self) -> int:
        return len(self.epoch)

    def table(self) -> str:
        """A plain-text table, one row per record: cost and accuracy on each set, seconds."""
        names = list(self.costs)
        head = "epoch  updates" + "".join(
            f"{name + ' cost':>{len(name) + 7}}{name + ' acc':>{len(name) + 6}}" for name in names
        ) + "   seconds"
        rows = [head]
        for i, e in enumerate(self.epoch):
            row = f"{e:5d}  {self.updates[i]:7d}" + "".join(
                f"{self.costs[name][i]:>{len(name) + 7}.4f}"
                f"{self.accuracies[name][i]:>{len(name) + 6}.2%}"
                for name in names
            )
            rows.append(row + f"  {self.seconds[i]:8.3f}")
        return "\n".join(rows)

    def __repr__(self) -> str:
        if not len(self):
            return f"TrainingRun(no records; {self.message or self.status})"
        text = (f"TrainingRun({self.epoch[-1]} epochs, {self.updates[-1]} updates, "
                f"{self.seconds.sum():.2f} s")
        for name, values in self.accuracies.items():
            text += f"; {name} accuracy {values[0]:.2%} → {values[-1]:.2%}"
        return text + f"; {self.message or self.status})"


#: The former name of `TrainingRun`.
History = TrainingRun


class MLP:
    """A fully connected network with any layer sizes, trained by mini-batch SGD.

    Parameters
    ----------
    sizes : sequence of int
        Neurons per layer, input first: ``[784, 30, 10]``.
    activation : {"sigmoid", "tanh", "relu"}
        f in the hidden layers.
    cost : {"quadratic", "cross_entropy"}
        ``"quadratic"``: C = 1/(2n) Σₓ ‖y(x) − aᴸ(x)‖², with output activation
        ``output_activation`` (default: the hidden activation, as in Nielsen).
        ``"cross_entropy"``: softmax output aᴸⱼ = e^{zᴸⱼ}/Σₖ e^{zᴸₖ} and
        C = −1/n Σₓ Σⱼ yⱼ ln aᴸⱼ.
    init : {"normal", "scaled"}
        ``"normal"``: every weight and bias ~ N(0, 1) (Nielsen ch. 1).
        ``"scaled"``: weights ~ N(0, 1/n_in) (N(0, 2/n_in) for ReLU), biases ~
        N(0, 1), so weighted inputs z start at a moderate size.
    seed : int
        Seed of the initialisation.
    output_activation : {"sigmoid", "tanh", "relu", "identity"}, optional
        Only for the quadratic cost.

    Attributes
    ----------
    weights : list of ndarray
        ``weights[l]`` has shape (sizes[l+1], sizes[l]) (float64).
    biases : list of ndarray
        ``biases[l]`` has shape (sizes[l+1],).

    Examples
    --------
    >>> net = MLP([2, 3, 1], seed=0)
    >>> net.forward(np.zeros((4, 2))).shape
    (4, 1)
    """

    def __init__(
        self,
        sizes: Sequence[int],
        activation: str = "sigmoid",
        cost: str = "quadratic",
        init: str = "normal",
        seed: int = 0,
        output_activation: str | None = None,
    ) -> None:
        self.sizes = _check_sizes(sizes)
        self.activation = _validate.choice("activation", activation, ACTIVATIONS)
        self.cost = _validate.choice("cost", cost, COSTS)
        self.init = _validate.choice("init", init, INITS)
        if cost == "cross_entropy":
            if output_activation not in (None, "softmax"):
                raise ValueError(
                    f"cost='cross_entropy' uses a softmax output; got output_activation="
                    f"{output_activation!r}"
                )
            self.output_activation = "softmax"
        else:
            self.output_activation = _validate.choice(
                "output_activation", output_activation or activation, OUTPUT_ACTIVATIONS
            )
        rng = np.random.default_rng(seed)
        gain = 2.0 if activation == "relu" else 1.0
        self.weights: list[np.ndarray] = []
        self.biases: list[np.ndarray] = []
        for n_in, n_out in zip(self.sizes[:-1], self.sizes[1:], strict=True):
            w = rng.standard_normal((n_out, n_in))
            if init == "scaled":
                w *= np.sqrt(gain / n_in)
            self.weights.append(w)
            self.biases.append(rng.standard_normal(n_out))
        self._workspaces: dict[int, _Workspace] = {}

    # --- basic facts ---------------------------------------------------------------

    @property
    def n_params(self) -> int:
        """Number of weights and biases."""
        return parameter_count(self.sizes)

    def __repr__(self) -> str:
        return (
            f"MLP({self.sizes}, activation={self.activation!r}, cost={self.cost!r}, "
            f"output={self.output_activation!r}, {self.n_params:,} parameters)"
        )

    @property
    def _layer_activations(self) -> list[str]:
        """f of layers 1..L: the hidden activation, then the output activation."""
        return [self.activation] * (len(self.sizes) - 2) + [self.output_activation]

    # --- inputs and targets -----------------------------------------------------------

    def _inputs(self, X: np.ndarray) -> np.ndarray:
        expected = f"of shape (n, {self.sizes[0]}) (one row of {self.sizes[0]} inputs per example)"
        arr = _validate.real_array("X", X, expected, as_float=False)
        if arr.ndim == 1:
            arr = arr[None, :]
        if arr.ndim != 2 or arr.shape[1] != self.sizes[0]:
            raise ValueError(f"X must have shape (n, {self.sizes[0]}), got shape {np.shape(X)}")
        return np.ascontiguousarray(arr, dtype=np.float64)

    def _targets(self, Y: np.ndarray, n: int) -> np.ndarray:
        """Integer labels or one-hot/real targets → float64 array of shape (n, k)."""
        k = self.sizes[-1]
        expected = f"(labels of shape ({n},) or targets of shape ({n}, {k}))"
        Y = _validate.real_array("Y", Y, expected, as_float=False)
        if Y.ndim == 1:
            if not np.issubdtype(Y.dtype, np.integer):
                raise ValueError(f"1-D targets must be integer labels, got dtype {Y.dtype}")
            Y = Y.reshape(-1, 1).astype(np.float64) if k == 1 else one_hot(Y, k)
        if Y.shape != (n, k):
            raise ValueError(f"Y must have shape ({n},) of labels or ({n}, {k}), got {Y.shape}")
        return np.ascontiguousarray(Y, dtype=np.float64)

    def _labels(self, y: np.ndarray) -> np.ndarray:
        y = _validate.real_array(
            "y", y, "(labels of shape (n,) or one-hot rows of shape (n, k))", as_float=False
        )
        if y.ndim not in (1, 2):
            raise ValueError(
                f"y must be labels of shape (n,) or one-hot rows of shape (n, k), got shape "
                f"{y.shape}"
            )
        if y.ndim == 2:
            return y.argmax(axis=1) if y.shape[1] > 1 else (y[:, 0] > 0.5).astype(np.int64)
        return y

    # --- forward and backward -----------------------------------------------------------

    def _own_parameters(self) -> None:
        """Make every weight and bias a C-contiguous float64 array of the right shape.

        Someone may have assigned, say, a float32 array to ``net.weights[0]``;
        the preallocated buffers need float64, so such arrays are converted.
        """
        for i, (n_in, n_out) in enumerate(zip(self.sizes[:-1], self.sizes[1:], strict=True)):
            for params, shape, name in (
                (self.weights, (n_out, n_in), "weights"),
                (self.biases, (n_out,), "biases"),
            ):
                p = params[i]
                if np.shape(p) != shape:
                    raise ValueError(f"{name}[{i}] must have shape {shape}, got {np.shape(p)}")
                if not (isinstance(p, np.ndarray) and p.dtype == np.float64
                        and p.flags.c_contiguous and p.flags.writeable):
                    params[i] = np.array(p, dtype=np.float64, order="C")

    def _workspace(self, m: int) -> _Workspace:
        ws = self._workspaces.get(m)
        if ws is None:
            ws = self._workspaces[m] = _Workspace(self.sizes, m)
        return ws

    def _forward_into(self, ws: _Workspace) -> None:
        """aˡ = f(aˡ⁻¹ (wˡ)ᵀ + bˡ) for every layer, with ws.a[0] holding the batch."""
        layers = zip(self.weights, self.biases, self._layer_activations, strict=True)
        for layer, (w, b, f) in enumerate(layers, start=1):
            a = ws.a[layer]
            np.dot(ws.a[layer - 1], w.T, out=a)
            a += b
            _activate(f, a)

    def _backward_into(self, ws: _Workspace, scale: float) -> None:
        """scale × Σₓ ∂Cₓ/∂w and ∂Cₓ/∂b into ws.grad_w / ws.grad_b (ws.y holds the targets).

        δᴸ = (aᴸ − y) ⊙ f'(zᴸ) (quadratic) or aᴸ − y (softmax + cross-entropy), then
        δˡ = (δˡ⁺¹ wˡ⁺¹) ⊙ f'(zˡ).  Multiplying δᴸ by ``scale`` scales every
        gradient, since all the equations are linear in δ.
        """
        L = len(self.sizes) - 1
        delta = ws.delta[L]
        np.subtract(ws.a[L], ws.y, out=delta)
        if self.output_activation != "softmax":
            delta *= _derivative(self.output_activation, ws.a[L], ws.fprime[L])
        delta *= scale
        for layer in range(L, 0, -1):
            delta = ws.delta[layer]
            np.dot(delta.T, ws.a[layer - 1], out=ws.grad_w[layer - 1])
            np.dot(ws.ones, delta, out=ws.grad_b[layer - 1])
            if layer > 1:
                below = ws.delta[layer - 1]
                np.dot(delta, self.weights[layer - 1], out=below)
                below *= _derivative(self.activation, ws.a[layer - 1], ws.fprime[layer - 1])

    def forward(self, X: np.ndarray) -> np.ndarray:
        """The output activations aᴸ for a batch X of shape (n, sizes[0])."""
        X = self._inputs(X)
        self._own_parameters()
        out = np.empty((X.shape[0], self.sizes[-1]))
        with np.errstate(over="ignore", under="ignore"):
            for start in range(0, X.shape[0], _EVAL_CHUNK):
                ws = _Workspace(self.sizes, min(_EVAL_CHUNK, X.shape[0] - start))
                ws.a[0] = X[start : start + ws.m]  # a view: the input is not copied
                self._forward_into(ws)
                out[start : start + ws.m] = ws.a[-1]
        return out

    def backprop(
        self, X: np.ndarray, Y: np.ndarray
    ) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Gradients of the batch-mean cost C = (1/m) Σₓ Cₓ by backpropagation.

        Parameters
        ----------
        X : ndarray of shape (m, sizes[0])
        Y : ndarray of shape (m,) integer labels, or (m, sizes[-1]) targets

        Returns
        -------
        grads_w, grads_b : lists of ndarray
            ∂C/∂wˡ and ∂C/∂bˡ, shaped like ``weights`` and ``biases``.
        """
        X = self._inputs(X)
        self._own_parameters()
        ws = _Workspace(self.sizes, X.shape[0])
        ws.a[0] = X
        ws.y[...] = self._targets(Y, X.shape[0])
        with np.errstate(over="ignore", under="ignore"):
            self._forward_into(ws)
            self._backward_into(ws, 1.0 / X.shape[0])
        return ws.grad_w, ws.grad_b

    def loss(self, X: np.ndarray, Y: np.ndarray) -> float:
        """The cost C: quadratic 1/(2n) Σₓ‖y − a‖², or cross-entropy −1/n Σₓ y·ln a."""
        X = self._inputs(X)
        return self._cost_of(self.forward(X), self._targets(Y, X.shape[0]))

    def _cost_of(self, a: np.ndarray, Y: np.ndarray) -> float:
        if self.cost == "quadratic":
            return float(0.5 * np.sum((Y - a) ** 2) / len(a))
        log_a = np.log(np.maximum(a, np.finfo(float).tiny))
        return float(-np.sum(Y * log_a) / len(a))

    def _predicted(self, a: np.ndarray) -> np.ndarray:
        if a.shape[1] == 1:
            return (a[:, 0] > 0.5).astype(np.int64)
        return a.argmax(axis=1)

    def _evaluate(self, X: np.ndarray, Y: np.ndarray) -> tuple[float, float]:
        """(cost, accuracy) from one forward pass."""
        X = self._inputs(X)
        Y = self._targets(Y, X.shape[0])
        a = self.forward(X)
        return self._cost_of(a, Y), float(np.mean(self._predicted(a) == self._labels(Y)))

    def predict(self, X: np.ndarray) -> np.ndarray:
        """Predicted class per row: argmax of aᴸ (a single output: aᴸ > 0.5)."""
        return self._predicted(self.forward(X))

    def accuracy(self, X: np.ndarray, y: np.ndarray) -> float:
        """Fraction of rows whose predicted class equals the label (labels or one-hot)."""
        X = self._inputs(X)
        labels = self._labels(y)
        if len(labels) != len(X):
            raise ValueError(f"X has {len(X)} rows but y has {len(labels)} labels")
        return float(np.mean(self.predict(X) == labels))

    # --- training -------------------------------------------------------------------

    def _updates(
        self, X: np.ndarray, Y: np.ndarray, order: np.ndarray, batch_size: int, lr: float,
        reduction: str,
    ) -> Iterator[None]:
        """One SGD step per mini-batch of X[order] (in that order); yields after each step.

        X and Y must already be float64 arrays (from `_inputs` / `_targets`).  The
        caller sets ``np.errstate``: a generator must not hold one across its yields.
        """
        self._own_parameters()
        weights, biases = self.weights, self.biases
        layers = range(len(weights))
        for start in range(0, len(order), batch_size):
            idx = order[start : start + batch_size]
            m = len(idx)
            ws = self._workspace(m)
            X.take(idx, axis=0, out=ws.a[0])
            Y.take(idx, axis=0, out=ws.y)
            self._forward_into(ws)
            # "sum": v ← v − η Σⱼ ∇C_Xⱼ, done as the mean step with learning rate η·m
            self._backward_into(ws, (lr * m) / m if reduction == "sum" else lr / m)
            for i in layers:
                weights[i] -= ws.grad_w[i]
                biases[i] -= ws.grad_b[i]
            yield

    @staticmethod
    def _order(n: int, rng: np.random.Generator | int | None) -> np.ndarray:
        """The epoch's order of the examples: one ``permutation(n)`` of ``rng`` (None: unshuffled)."""
        return np.arange(n) if rng is None else np.random.default_rng(rng).permutation(n)

    def train_epoch(
        self,
        X: np.ndarray,
        Y: np.ndarray,
        batch_size: int,
        lr: float,
        rng: np.random.Generator | int | None = 0,
        max_batches: int | None = None,
        *,
        reduction: str = "mean",
    ) -> int:
        """One epoch of mini-batch SGD: shuffle, then w ← w − (η/m) Σₓ ∂Cₓ/∂w per batch.

        The step of `fit` (no evaluation, no bookkeeping); it reuses
        preallocated buffers so a step costs a few dozen NumPy calls.  The
        arrays in ``weights`` and ``biases`` are updated in place: keep a
        snapshot with ``[w.copy() for w in net.weights]``.

        Parameters
        ----------
        X : ndarray of shape (n, sizes[0])
        Y : ndarray of shape (n,) labels or (n, sizes[-1]) targets
        batch_size : int
            m; the last batch may be smaller.
        lr : float
            η.
        rng : Generator, int or None
            Shuffling: one ``np.random.default_rng(rng).permutation(n)``; None
            keeps the order of X.
        max_batches : int, optional
            Stop after this many mini-batches (used by benchmarks).
        reduction : {"mean", "sum"}
            ``"sum"``: w ← w − η Σₓ ∂Cₓ/∂w (the mean step with learning rate η·m).

        Returns
        -------
        int
            The number of mini-batches (updates) done.
        """
        X = self._inputs(X)
        Y = self._targets(Y, X.shape[0])
        batch_size = _validate.integer("batch_size", batch_size, minimum=1)
        lr = _validate.positive("lr", lr)
        _validate.choice("reduction", reduction, ("mean", "sum"))
        if max_batches is not None:
            max_batches = _validate.integer("max_batches", max_batches, minimum=0)
        steps = self._updates(X, Y, self._order(X.shape[0], rng), batch_size, lr, reduction)
        done = 0
        with np.errstate(over="ignore", under="ignore", invalid="ignore"):
            for _ in itertools.islice(steps, max_batches):
                done += 1
        return done

    def _evaluation_sets(
        self,
        X: np.ndarray,
        Y: np.ndarray,
        validation: tuple[np.ndarray, np.ndarray] | None,
        evaluate: Mapping[str, tuple[np.ndarray, np.ndarray]] | None,
        encode: Callable[[np.ndarray], np.ndarray] | None,
    ) -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """name → (X, target rows, labels) of every set `fit` evaluates."""
        def prepared(name: str, data: object) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
            try:
                X_set, y_set = data  # type: ignore[misc]
            except (TypeError, ValueError):
                raise TypeError(
                    f"{name} must be a pair (X, y), got {type(data).__name__}"
                ) from None
            X_set = self._inputs(X_set)
            y_arr = np.asarray(y_set)
            if encode is not None and y_arr.ndim == 1:
                return X_set, self._targets(encode(y_arr), X_set.shape[0]), y_arr
            rows = self._targets(y_set, X_set.shape[0])
            return X_set, rows, self._labels(rows)

        if evaluate is None:
            sets = {"train": (X, Y, self._labels(Y))}
        else:
            if not isinstance(evaluate, Mapping):
                raise TypeError(
                    f"evaluate must be a mapping of name -> (X, y), got {type(evaluate).__name__}"
                )
            sets = {str(k): prepared(f"evaluate[{k!r}]", v) for k, v in evaluate.items()}
        if validation is not None:
            if "validation" in sets:
                raise ValueError("give the validation data once: as validation= or in evaluate")
            sets["validation"] = prepared("validation", validation)
        return sets

    def fit(
        self,
        X: np.ndarray,
        Y: np.ndarray,
        epochs: int = 30,
        batch_size: int = 10,
        lr: float = 3.0,
        validation: tuple[np.ndarray, np.ndarray] | None = None,
        progress: bool = True,
        seed: np.random.Generator | int | None = 0,
        callback: Callable[[int, MLP, TrainingRun], object] | None = None,
        *,
        evaluate: Mapping[str, tuple[np.ndarray, np.ndarray]] | None = None,
        record_start: bool = False,
        checkpoints: Sequence[int] | None = None,
        max_updates: int | None = None,
        reduction: str = "mean",
        encode: Callable[[np.ndarray], np.ndarray] | None = None,
        decode: Callable[[np.ndarray], np.ndarray] | None = None,
        cost_function: Callable[[np.ndarray, np.ndarray], float] | None = None,
        threads: int | None = 1,
    ) -> TrainingRun:
        """Train by mini-batch SGD for ``epochs`` epochs; return the `TrainingRun`.

        ``rng = np.random.default_rng(seed)`` is made once; each epoch takes one
        ``rng.permutation(n)`` of the training examples, cuts it into
        mini-batches of m = ``batch_size`` (the last may be smaller) and takes one
        step w ← w − (η/m) Σₓ ∂Cₓ/∂w, b ← b − (η/m) Σₓ ∂Cₓ/∂b per batch.  After
        every epoch it records cost and accuracy on each evaluation set.  The
        weights and the shuffling depend only on the starting weights and
        ``seed``, never on what is evaluated.

        Parameters
        ----------
        X : ndarray of shape (n, sizes[0])
        Y : ndarray of shape (n,) integer labels, or (n, sizes[-1]) targets
        epochs, batch_size : int
        lr : float
            Learning rate η.
        validation : (X_val, y_val), optional
            Evaluated as the set ``"validation"``.
        progress : bool
            Show a ``tqdm.auto`` progress bar over epochs.
        seed : int, Generator or None
            Seed of the shuffling (a Generator is used as it is; None: fresh
            entropy).  Two fits from the same weights and seed are identical.
        callback : callable, optional
            ``callback(epoch, net, run)`` after each record but epoch 0, with the
            record so far; returning True stops training (status ``"callback"``).
            Taking a copy of ``net`` there keeps the network at several epochs
            of one run.
        evaluate : mapping of str to (X, y), optional
            The sets to evaluate (y: labels or target rows).  Default:
            ``{"train": (X, Y)}``; give ``{}`` to evaluate nothing (the weights
            are still checked for divergence).
        record_start : bool
            Also record epoch 0: the untrained network, before any step.
        checkpoints : sequence of int, optional
            Record after these numbers of updates (counted over the whole run)
            instead of after every epoch.
        max_updates : int, optional
            Stop after this many updates, even within an epoch.
        reduction : {"mean", "sum"}
            ``"sum"``: w ← w − η Σₓ ∂Cₓ/∂w (see `train_epoch`).
        encode : callable, optional
            Integer labels → target rows, for Y and every evaluation set given
            as labels (default: one-hot rows; one 0/1 column for one output).
        decode : callable, optional
            Output activations (n, sizes[-1]) → predicted labels, for the
            accuracy (default: `predict`'s argmax; one output: aᴸ > 0.5).
        cost_function : callable, optional
            ``cost_function(a, target_rows)``: the cost recorded (default: the
            network's cost C, as `loss`).
        threads : int or None
            NumPy's BLAS threads during the fit (`blas_threads`).  One is
            fastest for the small matrices of mini-batch SGD, and on a loaded
            machine extra threads can make an epoch many times slower; None
            leaves the setting alone.

        Returns
        -------
        TrainingRun
            If a cost or a weight becomes non-finite (η far too large), training
            stops with status ``"diverged"``.

        Examples
        --------
        >>> X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
        >>> net = MLP([2, 4, 2], activation="tanh", cost="cross_entropy", seed=0)
        >>> run = net.fit(X, [0, 1, 1, 0], epochs=3, batch_size=2, lr=0.5, progress=False,
        ...               record_start=True)
        >>> run.epoch.tolist(), run.updates.tolist(), run.status
        ([0, 1, 2, 3], [0, 2, 4, 6], 'finished')
        """
        epochs = _validate.integer("epochs", epochs, minimum=0)
        batch_size = _validate.integer("batch_size", batch_size, minimum=1)
        lr = _validate.positive("lr", lr)
        _validate.choice("reduction", reduction, ("mean", "sum"))
        for name, fn in (("callback", callback), ("encode", encode), ("decode", decode),
                         ("cost_function", cost_function)):
            if fn is not None:
                _validate.function(name, fn)
        if max_updates is not None:
            max_updates = _validate.integer("max_updates", max_updates, minimum=0)
        if threads is not None:
            threads = _validate.integer("threads", threads, minimum=1)
        pinned = blas_threads(threads)
        marks = None
        if checkpoints is not None:
            marks = {_validate.integer("checkpoints", c, minimum=1) for c in checkpoints}
        X = self._inputs(X)
        y_arr = np.asarray(Y)
        Y = self._targets(encode(y_arr) if encode is not None and y_arr.ndim == 1 else Y,
                          X.shape[0])
        sets = self._evaluation_sets(X, Y, validation, evaluate, encode)
        predicted = decode if decode is not None else self._predicted
        cost_of = cost_function if cost_function is not None else self._cost_of
        n = X.shape[0]
        rng = np.random.default_rng(seed)
        run = TrainingRun(costs={k: () for k in sets}, accuracies={k: () for k in sets},
                          status="running")

        def record(epoch: int, updates: int, seconds: float) -> bool:
            """Evaluate every set; False if a cost or a weight is not finite."""
            measured = {}
            for name, (X_set, rows, labels) in sets.items():
                a = self.forward(X_set)
                measured[name] = (float(cost_of(a, rows)),
                                  float(np.mean(predicted(a) == labels)))
            run._append(epoch, updates, seconds, measured)
            return all(math.isfinite(c) for c, _ in measured.values()) and all(
                np.all(np.isfinite(w)) for w in self.weights
            )

        t0 = 0.0

        def checkpoint(epoch: int, updates: int) -> str | None:
            """Record; "diverged" or "callback" if training must stop there, else None."""
            nonlocal t0
            finite = record(epoch, updates, time.perf_counter() - t0)
            outcome = None
            if not finite:
                outcome = "diverged"
            elif callback is not None and callback(epoch, self, run) is True:
                outcome = "callback"
            t0 = time.perf_counter()
            return outcome

        bar = None
        if progress:
            from tqdm.auto import tqdm

            bar = tqdm(total=epochs, desc="epochs", unit="epoch")
        updates, outcome, epoch = 0, None, 0
        try:
            with pinned, np.errstate(all="ignore"):
                if record_start:
                    record(0, 0, 0.0)
                t0 = time.perf_counter()
                for epoch in range(1, epochs + 1):
                    if max_updates is not None and updates >= max_updates:
                        break
                    last = False
                    for _ in self._updates(X, Y, self._order(n, rng), batch_size, lr, reduction):
                        updates += 1
                        last = max_updates is not None and updates >= max_updates
                        if (updates in marks) if marks is not None else last:
                            outcome = checkpoint(epoch, updates)
                        if outcome is not None or last:
                            break
                    if outcome is None and marks is None and not last:
                        outcome = checkpoint(epoch, updates)
                    if bar is not None:
                        shown = run.val_accuracy if len(run.val_accuracy) else run.accuracy
                        if len(run.loss) and len(shown):
                            bar.set_postfix(loss=f"{run.loss[-1]:.4f}", acc=f"{shown[-1]:.2%}")
                        bar.update()
                    if outcome is not None:
                        break
        finally:
            if bar is not None:
                bar.close()
        if outcome == "diverged":
            run.status = "diverged"
            run.message = (f"diverged in epoch {epoch} (after {updates} updates): a cost or a "
                           f"weight became non-finite (η={lr:g} is too large)")
        elif outcome == "callback":
            run.status = "callback"
            run.message = f"stopped by the callback after epoch {epoch} ({updates} updates)"
        else:
            run.status = "finished"
            per_epoch = max(-(-n // batch_size), 1)
            run.message = f"finished: {updates} updates in {-(-updates // per_epoch)} epochs"
        return run

    # --- saving and loading ------------------------------------------------------------

    def save(self, path: str | os.PathLike) -> Path:
        """Write the network to a plain ``.npz`` at ``path``, atomically (temp file + rename).

        Returns the path.  The file holds only arrays and strings (no pickle).
        """
        path = Path(path)
        arrays: dict[str, np.ndarray] = {
            "format": np.array(_FORMAT),
            "sizes": np.array(self.sizes, dtype=np.int64),
            "activation": np.array(self.activation),
            "cost": np.array(self.cost),
            "init": np.array(self.init),
            "output_activation": np.array(self.output_activation),
        }
        for i, (w, b) in enumerate(zip(self.weights, self.biases, strict=True)):
            arrays[f"w{i}"] = w
            arrays[f"b{i}"] = b
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                np.savez(f, **arrays)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return path

    @classmethod
    def load(cls, path: str | os.PathLike) -> MLP:
        """Read a network written by `save` (``np.load(allow_pickle=False)``).

        Raises
        ------
        ValueError
            If the file is not a gdkit MLP file or its arrays have the wrong shapes.
        """
        with np.load(path, allow_pickle=False) as data:
            if "format" not in data or str(data["format"]) != _FORMAT:
                raise ValueError(f"{path} is not a gdkit MLP file (expected format {_FORMAT!r})")
            sizes = [int(s) for s in data["sizes"]]
            cost = str(data["cost"])
            output = str(data["output_activation"])
            net = cls(
                sizes,
                activation=str(data["activation"]),
                cost=cost,
                init=str(data["init"]),
                output_activation=None if cost == "cross_entropy" else output,
            )
            for i in range(len(sizes) - 1):
                w, b = data[f"w{i}"], data[f"b{i}"]
                if w.shape != net.weights[i].shape or b.shape != net.biases[i].shape:
                    raise ValueError(
                        f"{path}: layer {i} has shapes {w.shape}, {b.shape}; expected "
                        f"{net.weights[i].shape}, {net.biases[i].shape}"
                    )
                net.weights[i] = np.ascontiguousarray(w, dtype=np.float64)
                net.biases[i] = np.ascontiguousarray(b, dtype=np.float64)
        return net
