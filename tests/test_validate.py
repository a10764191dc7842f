"""gdkit._validate: every check takes (name, value), converts, and names the argument when it fails."""

from __future__ import annotations

import numpy as np
import pytest

from gdkit import _validate as v


@pytest.mark.parametrize(
    ("check", "args", "expected"),
    [
        (v.real_scalar, (2,), 2.0),
        (v.finite_number, (np.float32(1.5),), 1.5),
        (v.positive, (3,), 3.0),
        (v.non_negative, (0,), 0.0),
        (v.fraction, (1,), 1.0),
        (v.integer, (4.0,), 4),
        (v.choice, ("sum", ("sum", "mean")), "sum"),
    ],
)
def test_a_good_value_comes_back_converted(check, args, expected):
    out = check("arg", *args)
    assert out == expected and type(out) is type(expected)


@pytest.mark.parametrize(
    ("check", "args", "error", "message"),
    [
        (v.real_scalar, (1 + 2j,), TypeError, "arg=(1+2j): expected a real number, got a complex one"),
        (v.real_scalar, ("3",), TypeError, "arg='3': expected a real number, got a string"),
        (v.real_scalar, ([1.0, 2.0],), ValueError, "arg: expected a real scalar, got list of shape (2,)"),
        (v.finite_number, (np.inf,), ValueError, "arg must be a finite number, got inf"),
        (v.positive, (0.0,), ValueError, "arg must be a positive finite number, got 0.0"),
        (v.positive, (True,), ValueError, "arg must be a positive finite number, got True"),
        (v.non_negative, (-1,), ValueError, "arg must be a non-negative finite number, got -1"),
        (v.fraction, (1.5,), ValueError, "arg must be a probability in [0, 1], got 1.5"),
        (v.integer, (2.5, 1), ValueError, "arg must be a positive integer, got 2.5"),
        (v.integer, (3, 4), ValueError, "arg must be an integer ≥ 4, got 3"),
        (v.integer, (-1, 0), ValueError, "arg must be a non-negative integer, got -1"),
        (v.choice, ("max", ("sum", "mean")), ValueError, "arg must be one of 'sum', 'mean'; got 'max'"),
        (v.function, (3,), TypeError, "arg=3 is not callable; expected a function"),
    ],
)
def test_a_bad_value_raises_an_error_naming_the_argument(check, args, error, message):
    with pytest.raises(error) as info:
        check("arg", *args)
    assert str(info.value) == message


def test_real_array_converts_and_reports_shape_problems():
    assert v.real_array("X", [[1, 2], [3, 4]]).dtype == np.float64
    labels = v.real_array("y", np.array([1, 2]), as_float=False)
    assert labels.dtype.kind == "i"
    with pytest.raises(ValueError, match="X must be a rectangular array of shape"):
        v.real_array("X", [[1, 2], [3]], "of shape (n, 2)")
    with pytest.raises(TypeError, match="X must be an array of real numbers"):
        v.real_array("X", ["a", "b"])
    with pytest.raises(ValueError, match="X must have at least 2 dimension"):
        v.real_array("X", [1.0, 2.0], min_ndim=2)
    with pytest.raises(ValueError, match="X is empty"):
        v.real_array("X", [], allow_empty=False)
