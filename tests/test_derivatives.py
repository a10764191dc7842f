"""derivative() and gradient(): every method against hand derivations, mpmath and each other."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import mpmath
import numpy as np
import pytest

import gdkit
from gdkit import METHODS
from gdkit.symbolic import SymbolicError

EXACT = ("symbolic", "forward", "reverse", "torch")


# --- the lectures' functions, with the derivatives derived by hand ---------------------------


def quadratic(x):
    return 3 * x**2 - 4 * x + 5


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("x", [-2.0, 2 / 3, 1.5])
def test_quadratic_matches_hand_derivative_6x_minus_4(method, x):
    assert gdkit.derivative(quadratic, x, method=method) == pytest.approx(6 * x - 4, abs=1e-12)


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("z", [-3.0, 0.0, 0.8])
def test_sigmoid_matches_sigma_times_one_minus_sigma(method, z):
    s = 1 / (1 + math.exp(-z))
    assert gdkit.derivative(gdkit.sigmoid, z, method=method) == pytest.approx(
        s * (1 - s), rel=1e-12
    )


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("y", [0.0, 1.0])
def test_logistic_log_likelihood_derivative_is_y_one_minus_sigma_minus_one_minus_y_sigma(method, y):
    def log_likelihood(f):
        return y * gdkit.log(gdkit.sigmoid(f)) + (1 - y) * gdkit.log(1 - gdkit.sigmoid(f))

    f0 = 0.4
    s = 1 / (1 + math.exp(-f0))
    expected = y * (1 - s) - (1 - y) * s
    assert gdkit.derivative(log_likelihood, f0, method=method) == pytest.approx(expected, rel=1e-10)


RNG = np.random.default_rng(0)
X_LS = np.c_[np.ones(10), np.linspace(0, 1, 10)]
Y_LS = 1.0 + 2.0 * X_LS[:, 1] + RNG.normal(scale=0.1, size=10)


def least_squares(beta):
    return sum((Y_LS[i] - (X_LS[i, 0] * beta[0] + X_LS[i, 1] * beta[1])) ** 2 for i in range(10))


@pytest.mark.parametrize("method", METHODS)
def test_least_squares_gradient_is_2XtX_beta_minus_2Xty(method):
    beta = np.array([0.5, -0.3])
    expected = 2 * X_LS.T @ X_LS @ beta - 2 * X_LS.T @ Y_LS
    np.testing.assert_allclose(
        gdkit.gradient(least_squares, beta, method=method), expected, rtol=1e-10
    )


def test_least_squares_written_with_matrix_products_works_for_numpy_engines():
    def loss(beta):
        r = Y_LS - X_LS @ beta
        return (r * r).sum()

    beta = np.array([0.5, -0.3])
    expected = 2 * X_LS.T @ X_LS @ beta - 2 * X_LS.T @ Y_LS
    for method in ("symbolic", "numerical", "forward", "reverse"):
        np.testing.assert_allclose(gdkit.gradient(loss, beta, method=method), expected, rtol=1e-10)


X_NEURON, Y_NEURON = np.array([0.6, -1.2]), 1.0


def neuron_loss(p):
    """Squared error of a sigmoid neuron, p = (w1, w2, b)."""
    a = gdkit.sigmoid(p[0] * X_NEURON[0] + p[1] * X_NEURON[1] + p[2])
    return (a - Y_NEURON) ** 2


@pytest.mark.parametrize("method", METHODS)
def test_sigmoid_neuron_gradient_is_2_error_times_sigma_prime_times_input(method):
    p = np.array([0.3, -0.8, 0.1])
    a = 1 / (1 + math.exp(-(p[0] * 0.6 + p[1] * -1.2 + p[2])))
    expected = 2 * (a - Y_NEURON) * a * (1 - a) * np.array([0.6, -1.2, 1.0])
    np.testing.assert_allclose(gdkit.gradient(neuron_loss, p, method=method), expected, rtol=1e-10)


def softmax_cross_entropy(z, k=2):
    return -z[k] + gdkit.log(sum(gdkit.exp(z[j]) for j in range(len(z))))


@pytest.mark.parametrize("method", METHODS)
def test_softmax_cross_entropy_gradient_is_softmax_minus_one_hot(method):
    z = np.array([0.5, -1.0, 2.0, 0.1])
    expected = np.exp(z) / np.exp(z).sum() - np.eye(4)[2]
    np.testing.assert_allclose(
        gdkit.gradient(softmax_cross_entropy, z, method=method), expected, rtol=1e-10, atol=1e-15
    )


# --- a battery of functions: exact methods vs mpmath, all methods vs each other -------------


@dataclass(frozen=True)
class Case:
    name: str
    f: Any
    x: float
    kind: str  # smooth | kink | edge | large | control-flow


def _deep(x):
    v = x
    for _ in range(1000):
        v = gdkit.sin(v) * 0.5 + v * 0.5
    return v


def _reused(x):
    u = gdkit.sin(x)
    return u * u + u**3 + gdkit.exp(u)


BATTERY = [
    Case("quadratic", quadratic, -2.0, "smooth"),
    Case("sigmoid", gdkit.sigmoid, 0.7, "smooth"),
    Case("x**x", lambda x: x**x, 1.7, "smooth"),
    Case(
        "sigmoid(3x) log(1+x**x)",
        lambda x: gdkit.sigmoid(3 * x) * gdkit.log(1 + x**x),
        1.3,
        "smooth",
    ),
    Case("tanh**2 + sin(x)/x", lambda x: gdkit.tanh(x) ** 2 + gdkit.sin(x) / x, 0.9, "smooth"),
    Case(
        "exp(sin x) cos(x**2)", lambda x: gdkit.exp(gdkit.sin(x)) * gdkit.cos(x**2), 2.1, "smooth"
    ),
    Case("reused sub-expression", _reused, 0.4, "smooth"),
    Case("sqrt(1+x**2)", lambda x: gdkit.sqrt(1 + x**2), 3.0, "smooth"),
    Case("x erf(x)", lambda x: x * gdkit.erf(x), 0.6, "smooth"),
    Case("softplus", gdkit.softplus, 2.5, "smooth"),
    Case("1/(1+x**2)", lambda x: 1 / (1 + x**2), 0.3, "smooth"),
    Case("tan", gdkit.tan, 1.2, "smooth"),
    Case("x**2.5", lambda x: x**2.5, 1.8, "smooth"),
    Case("2**x", lambda x: 2**x, 1.1, "smooth"),
    Case("cos(x)**sin(x)", lambda x: gdkit.cos(x) ** gdkit.sin(x), 0.8, "smooth"),
    Case(
        "sigmoid∘sigmoid∘sigmoid",
        lambda x: gdkit.sigmoid(gdkit.sigmoid(gdkit.sigmoid(x))),
        -0.5,
        "smooth",
    ),
    Case("(x-1)/(x+1)", lambda x: (x - 1) / (x + 1), 2.0, "smooth"),
    Case("gaussian", lambda x: gdkit.exp(-(x**2) / 2), 1.4, "smooth"),
    Case("abs away from 0", gdkit.abs, -1.3, "smooth"),
    Case("x relu(x)", lambda x: x * gdkit.relu(x), 0.9, "smooth"),
    Case("log1p via log", lambda x: gdkit.log(1 + x), 0.25, "smooth"),
    Case("relu at 0", gdkit.relu, 0.0, "kink"),
    Case("abs at 0", gdkit.abs, 0.0, "kink"),
    Case("relu(x**3 - x) at 0", lambda x: gdkit.relu(x**3 - x), 0.0, "kink"),
    Case("x + abs(x) at 0", lambda x: x + gdkit.abs(x), 0.0, "kink"),
    Case("log near 0", gdkit.log, 1e-8, "edge"),
    Case("sqrt near 0", gdkit.sqrt, 1e-10, "edge"),
    Case("sqrt at 0", gdkit.sqrt, 0.0, "edge-inf"),
    Case("exp(700)", gdkit.exp, 700.0, "large"),
    Case("log(1e300)", gdkit.log, 1e300, "large"),
    Case("sigmoid(-40)", gdkit.sigmoid, -40.0, "large"),
    Case("x**2 at 1e150", lambda x: x**2, 1e150, "large"),
    Case("softplus(800)", gdkit.softplus, 800.0, "large"),
    Case("sin at 1e6", gdkit.sin, 1e6, "large"),
    Case("4000-node deep composition", _deep, 0.7, "deep"),
    Case("python control flow", lambda x: x * x if x > 0 else -x, 0.5, "control-flow"),
]


def test_the_battery_has_at_least_25_functions_of_each_kind_mix():
    assert len(BATTERY) >= 25
    assert {c.kind for c in BATTERY} >= {"smooth", "kink", "edge", "large", "deep"}


def _mpmath_reference(case: Case) -> float:
    with mpmath.workdps(50):
        return float(mpmath.diff(case.f, mpmath.mpf(case.x)))


SMOOTH = [c for c in BATTERY if c.kind == "smooth"]


@pytest.mark.parametrize("case", SMOOTH, ids=lambda c: c.name)
def test_exact_methods_are_within_1e_12_of_mpmath_on_smooth_functions(case):
    ref = _mpmath_reference(case)
    for method in EXACT:
        got = gdkit.derivative(case.f, case.x, method=method)
        assert got == pytest.approx(ref, rel=1e-12, abs=1e-300), method


@pytest.mark.parametrize("case", SMOOTH, ids=lambda c: c.name)
def test_default_numerical_is_within_1e_9_and_complex_step_within_1e_14(case):
    ref = _mpmath_reference(case)
    assert gdkit.derivative(case.f, case.x, method="numerical") == pytest.approx(ref, rel=1e-9)
    complex_step = gdkit.finite_difference(case.f, case.x, scheme="complex-step")
    assert complex_step == pytest.approx(ref, rel=1e-14)


KINKS = [c for c in BATTERY if c.kind == "kink"]


@pytest.mark.parametrize("case", KINKS, ids=lambda c: c.name)
def test_at_kinks_exact_methods_agree_with_torchs_convention(case):
    expected = {
        "relu at 0": 0.0,
        "abs at 0": 0.0,
        "relu(x**3 - x) at 0": 0.0,
        "x + abs(x) at 0": 1.0,
    }
    for method in EXACT:
        assert gdkit.derivative(case.f, case.x, method=method) == expected[case.name], method
    assert gdkit.finite_difference(case.f, case.x, scheme="complex-step") == expected[case.name]


def test_at_a_kink_finite_differences_see_the_average_slope():
    assert gdkit.derivative(gdkit.relu, 0.0, method="numerical") == pytest.approx(0.5)
    assert gdkit.finite_difference(gdkit.abs, 0.0) == pytest.approx(0.0)


EDGES = [c for c in BATTERY if c.kind in ("edge", "large")]


@pytest.mark.parametrize("case", EDGES, ids=lambda c: c.name)
def test_domain_edges_and_large_inputs_all_methods_agree_with_each_other(case):
    values = {m: gdkit.derivative(case.f, case.x, method=m) for m in METHODS}
    ref = values["torch"]
    for method in ("symbolic", "forward", "reverse"):
        assert values[method] == pytest.approx(ref, rel=1e-12), method
    assert values["numerical"] == pytest.approx(ref, rel=1e-6)


def test_derivative_at_sqrt_zero_is_infinite_for_every_exact_method():
    for method in EXACT:
        assert gdkit.derivative(gdkit.sqrt, 0.0, method=method) == math.inf, method


def test_a_deep_graph_of_thousands_of_nodes_agrees_between_methods():
    case = next(c for c in BATTERY if c.kind == "deep")
    values = {
        m: gdkit.derivative(case.f, case.x, method=m) for m in ("forward", "reverse", "torch")
    }
    assert values["reverse"] == pytest.approx(values["forward"], rel=1e-12)
    assert values["torch"] == pytest.approx(values["forward"], rel=1e-12)
    assert gdkit.derivative(case.f, case.x, method="numerical") == pytest.approx(
        values["forward"], rel=1e-8
    )
    graph = case.f(gdkit.Value(case.x))
    assert len(graph.topological_order()) > 4000


def test_python_control_flow_works_for_every_method_but_symbolic_which_says_what_to_use():
    case = next(c for c in BATTERY if c.kind == "control-flow")
    for method in ("numerical", "forward", "reverse", "torch"):
        assert gdkit.derivative(case.f, case.x, method=method) == pytest.approx(1.0, rel=1e-9)
    with pytest.raises(SymbolicError, match="method='reverse'"):
        gdkit.derivative(case.f, case.x, method="symbolic")


def test_variable_exponent_x_to_the_x_has_derivative_x_to_the_x_times_log_x_plus_one():
    expected = 2.0**2.0 * (math.log(2.0) + 1)
    for method in METHODS:
        assert gdkit.derivative(lambda x: x**x, 2.0, method=method) == pytest.approx(
            expected, rel=1e-10
        )


def test_constant_function_has_zero_derivative_for_every_method():
    for method in METHODS:
        assert gdkit.derivative(lambda x: 3.0, 1.0, method=method) == 0.0
        np.testing.assert_array_equal(
            gdkit.gradient(lambda x: 3.0, [1.0, 2.0], method=method), [0.0, 0.0]
        )


def test_gradient_keeps_the_shape_of_x():
    x = np.arange(6.0).reshape(2, 3) / 10
    for method in METHODS:
        g = gdkit.gradient(lambda w: (w * w).sum(), x, method=method)
        np.testing.assert_allclose(g, 2 * x, rtol=1e-9, atol=1e-12)


def test_numerical_options_are_passed_through():
    d = gdkit.derivative(quadratic, 1.0, method="numerical", scheme="forward", h=1e-3)
    assert d == pytest.approx(2.003, rel=1e-9)


# --- clear errors for bad input ------------------------------------------------------------------


def test_non_callable_f_is_a_type_error_naming_it():
    with pytest.raises(TypeError, match=r"f=3\.0 of type float is not callable"):
        gdkit.derivative(3.0, 1.0)


def test_unknown_method_lists_the_valid_ones():
    with pytest.raises(ValueError, match="'symbolic', 'numerical', 'forward', 'reverse', 'torch'"):
        gdkit.derivative(quadratic, 1.0, method="magic")


def test_unknown_option_for_a_method_is_refused():
    with pytest.raises(TypeError, match=r"unexpected option\(s\) \['h'\]"):
        gdkit.derivative(quadratic, 1.0, method="reverse", h=0.1)


def test_array_x_for_derivative_says_to_use_gradient():
    with pytest.raises(ValueError, match="shape \\(2,\\).*gradient"):
        gdkit.derivative(quadratic, [1.0, 2.0])


@pytest.mark.parametrize("x", [1.0, [[1.0], [2.0, 3.0]], []])
def test_scalar_ragged_or_empty_x_for_gradient_is_a_value_error(x):
    with pytest.raises(ValueError, match="x"):
        gdkit.gradient(lambda w: w[0], x)


@pytest.mark.parametrize("method", METHODS)
def test_f_returning_a_vector_is_a_value_error_mentioning_jacobian(method):
    with pytest.raises(ValueError, match="scalar.*jacobian|must return a scalar"):
        gdkit.gradient(lambda w: w * 2, [1.0, 2.0], method=method)


@pytest.mark.parametrize("method", ["forward", "reverse"])
def test_math_functions_in_f_give_a_type_error_suggesting_gdkit_functions(method):
    with pytest.raises(TypeError, match="gdkit's elementary functions"):
        gdkit.derivative(lambda x: math.exp(x), 1.0, method=method)
