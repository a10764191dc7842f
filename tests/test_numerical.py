"""Finite differences, the complex step and Richardson extrapolation."""

from __future__ import annotations

import math

import numpy as np
import pytest

import gdkit
from gdkit.numerical import SCHEMES


def f(x):
    return gdkit.sin(x) * gdkit.exp(x)


def df(x):
    return math.exp(x) * (math.sin(x) + math.cos(x))


X0 = 0.7


def error(scheme, h):
    return abs(gdkit.finite_difference(f, X0, h=h, scheme=scheme) - df(X0))


@pytest.mark.parametrize(
    "scheme, order", [("forward", 1), ("backward", 1), ("central", 2), ("five-point", 4)]
)
def test_truncation_error_shrinks_like_h_to_the_order_of_the_scheme(scheme, order):
    h = 1e-2 if order < 4 else 1e-1
    ratio = error(scheme, h) / error(scheme, h / 2)
    assert ratio == pytest.approx(2**order, rel=0.1)


def test_central_difference_error_shrinks_with_h_squared():
    assert error("central", 1e-3) / error("central", 1e-4) == pytest.approx(100, rel=0.05)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_default_step_gives_each_scheme_its_expected_accuracy(scheme):
    expected = {
        "forward": 1e-7,
        "backward": 1e-7,
        "central": 1e-10,
        "five-point": 1e-12,
        "richardson": 1e-12,
        "complex-step": 1e-15,
    }[scheme]
    assert gdkit.finite_difference(f, X0, scheme=scheme) == pytest.approx(df(X0), rel=expected)


def test_default_step_is_relative_to_abs_x_and_never_below_the_unit_scale():
    eps = np.finfo(float).eps
    assert gdkit.default_step(0.0, "central") == pytest.approx(eps ** (1 / 3))
    assert gdkit.default_step(1e6, "central") == pytest.approx(1e6 * eps ** (1 / 3))
    assert gdkit.default_step(-1e6, "forward") == pytest.approx(1e6 * math.sqrt(eps))
    np.testing.assert_allclose(
        gdkit.default_step(np.array([0.5, 10.0]), "five-point"), [eps**0.2, 10 * eps**0.2]
    )


def test_relative_step_keeps_central_differences_accurate_for_large_x():
    g = lambda x: x**2  # noqa: E731
    assert gdkit.finite_difference(g, 1e8) == pytest.approx(2e8, rel=1e-9)


def test_complex_step_is_exact_to_machine_precision_even_with_a_tiny_step():
    assert gdkit.finite_difference(f, X0, h=1e-200, scheme="complex-step") == pytest.approx(
        df(X0), rel=1e-15
    )


def test_complex_step_with_a_real_only_function_says_why_and_what_to_use():
    with pytest.raises(TypeError, match="complex argument.*richardson"):
        gdkit.finite_difference(lambda x: math.exp(x), 1.0, scheme="complex-step")


def test_richardson_needs_no_step_and_handles_fast_oscillation():
    g = lambda x: gdkit.sin(1000 * x)  # noqa: E731
    d = gdkit.finite_difference(g, 0.3, scheme="richardson")
    assert d == pytest.approx(1000 * math.cos(300), rel=1e-9)


def test_richardson_shrinks_its_step_at_a_domain_edge():
    assert gdkit.finite_difference(gdkit.log, 1e-6, scheme="richardson") == pytest.approx(
        1e6, rel=1e-9
    )


def test_numerical_gradient_matches_the_analytic_gradient():
    g = lambda w: w[0] ** 2 * w[1] + gdkit.exp(w[2])  # noqa: E731
    w = np.array([1.5, -2.0, 0.3])
    expected = [2 * 1.5 * -2.0, 1.5**2, math.exp(0.3)]
    for scheme in ("central", "richardson", "complex-step"):
        np.testing.assert_allclose(
            gdkit.numerical_gradient(g, w, scheme=scheme), expected, rtol=1e-9
        )


def test_numerical_gradient_accepts_a_step_per_coordinate():
    g = lambda w: w[0] ** 2 + w[1] ** 2  # noqa: E731
    grad = gdkit.numerical_gradient(g, [1.0, 1.0], h=np.array([0.1, 0.01]), scheme="forward")
    np.testing.assert_allclose(grad, [2.1, 2.01], rtol=1e-9)


def test_jacobian_of_a_vector_function_has_one_row_per_output():
    g = lambda v: np.array([v[0] * v[1], gdkit.sin(v[0]), v[1] ** 3])  # noqa: E731
    J = gdkit.jacobian(g, [0.5, 2.0])
    expected = [[2.0, 0.5], [math.cos(0.5), 0.0], [0.0, 12.0]]
    np.testing.assert_allclose(J, expected, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(
        gdkit.jacobian(g, [0.5, 2.0], scheme="complex-step"), expected, rtol=1e-14
    )


def test_fd_error_curve_is_v_shaped_for_differences_and_flat_for_the_complex_step():
    curve = gdkit.fd_error_curve(gdkit.exp, gdkit.exp, 1.0)
    assert set(curve) == {"forward", "central", "complex-step"}
    assert curve["central"].shape == curve.h.shape
    for scheme in ("forward", "central"):
        err = curve[scheme]
        best = int(np.argmin(err))
        assert 0 < best < len(err) - 1  # the bottom of the V is inside the range
        assert err[0] > 100 * err[best] and err[-1] > 100 * err[best]
    assert 1e-10 < curve.best_step("forward") < 1e-6  # near sqrt(eps) ~ 1.5e-8
    assert 1e-7 < curve.best_step("central") < 1e-3  # near eps ** (1/3) ~ 6e-6
    assert np.max(curve["complex-step"][curve.h < 1e-8]) < 1e-15


def test_fd_error_curve_accepts_the_exact_value_instead_of_a_function():
    curve = gdkit.fd_error_curve(gdkit.exp, math.e, 1.0, hs=[1e-2, 1e-4], schemes=("central",))
    np.testing.assert_allclose(curve["central"], [math.e * 1e-4 / 6, math.e * 1e-8 / 6], rtol=0.05)


def test_unknown_scheme_lists_the_valid_ones():
    with pytest.raises(ValueError, match="'forward', 'backward', 'central'"):
        gdkit.finite_difference(f, 1.0, scheme="sideways")


@pytest.mark.parametrize("h", [0.0, -1e-3, math.inf])
def test_non_positive_or_infinite_step_is_refused(h):
    with pytest.raises(ValueError, match="h="):
        gdkit.finite_difference(f, 1.0, h=h)


def test_vector_valued_f_in_finite_difference_suggests_jacobian():
    with pytest.raises(ValueError, match="jacobian"):
        gdkit.finite_difference(lambda x: np.array([x, x]), 1.0)


def test_non_callable_f_is_refused_by_every_entry_point():
    for call in (
        lambda: gdkit.finite_difference(1.0, 1.0),
        lambda: gdkit.numerical_gradient(1.0, [1.0]),
        lambda: gdkit.jacobian(1.0, [1.0]),
        lambda: gdkit.fd_error_curve(1.0, 1.0, 1.0),
    ):
        with pytest.raises(TypeError, match="not callable"):
            call()


def test_one_sided_gradient_shares_f_of_x_so_it_costs_n_plus_one_evaluations():
    from gdkit.numerical import _numerical_gradient

    calls = []

    def f(w):
        calls.append(1)
        return float((w**2).sum())

    grad, evals = _numerical_gradient(f, np.arange(10.0), None, "forward")
    assert evals == len(calls) == 11
    np.testing.assert_allclose(grad, 2 * np.arange(10.0), atol=1e-5)
    calls.clear()
    _, evals = _numerical_gradient(f, np.arange(10.0), None, "central")
    assert evals == len(calls) == 20


# --- flat regions: never a silent 0 ---------------------------------------------------------


def test_a_saturated_sigmoid_gets_an_estimate_and_a_warning_not_a_silent_zero():
    true_slope = math.exp(-40.0)  # σ'(40) = σ(40)(1 − σ(40)) ≈ e^−40 ≈ 4.2e-18
    with pytest.warns(gdkit.numerical.UnresolvedSlopeWarning, match="below what finite"):
        slope = gdkit.derivative(gdkit.sigmoid, 40.0, method="numerical")
    assert slope != 0.0 and slope > 0
    assert true_slope / 100 < slope < true_slope * 100  # an order of magnitude, as it says
    # at −40, σ ≈ 4e-18 is itself tiny, so floats resolve its changes: an accurate slope
    left = gdkit.finite_difference(gdkit.sigmoid, -40.0, scheme="richardson")
    assert left == pytest.approx(true_slope, rel=1e-6)


@pytest.mark.parametrize(
    ("f", "x"),
    [(lambda x: x**2, 0.0), (lambda x: 3.0, 1.0), (gdkit.cos, 0.0), (lambda x: (x - 1) ** 2, 1.0)],
    ids=["x^2 at 0", "constant", "cos at 0", "(x-1)^2 at 1"],
)
def test_a_true_zero_slope_stays_zero_without_a_warning(f, x):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert gdkit.finite_difference(f, x, scheme="richardson") == 0.0


def test_a_tiny_slope_on_a_large_function_is_resolved_not_rounded_to_zero():
    # f ≈ 1 with slope 1.7e-7: Ridders' smallest restart steps see f(x ± h) == f(x); the
    # round-off term of the error estimate keeps those from winning with a 0
    slope = 1.7e-7
    estimate = gdkit.finite_difference(lambda t: 1.0 + slope * t, 0.3, scheme="richardson")
    assert estimate == pytest.approx(slope, rel=1e-6)


def test_the_flat_region_warning_can_be_made_an_error():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error", gdkit.numerical.UnresolvedSlopeWarning)
        with pytest.raises(gdkit.numerical.UnresolvedSlopeWarning):
            gdkit.derivative(gdkit.sigmoid, 40.0, method="numerical")
