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

import os
import reprlib
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

__all__ = ["MLP", "History", "one_hot", "parameter_count"]

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


def _check_sizes(sizes: Sequence[int]) -> list[int]:
    out = [int(s) for s in sizes]
    if len(out) < 2 or any(s < 1 for s in out) or out != list(sizes):
        raise ValueError(f"sizes must be at least two positive integers, got {sizes!r}")
    return out


def _real_array(name: str, value: object, expected: str) -> np.ndarray:
    """``value`` as an array of real numbers, or a TypeError/ValueError naming ``name``.

    ``expected`` describes the shape wanted, for the message (e.g. "of shape (n, 784)").
    """
    if isinstance(value, np.ndarray):
        got = f"an array of dtype {value.dtype} and shape {value.shape}"
    else:
        got = f"{type(value).__name__} {reprlib.repr(value)}"
    try:
        arr = np.asarray(value)
    except ValueError as exc:  # ragged nested sequences
        raise ValueError(f"{name} must be a rectangular array {expected}, got {got}") from exc
    if arr.dtype.kind == "O":
        try:
            arr = arr.astype(np.float64)
        except (TypeError, ValueError) as exc:
            raise TypeError(f"{name} must be an array of real numbers {expected}, got {got}") from exc
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"{name} must be an array of real numbers {expected}, got {got}")
    return arr


def _choice(name: str, value: str, allowed: Sequence[str]) -> str:
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, allowed))}; got {value!r}")
    return value


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


@dataclass
class History:
    """Per-epoch record of `MLP.fit`.

    Attributes
    ----------
    epoch : list of int
        1, 2, … (epoch 0, before training, is not recorded).
    loss, accuracy : list of float
        Cost C and accuracy (fraction correct) on the training data after each epoch.
    val_loss, val_accuracy : list of float
        The same on the validation data (empty without validation data).
    seconds : list of float
        Wall time of each epoch's training (without the evaluation).
    diverged : bool
        True if the cost became non-finite and training stopped.
    message : str
    """

    epoch: list[int] = field(default_factory=list)
    loss: list[float] = field(default_factory=list)
    accuracy: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    val_accuracy: list[float] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    diverged: bool = False
    message: str = ""

    def __len__(self) -> int:
        return len(self.epoch)

    def table(self) -> str:
        """A plain-text table, one row per epoch."""
        val = bool(self.val_accuracy)
        head = "epoch      loss  accuracy" + ("  val_loss  val_acc" if val else "") + "   seconds"
        rows = [head]
        for i, e in enumerate(self.epoch):
            row = f"{e:5d}  {self.loss[i]:8.4f}  {self.accuracy[i]:8.2%}"
            if val:
                row += f"  {self.val_loss[i]:8.4f}  {self.val_accuracy[i]:7.2%}"
            rows.append(row + f"  {self.seconds[i]:8.3f}")
        return "\n".join(rows)

    def __repr__(self) -> str:
        if not self.epoch:
            return "History(no epochs)"
        text = (
            f"History({len(self)} epochs, {sum(self.seconds):.2f} s: "
            f"training accuracy {self.accuracy[0]:.2%} → {self.accuracy[-1]:.2%}"
        )
        if self.val_accuracy:
            text += f", validation accuracy {self.val_accuracy[-1]:.2%}"
        return text + (f"; {self.message}" if self.message else "") + ")"


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
        self.activation = _choice("activation", activation, ACTIVATIONS)
        self.cost = _choice("cost", cost, COSTS)
        self.init = _choice("init", init, INITS)
        if cost == "cross_entropy":
            if output_activation not in (None, "softmax"):
                raise ValueError(
                    f"cost='cross_entropy' uses a softmax output; got output_activation="
                    f"{output_activation!r}"
                )
            self.output_activation = "softmax"
        else:
            self.output_activation = _choice(
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
        arr = _real_array("X", X, expected)
        if arr.ndim == 1:
            arr = arr[None, :]
        if arr.ndim != 2 or arr.shape[1] != self.sizes[0]:
            raise ValueError(f"X must have shape (n, {self.sizes[0]}), got shape {np.shape(X)}")
        return np.ascontiguousarray(arr, dtype=np.float64)

    def _targets(self, Y: np.ndarray, n: int) -> np.ndarray:
        """Integer labels or one-hot/real targets → float64 array of shape (n, k)."""
        k = self.sizes[-1]
        Y = _real_array("Y", Y, f"(labels of shape ({n},) or targets of shape ({n}, {k}))")
        if Y.ndim == 1:
            if not np.issubdtype(Y.dtype, np.integer):
                raise ValueError(f"1-D targets must be integer labels, got dtype {Y.dtype}")
            Y = Y.reshape(-1, 1).astype(np.float64) if k == 1 else one_hot(Y, k)
        if Y.shape != (n, k):
            raise ValueError(f"Y must have shape ({n},) of labels or ({n}, {k}), got {Y.shape}")
        return np.ascontiguousarray(Y, dtype=np.float64)

    def _labels(self, y: np.ndarray) -> np.ndarray:
        y = _real_array("y", y, "(labels of shape (n,) or one-hot rows of shape (n, k))")
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

    def train_epoch(
        self,
        X: np.ndarray,
        Y: np.ndarray,
        batch_size: int,
        lr: float,
        rng: np.random.Generator | int | None = 0,
        max_batches: int | None = None,
    ) -> int:
        """One epoch of mini-batch SGD: shuffle, then w ← w − (η/m) Σₓ ∂Cₓ/∂w per batch.

        This is the inner loop of `fit` (no evaluation, no bookkeeping); it
        reuses preallocated buffers so a step costs a few dozen NumPy calls.
        The arrays in ``weights`` and ``biases`` are updated in place: keep a
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
            Shuffling; None keeps the order of X.
        max_batches : int, optional
            Stop after this many mini-batches (used by benchmarks).

        Returns
        -------
        int
            The number of mini-batches (updates) done.
        """
        X = self._inputs(X)
        Y = self._targets(Y, X.shape[0])
        n = X.shape[0]
        if int(batch_size) != batch_size or batch_size < 1:
            raise ValueError(f"batch_size must be a positive integer, got {batch_size!r}")
        if not np.isfinite(lr) or lr <= 0:
            raise ValueError(f"lr must be a positive number, got {lr!r}")
        if rng is None:
            order = np.arange(n)
        else:
            order = np.random.default_rng(rng).permutation(n)
        starts = range(0, n, batch_size)
        if max_batches is not None:
            starts = starts[:max_batches]
        self._own_parameters()
        weights, biases = self.weights, self.biases
        layers = range(len(weights))
        with np.errstate(over="ignore", under="ignore", invalid="ignore"):
            for start in starts:
                idx = order[start : start + batch_size]
                ws = self._workspace(len(idx))
                X.take(idx, axis=0, out=ws.a[0])
                Y.take(idx, axis=0, out=ws.y)
                self._forward_into(ws)
                self._backward_into(ws, lr / len(idx))
                for i in layers:
                    weights[i] -= ws.grad_w[i]
                    biases[i] -= ws.grad_b[i]
        return len(starts)

    def fit(
        self,
        X: np.ndarray,
        Y: np.ndarray,
        epochs: int = 30,
        batch_size: int = 10,
        lr: float = 3.0,
        validation: tuple[np.ndarray, np.ndarray] | None = None,
        progress: bool = True,
        seed: int = 0,
        callback: Callable[[int, MLP, History], object] | None = None,
    ) -> History:
        """Train by mini-batch SGD for ``epochs`` epochs; return the per-epoch `History`.

        Each epoch shuffles the training data (``seed``), takes one step
        w ← w − (η/m) Σₓ ∂Cₓ/∂w, b ← b − (η/m) Σₓ ∂Cₓ/∂b per mini-batch of m =
        ``batch_size`` examples, then records cost and accuracy on the
        training data and on ``validation`` (if given).

        Parameters
        ----------
        X : ndarray of shape (n, sizes[0])
        Y : ndarray of shape (n,) integer labels, or (n, sizes[-1]) one-hot targets
        epochs, batch_size : int
        lr : float
            Learning rate η.
        validation : (X_val, y_val), optional
        progress : bool
            Show a ``tqdm.auto`` progress bar over epochs.
        seed : int
            Seed of the shuffling; two fits from the same weights and seed are identical.
        callback : callable, optional
            ``callback(epoch, net, history)`` after each epoch; returning True stops training.

        Returns
        -------
        History
            If the cost becomes non-finite (η far too large) training stops
            with ``history.diverged = True``.
        """
        if int(epochs) != epochs or epochs < 0:
            raise ValueError(f"epochs must be a non-negative integer, got {epochs!r}")
        X = self._inputs(X)
        Y = self._targets(Y, X.shape[0])
        rng = np.random.default_rng(seed)
        history = History()
        bar = None
        if progress:
            from tqdm.auto import tqdm

            bar = tqdm(total=epochs, desc="epochs", unit="epoch")
        try:
            for epoch in range(1, epochs + 1):
                t0 = time.perf_counter()
                self.train_epoch(X, Y, batch_size, lr, rng)
                history.seconds.append(time.perf_counter() - t0)
                history.epoch.append(epoch)
                loss, accuracy = self._evaluate(X, Y)
                history.loss.append(loss)
                history.accuracy.append(accuracy)
                if validation is not None:
                    val_loss, val_accuracy = self._evaluate(*validation)
                    history.val_loss.append(val_loss)
                    history.val_accuracy.append(val_accuracy)
                if bar is not None:
                    shown = history.val_accuracy or history.accuracy
                    bar.set_postfix(loss=f"{history.loss[-1]:.4f}", acc=f"{shown[-1]:.2%}")
                    bar.update()
                if not np.isfinite(history.loss[-1]) or not all(
                    np.all(np.isfinite(w)) for w in self.weights
                ):
                    history.diverged = True
                    history.message = (
                        f"diverged in epoch {epoch}: the cost became non-finite "
                        f"(η={lr:g} is too large)"
                    )
                    break
                if callback is not None and callback(epoch, self, history) is True:
                    history.message = f"stopped by the callback after epoch {epoch}"
                    break
        finally:
            if bar is not None:
                bar.close()
        return history

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
