"""Checks for lecture 04's exercises (optimisation as search)."""

from __future__ import annotations

import math

import numpy as np

from ...exercises import CheckResult, Mistake, not_a_function, not_implemented
from . import close_to, implementation, number

__all__: list[str] = []


# -- 04.1 uniform crossover (implement it) ------------------------------------------------

_NAME = "crossover"


def _parents(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Two parents of length ``n`` that differ at every position (so an entry's source is clear)."""
    rng = np.random.default_rng(seed)
    mum = np.round(rng.uniform(0.5, 3.0, size=n), 3)
    dad = -np.round(rng.uniform(0.5, 3.0, size=n), 3)
    return mum, dad


def _call(crossover, mum, dad, seed: int):
    """``(child, mum_after, dad_after)`` or a CheckResult saying why there is no child."""
    mum_in, dad_in = mum.copy(), dad.copy()
    call = f"{_NAME}(mum, dad, rng) with parents of length {mum.size}"
    try:
        child = crossover(mum_in, dad_in, np.random.default_rng(seed))
    except NotImplementedError:
        return not_implemented(_NAME)
    except Exception as exc:  # the student's code failed: say how, do not crash the lecture
        return CheckResult(False, f"{call} raised {type(exc).__name__}: {exc}")
    if child is None:
        return CheckResult(False, f"{call} returned None; it should return the child, an array.")
    try:
        child = np.asarray(child, dtype=float)
    except (TypeError, ValueError):
        return CheckResult(
            False, f"{call} returned {child!r}; it should return an array of numbers."
        )
    return child, mum_in, dad_in


def _changed(before: np.ndarray, after: np.ndarray) -> list[int]:
    if after.shape != before.shape:
        return list(range(before.size))
    return [int(i) for i in np.flatnonzero(after != before)]


def _one_child(crossover, n: int, seed: int):
    """Run one crossover and check the properties every single child has."""
    mum, dad = _parents(n, seed)
    got = _call(crossover, mum, dad, seed)
    if isinstance(got, CheckResult):
        return got
    child, mum_after, dad_after = got
    call = f"{_NAME}(mum, dad, rng) with parents of length {n}"
    for parent, before, after in (("mum", mum, mum_after), ("dad", dad, dad_after)):
        changed = _changed(before, after)
        if changed:
            return CheckResult(
                False,
                f"{call} changed {parent} in place (at positions {changed[:4]}): the parents must "
                "stay as they are, so the child has to be a new array.",
            )
    if child.shape != mum.shape:
        return CheckResult(
            False,
            f"{call} returned shape {child.shape}; the child should have the parents' shape "
            f"{mum.shape}, one entry per position.",
        )
    foreign = np.flatnonzero((child != mum) & (child != dad))
    if foreign.size:
        i = int(foreign[0])
        hint = ""
        if np.allclose(child, (mum + dad) / 2):
            hint = " It looks like you averaged the parents instead of copying entries."
        return CheckResult(
            False,
            f"{call}: entry {i} of the child is {child[i]:g}, but mum has {mum[i]:g} and dad has "
            f"{dad[i]:g} there. Each entry of the child must be copied from one of the parents "
            f"at the same position.{hint}",
        )
    return child == dad  # which entries came from dad


@implementation("04.1")
def _check_crossover(crossover) -> CheckResult:
    blank = not_a_function(crossover, _NAME)
    if blank is not None:
        return blank
    # a few short parents first: shape, entries from the parents, parents untouched
    for n, seed in ((6, 11), (11, 12), (1, 13)):
        got = _one_child(crossover, n, seed)
        if isinstance(got, CheckResult):
            return got
    # long parents: both contribute about half the entries, chosen entry by entry
    n = 200
    for seed in (21, 22, 23):
        from_dad = _one_child(crossover, n, seed)
        if isinstance(from_dad, CheckResult):
            return from_dad
        k = int(from_dad.sum())
        call = f"{_NAME}(mum, dad, rng) with parents of length {n}"
        if k == 0 or k == n:
            parent, other = ("mum", "dad") if k == 0 else ("dad", "mum")
            return CheckResult(
                False,
                f"{call}: all {n} entries of the child came from {parent}, so {other} contributed "
                "none. Each entry should come from dad with probability 1/2.",
            )
        if not 60 <= k <= 140:  # Binomial(200, 1/2) is outside this range with probability < 1e-8
            return CheckResult(
                False,
                f"{call}: {k} of the {n} entries came from dad and {n - k} from mum. Each entry "
                "should come from dad with probability 1/2, so both parents should contribute "
                "about half of the entries.",
            )
        switches = int(np.sum(from_dad[1:] != from_dad[:-1]))
        if switches < 50:  # about 100 expected; a one- or two-point cut gives 1 or 2
            return CheckResult(
                False,
                f"{call}: the child takes long runs of entries from one parent (it switches parent "
                f"only {switches} time{'s' if switches != 1 else ''} in {n} entries). Uniform crossover decides each entry "
                "independently, with its own coin flip.",
            )
    # the randomness comes from rng: the same seed, the same child; another seed, another child
    mum, dad = _parents(n, 31)
    first, second, other = (_call(crossover, mum, dad, seed) for seed in (5, 5, 6))
    for got in (first, second, other):
        if isinstance(got, CheckResult):
            return got
    if not np.array_equal(first[0], second[0]):
        return CheckResult(
            False,
            f"two calls of {_NAME}(mum, dad, rng) with generators seeded alike "
            "(np.random.default_rng(5)) gave different children. Draw the random choices from "
            "the rng argument, not from np.random or another generator.",
        )
    if np.array_equal(first[0], other[0]):
        return CheckResult(
            False,
            f"{_NAME}(mum, dad, rng) gave the same child of length {n} for generators with "
            "different seeds (5 and 6). The choice of each entry must be random, drawn from rng.",
        )
    return CheckResult(
        True,
        f"{_NAME} passes every test: the child keeps the parents' shape, each entry comes from one "
        "parent, both give about half, the choice is made entry by entry with rng, and the "
        "parents are left unchanged.",
    )


# -- 04.2 the curse of dimension ----------------------------------------------------------


def _like(answer, value: float, digits: int = 3):
    """``answer`` when it is ``value`` rounded to ``digits`` significant digits, else ``value``.

    A mistake's value is matched as leniently as the right one: a student who rounds the
    wrong number still hears which mistake it is.
    """
    try:
        a = float(answer)
    except (TypeError, ValueError):
        return value
    if value != 0 and abs(a - value) <= 0.5001 * 10.0 ** (
        math.floor(math.log10(abs(value))) - digits + 1
    ):
        return a
    return value


def _ball_probability(p: int = 10, r: float = 0.5) -> float:
    ball = math.pi ** (p / 2) * r**p / math.gamma(p / 2 + 1)
    return ball / 2.0**p


@number("04.2", expected=_ball_probability, digits=3)
def _check_ball_probability(answer) -> CheckResult:
    right = _ball_probability()
    try:
        too_large = answer is not None and float(answer) > 1
    except (TypeError, ValueError):
        too_large = False
    if too_large:
        return CheckResult(
            False,
            f"probability_10 = {float(answer):g} is larger than 1, so it is not a "
            "probability. It looks like you entered the number of guesses (1/P).",
        )
    return close_to(
        answer,
        right,
        name="probability_10",
        digits=3,
        mistakes=[
            Mistake(
                "It looks like a factor 2¹⁰ is missing: the ball has radius 0.5, and its volume "
                "is divided by the volume of the cube [−1, 1]¹⁰, whose side is 2.",
                lambda: _like(answer, right * 2.0**10),
            ),
            Mistake(
                "It looks like you used Γ(p/2) instead of Γ(p/2 + 1) in the volume of the ball.",
                lambda: _like(answer, right * 5),
            ),
            Mistake(
                "That is the probability for p = 2, from the worked example.",
                lambda: _like(answer, _ball_probability(2)),
            ),
        ],
    )


# -- 04.3 the price of a loss-only gradient -----------------------------------------------


def _evaluations_50_steps() -> int:
    # each step: the loss at the current point plus one nudged evaluation per parameter
    return 50 * (1000 + 1)


@number("04.3", expected=_evaluations_50_steps, digits=5)
def _check_evaluations(answer) -> CheckResult:
    right = _evaluations_50_steps()
    return close_to(
        answer,
        right,
        name="evaluations_50_steps",
        digits=5,
        mistakes=[
            Mistake(
                "It looks like you left out the loss at the current point: each step costs it "
                "as well as one nudged evaluation per parameter.",
                lambda: 50 * 1000,
            ),
            Mistake(
                "It looks like you counted two evaluations per parameter (central differences); "
                "this lecture charges one nudged evaluation per parameter.",
                lambda: 50 * 2 * 1000,
            ),
            Mistake(
                "It looks like you counted two evaluations per parameter (central differences); "
                "this lecture charges one nudged evaluation per parameter.",
                lambda: 50 * (2 * 1000 + 1),
            ),
            Mistake("That is the cost of one step; the question asks for 50.", lambda: right / 50),
            Mistake(
                "It looks like you also counted the loss at the starting point; the question "
                "asks only what the 50 steps cost.",
                lambda: right + 1,
            ),
        ],
    )
