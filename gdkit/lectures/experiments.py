"""Lecture 09's experiment table: named training runs on MNIST beside the published figures.

A run trains ``gdkit.MLP([784, H, k])`` (sigmoid, quadratic cost, mini-batch
SGD, w ← w − (η/m) Σₓ ∂Cₓ/∂w) and records, before training and after every
epoch, the cost and the accuracy on every evaluation set (training, validation,
test).
The *epoch chosen on validation* is the first epoch with the highest
validation accuracy; the test accuracy at that epoch is what a careful
experimenter would report (picking the best epoch by looking at the test set
flatters the result).

The output layer can be

- ``"one-hot"`` (10 neurons): digit d is the unit vector e_d; the prediction is
  the neuron with the largest activation;
- ``"4-bit"`` (4 neurons): digit d is its binary code, most significant bit
  first (6 → 0110); the prediction reads each neuron as a bit (activation
  > 0.5) and a code above 9 counts as wrong.

`lecture_data` returns the data the lecture trains on: the shipped sample
(default) or a full IDX data set, with the training images split 5 : 1 into
training and validation parts, as the 60,000 MNIST training images are split
into 50,000 + 10,000.

Each run is one ``MLP.fit``, with NumPy's BLAS limited to one thread (fit's
default, ``threads=1`` here): the matrices of a 784-30-10 network are so small
that extra threads gain nothing, and on a busy machine they can make an epoch
many times slower.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .. import _validate
from ..losses import quadratic_cost
from ..mlp import MLP, TrainingRun, blas_threads, one_hot
from ..mnist import load_idx_dataset, load_mnist_sample

__all__ = [
    "DigitData",
    "Experiment",
    "ExperimentRun",
    "ExperimentTable",
    "PUBLISHED",
    "binary_targets",
    "decode_binary",
    "flat_cost_and_gradient",
    "lecture_data",
    "run_experiment",
    "run_experiments",
]

#: Accuracies reported on the full MNIST test set (10,000 images) for the lecture's runs
#: (Nielsen, *Neural Networks and Deep Learning*, ch. 1: the best epoch for η = 3.0, the
#: last epoch for η = 0.001 and η = 100.0).  Fractions, not percentages.
PUBLISHED: dict[str, float] = {
    "random guessing": 0.10,
    "average darkness": 0.2225,
    "SVM (scikit-learn defaults)": 0.9435,
    "784-30-10, η = 3.0": 0.9542,
    "784-100-10, η = 3.0": 0.9659,
    "784-100-10, η = 0.001": 0.2142,
    "784-30-10, η = 100.0": 0.0982,
}

#: Share of the training images held back for validation: 10,000 of MNIST's 60,000.
VALIDATION_FRACTION = 1 / 6

OUTPUTS = ("one-hot", "4-bit")
INITS = ("normal", "scaled")
_BITS = 4


# --- the data --------------------------------------------------------------------------


@dataclass(frozen=True)
class DigitData:
    """Images (rows of 784 pixels in [0, 1]) and integer labels, in three parts.

    Attributes
    ----------
    source : str
        Where the images come from, in words.
    X_train, y_train : ndarray
        The part the networks are trained on.
    X_val, y_val : ndarray
        Held back from training, for choosing settings such as the number of epochs.
    X_test, y_test : ndarray
        Looked at only to report the final result.
    """

    source: str
    X_train: np.ndarray
    y_train: np.ndarray
    X_val: np.ndarray
    y_val: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray

    @property
    def evaluation(self) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """``{"train": ..., "validation": ..., "test": ...}``: (X, y) of each part."""
        return {
            "train": (self.X_train, self.y_train),
            "validation": (self.X_val, self.y_val),
            "test": (self.X_test, self.y_test),
        }

    def summary(self) -> str:
        """One line per part: its size and how many images of each digit it holds."""
        lines = [f"{self.source}"]
        for name, (X, y) in self.evaluation.items():
            counts = np.bincount(y, minlength=10)
            lines.append(
                f"  {name:<10} {len(y):>6,} images of {X.shape[1]} pixels; "
                f"per digit 0-9: {' '.join(str(int(c)) for c in counts)}"
            )
        return "\n".join(lines)


def lecture_data(
    full: bool = False,
    *,
    name: str = "mnist",
    directory: str | os.PathLike | None = None,
    n_train: int = 4000,
    n_test: int = 1000,
    seed: int = 0,
    progress: bool = False,
) -> DigitData:
    """The lecture's data: the shipped sample, or a full IDX data set; training split 5 : 1.

    The last sixth of the training images becomes the validation part (the
    last 10,000 of MNIST's 60,000, as in Nielsen's ``mnist_loader``).

    Parameters
    ----------
    full : bool
        False: ``gdkit.load_mnist_sample(n_train, n_test, seed)``.  True:
        ``gdkit.load_idx_dataset(name, directory)`` (downloaded once, then cached).
    name : {"mnist", "fashion-mnist"}
        Only with ``full=True``.
    directory : path, optional
        Only with ``full=True``: a folder that already holds the four IDX files.
    n_train, n_test, seed : int
        Only for the sample.
    progress : bool
        Show download progress (``full=True``).

    Returns
    -------
    DigitData
    """
    if not isinstance(full, bool):
        raise TypeError(f"full must be True or False, got {full!r}")
    if full:
        X, y, X_test, y_test = load_idx_dataset(name, directory=directory, progress=progress)
        source = f"full {name} ({len(y):,} training and {len(y_test):,} test images)"
    else:
        if directory is not None or name != "mnist":
            raise ValueError(
                f"name={name!r} and directory={directory!r} apply only to full=True; "
                "the shipped sample is MNIST"
            )
        X, y, X_test, y_test = load_mnist_sample(n_train=n_train, n_test=n_test, seed=seed)
        source = f"shipped MNIST sample ({len(y):,} training and {len(y_test):,} test images)"
    n_val = round(len(y) * VALIDATION_FRACTION)
    cut = len(y) - n_val
    return DigitData(source, X[:cut], y[:cut], X[cut:], y[cut:], X_test, y_test)


# --- output encodings ------------------------------------------------------------------------


def binary_targets(labels: Sequence[int] | np.ndarray, bits: int = _BITS) -> np.ndarray:
    """Digits → rows of their binary code, most significant bit first.

    Examples
    --------
    >>> binary_targets([6, 9])
    array([[0., 1., 1., 0.],
           [1., 0., 0., 1.]])
    """
    y = np.asarray(labels)
    if y.ndim != 1 or (y.size and not np.issubdtype(y.dtype, np.integer)):
        raise ValueError(f"labels must be a 1-D array of integers, got {y.dtype} {y.shape}")
    if y.size and (y.min() < 0 or y.max() >= 2**bits):
        raise ValueError(
            f"labels must lie in 0..{2**bits - 1} to fit in {bits} bits, "
            f"got values from {y.min()} to {y.max()}"
        )
    powers = np.arange(bits - 1, -1, -1)
    return ((y[:, None] >> powers) & 1).astype(np.float64)


def decode_binary(outputs: np.ndarray) -> np.ndarray:
    """Rows of output activations → integers: each activation > 0.5 is a 1 bit.

    Examples
    --------
    >>> decode_binary(np.array([[0.1, 0.9, 0.8, 0.2], [0.9, 0.9, 0.9, 0.9]]))
    array([ 6, 15])
    """
    a = np.asarray(outputs, dtype=float)
    if a.ndim != 2:
        raise ValueError(f"outputs must have shape (n, bits), got {a.shape}")
    powers = 1 << np.arange(a.shape[1] - 1, -1, -1)
    return (a > 0.5).astype(np.int64) @ powers


def _target_rows(y: np.ndarray, outputs: str) -> np.ndarray:
    """The target vectors y(x) the cost compares the outputs with."""
    return binary_targets(y) if outputs == "4-bit" else one_hot(y, 10)


def _decode(a: np.ndarray, outputs: str) -> np.ndarray:
    """Output activations → predicted digits."""
    return decode_binary(a) if outputs == "4-bit" else a.argmax(axis=1)


# --- one run -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Experiment:
    """The settings of one training run.

    Parameters
    ----------
    name : str
        Shown in the table; a key of `PUBLISHED` links the run to its published figure.
    hidden : int
        Hidden units H of the 784-H-k network.
    eta : float
        Learning rate η.
    epochs, batch_size : int
    init : {"normal", "scaled"}
        Initial weights ~ N(0, 1), or N(0, 1/n_in) (see `gdkit.MLP`).
    outputs : {"one-hot", "4-bit"}
    seed : int
        Seed of the initial weights and of the shuffling.
    """

    name: str
    hidden: int = 30
    eta: float = 3.0
    epochs: int = 30
    batch_size: int = 10
    init: str = "normal"
    outputs: str = "one-hot"
    seed: int = 0

    def __post_init__(self) -> None:
        _validate.choice("outputs", self.outputs, OUTPUTS)
        _validate.choice("init", self.init, INITS)
        for key in ("hidden", "epochs", "batch_size"):
            _validate.integer(key, getattr(self, key), minimum=1)
        _validate.positive("eta", self.eta)

    @property
    def sizes(self) -> list[int]:
        """Layer sizes, 784 inputs first (784 is the MNIST image size)."""
        return [784, int(self.hidden), _BITS if self.outputs == "4-bit" else 10]

    def describe(self) -> str:
        """The settings in one line."""
        sizes = "-".join(map(str, self.sizes))
        return (
            f"{sizes}, η = {self.eta:g}, batch {self.batch_size}, {self.epochs} epochs, "
            f"{self.init} init, {self.outputs} outputs, seed {self.seed}"
        )


@dataclass
class ExperimentRun:
    """What one `Experiment` produced: its settings, the network and fit's `TrainingRun`.

    Attributes
    ----------
    experiment : Experiment
    net : MLP
        The trained network (its weights after the last epoch).
    training : TrainingRun
        What ``MLP.fit`` recorded (epoch 0 and every epoch; status and message).
    train_accuracy : float
        Accuracy on the training images after the last epoch.
    seconds : float
        Wall time of the training (evaluation included).
    epoch : list of int
        0 (before training), 1, 2, … (``training.epoch`` as a list).
    cost : dict of str to list of float
        Per evaluation set (e.g. ``"validation"``, ``"test"``), the cost C at each epoch.
    accuracy : dict of str to list of float
        Per evaluation set, the accuracy (fraction of digits recognised) at each epoch.
    diverged : bool
        The cost became non-finite and training stopped.
    """

    experiment: Experiment
    net: MLP
    training: TrainingRun
    train_accuracy: float = float("nan")
    seconds: float = 0.0
    epoch: list[int] = field(init=False)
    cost: dict[str, list[float]] = field(init=False)
    accuracy: dict[str, list[float]] = field(init=False)

    def __post_init__(self) -> None:
        self.epoch = self.training.epoch.tolist()
        self.cost = {k: v.tolist() for k, v in self.training.costs.items()}
        self.accuracy = {k: v.tolist() for k, v in self.training.accuracies.items()}

    @property
    def diverged(self) -> bool:
        return self.training.diverged

    @property
    def name(self) -> str:
        return self.experiment.name

    def final(self, split: str = "test") -> float:
        """Accuracy on ``split`` after the last epoch."""
        return self._curve(split)[-1]

    def best(self, split: str = "test") -> float:
        """The highest accuracy on ``split`` over the training epochs (epoch 0 excluded)."""
        return max(self._curve(split)[1:])

    @property
    def chosen_epoch(self) -> int:
        """The first training epoch (≥ 1) with the highest validation accuracy."""
        val = self._curve("validation")[1:]
        return self.epoch[1 + int(np.argmax(val))]

    def chosen(self, split: str = "test") -> float:
        """Accuracy on ``split`` at `chosen_epoch`."""
        return self._curve(split)[self.epoch.index(self.chosen_epoch)]

    def epoch_table(self, epochs: Sequence[int] | None = None) -> str:
        """Cost and accuracy on each evaluation set per epoch (all, or the listed epochs).

        Examples
        --------
        For the lecture's 784-30-10 run on the shipped sample, epochs 0 and 30::

            epoch  train cost  train acc  validation cost  validation acc  test cost  test acc
                0      1.6036      9.45%           1.5884          10.49%     1.5946     9.80%
               30      0.0194     97.36%           0.0944          88.31%     0.0937    89.00%
        """
        wanted = self.epoch if epochs is None else list(epochs)
        missing = [e for e in wanted if e not in self.epoch]
        if missing:
            raise ValueError(
                f"epochs {missing} were not run; the run has epochs 0-{self.epoch[-1]}"
            )
        head = "epoch" + "".join(
            f"{name + ' cost':>{len(name) + 7}}{name + ' acc':>{len(name) + 6}}"
            for name in self.accuracy
        )
        rows = [head]
        for e in wanted:
            i = self.epoch.index(e)
            rows.append(
                f"{e:5d}"
                + "".join(
                    f"{self.cost[name][i]:>{len(name) + 7}.4f}"
                    f"{self.accuracy[name][i]:>{len(name) + 6}.2%}"
                    for name in self.accuracy
                )
            )
        return "\n".join(rows)

    def _curve(self, split: str) -> list[float]:
        if split not in self.accuracy:
            raise KeyError(f"split must be one of {sorted(self.accuracy)}, got {split!r}")
        if len(self.accuracy[split]) < 2:
            raise ValueError(f"{self.name!r} has no training epochs")
        return self.accuracy[split]

    def __repr__(self) -> str:
        shown = ", ".join(f"{k} {v[-1]:.2%}" for k, v in self.accuracy.items() if v)
        return f"ExperimentRun({self.name!r}: {len(self.epoch) - 1} epochs, {shown})"


def run_experiment(
    experiment: Experiment,
    X_train: np.ndarray,
    y_train: np.ndarray,
    evaluate: Mapping[str, tuple[np.ndarray, np.ndarray]],
    *,
    threads: int | None = 1,
) -> ExperimentRun:
    """Train one network as ``experiment`` says; record cost and accuracy per epoch.

    The training is ``MLP.fit(..., seed=experiment.seed)`` (shuffling with a
    generator seeded by ``experiment.seed``, one SGD step per mini-batch);
    what fit measures at epoch 0 and after every epoch is the quadratic cost
    (`gdkit.quadratic_cost`) and the accuracy on each set of ``evaluate``, the
    outputs read as ``experiment.outputs`` says.

    Parameters
    ----------
    experiment : Experiment
    X_train : ndarray of shape (n, 784)
    y_train : ndarray of shape (n,)
        Integer digits; encoded as ``experiment.outputs`` says.
    evaluate : mapping of str to (X, y)
        Sets to measure at epoch 0 and after every epoch, e.g. ``DigitData.evaluation``.
    threads : int or None
        BLAS threads during the run (``MLP.fit``'s ``threads``; None:
        leave NumPy's setting alone).

    Returns
    -------
    ExperimentRun
        Training stops early (``diverged=True``) if the cost becomes non-finite.
    """
    if not isinstance(experiment, Experiment):
        raise TypeError(f"experiment must be an Experiment, got {type(experiment).__name__}")
    X_train, y_train = _checked(X_train, y_train, "X_train", "y_train")
    sets = {
        name: _checked(X, y, f"evaluate[{name!r}] X", f"evaluate[{name!r}] y")
        for name, (X, y) in dict(evaluate).items()
    }
    if not sets:
        raise ValueError("evaluate must name at least one (X, y) set to measure")
    out = experiment.outputs
    net = MLP(experiment.sizes, init=experiment.init, seed=experiment.seed)
    start = time.perf_counter()
    training = net.fit(
        X_train, y_train, epochs=experiment.epochs, batch_size=experiment.batch_size,
        lr=experiment.eta, progress=False, seed=experiment.seed, evaluate=sets,
        record_start=True, encode=lambda y: _target_rows(y, out),
        decode=lambda a: _decode(a, out), cost_function=quadratic_cost, threads=threads,
    )
    with blas_threads(threads), np.errstate(all="ignore"):
        train_accuracy = float(np.mean(_decode(net.forward(X_train), out) == y_train))
    return ExperimentRun(
        experiment, net, training, train_accuracy=train_accuracy,
        seconds=time.perf_counter() - start,
    )


def _checked(X: Any, y: Any, x_name: str, y_name: str) -> tuple[np.ndarray, np.ndarray]:
    X, y = np.asarray(X), np.asarray(y)
    if X.ndim != 2 or X.shape[1] != 784:
        raise ValueError(f"{x_name} must have shape (n, 784), got {X.shape}")
    if y.shape != (len(X),) or not np.issubdtype(y.dtype, np.integer):
        raise ValueError(
            f"{y_name} must hold one integer label per image, shape ({len(X)},); "
            f"got {y.dtype} {y.shape}"
        )
    return X, y


# --- the table ---------------------------------------------------------------------------------


@dataclass
class ExperimentTable:
    """Runs and baselines, printed beside the published full-MNIST figures.

    ``table["784-30-10, η = 3.0"]`` is that run; ``table.baselines`` maps a
    baseline's name to its accuracy.
    """

    source: str
    runs: list[ExperimentRun] = field(default_factory=list)
    baselines: dict[str, float] = field(default_factory=dict)

    def __getitem__(self, name: str) -> ExperimentRun:
        for run in self.runs:
            if run.name == name:
                return run
        raise KeyError(f"no run named {name!r}; the runs are {[r.name for r in self.runs]}")

    def add_baseline(self, name: str, accuracy: float) -> None:
        """Record a baseline's accuracy (a fraction in [0, 1])."""
        if not 0.0 <= float(accuracy) <= 1.0:
            raise ValueError(f"accuracy must be a fraction in [0, 1], got {accuracy!r}")
        self.baselines[name] = float(accuracy)

    def __str__(self) -> str:
        """The table: our test accuracies beside the published full-MNIST figures."""
        rows = [
            f"Our runs on the {self.source}; published figures: full MNIST test set",
            f"{'':<26}{'— test accuracy, ours —':^30}{'':>12}",
            f"{'':<26}{'last epoch':>12}{'chosen epoch':>18}{'published':>12}",
        ]

        def published(name: str) -> str:
            return f"{PUBLISHED[name]:.2%}" if name in PUBLISHED else "-"

        for run in self.runs:
            chosen = f"{run.chosen():.2%} (ep. {run.chosen_epoch:>2})"
            rows.append(f"{run.name:<26}{run.final():>12.2%}{chosen:>18}{published(run.name):>12}")
        for name, accuracy in self.baselines.items():
            rows.append(f"{name:<26}{accuracy:>12.2%}{'-':>18}{published(name):>12}")
        return "\n".join(rows)

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(str(self))


def run_experiments(
    experiments: Sequence[Experiment],
    data: DigitData,
    *,
    threads: int | None = 1,
    report: Callable[[ExperimentRun], object] | None = None,
) -> ExperimentTable:
    """Run each experiment on ``data`` (train on its training part, measure all three).

    Parameters
    ----------
    experiments : sequence of Experiment
        Names must be distinct.
    data : DigitData
    threads : int or None
        BLAS threads (see `run_experiment`).
    report : callable, optional
        Called with each finished run (e.g. to print a line).

    Returns
    -------
    ExperimentTable
    """
    names = [e.name for e in experiments]
    if len(set(names)) != len(names):
        raise ValueError(f"experiment names must be distinct, got {names}")
    table = ExperimentTable(data.source)
    for experiment in experiments:
        run = run_experiment(
            experiment, data.X_train, data.y_train, data.evaluation, threads=threads
        )
        table.runs.append(run)
        if report is not None:
            report(run)
    return table


# --- gradient checking a whole network --------------------------------------------------------


def flat_cost_and_gradient(
    net: MLP, X: np.ndarray, Y: np.ndarray
) -> tuple[Callable[[np.ndarray], float], Callable[[np.ndarray], np.ndarray], np.ndarray]:
    """The network's cost and backpropagation gradient as functions of one parameter vector.

    θ lists every weight matrix (row by row) then its bias vector, layer by
    layer.  Both functions leave ``net`` as they found it, so the pair can go
    straight into `gdkit.gradcheck`.

    Parameters
    ----------
    net : MLP
    X : ndarray of shape (m, sizes[0])
    Y : ndarray of shape (m,) labels or (m, sizes[-1]) targets

    Returns
    -------
    cost : callable
        θ ↦ C(θ) on (X, Y).
    gradient : callable
        θ ↦ ∇C(θ) from `MLP.backprop`.
    theta : ndarray
        The network's current parameters.
    """
    if not isinstance(net, MLP):
        raise TypeError(f"net must be a gdkit.MLP, got {type(net).__name__}")
    shapes = [(w.shape, b.shape) for w, b in zip(net.weights, net.biases, strict=True)]
    theta0 = np.concatenate(
        [a.ravel() for w, b in zip(net.weights, net.biases, strict=True) for a in (w, b)]
    )

    def unpack(theta: np.ndarray) -> tuple[list[np.ndarray], list[np.ndarray]]:
        theta = np.asarray(theta, dtype=float)
        if theta.shape != theta0.shape:
            raise ValueError(f"theta must have shape {theta0.shape}, got {theta.shape}")
        weights, biases, at = [], [], 0
        for w_shape, b_shape in shapes:
            size = w_shape[0] * w_shape[1]
            weights.append(theta[at : at + size].reshape(w_shape))
            at += size
            biases.append(theta[at : at + b_shape[0]].copy())
            at += b_shape[0]
        return weights, biases

    @contextlib.contextmanager
    def parameters(theta: np.ndarray) -> Iterator[None]:
        saved = net.weights, net.biases
        net.weights, net.biases = unpack(theta)
        try:
            yield
        finally:
            net.weights, net.biases = saved

    def cost(theta: np.ndarray) -> float:
        with parameters(theta):
            return net.loss(X, Y)

    def gradient(theta: np.ndarray) -> np.ndarray:
        with parameters(theta):
            grads_w, grads_b = net.backprop(X, Y)
        return np.concatenate(
            [a.ravel() for gw, gb in zip(grads_w, grads_b, strict=True) for a in (gw, gb)]
        )

    return cost, gradient, theta0
