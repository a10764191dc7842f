"""Fuzzing what the widgets and plots compute, and the exercise checkers.

The explorers' ``*_state`` functions are pure: a slider position in, plain data out.
Properties: any slider value, extremes and special floats included, gives a state with
the documented keys, agreeing with gdkit's own functions, and no warning (a warning would
print into the lecture under the widget).  ``BAD_INPUTS``: wrong arguments raise a
TypeError/ValueError that names the argument.
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
from gdkit.exercises import _fmt
from gdkit.explorers.finite_difference import fd_functions
from gdkit.explorers.four_way import FUNCTIONS
from gdkit.explorers.tangent import lecture_polynomial

FUZZED = [
    "activation_state", "fd_state", "tangent_state", "lr_state", "batch_state",
    "compare_state", "contour_levels", "loss_grid", "check_number", "check_function",
    "check_derivative", "check_gradient",
]  # fmt: skip

any_float = st.floats(allow_nan=True, allow_infinity=True)
wide = st.floats(-1e300, 1e300)


def _quiet(call):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return call()


@settings(max_examples=40)
@given(name=st.sampled_from(["sigmoid", "tanh", "relu"]), z=any_float)
def test_activation_state_at_any_z_is_the_activation_and_its_derivative(name, z):
    state = _quiet(lambda: gdkit.explorers.activation_state(name, z))
    assert set(state) == {"name", "z", "value", "slope", "saturated"}
    value = getattr(gdkit, name)(z)
    assert state["value"] == value or (math.isnan(value) and math.isnan(state["value"]))
    if math.isfinite(z):
        assert math.isclose(
            state["slope"], gdkit.derivative(getattr(gdkit, name), z), abs_tol=1e-15
        )
        assert state["saturated"] == (abs(state["slope"]) < 0.01)


@settings(max_examples=25)
@given(
    function=st.sampled_from(sorted(fd_functions())),
    x=st.floats(-5.0, 5.0) | st.sampled_from([math.inf, -math.inf, math.nan, 1e300]),
    log_h=st.floats(-20.0, 300.0),
)
def test_fd_state_for_any_point_and_step_reports_errors_against_the_exact_derivative(
    function, x, log_h
):
    f, dfdx = fd_functions()[function]
    state = _quiet(lambda: gdkit.explorers.fd_state(f, dfdx, x, 10.0**log_h))
    for scheme, estimate in state["estimates"].items():
        error = state["errors"][scheme]
        assert error == abs(estimate - state["exact"]) or math.isnan(error)
    if math.isfinite(x) and 1e-7 < 10.0**log_h < 1e-3:
        assert state["errors"]["central"] < 1e-4 * max(1.0, abs(state["exact"]))


@settings(max_examples=30)
@given(x=any_float | wide)
def test_tangent_state_at_any_x_points_downhill_or_says_it_is_undefined(x):
    state = _quiet(lambda: gdkit.explorers.tangent_state(lecture_polynomial, x))
    slope = state["slope"]
    if math.isfinite(slope) and math.isfinite(state["f_x"]):
        assert state["step_sign"] == -np.sign(slope)
    else:
        assert math.isnan(state["step_sign"]) and "undefined" in state["direction"]


@settings(max_examples=15)
@given(log_eta=st.floats(-6.0, 300.0), steps=st.integers(0, 60))
def test_lr_state_verdict_matches_the_threshold_2_over_lambda_max(log_eta, steps):
    eta = 10.0**log_eta
    state = _quiet(lambda: gdkit.explorers.lr_state(eta, steps=steps))
    assert np.all(np.isfinite(state["losses"]))
    assert len(state["trajectory"]) == state["steps_taken"] + 1 <= steps + 1
    if eta < state["threshold"]:
        assert state["verdict"] != "diverged"
        assert np.all(np.diff(state["losses"]) <= 1e-9 * state["losses"][0])


@settings(max_examples=8)
@given(
    sizes=st.lists(st.integers(1, 10), min_size=1, max_size=3, unique=True),
    log_eta=st.floats(-4.0, 300.0),
    seed=st.integers(0, 100),
)
def test_batch_state_for_any_batch_sizes_and_rate_returns_finite_curves(sizes, log_eta, seed):
    state = _quiet(lambda: gdkit.explorers.batch_state(tuple(sizes), eta=10.0**log_eta, epochs=3, seed=seed))
    assert state["batch_sizes"] == sizes


@settings(max_examples=12)
@given(name=st.sampled_from(sorted(FUNCTIONS)), x=st.floats(-3.0, 3.0) | any_float)
def test_compare_state_at_any_x_lists_every_method_without_warnings(name, x):
    state = _quiet(
        lambda: gdkit.explorers.compare_state(name, x, methods=("numerical", "forward", "reverse"))
    )
    listed = [row["method"] for row in state["rows"]]
    for method in ("numerical", "forward", "reverse"):
        assert any(m.startswith(method) for m in listed), (method, listed)


@settings(max_examples=40)
@given(
    Z=hnp.arrays(
        np.float64,
        hnp.array_shapes(min_dims=1, max_dims=2, min_side=0, max_side=6),
        elements=st.floats(allow_nan=True, allow_infinity=True),
    ),
    n=st.integers(2, 30),
)
def test_contour_levels_of_any_grid_are_finite_and_increasing(Z, n):
    levels = _quiet(lambda: gdkit.contour_levels(Z, n))
    assert np.all(np.isfinite(levels)) and np.all(np.diff(levels) > 0)


@settings(max_examples=20)
@given(
    lo=st.floats(-1e3, 1e3), width=st.floats(1e-6, 1e3), n=st.integers(2, 12),
    a=st.floats(-3, 3), b=st.floats(-3, 3),
)  # fmt: skip
def test_loss_grid_evaluates_the_loss_at_every_grid_point(lo, width, n, a, b):
    def loss(w):
        return a * w[0] ** 2 + b * w[1]

    W1, W2, L = _quiet(lambda: gdkit.loss_grid(loss, (lo, lo + width), (lo, lo + width), n))
    assert W1.shape == W2.shape == L.shape == (n, n)
    np.testing.assert_allclose(L, a * W1**2 + b * W2, rtol=1e-12, atol=1e-9)


@settings(max_examples=30)
@given(
    points=st.lists(st.floats(-10, 10), min_size=1, max_size=5),
    wrong_at=st.integers(0, 4),
    delta=st.floats(1e-3, 1e3) | st.floats(-1e3, -1e-3),
)
def test_check_function_passes_the_reference_and_names_the_first_wrong_point(
    points, wrong_at, delta
):
    assert gdkit.check_function(np.tanh, np.tanh, points)
    bad = points[wrong_at % len(points)]

    def student(x):
        return np.tanh(x) + (delta if x == bad else 0.0)

    result = gdkit.check_function(student, np.tanh, points)
    assert not result
    assert f"at x = {_fmt(bad)}," in result.message


@settings(max_examples=20)
@given(points=st.lists(st.floats(-3, 3), min_size=1, max_size=4))
def test_check_derivative_accepts_the_true_derivative_and_rejects_a_flipped_sign(points):
    def f(x):
        return x * gdkit.sin(x)

    def df(x):
        return np.sin(x) + x * np.cos(x)

    assert gdkit.check_derivative(df, f, points)
    if any(abs(df(p)) > 1e-6 for p in points):
        assert not gdkit.check_derivative(lambda x: -df(x), f, points)


@settings(max_examples=20)
@given(answer=any_float | st.text(max_size=3) | st.none(), expected=st.floats(-1e6, 1e6))
def test_check_number_with_any_answer_returns_a_verdict_instead_of_raising(answer, expected):
    result = gdkit.check_number(answer, expected)
    assert bool(result) == (
        isinstance(answer, float)
        and math.isfinite(answer)
        and math.isclose(answer, expected, rel_tol=1e-6, abs_tol=1e-9)
    )


# --- bad inputs ---------------------------------------------------------------------------

_f, _df = fd_functions()[sorted(fd_functions())[0]]


def case(call, error, match, id):  # noqa: A002 - pytest's name
    return pytest.param(call, error, match, id=id, marks=pytest.mark.bad_input)


BAD_INPUTS = [
    case(lambda: gdkit.explorers.activation_state("bogus", 0.0), ValueError, "name", "activation-name"),
    case(lambda: gdkit.explorers.activation_state("tanh", "a"), TypeError, "z='a'", "activation-z-string"),
    case(lambda: gdkit.explorers.activation_state("tanh", 0.0, method="bogus"), ValueError, "method",
         "activation-method"),
    case(lambda: gdkit.explorers.fd_state(_f, _df, 1.0, 0.0), ValueError, "h must be positive", "fd-h-zero"),
    case(lambda: gdkit.explorers.fd_state(_f, _df, 1.0, -1.0), ValueError, "h must be positive",
         "fd-h-negative"),
    case(lambda: gdkit.explorers.fd_state(_f, _df, 1.0, math.nan), ValueError, "h must be positive",
         "fd-h-nan"),
    case(lambda: gdkit.explorers.fd_state(_f, _df, 1.0, math.inf), ValueError, "h must be positive",
         "fd-h-inf"),
    case(lambda: gdkit.explorers.fd_state(_f, _df, "a", 1e-3), TypeError, "x='a'", "fd-x-string"),
    case(lambda: gdkit.explorers.fd_state(3, _df, 1.0, 1e-3), TypeError, "f=3", "fd-f-not-callable"),
    case(lambda: gdkit.explorers.tangent_state(3, 1.0), TypeError, "f=3", "tangent-f-not-callable"),
    case(lambda: gdkit.explorers.tangent_state(lecture_polynomial, "a"), TypeError, "x='a'",
         "tangent-x-string"),
    case(lambda: gdkit.explorers.lr_state(0.0), ValueError, "eta", "lr-eta-zero"),
    case(lambda: gdkit.explorers.lr_state(-1.0), ValueError, "eta", "lr-eta-negative"),
    case(lambda: gdkit.explorers.lr_state(math.nan), ValueError, "eta", "lr-eta-nan"),
    case(lambda: gdkit.explorers.lr_state("a"), TypeError, "eta='a'", "lr-eta-string"),
    case(lambda: gdkit.explorers.lr_state(0.01, steps=-1), ValueError, "steps", "lr-steps-negative"),
    case(lambda: gdkit.explorers.lr_state(0.01, start=(1.0,)), ValueError, "start=", "lr-start-1d"),
    case(lambda: gdkit.explorers.lr_state(0.01, start=(math.nan, 1.0)), ValueError, "start=",
         "lr-start-nan"),
    case(lambda: gdkit.explorers.lr_state(0.01, start=("a", "b")), TypeError, r"start=\('a', 'b'\)",
         "lr-start-strings"),
    case(lambda: gdkit.explorers.lr_state(0.01, start=((1.0, 2.0), 3.0)), ValueError, "start=",
         "lr-start-ragged"),
    case(lambda: gdkit.explorers.batch_state((0,)), ValueError, "batch_sizes", "batch-size-zero"),
    case(lambda: gdkit.explorers.batch_state((100,)), ValueError, "batch_sizes", "batch-size-too-big"),
    case(lambda: gdkit.explorers.batch_state((1,), eta=-1), ValueError, "lr", "batch-eta-negative"),
    case(lambda: gdkit.explorers.batch_state((1,), reduction="bogus"), ValueError, "reduction",
         "batch-reduction"),
    case(lambda: gdkit.explorers.batch_state((1,), epochs=0), ValueError, "epochs", "batch-epochs-zero"),
    case(lambda: gdkit.explorers.compare_state("bogus", 1.0), ValueError, "name", "compare-name"),
    case(lambda: gdkit.explorers.compare_state(sorted(FUNCTIONS)[0], "a"), TypeError, "x='a'",
         "compare-x-string"),
    case(lambda: gdkit.loss_grid(lambda w: w[0], (0, 1), (0, 1), n=1), ValueError, "n must be",
         "grid-n-one"),
    case(lambda: gdkit.loss_grid(lambda w: w[0], (0, 1), (0, 1), n="a"), ValueError, "n must be",
         "grid-n-string"),
    case(lambda: gdkit.loss_grid(lambda w: w[0], (0, math.nan), (0, 1)), ValueError, "xlim=",
         "grid-xlim-nan"),
    case(lambda: gdkit.loss_grid(lambda w: w[0], "ab", (0, 1)), ValueError, "xlim=",
         "grid-xlim-string"),
    case(lambda: gdkit.loss_grid(lambda w: w[0], (0, 1), (0, 1, 2)), ValueError, "ylim=",
         "grid-ylim-three"),
    case(lambda: gdkit.loss_grid(3, (0, 1), (0, 1)), TypeError, "loss=3", "grid-loss"),
    case(lambda: gdkit.check_function(3, np.tanh, [1.0]), TypeError, "student", "check-student"),
    case(lambda: gdkit.check_function(np.tanh, 3, [1.0]), TypeError, "reference",
         "check-reference"),
    case(lambda: gdkit.check_function(np.tanh, np.tanh, []), ValueError, "points",
         "check-no-points"),
    case(lambda: gdkit.check_function(np.tanh, np.tanh, None), TypeError, "points",
         "check-points-none"),
    case(lambda: gdkit.check_derivative(np.cos, 3, [1.0]), TypeError, "f must be",
         "check-derivative-f"),
    case(lambda: gdkit.check_gradient(np.cos, 3, [[1.0]]), TypeError, "f must be",
         "check-gradient-f"),
]  # fmt: skip


@pytest.mark.parametrize(("call", "error", "match"), BAD_INPUTS)
def test_bad_input_raises_a_clear_error_naming_the_argument(call, error, match):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(error, match=match):
            call()
