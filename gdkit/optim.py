"""Optimisers that all return one `Trajectory`: GD, mini-batch SGD, random search, a GA.

Every optimiser records the parameters and the loss at every step, says why
it stopped (``status``, one of :class:`Status`, with a ``message`` written
from the status and the numbers behind it), and counts how many times it
evaluated the loss and the gradient, so a lecture can plot loss against
steps or against function evaluations for all of them alike.

Divergence is detected, not suffered: a step that overflows, produces a
non-finite loss, gradient or parameter (status ``"non-finite"``), or makes
the loss grow beyond ``max_loss_ratio`` times the starting loss (status
``"diverged"``) stops the run with ``diverged=True``.  NumPy's
floating-point warnings are silenced inside the optimisers (the
trajectory's message says what happened instead), and no non-finite value
is ever stored in a trajectory.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import numpy as np

from . import _validate

__all__ = [
    "Status",
    "Trajectory",
    "genetic_algorithm",
    "gradient_descent",
    "random_search",
    "sgd",
]

#: Default for ``max_loss_ratio``: a loss this many times its starting size counts as divergence.
MAX_LOSS_RATIO = 1e6
#: With a fixed number of steps, a run counts as converged when ‖∇C‖ fell by this factor.
GRAD_REDUCTION = 1e-6


class Status(StrEnum):
    """Why an optimiser stopped; a ``str``, so ``run.status == "converged"`` works.

    ============== ==================================================================
    status         meaning
    ============== ==================================================================
    converged      a stated tolerance was met: the loss changed by ≤ ``tol``
                   (gradient descent with ``tol``), ‖∇C‖ fell to ≤ 1e-6 × its start
                   (gradient descent without ``tol``, checked after the last step),
                   or the best loss reached ``target`` (random search, GA)
    max-steps      the budget (steps, epochs, evaluations, generations) ran out
                   before any tolerance was met; SGD, which has no tolerance, always
                   ends here when nothing goes wrong
    diverged       the loss grew beyond ``max_loss_ratio`` × max(|C(x0)|, 1) above
                   its start; the last recorded point is the one where it did
    non-finite     the gradient, the parameters or the loss overflowed or became
                   inf/nan; the offending point is not recorded
    callback       the callback returned True
    ============== ==================================================================

    ``Trajectory.converged`` is ``status == "converged"`` (also ``success``, as in
    SciPy's ``OptimizeResult``), ``Trajectory.diverged`` is ``status in ("diverged",
    "non-finite")``.
    """

    CONVERGED = "converged"
    MAX_STEPS = "max-steps"
    DIVERGED = "diverged"
    NON_FINITE = "non-finite"
    CALLBACK = "callback"


def _readable(value: float) -> str:
    """A number for a message: 3 significant digits, or ``< 1e-10`` for round-off-sized
    values, whose digits differ between machines."""
    return "< 1e-10" if abs(value) < 1e-10 else f"{value:.3g}"


def _message(status: Status, facts: dict[str, Any]) -> str:
    """The sentence for ``status``, written from the numbers in ``facts``.

    ``facts["cause"]`` says which criterion or failure produced the status (e.g.
    ``"tol"``, ``"gradient-norm"``, ``"target"``, ``"loss-grew"``, ``"parameters"``);
    the other entries are the numbers the sentence quotes.
    """
    f = facts
    cause = f.get("cause", "")
    if status in (Status.DIVERGED, Status.NON_FINITE):
        where = f"diverged at {f.get('unit', 'step')} {f['step']}"
        if cause == "loss-grew":
            return (
                f"{where}: the loss grew from {f['loss0']:.4g} to {f['loss']:.4g} "
                f"(η={f['lr']:g} is too large; try a smaller learning rate)"
            )
        if cause == "gradient":
            return f"{where}: the gradient is not finite (overflow)"
        if cause == "parameters":
            return f"{where}: the parameters overflowed (η={f['lr']:g} is too large)"
        return f"{where}: the loss overflowed (η={f['lr']:g}); try a smaller learning rate"
    if status == Status.CALLBACK:
        return f"stopped by the callback after {f['step']} {f.get('unit', 'step')}s"
    if cause == "tol":
        return (
            f"converged after {f['step']} steps: the loss changed by "
            f"{_readable(f['change'])} ≤ tol={f['tol']:g}"
        )
    if cause == "gradient-norm":
        verb = "converged" if status == Status.CONVERGED else "did not converge"
        return (
            f"{verb}: ran {f['steps']} steps; ‖∇C‖ went from {_readable(f['g0'])} "
            f"to {_readable(f['g'])}"
        )
    if cause == "epochs":
        return (
            f"finished {f['epochs']} epochs ({f['updates']} updates of batch size "
            f"{f['batch_size']}, reduction={f['reduction']!r}); loss {f['loss0']:.4g} → "
            f"{f['loss']:.4g}"
        )
    if cause == "evaluations":
        head = (
            f"reached target {f['target']:g} after {f['evals']} evaluations"
            if status == Status.CONVERGED
            else f"used the budget of {f['evals']} evaluations ({f['kind']}); "
            f"best loss {f['loss']:.4g}"
        )
        return f"{head}; {f['accepted']} improvements"
    if cause == "generations":
        if status == Status.CONVERGED:
            return (
                f"reached target {f['target']:g} after {f['generations']} generations "
                f"({f['evals']} evaluations)"
            )
        return (
            f"ran {f['generations']} generations ({f['evals']} evaluations); "
            f"best loss {f['loss']:.4g}"
        )
    return str(status)


@dataclass(repr=False)
class Trajectory:
    """What an optimiser did, step by step (in the spirit of SciPy's ``OptimizeResult``).

    Attributes
    ----------
    params : ndarray of shape (n_steps + 1, p)
        ``params[0]`` is the start, ``params[t]`` the parameters after step t
        (for random search and the GA: the best point found so far).
    losses : ndarray of shape (n_steps + 1,)
        The loss C at each row of ``params``.
    status : Status
        Why the run stopped: ``"converged"``, ``"max-steps"``, ``"diverged"``,
        ``"non-finite"`` or ``"callback"`` (see :class:`Status`).
    facts : dict
        The numbers behind the status (step, losses, η, tolerance, ...), from which
        ``message`` is written.
    n_steps : int
        Number of recorded steps (updates, or generations for the GA).
    n_evals : int
        Number of loss evaluations in total.
    n_grad_evals : int
        Number of gradient evaluations in total.
    lrs : ndarray of shape (n_steps,) or None
        The learning rate η used at each step (gradient methods only).
    eval_counts : ndarray of shape (n_steps + 1,) or None
        Cumulative loss evaluations at each row, to plot loss against
        function evaluations.
    epoch_ends : ndarray or None
        For SGD: the row index of ``params`` at the end of each epoch.
    method : str
        Which optimiser produced it.
    converged, success, diverged, message
        Derived from ``status`` (properties): ``converged`` and ``success`` mean status
        ``"converged"``; ``diverged`` means ``"diverged"`` or ``"non-finite"``;
        ``message`` is a sentence saying why the run stopped, with the numbers.
    """

    params: np.ndarray
    losses: np.ndarray
    status: Status
    n_steps: int
    n_evals: int
    n_grad_evals: int
    lrs: np.ndarray | None = None
    eval_counts: np.ndarray | None = None
    epoch_ends: np.ndarray | None = None
    method: str = ""
    facts: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.status = Status(self.status)

    @property
    def converged(self) -> bool:
        """A stated tolerance was met (status ``"converged"``)."""
        return self.status == Status.CONVERGED

    @property
    def success(self) -> bool:
        """Same as :attr:`converged`, under SciPy's name."""
        return self.converged

    @property
    def diverged(self) -> bool:
        """The run blew up (status ``"diverged"`` or ``"non-finite"``)."""
        return self.status in (Status.DIVERGED, Status.NON_FINITE)

    @property
    def message(self) -> str:
        """A sentence saying why the run stopped, written from ``status`` and ``facts``."""
        return _message(self.status, self.facts)

    @property
    def final_params(self) -> np.ndarray:
        """The last parameters (always finite)."""
        return self.params[-1]

    @property
    def final_loss(self) -> float:
        """The last loss (always finite)."""
        return float(self.losses[-1])

    @property
    def epoch_losses(self) -> np.ndarray:
        """For SGD: the full loss at the start and at the end of every epoch."""
        if self.epoch_ends is None:
            raise AttributeError(f"{self.method or 'this'} trajectory has no epochs")
        return self.losses[np.concatenate([[0], self.epoch_ends])]

    def __len__(self) -> int:
        return len(self.losses)

    def __repr__(self) -> str:
        p = np.array2string(self.final_params, precision=6, separator=", ", threshold=6)
        return (
            f"Trajectory({self.method or 'optimiser'}: {self.status.value} after "
            f"{self.n_steps} steps, final loss {self.final_loss:.6g}, final params {p}, "
            f"{self.n_evals} loss / {self.n_grad_evals} gradient evaluations; "
            f"{self.message!r})"
        )

    def _repr_pretty_(self, printer, cycle) -> None:  # IPython
        printer.text(repr(self))


def _as_start(x0: Sequence[float] | np.ndarray, name: str = "x0") -> np.ndarray:
    try:
        x = np.array(x0, dtype=float).reshape(-1)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be a non-empty finite vector of numbers, got {x0!r}") from exc
    if x.size == 0 or not np.all(np.isfinite(x)):
        raise ValueError(f"{name} must be a non-empty finite vector, got {x0!r}")
    return x


def _evaluate(fn: Callable, *args) -> tuple[object, str | None]:
    """Call ``fn`` and report overflow instead of raising or warning."""
    try:
        return fn(*args), None
    except (OverflowError, FloatingPointError) as exc:
        return None, f"{type(exc).__name__}: {exc}"


def _loss_value(value: object) -> float:
    if value is None:
        raise TypeError(
            "the loss returned None; expected a real number (did the function forget to return?)"
        )
    try:
        out = np.asarray(value, dtype=float)
    except (TypeError, ValueError) as exc:
        raise TypeError(
            f"the loss returned {value!r} ({type(value).__name__}); expected a real number"
        ) from exc
    if out.size != 1:
        raise ValueError(f"the loss must return a scalar, got an array of shape {out.shape}")
    return float(out.reshape(()))


def _blown_up(loss: float, loss0: float, max_loss_ratio: float) -> bool:
    return loss - loss0 > max_loss_ratio * max(abs(loss0), 1.0)


def _finite_vector(
    value: object, err: str | None, shape: tuple[int, ...] | None = None
) -> np.ndarray | None:
    """The value as a float vector, or None when it overflowed or is not finite.

    With ``shape`` (the parameters' shape), a gradient of another shape is a ValueError.
    """
    if err is not None:
        return None
    try:
        out = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        out = None
    if shape is not None and (out is None or out.shape != shape):
        raise ValueError(
            f"the gradient must return an array of shape {shape} (that of x0), got "
            f"{type(value).__name__} of shape {np.shape(value) if out is not None else '?'}"
        )
    return out if out is not None and np.all(np.isfinite(out)) else None


def _start_loss(loss: Callable, x: np.ndarray) -> float:
    value, err = _evaluate(loss, x)
    out = np.nan if err is not None else _loss_value(value)
    if not np.isfinite(out):
        raise ValueError(
            f"the loss at the start point {x} is not finite ({err or out}); "
            "expected a start where the loss can be evaluated"
        )
    return out


def _step_loss(
    loss: Callable,
    x_new: np.ndarray,
    loss0: float,
    step: int,
    lr: float,
    max_loss_ratio: float,
    unit: str = "step",
) -> tuple[float | None, Status | None, dict[str, Any]]:
    """Evaluate the loss after a step; report non-finite values and blow-ups.

    Returns (None, "non-finite", facts) when the new point must not be recorded,
    (loss, "diverged", facts) when it may be recorded but the run must stop, and
    (loss, None, {}) otherwise.
    """
    where = {"unit": unit, "step": step, "lr": lr}
    if not np.all(np.isfinite(x_new)):
        return None, Status.NON_FINITE, {**where, "cause": "parameters"}
    value, err = _evaluate(loss, x_new)
    new_loss = np.nan if err is not None else _loss_value(value)
    if not np.isfinite(new_loss):
        return None, Status.NON_FINITE, {**where, "cause": "loss"}
    if _blown_up(new_loss, loss0, max_loss_ratio):
        return new_loss, Status.DIVERGED, {
            **where, "cause": "loss-grew", "loss0": loss0, "loss": new_loss
        }
    return new_loss, None, {}


def _schedule(lr: float, decay: float | Callable[[int], float] | None) -> Callable[[int], float]:
    """η_t: constant, η/(1 + decay·t), or a callable t ↦ η_t."""
    lr = _validate.positive("lr", lr)
    if decay is None:
        return lambda t: lr
    if callable(decay):
        return lambda t: float(decay(t))
    if decay < 0:
        raise ValueError(f"decay must be non-negative (η_t = η / (1 + decay·t)), got {decay!r}")
    return lambda t: lr / (1.0 + decay * t)


def gradient_descent(
    loss: Callable[[np.ndarray], float],
    grad: Callable[[np.ndarray], np.ndarray],
    x0: Sequence[float] | np.ndarray,
    lr: float,
    steps: int = 1000,
    tol: float | None = None,
    decay: float | Callable[[int], float] | None = None,
    callback: Callable[[int, np.ndarray, float], object] | None = None,
    *,
    max_loss_ratio: float = MAX_LOSS_RATIO,
) -> Trajectory:
    """Gradient descent v ← v − η∇C(v), recording every step.

    Parameters
    ----------
    loss : callable
        C(v) for v of shape (p,), returning a scalar.
    grad : callable
        ∇C(v), returning shape (p,).
    x0 : array_like of shape (p,)
        Starting point.
    lr : float
        Learning rate η > 0.
    steps : int
        Maximum number of steps.
    tol : float, optional
        Stop early once the loss stops improving: |C(v_t) − C(v_{t+1})| ≤ tol
        (status ``"converged"``).  Without ``tol`` exactly ``steps`` steps are
        taken (unless the run diverges) and the status is ``"converged"`` when
        ‖∇C‖ at the end is at most 1e-6 × max(‖∇C(x0)‖, 1), else ``"max-steps"``.
    decay : None, float or callable
        Learning-rate schedule: None keeps η fixed; a float ``d`` uses
        η_t = η / (1 + d·t) (step t = 0, 1, ...); a callable maps t to η_t.
    callback : callable, optional
        Called as ``callback(t, v, C)`` after every step; returning True stops
        the run (reported in ``message``).
    max_loss_ratio : float
        The run diverges when C(v_t) − C(x0) > max_loss_ratio · max(|C(x0)|, 1).

    Returns
    -------
    Trajectory
        ``params`` (steps + 1, p), ``losses``, ``lrs`` (η_t per step).  One
        loss and one gradient evaluation per step (plus one of each at the
        start, and one gradient at the end for the convergence check).

    Examples
    --------
    >>> run = gradient_descent(lambda v: (v**2).sum(), lambda v: 2 * v, [3.0], lr=0.25, steps=50)
    >>> run.converged, round(run.final_loss, 12)
    (True, 0.0)
    """
    _validate.function("loss", loss)
    _validate.function("grad", grad)
    steps = _validate.integer("steps", steps, minimum=0)
    if tol is not None:
        tol = _validate.non_negative("tol", tol)
    eta = _schedule(lr, decay)
    x = _as_start(x0)
    status: Status | None = None
    facts: dict[str, Any] = {}
    with np.errstate(all="ignore"):
        loss0 = _start_loss(loss, x)
        params, losses, lrs = [x.copy()], [loss0], []
        n_evals, n_grad = 1, 1
        g = _finite_vector(*_evaluate(grad, x), x.shape)
        g0_norm = float(np.linalg.norm(g)) if g is not None else np.inf
        for t in range(steps):
            if t > 0:
                g = _finite_vector(*_evaluate(grad, x), x.shape)
                n_grad += 1
            if g is None:
                status, facts = Status.NON_FINITE, {"cause": "gradient", "step": t}
                break
            step_lr = eta(t)
            x_new = x - step_lr * g
            new_loss, status, facts = _step_loss(
                loss, x_new, loss0, t + 1, step_lr, max_loss_ratio
            )
            n_evals += 1
            if new_loss is None:
                break
            x = x_new
            params.append(x)
            losses.append(new_loss)
            lrs.append(step_lr)
            if status is not None:
                break
            if callback is not None and callback(t, x.copy(), new_loss) is True:
                status, facts = Status.CALLBACK, {"step": t + 1}
                break
            if tol is not None and abs(losses[-2] - new_loss) <= tol:
                status = Status.CONVERGED
                facts = {
                    "cause": "tol", "step": t + 1, "change": abs(losses[-2] - new_loss), "tol": tol
                }
                break
        if status is None:  # ran every step: is ‖∇C‖ down by GRAD_REDUCTION?
            g_end = _finite_vector(*_evaluate(grad, x), x.shape)
            n_grad += 1
            g_norm = float(np.linalg.norm(g_end)) if g_end is not None else np.inf
            reached = g_norm <= GRAD_REDUCTION * max(g0_norm, 1.0)
            status = Status.CONVERGED if reached else Status.MAX_STEPS
            facts = {"cause": "gradient-norm", "steps": steps, "g0": g0_norm, "g": g_norm}
    return Trajectory(
        params=np.array(params),
        losses=np.array(losses),
        status=status,
        facts=facts,
        n_steps=len(params) - 1,
        n_evals=n_evals,
        n_grad_evals=n_grad,
        lrs=np.array(lrs),
        eval_counts=np.arange(1, len(params) + 1),
        method="gradient descent",
    )


def sgd(
    loss_fn: Callable[[np.ndarray, np.ndarray], float],
    grad_fn: Callable[[np.ndarray, np.ndarray], np.ndarray],
    x0: Sequence[float] | np.ndarray,
    n_samples: int,
    *,
    lr: float,
    batch_size: int = 1,
    epochs: int = 1,
    seed: int = 0,
    reduction: str = "mean",
    shuffle: bool = True,
    decay: float | Callable[[int], float] | None = None,
    record: str = "update",
    callback: Callable[[int, np.ndarray, float], object] | None = None,
    max_loss_ratio: float = MAX_LOSS_RATIO,
) -> Trajectory:
    """Mini-batch stochastic gradient descent over a data set of ``n_samples`` examples.

    Each epoch shuffles the example indices (seeded) and cuts them into
    mini-batches X₁, …, X_m of ``batch_size`` (the last one may be smaller).
    For each batch of size m the update is

    - ``reduction="mean"``: v ← v − (η/m) Σⱼ ∇C_Xⱼ   (Nielsen's rule; the step
      size does not depend on m, because (1/m) Σⱼ ∇C_Xⱼ ≈ ∇C), or
    - ``reduction="sum"``: v ← v − η Σⱼ ∇C_Xⱼ   (the step grows with m, so a
      learning rate that works for m = 1 can diverge for m = 64).

    Parameters
    ----------
    loss_fn : callable
        ``loss_fn(v, idx)``: the loss of the examples with indices ``idx``
        (an integer array).  Only used for recording:
        ``losses[t] = loss_fn(v_t, arange(n_samples))``.
    grad_fn : callable
        ``grad_fn(v, idx)``: the **sum** Σⱼ∈idx ∇C_xⱼ(v) of the per-example
        gradients, shape (p,).  (``least_squares_grad(v, X[idx], y[idx])`` is
        exactly that for the regression set.)
    x0 : array_like of shape (p,)
    n_samples : int
        Number of examples n; indices run over 0..n-1.
    lr : float
        Learning rate η.
    batch_size : int
        Mini-batch size m (1 = single-example SGD, n = full-batch GD).
    epochs : int
    seed : int
        Seed of the shuffling.
    reduction : {"mean", "sum"}
    shuffle : bool
        Shuffle every epoch (default) or sweep the examples in order.
    decay : None, float or callable
        Learning-rate schedule over updates t, as in `gradient_descent`.
    record : {"update", "epoch"}
        Record parameters and the full loss after every update (default), or
        only at the end of each epoch (cheaper on large data).
    callback : callable, optional
        ``callback(t, v, C)`` after every recorded step; returning True stops.
    max_loss_ratio : float
        Divergence threshold, as in `gradient_descent`.

    Returns
    -------
    Trajectory
        ``params``/``losses`` per recorded step, ``epoch_ends`` (row of each
        epoch's end), ``lrs`` per update, ``n_grad_evals`` = number of updates.
        SGD has no stopping tolerance, so a run that goes well ends with status
        ``"max-steps"`` (``converged`` is False): with a fixed η it does not settle
        exactly but keeps jittering around a minimum.  Compare ``losses`` (or
        ``epoch_losses``) to judge progress.
    """
    _validate.choice("reduction", reduction, ("mean", "sum"))
    _validate.choice("record", record, ("update", "epoch"))
    _validate.function("loss_fn", loss_fn)
    _validate.function("grad_fn", grad_fn)
    n_samples = _validate.integer("n_samples", n_samples, minimum=1)
    batch_size = _validate.integer("batch_size", batch_size, minimum=1)
    epochs = _validate.integer("epochs", epochs, minimum=1)
    eta = _schedule(lr, decay)
    x = _as_start(x0)
    rng = np.random.default_rng(seed)
    everything = np.arange(n_samples)
    status: Status | None = None
    facts: dict[str, Any] = {}
    with np.errstate(all="ignore"):
        loss0 = _start_loss(lambda v: loss_fn(v, everything), x)
        params, losses, lrs, epoch_ends = [x.copy()], [loss0], [], []
        n_evals, n_grad, t = 1, 0, 0
        for _epoch in range(epochs):
            order = rng.permutation(n_samples) if shuffle else everything
            for start in range(0, n_samples, batch_size):
                batch = order[start : start + batch_size]
                g = _finite_vector(*_evaluate(grad_fn, x, batch), x.shape)
                n_grad += 1
                if g is None:
                    status = Status.NON_FINITE
                    facts = {"cause": "gradient", "unit": "update", "step": t + 1}
                    break
                step_lr = eta(t)
                scale = step_lr / len(batch) if reduction == "mean" else step_lr
                x = x - scale * g
                lrs.append(step_lr)
                t += 1
                if not np.all(np.isfinite(x)):
                    status = Status.NON_FINITE
                    facts = {"cause": "parameters", "unit": "update", "step": t, "lr": step_lr}
                    break
                if record == "update" or start + batch_size >= n_samples:
                    new_loss, status, facts = _step_loss(
                        lambda v: loss_fn(v, everything), x, loss0, t, step_lr, max_loss_ratio
                    )
                    n_evals += 1
                    if new_loss is None:
                        break
                    params.append(x.copy())
                    losses.append(new_loss)
                    if status is not None:
                        break
                    if callback is not None and callback(t, x.copy(), new_loss) is True:
                        status, facts = Status.CALLBACK, {"unit": "update", "step": t}
                        break
            if status is not None:  # the inner loop stopped early
                break
            epoch_ends.append(len(params) - 1)
        if status is None:
            status = Status.MAX_STEPS
            facts = {
                "cause": "epochs", "epochs": epochs, "updates": t, "batch_size": batch_size,
                "reduction": reduction, "loss0": loss0, "loss": losses[-1],
            }
    return Trajectory(
        params=np.array(params),
        losses=np.array(losses),
        status=status,
        facts=facts,
        n_steps=len(params) - 1,
        n_evals=n_evals,
        n_grad_evals=n_grad,
        lrs=np.array(lrs),
        eval_counts=np.arange(1, len(params) + 1),
        epoch_ends=np.array(epoch_ends, dtype=int),
        method=f"SGD (batch {batch_size}, {reduction})",
    )


def _safe_loss(loss: Callable[[np.ndarray], float], x: np.ndarray) -> float:
    """The loss at x, with overflow and non-finite values mapped to +inf (never selected)."""
    value, err = _evaluate(loss, x)
    out = np.inf if err is not None else _loss_value(value)
    return out if np.isfinite(out) else np.inf


def random_search(
    loss: Callable[[np.ndarray], float],
    x0: Sequence[float] | np.ndarray,
    n_evals: int = 1000,
    scale: float = 1.0,
    bounds: Sequence[tuple[float, float]] | None = None,
    seed: int = 0,
    target: float | None = None,
) -> Trajectory:
    """Random search: propose random points, keep the best one seen so far.

    Without ``bounds`` each proposal is a random step from the current best
    point, v' = v_best + scale·z with z ~ N(0, I), accepted if C(v') < C(v_best)
    (a local search).  With ``bounds`` each proposal is drawn uniformly from
    the box (a global search).  No gradient is used.  Either way the chance
    that a random proposal improves things shrinks as the number of
    parameters p grows, which is why random search collapses in high dimension.

    Parameters
    ----------
    loss : callable
        C(v) for v of shape (p,).
    x0 : array_like of shape (p,)
        The first point evaluated.
    n_evals : int
        Budget: number of loss evaluations, including the one at ``x0``.
    scale : float
        Standard deviation of the local proposal steps.
    bounds : sequence of (low, high), optional
        One pair per parameter; switches to uniform sampling in the box.
    seed : int
    target : float, optional
        Stop as soon as the best loss is ≤ target (status ``"converged"``).

    Returns
    -------
    Trajectory
        One row per evaluation: ``params[k]``/``losses[k]`` are the best point
        and loss after k + 1 evaluations; ``eval_counts`` = 1, 2, ….
    """
    _validate.function("loss", loss)
    x = _as_start(x0)
    n_evals = _validate.integer("n_evals", n_evals, minimum=1)
    scale = _validate.positive("scale", scale)
    low, high = _bounds(bounds, x.size)
    rng = np.random.default_rng(seed)
    with np.errstate(all="ignore"):
        best_x, best = x, _safe_loss(loss, x)
        if not np.isfinite(best):
            raise ValueError(f"the loss at x0={x0!r} is not finite; expected a start where it is")
        params, losses = [best_x], [best]
        accepted = 0
        converged = target is not None and best <= target
        for _ in range(n_evals - 1):
            if converged:
                break
            if low is None:
                candidate = best_x + scale * rng.standard_normal(x.size)
            else:
                candidate = rng.uniform(low, high)
            value = _safe_loss(loss, candidate)
            if value < best:
                best_x, best = candidate, value
                accepted += 1
            params.append(best_x)
            losses.append(best)
            converged = target is not None and best <= target
    used = len(losses)
    kind = "uniform in bounds" if low is not None else f"local, scale={scale:g}"
    return Trajectory(
        params=np.array(params),
        losses=np.array(losses),
        status=Status.CONVERGED if converged else Status.MAX_STEPS,
        facts={
            "cause": "evaluations", "evals": used, "kind": kind, "loss": best,
            "accepted": accepted, "target": target,
        },
        n_steps=used - 1,
        n_evals=used,
        n_grad_evals=0,
        eval_counts=np.arange(1, used + 1),
        method="random search",
    )


def _bounds(
    bounds: Sequence[tuple[float, float]] | None, p: int
) -> tuple[np.ndarray | None, np.ndarray | None]:
    if bounds is None:
        return None, None
    b = np.asarray(bounds, dtype=float)
    if b.shape != (p, 2) or not np.all(b[:, 0] < b[:, 1]):
        raise ValueError(
            f"bounds must be {p} pairs (low, high) with low < high, got {bounds!r}"
        )
    return b[:, 0], b[:, 1]


def genetic_algorithm(
    loss: Callable[[np.ndarray], float],
    x0: Sequence[float] | np.ndarray | None = None,
    *,
    bounds: Sequence[tuple[float, float]] | None = None,
    population: int = 40,
    generations: int = 100,
    n_evals: int | None = None,
    elite: int = 2,
    tournament: int = 3,
    crossover_rate: float = 0.9,
    mutation_rate: float = 0.2,
    mutation_scale: float = 0.3,
    init_scale: float = 1.0,
    seed: int = 0,
    target: float | None = None,
) -> Trajectory:
    """A real-valued genetic algorithm: selection, crossover and mutation.

    Generation 0 is ``population`` points: ``x0`` and its Gaussian
    perturbations x0 + init_scale·z, or uniform draws from ``bounds``.  Each
    generation then

    1. keeps the ``elite`` best individuals unchanged (elitism);
    2. **selection**: picks each parent as the best of ``tournament`` random
       individuals (tournament selection);
    3. **crossover**: with probability ``crossover_rate`` a child takes each
       coordinate from one of its two parents at random (uniform crossover),
       otherwise it copies the first parent;
    4. **mutation**: each coordinate is perturbed by N(0, mutation_scale²) with
       probability ``mutation_rate`` (then clipped to ``bounds``);
    5. evaluates the loss of the population − elite children.

    Parameters
    ----------
    loss : callable
        C(v) for v of shape (p,).  Non-finite values count as +∞.
    x0 : array_like of shape (p,), optional
        Centre of the first generation (needed unless ``bounds`` is given).
    bounds : sequence of (low, high), optional
    population, generations, elite, tournament : int
    n_evals : int, optional
        Budget of loss evaluations; when given, it replaces ``generations``
        (the run stops before a generation would exceed it).
    crossover_rate, mutation_rate, mutation_scale, init_scale : float
    seed : int
    target : float, optional
        Stop once the best loss is ≤ target (status ``"converged"``).

    Returns
    -------
    Trajectory
        One row per generation (row 0 = the first generation): the best
        individual and loss so far; ``eval_counts`` is the cumulative number
        of loss evaluations at each row.
    """
    _validate.function("loss", loss)
    if x0 is None and bounds is None:
        raise ValueError("genetic_algorithm needs x0 or bounds to know the search space")
    population = _validate.integer("population", population, minimum=2)
    elite = _validate.integer("elite", elite, minimum=0)
    if elite >= population:
        raise ValueError(
            f"elite must be less than population (0 ≤ elite < population), got {elite=}, "
            f"{population=}"
        )
    generations = _validate.integer("generations", generations, minimum=0)
    if n_evals is not None:
        n_evals = _validate.integer("n_evals", n_evals, minimum=1)
    tournament = _validate.integer("tournament", tournament, minimum=1)
    crossover_rate = _validate.fraction("crossover_rate", crossover_rate)
    mutation_rate = _validate.fraction("mutation_rate", mutation_rate)
    mutation_scale = _validate.non_negative("mutation_scale", mutation_scale)
    init_scale = _validate.non_negative("init_scale", init_scale)
    p = _as_start(x0).size if x0 is not None else len(bounds)  # type: ignore[arg-type]
    low, high = _bounds(bounds, p)
    rng = np.random.default_rng(seed)
    if x0 is not None:
        start = _as_start(x0)
        pop = start + init_scale * rng.standard_normal((population, p))
        pop[0] = start
    else:
        pop = rng.uniform(low, high, size=(population, p))
    if low is not None:
        pop = np.clip(pop, low, high)
    budget = n_evals if n_evals is not None else population + generations * (population - elite)
    if budget < population:
        raise ValueError(f"n_evals must be at least the population size {population}, got {budget}")
    with np.errstate(all="ignore"):
        fitness = np.array([_safe_loss(loss, ind) for ind in pop])
        used = population
        best = int(np.argmin(fitness))
        params, losses, counts = [pop[best].copy()], [fitness[best]], [used]
        n_children = population - elite
        while used + n_children <= budget and not (target is not None and losses[-1] <= target):
            order = np.argsort(fitness, kind="stable")
            elites = pop[order[:elite]]
            contenders = rng.integers(0, population, size=(2 * n_children, tournament))
            winners = contenders[np.arange(2 * n_children), np.argmin(fitness[contenders], axis=1)]
            mums, dads = pop[winners[:n_children]], pop[winners[n_children:]]
            crossing = rng.random(n_children) < crossover_rate
            from_dad = (rng.random((n_children, p)) < 0.5) & crossing[:, None]
            children = np.where(from_dad, dads, mums)
            mutate = rng.random((n_children, p)) < mutation_rate
            children = children + mutate * rng.normal(0.0, mutation_scale, size=(n_children, p))
            if low is not None:
                children = np.clip(children, low, high)
            child_fitness = np.array([_safe_loss(loss, c) for c in children])
            used += n_children
            pop = np.vstack([elites, children])
            fitness = np.concatenate([fitness[order[:elite]], child_fitness])
            best = int(np.argmin(fitness))
            if fitness[best] < losses[-1]:
                params.append(pop[best].copy())
                losses.append(fitness[best])
            else:
                params.append(params[-1])
                losses.append(losses[-1])
            counts.append(used)
    if not np.isfinite(losses[-1]):
        raise ValueError("the loss was not finite anywhere in the population; check the bounds/x0")
    converged = target is not None and losses[-1] <= target
    generations_run = len(losses) - 1
    return Trajectory(
        params=np.array(params),
        losses=np.array(losses),
        status=Status.CONVERGED if converged else Status.MAX_STEPS,
        facts={
            "cause": "generations", "generations": generations_run, "evals": used,
            "loss": losses[-1], "target": target,
        },
        n_steps=generations_run,
        n_evals=used,
        n_grad_evals=0,
        eval_counts=np.array(counts),
        method="genetic algorithm",
    )
