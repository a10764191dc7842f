"""Tests for gdkit.lectures.sgd_compare: mini-batch gradient estimates and batch-size comparisons."""

from __future__ import annotations

import numpy as np
import pytest

from gdkit.lectures.sgd_compare import (
    _checkpoints,
    compare_batch_sizes,
    gradient_estimates,
    multiply_adds_per_update,
)
from gdkit.mlp import MLP


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


def test_losses_are_reproducible_and_runs_start_from_the_same_weights(data):
    X, y = data
    kwargs = dict(sizes=(6, 8, 3), batch_sizes=(4, None), updates=(60, 20), lr=0.2, seed=3)
    a, b = compare_batch_sizes(X, y, **kwargs), compare_batch_sizes(X, y, **kwargs)
    for ra, rb in zip(a.runs, b.runs, strict=True):
        assert np.array_equal(ra.losses, rb.losses) and np.array_equal(ra.updates, rb.updates)
        assert np.all(np.diff(ra.seconds) >= 0)
    assert a.runs[0].losses[0] == a.runs[1].losses[0]
    assert a.run(120).label == "GD (full batch, m = n)"
    assert a.run(4).examples[-1] == 60 * 4


def test_full_batch_run_equals_mlp_fit_with_batch_n(data):
    X, y = data
    result = compare_batch_sizes(X, y, sizes=(6, 8, 3), batch_sizes=(None,), updates=(5,), lr=0.5)
    net = small_net()
    net.fit(X, y, epochs=5, batch_size=len(y), lr=0.5, progress=False)
    assert np.isclose(result.runs[0].final_loss, net.loss(X, y), rtol=1e-12)


def test_mini_batch_run_equals_mlp_fit_with_the_same_shuffling(data):
    X, y = data
    result = compare_batch_sizes(X, y, sizes=(6, 8, 3), batch_sizes=(16,), updates=(16,),
                                 lr=0.3, seed=0)
    net = small_net()
    net.fit(X, y, epochs=2, batch_size=16, lr=0.3, progress=False, seed=0)
    assert result.runs[0].examples[-1] == 2 * len(y)  # 8 batches per epoch, the last of 8
    assert np.isclose(result.runs[0].final_loss, net.loss(X, y), rtol=1e-10)


def test_sum_reduction_equals_mean_with_lr_times_m(data):
    X, y = data
    kw = dict(sizes=(6, 8, 3), batch_sizes=(10,), updates=(24,))
    summed = compare_batch_sizes(X, y, lr=0.02, reduction="sum", **kw)
    mean = compare_batch_sizes(X, y, lr=0.2, reduction="mean", **kw)
    assert np.allclose(summed.runs[0].losses, mean.runs[0].losses, rtol=1e-10)


def test_reach_helpers_and_table(data):
    X, y = data
    result = compare_batch_sizes(X, y, sizes=(6, 8, 3), batch_sizes=(4, None),
                                 updates=(60, 10), lr=0.2)
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


def test_compare_rejects_bad_arguments(data):
    X, y = data
    with pytest.raises(ValueError, match="same length"):
        compare_batch_sizes(X, y, sizes=(6, 8, 3), batch_sizes=(4, 8), updates=(10,))
    with pytest.raises(ValueError, match="reduction"):
        compare_batch_sizes(X, y, sizes=(6, 8, 3), reduction="max")
    with pytest.raises(ValueError, match=r"batch sizes must be integers in 1..120"):
        compare_batch_sizes(X, y, sizes=(6, 8, 3), batch_sizes=(500,), updates=(3,))


def test_a_run_is_one_fit_with_checkpoints_at_update_counts(data):
    X, y = data  # batches of 16: 8 updates per epoch; 20 updates end inside epoch 3
    result = compare_batch_sizes(X, y, sizes=(6, 8, 3), batch_sizes=(16,), updates=(20,),
                                 lr=0.3, seed=0, per_decade=2)
    run = result.runs[0]
    marks = _checkpoints(20, 2)
    net = small_net()
    fitted = net.fit(X, y, epochs=3, batch_size=16, lr=0.3, progress=False, seed=0,
                     record_start=True, checkpoints=marks[1:].tolist(), max_updates=20)
    np.testing.assert_array_equal(run.updates, marks)
    np.testing.assert_array_equal(run.losses, fitted.loss)
    assert run.examples.tolist() == [min(u, 8) * 16 if u <= 8 else 120 * (u // 8)
                                     + 16 * (u % 8) for u in marks.tolist()]


def test_a_diverging_run_stops_without_recording_the_non_finite_loss(data):
    X, y = data
    result = compare_batch_sizes(X * 1e3, y, sizes=(6, 8, 3), batch_sizes=(4,), updates=(200,),
                                 lr=1e200, activation="tanh")
    run = result.runs[0]
    assert run.diverged and run.updates.tolist() == [0, 1]
    assert np.all(np.isfinite(run.losses)) and len(run.losses) == len(run.updates)
