"""The exercise checks say right from wrong, and why."""

from __future__ import annotations

import math

import numpy as np
import pytest

import gdkit
from gdkit.exercises import check_derivative, check_function, check_gradient, check_number


def test_check_number_accepts_the_right_value_and_names_it():
    result = check_number(2 / 3, 2 / 3, name="x*")
    assert result and "x* = 0.666667 is right" in result.message


def test_check_number_rejects_a_wrong_value_and_gives_the_right_one():
    result = check_number(0.5, 2 / 3, name="x*")
    assert not result and "0.666667" in result.message


def test_check_number_points_out_a_flipped_sign():
    assert "sign is flipped" in check_number(16.0, -16.0).message


def test_unanswered_exercise_is_reported_not_raised():
    assert not check_number(None, 1.0)
    assert "not answered yet" in check_number(None, 1.0).message

    def blank(x):
        raise NotImplementedError

    assert "not answered yet" in check_function(blank, math.sin, [0.0]).message


def test_check_number_compares_shapes():
    result = check_number([1.0, 2.0], np.array([1.0, 2.0, 3.0]), name="beta")
    assert not result and "shape (3,)" in result.message


def test_check_function_names_the_first_point_where_it_differs():
    result = check_function(lambda x: 6 * x, lambda x: 6 * x - 4, [0.0, 1.0])
    assert not result and "x = 0" in result.message and "-4" in result.message


def test_check_function_reports_a_crash_in_student_code():
    result = check_function(lambda x: 1 / 0, math.sin, [1.0])
    assert not result and "ZeroDivisionError" in result.message


def test_check_function_rejects_non_callables_with_a_clear_error():
    with pytest.raises(TypeError, match="student must be a function"):
        check_function(3.0, math.sin, [1.0])
    with pytest.raises(ValueError, match="points must contain at least one point"):
        check_function(math.sin, math.sin, [])


def test_check_derivative_uses_autodiff_as_the_truth():
    def f(x):
        return 3 * x * x - 4 * x + 5

    assert check_derivative(lambda x: 6 * x - 4, f, [-2.0, 0.0, 2 / 3])
    wrong = check_derivative(lambda x: 6 * x + 4, f, [-2.0])
    assert not wrong and "-16" in wrong.message


def test_check_gradient_on_a_two_parameter_function():
    def f(w):
        return w[0] ** 2 + 3 * w[0] * w[1]

    assert check_gradient(lambda w: np.array([2 * w[0] + 3 * w[1], 3 * w[0]]), f, [[1.0, 2.0]])
    assert not check_gradient(lambda w: np.array([2 * w[0], 3 * w[0]]), f, [[1.0, 2.0]])


def test_checks_are_reachable_from_the_top_level():
    assert gdkit.check_number is check_number
    assert repr(check_number(1.0, 1.0)).startswith("✔")
