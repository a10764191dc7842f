"""Mini-batch gradients and batch-size comparisons on one network (lecture 08).

Two experiments on a `gdkit.MLP`:

- `gradient_estimates`: how well the mini-batch gradient (1/m) Σⱼ ∇C_Xⱼ
  estimates the full gradient ∇C = (1/n) Σₓ ∇Cₓ, for several batch sizes m
  (the error shrinks roughly like 1/√m, as the error of a poll does).  The
  gradients are the network's own backpropagation (`MLP.backprop`).
- `compare_batch_sizes`: train copies of one network (same starting weights,
  same shuffling seed) with several batch sizes, recording the training loss
  against the number of updates and, separately, the wall time spent
  training.  The training loop is the caller's (lecture 08 passes the
  ``minibatch_sgd`` it writes out); this module only starts the runs and
  records them.  The losses depend only on the seeds, so they are
  reproducible; the seconds depend on the machine and are kept apart.
"""

from __future__ import annotations

import copy
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from .. import _validate
from ..mlp import MLP, blas_threads, one_hot

__all__ = [
    "BatchComparison",
    "BatchRun",
    "GradientEstimates",
    "compare_batch_sizes",
    "gradient_estimates",
    "multiply_adds_per_update",
]


def _flat(grads_w: list[np.ndarray], grads_b: list[np.ndarray]) -> np.ndarray:
    return np.concatenate([g.ravel() for g in grads_w] + [g.ravel() for g in grads_b])


def _check_data(net: MLP, X: np.ndarray, Y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    X = _validate.real_array("X", X, f"of shape (n, {net.sizes[0]})")
    if X.ndim != 2 or X.shape[1] != net.sizes[0]:
        raise ValueError(f"X must have shape (n, {net.sizes[0]}), got {X.shape}")
    Y = _validate.real_array("Y", Y, "(labels of shape (n,) or targets of shape (n, k))",
                             as_float=False, min_ndim=1)
    if len(Y) != len(X):
        raise ValueError(f"X has {len(X)} rows but Y has {len(Y)}; expected one target per row")
    if Y.ndim == 1:
        Y = one_hot(Y, net.sizes[-1])
    return np.ascontiguousarray(X), np.ascontiguousarray(Y, dtype=float)


@dataclass(repr=False)
class GradientEstimates:
    """Mini-batch gradients against the full gradient, per batch size m.

    Attributes
    ----------
    batch_sizes : ndarray of int, shape (k,)
    n : int
        Number of training examples (the "population").
    repeats : int
        Mini-batches drawn per batch size.
    full_norm : float
        ‖∇C‖ of the full (mean) gradient.
    relative_error : ndarray, shape (k, repeats)
        ‖g_m − ∇C‖ / ‖∇C‖ for each drawn batch, g_m = (1/m) Σⱼ ∇C_Xⱼ.
    cosine : ndarray, shape (k, repeats)
        cos∠(g_m, ∇C); positive means −g_m is a descent direction of C.
    mean_norm : ndarray, shape (k, repeats)
        ‖g_m‖ = ‖(1/m) Σⱼ ∇C_Xⱼ‖.  Sampling noise adds length, so for small m
        it exceeds ‖∇C‖; it settles on ‖∇C‖ as m grows.  (The summed gradient
        is m · g_m by definition, so it is not recorded: what summing does to
        training is measured by running it, not by this norm.)
    """

    batch_sizes: np.ndarray
    n: int
    repeats: int
    full_norm: float
    relative_error: np.ndarray
    cosine: np.ndarray
    mean_norm: np.ndarray

    @property
    def mean_error(self) -> np.ndarray:
        """Average relative error per batch size."""
        return self.relative_error.mean(axis=1)

    @property
    def rms_error(self) -> np.ndarray:
        """Root-mean-square relative error per batch size (the quantity ∝ 1/√m)."""
        return np.sqrt((self.relative_error**2).mean(axis=1))

    @property
    def downhill_fraction(self) -> np.ndarray:
        """Share of the drawn mini-batch gradients that point downhill for the full loss."""
        return (self.cosine > 0).mean(axis=1)

    @property
    def finite_population_factor(self) -> np.ndarray:
        """√((n − m)/(n − 1)): drawing without replacement shrinks the error below 1/√m."""
        m = self.batch_sizes.astype(float)
        return np.sqrt((self.n - m) / (self.n - 1))

    def slope(self, max_batch: int | None = None) -> float:
        """Slope of log(rms error) against log m (about −1/2), fitted over m ≤ ``max_batch``."""
        keep = self.batch_sizes <= (max_batch if max_batch is not None else self.n)
        if keep.sum() < 2:
            raise ValueError(f"need at least two batch sizes ≤ max_batch={max_batch} to fit a slope")
        m = self.batch_sizes[keep].astype(float)
        return float(np.polyfit(np.log(m), np.log(self.rms_error[keep]), 1)[0])

    def table(self) -> str:
        """One row per batch size: errors, cosines, downhill share and the norm of g_m."""
        rows = [
            f"{'m':>6}  {'rms rel. error':>14}  {'x sqrt(m)':>9}  {'mean cos':>8}  "
            f"{'downhill':>8}  {'|g_m|':>8}"
        ]
        for i, m in enumerate(self.batch_sizes):
            rows.append(
                f"{m:>6}  {self.rms_error[i]:>14.4f}  {self.rms_error[i] * math.sqrt(m):>9.3f}  "
                f"{self.cosine[i].mean():>8.3f}  {self.downhill_fraction[i]:>8.0%}  "
                f"{self.mean_norm[i].mean():>8.4f}"
            )
        return "\n".join(rows)

    def __repr__(self) -> str:
        return (
            f"GradientEstimates(m = {self.batch_sizes.tolist()}, n = {self.n}, "
            f"{self.repeats} batches each; ‖∇C‖ = {self.full_norm:.4g})"
        )


def gradient_estimates(
    net: MLP,
    X: np.ndarray,
    Y: np.ndarray,
    batch_sizes: Sequence[int],
    *,
    repeats: int = 20,
    seed: int = 0,
    blas_threads_limit: int | None = 1,
) -> GradientEstimates:
    """Compare mini-batch gradients (1/m) Σⱼ ∇C_Xⱼ with the full gradient ∇C.

    For each batch size m, ``repeats`` mini-batches of m distinct examples are
    drawn at random (without replacement within a batch, as in one epoch of
    SGD) and their mean gradient, computed by ``net.backprop``, is compared
    with the gradient over all n examples.  The network is not changed.

    Parameters
    ----------
    net : MLP
    X : ndarray of shape (n, sizes[0])
    Y : ndarray of shape (n,) integer labels or (n, sizes[-1]) targets
    batch_sizes : sequence of int
        Each in 1..n.
    repeats : int
        Mini-batches drawn per batch size.
    seed : int
        Seed of the draws.
    blas_threads_limit : int or None
        BLAS threads during the computation (see `gdkit.mlp.blas_threads`).

    Returns
    -------
    GradientEstimates

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X, y = rng.random((50, 4)), rng.integers(0, 3, 50)
    >>> est = gradient_estimates(MLP([4, 5, 3], seed=0), X, y, [1, 50], repeats=3)
    >>> bool(np.allclose(est.relative_error[1], 0.0))
    True
    """
    X, Y = _check_data(net, X, Y)
    n = len(X)
    sizes = np.array([int(m) for m in batch_sizes])
    if sizes.size == 0 or np.any(sizes < 1) or np.any(sizes > n) or list(sizes) != list(batch_sizes):
        raise ValueError(f"batch_sizes must be integers in 1..{n}, got {list(batch_sizes)!r}")
    repeats = _validate.integer("repeats", repeats, minimum=1)
    rng = np.random.default_rng(seed)
    with blas_threads(blas_threads_limit):
        full = _flat(*net.backprop(X, Y))
        full_norm = float(np.linalg.norm(full))
        shape = (len(sizes), int(repeats))
        error, cosine, mean_norm = np.empty(shape), np.empty(shape), np.empty(shape)
        for i, m in enumerate(sizes):
            for r in range(repeats):
                idx = rng.choice(n, size=m, replace=False)
                g = _flat(*net.backprop(X[idx], Y[idx]))
                norm = float(np.linalg.norm(g))
                error[i, r] = np.linalg.norm(g - full) / full_norm
                cosine[i, r] = float(g @ full) / (norm * full_norm) if norm > 0 else 0.0
                mean_norm[i, r] = norm
    return GradientEstimates(
        batch_sizes=sizes,
        n=n,
        repeats=int(repeats),
        full_norm=full_norm,
        relative_error=error,
        cosine=cosine,
        mean_norm=mean_norm,
    )


def multiply_adds_per_update(sizes: Sequence[int], batch_size: int) -> dict[str, int]:
    """Multiply-adds of the matrix products in one SGD update of an MLP on ``batch_size`` examples.

    Per example, the forward pass multiplies every weight once (Σₗ n_{l-1} n_l
    multiply-adds); the backward pass multiplies every weight once to get
    ∂C/∂w = δ aᵀ and once more per layer above the first to pass δ down.
    All three are proportional to the batch size b, so one update costs
    O(b·p), and full-batch gradient descent (b = n) costs O(n·p).

    Returns
    -------
    dict
        ``forward``, ``backward`` and ``total`` multiply-adds, and ``weights``
        (the number of weights, Σₗ n_{l-1} n_l).

    Examples
    --------
    >>> multiply_adds_per_update([784, 256, 10], 1)["forward"]
    203264
    """
    sizes = [int(s) for s in sizes]
    if len(sizes) < 2 or any(s < 1 for s in sizes):
        raise ValueError(f"sizes must be at least two positive integers, got {sizes!r}")
    if int(batch_size) != batch_size or batch_size < 1:
        raise ValueError(f"batch_size must be a positive integer, got {batch_size!r}")
    layers = list(zip(sizes[:-1], sizes[1:], strict=True))
    weights = sum(a * b for a, b in layers)
    passed_down = sum(a * b for a, b in layers[1:])
    forward = batch_size * weights
    backward = batch_size * (weights + passed_down)
    return {"weights": weights, "forward": forward, "backward": backward,
            "total": forward + backward}


@dataclass(repr=False)
class BatchRun:
    """The record of one training run of `compare_batch_sizes`.

    Attributes
    ----------
    batch_size : int
        m (equal to n for full-batch gradient descent).
    label : str
        "GD (full batch, m = n)" or "SGD, m = …".
    updates : ndarray of int
        Update counts at the checkpoints (0 = the starting weights).
    losses : ndarray
        The training loss C over all n examples at each checkpoint.
    examples : ndarray of int
        Training examples processed by each checkpoint.
    seconds : ndarray
        Wall time spent in training (shuffling and updates, not the loss
        evaluations) up to each checkpoint.  Machine-dependent, unlike the rest.
    diverged : bool
        The loss became non-finite (the run stops there).
    """

    batch_size: int
    label: str
    updates: np.ndarray
    losses: np.ndarray
    examples: np.ndarray
    seconds: np.ndarray
    diverged: bool = False

    @property
    def final_loss(self) -> float:
        return float(self.losses[-1])

    @property
    def seconds_per_update(self) -> float:
        """Average training time of one update."""
        return float(self.seconds[-1] / max(int(self.updates[-1]), 1))

    def _first(self, target: float) -> int | None:
        hits = np.flatnonzero(self.losses <= target)
        return int(hits[0]) if hits.size else None

    def updates_to_reach(self, target: float) -> int | None:
        """Updates until the first checkpoint with loss ≤ target (None: never reached)."""
        i = self._first(target)
        return None if i is None else int(self.updates[i])

    def seconds_to_reach(self, target: float) -> float | None:
        """Training seconds until the first checkpoint with loss ≤ target (None: never)."""
        i = self._first(target)
        return None if i is None else float(self.seconds[i])

    def loss_at(self, update: int) -> float:
        """The loss at the checkpoint with exactly ``update`` updates."""
        hits = np.flatnonzero(self.updates == update)
        if hits.size == 0:
            raise ValueError(
                f"update {update} is not a checkpoint of {self.label}; "
                f"checkpoints: {self.updates.tolist()}"
            )
        return float(self.losses[hits[0]])

    def __repr__(self) -> str:
        state = "diverged" if self.diverged else f"final loss {self.final_loss:.4f}"
        return f"BatchRun({self.label}: {int(self.updates[-1])} updates, {state})"


@dataclass(repr=False)
class BatchComparison:
    """Runs of one network trained with several batch sizes (see `compare_batch_sizes`)."""

    sizes: list[int]
    n: int
    lr: float
    runs: list[BatchRun] = field(default_factory=list)

    def run(self, batch_size: int) -> BatchRun:
        """The run with this batch size."""
        for r in self.runs:
            if r.batch_size == batch_size:
                return r
        raise KeyError(f"no run with batch_size={batch_size}; have {[r.batch_size for r in self.runs]}")

    def table(self, updates: Sequence[int]) -> str:
        """Training loss after the given numbers of updates, one column per run (– if not run)."""
        head = f"{'updates':>8}" + "".join(f"  {r.label:>22}" for r in self.runs)
        rows = [head]
        for u in updates:
            cells = []
            for r in self.runs:
                hits = np.flatnonzero(r.updates == u)
                cells.append(f"{r.losses[hits[0]]:>22.4f}" if hits.size else f"{'–':>22}")
            rows.append(f"{u:>8}" + "".join(f"  {c}" for c in cells))
        return "\n".join(rows)

    def __repr__(self) -> str:
        return (
            f"BatchComparison({'-'.join(map(str, self.sizes))} network, n = {self.n}, "
            f"η = {self.lr:g}: "
            + "; ".join(repr(r) for r in self.runs) + ")"
        )


def _checkpoints(total: int, per_decade: int) -> np.ndarray:
    """0, the update counts round(10^(k/per_decade)) below ``total``, and ``total``.

    The grid does not depend on ``total``, so runs of different lengths share
    their checkpoints and can be compared in one table.
    """
    if int(per_decade) != per_decade or per_decade < 1:
        raise ValueError(f"per_decade must be a positive integer, got {per_decade!r}")
    k = np.arange(int(np.floor(per_decade * np.log10(total))) + 1)
    points = np.round(10.0 ** (k / per_decade)).astype(int)
    return np.unique(np.concatenate([[0], points[points < total], [total]]))



class _Diverged(Exception):
    """Raised from the recorder to stop a run whose loss is no longer finite."""


class _Recorder:
    """The ``after_update`` of one run: counts updates, records the loss at checkpoints.

    The training seconds are summed between checkpoints, without the time the
    loss evaluations take.
    """

    def __init__(self, net: MLP, X: np.ndarray, Y: np.ndarray, marks: np.ndarray) -> None:
        self.net, self.X, self.Y = net, X, Y
        self.marks = {int(u) for u in marks if u > 0}
        self.done = 0
        self.updates, self.losses, self.seconds = [0], [net.loss(X, Y)], [0.0]
        self.diverged = False
        self._trained = 0.0
        self._resumed = time.perf_counter()

    def start(self) -> None:
        self._resumed = time.perf_counter()

    def __call__(self) -> None:
        self.done += 1
        if self.done not in self.marks:
            return
        self._trained += time.perf_counter() - self._resumed
        loss = self.net.loss(self.X, self.Y)
        if not math.isfinite(loss):
            self.diverged = True
            raise _Diverged
        self.updates.append(self.done)
        self.losses.append(loss)
        self.seconds.append(self._trained)
        self._resumed = time.perf_counter()


def compare_batch_sizes(
    train: Callable[..., object],
    X: np.ndarray,
    Y: np.ndarray,
    *,
    sizes: Sequence[int] = (784, 256, 10),
    batch_sizes: Sequence[int | None] = (4, 64, None),
    epochs: Sequence[int] = (3, 10, 30),
    lr: float = 0.1,
    activation: str = "relu",
    cost: str = "cross_entropy",
    init: str = "scaled",
    seed: int = 0,
    per_decade: int = 8,
    blas_threads_limit: int | None = 1,
) -> BatchComparison:
    """Train one network with several batch sizes by ``train``; record loss against updates and time.

    ``train`` is a mini-batch SGD loop such as lecture 08's ``minibatch_sgd``, called as
    ``train(net, X, Y, lr, m, epochs, seed=seed, after_update=recorder)``: it trains
    ``net`` in place and calls ``after_update()`` after every update.  Every run starts
    from the same weights (``MLP(sizes, ..., seed=seed)``) and gets the same seed.

    The recorder evaluates the training loss over all n examples after update counts
    spaced evenly on a log scale (the same for every run), and sums the wall time
    spent training between those evaluations, so the losses are reproducible and the
    seconds (which depend on the machine) are not mixed into them.  A run whose loss
    stops being finite is stopped there.

    Parameters
    ----------
    train : callable
        ``train(net, X, Y, eta, batch_size, epochs, seed=..., after_update=...)``.
    X : ndarray of shape (n, sizes[0])
    Y : ndarray of shape (n,) integer labels or (n, sizes[-1]) targets
    sizes : sequence of int
        Layer sizes of the network.
    batch_sizes : sequence of int or None
        One run per entry; None means full batch (m = n): gradient descent.
    epochs : sequence of int
        Epochs of each run (same length as ``batch_sizes``); a run makes
        epochs · ⌈n/m⌉ updates.
    lr : float
        Learning rate η, the same for every run.
    activation, cost, init : str
        Passed to `MLP`.
    seed : int
        Seed of the starting weights and of the shuffling.
    per_decade : int
        Loss evaluations per factor of ten in the number of updates: the
        checkpoints are 0, round(10^(k/per_decade)) for k = 0, 1, … and the
        last update, the same grid for every run.
    blas_threads_limit : int or None
        BLAS threads while training (see `gdkit.mlp.blas_threads`).

    Returns
    -------
    BatchComparison

    Raises
    ------
    ValueError
        If ``train`` does not make epochs · ⌈n/m⌉ updates (calls of ``after_update``).
    """
    _validate.function("train", train)
    if len(batch_sizes) != len(epochs):
        raise ValueError(
            f"batch_sizes and epochs must have the same length, got {len(batch_sizes)} "
            f"and {len(epochs)}"
        )
    lr = _validate.positive("lr", lr)
    start = MLP(sizes, activation=activation, cost=cost, init=init, seed=seed)
    X, Y = _check_data(start, X, Y)
    n = len(X)
    result = BatchComparison(sizes=list(start.sizes), n=n, lr=float(lr))
    for m, count in zip(batch_sizes, epochs, strict=True):
        m = n if m is None else m
        if isinstance(m, bool) or int(m) != m or not 1 <= m <= n:
            raise ValueError(f"batch sizes must be integers in 1..{n} or None, got {m!r}")
        count = _validate.integer("epochs", count, minimum=1)
        label = "GD (full batch, m = n)" if m == n else f"SGD, m = {m}"
        result.runs.append(
            _train_run(train, copy.deepcopy(start), X, Y, int(m), count, lr, seed,
                       per_decade, label, blas_threads_limit)
        )
    return result


def _train_run(train: Callable[..., object], net: MLP, X: np.ndarray, Y: np.ndarray, m: int,
               epochs: int, lr: float, seed: int, per_decade: int, label: str,
               threads: int | None) -> BatchRun:
    """One run of ``train`` with a `_Recorder` as its ``after_update``."""
    n = len(X)
    per_epoch = math.ceil(n / m)
    total = epochs * per_epoch
    with blas_threads(threads), np.errstate(all="ignore"):
        recorder = _Recorder(net, X, Y, _checkpoints(total, per_decade))
        recorder.start()
        try:
            train(net, X, Y, lr, m, epochs, seed=seed, after_update=recorder)
        except _Diverged:
            pass
    if not recorder.diverged and recorder.done != total:
        raise ValueError(
            f"train made {recorder.done} updates (calls of after_update) for {label}; "
            f"{epochs} epochs of ⌈{n}/{m}⌉ = {per_epoch} batches are {total}"
        )
    updates = np.array(recorder.updates)
    examples = (updates // per_epoch) * n + np.minimum((updates % per_epoch) * m, n)
    return BatchRun(
        batch_size=m,
        label=label,
        updates=updates,
        losses=np.array(recorder.losses),
        examples=examples,
        seconds=np.array(recorder.seconds),
        diverged=recorder.diverged,
    )
