"""The losses of lecture 01: values, vectorisation over parameter grids, convexity."""

from __future__ import annotations

import numpy as np
import pytest

import gdkit
from gdkit.lectures.convexity import (
    convexity_violations,
    gmm_negative_log_likelihood,
    kmeans_objective,
)
from gdkit.losses import hinge_loss, logistic_loss, quadratic_cost, zero_one_loss


def test_quadratic_cost_is_half_the_mean_squared_error():
    a, y = np.array([0.0, 1.0, 3.0]), np.array([1.0, 1.0, 1.0])
    assert quadratic_cost(a, y) == pytest.approx((1 + 0 + 4) / (2 * 3))


def test_quadratic_cost_sums_squared_norms_of_vector_outputs():
    y = np.array([[1.0, 0.0], [0.0, 1.0]])
    a = np.array([[0.0, 0.0], [0.0, 0.0]])
    assert quadratic_cost(a, y) == pytest.approx(0.5)


def test_quadratic_cost_returns_one_value_per_parameter_setting():
    y = np.array([1.0, 2.0])
    grid = np.zeros((4, 5, 2))
    costs = quadratic_cost(grid, y)
    assert costs.shape == (4, 5)
    assert np.allclose(costs, (1 + 4) / 4)


def test_quadratic_cost_rejects_outputs_that_do_not_end_with_the_targets_shape():
    with pytest.raises(ValueError, match="must end with the targets' shape"):
        quadratic_cost(np.zeros(3), np.zeros(2))


def test_zero_one_loss_counts_wrong_labels_at_the_threshold():
    assert zero_one_loss([0.5, 0.49, 0.9], [1, 1, 0]) == pytest.approx(2 / 3)


def test_zero_one_loss_is_a_staircase_with_zero_slope_almost_everywhere():
    x = np.array([-2.0, -1.0, 0.5, 1.5, 3.0])
    y = np.array([0, 0, 1, 0, 1])
    w = np.linspace(-3, 3, 2001)
    loss = zero_one_loss(1 / (1 + np.exp(-np.multiply.outer(w, x))), y)
    steps = np.diff(loss)
    assert np.mean(steps == 0) > 0.99
    assert len(np.unique(loss)) <= x.size + 1


def test_zero_one_loss_rejects_labels_other_than_zero_and_one():
    with pytest.raises(ValueError, match="labels 0 and 1"):
        zero_one_loss([0.1, 0.2], [1, 2])


def test_logistic_loss_matches_cross_entropy_and_never_overflows():
    f, y = np.array([-2.0, 0.5, 3.0]), np.array([0.0, 1.0, 1.0])
    p = 1 / (1 + np.exp(-f))
    expected = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
    assert logistic_loss(f, y) == pytest.approx(expected)
    assert np.isfinite(logistic_loss([1000.0, -1000.0], [1, 0]))
    assert logistic_loss([1000.0, -1000.0], [1, 0]) == pytest.approx(0.0)


def test_hinge_loss_is_zero_beyond_the_margin_and_adds_the_regulariser():
    X, y = np.array([[2.0], [-2.0]]), np.array([1, -1])
    assert hinge_loss([1.0], 0.0, X, y, lam=0.0) == pytest.approx(0.0)
    assert hinge_loss([1.0], 0.0, X, y, lam=0.5) == pytest.approx(0.25)


def test_hinge_loss_broadcasts_over_a_grid_of_w_and_b():
    X, y = np.array([-1.0, 1.0]), np.array([-1, 1])
    W, B = np.meshgrid(np.linspace(-2, 2, 7), np.linspace(-1, 1, 5))
    grid = hinge_loss(W, B, X, y)
    assert grid.shape == (5, 7)
    assert grid[2, 3] == pytest.approx(float(hinge_loss([W[2, 3]], B[2, 3], X, y)))


def test_hinge_loss_rejects_zero_one_labels():
    with pytest.raises(ValueError, match="labels -1 and \\+1"):
        hinge_loss([1.0], 0.0, [1.0, 2.0], [0, 1])


def test_kmeans_objective_charges_each_point_its_nearest_centroid():
    X = np.array([[0.0, 0.0], [0.0, 2.0], [10.0, 0.0]])
    c = np.array([[0.0, 1.0], [10.0, 0.0]])
    assert kmeans_objective(c, X) == pytest.approx(2.0)


def test_kmeans_objective_is_symmetric_under_relabelling_the_centroids():
    X = np.array([-3.0, -2.0, 2.0, 4.0])
    assert kmeans_objective([-2.5, 3.0], X) == pytest.approx(kmeans_objective([3.0, -2.5], X))


def test_kmeans_objective_evaluates_a_grid_of_one_dimensional_centroids():
    X = np.array([-1.0, 1.0])
    C1, C2 = np.meshgrid(np.linspace(-2, 2, 5), np.linspace(-2, 2, 4))
    grid = kmeans_objective(np.stack([C1, C2], axis=-1), X)
    assert grid.shape == (4, 5)
    assert grid[0, 0] == pytest.approx(kmeans_objective([C1[0, 0], C2[0, 0]], X))


def test_kmeans_objective_rejects_centroids_of_the_wrong_dimension():
    with pytest.raises(ValueError, match="centroids must have shape"):
        kmeans_objective(np.zeros((2, 3)), np.zeros((4, 2)))


def test_gmm_negative_log_likelihood_of_one_component_is_the_gaussian_one():
    x = np.array([0.0, 1.0])
    expected = np.sum(0.5 * x**2 + 0.5 * np.log(2 * np.pi))
    assert gmm_negative_log_likelihood([0.0], x) == pytest.approx(expected)


def test_gmm_negative_log_likelihood_rejects_a_non_positive_sigma():
    with pytest.raises(ValueError, match="sigma must be > 0"):
        gmm_negative_log_likelihood([0.0], [0.0], sigma=0.0)


def test_convexity_violations_finds_none_for_a_convex_bowl():
    report = convexity_violations(lambda w: float(w @ w), [-2, -2], [2, 2], pairs=100)
    assert report.convex_on_sample and report.tests == 300 and report.witness is None


def test_convexity_violations_exposes_the_two_minima_of_k_means():
    X = np.array([-3.0, -2.5, -2.0, 2.0, 2.5, 3.0])
    report = convexity_violations(lambda c: float(kmeans_objective(c, X)), [-4, -4], [4, 4])
    assert not report.convex_on_sample
    a, b, t = report.witness
    chord = t * kmeans_objective(a, X) + (1 - t) * kmeans_objective(b, X)
    assert kmeans_objective(t * a + (1 - t) * b, X) > chord


def test_convexity_violations_is_reproducible_with_a_seed():
    def loss(w):
        return float(np.sin(3 * w[0]))

    first = convexity_violations(loss, [-2], [2], seed=1)
    second = convexity_violations(loss, [-2], [2], seed=1)
    assert (first.violations, first.worst_gap) == (second.violations, second.worst_gap)


def test_convexity_violations_rejects_an_empty_box():
    with pytest.raises(ValueError, match="low must be < high"):
        convexity_violations(lambda w: 0.0, [1.0], [1.0])


def test_losses_are_reachable_from_the_package():
    assert gdkit.quadratic_cost is quadratic_cost
    assert gdkit.lectures.convexity_violations is convexity_violations
