"""Lecture 09's experiments on the shipped MNIST sample (4,000 train / 1,000 test, seed 0).

Network 784-30-10, sigmoid, quadratic cost, mini-batches of 10, 30 epochs:
η = 3.0 learns (≥ 88 % test accuracy), η = 0.001 learns very slowly and
η = 100.0 produces noise.  Each 30-epoch run takes a few seconds.
"""

from __future__ import annotations

import functools

import numpy as np
import pytest

import gdkit

pytestmark = pytest.mark.slow


@functools.cache
def _data():
    return gdkit.load_mnist_sample(n_train=4000, n_test=1000, seed=0)


@functools.cache
def _run(lr: float):
    X_train, y_train, X_test, y_test = _data()
    net = gdkit.MLP([784, 30, 10], activation="sigmoid", cost="quadratic", seed=0)
    history = net.fit(X_train, y_train, epochs=30, batch_size=10, lr=lr,
                      validation=(X_test, y_test), progress=False, seed=0)
    return net, history


def test_eta_3_reaches_at_least_88_percent_test_accuracy():
    net, history = _run(3.0)
    X_test, y_test = _data()[2:]
    assert len(history) == 30
    assert history.val_accuracy[-1] >= 0.88
    assert net.accuracy(X_test, y_test) == history.val_accuracy[-1]
    assert history.accuracy[-1] > history.val_accuracy[-1]  # it fits its training data better


def test_training_is_identical_across_two_runs():
    _, first = _run(3.0)
    X_train, y_train, X_test, y_test = _data()
    net = gdkit.MLP([784, 30, 10], seed=0)
    second = net.fit(X_train, y_train, epochs=30, batch_size=10, lr=3.0,
                     validation=(X_test, y_test), progress=False, seed=0)
    np.testing.assert_array_equal(second.loss, first.loss)
    np.testing.assert_array_equal(second.val_accuracy, first.val_accuracy)
    np.testing.assert_array_equal(net.weights[0], _run(3.0)[0].weights[0])


def test_eta_0_001_learns_but_very_slowly():
    _, history = _run(0.001)
    assert all(b < a for a, b in zip(history.loss, history.loss[1:], strict=False))
    assert history.val_accuracy[-1] > history.val_accuracy[0]
    assert history.val_accuracy[-1] < 0.5 < _run(3.0)[1].val_accuracy[0]


def test_eta_100_produces_noise():
    _, history = _run(100.0)
    assert max(history.val_accuracy) < 0.25
    assert min(history.loss) > 0.4  # the outputs saturate; the cost never comes down
