"""Fuzzing the derivatives area: elementary functions, Value, Dual, the five methods.

Two kinds of tests.  Properties (hypothesis): for random points, shapes, dtypes and
special values, every call returns a correct result, checked against another method or
a law (scalar vs array evaluation, linearity of the gradient, exact methods agreeing with
Richardson differences), and emits no warning.  Bad inputs (``BAD_INPUTS``): wrong types
and values, each of which must raise a TypeError/ValueError whose message names the
argument.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import gdkit

FUZZED = [
    "exp", "log", "sin", "cos", "tan", "tanh", "sigmoid", "relu", "sqrt", "abs", "erf",
    "softplus", "Value", "Dual", "derivative", "gradient", "finite_difference",
    "numerical_gradient", "jacobian", "default_step", "fd_error_curve", "gradcheck",
    "compare", "symbolic_derivative", "count_ops", "graph_text",
]  # fmt: skip

ELEMENTARY = ["exp", "log", "sin", "cos", "tan", "tanh", "sigmoid", "relu", "sqrt", "abs",
              "erf", "softplus"]  # fmt: skip

# Any float64, specials included: nan, ±inf, ±0, subnormals, ±1.8e308.
any_float = st.floats(allow_nan=True, allow_infinity=True, allow_subnormal=True)
# Points where every elementary function is smooth and well conditioned.
moderate = st.floats(min_value=0.05, max_value=3.0)


def _same(a: float, b: float) -> bool:
    """Equal as IEEE values, nan == nan; tolerant to the last few bits."""
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return a == b or math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-300)


# --- elementary functions ----------------------------------------------------------------


@settings(max_examples=60)
@given(name=st.sampled_from(ELEMENTARY), x=any_float)
def test_elementary_on_any_float_returns_a_float_without_warning_or_exception(name, x):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        y = getattr(gdkit, name)(x)
    assert isinstance(y, float)


@settings(max_examples=60)
@given(
    name=st.sampled_from(ELEMENTARY),
    arr=hnp.arrays(
        dtype=st.sampled_from([np.float64, np.float32, np.int64, np.int8, np.bool_]),
        shape=hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4),
    ),
)
def test_elementary_on_arrays_of_any_shape_and_dtype_match_the_scalar_rule_silently(name, arr):
    fn = getattr(gdkit, name)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = np.asarray(fn(arr))
    assert out.shape == arr.shape
    for x, y in zip(arr.ravel().tolist(), out.ravel().tolist(), strict=True):
        expected = fn(float(x))
        if arr.dtype == np.float32:  # computed in float32: compare at float32 precision
            assert math.isnan(y) == math.isnan(expected) or np.isinf(np.float32(expected))
            if math.isfinite(y) and math.isfinite(expected):
                assert math.isclose(y, expected, rel_tol=1e-5, abs_tol=1e-30)
        else:
            assert _same(y, expected), (x, y, expected)


# --- Value and Dual: IEEE arithmetic, never an exception ---------------------------------

OPS = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": lambda a, b: a / b,
}


@settings(max_examples=80)
@given(a=any_float, b=any_float, op=st.sampled_from(sorted(OPS)))
def test_value_and_dual_arithmetic_on_special_floats_gives_the_ieee_float_result(a, b, op):
    fn = OPS[op]
    with np.errstate(all="ignore"):
        expected = float(fn(np.float64(a), np.float64(b)))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        v = fn(gdkit.Value(a), gdkit.Value(b))
        d = fn(gdkit.Dual(a, 1.0), gdkit.Dual(b, 0.0))
        v.backward()
    assert _same(v.data, expected)
    assert _same(d.value, expected)


@settings(max_examples=40)
@given(x=moderate, name=st.sampled_from(ELEMENTARY))
def test_forward_reverse_and_torch_agree_with_richardson_differences(x, name):
    fn = getattr(gdkit, name)

    def f(t):
        return fn(t) * t + 2 * t

    reference = gdkit.derivative(f, x, method="numerical")
    for method in ("forward", "reverse", "torch"):
        got = gdkit.derivative(f, x, method=method)
        assert math.isclose(got, reference, rel_tol=1e-6, abs_tol=1e-8), (method, got)


@settings(max_examples=8)
@given(x=moderate, name=st.sampled_from(["exp", "sin", "tanh", "sigmoid", "softplus"]))
def test_symbolic_derivative_agrees_with_reverse_mode(x, name):
    fn = getattr(gdkit, name)

    def f(t):
        return fn(t) * t

    assert math.isclose(
        gdkit.derivative(f, x, method="symbolic"),
        gdkit.derivative(f, x, method="reverse"),
        rel_tol=1e-9,
        abs_tol=1e-12,
    )


# --- gradients: laws over random shapes ----------------------------------------------------

points = hnp.arrays(
    np.float64,
    hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=3),
    elements=st.floats(-2.0, 2.0),
)


def _f(x):
    return (gdkit.tanh(x) * x).sum()


def _g(x):
    return (gdkit.exp(x * 0.5) + x * x).sum()


@settings(max_examples=30)
@given(x=points, method=st.sampled_from(["forward", "reverse", "torch", "numerical"]))
def test_the_gradient_of_a_sum_is_the_sum_of_the_gradients_and_has_the_shape_of_x(x, method):
    both = gdkit.gradient(lambda v: _f(v) + _g(v), x, method=method)
    apart = gdkit.gradient(_f, x, method=method) + gdkit.gradient(_g, x, method=method)
    assert both.shape == x.shape and both.dtype == np.float64
    np.testing.assert_allclose(both, apart, rtol=1e-7, atol=1e-9)


@settings(max_examples=30)
@given(x=points)
def test_exact_gradients_pass_gradcheck_and_match_numerical_gradient(x):
    grad = gdkit.gradient(_g, x, method="reverse")
    np.testing.assert_allclose(gdkit.numerical_gradient(_g, x), grad, rtol=1e-6, atol=1e-7)
    result = gdkit.gradcheck(_g, lambda v: gdkit.gradient(_g, v, method="forward"), x)
    assert result.passed


@settings(max_examples=40)
@given(
    x=st.floats(-1e6, 1e6),
    scheme=st.sampled_from(["forward", "backward", "central", "five-point", "complex-step"]),
)
def test_finite_differences_of_a_line_are_its_slope_at_any_scale(x, scheme):
    slope = 3.0
    got = gdkit.finite_difference(lambda t: slope * t + 1.0, x, scheme=scheme)
    assert math.isclose(got, slope, rel_tol=1e-5)


@settings(max_examples=30)
@given(x=any_float, scheme=st.sampled_from(["central", "richardson", "complex-step"]))
def test_finite_difference_at_any_float_returns_a_float_and_never_hangs(x, scheme):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = gdkit.finite_difference(gdkit.sin, x, scheme=scheme)
    assert isinstance(got, float)
    if math.isfinite(x) and abs(x) < 1e6:
        assert math.isclose(got, math.cos(x), rel_tol=1e-5, abs_tol=1e-6)


@settings(max_examples=20)
@given(x=st.floats(-1e300, 1e300))
def test_default_step_is_positive_finite_and_relative_to_x(x):
    for scheme in ("forward", "central", "five-point", "complex-step"):
        h = gdkit.default_step(x, scheme)
        assert 0 < h < math.inf
        assert (x + h != x) or scheme == "complex-step"


# --- bad inputs ---------------------------------------------------------------------------


def _line(x):
    return 2 * x


def case(call, error, match, id):  # noqa: A002 - pytest's name
    return pytest.param(call, error, match, id=id, marks=pytest.mark.bad_input)


BAD_INPUTS = [
    case(lambda: gdkit.derivative(3, 1.0), TypeError, "f=3", "derivative-f-not-callable"),
    case(lambda: gdkit.derivative(_line, 1.0, method="bogus"), ValueError, "method='bogus'",
         "derivative-unknown-method"),
    case(lambda: gdkit.derivative(_line, "a"), TypeError, "x='a'", "derivative-x-string"),
    case(lambda: gdkit.derivative(_line, None), TypeError, "x=None", "derivative-x-none"),
    case(lambda: gdkit.derivative(_line, [1.0, 2.0]), ValueError, "x: expected a real scalar",
         "derivative-x-vector"),
    case(lambda: gdkit.derivative(_line, 1 + 2j), TypeError, r"x=\(1\+2j\)",
         "derivative-x-complex"),
    case(lambda: gdkit.derivative(_line, 1.0, method="reverse", h=0.1), TypeError, "'h'",
         "derivative-option-of-another-method"),
    case(lambda: gdkit.derivative(lambda x: [x, x], 1.0), ValueError, "f must return a scalar",
         "derivative-f-returns-list"),
    *[
        case(lambda m=m: gdkit.derivative(lambda x: None, 1.0, method=m), TypeError,
             "f returned None", f"derivative-f-returns-none-{m}")
        for m in gdkit.METHODS
    ],
    case(lambda: gdkit.derivative(lambda x: "x**2", 1.0, method="symbolic"), TypeError,
         "f returned 'x\\*\\*2'", "derivative-f-returns-string-symbolic"),
    case(lambda: gdkit.derivative(lambda x: "x", 1.0, method="numerical"), TypeError,
         "f returned 'x'", "derivative-f-returns-string-numerical"),
    case(lambda: gdkit.gradient(lambda x: 0.0, []), ValueError, "x is empty", "gradient-x-empty"),
    case(lambda: gdkit.gradient(lambda x: 0.0, np.zeros((2, 0))), ValueError, "x is empty",
         "gradient-x-empty-2d"),
    case(lambda: gdkit.gradient(lambda x: 0.0, [[1.0], [1.0, 2.0]]), ValueError,
         "x must be a rectangular array", "gradient-x-ragged"),
    case(lambda: gdkit.gradient(lambda x: x, 3.0), ValueError,
         "x must have at least 1 dimension.*gdkit.derivative.*got 3.0", "gradient-x-scalar"),
    case(lambda: gdkit.gradient(lambda x: x[0], ["a"]), TypeError,
         r"x must be an array of real numbers.*got \['a'\]", "gradient-x-strings"),
    case(lambda: gdkit.finite_difference(_line, 1.0, h=0), ValueError, "h=0", "fd-h-zero"),
    case(lambda: gdkit.finite_difference(_line, 1.0, h=-1.0), ValueError, "h=-1", "fd-h-negative"),
    case(lambda: gdkit.finite_difference(_line, 1.0, h=math.nan), ValueError, "h=nan", "fd-h-nan"),
    case(lambda: gdkit.finite_difference(_line, 1.0, h=math.inf), ValueError, "h=inf", "fd-h-inf"),
    case(lambda: gdkit.finite_difference(_line, 1.0, h="a"), TypeError, "h='a'", "fd-h-string"),
    case(lambda: gdkit.finite_difference(_line, 1.0, scheme="nope"), ValueError, "scheme='nope'",
         "fd-unknown-scheme"),
    case(lambda: gdkit.finite_difference(None, 1.0), TypeError, "f=None", "fd-f-none"),
    case(lambda: gdkit.numerical_gradient(lambda x: x[0], [1.0, 2.0], h=[1e-3, -1.0]),
         ValueError, "h=-1", "numerical-gradient-negative-step"),
    case(lambda: gdkit.numerical_gradient(lambda x: x[0], [1.0, 2.0], h=[1e-3, 1e-3, 1e-3]),
         ValueError, "h=.*shape", "numerical-gradient-steps-of-wrong-shape"),
    case(lambda: gdkit.jacobian(lambda x: x, [1.0], scheme="richardson"), ValueError,
         "scheme='richardson'", "jacobian-richardson"),
    case(lambda: gdkit.jacobian(lambda x: x, [], scheme="central"), ValueError, "x is empty",
         "jacobian-x-empty"),
    case(lambda: gdkit.default_step(1.0, "nope"), ValueError, "scheme='nope'",
         "default-step-unknown-scheme"),
    case(lambda: gdkit.default_step("a"), TypeError, "x='a'", "default-step-x-string"),
    case(lambda: gdkit.fd_error_curve(_line, 2.0, 1.0, hs=[]), ValueError, "hs=", "fd-curve-no-steps"),
    case(lambda: gdkit.fd_error_curve(_line, 2.0, 1.0, hs=[-1.0]), ValueError, "hs=",
         "fd-curve-negative-step"),
    case(lambda: gdkit.fd_error_curve(_line, "a", 1.0), TypeError, "dfdx='a'",
         "fd-curve-dfdx-string"),
    case(lambda: gdkit.fd_error_curve(_line, 2.0, 1.0, schemes="central"), TypeError,
         "schemes='central'", "fd-curve-schemes-string"),
    case(lambda: gdkit.gradcheck(3, _line, [1.0]), TypeError, "f=3", "gradcheck-f"),
    case(lambda: gdkit.gradcheck(lambda x: x[0], 3, [1.0]), TypeError, "grad_f=3",
         "gradcheck-grad-f"),
    case(lambda: gdkit.gradcheck(lambda x: x[0], lambda x: np.zeros(3), [1.0]), ValueError,
         "grad_f.*shape", "gradcheck-gradient-of-wrong-shape"),
    case(lambda: gdkit.gradcheck(lambda x: 0.0, lambda x: x, []), ValueError, "x is empty",
         "gradcheck-x-empty"),
    case(lambda: gdkit.compare(3, 1.0), TypeError, "f=3", "compare-f"),
    case(lambda: gdkit.compare(_line, 1.0, manual=3), TypeError, "manual=3", "compare-manual"),
    case(lambda: gdkit.compare(_line, "a"), TypeError, "x='a'", "compare-x-string"),
    case(lambda: gdkit.compare(_line, 1.0, methods=("bogus",)), ValueError, "methods",
         "compare-unknown-method"),
    case(lambda: gdkit.Value("a"), TypeError, "data='a'", "value-string"),
    case(lambda: gdkit.Value(None), TypeError, "data=None", "value-none"),
    case(lambda: gdkit.Value([1.0]), TypeError, r"data=\[1.0\]", "value-list"),
    case(lambda: gdkit.Value(1j), TypeError, "data=1j", "value-complex"),
    case(lambda: gdkit.Value(1.0) + "a", TypeError, "'a'", "value-plus-string"),
    case(lambda: gdkit.Dual("a"), TypeError, "value='a'", "dual-string"),
    case(lambda: gdkit.Dual(None, 1.0), TypeError, "value=None", "dual-none"),
    case(lambda: gdkit.Dual(1.0) + "a", TypeError, "'a'", "dual-plus-string"),
    case(lambda: gdkit.exp("a"), TypeError, "x='a'", "exp-string"),
    case(lambda: gdkit.log(None), TypeError, "x=None", "log-none"),
    case(lambda: gdkit.sin({}), TypeError, "x={}", "sin-dict"),
    case(lambda: gdkit.erf(np.array(["a"])), TypeError, "dtype <U1", "erf-string-array"),
    case(lambda: gdkit.tanh(["a"]), TypeError, "dtype <U1", "tanh-list-of-strings"),
    case(lambda: gdkit.sigmoid(np.array(["2020-01-01"], dtype="datetime64[D]")), TypeError,
         "dtype datetime64", "sigmoid-datetime-array"),
    case(lambda: gdkit.symbolic_derivative(3), TypeError, "f=3", "symbolic-f"),
    case(lambda: gdkit.symbolic_derivative(_line, nvars=0), ValueError, "nvars=0",
         "symbolic-nvars-zero"),
    case(lambda: gdkit.symbolic_derivative(_line, nvars="a"), ValueError, "nvars='a'",
         "symbolic-nvars-string"),
    case(lambda: gdkit.symbolic.count_ops("x + 1"), TypeError, "expr='x \\+ 1'", "count-ops-string"),
    case(lambda: gdkit.graph.graph_text(3), TypeError, "value=3", "graph-text-not-a-value"),
]  # fmt: skip


@pytest.mark.parametrize(("call", "error", "match"), BAD_INPUTS)
def test_bad_input_raises_a_clear_error_naming_the_argument(call, error, match):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(error, match=match):
            call()
