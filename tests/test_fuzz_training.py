"""Fuzzing the training area: optimisers, toy data, least squares, the NumPy MLP.

Properties (hypothesis) check results against the mathematics: gradient descent on a
convex quadratic never increases the loss when η < 2/λmax and does not settle when
η > 2/λmax; full-batch SGD is gradient descent; backprop matches finite differences;
seeded data sets are reproducible.  ``BAD_INPUTS`` are wrong arguments that must raise a
TypeError/ValueError naming the argument.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gdkit

FUZZED = [
    "gradient_descent", "sgd", "random_search", "genetic_algorithm", "make_moons",
    "make_blobs", "design_matrix", "least_squares_loss", "least_squares_grad",
    "least_squares_hessian", "normal_equations", "one_hot", "parameter_count", "MLP",
    "TorchMLP", "load_mnist_sample",
]  # fmt: skip


def _quadratic(dim: int, log_eigs: list[float], seed: int):
    """C(v) = ½ (v − v*)ᵀ A (v − v*) with A = Q diag(λ) Qᵀ, λ = 10**log_eigs."""
    rng = np.random.default_rng(seed)
    q, _ = np.linalg.qr(rng.standard_normal((dim, dim)))
    eigs = 10.0 ** np.asarray(log_eigs[:dim])
    A = (q * eigs) @ q.T
    A = (A + A.T) / 2
    v_star = rng.standard_normal(dim)
    x0 = v_star + q[:, int(np.argmax(eigs))] + 0.5 * rng.standard_normal(dim)

    def loss(v):
        d = v - v_star
        return 0.5 * float(d @ A @ d)

    def grad(v):
        return A @ (v - v_star)

    return loss, grad, x0, float(np.linalg.eigvalsh(A).max())


quadratics = st.builds(
    _quadratic,
    dim=st.integers(1, 5),
    log_eigs=st.lists(st.floats(-3.0, 3.0), min_size=5, max_size=5),
    seed=st.integers(0, 2**16),
)


@settings(max_examples=40)
@given(problem=quadratics, fraction=st.floats(0.01, 0.99))
def test_gradient_descent_on_a_convex_quadratic_never_increases_the_loss_below_2_over_lmax(
    problem, fraction
):
    loss, grad, x0, lmax = problem
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run = gdkit.gradient_descent(loss, grad, x0, lr=fraction * 2.0 / lmax, steps=60)
    assert not run.diverged
    assert np.all(np.diff(run.losses) <= 1e-12 * max(run.losses[0], 1e-300))
    assert run.params.shape == (len(run.losses), len(x0))


@settings(max_examples=20)
@given(problem=quadratics, fraction=st.floats(1.1, 3.0))
def test_gradient_descent_above_2_over_lmax_ends_worse_than_it_started_or_diverges(
    problem, fraction
):
    loss, grad, x0, lmax = problem
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run = gdkit.gradient_descent(loss, grad, x0, lr=fraction * 2.0 / lmax, steps=400)
    assert run.diverged or run.losses[-1] > run.losses[0]
    assert np.all(np.isfinite(run.losses))


@settings(max_examples=20)
@given(problem=quadratics, lr=st.floats(1e-300, 1e300))
def test_gradient_descent_with_any_learning_rate_returns_finite_records_without_warnings(
    problem, lr
):
    loss, grad, x0, _ = problem
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run = gdkit.gradient_descent(loss, grad, x0, lr=lr, steps=30)
    assert np.all(np.isfinite(run.losses)) and np.all(np.isfinite(run.params))
    assert run.diverged == run.message.startswith("diverged")


@settings(max_examples=20)
@given(n=st.integers(2, 30), seed=st.integers(0, 1000), lr=st.floats(1e-3, 0.05))
def test_full_batch_sgd_without_shuffling_is_gradient_descent(n, seed, lr):
    X = gdkit.design_matrix(np.random.default_rng(seed).uniform(-1, 1, n))
    y = np.random.default_rng(seed + 1).normal(size=n)

    def loss_fn(v, idx):
        return gdkit.least_squares_loss(v, X[idx], y[idx])

    def grad_fn(v, idx):
        return gdkit.least_squares_grad(v, X[idx], y[idx]) * len(idx)

    run_sgd = gdkit.sgd(loss_fn, grad_fn, [0.0, 0.0], n, lr=lr, batch_size=n, epochs=5,
                        shuffle=False)  # fmt: skip
    run_gd = gdkit.gradient_descent(
        lambda v: loss_fn(v, np.arange(n)), lambda v: grad_fn(v, np.arange(n)) / n,
        [0.0, 0.0], lr=lr, steps=5,
    )  # fmt: skip
    np.testing.assert_allclose(run_sgd.params, run_gd.params, rtol=1e-12, atol=1e-14)


@settings(max_examples=25)
@given(n=st.integers(3, 40), seed=st.integers(0, 10_000))
def test_least_squares_gradient_matches_finite_differences_and_vanishes_at_the_solution(n, seed):
    rng = np.random.default_rng(seed)
    X = gdkit.design_matrix(rng.uniform(-2, 2, n))
    y = rng.normal(size=n)
    beta = rng.normal(size=2)
    grad = gdkit.least_squares_grad(beta, X, y)
    numerical = gdkit.numerical_gradient(lambda b: gdkit.least_squares_loss(b, X, y), beta)
    np.testing.assert_allclose(grad, numerical, rtol=1e-6, atol=1e-8)
    best = gdkit.normal_equations(X, y)
    assert np.linalg.norm(gdkit.least_squares_grad(best, X, y)) < 1e-9 * max(1, np.abs(y).max())


@settings(max_examples=15)
@given(
    sizes=st.lists(st.integers(1, 4), min_size=2, max_size=4),
    activation=st.sampled_from(["sigmoid", "tanh", "relu"]),
    cost=st.sampled_from(["quadratic", "cross_entropy"]),
    seed=st.integers(0, 1000),
)
def test_mlp_backprop_matches_central_differences_of_the_loss(sizes, activation, cost, seed):
    if cost == "cross_entropy" and sizes[-1] < 2:
        sizes = [*sizes[:-1], 2]
    net = gdkit.MLP(sizes, activation=activation, cost=cost, seed=seed)
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(5, sizes[0]))
    y = rng.integers(0, sizes[-1], size=5)
    grads_w, grads_b = net.backprop(X, y)
    h = 1e-6
    for params, grads in ((net.weights, grads_w), (net.biases, grads_b)):
        for p, g in zip(params, grads, strict=True):
            index = tuple(rng.integers(0, s) for s in p.shape)
            old = p[index]
            p[index] = old + h
            up = net.loss(X, y)
            p[index] = old - h
            down = net.loss(X, y)
            p[index] = old
            assert math.isclose(g[index], (up - down) / (2 * h), rel_tol=1e-4, abs_tol=1e-6)


@settings(max_examples=20)
@given(y=st.lists(st.integers(0, 9), max_size=30), extra=st.integers(0, 3))
def test_one_hot_inverts_argmax(y, extra):
    k = (max(y) + 1 if y else 1) + extra
    Y = gdkit.one_hot(np.array(y, dtype=np.int64), k)
    assert Y.shape == (len(y), k)
    assert np.array_equal(Y.argmax(axis=1), y) and np.all(Y.sum(axis=1) == 1)


@settings(max_examples=20)
@given(n=st.integers(2, 200), seed=st.integers(0, 2**31 - 1), k=st.integers(1, 6))
def test_seeded_toy_data_is_reproducible_with_the_documented_shapes_and_labels(n, seed, k):
    X1, y1 = gdkit.make_moons(n, seed=seed)
    X2, y2 = gdkit.make_moons(n, seed=seed)
    assert np.array_equal(X1, X2) and np.array_equal(y1, y2)
    assert X1.shape == (n, 2) and set(np.unique(y1)) <= {0, 1}
    B1, c1 = gdkit.make_blobs(n, centers=k, seed=seed)
    B2, c2 = gdkit.make_blobs(n, centers=k, seed=seed)
    assert np.array_equal(B1, B2) and np.array_equal(c1, c2)
    assert B1.shape == (n, 2) and c1.min() >= 0 and c1.max() < k


@settings(max_examples=15)
@given(problem=quadratics, seed=st.integers(0, 100))
def test_random_search_never_reports_a_worse_best_loss(problem, seed):
    loss, _, x0, _ = problem
    run = gdkit.random_search(loss, x0, n_evals=40, scale=0.3, seed=seed)
    assert np.all(np.diff(run.losses) <= 0)
    assert run.final_loss <= loss(np.asarray(x0, dtype=float))


# --- bad inputs ---------------------------------------------------------------------------


def _loss(v):
    return float((v**2).sum())


def _grad(v):
    return 2 * v


def _sgd_loss(v, idx):
    return _loss(v)


def _sgd_grad(v, idx):
    return _grad(v)


X4 = np.ones((4, 2))
Y4 = np.array([0, 1, 0, 1])


def case(call, error, match, id):  # noqa: A002 - pytest's name
    return pytest.param(call, error, match, id=id, marks=pytest.mark.bad_input)


BAD_INPUTS = [
    case(lambda: gdkit.gradient_descent(_loss, _grad, [1.0], lr=0), ValueError, "lr", "gd-lr-zero"),
    case(lambda: gdkit.gradient_descent(_loss, _grad, [1.0], lr=-1), ValueError, "lr",
         "gd-lr-negative"),
    case(lambda: gdkit.gradient_descent(_loss, _grad, [1.0], lr=math.nan), ValueError, "lr",
         "gd-lr-nan"),
    case(lambda: gdkit.gradient_descent(_loss, _grad, [1.0], lr=math.inf), ValueError, "lr",
         "gd-lr-inf"),
    case(lambda: gdkit.gradient_descent(_loss, _grad, [1.0], lr=0.1, steps=-1), ValueError,
         "steps", "gd-steps-negative"),
    case(lambda: gdkit.gradient_descent(_loss, _grad, [], lr=0.1), ValueError, "x0", "gd-x0-empty"),
    case(lambda: gdkit.gradient_descent(_loss, _grad, [math.nan], lr=0.1), ValueError, "x0",
         "gd-x0-nan"),
    case(lambda: gdkit.gradient_descent(_loss, _grad, [math.inf], lr=0.1), ValueError, "x0",
         "gd-x0-inf"),
    case(lambda: gdkit.gradient_descent(lambda v: v, _grad, [1.0, 2.0], lr=0.1), ValueError,
         "loss must return a scalar", "gd-loss-returns-vector"),
    case(lambda: gdkit.gradient_descent(lambda v: math.inf, _grad, [1.0], lr=0.1), ValueError,
         "loss at the start point", "gd-loss-infinite-at-start"),
    case(lambda: gdkit.gradient_descent(_loss, _grad, [1.0], lr=0.1, tol=-1), ValueError, "tol",
         "gd-tol-negative"),
    case(lambda: gdkit.gradient_descent(_loss, _grad, [1.0], lr=0.1, decay=-1), ValueError,
         "decay", "gd-decay-negative"),
    case(lambda: gdkit.gradient_descent(_loss, _grad, [1.0], lr="a"), ValueError, "lr", "gd-lr-string"),
    case(lambda: gdkit.gradient_descent(_loss, _grad, [1.0], lr=None), ValueError, "lr", "gd-lr-none"),
    case(lambda: gdkit.gradient_descent(_loss, _grad, [1.0], lr=0.1, steps=1.5), ValueError,
         "steps", "gd-steps-fraction"),
    case(lambda: gdkit.gradient_descent(_loss, _grad, [1.0], lr=0.1, steps="10"), ValueError,
         "steps", "gd-steps-string"),
    case(lambda: gdkit.gradient_descent(_loss, _grad, ["a"], lr=0.1), ValueError, "x0",
         "gd-x0-strings"),
    case(lambda: gdkit.gradient_descent(_loss, _grad, [[1.0], [1.0, 2.0]], lr=0.1), ValueError,
         "x0", "gd-x0-ragged"),
    case(lambda: gdkit.gradient_descent(3, _grad, [1.0], lr=0.1), TypeError, "loss=3",
         "gd-loss-not-callable"),
    case(lambda: gdkit.gradient_descent(_loss, None, [1.0], lr=0.1), TypeError, "grad=None",
         "gd-grad-not-callable"),
    case(lambda: gdkit.gradient_descent(_loss, lambda v: np.ones(3), [1.0, 2.0], lr=0.1),
         ValueError, r"gradient must return an array of shape \(2,\)", "gd-grad-wrong-shape"),
    case(lambda: gdkit.gradient_descent(_loss, lambda v: None, [1.0], lr=0.1), ValueError,
         "gradient must return", "gd-grad-returns-none"),
    case(lambda: gdkit.sgd(_sgd_loss, _sgd_grad, [1.0], 4, lr=0.1, batch_size="a"), ValueError,
         "batch_size", "sgd-batch-size-string"),
    case(lambda: gdkit.sgd(_sgd_loss, 3, [1.0], 4, lr=0.1), TypeError, "grad_fn=3",
         "sgd-grad-not-callable"),
    case(lambda: gdkit.sgd(_sgd_loss, lambda v, idx: np.ones(2), [1.0], 4, lr=0.1), ValueError,
         "gradient must return", "sgd-grad-wrong-shape"),
    case(lambda: gdkit.random_search(3, [1.0]), TypeError, "loss=3", "random-search-loss"),
    case(lambda: gdkit.random_search(_loss, [1.0], n_evals=1.5), ValueError, "n_evals",
         "random-search-fractional-evals"),
    case(lambda: gdkit.make_moons("a"), ValueError, "n must be", "moons-n-string"),
    case(lambda: gdkit.make_moons(10.5), ValueError, "n must be", "moons-n-fraction"),
    case(lambda: gdkit.make_moons(10, noise=-1), ValueError, "noise", "moons-noise-negative"),
    case(lambda: gdkit.make_blobs(-3), ValueError, "n must be", "blobs-n-negative"),
    case(lambda: gdkit.make_blobs(10, std=-1), ValueError, "std", "blobs-std-negative"),
    case(lambda: gdkit.one_hot([], 0), ValueError, "k ", "one-hot-no-classes"),
    case(lambda: gdkit.one_hot([0], "a"), ValueError, "k ", "one-hot-k-string"),
    case(lambda: gdkit.load_mnist_sample("a", 10), ValueError, "n_train", "mnist-sample-string"),
    case(lambda: gdkit.sgd(_sgd_loss, _sgd_grad, [1.0], 4, lr=0.1, batch_size=0), ValueError,
         "batch_size", "sgd-batch-size-zero"),
    case(lambda: gdkit.sgd(_sgd_loss, _sgd_grad, [1.0], 0, lr=0.1), ValueError, "n_samples",
         "sgd-no-samples"),
    case(lambda: gdkit.sgd(_sgd_loss, _sgd_grad, [1.0], 4, lr=0.1, epochs=-1), ValueError,
         "epochs", "sgd-epochs-negative"),
    case(lambda: gdkit.sgd(_sgd_loss, _sgd_grad, [1.0], 4, lr=0.1, reduction="bogus"),
         ValueError, "reduction", "sgd-unknown-reduction"),
    case(lambda: gdkit.sgd(_sgd_loss, _sgd_grad, [1.0], 4, lr=0.1, record="bogus"), ValueError,
         "record", "sgd-unknown-record"),
    case(lambda: gdkit.sgd(_sgd_loss, _sgd_grad, [1.0], 4, lr=-0.1), ValueError, "lr",
         "sgd-lr-negative"),
    case(lambda: gdkit.random_search(_loss, [1.0], n_evals=0), ValueError, "n_evals",
         "random-search-no-evals"),
    case(lambda: gdkit.random_search(_loss, [1.0], scale=-1), ValueError, "scale",
         "random-search-scale-negative"),
    case(lambda: gdkit.random_search(_loss, [1.0], bounds=[(1, 0)]), ValueError, "bounds",
         "random-search-empty-box"),
    case(lambda: gdkit.genetic_algorithm(_loss, [1.0], population=0), ValueError, "population",
         "ga-population-zero"),
    case(lambda: gdkit.genetic_algorithm(_loss, [1.0], population=3, elite=5), ValueError,
         "elite", "ga-elite-too-large"),
    case(lambda: gdkit.genetic_algorithm(_loss), ValueError, "x0 or bounds", "ga-no-search-space"),
    case(lambda: gdkit.make_moons(1), ValueError, "n must be an integer ≥ 2", "moons-n-one"),
    case(lambda: gdkit.make_blobs(10, centers=0), ValueError, "centers", "blobs-no-centres"),
    case(lambda: gdkit.make_blobs(10, centers=[[1, 2, 3]]), ValueError, "centers",
         "blobs-centres-wrong-shape"),
    case(lambda: gdkit.design_matrix(np.ones((2, 2))), ValueError, "x must be one-dimensional",
         "design-matrix-2d"),
    case(lambda: gdkit.normal_equations(np.ones((4, 2)), np.ones(4)), ValueError,
         "X must have linearly independent columns", "normal-equations-singular"),
    case(lambda: gdkit.one_hot([0.5], 3), ValueError, "y must be", "one-hot-float-labels"),
    case(lambda: gdkit.one_hot([3], 3), ValueError, "labels must lie in 0..2", "one-hot-out-of-range"),
    case(lambda: gdkit.parameter_count([2]), ValueError, "sizes", "parameter-count-one-layer"),
    case(lambda: gdkit.MLP([2]), ValueError, "sizes", "mlp-one-layer"),
    case(lambda: gdkit.MLP([2, 0, 1]), ValueError, "sizes", "mlp-empty-layer"),
    case(lambda: gdkit.MLP([2, 1.5]), ValueError, "sizes", "mlp-fractional-layer"),
    case(lambda: gdkit.MLP([2, 1], activation="bogus"), ValueError, "activation",
         "mlp-unknown-activation"),
    case(lambda: gdkit.MLP([2, 1], cost="bogus"), ValueError, "cost", "mlp-unknown-cost"),
    case(lambda: gdkit.MLP([2, 1]).forward(np.ones((3, 3))), ValueError, "X must have shape",
         "mlp-forward-wrong-width"),
    case(lambda: gdkit.MLP([2, 2]).loss(X4, np.array([0, 5, 0, 1])), ValueError, "labels",
         "mlp-labels-out-of-range"),
    case(lambda: gdkit.MLP([2, 2]).loss(X4, np.ones((3, 2))), ValueError, "Y must have shape",
         "mlp-targets-wrong-shape"),
    case(lambda: gdkit.MLP([2, 2]).fit(X4, Y4, epochs=1, batch_size=0, progress=False),
         ValueError, "batch_size", "mlp-fit-batch-size-zero"),
    case(lambda: gdkit.MLP([2, 2]).fit(X4, Y4, epochs=1, lr=-1, progress=False), ValueError,
         "lr", "mlp-fit-lr-negative"),
    case(lambda: gdkit.MLP([2, 2]).fit(X4, Y4, epochs=-1, progress=False), ValueError, "epochs",
         "mlp-fit-epochs-negative"),
    case(lambda: gdkit.TorchMLP([2]), ValueError, "sizes", "torch-mlp-one-layer"),
    case(lambda: gdkit.load_mnist_sample(-1, 10), ValueError, "n_train", "mnist-sample-negative"),
    case(lambda: gdkit.load_mnist_sample(1.5, 10), ValueError, "n_train",
         "mnist-sample-fractional"),
    case(lambda: gdkit.load_mnist_sample(5000, 1), ValueError, "n_train \\+ n_test",
         "mnist-sample-too-many"),
    case(lambda: gdkit.least_squares_loss(np.ones(3), X4, np.ones(4)), ValueError,
         r"beta must have shape \(2,\)", "least-squares-loss-beta-wrong-length"),
    case(lambda: gdkit.least_squares_loss(np.ones(2), X4, np.ones(3)), ValueError,
         r"y must have shape \(4,\)", "least-squares-loss-y-wrong-length"),
    case(lambda: gdkit.least_squares_grad(np.ones(3), X4, np.ones(4)), ValueError,
         r"beta must have shape \(2,\)", "least-squares-grad-beta-wrong-length"),
    case(lambda: gdkit.least_squares_grad(np.ones(2), np.ones(4), np.ones(4)), ValueError,
         "X must be a 2-D design matrix", "least-squares-grad-X-1d"),
    case(lambda: gdkit.MLP([2, 2]).forward("abc"), TypeError, "X must be an array of real numbers",
         "mlp-forward-string"),
    case(lambda: gdkit.MLP([2, 2]).forward(np.array([["a", "b"]])), TypeError,
         "X must be an array of real numbers", "mlp-forward-string-array"),
    case(lambda: gdkit.MLP([2, 2]).forward([[1.0, 2.0], [3.0]]), ValueError,
         "X must be a rectangular array", "mlp-forward-ragged"),
    case(lambda: gdkit.MLP([2, 2]).predict(np.ones((3, 3))), ValueError, "X must have shape",
         "mlp-predict-wrong-width"),
    case(lambda: gdkit.MLP([2, 2]).accuracy("abc", Y4), TypeError,
         "X must be an array of real numbers", "mlp-accuracy-string"),
    case(lambda: gdkit.MLP([2, 2]).accuracy(X4, ["a", "b", "a", "b"]), TypeError,
         "y must be an array of real numbers", "mlp-accuracy-string-labels"),
    case(lambda: gdkit.MLP([2, 2]).fit(np.ones((4, 3)), Y4, epochs=1, progress=False),
         ValueError, "X must have shape", "mlp-fit-wrong-width"),
    case(lambda: gdkit.MLP([2, 2]).fit(X4, "abcd", epochs=1, progress=False), TypeError,
         "Y must be an array of real numbers", "mlp-fit-string-targets"),
    case(lambda: gdkit.genetic_algorithm(_loss, [1.0], mutation_rate=2.0), ValueError,
         r"mutation_rate must be a probability in \[0, 1\], got 2.0", "ga-mutation-rate-above-one"),
    case(lambda: gdkit.genetic_algorithm(_loss, [1.0], crossover_rate=-0.1), ValueError,
         "crossover_rate", "ga-crossover-rate-negative"),
    case(lambda: gdkit.genetic_algorithm(_loss, [1.0], mutation_scale=-1.0), ValueError,
         "mutation_scale", "ga-mutation-scale-negative"),
    case(lambda: gdkit.genetic_algorithm(_loss, [1.0], init_scale=math.nan), ValueError,
         "init_scale", "ga-init-scale-nan"),
    case(lambda: gdkit.genetic_algorithm(_loss, [1.0], population="a"), ValueError, "population",
         "ga-population-string"),
    case(lambda: gdkit.genetic_algorithm(_loss, [1.0], generations=-1), ValueError,
         "generations", "ga-generations-negative"),
    case(lambda: gdkit.genetic_algorithm(_loss, [1.0], tournament=0), ValueError, "tournament",
         "ga-tournament-zero"),
    case(lambda: gdkit.genetic_algorithm(3, [1.0]), TypeError, "loss=3", "ga-loss-not-callable"),
    case(lambda: gdkit.gradient_descent(lambda v: None, _grad, [1.0], lr=0.1), TypeError,
         "loss returned None; expected a real number", "gd-loss-returns-none"),
    case(lambda: gdkit.sgd(lambda v, idx: None, _sgd_grad, [1.0], 4, lr=0.1), TypeError,
         "loss returned None", "sgd-loss-returns-none"),
    case(lambda: gdkit.random_search(lambda v: None, [1.0]), TypeError, "loss returned None",
         "random-search-loss-returns-none"),
    case(lambda: gdkit.genetic_algorithm(lambda v: None, [1.0]), TypeError, "loss returned None",
         "ga-loss-returns-none"),
]  # fmt: skip


@pytest.mark.parametrize(("call", "error", "match"), BAD_INPUTS)
def test_bad_input_raises_a_clear_error_naming_the_argument(call, error, match):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(error, match=match):
            call()
