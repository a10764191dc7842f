"""gdkit's elementary functions dispatch on the type of their argument."""

from __future__ import annotations

import json
import math
import subprocess
import sys

import mpmath
import numpy as np
import pytest
import sympy
import torch

import gdkit
from gdkit import Dual, Value, elementary
from gdkit.elementary import RULES, safe_div, safe_pow

NAMES = [
    "exp",
    "log",
    "sin",
    "cos",
    "tan",
    "tanh",
    "sigmoid",
    "relu",
    "sqrt",
    "abs",
    "erf",
    "softplus",
]
REFERENCE = {
    "exp": math.exp,
    "log": math.log,
    "sin": math.sin,
    "cos": math.cos,
    "tan": math.tan,
    "tanh": math.tanh,
    "sigmoid": lambda x: 1 / (1 + math.exp(-x)),
    "relu": lambda x: max(x, 0.0),
    "sqrt": math.sqrt,
    "abs": math.fabs,
    "erf": math.erf,
    "softplus": lambda x: math.log1p(math.exp(x)),
}
POINTS = [0.3, 1.7]


@pytest.mark.parametrize("name", NAMES)
def test_every_contract_name_is_exported_from_gdkit(name):
    assert getattr(gdkit, name) is getattr(gdkit.elementary, name)
    assert getattr(gdkit, name).__doc__


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("x", POINTS)
def test_float_array_sympy_mpmath_and_torch_give_the_same_value(name, x):
    fn = getattr(gdkit, name)
    expected = REFERENCE[name](x)
    assert fn(x) == pytest.approx(expected, rel=1e-15)
    assert isinstance(fn(x), float)
    assert fn(np.array([x, x]))[1] == pytest.approx(expected, rel=1e-15)
    assert float(fn(sympy.Float(x, 30)).evalf()) == pytest.approx(expected, rel=1e-14)
    with mpmath.workdps(30):
        assert float(fn(mpmath.mpf(x))) == pytest.approx(expected, rel=1e-15)
    assert fn(torch.tensor(x, dtype=torch.float64)).item() == pytest.approx(expected, rel=1e-15)


@pytest.mark.parametrize("name", NAMES)
def test_value_and_dual_receive_the_call_as_a_method(name):
    fn = getattr(gdkit, name)
    v = fn(gdkit.Value(0.7))
    d = fn(gdkit.Dual(0.7, 1.0))
    assert isinstance(v, gdkit.Value) and isinstance(d, gdkit.Dual)
    assert v.data == d.value == pytest.approx(REFERENCE[name](0.7), rel=1e-15)


def test_sympy_symbol_gives_an_expression_that_shows_the_definition():
    x = sympy.Symbol("x", real=True)
    assert gdkit.sigmoid(x) == 1 / (1 + sympy.exp(-x))
    assert gdkit.relu(x) == sympy.Piecewise((x, x > 0), (0, True))
    assert gdkit.abs(x) == sympy.Abs(x)


def test_object_arrays_are_mapped_elementwise():
    arr = np.array([gdkit.Value(0.0), gdkit.Value(1.0)], dtype=object)
    out = gdkit.sigmoid(arr)
    assert [v.data for v in out] == [0.5, pytest.approx(REFERENCE["sigmoid"](1.0))]


def test_ints_lists_and_numpy_scalars_are_accepted():
    assert gdkit.exp(0) == 1.0
    assert gdkit.relu(True) == 1.0
    np.testing.assert_allclose(gdkit.relu([-1.0, 2.0]), [0.0, 2.0])
    assert isinstance(gdkit.tanh(np.float64(0.5)), np.floating)
    np.testing.assert_allclose(gdkit.sqrt(np.array([4, 9])), [2.0, 3.0])


def test_out_of_domain_real_inputs_follow_ieee_instead_of_raising():
    assert gdkit.exp(1000.0) == math.inf
    assert gdkit.log(0.0) == -math.inf
    assert math.isnan(gdkit.log(-1.0))
    assert math.isnan(gdkit.sqrt(-1.0))
    assert math.isnan(gdkit.sin(math.inf))
    assert safe_div(1.0, 0.0) == math.inf and safe_div(-1.0, 0.0) == -math.inf
    assert math.isnan(safe_div(0.0, 0.0))
    assert safe_pow(0.0, -1.0) == math.inf
    assert math.isnan(safe_pow(-8.0, 1 / 3))


def test_sigmoid_and_softplus_do_not_overflow_for_large_inputs():
    assert gdkit.sigmoid(-800.0) == 0.0
    assert gdkit.sigmoid(800.0) == 1.0
    assert gdkit.sigmoid(-40.0) == pytest.approx(math.exp(-40.0), rel=1e-15)
    assert gdkit.softplus(1000.0) == 1000.0
    assert gdkit.softplus(-1000.0) == 0.0
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        np.testing.assert_allclose(gdkit.sigmoid(np.array([-800.0, 800.0])), [0.0, 1.0])


def test_kink_derivative_rules_follow_torch():
    for name in ("relu", "abs"):
        assert RULES[name].deriv(0.0, 0.0) == 0.0
        t = torch.tensor(0.0, dtype=torch.float64, requires_grad=True)
        getattr(torch, name)(t).backward()
        assert t.grad.item() == 0.0


def test_complex_inputs_continue_kinked_functions_analytically_for_the_complex_step():
    h = 1e-20
    for name in ("relu", "abs"):
        fn = getattr(gdkit, name)
        assert fn(complex(2.0, h)).imag / h == 1.0
        assert fn(complex(0.0, h)).imag / h == 0.0
        arr = fn(np.array([complex(-2.0, h), complex(0.0, h)]))
        assert arr.imag.tolist() == [(-h if name == "abs" else 0.0), 0.0]
    assert gdkit.abs(complex(-2.0, h)).real == 2.0


@pytest.mark.parametrize("name", NAMES)
def test_complex_step_of_each_function_equals_its_derivative_rule(name):
    x, h = 0.8, 1e-30
    fn = getattr(gdkit, name)
    y = RULES[name].real(x)
    expected = RULES[name].deriv(x, y)
    assert fn(complex(x, h)).imag / h == pytest.approx(expected, rel=1e-14)
    assert fn(np.array([complex(x, h)]))[0].imag / h == pytest.approx(expected, rel=1e-14)


def test_unsupported_argument_type_raises_type_error_naming_the_function_and_type():
    with pytest.raises(TypeError, match=r"gdkit\.exp\(x\).*str.*expected"):
        gdkit.exp("2")


def test_importing_elementary_loads_neither_sympy_nor_torch():
    code = (
        "import json, sys, gdkit; gdkit.exp(1.0); gdkit.relu(gdkit.Value(1.0)); "
        "gdkit.sigmoid(gdkit.Dual(0.0, 1.0)); print(json.dumps(sorted(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(json.loads(out.stdout))
    assert not {"sympy", "torch", "mpmath", "scipy", "graphviz"} & loaded


# --- the table: every entry complete and consistent ------------------------------------------

# Every entry at points inside its real domain (log and sqrt: positive points only).
TABLE_CASES = [
    (name, x) for name in RULES for x in (-0.7, 0.3, 1.7) if not math.isnan(RULES[name].real(x))
]


def _torch_value_and_grad(fn, x):
    t = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    y = fn(t)
    y.backward()
    return y.item(), t.grad.item()


@pytest.mark.parametrize(("name", "x"), TABLE_CASES)
def test_every_table_entry_agrees_on_floats_value_dual_sympy_and_torch(name, x):
    rule = RULES[name]
    fn = getattr(gdkit, name)
    y = fn(x)
    slope = rule.deriv(x, y)

    v = Value(x)
    out = fn(v)
    out.backward()
    d = fn(Dual(x, 1.0))
    assert (out.data, v.grad) == (y, slope)  # the same floats: Value uses the table as is
    assert (d.value, d.deriv) == (y, slope)

    s = sympy.Symbol("s", real=True)
    expr = rule.sympy(s)
    formula = rule.derivative(s, expr)  # the derivative formula, evaluated symbolically
    point = {s: sympy.Float(x, 30)}
    assert float(expr.evalf(30, subs=point)) == pytest.approx(y, rel=1e-14)
    assert float(sympy.diff(expr, s).evalf(30, subs=point)) == pytest.approx(slope, rel=1e-14)
    assert float(formula.evalf(30, subs=point)) == pytest.approx(slope, rel=1e-14)

    assert _torch_value_and_grad(fn, x) == pytest.approx((y, slope), rel=1e-14)
    assert fn(np.array([x]))[0] == pytest.approx(y, rel=1e-15)
    with mpmath.workdps(30):
        assert float(fn(mpmath.mpf(x))) == pytest.approx(y, rel=1e-15)


@pytest.mark.parametrize("name", list(RULES))
def test_every_table_entry_is_exported_from_gdkit_and_a_method_of_value_and_dual(name):
    assert name in gdkit._EXPORTS[".elementary"]
    assert getattr(gdkit, name).__doc__ == RULES[name].doc
    assert getattr(Value, name).__doc__ == getattr(Dual, name).__doc__ == RULES[name].doc
    assert getattr(Value(0.5), name)().data == getattr(gdkit, name)(0.5)


def test_a_function_added_as_one_table_entry_works_on_every_kind_of_number(monkeypatch):
    monkeypatch.setattr(elementary, "RULES", dict(RULES))  # the entry stays in this test

    @elementary.elementary_function(
        real=lambda x: x * x * x,
        derivative=lambda x, y: 3 * x * x,
        sympy=lambda x: x**3,
        torch=lambda x: x**3,
        numpy=lambda x: x**3,
    )
    def cube(x):
        """x³, with derivative 3x²."""

    assert elementary.RULES["cube"].doc == cube.__doc__ == "x³, with derivative 3x²."
    assert cube(2.0) == 8.0
    np.testing.assert_array_equal(cube(np.array([1.0, 2.0])), [1.0, 8.0])
    assert cube(complex(2.0, 1e-30)).imag / 1e-30 == 12.0  # complex step via numpy

    v = Value(2.0)
    out = cube(v) * v  # x⁴: d/dx = 4x³ = 32
    out.backward()
    assert (out.data, v.grad) == (16.0, 32.0)
    assert cube(v).op == "cube"

    d = cube(Dual(2.0, 1.0))
    assert (d.value, d.deriv) == (8.0, 12.0)

    s = sympy.Symbol("s", real=True)
    assert cube(s) == s**3
    assert gdkit.symbolic_derivative(cube).derivative == 3 * sympy.Symbol("x", real=True) ** 2
    assert gdkit.derivative(cube, 2.0, method="torch") == 12.0
    assert gdkit.derivative(cube, 2.0, method="reverse") == 12.0
    assert gdkit.derivative(cube, 2.0, method="forward") == 12.0
    with pytest.raises(TypeError, match=r"gdkit\.cube\(x\).*mpmath"):
        cube(mpmath.mpf(2))


def test_derivative_at_a_pole_is_the_ieee_value_like_torch():
    assert RULES["log"].deriv(0.0, -math.inf) == math.inf
    assert RULES["log"].deriv(-0.0, -math.inf) == -math.inf
    assert RULES["sqrt"].deriv(0.0, 0.0) == math.inf
    assert isinstance(RULES["sqrt"].deriv(0.0, 0.0), float)


def test_relu_derivative_is_zero_for_every_non_positive_input_including_minus_infinity():
    for x in (-math.inf, -2.0, -0.0, 0.0):
        d = gdkit.relu(Dual(x, 1.0))
        assert (d.value, d.deriv) == (0.0, 0.0)
    assert math.isnan(gdkit.relu(Dual(math.nan, 1.0)).deriv)
