"""Model selection (lecture 10): data splits, grid search on validation data, and its pitfalls.

- `split_data` cuts a data set into training, validation and test parts
  (stratified by label, seeded).
- `grid_search` trains one `gdkit.MLP` per combination of hyperparameters
  and scores every one on the *validation* data only; it never sees test data.
- `selection_bias` quantifies the classic mistake of choosing among models by
  their *test* accuracy: the winner's test score overestimates its accuracy
  on fresh data (the optimism), while a model chosen on validation data has
  an honest test score.
- `hidden_size_sweep` trains networks of growing hidden layers and records
  training and validation accuracy (complexity against accuracy).

All training goes through `MLP.fit`; nothing here re-implements SGD.
"""

from __future__ import annotations

import copy
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..mlp import MLP, blas_threads

__all__ = [
    "Candidate",
    "GridSearch",
    "HiddenSweep",
    "SelectionBias",
    "grid_search",
    "hidden_size_sweep",
    "selection_bias",
    "split_data",
]

#: Hyperparameters `grid_search` understands, with the default used when a grid omits one.
DEFAULTS: dict[str, Any] = {
    "hidden": 30,
    "lr": 3.0,
    "batch_size": 10,
    "epochs": 10,
    "seed": 0,
    "activation": "sigmoid",
    "cost": "quadratic",
    "init": "normal",
}


def _labels(y: np.ndarray, n: int, name: str = "y") -> np.ndarray:
    y = np.asarray(y)
    if y.ndim != 1 or not np.issubdtype(y.dtype, np.integer):
        raise ValueError(f"{name} must be a 1-D array of integer labels, got {y.dtype} {y.shape}")
    if len(y) != n:
        raise ValueError(f"X has {n} rows but {name} has {len(y)} labels; expected one per row")
    return y


def _pair(data: Any, name: str) -> tuple[np.ndarray, np.ndarray]:
    try:
        X, y = data
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a pair (X, y), got {type(data).__name__}") from None
    X = np.asarray(X, dtype=float)
    if X.ndim != 2:
        raise ValueError(f"{name}: X must have shape (n, features), got {X.shape}")
    return X, _labels(y, len(X), f"{name}'s y")


def split_data(
    X: np.ndarray,
    y: np.ndarray,
    sizes: Sequence[int],
    *,
    seed: int = 0,
    stratify: bool = True,
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Cut ``(X, y)`` into disjoint parts of the given sizes, e.g. training/validation/test.

    With ``stratify`` every part gets (up to one example) the same share of
    each label as the whole data set.  Each part is shuffled.  The split
    depends only on ``seed``.

    Parameters
    ----------
    X : ndarray of shape (n, features)
    y : ndarray of shape (n,), integer labels
    sizes : sequence of int
        Sizes of the parts; their sum must not exceed n (the rest is unused).
    seed : int
    stratify : bool

    Returns
    -------
    list of (X_part, y_part)

    Examples
    --------
    >>> X, y = np.arange(20.0).reshape(10, 2), np.array([0, 1] * 5)
    >>> [(len(p), int(p.sum())) for _, p in split_data(X, y, [6, 4])]
    [(6, 3), (4, 2)]
    """
    X = np.asarray(X)
    if X.ndim < 1:
        raise ValueError(f"X must have one row per example, got shape {X.shape}")
    y = _labels(y, len(X))
    sizes = [int(s) for s in sizes]
    if not sizes or any(s < 0 for s in sizes) or sum(sizes) > len(y):
        raise ValueError(
            f"sizes must be non-negative and sum to at most n = {len(y)}, got {list(sizes)}"
        )
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(y))
    if stratify:
        # Each example's position within its class, as a fraction: sorting by it interleaves
        # the classes evenly, so any run of consecutive examples holds every class in proportion.
        quantile = np.empty(len(y))
        for c in np.unique(y):
            members = order[y[order] == c]
            quantile[members] = (np.arange(len(members)) + 0.5) / len(members)
        order = order[np.argsort(quantile[order], kind="stable")]
    parts, start = [], 0
    for s in sizes:
        idx = rng.permutation(order[start : start + s])
        parts.append((X[idx], y[idx]))
        start += s
    return parts


# --- grid search ---------------------------------------------------------------------


@dataclass(repr=False)
class Candidate:
    """One trained network of a grid search.

    Attributes
    ----------
    hyperparameters : dict
        The values this network was trained with (the grid's and the fixed ones).
    net : MLP
        The trained network (its weights are the *parameters*).
    train_accuracy, val_accuracy : float
        Fraction correct on the training and on the validation data.
    """

    hyperparameters: dict[str, Any]
    net: MLP
    train_accuracy: float
    val_accuracy: float

    def __repr__(self) -> str:
        settings = ", ".join(f"{k}={v}" for k, v in self.hyperparameters.items())
        return (
            f"Candidate({settings}: training {self.train_accuracy:.2%}, "
            f"validation {self.val_accuracy:.2%})"
        )


@dataclass(repr=False)
class GridSearch:
    """The result of `grid_search`: every candidate and the one chosen on validation data.

    Attributes
    ----------
    grid : dict
        The searched values per hyperparameter.
    candidates : list of Candidate
        In grid order (the last hyperparameter varies fastest).
    best_index : int
        The candidate with the highest validation accuracy (the first such in grid order).
    """

    grid: dict[str, list[Any]]
    candidates: list[Candidate]
    best_index: int

    @property
    def best(self) -> Candidate:
        return self.candidates[self.best_index]

    @property
    def nets(self) -> list[MLP]:
        return [c.net for c in self.candidates]

    @property
    def val_accuracies(self) -> np.ndarray:
        return np.array([c.val_accuracy for c in self.candidates])

    def __len__(self) -> int:
        return len(self.candidates)

    def table(self) -> str:
        """One row per candidate: the grid values, training and validation accuracy."""
        keys = list(self.grid)
        widths = [max(len(k), 6) for k in keys]
        head = "  ".join(f"{k:>{w}}" for k, w in zip(keys, widths, strict=True))
        rows = [f"{head}  {'train':>7}  {'valid.':>7}"]
        for i, c in enumerate(self.candidates):
            cells = "  ".join(
                f"{c.hyperparameters[k]!s:>{w}}" for k, w in zip(keys, widths, strict=True)
            )
            mark = "  ← best on validation" if i == self.best_index else ""
            rows.append(f"{cells}  {c.train_accuracy:>7.2%}  {c.val_accuracy:>7.2%}{mark}")
        return "\n".join(rows)

    def __repr__(self) -> str:
        return f"GridSearch({len(self)} candidates; best on validation: {self.best!r})"


def _grid(grid: Mapping[str, Sequence[Any]]) -> dict[str, list[Any]]:
    if not isinstance(grid, Mapping) or not grid:
        raise ValueError(f"grid must be a non-empty mapping of name -> values, got {grid!r}")
    out = {}
    for name, values in grid.items():
        if name not in DEFAULTS:
            raise ValueError(f"grid: unknown hyperparameter {name!r}; expected one of {list(DEFAULTS)}")
        values = list(values) if not isinstance(values, str) else [values]
        if not values:
            raise ValueError(f"grid[{name!r}] must list at least one value, got {values!r}")
        out[name] = values
    for e in out.get("epochs", []):
        if int(e) != e or e < 1:
            raise ValueError(f"grid['epochs'] must hold positive integers, got {e!r}")
    return out


def grid_search(
    train: tuple[np.ndarray, np.ndarray],
    validation: tuple[np.ndarray, np.ndarray],
    grid: Mapping[str, Sequence[Any]],
    *,
    fixed: Mapping[str, Any] | None = None,
    blas_threads_limit: int | None = 1,
) -> GridSearch:
    """Train a network for every combination in ``grid``; score each on validation data only.

    The network is ``MLP([d, hidden, k], activation, cost, init, seed)``
    trained on ``train`` by ``fit(epochs=…, batch_size=…, lr=…, seed=seed)`` (without the
    per-epoch evaluation).  Settings not in
    ``grid`` come from ``fixed`` or from `DEFAULTS`.  Several values of
    ``epochs`` cost one training run: fit's callback copies the network after each
    listed epoch (stopping early is itself a hyperparameter, a form of regularisation).

    The test data is deliberately not an argument: selection uses the
    validation accuracy alone.  Evaluate the chosen ``result.best.net`` on
    test data once, afterwards.

    Parameters
    ----------
    train, validation : (X, y)
        Images of shape (n, d) and integer labels.
    grid : mapping
        Hyperparameter name → list of values, names from `DEFAULTS`.
    fixed : mapping, optional
        Values for hyperparameters that are not searched.
    blas_threads_limit : int or None
        BLAS threads while training (one is fastest for small networks).

    Returns
    -------
    GridSearch
        Candidates in grid order; ``best_index`` maximises validation accuracy
        (ties go to the earlier candidate).
    """
    grid = _grid(grid)
    fixed = dict(fixed or {})
    for name in fixed:
        if name not in DEFAULTS:
            raise ValueError(f"fixed: unknown hyperparameter {name!r}; expected one of {list(DEFAULTS)}")
        if name in grid:
            raise ValueError(f"{name!r} is both searched (grid) and fixed; give it in one place")
    X, y = _pair(train, "train")
    X_val, y_val = _pair(validation, "validation")
    k = int(max(y.max(), y_val.max())) + 1
    names = list(grid)
    epoch_values = sorted(set(grid.get("epochs", [fixed.get("epochs", DEFAULTS["epochs"])])))
    others = [n for n in names if n != "epochs"]
    trained: dict[tuple, dict[int, MLP]] = {}
    with blas_threads(blas_threads_limit):
        for combo in itertools.product(*(grid[n] for n in others)):
            settings = DEFAULTS | fixed | dict(zip(others, combo, strict=True))
            net = MLP([X.shape[1], int(settings["hidden"]), k], activation=settings["activation"],
                      cost=settings["cost"], init=settings["init"], seed=int(settings["seed"]))
            snapshots: dict[int, MLP] = {}

            def keep(epoch: int, net: MLP, run: object, snapshots: dict = snapshots) -> None:
                if epoch in epoch_values:
                    snapshots[epoch] = copy.deepcopy(net)

            net.fit(X, y, epochs=max(epoch_values), batch_size=int(settings["batch_size"]),
                    lr=float(settings["lr"]), progress=False, seed=int(settings["seed"]),
                    callback=keep, evaluate={}, threads=blas_threads_limit)
            trained[combo] = snapshots
        candidates = []
        for values in itertools.product(*(grid[n] for n in names)):
            chosen = dict(zip(names, values, strict=True))
            settings = DEFAULTS | fixed | chosen
            combo = tuple(chosen[n] for n in others)
            net = trained[combo][int(settings["epochs"])]
            candidates.append(Candidate(
                hyperparameters=chosen | {n: v for n, v in fixed.items()},
                net=net,
                train_accuracy=net.accuracy(X, y),
                val_accuracy=net.accuracy(X_val, y_val),
            ))
    best = int(np.argmax([c.val_accuracy for c in candidates]))
    return GridSearch(grid=grid, candidates=candidates, best_index=best)


# --- selecting on the test set: the optimism, measured ----------------------------------


@dataclass(repr=False)
class SelectionBias:
    """What choosing a model by its test accuracy does to that accuracy.

    A pool of held-out examples is split ``repeats`` times at random into a
    small *test* set and the *fresh* rest.  Each time, the candidate with the
    best test accuracy is picked ("selected on the test set"), and its test
    accuracy is compared with its accuracy on the fresh examples, which played
    no part in the choice.  The model chosen beforehand on validation data is
    scored the same way.

    Attributes
    ----------
    test_size, fresh_size, repeats, n_candidates : int
    picks : ndarray of int, shape (repeats,)
        The candidate picked by test accuracy in each repeat.
    test_selected_test, test_selected_fresh : ndarray, shape (repeats,)
        Test and fresh accuracy of the test-selected candidate.
    chosen : int or None
        Index of the validation-selected candidate (None if not given).
    chosen_test, chosen_fresh : ndarray, shape (repeats,) or None
        Test and fresh accuracy of that candidate.
    """

    test_size: int
    fresh_size: int
    repeats: int
    n_candidates: int
    picks: np.ndarray
    test_selected_test: np.ndarray
    test_selected_fresh: np.ndarray
    chosen: int | None = None
    chosen_test: np.ndarray | None = None
    chosen_fresh: np.ndarray | None = None

    @property
    def optimism(self) -> float:
        """Mean of (test accuracy − fresh accuracy) of the test-selected model, in percentage points."""
        return float(100 * np.mean(self.test_selected_test - self.test_selected_fresh))

    @property
    def optimistic_share(self) -> float:
        """Share of repeats in which the test-selected model's test score beat its fresh score."""
        return float(np.mean(self.test_selected_test > self.test_selected_fresh))

    @property
    def honest_gap(self) -> float:
        """Mean of (test − fresh accuracy) of the validation-selected model, in percentage points."""
        if self.chosen_test is None or self.chosen_fresh is None:
            raise AttributeError("no validation-selected candidate was given (chosen=None)")
        return float(100 * np.mean(self.chosen_test - self.chosen_fresh))

    def summary(self) -> str:
        lines = [
            f"{self.repeats} random splits of the held-out pool: test set of {self.test_size}, "
            f"fresh set of {self.fresh_size}; {self.n_candidates} candidates",
            f"selected on the test set:   test {np.mean(self.test_selected_test):.2%}, "
            f"fresh {np.mean(self.test_selected_fresh):.2%}, optimism {self.optimism:+.2f} pp "
            f"(optimistic in {self.optimistic_share:.0%} of splits)",
        ]
        if self.chosen is not None:
            lines.append(
                f"selected on validation:     test {np.mean(self.chosen_test):.2%}, "
                f"fresh {np.mean(self.chosen_fresh):.2%}, gap {self.honest_gap:+.2f} pp"
            )
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"SelectionBias(optimism {self.optimism:+.2f} pp over {self.repeats} splits)"


def selection_bias(
    models: Sequence[Any] | GridSearch,
    X_pool: np.ndarray,
    y_pool: np.ndarray,
    *,
    test_size: int,
    repeats: int = 200,
    seed: int = 0,
    chosen: int | None = None,
    blas_threads_limit: int | None = 1,
) -> SelectionBias:
    """Measure the optimism of picking the model with the best *test* accuracy.

    Parameters
    ----------
    models : sequence of models with ``predict(X)``, or a GridSearch
        The candidates.  For a GridSearch, ``chosen`` defaults to its
        validation-selected ``best_index``.
    X_pool, y_pool : held-out examples never used for training or selection
        Each repeat cuts them at random into ``test_size`` test examples and
        the fresh rest.
    test_size : int
        Size of the (small) test set; 1 ≤ test_size < len(y_pool).
    repeats : int
        Number of random splits.
    seed : int
    chosen : int, optional
        Index of a candidate chosen *without* the test data (on validation data).
    blas_threads_limit : int or None
        BLAS threads while the candidates predict.

    Returns
    -------
    SelectionBias
        ``optimism``: the mean of test accuracy − fresh accuracy of the
        test-selected model, in percentage points (positive: the reported
        test score is too good); ``honest_gap``: the same for ``chosen``
        (near zero on average).

    Examples
    --------
    >>> class Coin:
    ...     def __init__(self, seed): self.seed = seed
    ...     def predict(self, X): return np.random.default_rng(self.seed).integers(0, 2, len(X))
    >>> bias = selection_bias([Coin(s) for s in range(20)], np.zeros((400, 1)),
    ...                       np.zeros(400, dtype=int), test_size=50, repeats=100)
    >>> bias.optimism > 5
    True
    """
    if isinstance(models, GridSearch):
        if chosen is None:
            chosen = models.best_index
        models = models.nets
    models = list(models)
    if not models:
        raise ValueError("models must hold at least one candidate, got none")
    X_pool = np.asarray(X_pool, dtype=float)
    y_pool = _labels(y_pool, len(X_pool), "y_pool")
    n = len(y_pool)
    if int(test_size) != test_size or not 1 <= test_size < n:
        raise ValueError(f"test_size must be an integer in 1..{n - 1}, got {test_size!r}")
    if int(repeats) != repeats or repeats < 1:
        raise ValueError(f"repeats must be a positive integer, got {repeats!r}")
    if chosen is not None and not 0 <= chosen < len(models):
        raise ValueError(f"chosen must index one of the {len(models)} models, got {chosen!r}")
    with blas_threads(blas_threads_limit):
        correct = np.array([np.asarray(m.predict(X_pool)) == y_pool for m in models], dtype=float)
    rng = np.random.default_rng(seed)
    picks = np.empty(repeats, dtype=int)
    sel_test, sel_fresh = np.empty(repeats), np.empty(repeats)
    ch_test, ch_fresh = np.empty(repeats), np.empty(repeats)
    for r in range(repeats):
        order = rng.permutation(n)
        test, fresh = order[:test_size], order[test_size:]
        test_acc = correct[:, test].mean(axis=1)
        pick = int(np.argmax(test_acc))
        picks[r] = pick
        sel_test[r], sel_fresh[r] = test_acc[pick], correct[pick, fresh].mean()
        if chosen is not None:
            ch_test[r], ch_fresh[r] = test_acc[chosen], correct[chosen, fresh].mean()
    return SelectionBias(
        test_size=int(test_size),
        fresh_size=n - int(test_size),
        repeats=int(repeats),
        n_candidates=len(models),
        picks=picks,
        test_selected_test=sel_test,
        test_selected_fresh=sel_fresh,
        chosen=chosen,
        chosen_test=ch_test if chosen is not None else None,
        chosen_fresh=ch_fresh if chosen is not None else None,
    )


# --- complexity against accuracy -------------------------------------------------------


@dataclass(repr=False)
class HiddenSweep:
    """Training and validation accuracy of networks with growing hidden layers.

    Attributes
    ----------
    hidden : ndarray of int
        Hidden units H of each network 784-H-10.
    n_params : ndarray of int
        Its number of weights and biases.
    train_accuracy, val_accuracy : ndarray
        Fraction correct on the training and on the validation data.
    train_loss, val_loss : ndarray
        The cost C on the same data.
    """

    hidden: np.ndarray
    n_params: np.ndarray
    train_accuracy: np.ndarray
    val_accuracy: np.ndarray
    train_loss: np.ndarray
    val_loss: np.ndarray

    @property
    def gap(self) -> np.ndarray:
        """Training minus validation accuracy (the generalisation gap)."""
        return self.train_accuracy - self.val_accuracy

    @property
    def best_hidden(self) -> int:
        """The hidden size with the highest validation accuracy (the smallest such)."""
        return int(self.hidden[int(np.argmax(self.val_accuracy))])

    def table(self) -> str:
        rows = [
            f"{'hidden':>6}  {'parameters':>10}  {'train acc':>9}  {'valid. acc':>10}  "
            f"{'gap':>8}  {'train loss':>10}  {'valid. loss':>11}"
        ]
        for i, h in enumerate(self.hidden):
            rows.append(
                f"{h:>6}  {self.n_params[i]:>10,}  {self.train_accuracy[i]:>9.2%}  "
                f"{self.val_accuracy[i]:>10.2%}  {100 * self.gap[i]:>5.2f} pp  "
                f"{self.train_loss[i]:>10.4f}  {self.val_loss[i]:>11.4f}"
            )
        return "\n".join(rows)

    def __repr__(self) -> str:
        return f"HiddenSweep(hidden = {self.hidden.tolist()}; best on validation: {self.best_hidden})"


def hidden_size_sweep(
    train: tuple[np.ndarray, np.ndarray],
    validation: tuple[np.ndarray, np.ndarray],
    hidden_sizes: Sequence[int],
    *,
    epochs: int = 10,
    lr: float = 3.0,
    batch_size: int = 10,
    seed: int = 0,
    activation: str = "sigmoid",
    cost: str = "quadratic",
    init: str = "normal",
    blas_threads_limit: int | None = 1,
) -> HiddenSweep:
    """Train ``MLP([d, H, k])`` for each H in ``hidden_sizes``; record train and validation accuracy.

    Every network is trained the same way, by ``fit(epochs=…, batch_size=…, lr=…,
    seed=seed)``; only the hidden layer's size, and with it the
    number of parameters, changes.

    Returns
    -------
    HiddenSweep
    """
    X, y = _pair(train, "train")
    X_val, y_val = _pair(validation, "validation")
    sizes = [int(h) for h in hidden_sizes]
    if not sizes or any(h < 1 for h in sizes) or sizes != list(hidden_sizes):
        raise ValueError(f"hidden_sizes must be positive integers, got {list(hidden_sizes)!r}")
    k = int(max(y.max(), y_val.max())) + 1
    rows = []
    with blas_threads(blas_threads_limit):
        for h in sizes:
            net = MLP([X.shape[1], h, k], activation=activation, cost=cost, init=init, seed=seed)
            net.fit(X, y, epochs=epochs, batch_size=batch_size, lr=lr, progress=False,
                    seed=seed, evaluate={}, threads=blas_threads_limit)
            rows.append((net.n_params, net.accuracy(X, y), net.accuracy(X_val, y_val),
                         net.loss(X, y), net.loss(X_val, y_val)))
    params, train_acc, val_acc, train_loss, val_loss = (np.array(c) for c in zip(*rows, strict=True))
    return HiddenSweep(
        hidden=np.array(sizes),
        n_params=params,
        train_accuracy=train_acc,
        val_accuracy=val_acc,
        train_loss=train_loss,
        val_loss=val_loss,
    )

