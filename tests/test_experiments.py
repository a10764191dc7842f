"""Lecture 09's experiment runner: data split, 4-bit outputs, runs, the table, gradient checks."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

import gdkit
from gdkit.lectures.experiments import PUBLISHED, VALIDATION_FRACTION

FASHION = Path("/usr/share/datasets/fashion-mnist")


@pytest.fixture(scope="module")
def data() -> gdkit.lectures.DigitData:
    return gdkit.lectures.lecture_data()


@pytest.fixture(scope="module")
def small(data) -> gdkit.lectures.DigitData:
    """300 training images, 100 each for validation and test: runs take a fraction of a second."""
    return dataclasses.replace(
        data,
        X_train=data.X_train[:300],
        y_train=data.y_train[:300],
        X_val=data.X_val[:100],
        y_val=data.y_val[:100],
        X_test=data.X_test[:100],
        y_test=data.y_test[:100],
    )


# --- the data ------------------------------------------------------------------------------


def test_sample_training_images_are_split_five_to_one_like_mnist_50000_10000(data):
    assert (len(data.y_train), len(data.y_val), len(data.y_test)) == (3333, 667, 1000)
    assert round(60_000 * VALIDATION_FRACTION) == 10_000
    X, y, X_test, y_test = gdkit.load_mnist_sample()
    np.testing.assert_array_equal(np.vstack([data.X_train, data.X_val]), X)
    np.testing.assert_array_equal(np.concatenate([data.y_train, data.y_val]), y)
    np.testing.assert_array_equal(data.X_test, X_test)


def test_summary_counts_every_digit_of_every_part(data):
    text = data.summary()
    assert "shipped MNIST sample" in text
    assert "test        1,000 images" in text
    assert "100 100 100 100 100 100 100 100 100 100" in text


def test_name_and_directory_are_refused_for_the_sample():
    with pytest.raises(ValueError, match="only to full=True"):
        gdkit.lectures.lecture_data(name="fashion-mnist")
    with pytest.raises(TypeError, match="full must be True or False"):
        gdkit.lectures.lecture_data(full="yes")


@pytest.mark.skipif(not FASHION.is_dir(), reason="Debian's dataset-fashion-mnist is not installed")
def test_full_path_loads_a_local_idx_data_set_and_holds_back_the_last_10000():
    full = gdkit.lectures.lecture_data(full=True, name="fashion-mnist", directory=FASHION)
    assert (len(full.y_train), len(full.y_val), len(full.y_test)) == (50_000, 10_000, 10_000)
    assert full.X_train.shape[1] == 784 and 0.0 <= full.X_train.min() <= full.X_train.max() <= 1
    assert full.source.startswith("full fashion-mnist (60,000 training")


# --- 4-bit outputs ---------------------------------------------------------------------------


def test_binary_targets_write_each_digit_most_significant_bit_first():
    codes = gdkit.lectures.binary_targets(np.arange(10))
    assert codes.shape == (10, 4)
    assert codes[6].tolist() == [0, 1, 1, 0] and codes[9].tolist() == [1, 0, 0, 1]


def test_decode_binary_inverts_binary_targets_and_thresholds_at_one_half():
    digits = np.arange(10)
    np.testing.assert_array_equal(gdkit.lectures.decode_binary(gdkit.lectures.binary_targets(digits)), digits)
    assert gdkit.lectures.decode_binary(np.array([[0.49, 0.51, 0.9, 0.1]])).tolist() == [6]
    assert gdkit.lectures.decode_binary(np.ones((1, 4))).tolist() == [15]


def test_binary_targets_refuse_labels_that_do_not_fit():
    with pytest.raises(ValueError, match="0..15"):
        gdkit.lectures.binary_targets([16])
    with pytest.raises(ValueError, match="integers"):
        gdkit.lectures.binary_targets([1.5])


# --- runs -----------------------------------------------------------------------------------


def test_experiment_refuses_bad_settings_naming_them():
    with pytest.raises(ValueError, match="outputs must be one of"):
        gdkit.lectures.Experiment("x", outputs="3-bit")
    with pytest.raises(ValueError, match="eta must be a positive finite number, got -1"):
        gdkit.lectures.Experiment("x", eta=-1.0)
    with pytest.raises(ValueError, match="init must be one of"):
        gdkit.lectures.Experiment("x", init="zeros")
    with pytest.raises(ValueError, match="hidden must be a positive integer"):
        gdkit.lectures.Experiment("x", hidden=0)


def test_experiment_sizes_follow_the_output_encoding():
    assert gdkit.lectures.Experiment("a", hidden=30).sizes == [784, 30, 10]
    assert gdkit.lectures.Experiment("b", outputs="4-bit").sizes == [784, 30, 4]
    assert "784-30-4, η = 3" in gdkit.lectures.Experiment("b", outputs="4-bit").describe()


def test_run_is_the_same_training_as_mlp_fit_with_the_same_seed(small):
    experiment = gdkit.lectures.Experiment("a", epochs=3, seed=2)
    run = gdkit.lectures.run_experiment(experiment, small.X_train, small.y_train, small.evaluation)
    net = gdkit.MLP([784, 30, 10], seed=2)
    history = net.fit(
        small.X_train,
        small.y_train,
        epochs=3,
        lr=3.0,
        progress=False,
        seed=2,
        validation=(small.X_test, small.y_test),
    )
    for mine, theirs in zip(run.net.weights, net.weights, strict=True):
        np.testing.assert_array_equal(mine, theirs)
    assert run.accuracy["test"][1:] == history.val_accuracy.tolist()
    assert run.accuracy["train"][1:] == history.accuracy.tolist()
    np.testing.assert_allclose(run.cost["train"][1:], history.loss, rtol=1e-12)
    assert run.training.status == "finished" and not run.diverged


def test_runs_are_identical_run_to_run(small):
    experiment = gdkit.lectures.Experiment("a", epochs=2)
    one = gdkit.lectures.run_experiment(experiment, small.X_train, small.y_train, small.evaluation)
    two = gdkit.lectures.run_experiment(experiment, small.X_train, small.y_train, small.evaluation)
    assert one.accuracy == two.accuracy and one.cost == two.cost


def test_run_records_epoch_zero_and_every_epoch(small):
    run = gdkit.lectures.run_experiment(
        gdkit.lectures.Experiment("a", epochs=4), small.X_train, small.y_train, small.evaluation
    )
    assert run.epoch == [0, 1, 2, 3, 4]
    assert all(len(v) == 5 for v in run.accuracy.values())
    assert run.train_accuracy == run.accuracy["train"][-1]
    assert run.final("test") == run.accuracy["test"][-1]
    assert run.best("test") == max(run.accuracy["test"][1:])
    assert run.chosen_epoch >= 1
    assert run.chosen("test") == run.accuracy["test"][run.chosen_epoch]
    assert run.epoch_table([0, 4]).splitlines()[0].startswith("epoch  train cost  train acc")
    with pytest.raises(ValueError, match=r"epochs \[9\] were not run"):
        run.epoch_table([9])


def test_chosen_epoch_is_the_first_best_on_validation_not_on_test(small):
    run = gdkit.lectures.run_experiment(
        gdkit.lectures.Experiment("a", epochs=3), small.X_train, small.y_train, small.evaluation
    )
    run.accuracy["validation"] = [0.1, 0.5, 0.7, 0.7]
    run.accuracy["test"] = [0.1, 0.9, 0.6, 0.8]
    assert run.chosen_epoch == 2 and run.chosen() == 0.6 and run.best() == 0.9


def test_four_bit_run_measures_decoded_accuracy(small):
    run = gdkit.lectures.run_experiment(
        gdkit.lectures.Experiment("bits", epochs=3, outputs="4-bit"),
        small.X_train,
        small.y_train,
        small.evaluation,
    )
    predicted = gdkit.lectures.decode_binary(run.net.forward(small.X_test))
    assert run.final("test") == np.mean(predicted == small.y_test)
    assert run.net.sizes == [784, 30, 4]


def test_a_huge_learning_rate_gives_chance_level_accuracy(small):
    run = gdkit.lectures.run_experiment(
        gdkit.lectures.Experiment("noise", eta=100.0, epochs=3),
        small.X_train,
        small.y_train,
        small.evaluation,
    )
    assert run.final("test") <= 0.2


def test_run_experiment_checks_its_arguments(small):
    experiment = gdkit.lectures.Experiment("a", epochs=1)
    with pytest.raises(ValueError, match=r"X_train must have shape \(n, 784\)"):
        gdkit.lectures.run_experiment(experiment, small.X_train[:, :10], small.y_train, small.evaluation)
    with pytest.raises(ValueError, match="y_train must hold one integer label per image"):
        gdkit.lectures.run_experiment(experiment, small.X_train, small.y_train[:5], small.evaluation)
    with pytest.raises(ValueError, match="at least one"):
        gdkit.lectures.run_experiment(experiment, small.X_train, small.y_train, {})
    with pytest.raises(TypeError, match="must be an Experiment"):
        gdkit.lectures.run_experiment("a", small.X_train, small.y_train, small.evaluation)


# --- the table ---------------------------------------------------------------------------------


def test_table_prints_ours_beside_the_published_figure(small):
    name = "784-30-10, η = 3.0"
    table = gdkit.lectures.run_experiments([gdkit.lectures.Experiment(name, epochs=2)], small)
    table.add_baseline("average darkness", 0.219)
    text = str(table)
    assert f"{table[name].final():.2%}" in text and "95.42%" in text
    assert "21.90%" in text and "22.25%" in text
    assert PUBLISHED["784-100-10, η = 3.0"] == 0.9659
    with pytest.raises(KeyError, match="no run named"):
        table["missing"]
    with pytest.raises(ValueError, match="fraction"):
        table.add_baseline("x", 95.0)


def test_run_experiments_refuses_duplicate_names(small):
    twice = [gdkit.lectures.Experiment("a", epochs=1), gdkit.lectures.Experiment("a", epochs=1)]
    with pytest.raises(ValueError, match="distinct"):
        gdkit.lectures.run_experiments(twice, small)


# --- gradient checks of a whole network --------------------------------------------------------


def test_backprop_of_a_tiny_network_passes_gradcheck():
    rng = np.random.default_rng(0)
    net = gdkit.MLP([4, 3, 10], seed=0)
    cost, gradient, theta = gdkit.lectures.flat_cost_and_gradient(
        net, rng.uniform(size=(5, 4)), np.array([0, 3, 9, 1, 2])
    )
    assert theta.size == gdkit.parameter_count([4, 3, 10])
    assert gdkit.gradcheck(cost, gradient, theta).verdict == "good"


def test_flat_functions_leave_the_network_unchanged():
    net = gdkit.MLP([4, 3, 2], seed=1)
    before = [w.copy() for w in net.weights]
    cost, gradient, theta = gdkit.lectures.flat_cost_and_gradient(net, np.ones((2, 4)), np.array([0, 1]))
    cost(theta + 1.0)
    gradient(theta - 1.0)
    for w, w0 in zip(net.weights, before, strict=True):
        np.testing.assert_array_equal(w, w0)
    assert cost(theta) == net.loss(np.ones((2, 4)), np.array([0, 1]))
    with pytest.raises(ValueError, match="theta must have shape"):
        cost(theta[:-1])
