"""Symbolic differentiation: formulas, sizes, lambdified NumPy functions, swell."""

from __future__ import annotations

import inspect
import math

import numpy as np
import pytest
import sympy

import gdkit
from gdkit.symbolic import SymbolicError


def test_derivative_of_the_lecture_quadratic_is_6x_minus_4():
    d = gdkit.symbolic_derivative(lambda x: 3 * x**2 - 4 * x + 5)
    x = d.symbols[0]
    assert d.expr == 3 * x**2 - 4 * x + 5
    assert d.derivative == 6 * x - 4
    assert sympy.solve(d.derivative, x) == [sympy.Rational(2, 3)]
    assert d.expr.subs(x, sympy.Rational(2, 3)) == sympy.Rational(11, 3)


def test_latex_shows_f_and_its_derivative_and_renders_in_notebooks():
    d = gdkit.symbolic_derivative(lambda x: 3 * x**2 - 4 * x + 5)
    assert d.latex == "f(x) = 3 x^{2} - 4 x + 5, \\quad f'(x) = 6 x - 4"
    assert d._repr_latex_() == f"${d.latex}$"


def test_op_count_counts_the_derivative_tree():
    d = gdkit.symbolic_derivative(lambda x: 3 * x**2 - 4 * x + 5)
    assert d.expr_op_count == gdkit.symbolic.count_ops(d.expr) == sympy.count_ops(d.expr)
    assert d.op_count == 2  # 6*x - 4: one MUL, one SUB


def test_sigmoid_derivative_simplifies_to_sigma_times_one_minus_sigma():
    d = gdkit.symbolic_derivative(gdkit.sigmoid)
    x = d.symbols[0]
    s = 1 / (1 + sympy.exp(-x))
    assert sympy.simplify(d.derivative - s * (1 - s)) == 0


def test_numpy_function_is_lambdified_with_cse_and_vectorised():
    d = gdkit.symbolic_derivative(lambda x: gdkit.exp(gdkit.sin(x)) * gdkit.sin(x))
    xs = np.linspace(0, 1, 5)
    expected = np.exp(np.sin(xs)) * np.cos(xs) * (np.sin(xs) + 1)
    np.testing.assert_allclose(d.numpy(xs), expected, rtol=1e-14)
    np.testing.assert_allclose(d.function(xs), np.exp(np.sin(xs)) * np.sin(xs), rtol=1e-14)
    source = inspect.getsource(d.numpy)
    assert "x0 = " in source  # a common subexpression, computed once


def test_at_evaluates_with_arbitrary_precision_without_overflow():
    d = gdkit.symbolic_derivative(gdkit.sigmoid)
    assert d.at(-700.0) == pytest.approx(math.exp(-700.0), rel=1e-14)
    assert d.at(0.0) == 0.25


def test_kinks_follow_torchs_convention_symbolically():
    assert gdkit.symbolic_derivative(gdkit.relu).at(0.0) == 0.0
    assert gdkit.symbolic_derivative(gdkit.abs).at(0.0) == 0.0
    assert gdkit.symbolic_derivative(gdkit.relu).at(2.0) == 1.0


def test_gradient_of_several_variables_lists_each_partial_derivative():
    g = gdkit.symbolic_derivative(lambda w: w[0] ** 2 * w[1] + gdkit.exp(w[1]), 2)
    x0, x1 = g.symbols
    assert g.derivative == [2 * x0 * x1, x0**2 + sympy.exp(x1)]
    np.testing.assert_allclose(g.at([1.5, 0.5]), [1.5, 2.25 + math.exp(0.5)], rtol=1e-15)
    np.testing.assert_allclose(g.numpy(np.array([1.5, 0.5])), [1.5, 2.25 + math.exp(0.5)])
    assert "\\nabla f" in g.latex


def test_data_symbols_give_one_formula_evaluated_for_a_whole_data_set():
    d = gdkit.symbolic_derivative(
        lambda p, x, y: (gdkit.sigmoid(p[0] * x + p[1]) - y) ** 2, 2, data=("x", "y")
    )
    x = np.array([0.5, -1.0, 2.0])
    y = np.array([1.0, 0.0, 1.0])
    p = np.array([0.3, -0.2])
    per_example = d.numpy(p, x, y)
    assert per_example.shape == (2, 3)
    s = 1 / (1 + np.exp(-(p[0] * x + p[1])))
    delta = 2 * (s - y) * s * (1 - s)
    np.testing.assert_allclose(per_example, [delta * x, delta], rtol=1e-13)


def test_matrix_gradient_of_least_squares_is_minus_2_Xt_residual():
    g = gdkit.symbolic_matrix_gradient(
        lambda beta, X, y: (y - X @ beta).T @ (y - X @ beta),
        {"beta": (2, 1), "X": (10, 2), "y": (10, 1)},
        wrt="beta",
    )
    X = sympy.MatrixSymbol("X", 10, 2)
    y = sympy.MatrixSymbol("y", 10, 1)
    beta = sympy.MatrixSymbol("beta", 2, 1)
    assert g.derivative == -2 * X.T * (y - X * beta)
    rng = np.random.default_rng(0)
    Xn, yn, bn = rng.normal(size=(10, 2)), rng.normal(size=(10, 1)), rng.normal(size=(2, 1))
    np.testing.assert_allclose(g.numpy(bn, Xn, yn), 2 * Xn.T @ Xn @ bn - 2 * Xn.T @ yn, rtol=1e-12)


def test_expression_swell_grows_faster_for_the_derivative_and_cse_removes_it():
    table = gdkit.symbolic.expression_swell(depths=range(2, 7))
    np.testing.assert_array_equal(table["depth"], [2, 3, 4, 5, 6])
    assert np.all(np.diff(table["f"]) > 0)
    growth_f = table["f"][-1] / table["f"][0]
    growth_df = table["derivative"][-1] / table["derivative"][0]
    assert growth_df > 5 * growth_f
    assert np.all(table["derivative_cse"] <= table["derivative"])
    assert table["derivative_cse"][-1] < table["derivative"][-1] / 5


def test_expression_swell_accepts_a_builder_of_nested_functions():
    def nested_sin(depth):
        def f(x):
            for _ in range(depth):
                x = gdkit.sin(x)
            return x

        return f

    table = gdkit.symbolic.expression_swell(nested_sin, depths=[1, 2, 3])
    np.testing.assert_array_equal(table["f"], [1, 2, 3])
    assert list(table) == ["depth", "f", "derivative", "derivative_cse", "seconds"]


def test_control_flow_on_a_symbol_raises_symbolic_error_naming_other_methods():
    with pytest.raises(SymbolicError, match="truth value.*method='reverse'"):
        gdkit.symbolic_derivative(lambda x: x if x > 0 else -x)


def test_math_module_functions_raise_symbolic_error_suggesting_gdkit_functions():
    with pytest.raises(SymbolicError, match="gdkit.exp"):
        gdkit.symbolic_derivative(lambda x: math.exp(x))


def test_symbolic_error_is_a_type_error():
    assert issubclass(SymbolicError, TypeError)


def test_non_scalar_result_is_a_value_error():
    with pytest.raises(ValueError, match="must return a scalar"):
        gdkit.symbolic_derivative(lambda w: w * 2, 2)


def test_bad_nvars_is_a_value_error_naming_it():
    with pytest.raises(ValueError, match="nvars=0"):
        gdkit.symbolic_derivative(lambda w: w[0], 0)


def test_matrix_gradient_checks_f_and_wrt_naming_them():
    shapes = {"beta": (2, 1), "X": (10, 2)}
    with pytest.raises(TypeError, match="f=3 is not callable; expected a function of matrices"):
        gdkit.symbolic_matrix_gradient(3, shapes, wrt="beta")
    with pytest.raises(ValueError, match="wrt must be one of 'beta', 'X'; got 'y'"):
        gdkit.symbolic_matrix_gradient(lambda beta, X: beta.T @ beta, shapes, wrt="y")


def test_expression_swell_refuses_a_builder_that_is_not_callable():
    with pytest.raises(TypeError, match="f_builder=3 is not callable; expected depth -> function"):
        gdkit.symbolic.expression_swell(3)
