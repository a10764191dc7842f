"""torch.autograd in float64: derivatives, gradients, graph sizes, argument checks."""

from __future__ import annotations

import math

import numpy as np
import pytest

import gdkit
from gdkit.torch_autodiff import torch_derivative, torch_gradient


def test_torch_derivative_and_gradient_match_the_hand_derivatives():
    value, nodes = torch_derivative(lambda x: gdkit.sin(x) * x, 0.5)
    assert value == pytest.approx(math.cos(0.5) * 0.5 + math.sin(0.5), rel=1e-15)
    assert nodes > 0
    grad, _ = torch_gradient(lambda w: w[0] ** 2 * w[1], [1.5, 2.0])
    np.testing.assert_allclose(grad, [6.0, 2.25], rtol=1e-15)


def test_a_function_that_ignores_x_has_zero_derivative_and_no_nodes():
    assert torch_derivative(lambda x: 3.0, 1.0) == (0.0, 0)
    grad, nodes = torch_gradient(lambda w: 3.0, np.ones(2))
    assert grad.tolist() == [0.0, 0.0] and nodes == 0


def test_bad_arguments_raise_errors_naming_them():
    with pytest.raises(TypeError, match="f=3 is not callable"):
        torch_derivative(3, 1.0)
    with pytest.raises(TypeError, match="x='a'"):
        torch_derivative(lambda x: x, "a")
    with pytest.raises(TypeError, match="x must be an array of real numbers"):
        torch_gradient(lambda w: w[0], ["a"])
