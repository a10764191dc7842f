"""Tests for gdkit.lectures.sgd_compare: mini-batch gradient estimates and batch-size comparisons."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from gdkit.lectures.sgd_compare import (
    _checkpoints,
    compare_batch_sizes,
    gradient_estimates,
    multiply_adds_per_update,
)
from gdkit.mlp import MLP

LECTURES = Path(__file__).resolve().parents[1] / "lectures"


def _loop_source(notebook: str) -> str:
    """The source of the code cell that defines ``minibatch_sgd`` in a lecture."""
    cells = json.loads((LECTURES / notebook).read_text())["cells"]
    found = ["".join(c["source"]) for c in cells
             if c["cell_type"] == "code" and "def minibatch_sgd(" in "".join(c["source"])]
    assert len(found) == 1, f"{notebook}: {len(found)} cells define minibatch_sgd"
    return found[0]


def _lecture_loop():
    """Lecture 08's ``minibatch_sgd``, run from the notebook's own source."""
    namespace: dict = {"np": np}
    exec(_loop_source("08_sgd.ipynb"), namespace)
    return namespace["minibatch_sgd"]


minibatch_sgd = _lecture_loop()


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(0)
    X = rng.random((120, 6))
    y = (X[:, 0] + X[:, 1] > 1.0).astype(np.int64) + (X[:, 2] > 0.7)
    return X, y


def small_net(seed: int = 0) -> MLP:
    return MLP([6, 8, 3], activation="relu", cost="cross_entropy", init="scaled", seed=seed)


def test_full_batch_estimate_is_exact_and_points_downhill(data):
    X, y = data
    est = gradient_estimates(small_net(), X, y, [len(y)], repeats=2)
    assert np.allclose(est.relative_error, 0.0, atol=1e-12)
    assert np.allclose(est.cosine, 1.0)


def test_mini_batch_error_shrinks_like_one_over_sqrt_m(data):
    X, y = data
    est = gradient_estimates(small_net(), X, y, [1, 4, 16], repeats=200, seed=1)
    assert np.all(np.diff(est.rms_error) < 0)
    assert -0.75 < est.slope() < -0.3


def test_mean_gradient_norm_settles_on_the_full_norm_as_the_batch_grows(data):
    X, y = data
    est = gradient_estimates(small_net(), X, y, [1, 30, len(y)], repeats=20, seed=2)
    excess = est.mean_norm.mean(axis=1) / est.full_norm - 1
    assert excess[0] > excess[1] > 0.0 and np.allclose(est.mean_norm[2], est.full_norm)


def test_table_reports_measured_columns_not_the_summed_norm(data):
    X, y = data
    table = gradient_estimates(small_net(), X, y, [1, 5], repeats=2).table()
    assert "|g_m|" in table.splitlines()[0] and "sum" not in table
    assert not hasattr(gradient_estimates(small_net(), X, y, [1], repeats=1), "sum_norm")


def test_gradient_estimates_do_not_change_the_network(data):
    X, y = data
    net = small_net()
    before = [w.copy() for w in net.weights]
    gradient_estimates(net, X, y, [2, 10], repeats=3)
    assert all(np.array_equal(a, b) for a, b in zip(before, net.weights, strict=True))


def test_gradient_estimates_reject_batch_sizes_outside_the_data(data):
    X, y = data
    with pytest.raises(ValueError, match="batch_sizes must be integers in 1..120"):
        gradient_estimates(small_net(), X, y, [0, 5])
    with pytest.raises(ValueError, match="repeats"):
        gradient_estimates(small_net(), X, y, [5], repeats=0)


def test_multiply_adds_grow_linearly_with_the_batch():
    one = multiply_adds_per_update([784, 256, 10], 1)
    assert one["weights"] == 784 * 256 + 256 * 10 == 203_264
    assert one["forward"] == 203_264
    assert one["backward"] == 203_264 + 256 * 10
    for b in (4, 64, 2000):
        assert multiply_adds_per_update([784, 256, 10], b)["total"] == b * one["total"]
    with pytest.raises(ValueError, match="batch_size"):
        multiply_adds_per_update([784, 10], 0)


def test_checkpoints_are_shared_by_runs_of_different_lengths():
    short, long = _checkpoints(30, 8), _checkpoints(300, 8)
    assert short[0] == 0 and short[-1] == 30 and long[-1] == 300
    assert set(short[:-1]) <= set(long)
    assert np.all(np.diff(long) > 0)


def test_lectures_08_and_09_train_with_the_same_loop():
    assert _loop_source("08_sgd.ipynb") == _loop_source("09_mnist.ipynb")


def test_the_lecture_loop_gives_the_weights_of_mlp_fit(data):
    X, y = data
    by_loop, by_fit = small_net(), small_net()
    minibatch_sgd(by_loop, X, y, 0.3, 16, 3, seed=4)
    by_fit.fit(X, y, epochs=3, batch_size=16, lr=0.3, progress=False, seed=4, evaluate={})
    for a, b in zip(by_loop.weights + by_loop.biases, by_fit.weights + by_fit.biases, strict=True):
        np.testing.assert_allclose(a, b, rtol=0, atol=1e-12)


def test_the_lecture_loop_without_shuffling_is_train_epoch_in_stored_order(data):
    X, y = data
    by_loop, by_gdkit = small_net(), small_net()
    minibatch_sgd(by_loop, X, y, 0.3, 16, 1, shuffle=False)
    by_gdkit.train_epoch(X, y, batch_size=16, lr=0.3, rng=None)
    np.testing.assert_allclose(by_loop.weights[0], by_gdkit.weights[0], rtol=0, atol=1e-12)


def test_losses_are_reproducible_and_runs_start_from_the_same_weights(data):
    X, y = data
    kwargs = dict(sizes=(6, 8, 3), batch_sizes=(4, None), epochs=(2, 20), lr=0.2, seed=3)
    a = compare_batch_sizes(minibatch_sgd, X, y, **kwargs)
    b = compare_batch_sizes(minibatch_sgd, X, y, **kwargs)
    for ra, rb in zip(a.runs, b.runs, strict=True):
        assert np.array_equal(ra.losses, rb.losses) and np.array_equal(ra.updates, rb.updates)
        assert np.all(np.diff(ra.seconds) >= 0)
    assert a.runs[0].losses[0] == a.runs[1].losses[0]
    assert a.run(120).label == "GD (full batch, m = n)"
    assert a.run(4).updates[-1] == 60 and a.run(4).examples[-1] == 2 * 120


def test_full_batch_run_equals_mlp_fit_with_batch_n(data):
    X, y = data
    result = compare_batch_sizes(minibatch_sgd, X, y, sizes=(6, 8, 3), batch_sizes=(None,),
                                 epochs=(5,), lr=0.5)
    net = small_net()
    net.fit(X, y, epochs=5, batch_size=len(y), lr=0.5, progress=False)
    assert np.isclose(result.runs[0].final_loss, net.loss(X, y), rtol=1e-12)


def test_mini_batch_run_equals_mlp_fit_with_the_same_shuffling(data):
    X, y = data
    result = compare_batch_sizes(minibatch_sgd, X, y, sizes=(6, 8, 3), batch_sizes=(16,),
                                 epochs=(2,), lr=0.3, seed=0)
    net = small_net()
    net.fit(X, y, epochs=2, batch_size=16, lr=0.3, progress=False, seed=0)
    assert result.runs[0].updates[-1] == 16
    assert result.runs[0].examples[-1] == 2 * len(y)  # 8 batches per epoch, the last of 8
    assert np.isclose(result.runs[0].final_loss, net.loss(X, y), rtol=1e-10)


def test_summing_is_averaging_with_lr_times_m(data):
    X, y = data
    kw = dict(sizes=(6, 8, 3), batch_sizes=(10,), epochs=(2,))
    mean = compare_batch_sizes(minibatch_sgd, X, y, lr=0.2, **kw)
    net = small_net()
    net.fit(X, y, epochs=2, batch_size=10, lr=0.02, progress=False, reduction="sum")
    assert np.isclose(mean.runs[0].final_loss, net.loss(X, y), rtol=1e-10)


def test_reach_helpers_and_table(data):
    X, y = data
    result = compare_batch_sizes(minibatch_sgd, X, y, sizes=(6, 8, 3), batch_sizes=(4, None),
                                 epochs=(2, 10), lr=0.2)
    gd = result.run(120)
    target = gd.final_loss
    assert gd.updates_to_reach(target) <= 10
    assert gd.seconds_to_reach(target) is not None
    assert gd.updates_to_reach(-1.0) is None and gd.seconds_to_reach(-1.0) is None
    assert gd.loss_at(10) == target
    with pytest.raises(ValueError, match="not a checkpoint"):
        gd.loss_at(11)
    lines = result.table([0, 10, 60]).splitlines()
    assert len(lines) == 4 and "–" in lines[-1]
    assert "n = 120, η = 0.2" in repr(result)


def test_compare_rejects_bad_arguments(data):
    X, y = data
    with pytest.raises(ValueError, match="same length"):
        compare_batch_sizes(minibatch_sgd, X, y, sizes=(6, 8, 3), batch_sizes=(4, 8), epochs=(1,))
    with pytest.raises(TypeError, match="train"):
        compare_batch_sizes(None, X, y, sizes=(6, 8, 3))
    with pytest.raises(ValueError, match=r"batch sizes must be integers in 1..120"):
        compare_batch_sizes(minibatch_sgd, X, y, sizes=(6, 8, 3), batch_sizes=(500,), epochs=(3,))


def test_a_loop_that_skips_updates_is_caught(data):
    X, y = data

    def one_epoch_only(net, X, Y, eta, batch_size, epochs, seed=0, after_update=None):
        minibatch_sgd(net, X, Y, eta, batch_size, 1, seed=seed, after_update=after_update)

    with pytest.raises(ValueError, match="train made 30 updates .* are 60"):
        compare_batch_sizes(one_epoch_only, X, y, sizes=(6, 8, 3), batch_sizes=(4,), epochs=(2,))


def test_a_run_records_at_the_checkpoints_what_fit_records(data):
    X, y = data  # batches of 16: 8 updates per epoch; the checkpoints fall inside epochs
    result = compare_batch_sizes(minibatch_sgd, X, y, sizes=(6, 8, 3), batch_sizes=(16,),
                                 epochs=(3,), lr=0.3, seed=0, per_decade=2)
    run = result.runs[0]
    marks = _checkpoints(24, 2)
    fitted = small_net().fit(X, y, epochs=3, batch_size=16, lr=0.3, progress=False, seed=0,
                             record_start=True, checkpoints=marks[1:].tolist())
    np.testing.assert_array_equal(run.updates, marks)
    np.testing.assert_allclose(run.losses, fitted.loss, rtol=1e-12)
    assert run.examples.tolist() == [120 * (u // 8) + 16 * (u % 8) for u in marks.tolist()]


def test_a_diverging_run_stops_without_recording_the_non_finite_loss(data):
    X, y = data
    result = compare_batch_sizes(minibatch_sgd, X * 1e3, y, sizes=(6, 8, 3), batch_sizes=(4,),
                                 epochs=(7,), lr=1e308, activation="tanh")  # η·g overflows
    run = result.runs[0]
    assert run.diverged and run.updates.tolist() == [0, 1]
    assert np.all(np.isfinite(run.losses)) and len(run.losses) == len(run.updates)
