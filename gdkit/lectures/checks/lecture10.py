"""Checks for lecture 10's exercises (hyperparameters and model selection).

Exercises 1 to 3 ask about the lecture's own experiment: the truth comes from running it
again here, seeded as in the lecture (the MNIST sample split 2,000 / 1,000 / 2,000, the
18-candidate grid search and the hidden-size sweep), once per process.  Exercise 4 is a
grid search of the student's own, run on made-up candidates whose training, validation
and test accuracies disagree, so that choosing by the wrong one shows.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from ...exercises import (
    NOT_ANSWERED,
    CheckResult,
    Mistake,
    check_cases,
    not_implemented,
)
from . import close_to, implementation, number

__all__: list[str] = []


# --- the lecture's experiment, recomputed --------------------------------------------------

_RECIPE = {
    "activation": "sigmoid",
    "cost": "cross_entropy",
    "init": "scaled",
    "batch_size": 10,
    "seed": 0,
}
_GRID = {"lr": [0.1, 0.3, 1.0], "hidden": [10, 30, 100], "epochs": [3, 10]}
_HIDDEN_SIZES = [1, 2, 4, 8, 16, 32, 64, 128, 256]


@functools.lru_cache(maxsize=1)
def _data():
    from ...mnist import load_mnist_sample
    from ..selection import split_data

    X_all, y_all, _, _ = load_mnist_sample(n_train=5000, n_test=0, seed=0)
    return split_data(X_all, y_all, [2000, 1000, 2000], seed=0)


@functools.lru_cache(maxsize=1)
def _search():
    from ..selection import grid_search

    train, validation, _ = _data()
    return grid_search(train, validation, _GRID, fixed=_RECIPE)


@functools.lru_cache(maxsize=1)
def _sweep():
    from ..selection import hidden_size_sweep

    train, validation, _ = _data()
    return hidden_size_sweep(
        train, validation, _HIDDEN_SIZES, epochs=10, lr=0.3, batch_size=10, seed=0,
        activation="sigmoid", cost="cross_entropy", init="scaled",
    )  # fmt: skip


@functools.lru_cache(maxsize=4)
def _bias(test_size: int):
    from ..selection import selection_bias

    X_test, y_test = _data()[2]
    return selection_bias(_search(), X_test, y_test, test_size=test_size, repeats=1000, seed=0)


def _blank(name: str) -> CheckResult:
    """A blank answer, reported before the experiment is run again (it takes seconds)."""
    return CheckResult(
        False, f"{name}: {NOT_ANSWERED} — replace None with your answer.", answered=False
    )


# --- 10.1: the candidate with the lowest validation cost -----------------------------------


@functools.lru_cache(maxsize=1)
def _costs() -> dict[str, np.ndarray]:
    (X, y), (X_val, y_val), _ = _data()
    candidates = _search().candidates
    return {
        "validation": np.array([c.net.loss(X_val, y_val) for c in candidates]),
        "train": np.array([c.net.loss(X, y) for c in candidates]),
    }


def _lowest_cost_index() -> int:
    return int(np.argmin(_costs()["validation"]))


@number("10.1", expected=_lowest_cost_index, decimals=0)
def _check_lowest_cost_index(answer) -> CheckResult:
    name = "index of the candidate with the lowest validation cost"
    if answer is None:
        return _blank(name)
    costs = _costs()
    by_accuracy = (
        "It looks like you chose by validation accuracy, as the grid search did; this "
        "exercise asks for the lowest validation cost."
    )
    if _search().best_index == int(np.argmin(costs["train"])):  # one answer, two mistakes
        by_accuracy = (
            "It looks like you chose by validation accuracy, as the grid search did, or by "
            "the training cost (both pick the same candidate here); this exercise asks for "
            "the lowest cost on the validation images."
        )
    return close_to(
        answer,
        _lowest_cost_index(),
        name=name,
        decimals=0,
        mistakes=[
            Mistake(by_accuracy, lambda: _search().best_index),
            Mistake(
                "It looks like you took the highest validation cost; a lower cost is better.",
                lambda: int(np.argmax(costs["validation"])),
            ),
            Mistake(
                "It looks like you used the training cost; the choice is made on validation data.",
                lambda: int(np.argmin(costs["train"])),
            ),
            Mistake(
                "It looks like you counted from 1: the first candidate has index 0.",
                lambda: _lowest_cost_index() + 1,
            ),
        ],
    )


# --- 10.2: the smallest hidden layer within one point of the best ----------------------------


def _within_one_point(accuracy: np.ndarray) -> int:
    """The position of the first (smallest) size within 1 percentage point of the best."""
    return int(np.flatnonzero(accuracy >= accuracy.max() - 0.01)[0])


def _smallest_good_hidden() -> int:
    sweep = _sweep()
    return int(sweep.hidden[_within_one_point(sweep.val_accuracy)])


@number("10.2", expected=_smallest_good_hidden, decimals=0)
def _check_smallest_good_hidden(answer) -> CheckResult:
    name = "hidden units chosen by the one-point rule"
    if answer is None:
        return _blank(name)
    sweep = _sweep()
    return close_to(
        answer,
        _smallest_good_hidden(),
        name=name,
        decimals=0,
        mistakes=[
            Mistake(
                "It looks like you gave the size with the best validation accuracy; the rule "
                "takes the smallest size within one percentage point of it.",
                lambda: sweep.best_hidden,
            ),
            Mistake(
                "It looks like you gave the position of that size in the list, not the number "
                "of hidden units.",
                lambda: _within_one_point(sweep.val_accuracy),
            ),
            Mistake(
                "It looks like you took the largest network in the range; the rule prefers the "
                "smallest.",
                lambda: int(sweep.hidden[-1]),
            ),
        ],
    )


# --- 10.3: the optimism of test-set selection with 1,000 test images ------------------------


def _optimism_1000() -> float:
    return _bias(1000).optimism


@number("10.3", expected=_optimism_1000, decimals=2)
def _check_optimism(answer) -> CheckResult:
    name = "optimism with 1,000 test images (pp)"
    if answer is None:
        return _blank(name)
    return close_to(
        answer,
        _optimism_1000(),
        name=name,
        decimals=2,
        mistakes=[
            Mistake(
                "It looks like you used a test set of 100 images, as in the lecture, not 1,000.",
                lambda: _bias(100).optimism,
            ),
            Mistake(
                "It looks like you gave a fraction; the exercise asks for percentage points "
                "(SelectionBias.optimism already is in percentage points).",
                lambda: _optimism_1000() / 100,
            ),
            Mistake(
                "It looks like you gave the gap of the validation-chosen network (honest_gap), "
                "not the optimism of choosing on the test set.",
                lambda: _bias(1000).honest_gap,
            ),
        ],
    )


# --- 10.4: a grid search that chooses on validation data ------------------------------------


@dataclass(frozen=True)
class _Model:
    """What the made-up ``train`` returns: it only remembers its candidate."""

    candidate: float

    def __repr__(self) -> str:
        return f"<model trained with {self.candidate}>"


class _Experiment:
    """Made-up candidates and their accuracies: ``train(c)`` and ``accuracy(model, part)``.

    Counts how often each part is scored, so that a search that looks at the test set more
    than once (at every candidate) shows.
    """

    PARTS = ("train", "validation", "test")

    def __init__(self, candidates: Sequence[float], scores: dict[str, Sequence[float]]) -> None:
        self.candidates = list(candidates)
        self.scores = {
            part: dict(zip(candidates, scores[part], strict=True)) for part in self.PARTS
        }
        self.looked_at: dict[str, list[float]] = {part: [] for part in self.PARTS}

    def fresh(self) -> _Experiment:
        return _Experiment(
            self.candidates, {p: [self.scores[p][c] for c in self.candidates] for p in self.PARTS}
        )

    def train(self, candidate) -> _Model:
        if candidate not in self.scores["train"]:
            raise ValueError(f"train: {candidate!r} is not one of the candidates {self.candidates}")
        return _Model(candidate)

    def accuracy(self, model, part: str) -> float:
        if not isinstance(model, _Model):
            raise TypeError(
                f"accuracy(model, part) takes a model returned by train(...), got {model!r}"
            )
        if part not in self.PARTS:
            raise ValueError(f"part must be 'train', 'validation' or 'test', got {part!r}")
        self.looked_at[part].append(model.candidate)
        return self.scores[part][model.candidate]

    def functions(self) -> tuple[Callable, Callable]:
        """``train`` and ``accuracy``, as the student's function receives them."""
        return self.train, self.accuracy


_EXPERIMENTS = [
    # the best on validation, on test and on training data are three different candidates
    _Experiment(
        [0.001, 0.003, 0.01, 0.03, 0.1, 0.3],
        {
            "train": [0.80, 0.86, 0.93, 0.97, 0.99, 0.95],
            "validation": [0.78, 0.84, 0.89, 0.91, 0.88, 0.80],
            "test": [0.79, 0.85, 0.92, 0.90, 0.87, 0.81],
        },
    ),
    # a tie at the top of the validation accuracies: the earlier candidate wins
    _Experiment(
        [30, 100, 10, 300],
        {
            "train": [0.95, 0.99, 0.88, 1.00],
            "validation": [0.90, 0.92, 0.85, 0.92],
            "test": [0.89, 0.91, 0.84, 0.93],
        },
    ),
]


def _pick(candidates, train, accuracy, *, by: str = "validation", lowest: bool = False,
          later_ties: bool = False):  # fmt: skip
    """The reference search, and (with other arguments) the plausible wrong ones."""
    best, best_model, best_score = None, None, None
    for candidate in candidates:
        model = train(candidate)
        score = accuracy(model, by)
        better = best_score is None or (
            (score < best_score or (later_ties and score == best_score)) if lowest
            else (score > best_score or (later_ties and score == best_score))
        )  # fmt: skip
        if better:
            best, best_model, best_score = candidate, model, score
    return best, accuracy(best_model, "test")


def _grid_search(candidates, train, accuracy):
    return _pick(candidates, train, accuracy)


_SEARCH_MISTAKES = [
    Mistake(
        "It looks like a tie went to the later candidate: when two candidates have the same "
        "validation accuracy, keep the earlier one (replace the best only when a candidate is "
        "strictly better).",
        lambda c, t, a: _pick(c, t, a, later_ties=True),
    ),
    Mistake(
        "It looks like you chose by test accuracy: the choice must be made on validation data, "
        "and the test set used once, for the chosen candidate.",
        lambda c, t, a: _pick(c, t, a, by="test"),
    ),
    Mistake(
        "It looks like you chose by training accuracy: it rewards fitting the training data, "
        "not doing well on new data; choose on validation data.",
        lambda c, t, a: _pick(c, t, a, by="train"),
    ),
    Mistake(
        "It looks like you took the lowest validation accuracy, not the highest.",
        lambda c, t, a: _pick(c, t, a, lowest=True),
    ),
    Mistake(
        "It looks like you reported the chosen candidate's validation accuracy; report its "
        "test accuracy, measured once at the end.",
        lambda c, t, a: (_pick(c, t, a)[0], a(t(_pick(c, t, a)[0]), "validation")),
    ),
    Mistake(
        "It looks like you returned the position of the chosen candidate in the list; return "
        "the candidate itself.",
        lambda c, t, a: (list(c).index(_pick(c, t, a)[0]), _pick(c, t, a)[1]),
    ),
]


def _shape_problem(student: Callable, name: str) -> CheckResult | None:
    """Not answered, or not a pair (candidate, test accuracy): say so before comparing."""
    experiment = _EXPERIMENTS[0].fresh()
    try:
        out = student(list(experiment.candidates), *experiment.functions())
    except NotImplementedError:
        return not_implemented(name)
    except Exception:  # check_cases reports it with the input that caused it
        return None
    if not isinstance(out, (tuple, list)) or len(out) != 2:
        return CheckResult(
            False, f"{name} should return two things, the chosen candidate and its test "
            f"accuracy; it returned {out!r}.",
        )  # fmt: skip
    if isinstance(out[0], _Model):
        return CheckResult(
            False, f"{name} returned a trained model as its choice; return the candidate "
            "(the hyperparameter setting) that it was trained with.",
        )  # fmt: skip
    return None


def _test_looked_at(student: Callable) -> CheckResult | None:
    """The test set may be scored once, for the chosen candidate, after the search."""
    for experiment in _EXPERIMENTS:
        experiment = experiment.fresh()
        best, _ = student(list(experiment.candidates), *experiment.functions())
        seen = experiment.looked_at["test"]
        if seen != [best]:
            which = ", ".join(map(str, seen)) if seen else "none"
            return CheckResult(
                False,
                f"grid_search chose the right candidate, but it looked at the test accuracy "
                f"{len(seen)} time{'s' if len(seen) != 1 else ''} (candidates: {which}). The "
                "test set is for the final report only: score it once, for the chosen "
                "candidate, after the search.",
            )
    return None


@implementation("10.4")
def _check_grid_search(student) -> CheckResult:
    name = "grid_search"
    if student is None or not callable(student):
        return check_cases(student, _grid_search, [()], name=name)
    problem = _shape_problem(student, name)
    if problem is not None:
        return problem
    cases = []
    for experiment in _EXPERIMENTS:
        fresh = experiment.fresh()
        cases.append((list(fresh.candidates), *fresh.functions()))
    result = check_cases(
        lambda c, t, a: student(list(c), t, a), _grid_search, cases, name=name,
        arg_names=("candidates", "train", "accuracy"), mistakes=_SEARCH_MISTAKES,
    )  # fmt: skip
    if not result:
        return result
    problem = _test_looked_at(student)
    if problem is not None:
        return replace(problem, name=name)
    return CheckResult(
        True,
        f"{name} chooses on validation data, keeps the earlier of tied candidates and looks "
        f"at the test set once, at the end ({len(_EXPERIMENTS)} made-up searches).",
    )
