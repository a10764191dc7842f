"""Lecture 09's baselines: random guessing, average darkness, an SVM."""

from __future__ import annotations

import numpy as np
import pytest

import gdkit


@pytest.fixture(scope="module")
def sample():
    return gdkit.load_mnist_sample(n_train=1000, n_test=500, seed=0)


def test_random_guessing_is_right_about_one_time_in_ten(sample):
    _, _, _, y_test = sample
    accuracies = [gdkit.lectures.random_guess_accuracy(y_test, seed=s) for s in range(20)]
    assert abs(np.mean(accuracies) - 0.1) < 0.01
    again = gdkit.lectures.random_guess_accuracy(y_test, seed=3)
    assert gdkit.lectures.random_guess_accuracy(y_test, seed=3) == again


def test_average_darkness_beats_guessing_but_not_by_much(sample):
    accuracy = gdkit.lectures.average_darkness_accuracy(*sample)
    assert 0.15 < accuracy < 0.3


def test_average_darkness_picks_the_class_with_the_nearest_mean_darkness():
    X_train = np.array([[0.0, 0.1], [0.1, 0.0], [1.0, 0.9], [0.9, 1.0]])
    y_train = np.array([0, 0, 1, 1])
    X_test = np.array([[0.2, 0.1], [0.8, 0.8], [0.6, 0.6]])
    assert gdkit.lectures.average_darkness_accuracy(X_train, y_train, X_test, np.array([0, 1, 1])) == 1.0


@pytest.mark.slow
def test_svm_with_default_settings_is_a_strong_baseline(sample):
    assert gdkit.lectures.svm_accuracy(*sample) > 0.85


def test_baselines_accept_one_hot_labels(sample):
    X_train, y_train, X_test, y_test = sample
    assert gdkit.lectures.average_darkness_accuracy(
        X_train, gdkit.one_hot(y_train, 10), X_test, gdkit.one_hot(y_test, 10)
    ) == gdkit.lectures.average_darkness_accuracy(X_train, y_train, X_test, y_test)


def test_baselines_reject_images_of_the_wrong_shape_naming_the_argument(sample):
    X_train, y_train, _, y_test = sample
    with pytest.raises(ValueError, match="X_test must have shape"):
        gdkit.lectures.average_darkness_accuracy(X_train, y_train, np.zeros(5), y_test)
