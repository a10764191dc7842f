"""The PyTorch twin of the NumPy MLP agrees with it in float64."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

import gdkit
from gdkit.mlp import ACTIVATIONS, COSTS

torch = pytest.importorskip("torch")


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(0)
    return rng.normal(size=(16, 6)), rng.integers(0, 4, size=16)


def test_looking_up_parity_report_does_not_import_torch():
    code = (
        "import sys, gdkit; gdkit.parity_report; gdkit.ParityReport; "
        "print('torch' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_torch_mlp_is_a_torch_module_with_linear_layers_shaped_like_nielsens():
    twin = gdkit.TorchMLP([6, 5, 4])
    assert isinstance(twin, torch.nn.Module)
    assert [tuple(layer.weight.shape) for layer in twin.layers] == [(5, 6), (4, 5)]
    assert twin.dtype == torch.float64


def test_from_numpy_copies_the_weights_and_to_numpy_copies_them_back():
    net = gdkit.MLP([6, 5, 4], activation="tanh", cost="cross_entropy", seed=1)
    twin = gdkit.TorchMLP.from_numpy(net)
    back = twin.to_numpy()
    for a, b in zip(net.weights + net.biases, back.weights + back.biases, strict=True):
        np.testing.assert_array_equal(a, b)
    assert (back.activation, back.cost) == ("tanh", "cross_entropy")
    with torch.no_grad():
        twin.layers[0].weight += 1.0
    assert not np.array_equal(net.weights[0], twin.to_numpy().weights[0])


@pytest.mark.parametrize("cost", COSTS)
@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_losses_and_every_gradient_match_autograd_to_float64_precision(data, activation, cost):
    X, y = data
    net = gdkit.MLP([6, 5, 5, 4], activation=activation, cost=cost, init="scaled", seed=2)
    report = gdkit.parity_report(net, X, y)
    assert report.ok(), report
    assert report.max_rel_diff < 1e-12
    assert len(report.rows) == 1 + 2 * 3
    assert report.loss_numpy == pytest.approx(report.loss_torch, rel=1e-13)


def test_parity_report_prints_a_readable_table(data):
    X, y = data
    text = repr(gdkit.parity_report(gdkit.MLP([6, 4], seed=0), X, y))
    assert "∂C/∂w1" in text and "∂C/∂b1" in text and "agree to float64 precision: True" in text


def test_parity_report_notices_a_wrong_gradient(data, monkeypatch):
    X, y = data
    net = gdkit.MLP([6, 4], seed=0)
    true_backprop = net.backprop

    def off_by_a_bit(X, Y):
        gw, gb = true_backprop(X, Y)
        return [1.001 * g for g in gw], gb

    monkeypatch.setattr(net, "backprop", off_by_a_bit)
    report = gdkit.parity_report(net, X, y)
    assert not report.ok()
    assert report.max_rel_diff == pytest.approx(1e-3, rel=1e-6)


def test_twins_follow_the_same_path_through_an_epoch_of_sgd(data):
    X, y = data
    net = gdkit.MLP([6, 5, 4], seed=3)
    twin = gdkit.TorchMLP.from_numpy(net)
    assert net.train_epoch(X, y, batch_size=3, lr=0.7, rng=5) == 6
    assert twin.train_epoch(X, y, batch_size=3, lr=0.7, rng=5) == 6
    trained = twin.to_numpy()
    for a, b in zip(net.weights + net.biases, trained.weights + trained.biases, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-14)


def test_twin_forward_and_accuracy_match_numpy(data):
    X, y = data
    net = gdkit.MLP([6, 5, 4], cost="cross_entropy", seed=4)
    twin = gdkit.TorchMLP.from_numpy(net)
    with torch.no_grad():
        np.testing.assert_allclose(twin(X).numpy(), net.forward(X), rtol=1e-13)
    assert twin.accuracy(X, y) == net.accuracy(X, y)


def test_float32_twin_agrees_to_single_precision(data):
    X, y = data
    net = gdkit.MLP([6, 5, 4], seed=0)
    twin = gdkit.TorchMLP.from_numpy(net, dtype=torch.float32)
    assert twin.loss(X, y).item() == pytest.approx(net.loss(X, y), rel=1e-5)
