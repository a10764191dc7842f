"""Checks for lecture 08's exercises (stochastic gradient descent and mini-batches)."""

from __future__ import annotations

import functools
import math

import numpy as np

from ...exercises import NOT_ANSWERED, CheckResult, Mistake, _describe_args, check_cases
from . import close_to, implementation, number

__all__: list[str] = []


# -- 08.1 updates on full MNIST -----------------------------------------------------------------

_N_FULL, _M_FULL, _EPOCHS_FULL = 60_000, 64, 3


def _updates_in_3_epochs() -> int:
    return _EPOCHS_FULL * math.ceil(_N_FULL / _M_FULL)


@number("08.1", expected=_updates_in_3_epochs, digits=4)
def _check_updates(answer) -> CheckResult:
    return close_to(
        answer,
        _updates_in_3_epochs(),
        name="updates_in_3_epochs",
        digits=4,
        mistakes=[
            Mistake(
                "It looks like the last, smaller batch of each epoch was left out: an epoch "
                "uses every example, so it has ⌈n/m⌉ updates.",
                lambda: _EPOCHS_FULL * (_N_FULL // _M_FULL),
            ),
            Mistake(
                "It looks like you divided all 180,000 examples by 64 at once; each epoch "
                "rounds up on its own.",
                lambda: _EPOCHS_FULL * _N_FULL / _M_FULL,
            ),
            Mistake(
                "It looks like you counted one epoch, not three.",
                lambda: math.ceil(_N_FULL / _M_FULL),
            ),
        ],
    )


# -- 08.2 the learning rate that makes summing harmless ----------------------------------------

_ETA_MEAN, _M_SUM = 0.02, 5


def _eta_sum() -> float:
    return _ETA_MEAN / _M_SUM


@number("08.2", expected=_eta_sum, digits=3)
def _check_eta_sum(answer) -> CheckResult:
    return close_to(
        answer,
        _eta_sum(),
        name="eta_sum",
        digits=3,
        mistakes=[
            Mistake(
                "It looks like you multiplied by m: the summed gradient is already m times the "
                "average, so its learning rate must be smaller, not larger.",
                lambda: _ETA_MEAN * _M_SUM,
            ),
            Mistake(
                "It looks like you kept η: with the sum, the same η takes steps m times as long.",
                lambda: _ETA_MEAN,
            ),
        ],
    )


# -- 08.3 a mini-batch gradient by hand -------------------------------------------------------------


def _batch_gradient(beta, X, y) -> np.ndarray:
    beta, X, y = (np.asarray(a, dtype=float) for a in (beta, X, y))
    return -2 / len(y) * (X.T @ (y - X @ beta))


def _regression_cases() -> list[tuple]:
    # batches the lecture never shows: 2 and 3 columns, a single example, a larger batch
    rng = np.random.default_rng(80_803)
    cases = []
    for m, beta in [(3, [1.0, 0.5]), (1, [-0.5, 2.0]), (6, [0.25, -1.0, 0.75]), (11, [2.0, 0.0])]:
        X = np.column_stack([np.ones(m), np.round(rng.uniform(-3, 3, (m, len(beta) - 1)), 2)])
        y = np.round(rng.normal(0, 3, m), 2)
        cases.append((np.array(beta), X, y))
    return cases


@implementation("08.3")
def _check_batch_gradient(batch_gradient) -> CheckResult:
    return check_cases(
        batch_gradient,
        _batch_gradient,
        _regression_cases(),
        name="batch_gradient",
        arg_names=("beta", "X", "y"),
        mistakes=[
            Mistake(
                "It looks like the gradients were summed, not averaged: divide by the number "
                "of examples m.",
                lambda beta, X, y: _batch_gradient(beta, X, y) * len(y),
            ),
            Mistake(
                "It looks like the sign is flipped: ∇C_j(β) = −2 (y_j − X_j β) X_j.",
                lambda beta, X, y: -_batch_gradient(beta, X, y),
            ),
            Mistake(
                "It looks like the factor 2 from differentiating the square is missing.",
                lambda beta, X, y: _batch_gradient(beta, X, y) / 2,
            ),
        ],
    )


# -- 08.4 one epoch of mini-batch SGD (implement it) ------------------------------------------------


def least_squares_gradient_sum(params, X, Y):
    """Σ_j ∇(Y_j − X_j·params)² over the rows given (the name appears in the check's messages)."""
    return -2 * X.T @ (Y - X @ params)


def absolute_error_gradient_sum(params, X, Y):
    """Σ_j ∇|Y_j − X_j·params| over the rows given: a loss that is not quadratic."""
    return -X.T @ np.sign(Y - X @ params)


class _Rng:
    """A seed that the check turns into a fresh ``np.random.default_rng`` for every call."""

    def __init__(self, seed: int) -> None:
        self.seed = seed

    def generator(self) -> np.random.Generator:
        return np.random.default_rng(self.seed)

    def __repr__(self) -> str:
        return f"np.random.default_rng({self.seed})"


def _epoch_cases() -> list[tuple]:
    # n not a multiple of the batch size (a smaller last batch), single examples, 2 and 3 columns
    rng = np.random.default_rng(80_804)
    cases = []
    for grad_fn, n, p, eta, batch_size, seed in [
        (least_squares_gradient_sum, 7, 2, 0.05, 3, 11),
        (least_squares_gradient_sum, 10, 3, 0.02, 4, 5),
        (absolute_error_gradient_sum, 9, 2, 0.1, 2, 7),
        (least_squares_gradient_sum, 6, 2, 0.03, 1, 3),
    ]:
        X = np.column_stack([np.ones(n), np.round(rng.uniform(-2, 2, (n, p - 1)), 2)])
        Y = np.round(rng.normal(0, 2, n), 2)
        params = np.round(rng.normal(0, 1, p), 2)
        cases.append((params, grad_fn, X, Y, eta, batch_size, _Rng(seed)))
    return cases


def _epoch(
    params,
    grad_fn,
    X,
    Y,
    eta,
    batch_size,
    rng,
    *,
    shuffle=True,
    average="batch",
    keep_last=True,
    full_batch=False,
) -> np.ndarray:
    """One epoch of mini-batch SGD, and (through the keywords) its plausible mistakes."""
    params = np.array(params, dtype=float)
    n = len(X)
    order = rng.permutation(n) if shuffle else np.arange(n)
    stop = n if keep_last else n - n % batch_size
    for start in range(0, stop, batch_size):
        batch = order[start : start + batch_size]
        if full_batch:
            g = grad_fn(params, X, Y) / n
        else:
            divide = {"batch": len(batch), "batch_size": batch_size, "none": 1}[average]
            g = grad_fn(params, X[batch], Y[batch]) / divide
        params = params - eta * g
    return params


def _with_rng(kind: str = "right", **mistake):
    def run(params, grad_fn, X, Y, eta, batch_size, seed):
        return _epoch(params, grad_fn, X, Y, eta, batch_size, seed.generator(), **mistake)

    run.__name__ = kind
    return run


_EPOCH_ARGS = ("params", "grad_fn", "X", "Y", "eta", "batch_size", "rng")

_EPOCH_MISTAKES = [
    Mistake(
        "It looks like the batch gradients were summed, not averaged: step by η times grad_fn's "
        "sum divided by the size of the batch.",
        _with_rng(average="none"),
    ),
    Mistake(
        "It looks like the examples were not shuffled: draw the epoch's order with one call "
        "rng.permutation(len(X)) and cut the batches from that order.",
        _with_rng(shuffle=False),
    ),
    Mistake(
        "It looks like you dropped the last partial batch: when len(X) is not a multiple of "
        "batch_size, the last batch is smaller, and it is still used.",
        _with_rng(keep_last=False),
    ),
    Mistake(
        "It looks like the last, smaller batch was divided by batch_size: average over the "
        "examples the batch really has, len(batch).",
        _with_rng(average="batch_size"),
    ),
    Mistake(
        "It looks like every update used the full-batch gradient over all of X: each update "
        "uses only the examples of its own mini-batch.",
        _with_rng(full_batch=True),
    ),
]


def _changed_inputs(sgd_epoch, case: tuple) -> CheckResult | None:
    """Call sgd_epoch on the case's own arrays; a CheckResult if it changed one of them."""
    params, grad_fn, X, Y, eta, batch_size, seed = case
    before = {"params": params.copy(), "X": X.copy(), "Y": Y.copy()}
    call = f"sgd_epoch({_describe_args(case, _EPOCH_ARGS)})"
    try:
        sgd_epoch(params, grad_fn, X, Y, eta, batch_size, seed.generator())
    except NotImplementedError:  # pragma: no cover - check_cases has passed already
        return CheckResult(False, f"sgd_epoch: {NOT_ANSWERED}", answered=False)
    except Exception as exc:  # the student's code failed: say how, do not crash the lecture
        return CheckResult(False, f"{call} raised {type(exc).__name__}: {exc}")
    advice = {
        "params": "Step with params = params - ..., which makes a new array, or start from "
        "params = params.copy().",
        "X": "Take each batch with X[batch] and Y[batch] instead of reordering X and Y themselves.",
    }
    for name, now in (("params", params), ("X", X), ("Y", Y)):
        if not np.array_equal(now, before[name]):
            return CheckResult(
                False,
                f"{call} returns the right parameters but modifies its input {name} in place: "
                f"the caller's {name} is different after the call. {advice.get(name, advice['X'])}",
            )
    return None


@implementation("08.4")
def _check_sgd_epoch(sgd_epoch) -> CheckResult:
    cases = _epoch_cases()
    student = sgd_epoch
    if callable(sgd_epoch):

        def student(params, grad_fn, X, Y, eta, batch_size, seed):
            return sgd_epoch(params, grad_fn, X, Y, eta, batch_size, seed.generator())

    values = check_cases(
        student,
        _with_rng(),
        cases,
        name="sgd_epoch",
        arg_names=_EPOCH_ARGS,
        mistakes=_EPOCH_MISTAKES,
    )
    if not values:
        return values
    for case in cases:  # check_cases hands over copies; now pass the arrays themselves
        changed = _changed_inputs(sgd_epoch, case)
        if changed is not None:
            return changed
    return CheckResult(
        True,
        f"sgd_epoch is right on all {len(cases)} test inputs and leaves params, X and Y unchanged.",
    )


# -- 08.5 predicting the error of a bigger batch ----------------------------------------------------


@functools.cache
def _measured_rms_errors() -> dict[int, float]:
    """The lecture's measurement, repeated up to m = 256 (the same draws: same seed, same order)."""
    from ...mlp import MLP
    from ...mnist import load_mnist_sample
    from ..sgd_compare import gradient_estimates

    X, y, _, _ = load_mnist_sample(n_train=2000, n_test=0, seed=0)
    net = MLP([784, 256, 10], activation="relu", cost="cross_entropy", init="scaled", seed=0)
    sizes = [1, 4, 16, 64, 256]
    estimates = gradient_estimates(net, X, y, sizes, repeats=20, seed=0)
    return {m: float(e) for m, e in zip(sizes, estimates.rms_error, strict=True)}


def _predicted_error_256() -> float:
    return _measured_rms_errors()[16] / math.sqrt(256 / 16)


@number("08.5", expected=_predicted_error_256, digits=3)
def _check_predicted_error(answer) -> CheckResult:
    measured = _measured_rms_errors()
    return close_to(
        answer,
        _predicted_error_256(),
        name="predicted_error_256",
        digits=3,
        mistakes=[
            Mistake(
                "It looks like you divided by 16 = 256/16: the error falls like 1/√m, so 16 "
                "times the batch divides it by √16.",
                lambda: measured[16] / 16,
            ),
            Mistake(
                "It looks like you multiplied: a bigger batch makes the error smaller.",
                lambda: measured[16] * 4,
            ),
            Mistake(
                "It looks like you gave the measured error at m = 256; the exercise asks for "
                "the prediction from m = 16.",
                lambda: measured[256],
            ),
            Mistake(
                "It looks like you gave the error at m = 16 itself; scale it to m = 256.",
                lambda: measured[16],
            ),
        ],
    )
