"""Tests of gdkit.lectures.value_mlp: a Value-neuron MLP, its training loop and its PyTorch twin."""

from __future__ import annotations

import numpy as np
import pytest

import gdkit
from gdkit.lectures.value_mlp import Layer, Neuron, ValueMLP, decision_grid, train_value_mlp
from gdkit.losses import logistic_loss


def _data(n: int = 12, seed: int = 0):
    return gdkit.make_moons(n, noise=0.1, seed=seed)


def _loss_at(net: ValueMLP, X, y):
    def f(theta):
        net.set_params(theta)
        return net.loss(X, y).data

    return f


def test_same_seed_gives_same_weights_and_other_seed_differs():
    a, b, c = ValueMLP([2, 4, 1], seed=3), ValueMLP([2, 4, 1], seed=3), ValueMLP([2, 4, 1], seed=4)
    np.testing.assert_array_equal(a.get_params(), b.get_params())
    assert not np.allclose(a.get_params(), c.get_params())


def test_initial_weights_lie_in_torch_default_range():
    net = ValueMLP([5, 7, 1], seed=0)
    (W1, W2), (b1, b2) = net.to_arrays()
    assert np.abs(W1).max() <= 1 / np.sqrt(5) and np.abs(b1).max() <= 1 / np.sqrt(5)
    assert np.abs(W2).max() <= 1 / np.sqrt(7) and np.abs(b2).max() <= 1 / np.sqrt(7)


def test_parameters_are_in_torch_order_and_to_arrays_agrees():
    net = ValueMLP([3, 2, 1], seed=1)
    weights, biases = net.to_arrays()
    flat = np.concatenate([np.concatenate([w.ravel(), b]) for w, b in zip(weights, biases, strict=True)])
    np.testing.assert_array_equal(flat, net.get_params())
    assert net.n_params == len(net.parameters()) == 11


def test_neuron_computes_weighted_sum_plus_bias_then_activation():
    n = Neuron([2.0, -1.0], bias=0.5, activation="tanh")
    assert n([1.0, 3.0]).data == pytest.approx(np.tanh(-0.5))
    layer = Layer([[1.0, 0.0], [0.0, 2.0]], [0.0, 1.0], activation="relu")
    assert [v.data for v in layer([-1.0, 1.0])] == [0.0, 3.0]


def test_loss_equals_the_numpy_logistic_loss():
    X, y = _data()
    net = ValueMLP([2, 5, 1], seed=0)
    logits = np.array([net(x)[0].data for x in X])
    assert net.loss(X, y).data == pytest.approx(float(logistic_loss(logits, y)), rel=1e-14)


@pytest.mark.parametrize("activation", ["tanh", "relu", "sigmoid"])
def test_backward_matches_numerical_gradient(activation):
    X, y = _data(8)
    net = ValueMLP([2, 3, 3, 1], activation=activation, seed=2)
    theta = net.get_params()
    L = net.loss(X, y)
    L.backward()
    grad = net.get_grads()
    numerical = gdkit.numerical_gradient(_loss_at(net, X, y), theta)
    np.testing.assert_allclose(grad, numerical, rtol=1e-6, atol=1e-9)


def _torch_twin(net: ValueMLP):
    torch = pytest.importorskip("torch")
    weights, biases = net.to_arrays()
    act = {"tanh": torch.nn.Tanh, "relu": torch.nn.ReLU, "sigmoid": torch.nn.Sigmoid}[net.activation]
    layers = []
    for i, (W, b) in enumerate(zip(weights, biases, strict=True)):
        lin = torch.nn.Linear(W.shape[1], W.shape[0], dtype=torch.float64)
        with torch.no_grad():
            lin.weight.copy_(torch.from_numpy(W))
            lin.bias.copy_(torch.from_numpy(b))
        layers.append(lin)
        if i < len(weights) - 1:
            layers.append(act())
    return torch.nn.Sequential(*layers)


@pytest.mark.parametrize("activation", ["tanh", "relu", "sigmoid"])
def test_loss_and_gradient_match_pytorch_float64(activation):
    torch = pytest.importorskip("torch")
    X, y = _data(10)
    net = ValueMLP([2, 4, 3, 1], activation=activation, seed=5)
    twin = _torch_twin(net)
    L = net.loss(X, y)
    L.backward()
    Lt = torch.nn.functional.binary_cross_entropy_with_logits(
        twin(torch.from_numpy(X))[:, 0], torch.from_numpy(y.astype(float))
    )
    Lt.backward()
    grad_t = torch.cat([p.grad.ravel() for p in twin.parameters()]).numpy()
    assert abs(L.data - Lt.item()) < 1e-14
    np.testing.assert_allclose(net.get_grads(), grad_t, rtol=0, atol=1e-14)


def test_predict_proba_is_sigmoid_of_the_value_output():
    X, _ = _data(6)
    net = ValueMLP([2, 4, 1], activation="relu", seed=0)
    by_value = np.array([net(x)[0].sigmoid().data for x in X])
    np.testing.assert_allclose(net.predict_proba(X), by_value, rtol=1e-12)
    np.testing.assert_array_equal(net.predict(X), (by_value > 0.5).astype(int))


def test_training_lowers_the_loss_and_records_every_gradient():
    X, y = _data(16)
    net = ValueMLP([2, 4, 1], seed=0)
    run = train_value_mlp(net, X, y, lr=0.5, steps=6)
    assert run.losses.shape == (7,) and run.gradients.shape == (7, net.n_params)
    assert run.losses[-1] < run.losses[0]
    np.testing.assert_array_equal(net.get_params(), run.params[-1])
    for t in (0, 3, 6):  # each recorded gradient is the gradient at that row's parameters
        net.set_params(run.params[t])
        L = net.loss(X, y)
        L.backward()
        assert L.data == run.losses[t]
        np.testing.assert_array_equal(net.get_grads(), run.gradients[t])
    np.testing.assert_allclose(run.params[1], run.params[0] - 0.5 * run.gradients[0])


def test_training_follows_the_same_path_as_pytorch_gradient_descent():
    torch = pytest.importorskip("torch")
    X, y = _data(12)
    net = ValueMLP([2, 3, 1], seed=0)
    twin = _torch_twin(net)
    run = train_value_mlp(net, X, y, lr=1.0, steps=5)
    Xt, yt = torch.from_numpy(X), torch.from_numpy(y.astype(float))
    for t in range(6):
        twin.zero_grad()
        L = torch.nn.functional.binary_cross_entropy_with_logits(twin(Xt)[:, 0], yt)
        L.backward()
        assert abs(L.item() - run.losses[t]) < 1e-13
        grad = torch.cat([p.grad.ravel() for p in twin.parameters()]).numpy()
        np.testing.assert_allclose(grad, run.gradients[t], rtol=0, atol=1e-13)
        with torch.no_grad():
            for p in twin.parameters():
                p -= 1.0 * p.grad


def test_decision_grid_covers_the_data_and_compares_classifiers():
    X, y = _data(20)
    net = ValueMLP([2, 4, 1], seed=0)
    grid = decision_grid(net.predict_proba, X, resolution=30, pad=0.25)
    assert grid.proba.shape == (30, 30)
    assert grid.xs[0] == pytest.approx(X[:, 0].min() - 0.25)
    assert grid.ys[-1] == pytest.approx(X[:, 1].max() + 0.25)
    assert 0.0 <= grid.fraction_class1 <= 1.0
    assert grid.disagreement(grid) == 0.0
    flipped = decision_grid(lambda P: 1.0 - net.predict_proba(P), X, resolution=30, pad=0.25)
    assert grid.disagreement(flipped) == pytest.approx(1.0 - np.mean(grid.proba == 0.5))


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"sizes": [2]}, "sizes"),
        ({"sizes": [2, 0, 1]}, "sizes"),
        ({"sizes": [2, 3, 1], "activation": "softsign"}, "activation"),
    ],
)
def test_bad_networks_are_refused_with_a_clear_message(kwargs, match):
    with pytest.raises(ValueError, match=match):
        ValueMLP(**kwargs)


def test_bad_data_and_settings_are_refused():
    X, y = _data(6)
    with pytest.raises(ValueError, match="one output unit"):
        ValueMLP([2, 3, 2]).loss(X, y)
    with pytest.raises(ValueError, match="shape"):
        ValueMLP([3, 2, 1]).loss(X, y)
    with pytest.raises(ValueError, match="labels"):
        ValueMLP([2, 2, 1]).loss(X, y[:-1])
    with pytest.raises(ValueError, match="lr"):
        train_value_mlp(ValueMLP([2, 2, 1]), X, y, lr=0.0, steps=3)
    with pytest.raises(ValueError, match="theta"):
        ValueMLP([2, 2, 1]).set_params([1.0, 2.0])
    with pytest.raises(ValueError, match="resolution"):
        decision_grid(lambda P: P[:, 0], X, resolution=1)
