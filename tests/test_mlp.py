"""The NumPy MLP: forward pass, backpropagation, mini-batch SGD, saving."""

from __future__ import annotations

import subprocess
import sys
import warnings

import numpy as np
import pytest

import gdkit
from gdkit.mlp import ACTIVATIONS, COSTS


@pytest.fixture(autouse=True)
def _runtime_warnings_are_errors():
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        yield


@pytest.fixture(scope="module")
def small_data():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(12, 4))
    y = rng.integers(0, 3, size=12)
    return X, y


def _numerical_gradients(net, X, Y, h=1e-6):
    grads = []
    for params in (net.weights, net.biases):
        layer_grads = []
        for p in params:
            g = np.zeros_like(p)
            for i in np.ndindex(p.shape):
                old = p[i]
                p[i] = old + h
                up = net.loss(X, Y)
                p[i] = old - h
                down = net.loss(X, Y)
                p[i] = old
                g[i] = (up - down) / (2 * h)
            layer_grads.append(g)
        grads.append(layer_grads)
    return grads


def test_parameter_count_matches_the_lecture_examples():
    assert gdkit.parameter_count([784, 30, 10]) == 23_860
    assert gdkit.parameter_count([784, 256, 10]) == 203_530
    assert gdkit.parameter_count([3, 4, 4, 1]) == 41
    assert gdkit.MLP([784, 30, 10]).n_params == 23_860


def test_parameter_count_rejects_a_single_layer():
    with pytest.raises(ValueError, match="at least two"):
        gdkit.parameter_count([784])


def test_one_hot_puts_a_one_at_each_label():
    np.testing.assert_array_equal(gdkit.one_hot(np.array([1, 0, 2]), 3), np.eye(3)[[1, 0, 2]])


def test_one_hot_rejects_labels_out_of_range_naming_them():
    with pytest.raises(ValueError, match=r"0\.\.2.*3"):
        gdkit.one_hot(np.array([0, 3]), 3)


def test_weights_follow_nielsens_shapes_and_normal_initialisation():
    net = gdkit.MLP([784, 30, 10], seed=0)
    assert [w.shape for w in net.weights] == [(30, 784), (10, 30)]
    assert [b.shape for b in net.biases] == [(30,), (10,)]
    assert abs(net.weights[0].std() - 1.0) < 0.02


def test_scaled_initialisation_divides_by_the_square_root_of_fan_in():
    net = gdkit.MLP([784, 30, 10], init="scaled", seed=0)
    assert abs(net.weights[0].std() * np.sqrt(784) - 1.0) < 0.02
    relu = gdkit.MLP([784, 30, 10], activation="relu", init="scaled", seed=0)
    assert abs(relu.weights[0].std() * np.sqrt(784 / 2) - 1.0) < 0.02


def test_same_seed_gives_the_same_network():
    a, b = gdkit.MLP([5, 3, 2], seed=7), gdkit.MLP([5, 3, 2], seed=7)
    for wa, wb in zip(a.weights + a.biases, b.weights + b.biases, strict=True):
        np.testing.assert_array_equal(wa, wb)


@pytest.mark.parametrize(
    ("kwargs", "pattern"),
    [
        ({"activation": "softsign"}, "activation must be one of"),
        ({"cost": "hinge"}, "cost must be one of"),
        ({"init": "xavier"}, "init must be one of"),
        ({"cost": "cross_entropy", "output_activation": "sigmoid"}, "softmax"),
    ],
)
def test_constructor_rejects_unknown_choices_naming_them(kwargs, pattern):
    with pytest.raises(ValueError, match=pattern):
        gdkit.MLP([2, 2], **kwargs)


def test_forward_computes_sigmoid_of_weighted_input_layer_by_layer():
    net = gdkit.MLP([3, 2, 2], seed=1)
    x = np.array([[0.5, -1.0, 2.0]])
    a1 = 1 / (1 + np.exp(-(net.weights[0] @ x[0] + net.biases[0])))
    a2 = 1 / (1 + np.exp(-(net.weights[1] @ a1 + net.biases[1])))
    np.testing.assert_allclose(net.forward(x)[0], a2, rtol=1e-14)


def test_sigmoid_saturates_without_overflow_warnings():
    net = gdkit.MLP([1, 1], seed=0)
    net.weights[0][:] = 1.0
    out = net.forward(np.array([[-1e4], [1e4]]))
    np.testing.assert_array_equal(out[:, 0], [0.0, 1.0])


def test_softmax_output_rows_sum_to_one_even_for_huge_inputs():
    net = gdkit.MLP([2, 3], cost="cross_entropy", seed=0)
    out = net.forward(np.array([[1e3, -1e3], [0.0, 0.0]]))
    np.testing.assert_allclose(out.sum(axis=1), 1.0)
    assert np.all(np.isfinite(out))


def test_forward_rejects_inputs_of_the_wrong_width():
    with pytest.raises(ValueError, match=r"shape \(n, 4\)"):
        gdkit.MLP([4, 2]).forward(np.ones((3, 5)))


@pytest.mark.parametrize("cost", COSTS)
@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_backprop_matches_central_differences(small_data, activation, cost):
    X, y = small_data
    net = gdkit.MLP([4, 5, 3, 3], activation=activation, cost=cost, init="scaled", seed=3)
    if activation == "relu":  # keep weighted inputs away from the kink at 0
        for b in net.biases:
            b += 0.05
    grads_w, grads_b = net.backprop(X, y)
    numeric_w, numeric_b = _numerical_gradients(net, X, y)
    for g, n in zip(grads_w + grads_b, numeric_w + numeric_b, strict=True):
        np.testing.assert_allclose(g, n, rtol=1e-5, atol=1e-8)


def test_backprop_returns_the_mean_of_single_example_gradients(small_data):
    X, y = small_data
    net = gdkit.MLP([4, 5, 3], seed=0)
    grads_w, grads_b = net.backprop(X, y)
    singles = [net.backprop(X[i : i + 1], y[i : i + 1]) for i in range(len(y))]
    for layer in range(2):
        np.testing.assert_allclose(
            grads_w[layer], np.mean([s[0][layer] for s in singles], axis=0), rtol=1e-12
        )
        np.testing.assert_allclose(
            grads_b[layer], np.mean([s[1][layer] for s in singles], axis=0), rtol=1e-12
        )


def test_labels_and_one_hot_targets_give_the_same_loss_and_gradients(small_data):
    X, y = small_data
    net = gdkit.MLP([4, 5, 3], cost="cross_entropy", seed=0)
    assert net.loss(X, y) == net.loss(X, gdkit.one_hot(y, 3))
    gw_labels, _ = net.backprop(X, y)
    gw_onehot, _ = net.backprop(X, gdkit.one_hot(y, 3))
    np.testing.assert_array_equal(gw_labels[0], gw_onehot[0])


def test_quadratic_loss_is_half_the_mean_squared_distance():
    net = gdkit.MLP([2, 2], seed=0)
    X = np.array([[0.1, 0.2], [0.3, -0.4]])
    Y = np.array([[1.0, 0.0], [0.0, 1.0]])
    expected = 0.5 * np.mean(np.sum((Y - net.forward(X)) ** 2, axis=1))
    assert net.loss(X, Y) == pytest.approx(expected, rel=1e-14)


def test_one_sgd_step_moves_weights_by_minus_eta_times_the_mean_gradient(small_data):
    X, y = small_data
    net = gdkit.MLP([4, 5, 3], seed=0)
    before = [w.copy() for w in net.weights + net.biases]
    grads_w, grads_b = net.backprop(X, y)
    updates = net.train_epoch(X, y, batch_size=len(y), lr=0.5, rng=None)
    assert updates == 1
    for old, new, g in zip(before, net.weights + net.biases, grads_w + grads_b, strict=True):
        np.testing.assert_allclose(new, old - 0.5 * g, rtol=1e-12, atol=1e-15)


def test_train_epoch_handles_a_last_smaller_batch(small_data):
    X, y = small_data
    net = gdkit.MLP([4, 5, 3], seed=0)
    assert net.train_epoch(X, y, batch_size=5, lr=0.1) == 3  # 5 + 5 + 2


def test_fit_records_one_history_row_per_epoch_with_validation(small_data):
    X, y = small_data
    net = gdkit.MLP([4, 6, 3], cost="cross_entropy", init="scaled", seed=0)
    history = net.fit(X, y, epochs=5, batch_size=4, lr=0.5, validation=(X, y), progress=False)
    assert history.epoch.tolist() == [1, 2, 3, 4, 5] and len(history) == 5
    assert len(history.loss) == len(history.accuracy) == len(history.val_loss) == 5
    assert len(history.seconds) == 5 and all(s >= 0 for s in history.seconds)
    assert history.loss[-1] < history.loss[0]
    np.testing.assert_array_equal(history.val_accuracy, history.accuracy)
    assert history.status == "finished" and not history.diverged
    assert "epoch" in history.table() and "5 epochs" in repr(history)


def test_fit_is_identical_across_two_runs_from_the_same_seeds(small_data):
    X, y = small_data
    runs = []
    for _ in range(2):
        net = gdkit.MLP([4, 5, 3], seed=2)
        history = net.fit(X, y, epochs=3, batch_size=3, lr=1.0, progress=False, seed=9)
        runs.append((history.loss, [w.copy() for w in net.weights]))
    np.testing.assert_array_equal(runs[0][0], runs[1][0])
    np.testing.assert_array_equal(runs[0][1][0], runs[1][1][0])


def test_fit_learns_moons_with_a_small_tanh_network():
    X, y = gdkit.make_moons(n=200, noise=0.1, seed=0)
    net = gdkit.MLP([2, 16, 2], activation="tanh", cost="cross_entropy", init="scaled", seed=0)
    history = net.fit(X, y, epochs=60, batch_size=10, lr=0.3, progress=False)
    assert net.accuracy(X, y) > 0.95
    assert history.accuracy[-1] == net.accuracy(X, y)


def test_fit_stops_with_diverged_when_the_cost_becomes_non_finite():
    X, y = gdkit.make_blobs(n=50, seed=0)
    net = gdkit.MLP([2, 8, 3], activation="relu", output_activation="identity", seed=0)
    history = net.fit(X * 1e3, y, epochs=20, batch_size=5, lr=1e6, progress=False)
    assert history.diverged and len(history) < 20 and history.status == "diverged"
    assert "diverged" in history.message


def test_fit_callback_returning_true_stops_training(small_data):
    X, y = small_data
    net = gdkit.MLP([4, 3], seed=0)
    history = net.fit(X, y, epochs=10, progress=False, callback=lambda e, n, h: e == 2)
    assert len(history) == 2 and "callback" in history.message
    assert history.status == "callback"


def test_fit_with_progress_shows_a_tqdm_bar(small_data, capsys):
    X, y = small_data
    gdkit.MLP([4, 3], seed=0).fit(X, y, epochs=2, progress=True)
    assert "epochs" in capsys.readouterr().err


def test_predict_and_accuracy_accept_labels_or_one_hot(small_data):
    X, y = small_data
    net = gdkit.MLP([4, 3], seed=0)
    predicted = net.predict(X)
    assert predicted.shape == (12,) and predicted.dtype.kind == "i"
    assert net.accuracy(X, y) == net.accuracy(X, gdkit.one_hot(y, 3)) == np.mean(predicted == y)


def test_single_output_network_predicts_by_thresholding_at_one_half():
    net = gdkit.MLP([1, 1], seed=0)
    net.weights[0][:] = 10.0
    net.biases[0][:] = 0.0
    np.testing.assert_array_equal(net.predict(np.array([[-1.0], [1.0]])), [0, 1])
    assert net.accuracy(np.array([[-1.0], [1.0]]), np.array([0, 1])) == 1.0


def test_save_and_load_round_trip_a_network_through_plain_npz(tmp_path, small_data):
    X, _ = small_data
    net = gdkit.MLP([4, 5, 3], activation="tanh", cost="cross_entropy", init="scaled", seed=4)
    path = net.save(tmp_path / "net.npz")
    loaded = gdkit.MLP.load(path)
    assert (loaded.sizes, loaded.activation, loaded.cost) == ([4, 5, 3], "tanh", "cross_entropy")
    np.testing.assert_array_equal(loaded.forward(X), net.forward(X))
    with np.load(path, allow_pickle=False) as data:  # no object arrays inside
        assert all(data[k].dtype != object for k in data.files)
    assert [p.name for p in tmp_path.iterdir()] == ["net.npz"]


def test_save_overwrites_atomically_and_leaves_no_temporary_file_on_failure(tmp_path, monkeypatch):
    path = tmp_path / "net.npz"
    gdkit.MLP([2, 2], seed=0).save(path)
    original = path.read_bytes()

    def broken_savez(f, **arrays):
        f.write(b"half a file")
        raise OSError("disk full")

    monkeypatch.setattr(np, "savez", broken_savez)
    with pytest.raises(OSError, match="disk full"):
        gdkit.MLP([2, 2], seed=1).save(path)
    assert path.read_bytes() == original
    assert [p.name for p in tmp_path.iterdir()] == ["net.npz"]


def test_load_refuses_files_that_are_not_gdkit_networks(tmp_path):
    np.savez(tmp_path / "other.npz", a=np.arange(3))
    with pytest.raises(ValueError, match="not a gdkit MLP file"):
        gdkit.MLP.load(tmp_path / "other.npz")


def test_load_never_unpickles(tmp_path):
    np.savez(tmp_path / "evil.npz", format=np.array(["gdkit.MLP/1", {"x": 1}], dtype=object))
    with pytest.raises(ValueError, match="pickle"):
        gdkit.MLP.load(tmp_path / "evil.npz")


def test_training_without_a_progress_bar_imports_neither_torch_nor_tqdm():
    code = (
        "import sys, numpy as np, gdkit; "
        "net = gdkit.MLP([2, 3, 2], seed=0); "
        "net.fit(np.zeros((4, 2)), np.array([0, 1, 0, 1]), epochs=1, progress=False); "
        "print(sorted(m for m in ('torch', 'tqdm') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_weights_assigned_by_hand_in_float32_or_lists_are_converted(small_data):
    X, y = small_data
    net = gdkit.MLP([4, 3], seed=0)
    net.weights[0] = net.weights[0].astype(np.float32)
    net.biases[0] = [0.0, 0.0, 0.0]
    assert net.forward(X).dtype == np.float64
    net.train_epoch(X, y, batch_size=4, lr=0.1)
    assert net.weights[0].dtype == np.float64


def test_weights_of_the_wrong_shape_are_rejected_naming_the_layer(small_data):
    X, _ = small_data
    net = gdkit.MLP([4, 3], seed=0)
    net.weights[0] = np.zeros((4, 3))
    with pytest.raises(ValueError, match=r"weights\[0\] must have shape \(3, 4\)"):
        net.forward(X)


# --- the one training loop: fit's evaluation sets, records, checkpoints and threads -----


def _manual_epochs(net, X, y, epochs, batch_size, lr, seed):
    """The loop every former copy wrote: one generator, one permutation per epoch."""
    rng = np.random.default_rng(seed)
    for _ in range(epochs):
        net.train_epoch(X, y, batch_size, lr, rng)
    return net


def test_fit_trains_exactly_as_train_epoch_with_one_generator(small_data):
    X, y = small_data
    net = gdkit.MLP([4, 5, 3], seed=3)
    net.fit(X, y, epochs=4, batch_size=5, lr=0.7, progress=False, seed=11, evaluate={})
    twin = _manual_epochs(gdkit.MLP([4, 5, 3], seed=3), X, y, 4, 5, 0.7, 11)
    for a, b in zip(net.weights + net.biases, twin.weights + twin.biases, strict=True):
        np.testing.assert_array_equal(a, b)


def test_fit_records_epoch_zero_and_named_evaluation_sets(small_data):
    X, y = small_data
    net = gdkit.MLP([4, 5, 3], seed=0)
    untrained = (net.loss(X[:6], y[:6]), net.accuracy(X[:6], y[:6]))
    run = net.fit(X, y, epochs=3, batch_size=4, lr=0.5, progress=False, record_start=True,
                  evaluate={"train": (X, y), "head": (X[:6], y[:6])})
    assert run.epoch.tolist() == [0, 1, 2, 3] and run.updates.tolist() == [0, 3, 6, 9]
    assert list(run.costs) == ["train", "head"] and run.seconds[0] == 0.0
    assert (run.costs["head"][0], run.accuracies["head"][0]) == untrained
    assert run.costs["head"][-1] == net.loss(X[:6], y[:6])
    assert run.accuracies["head"][-1] == net.accuracy(X[:6], y[:6])
    np.testing.assert_array_equal(run.loss, run.costs["train"])
    assert len(run.val_loss) == 0


def test_fit_evaluates_nothing_with_an_empty_mapping_but_still_checks_divergence(small_data):
    X, y = small_data
    run = gdkit.MLP([4, 5, 3], seed=0).fit(X, y, epochs=2, progress=False, evaluate={})
    assert run.costs == {} and run.epoch.tolist() == [1, 2] and run.status == "finished"
    X_blobs, y_blobs = gdkit.make_blobs(n=50, seed=0)
    net = gdkit.MLP([2, 8, 3], activation="relu", output_activation="identity", seed=0)
    run = net.fit(X_blobs * 1e3, y_blobs, epochs=20, batch_size=5, lr=1e6, progress=False,
                  evaluate={})
    assert run.diverged and len(run) < 20


def test_fit_records_at_update_checkpoints_and_stops_after_max_updates(small_data):
    X, y = small_data  # 12 examples, batches of 5: 3 updates per epoch (5 + 5 + 2)
    net = gdkit.MLP([4, 5, 3], seed=0)
    seen = []
    run = net.fit(X, y, epochs=10, batch_size=5, lr=0.3, progress=False, record_start=True,
                  checkpoints=[1, 2, 4, 7], max_updates=7,
                  callback=lambda epoch, n, r: seen.append((epoch, int(r.updates[-1]))))
    assert run.updates.tolist() == [0, 1, 2, 4, 7] and run.epoch.tolist() == [0, 1, 1, 2, 3]
    assert seen == [(1, 1), (1, 2), (2, 4), (3, 7)] and run.status == "finished"
    twin = gdkit.MLP([4, 5, 3], seed=0)
    rng = np.random.default_rng(0)
    twin.train_epoch(X, y, 5, 0.3, rng)
    twin.train_epoch(X, y, 5, 0.3, rng)
    twin.train_epoch(X, y, 5, 0.3, rng, max_batches=1)
    np.testing.assert_array_equal(net.weights[0], twin.weights[0])
    assert run.loss[-1] == twin.loss(X, y)


def test_fit_without_checkpoints_records_the_partial_last_epoch_of_max_updates(small_data):
    X, y = small_data
    run = gdkit.MLP([4, 5, 3], seed=0).fit(X, y, epochs=5, batch_size=5, lr=0.3,
                                          progress=False, max_updates=4)
    assert run.updates.tolist() == [3, 4] and run.epoch.tolist() == [1, 2]


def test_fit_sum_reduction_is_the_mean_step_with_eta_times_m(small_data):
    X, y = small_data
    net = gdkit.MLP([4, 5, 3], seed=0)
    net.fit(X, y, epochs=1, batch_size=len(y), lr=0.1, progress=False, reduction="sum")
    twin = gdkit.MLP([4, 5, 3], seed=0)
    twin.train_epoch(X, y, len(y), 0.1 * len(y), rng=0)
    np.testing.assert_array_equal(net.weights[0], twin.weights[0])


def test_fit_encode_decode_and_cost_function_change_only_what_is_measured(small_data):
    X, y = small_data

    def encode(labels):
        return ((labels[:, None] >> np.arange(1, -1, -1)) & 1).astype(float)

    def decode(a):
        return (a > 0.5).astype(int) @ np.array([2, 1])

    net = gdkit.MLP([4, 5, 2], seed=0)
    run = net.fit(X, y, epochs=2, batch_size=4, lr=0.5, progress=False, encode=encode,
                  decode=decode, cost_function=lambda a, Y: 7.0,
                  evaluate={"all": (X, y)})
    twin = gdkit.MLP([4, 5, 2], seed=0)
    twin.fit(X, encode(y), epochs=2, batch_size=4, lr=0.5, progress=False)
    np.testing.assert_array_equal(net.weights[0], twin.weights[0])
    assert run.costs["all"].tolist() == [7.0, 7.0]
    assert run.accuracies["all"][-1] == np.mean(decode(net.forward(X)) == y)


def test_fit_pins_blas_to_one_thread_unless_told_otherwise(small_data):
    from threadpoolctl import threadpool_info

    X, y = small_data
    seen = []

    def threads(epoch, net, run):
        seen.append({p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas"})

    gdkit.MLP([4, 3], seed=0).fit(X, y, epochs=1, progress=False, callback=threads)
    assert seen[0] <= {1}
    before = {p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas"}
    gdkit.MLP([4, 3], seed=0).fit(X, y, epochs=1, progress=False, callback=threads,
                                  threads=None)
    assert seen[1] == before


def test_fit_checks_its_new_arguments(small_data):
    X, y = small_data
    net = gdkit.MLP([4, 3], seed=0)
    with pytest.raises(ValueError, match="reduction must be one of"):
        net.fit(X, y, epochs=1, progress=False, reduction="max")
    with pytest.raises(ValueError, match="threads must be a positive integer"):
        net.fit(X, y, epochs=1, progress=False, threads=0)
    with pytest.raises(TypeError, match="callback"):
        net.fit(X, y, epochs=1, progress=False, callback=3)
    with pytest.raises(TypeError, match=r"evaluate\['a'\] must be a pair"):
        net.fit(X, y, epochs=1, progress=False, evaluate={"a": X})
    with pytest.raises(ValueError, match="validation data once"):
        net.fit(X, y, epochs=1, progress=False, validation=(X, y), evaluate={"validation": (X, y)})
    with pytest.raises(ValueError, match="checkpoints must be a positive integer"):
        net.fit(X, y, epochs=1, progress=False, checkpoints=[0])


def test_history_is_the_former_name_of_training_run():
    run = gdkit.mlp.History(epoch=[1, 2], loss=[0.4, 0.2], accuracy=[0.5, 0.7],
                            val_loss=[0.5, 0.3], val_accuracy=[0.4, 0.6])
    assert isinstance(run, gdkit.mlp.TrainingRun)
    assert run.costs["validation"].tolist() == [0.5, 0.3] and run.status == "finished"


# --- one training loop in the whole library -----------------------------------------


def test_no_copy_of_the_epoch_loop_remains_in_gdkit():
    """Outside gdkit/mlp.py no module steps through epochs or mini-batches of an MLP.

    Every training run goes through `MLP.fit`: nothing else may call `train_epoch`, and no
    loop over ``range(..epochs..)`` or over mini-batch starts ``range(0, n, batch_size)``
    may appear, apart from the twins that train something other than a `gdkit.MLP`:
    the generic optimisers of gdkit/optim.py, the PyTorch twin's own step, and the
    reference answer of lecture 08's mini-batch exercise (one epoch on plain NumPy
    parameters, which the exercise asks students to write themselves).
    """
    import ast
    from pathlib import Path

    root = Path(gdkit.__file__).parent
    allowed = {"mlp.py", "optim.py", "torch_mlp.py", "lectures/checks/lecture08.py"}
    found = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        if rel in allowed:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in ("train_epoch", "_updates")):
                found.append(f"{rel}:{node.lineno} calls {node.func.attr}")
            if isinstance(node, ast.For) and isinstance(node.iter, ast.Call):
                source = ast.unparse(node.iter)
                target = ast.unparse(node.target)
                if (source.startswith("range(") and ("epoch" in source or "batch" in source)) or (
                    "epoch" in target
                ):
                    found.append(f"{rel}:{node.lineno} for {target} in {source}")
    assert found == []
