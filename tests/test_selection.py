"""Tests for gdkit.lectures.selection: splits, grid search on validation data, test-set selection bias."""

from __future__ import annotations

import numpy as np
import pytest

from gdkit.lectures.selection import (
    GridSearch,
    grid_search,
    hidden_size_sweep,
    selection_bias,
    split_data,
)


@pytest.fixture(scope="module")
def blobs():
    """Three well separated Gaussian classes in 4-D, 300 points."""
    rng = np.random.default_rng(0)
    centres = np.array([[0, 0, 0, 0], [2, 2, 0, 0], [0, 2, 2, 0]], dtype=float)
    y = np.repeat(np.arange(3), 100)
    X = centres[y] + 0.6 * rng.standard_normal((300, 4))
    return X, y


@pytest.fixture(scope="module")
def search(blobs):
    X, y = blobs
    train, val, _ = split_data(X, y, [150, 75, 75], seed=0)
    return grid_search(train, val, {"lr": [0.01, 1.0], "hidden": [2, 8], "epochs": [1, 5]},
                       fixed={"batch_size": 10})


class Constant:
    """A 'model' that always predicts one class."""

    def __init__(self, label: int) -> None:
        self.label = label

    def predict(self, X):
        return np.full(len(X), self.label)


class Coin:
    """A 'model' that guesses 0 or 1 at random (fixed by its seed)."""

    def __init__(self, seed: int) -> None:
        self.seed = seed

    def predict(self, X):
        return np.random.default_rng(self.seed).integers(0, 2, len(X))


def test_split_sizes_are_disjoint_stratified_and_reproducible(blobs):
    X, y = blobs
    parts = split_data(X, y, [150, 75, 60], seed=1)
    assert [len(p[1]) for p in parts] == [150, 75, 60]
    assert [np.bincount(p[1]).tolist() for p in parts[:2]] == [[50, 50, 50], [25, 25, 25]]
    rows = np.vstack([p[0] for p in parts])
    assert len(np.unique(rows, axis=0)) == 285  # no example in two parts
    again = split_data(X, y, [150, 75, 60], seed=1)
    assert all(np.array_equal(a[0], b[0]) for a, b in zip(parts, again, strict=True))
    assert not np.array_equal(parts[0][0], split_data(X, y, [150, 75, 60], seed=2)[0][0])


def test_split_without_stratification_and_bad_sizes(blobs):
    X, y = blobs
    parts = split_data(X, y, [100, 200], stratify=False)
    assert [len(p[1]) for p in parts] == [100, 200]
    with pytest.raises(ValueError, match="sum to at most n = 300"):
        split_data(X, y, [200, 200])
    with pytest.raises(ValueError, match="integer labels"):
        split_data(X, y.astype(float), [10])


def test_grid_search_scores_every_combination_and_picks_the_best_validation(search):
    assert isinstance(search, GridSearch)
    assert len(search) == 8
    assert search.best.val_accuracy == max(c.val_accuracy for c in search.candidates)
    assert search.best_index == int(np.argmax(search.val_accuracies))
    assert search.best.hyperparameters["lr"] == 1.0
    assert search.best.val_accuracy > 0.9
    assert "← best on validation" in search.table()
    assert search.candidates[0].hyperparameters == {"lr": 0.01, "hidden": 2, "epochs": 1,
                                                    "batch_size": 10}


def test_epoch_snapshots_equal_separate_training(blobs, search):
    X, y = blobs
    train, val, _ = split_data(X, y, [150, 75, 75], seed=0)
    alone = grid_search(train, val, {"lr": [1.0], "hidden": [8], "epochs": [1]},
                        fixed={"batch_size": 10})
    snap = next(c for c in search.candidates
                if c.hyperparameters["lr"] == 1.0 and c.hyperparameters["hidden"] == 8
                and c.hyperparameters["epochs"] == 1)
    assert np.array_equal(alone.best.net.weights[0], snap.net.weights[0])


def test_grid_search_rejects_unknown_and_doubled_names(blobs):
    X, y = blobs
    pair = (X[:20], y[:20])
    with pytest.raises(ValueError, match="unknown hyperparameter 'momentum'"):
        grid_search(pair, pair, {"momentum": [0.9]})
    with pytest.raises(ValueError, match="both searched"):
        grid_search(pair, pair, {"lr": [0.1]}, fixed={"lr": 0.2})
    with pytest.raises(TypeError, match="pair"):
        grid_search(X, pair, {"lr": [0.1]})


def test_selecting_among_coins_on_a_small_test_set_is_optimistic():
    coins = [Coin(s) for s in range(30)]
    X, y = np.zeros((1000, 1)), np.zeros(1000, dtype=int)
    bias = selection_bias(coins, X, y, test_size=50, repeats=200, chosen=0)
    assert bias.optimism > 8  # the best of 30 coins looks much better than 50 %
    assert bias.optimistic_share > 0.9
    assert abs(bias.honest_gap) < 2
    assert "optimism" in bias.summary()


def test_identical_models_have_no_optimism():
    X, y = np.zeros((200, 1)), np.array([0, 1] * 100)
    bias = selection_bias([Constant(0), Constant(0)], X, y, test_size=20, repeats=50)
    assert bias.picks.tolist() == [0] * 50
    with pytest.raises(AttributeError, match="chosen=None"):
        _ = bias.honest_gap


def test_selection_bias_takes_a_grid_search_and_its_choice(blobs, search):
    X, y = blobs
    _, _, (X_pool, y_pool) = split_data(X, y, [150, 75, 75], seed=0)
    bias = selection_bias(search, X_pool, y_pool, test_size=20, repeats=30)
    assert bias.chosen == search.best_index and bias.n_candidates == 8
    assert np.all(bias.test_selected_test >= bias.chosen_test)  # the test winner wins on test


def test_selection_bias_rejects_bad_sizes():
    X, y = np.zeros((10, 1)), np.zeros(10, dtype=int)
    with pytest.raises(ValueError, match="test_size must be an integer in 1..9"):
        selection_bias([Constant(0)], X, y, test_size=10)
    with pytest.raises(ValueError, match="chosen must index"):
        selection_bias([Constant(0)], X, y, test_size=5, chosen=3)


def test_hidden_sweep_training_accuracy_grows_with_size(blobs):
    X, y = blobs
    train, val, _ = split_data(X, y, [150, 75, 75], seed=0)
    sweep = hidden_size_sweep(train, val, [1, 8], epochs=5, lr=1.0, batch_size=10)
    assert sweep.n_params.tolist() == [(4 + 1) * 1 + (1 + 1) * 3, (4 + 1) * 8 + (8 + 1) * 3]
    assert sweep.train_accuracy[1] > sweep.train_accuracy[0]
    assert sweep.best_hidden == 8
    assert np.allclose(sweep.gap, sweep.train_accuracy - sweep.val_accuracy)
    assert len(sweep.table().splitlines()) == 3
    with pytest.raises(ValueError, match="hidden_sizes"):
        hidden_size_sweep(train, val, [0])


def test_candidates_and_sweep_equal_networks_trained_by_fit(blobs, search):
    from gdkit.mlp import MLP

    X, y = blobs
    (X_tr, y_tr), val, _ = split_data(X, y, [150, 75, 75], seed=0)
    net = MLP([4, 8, 3], seed=0)
    net.fit(X_tr, y_tr, epochs=5, batch_size=10, lr=1.0, progress=False, seed=0)
    snap = next(c for c in search.candidates
                if c.hyperparameters == {"lr": 1.0, "hidden": 8, "epochs": 5, "batch_size": 10})
    assert np.array_equal(snap.net.weights[1], net.weights[1])
    sweep = hidden_size_sweep((X_tr, y_tr), val, [8], epochs=5, lr=1.0, batch_size=10)
    assert sweep.train_accuracy[0] == net.accuracy(X_tr, y_tr)
    assert sweep.val_loss[0] == net.loss(*val)
