"""Checks for lecture 05's exercises (chain rule, computational graphs, backpropagation)."""

from __future__ import annotations

import math

import numpy as np

from ...exercises import (
    CheckResult,
    Mistake,
    check_cases,
    not_a_function,
    not_implemented,
)
from ...value import Value
from . import close_to, implementation, number

__all__: list[str] = []


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=float)))


# -- 05.1 the gradient of the two-input model (implement it) ------------------------------


def _grad_L(params, x, y):
    w1, w2, b = params
    dL_dyhat = 2 * (w1 * x[0] + w2 * x[1] + b - y)
    return np.array([dL_dyhat * x[0], dL_dyhat * x[1], dL_dyhat])


def _residual(params, x, y):
    return params[0] * x[0] + params[1] * x[1] + params[2] - y


@implementation("05.1")
def _check_grad_L(grad_L) -> CheckResult:
    cases = [
        (np.array([0.3, -0.6, 0.2]), np.array([1.5, 0.5]), 2.0),
        (np.array([-1.2, 0.4, 0.7]), np.array([-0.5, 3.0]), -1.0),
        (np.array([0.8, 0.9, -1.5]), np.array([2.5, -2.0]), 0.5),
    ]
    return check_cases(
        grad_L, _grad_L, cases,
        name="grad_L", arg_names=("params", "x", "y"),
        mistakes=[
            Mistake(
                "It looks like the factor 2 from the square is missing.",
                lambda p, x, y: _grad_L(p, x, y) / 2,
            ),
            Mistake(
                "The signs are flipped: ∂L/∂ŷ = 2(ŷ − y), prediction minus label.",
                lambda p, x, y: -_grad_L(p, x, y),
            ),
            Mistake(
                "It looks like ∂L/∂ŷ was not multiplied by the inner derivatives ∂ŷ/∂w₁ = x₁ "
                "and ∂ŷ/∂w₂ = x₂.",
                lambda p, x, y: np.full(3, 2 * _residual(p, x, y)),
            ),
            Mistake(
                "It looks like ∂L/∂ŷ was multiplied by the weights instead of the inputs.",
                lambda p, x, y: 2 * _residual(p, x, y) * np.array([p[0], p[1], 1.0]),
            ),
        ],
    )  # fmt: skip


# -- 05.2 one upstream gradient through the sub-blocks -----------------------------------

_W_EX, _X_EX = np.array([0.4, -0.2, 0.1]), np.array([1.0, 2.0, -3.0])


def _dL_du() -> float:
    p = float(_sigmoid(_W_EX @ _X_EX))
    return -(1 - p)  # (-1/p) · p(1 - p)


@number("05.2", expected=_dL_du, digits=3)
def _check_dL_du(answer) -> CheckResult:
    right = _dL_du()
    p = 1 + right
    return close_to(
        answer,
        right,
        name="dL/du",
        digits=3,
        mistakes=[
            Mistake("The sign is flipped.", lambda: _near(answer, -right)),
            Mistake("That is the local derivative dp/du alone; multiply it by dL/dp.",
                    lambda: _near(answer, p * (1 - p))),
            Mistake("That is dL/dp alone; multiply it by the local derivative dp/du.",
                    lambda: _near(answer, -1 / p)),
            Mistake("It looks like you used σ(u) where 1 − σ(u) belongs (or the reverse).",
                    lambda: _near(answer, -p)),
            Mistake("That is −log σ(u), the loss itself, not its derivative.",
                    lambda: _near(answer, -math.log(p))),
        ],
    )  # fmt: skip


def _near(answer, value: float, digits: int = 3):
    """``answer`` if it is ``value`` rounded to ``digits`` significant digits, else ``value``."""
    try:
        a = float(answer)
    except (TypeError, ValueError):
        return value
    unit = 10.0 ** (math.floor(math.log10(abs(value))) - digits + 1) if value else 0.0
    return a if abs(a - value) <= 0.5001 * unit else value


# -- 05.3 the logistic derivative for a negative example (implement it) ------------------


@implementation("05.3")
def _check_dl_df_label0(dl_df_label0) -> CheckResult:
    cases = [(1.3,), (-2.2,), (0.4,), (np.array([-1.0, 0.0, 2.5]),)]
    return check_cases(
        dl_df_label0, lambda f: -_sigmoid(f), cases,
        name="dl_df_label0", arg_names=("f",),
        mistakes=[
            Mistake("That is the derivative for label y = 1, 1 − σ(f); here y = 0.",
                    lambda f: 1 - _sigmoid(f)),
            Mistake("The sign is flipped: that is the slope of the loss −ℓ, not of the "
                    "log-likelihood ℓ.", lambda f: _sigmoid(f)),
            Mistake("It looks like you multiplied by σ'(f) once too often: the derivative of "
                    "log(1 − σ(f)) is already −σ(f)(1 − σ(f)) / (1 − σ(f)).",
                    lambda f: -_sigmoid(f) * (1 - _sigmoid(f))),
        ],
    )  # fmt: skip


# -- 05.4 counting passes -----------------------------------------------------------------


def _passes() -> tuple[int, int]:
    # forward mode: one dual-number pass per input (1000 parameters);
    # reverse mode: one backward sweep per output (one loss)
    return 1000, 1


@number("05.4", expected=_passes, answers=2, digits=4)
def _check_passes(forward_passes, backward_sweeps) -> CheckResult:
    right_forward, right_backward = _passes()
    swapped = (forward_passes, backward_sweeps) == (right_backward, right_forward)
    explain = (
        "It looks like the two modes are swapped: which one seeds one input per pass, and "
        "which one sweeps back once per output?"
    )
    results = [
        close_to(forward_passes, right_forward, name="forward-mode passes", digits=4,
                 mistakes=[Mistake(explain, lambda: forward_passes)] if swapped else []),
        close_to(backward_sweeps, right_backward, name="backward sweeps", digits=4),
    ]  # fmt: skip
    return _both(results)


def _both(results: list[CheckResult]) -> CheckResult:
    """One verdict for an exercise with two answers: the first wrong one is explained."""
    if all(results):
        return CheckResult(True, f"{results[0].message} {results[1].message}")
    if not any(r.answered for r in results):
        return CheckResult(False, results[0].message, answered=False)
    first = next(r for r in results if not r)
    others = [r for r in results if not r and r is not first]
    tail = f" And {others[0].name or 'the other answer'} is not right either." if others else ""
    return CheckResult(False, f"{first.message}{tail}", answered=True)


# -- 05.5 the backward rule of a new operation (implement it) -----------------------------


def _cube(x: Value) -> Value:
    """``out = x³`` as a node whose backward rule is supplied by the caller of :func:`_backprop`."""
    return Value(x.data**3, (x,), "cube", _local=(math.nan,))


def _backprop(L: Value, cube_backward) -> None:
    """``L.backward()``, except that each cube node runs ``cube_backward(x, out)``."""
    order = L.topological_order()
    for v in order:
        v.grad = 0.0
    L.grad = 1.0
    for v in reversed(order):
        if v.op == "cube":
            cube_backward(v.children[0], v)
        else:
            for parent, local in zip(v.children, v.local_grads, strict=True):
                parent.grad += local * v.grad


class _NotANumber(Exception):
    """A gradient came back as a Value instead of a number."""


class _Graph:
    """An expression in the leaves x, y (, z), at given numbers; its repr is what messages show."""

    def __init__(self, text: str, build, values: tuple[float, ...]) -> None:
        self.text, self.build, self.values = text, build, values

    def __repr__(self) -> str:
        names = "xyz"[: len(self.values)]
        at = ", ".join(f"{n} = {v:g}" for n, v in zip(names, self.values, strict=True))
        return f"L = {self.text} at {at}"

    def gradients(self, cube, run_backward) -> np.ndarray:
        leaves = [Value(v) for v in self.values]
        L = self.build(cube, *leaves)
        run_backward(L)
        if any(isinstance(leaf.grad, Value) for leaf in leaves):
            raise _NotANumber
        return np.array([leaf.grad for leaf in leaves], dtype=float)


def _power3(x: Value) -> Value:
    return x**3


_GRAPHS = [
    _Graph("x³·y", lambda c, x, y: c(x) * y, (1.5, -0.8)),
    _Graph("x³·y + x", lambda c, x, y: c(x) * y + x, (-1.2, 0.7)),
    _Graph("(x·y)³ − y", lambda c, x, y: c(x * y) - y, (0.6, 1.4)),
    _Graph("(x³)³ + x·y", lambda c, x, y: c(c(x)) + x * y, (0.9, -0.5)),
    _Graph("x³ + y³ + z·x", lambda c, x, y, z: c(x) + c(y) + z * x, (1.1, -0.6, 2.0)),
]


def _with_rule(rule):
    """The leaf gradients of a graph when every cube node uses ``rule`` backwards."""

    def gradients(graph: _Graph) -> np.ndarray:
        return graph.gradients(_cube, lambda L: _backprop(L, rule))

    return gradients


def _reference(graph: _Graph) -> np.ndarray:
    """gdkit's own backpropagation of the same expression written with ``** 3``."""
    return graph.gradients(_power3, lambda L: L.backward())


def _rule_no_upstream(x, out):
    x.grad += 3 * x.data**2


def _rule_overwrites(x, out):
    x.grad = 3 * x.data**2 * out.grad


def _rule_uses_output(x, out):
    x.grad += 3 * out.data**2 * out.grad


def _rule_returns(x, out):
    return 3 * x.data**2 * out.grad


def _rule_wrong_power(x, out):
    x.grad += 3 * x.data * out.grad


def _tuple(values: np.ndarray) -> str:
    return "(" + ", ".join(f"{v:.6g}" for v in values) + ")"


_CUBE_MISTAKES = [
    Mistake("It looks like x.grad was not changed: the rule must add its share to x.grad "
            "(a returned value is ignored).", _with_rule(_rule_returns)),
    Mistake("It looks like the local derivative was not multiplied by the upstream gradient "
            "out.grad.", _with_rule(_rule_no_upstream)),
    Mistake("It looks like x.grad was overwritten (=) instead of added to (+=): here x also "
            "feeds another node, and the share that node sent to x.grad was lost.",
            _with_rule(_rule_overwrites)),
    Mistake("It looks like the local derivative uses out.data (the output, x³) where it needs "
            "x.data (the input).", _with_rule(_rule_uses_output)),
    Mistake("It looks like the local derivative is 3x instead of 3x².",
            _with_rule(_rule_wrong_power)),
]  # fmt: skip


@implementation("05.5")
def _check_cube_backward(cube_backward) -> CheckResult:
    name = "cube_backward"
    blank = not_a_function(cube_backward, name)
    if blank is not None:
        return blank
    run = _with_rule(cube_backward)
    for graph in _GRAPHS:
        try:
            got = run(graph)
        except NotImplementedError:
            return not_implemented(name)
        except _NotANumber:
            return CheckResult(
                False,
                f"On {graph}, the backward pass with your {name} left a Value in a .grad, where "
                "a number belongs. It looks like the rule computes with x (a Value) where it "
                "needs x.data (its number).",
            )
        except Exception as exc:  # the student's code failed: say how, do not crash the lecture
            return CheckResult(False, f"On {graph}, {name} raised {type(exc).__name__}: {exc}")
        want = _reference(graph)
        if not np.allclose(got, want, rtol=1e-9, atol=1e-12):
            hint = next(
                (f" {m.explain}" for m in _CUBE_MISTAKES
                 if np.allclose(got, m.produce(graph), rtol=1e-9, atol=1e-12)), "",
            )  # fmt: skip
            grads = "(" + ", ".join(f"dL/d{n}" for n in "xyz"[: len(want)]) + ")"
            return CheckResult(
                False,
                f"On {graph}, the backward pass with your {name} gives {grads} = {_tuple(got)}, "
                f"but backward() gives {_tuple(want)}.{hint}",
            )
    return CheckResult(
        True,
        f"{name} gives the same gradients as backward() on all {len(_GRAPHS)} test expressions.",
    )
