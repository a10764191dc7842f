"""Optimisers that all return one `Trajectory`: GD, mini-batch SGD, random search, a GA.

Every optimiser records the parameters and the loss at every step, says
whether it converged or diverged and why (``message``), and counts how many
times it evaluated the loss and the gradient, so a lecture can plot loss
against steps or against function evaluations for all of them alike.

Divergence is detected, not suffered: a step that overflows, produces a
non-finite loss, gradient or parameter, or makes the loss grow beyond
``max_loss_ratio`` times the starting loss stops the run with
``diverged=True``.  NumPy's floating-point warnings are silenced inside the
optimisers (the trajectory's message says what happened instead), and no
non-finite value is ever stored in a trajectory.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

__all__ = ["Trajectory", "genetic_algorithm", "gradient_descent", "random_search", "sgd"]

#: Default for ``max_loss_ratio``: a loss this many times its starting size counts as divergence.
MAX_LOSS_RATIO = 1e6
#: With a fixed number of steps, a run counts as converged when ‖∇C‖ fell by this factor.
GRAD_REDUCTION = 1e-6


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
    converged, diverged : bool
        Whether a stopping criterion was met / the run blew up.
    message : str
        A sentence saying why the run stopped.
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
    """

    params: np.ndarray
    losses: np.ndarray
    converged: bool
    diverged: bool
    message: str
    n_steps: int
    n_evals: int
    n_grad_evals: int
    lrs: np.ndarray | None = None
    eval_counts: np.ndarray | None = None
    epoch_ends: np.ndarray | None = None
    method: str = ""

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
        status = "diverged" if self.diverged else ("converged" if self.converged else "stopped")
        p = np.array2string(self.final_params, precision=6, separator=", ", threshold=6)
        return (
            f"Trajectory({self.method or 'optimiser'}: {status} after {self.n_steps} steps, "
            f"final loss {self.final_loss:.6g}, final params {p}, "
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


def _check_callable(**functions: object) -> None:
    for name, fn in functions.items():
        if not callable(fn):
            raise TypeError(f"{name}={fn!r} is not callable; expected a function")


def _check_count(name: str, value: object, minimum: int) -> int:
    """``value`` as an int ≥ ``minimum``, or a ValueError naming ``name``."""
    try:
        ok = not isinstance(value, bool) and int(value) == value and value >= minimum
    except (TypeError, ValueError):
        ok = False
    if not ok:
        what = {0: "a non-negative integer", 1: "a positive integer"}.get(
            minimum, f"an integer ≥ {minimum}"
        )
        raise ValueError(f"{name} must be {what}, got {value!r}")
    return int(value)


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
) -> tuple[float | None, str]:
    """Evaluate the loss after a step; say 'diverged ...' if it overflowed or blew up.

    Returns (None, message) when the new point must not be recorded (non-finite),
    (loss, message) when it may be recorded but the run must stop, (loss, "") otherwise.
    """
    if not np.all(np.isfinite(x_new)):
        return None, f"diverged at step {step}: the parameters overflowed (η={lr:g} is too large)"
    value, err = _evaluate(loss, x_new)
    new_loss = np.nan if err is not None else _loss_value(value)
    if not np.isfinite(new_loss):
        return None, (
            f"diverged at step {step}: the loss overflowed (η={lr:g}); try a smaller learning rate"
        )
    if _blown_up(new_loss, loss0, max_loss_ratio):
        return new_loss, (
            f"diverged at step {step}: the loss grew from {loss0:.4g} to {new_loss:.4g} "
            f"(η={lr:g} is too large; try a smaller learning rate)"
        )
    return new_loss, ""


def _schedule(lr: float, decay: float | Callable[[int], float] | None) -> Callable[[int], float]:
    """η_t: constant, η/(1 + decay·t), or a callable t ↦ η_t."""
    try:
        ok = bool(np.isfinite(lr)) and lr > 0
    except TypeError:
        ok = False
    if not ok:
        raise ValueError(f"lr must be a positive finite number, got {lr!r}")
    if decay is None:
        return lambda t: lr
    if callable(decay):
        return lambda t: float(decay(t))
    if decay < 0:
        raise ValueError(f"decay must be non-negative (η_t = η / (1 + decay·t)), got {decay!r}")
    return lambda t: lr / (1.0 + decay * t)


def _readable(value: float) -> str:
    """A number for a message: 3 significant digits, or ``< 1e-10`` for round-off-sized
    values, whose digits differ between machines."""
    return "< 1e-10" if abs(value) < 1e-10 else f"{value:.3g}"


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
        (``converged=True``).  Without ``tol`` exactly ``steps`` steps are
        taken (unless the run diverges) and the run counts as converged when
        ‖∇C‖ at the end is at most 1e-6 × ‖∇C(x0)‖.
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
    _check_callable(loss=loss, grad=grad)
    steps = _check_count("steps", steps, 0)
    if tol is not None and tol < 0:
        raise ValueError(f"tol must be non-negative, got {tol}")
    eta = _schedule(lr, decay)
    x = _as_start(x0)
    with np.errstate(all="ignore"):
        loss0 = _start_loss(loss, x)
        params, losses, lrs = [x.copy()], [loss0], []
        n_evals, n_grad = 1, 1
        g = _finite_vector(*_evaluate(grad, x), x.shape)
        g0_norm = float(np.linalg.norm(g)) if g is not None else np.inf
        converged = False
        message = ""
        for t in range(steps):
            if t > 0:
                g = _finite_vector(*_evaluate(grad, x), x.shape)
                n_grad += 1
            if g is None:
                message = f"diverged at step {t}: the gradient is not finite (overflow)"
                break
            step_lr = eta(t)
            x_new = x - step_lr * g
            new_loss, message = _step_loss(loss, x_new, loss0, t + 1, step_lr, max_loss_ratio)
            n_evals += 1
            if new_loss is None:
                break
            x = x_new
            params.append(x)
            losses.append(new_loss)
            lrs.append(step_lr)
            if message:
                break
            if callback is not None and callback(t, x.copy(), new_loss) is True:
                message = f"stopped by the callback after {t + 1} steps"
                break
            if tol is not None and abs(losses[-2] - new_loss) <= tol:
                converged = True
                message = (
                    f"converged after {t + 1} steps: the loss changed by "
                    f"{_readable(abs(losses[-2] - new_loss))} ≤ tol={tol:g}"
                )
                break
        diverged = message.startswith("diverged")
        if not message:
            g_end = _finite_vector(*_evaluate(grad, x), x.shape)
            n_grad += 1
            g_norm = float(np.linalg.norm(g_end)) if g_end is not None else np.inf
            converged = g_norm <= GRAD_REDUCTION * max(g0_norm, 1.0)
            message = (
                f"{'converged' if converged else 'did not converge'}: ran {steps} steps; "
                f"‖∇C‖ went from {_readable(g0_norm)} to {_readable(g_norm)}"
            )
    return Trajectory(
        params=np.array(params),
        losses=np.array(losses),
        converged=converged,
        diverged=diverged,
        message=message,
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
        ``converged`` means: all epochs ran, nothing diverged, and the full
        loss ended below where it started (SGD with a fixed η does not settle
        exactly; it keeps jittering around a minimum).
    """
    if reduction not in ("mean", "sum"):
        raise ValueError(f"reduction must be 'mean' or 'sum', got {reduction!r}")
    if record not in ("update", "epoch"):
        raise ValueError(f"record must be 'update' or 'epoch', got {record!r}")
    _check_callable(loss_fn=loss_fn, grad_fn=grad_fn)
    for name, value in (("n_samples", n_samples), ("batch_size", batch_size), ("epochs", epochs)):
        _check_count(name, value, 1)
    eta = _schedule(lr, decay)
    x = _as_start(x0)
    rng = np.random.default_rng(seed)
    everything = np.arange(n_samples)
    with np.errstate(all="ignore"):
        loss0 = _start_loss(lambda v: loss_fn(v, everything), x)
        params, losses, lrs, epoch_ends = [x.copy()], [loss0], [], []
        n_evals, n_grad, t = 1, 0, 0
        message = ""
        for _epoch in range(epochs):
            order = rng.permutation(n_samples) if shuffle else everything
            for start in range(0, n_samples, batch_size):
                batch = order[start : start + batch_size]
                g = _finite_vector(*_evaluate(grad_fn, x, batch), x.shape)
                n_grad += 1
                if g is None:
                    message = f"diverged at update {t + 1}: the gradient is not finite (overflow)"
                    break
                step_lr = eta(t)
                scale = step_lr / len(batch) if reduction == "mean" else step_lr
                x = x - scale * g
                lrs.append(step_lr)
                t += 1
                if not np.all(np.isfinite(x)):
                    message = f"diverged at update {t}: the parameters overflowed (η={step_lr:g})"
                    break
                if record == "update" or start + batch_size >= n_samples:
                    new_loss, message = _step_loss(
                        lambda v: loss_fn(v, everything), x, loss0, t, step_lr, max_loss_ratio
                    )
                    n_evals += 1
                    if new_loss is None:
                        break
                    params.append(x.copy())
                    losses.append(new_loss)
                    if message:
                        break
                    if callback is not None and callback(t, x.copy(), new_loss) is True:
                        message = f"stopped by the callback after {t} updates"
                        break
            if message:  # the inner loop stopped early
                break
            epoch_ends.append(len(params) - 1)
        diverged = message.startswith("diverged")
        finished = not message
        if finished:
            message = (
                f"finished {epochs} epochs ({t} updates of batch size {batch_size}, "
                f"reduction={reduction!r}); loss {loss0:.4g} → {losses[-1]:.4g}"
            )
    return Trajectory(
        params=np.array(params),
        losses=np.array(losses),
        converged=finished and losses[-1] <= loss0,
        diverged=diverged,
        message=message,
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
        Stop as soon as the best loss is ≤ target (``converged=True``).

    Returns
    -------
    Trajectory
        One row per evaluation: ``params[k]``/``losses[k]`` are the best point
        and loss after k + 1 evaluations; ``eval_counts`` = 1, 2, ….
    """
    _check_callable(loss=loss)
    x = _as_start(x0)
    _check_count("n_evals", n_evals, 1)
    if scale <= 0:
        raise ValueError(f"scale must be positive, got {scale!r}")
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
    message = (
        f"reached target {target:g} after {used} evaluations"
        if converged
        else f"used the budget of {used} evaluations ({kind}); best loss {best:.4g}"
    ) + f"; {accepted} improvements"
    return Trajectory(
        params=np.array(params),
        losses=np.array(losses),
        converged=bool(converged),
        diverged=False,
        message=message,
        n_steps=used - 1,
        n_evals=used,
        n_grad_evals=0,
        eval_counts=np.arange(1, used + 1),
        method="random search",
    )


def _check_fraction(name: str, value: object) -> float:
    """``value`` as a probability in [0, 1], or a ValueError naming ``name``."""
    try:
        ok = not isinstance(value, bool) and 0.0 <= value <= 1.0
    except (TypeError, ValueError):
        ok = False
    if not ok:
        raise ValueError(f"{name} must be a probability in [0, 1], got {value!r}")
    return float(value)


def _check_scale(name: str, value: object) -> float:
    """``value`` as a finite number ≥ 0, or a ValueError naming ``name``."""
    try:
        ok = not isinstance(value, bool) and bool(np.isfinite(value)) and value >= 0
    except (TypeError, ValueError):
        ok = False
    if not ok:
        raise ValueError(f"{name} must be a non-negative finite number, got {value!r}")
    return float(value)


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
        Stop once the best loss is ≤ target (``converged=True``).

    Returns
    -------
    Trajectory
        One row per generation (row 0 = the first generation): the best
        individual and loss so far; ``eval_counts`` is the cumulative number
        of loss evaluations at each row.
    """
    _check_callable(loss=loss)
    if x0 is None and bounds is None:
        raise ValueError("genetic_algorithm needs x0 or bounds to know the search space")
    population = _check_count("population", population, 2)
    elite = _check_count("elite", elite, 0)
    if elite >= population:
        raise ValueError(
            f"elite must be less than population (0 ≤ elite < population), got {elite=}, "
            f"{population=}"
        )
    generations = _check_count("generations", generations, 0)
    if n_evals is not None:
        n_evals = _check_count("n_evals", n_evals, 1)
    tournament = _check_count("tournament", tournament, 1)
    crossover_rate = _check_fraction("crossover_rate", crossover_rate)
    mutation_rate = _check_fraction("mutation_rate", mutation_rate)
    mutation_scale = _check_scale("mutation_scale", mutation_scale)
    init_scale = _check_scale("init_scale", init_scale)
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
    message = (
        f"reached target {target:g} after {generations_run} generations ({used} evaluations)"
        if converged
        else f"ran {generations_run} generations ({used} evaluations); best loss {losses[-1]:.4g}"
    )
    return Trajectory(
        params=np.array(params),
        losses=np.array(losses),
        converged=bool(converged),
        diverged=False,
        message=message,
        n_steps=generations_run,
        n_evals=used,
        n_grad_evals=0,
        eval_counts=np.array(counts),
        method="genetic algorithm",
    )
