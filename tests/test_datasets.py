"""The lectures' toy data: regression set, classification sets, test surfaces."""

from __future__ import annotations

import numpy as np
import pytest

import gdkit
from gdkit.datasets import REGRESSION_X


def test_regression_data_is_ten_seeded_points_on_a_fixed_grid():
    x, y = gdkit.regression_data(seed=0)
    x2, y2 = gdkit.regression_data(seed=0)
    x3, y3 = gdkit.regression_data(seed=1)
    assert x.shape == y.shape == (10,)
    np.testing.assert_array_equal(x, REGRESSION_X)
    np.testing.assert_array_equal(y, y2)
    np.testing.assert_array_equal(x3, x)
    assert not np.allclose(y3, y)


def test_design_matrix_has_a_column_of_ones_then_x():
    X = gdkit.design_matrix(np.array([1.0, 2.0, 3.0]))
    np.testing.assert_array_equal(X, [[1, 1], [1, 2], [1, 3]])


def test_design_matrix_rejects_two_dimensional_input_naming_the_shape():
    with pytest.raises(ValueError, match=r"shape \(2, 2\)"):
        gdkit.design_matrix(np.ones((2, 2)))


def test_least_squares_gradient_matches_central_differences():
    x, y = gdkit.regression_data()
    X = gdkit.design_matrix(x)
    beta = np.array([-8.0, -3.2])
    h = 1e-6
    def loss(b):
        return gdkit.least_squares_loss(b, X, y)

    numeric = [(loss(beta + h * e) - loss(beta - h * e)) / (2 * h) for e in np.eye(2)]
    np.testing.assert_allclose(gdkit.least_squares_grad(beta, X, y), numeric, rtol=1e-7)


def test_factor_free_gradient_is_half_the_true_gradient():
    x, y = gdkit.regression_data()
    X = gdkit.design_matrix(x)
    beta = np.array([1.0, 2.0])
    np.testing.assert_allclose(
        gdkit.least_squares_grad(beta, X, y, factor=1.0),
        0.5 * gdkit.least_squares_grad(beta, X, y),
    )


def test_normal_equations_zero_the_gradient_and_match_lstsq():
    x, y = gdkit.regression_data()
    X = gdkit.design_matrix(x)
    beta = gdkit.normal_equations(X, y)
    np.testing.assert_allclose(beta, np.linalg.lstsq(X, y, rcond=None)[0], rtol=1e-12)
    np.testing.assert_allclose(gdkit.least_squares_grad(beta, X, y), 0.0, atol=1e-9)


def test_normal_equations_refuse_dependent_columns():
    X = np.column_stack([np.ones(4), np.ones(4)])
    with pytest.raises(ValueError, match="linearly independent"):
        gdkit.normal_equations(X, np.arange(4.0))


def test_hessian_curvature_puts_the_divergence_threshold_between_0_0055_and_0_0065():
    x, _ = gdkit.regression_data()
    lam = np.linalg.eigvalsh(gdkit.least_squares_hessian(gdkit.design_matrix(x)))
    np.testing.assert_allclose(lam, [20.0, 344.259259], rtol=1e-6)
    assert 0.0055 < 2 / lam.max() < 0.0065


@pytest.mark.parametrize("n", [2, 7, 100])
def test_make_moons_is_seeded_and_balanced(n):
    X, y = gdkit.make_moons(n=n, noise=0.1, seed=3)
    X2, _ = gdkit.make_moons(n=n, noise=0.1, seed=3)
    assert X.shape == (n, 2) and y.shape == (n,)
    np.testing.assert_array_equal(X, X2)
    assert abs(np.sum(y == 0) - np.sum(y == 1)) <= 1


def test_make_moons_without_noise_lies_on_two_half_circles():
    X, y = gdkit.make_moons(n=50, noise=0.0)
    np.testing.assert_allclose(np.hypot(*X[y == 0].T), 1.0)
    np.testing.assert_allclose(np.hypot(X[y == 1, 0] - 1.0, X[y == 1, 1] - 0.5), 1.0)


def test_make_blobs_gathers_each_class_around_its_centre():
    centres = np.array([[0.0, 0.0], [5.0, 5.0]])
    X, y = gdkit.make_blobs(n=400, centers=centres, std=0.3, seed=1)
    for k, c in enumerate(centres):
        np.testing.assert_allclose(X[y == k].mean(axis=0), c, atol=0.1)
    assert set(np.unique(y)) == {0, 1}


def test_make_blobs_rejects_badly_shaped_centres():
    with pytest.raises(ValueError, match=r"shape \(k, 2\)"):
        gdkit.make_blobs(centers=np.ones((3, 3)))


@pytest.mark.parametrize("name", sorted(gdkit.surfaces.surfaces))
def test_every_surface_gradient_matches_central_differences(name):
    surface = gdkit.surfaces.surfaces[name]
    rng = np.random.default_rng(0)
    (a1, b1), (a2, b2) = surface.bounds
    h = 1e-6
    for _ in range(5):
        w = np.array([rng.uniform(a1, b1), rng.uniform(a2, b2)]) * 0.5
        numeric = [(surface(w + h * e) - surface(w - h * e)) / (2 * h) for e in np.eye(2)]
        np.testing.assert_allclose(surface.grad(w), numeric, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("name", sorted(gdkit.surfaces.surfaces))
def test_every_surface_is_minimal_with_zero_gradient_at_its_listed_minima(name):
    surface = gdkit.surfaces.surfaces[name]
    for m in surface.minima:
        np.testing.assert_allclose(surface.grad(m), 0.0, atol=1e-4)


def test_surface_grid_evaluates_the_function_for_contour_plots():
    W1, W2, F = gdkit.surfaces.himmelblau.grid(n=30)
    assert W1.shape == W2.shape == F.shape == (30, 30)
    assert F[0, 0] == pytest.approx(gdkit.surfaces.himmelblau(np.array([W1[0, 0], W2[0, 0]])))


def test_himmelblau_gradient_descent_reaches_the_minimum_nearest_its_start():
    s = gdkit.surfaces.himmelblau
    reached = set()
    for start in ([1.0, 1.0], [-1.0, 2.0], [-2.0, -2.0], [2.0, -1.0]):
        run = gdkit.gradient_descent(s, s.grad, start, lr=0.01, steps=2000)
        distances = np.linalg.norm(s.minima - run.final_params, axis=1)
        assert distances.min() < 1e-4
        reached.add(int(distances.argmin()))
    assert reached == {0, 1, 2, 3}
