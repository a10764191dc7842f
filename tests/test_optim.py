"""Optimisers and the trajectories they return (lectures 03, 04 and 08)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import gdkit


@pytest.fixture(scope="module")
def regression():
    x, y = gdkit.regression_data()
    X = gdkit.design_matrix(x)
    return {
        "X": X,
        "y": y,
        "loss": lambda b: gdkit.least_squares_loss(b, X, y),
        "grad": lambda b: gdkit.least_squares_grad(b, X, y),
        "beta_star": gdkit.normal_equations(X, y),
        "lam_max": np.linalg.eigvalsh(gdkit.least_squares_hessian(X)).max(),
        "top": np.linalg.eigh(gdkit.least_squares_hessian(X))[1][:, -1],
    }


@pytest.fixture(autouse=True)
def _runtime_warnings_are_errors():
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        yield


# --- gradient descent on the 10-point regression -----------------------------------


def test_gd_from_minus_8_minus_3_2_with_eta_0_002_reaches_the_normal_equation_solution(regression):
    r = regression
    run = gdkit.gradient_descent(r["loss"], r["grad"], [-8.0, -3.2], lr=0.002, steps=1000)
    assert run.converged and not run.diverged
    assert run.params.shape == (1001, 2) and run.losses.shape == (1001,)
    np.testing.assert_allclose(run.final_params, r["beta_star"], atol=1e-10)
    assert np.all(np.diff(run.losses) <= 1e-9)  # η < 1/λmax: the loss never goes up


def test_gd_with_eta_0_0065_from_minus_8_minus_2_is_reported_diverged(regression):
    r = regression
    run = gdkit.gradient_descent(r["loss"], r["grad"], [-8.0, -2.0], lr=0.0065, steps=100)
    assert run.diverged and not run.converged
    assert run.n_steps < 100
    assert "diverged" in run.message and "0.0065" in run.message
    assert np.all(np.isfinite(run.params)) and np.all(np.isfinite(run.losses))
    assert run.final_loss > 1e6 * run.losses[0]


def test_gd_with_eta_0_0055_oscillates_along_the_top_eigenvector_yet_converges(regression):
    r = regression
    run = gdkit.gradient_descent(r["loss"], r["grad"], [-8.0, -2.0], lr=0.0055, steps=300)
    assert run.converged and not run.diverged
    np.testing.assert_allclose(run.final_params, r["beta_star"], atol=1e-8)
    error_along_top = (run.params[:40] - r["beta_star"]) @ r["top"]
    assert np.all(np.sign(error_along_top[1:]) == -np.sign(error_along_top[:-1]))
    within_100 = gdkit.gradient_descent(r["loss"], r["grad"], [-8.0, -2.0], lr=0.0055, steps=100)
    np.testing.assert_allclose(within_100.final_params, r["beta_star"], atol=1e-3)


def test_divergence_threshold_is_two_over_the_largest_hessian_eigenvalue(regression):
    r = regression
    threshold = 2 / r["lam_max"]
    assert 0.0055 < threshold < 0.0065
    below = gdkit.gradient_descent(r["loss"], r["grad"], [-8, -2], lr=0.98 * threshold, steps=3000)
    above = gdkit.gradient_descent(r["loss"], r["grad"], [-8, -2], lr=1.02 * threshold, steps=3000)
    assert below.converged and not below.diverged
    assert above.diverged


def test_factor_free_gradient_doubles_the_divergence_threshold(regression):
    r = regression
    X, y = r["X"], r["y"]
    run = gdkit.gradient_descent(
        r["loss"],
        lambda b: gdkit.least_squares_grad(b, X, y, factor=1.0),
        [-8.0, -2.0],
        lr=0.0065 * 1.5,
        steps=1000,
    )
    assert run.converged


def test_gd_with_tol_stops_when_the_loss_stops_improving(regression):
    r = regression
    run = gdkit.gradient_descent(r["loss"], r["grad"], [-8, -3.2], lr=0.002, steps=5000, tol=1e-10)
    assert run.converged and run.n_steps < 5000
    assert abs(run.losses[-1] - run.losses[-2]) <= 1e-10
    assert "tol" in run.message


def test_gd_counts_loss_and_gradient_evaluations():
    run = gdkit.gradient_descent(lambda v: float(v @ v), lambda v: 2 * v, [1.0, 1.0], 0.1, steps=7)
    assert run.n_steps == 7
    assert run.n_evals == 8  # the start, then one per step
    assert run.n_grad_evals == 8  # one per step, one at the end for the convergence check
    np.testing.assert_array_equal(run.eval_counts, np.arange(1, 9))


def test_gd_decay_float_gives_eta_over_one_plus_decay_t():
    run = gdkit.gradient_descent(lambda v: float(v @ v), lambda v: 2 * v, [1.0], 0.4, 5, decay=0.5)
    np.testing.assert_allclose(run.lrs, 0.4 / (1 + 0.5 * np.arange(5)))


def test_gd_decay_callable_sets_each_learning_rate():
    run = gdkit.gradient_descent(
        lambda v: float(v @ v), lambda v: 2 * v, [1.0], 0.4, 3, decay=lambda t: 0.1 * (t + 1)
    )
    np.testing.assert_allclose(run.lrs, [0.1, 0.2, 0.3])


def test_decaying_learning_rate_tames_a_step_that_would_diverge(regression):
    r = regression
    fixed = gdkit.gradient_descent(r["loss"], r["grad"], [-8, -2], lr=0.0065, steps=2000)
    decayed = gdkit.gradient_descent(r["loss"], r["grad"], [-8, -2], 0.0065, 2000, decay=0.01)
    assert fixed.diverged
    assert not decayed.diverged
    np.testing.assert_allclose(decayed.final_params, r["beta_star"], atol=1e-6)


def test_overflowing_loss_stops_without_warnings_or_nan():
    run = gdkit.gradient_descent(lambda v: float(np.exp(v[0]) ** 3), lambda v: np.exp(v) * 1e308,
                                 [1.0], lr=1.0, steps=50)
    assert run.diverged and "overflow" in run.message
    assert np.all(np.isfinite(run.params)) and np.all(np.isfinite(run.losses))


def test_python_overflow_error_in_the_loss_is_reported_as_divergence():
    run = gdkit.gradient_descent(lambda v: 10.0 ** float(v[0]), lambda v: np.array([-500.0]),
                                 [1.0], lr=1.0, steps=10)
    assert run.diverged and "overflow" in run.message
    assert np.all(np.isfinite(run.losses))


def test_callback_returning_true_stops_gradient_descent():
    seen = []

    def stop_at_three(t, v, loss):
        seen.append(t)
        return t == 2

    run = gdkit.gradient_descent(lambda v: float(v @ v), lambda v: 2 * v, [1.0], 0.1, 100,
                                 callback=stop_at_three)
    assert seen == [0, 1, 2] and run.n_steps == 3
    assert "callback" in run.message and not run.converged


@pytest.mark.parametrize(
    ("kwargs", "pattern"),
    [({"lr": -0.1}, "lr must be a positive"), ({"lr": 0.1, "steps": -1}, "steps"),
     ({"lr": 0.1, "decay": -1.0}, "decay")],
)
def test_gd_rejects_bad_arguments_naming_them(kwargs, pattern):
    with pytest.raises(ValueError, match=pattern):
        gdkit.gradient_descent(lambda v: float(v @ v), lambda v: 2 * v, [1.0], **kwargs)


def test_gd_rejects_a_start_where_the_loss_is_not_finite():
    with pytest.raises(ValueError, match="not finite"):
        gdkit.gradient_descent(lambda v: float("nan"), lambda v: v, [1.0], lr=0.1)


def test_trajectory_repr_is_one_readable_line(regression):
    r = regression
    run = gdkit.gradient_descent(r["loss"], r["grad"], [-8, -3.2], lr=0.002, steps=10)
    text = repr(run)
    assert text.startswith("Trajectory(gradient descent:")
    assert "10 steps" in text and "\n" not in text
    assert run.final_loss == run.losses[-1]
    np.testing.assert_array_equal(run.final_params, run.params[-1])


# --- mini-batch SGD ---------------------------------------------------------------


def _regression_sgd(r, **kwargs):
    X, y = r["X"], r["y"]
    return gdkit.sgd(
        lambda b, idx: gdkit.least_squares_loss(b, X[idx], y[idx]),
        lambda b, idx: gdkit.least_squares_grad(b, X[idx], y[idx]),
        [-8.0, -3.2],
        len(y),
        **kwargs,
    )


def test_full_batch_sgd_with_sum_is_gradient_descent(regression):
    r = regression
    run = _regression_sgd(r, lr=0.002, batch_size=10, epochs=50, reduction="sum", shuffle=False)
    gd = gdkit.gradient_descent(r["loss"], r["grad"], [-8.0, -3.2], lr=0.002, steps=50)
    np.testing.assert_allclose(run.params, gd.params, rtol=1e-12)


def test_sgd_records_every_update_and_the_epoch_ends(regression):
    run = _regression_sgd(regression, lr=0.01, batch_size=3, epochs=4)
    updates_per_epoch = 4  # 10 examples in batches of 3, 3, 3, 1
    assert run.n_steps == 4 * updates_per_epoch == run.n_grad_evals
    np.testing.assert_array_equal(run.epoch_ends, [4, 8, 12, 16])
    assert run.epoch_losses.shape == (5,)
    assert run.lrs.shape == (16,)


def test_sgd_shuffles_each_epoch_reproducibly_from_its_seed(regression):
    a = _regression_sgd(regression, lr=0.01, batch_size=2, epochs=3, seed=1)
    b = _regression_sgd(regression, lr=0.01, batch_size=2, epochs=3, seed=1)
    c = _regression_sgd(regression, lr=0.01, batch_size=2, epochs=3, seed=2)
    np.testing.assert_array_equal(a.params, b.params)
    assert not np.allclose(a.params, c.params)


def test_sgd_with_mean_reduction_settles_near_the_least_squares_solution(regression):
    run = _regression_sgd(regression, lr=0.01, batch_size=2, epochs=300)
    # SGD has no tolerance: a run that goes well uses all its epochs ("max-steps")
    assert run.status == "max-steps" and not run.converged and not run.diverged
    assert run.final_loss < run.losses[0]
    np.testing.assert_allclose(run.final_params, regression["beta_star"], atol=0.1)


def test_summing_over_the_batch_makes_the_same_learning_rate_diverge(regression):
    mean = _regression_sgd(regression, lr=0.01, batch_size=10, epochs=50, reduction="mean")
    summed = _regression_sgd(regression, lr=0.01, batch_size=10, epochs=50, reduction="sum")
    assert not mean.diverged
    assert summed.diverged and "diverged" in summed.message


def test_sgd_can_record_only_epoch_ends(regression):
    run = _regression_sgd(regression, lr=0.01, batch_size=2, epochs=5, record="epoch")
    assert run.params.shape == (6, 2)
    np.testing.assert_array_equal(run.epoch_ends, np.arange(1, 6))


def test_sgd_trains_a_logistic_regression_on_moons():
    X, y = gdkit.make_moons(n=200, noise=0.1, seed=0)
    A = np.column_stack([np.ones(len(X)), X])

    def loss(w, idx):
        z = A[idx] @ w
        return float(np.sum(np.logaddexp(0.0, z) - y[idx] * z))

    def grad(w, idx):
        p = 1.0 / (1.0 + np.exp(-(A[idx] @ w)))
        return A[idx].T @ (p - y[idx])

    run = gdkit.sgd(loss, grad, np.zeros(3), len(y), lr=0.5, batch_size=16, epochs=30)
    accuracy = np.mean(((A @ run.final_params) > 0) == y)
    assert accuracy > 0.8
    assert run.epoch_losses[-1] < 0.5 * run.epoch_losses[0]


@pytest.mark.parametrize(
    ("kwargs", "pattern"),
    [({"reduction": "max"}, "reduction"), ({"batch_size": 0}, "batch_size"),
     ({"record": "never"}, "record"), ({"epochs": 1.5}, "epochs")],
)
def test_sgd_rejects_bad_arguments_naming_them(regression, kwargs, pattern):
    with pytest.raises(ValueError, match=pattern):
        _regression_sgd(regression, lr=0.01, **{"epochs": 1, **kwargs})


# --- random search and the genetic algorithm -----------------------------------------


def _sphere(v):
    return float(np.sum(np.asarray(v) ** 2))


def test_random_search_keeps_the_best_so_far_and_counts_evaluations():
    run = gdkit.random_search(_sphere, [3.0, -2.0], n_evals=500, scale=0.5, seed=0)
    assert run.n_evals == 500 == len(run.losses)
    assert np.all(np.diff(run.losses) <= 0)
    np.testing.assert_array_equal(run.eval_counts, np.arange(1, 501))
    assert run.final_loss < 0.05 and run.n_grad_evals == 0


def test_random_search_is_reproducible_from_its_seed():
    a = gdkit.random_search(_sphere, [3.0, -2.0], n_evals=100, seed=4)
    b = gdkit.random_search(_sphere, [3.0, -2.0], n_evals=100, seed=4)
    np.testing.assert_array_equal(a.params, b.params)


def test_random_search_in_bounds_samples_the_box():
    run = gdkit.random_search(_sphere, [4.0, 4.0], n_evals=300, bounds=[(-5, 5), (-5, 5)])
    assert np.all(np.abs(run.params) <= 5)
    assert run.final_loss < 1.0


def test_random_search_stops_at_the_target():
    run = gdkit.random_search(_sphere, [1.0], n_evals=10_000, scale=0.3, target=1e-2)
    assert run.converged and run.n_evals < 10_000 and run.final_loss <= 1e-2


def test_random_search_collapses_as_the_dimension_grows():
    finals = []
    for p in (2, 10, 50):
        x0 = np.full(p, 2.0)
        run = gdkit.random_search(_sphere, x0, n_evals=1000, bounds=[(-3, 3)] * p, seed=0)
        finals.append(run.final_loss / _sphere(x0))
    assert finals[0] < 0.01
    assert finals[0] < finals[1] < finals[2]
    assert finals[2] > 0.3


def test_random_search_ignores_proposals_where_the_loss_is_not_finite():
    run = gdkit.random_search(lambda v: np.inf if v[0] > 1 else _sphere(v), [0.5], n_evals=200)
    assert np.all(np.isfinite(run.losses))


def test_genetic_algorithm_improves_by_generations_and_counts_evaluations():
    run = gdkit.genetic_algorithm(gdkit.surfaces.rastrigin, [3.0, 3.0], population=30, generations=40)
    assert run.n_steps == 40
    assert run.eval_counts[0] == 30
    assert np.all(np.diff(run.eval_counts) == 28)  # population − 2 elites per generation
    assert run.n_evals == run.eval_counts[-1]
    assert np.all(np.diff(run.losses) <= 0)
    assert run.final_loss < run.losses[0]


def test_genetic_algorithm_finds_the_global_minimum_of_rastrigin_in_bounds():
    run = gdkit.genetic_algorithm(gdkit.surfaces.rastrigin, bounds=gdkit.surfaces.rastrigin.bounds, population=60,
                                  generations=80, seed=1)
    assert run.final_loss < 0.1


def test_genetic_algorithm_respects_an_evaluation_budget():
    run = gdkit.genetic_algorithm(_sphere, [1.0, 1.0], population=20, n_evals=200)
    assert run.n_evals <= 200 and run.n_evals > 200 - 18


def test_genetic_algorithm_is_reproducible_from_its_seed():
    a = gdkit.genetic_algorithm(_sphere, [1.0, 2.0], generations=10, seed=5)
    b = gdkit.genetic_algorithm(_sphere, [1.0, 2.0], generations=10, seed=5)
    np.testing.assert_array_equal(a.params, b.params)


def test_genetic_algorithm_needs_a_start_or_bounds():
    with pytest.raises(ValueError, match="x0 or bounds"):
        gdkit.genetic_algorithm(_sphere)


def test_gd_beats_random_search_and_ga_per_evaluation_on_the_regression(regression):
    r = regression
    gd = gdkit.gradient_descent(r["loss"], r["grad"], [-8, -3.2], lr=0.002, steps=399)
    rs = gdkit.random_search(r["loss"], [-8, -3.2], n_evals=400, scale=0.5)
    ga = gdkit.genetic_algorithm(r["loss"], [-8, -3.2], n_evals=400, population=20)
    best = gdkit.least_squares_loss(r["beta_star"], r["X"], r["y"])
    gap = [t.final_loss - best for t in (gd, rs, ga)]
    assert gap[0] < 1e-6 < min(gap[1:])


# --- status: one value per way of stopping; converged, diverged and message derive from it ---


def _quadratic_gd(**kwargs):
    return gdkit.gradient_descent(_sphere, lambda v: 2 * v, [3.0, -1.0], **kwargs)


@pytest.mark.parametrize(
    ("make", "status"),
    [
        (lambda: _quadratic_gd(lr=0.25, steps=50), "converged"),  # ‖∇C‖ fell by 1e-6
        (lambda: _quadratic_gd(lr=0.01, steps=5), "max-steps"),
        (lambda: _quadratic_gd(lr=0.1, steps=1000, tol=1e-12), "converged"),  # tol
        (lambda: _quadratic_gd(lr=50.0, steps=100, max_loss_ratio=1e3), "diverged"),
        (lambda: _quadratic_gd(lr=1e300, steps=10), "non-finite"),
        (lambda: _quadratic_gd(lr=0.1, steps=10, callback=lambda t, v, c: t == 1), "callback"),
        (lambda: gdkit.sgd(lambda v, i: float(v @ v), lambda v, i: 2 * v * len(i), [1.0], 4,
                           lr=0.1, epochs=2), "max-steps"),
        (lambda: gdkit.sgd(lambda v, i: float(v @ v), lambda v, i: 2 * v * len(i), [1.0], 4,
                           lr=1e300, epochs=2), "non-finite"),
        (lambda: gdkit.random_search(_sphere, [1.0, 1.0], n_evals=20), "max-steps"),
        (lambda: gdkit.random_search(_sphere, [1.0, 1.0], n_evals=5000, target=0.5), "converged"),
        (lambda: gdkit.genetic_algorithm(_sphere, [1.0, 1.0], generations=3), "max-steps"),
        (lambda: gdkit.genetic_algorithm(_sphere, [1.0, 1.0], target=0.5), "converged"),
    ],
)
def test_every_optimiser_sets_a_status_and_the_flags_derive_from_it(make, status):
    run = make()
    assert run.status == status and isinstance(run.status, gdkit.optim.Status)
    assert run.converged == run.success == (status == "converged")
    assert run.diverged == (status in ("diverged", "non-finite"))
    assert run.diverged == run.message.startswith("diverged")
    assert f": {status} after" in repr(run)


def test_the_message_is_written_from_the_status_and_its_numbers():
    run = _quadratic_gd(lr=0.1, steps=1000, tol=1e-12)
    assert run.facts["cause"] == "tol" and run.facts["tol"] == 1e-12
    assert run.message == (
        f"converged after {run.n_steps} steps: the loss changed by "
        f"{gdkit.optim._readable(run.facts['change'])} ≤ tol=1e-12"
    )
    short = _quadratic_gd(lr=0.01, steps=5)
    assert short.message.startswith("did not converge: ran 5 steps; ‖∇C‖ went from")


def test_an_unknown_status_is_refused():
    run = _quadratic_gd(lr=0.01, steps=5)
    with pytest.raises(ValueError, match="bogus"):
        gdkit.optim.Trajectory(run.params, run.losses, "bogus", 5, 6, 7)
