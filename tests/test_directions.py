"""Steps of fixed length in every direction: −∇C is the best one for small steps."""

from __future__ import annotations

import numpy as np
import pytest

import gdkit
from gdkit.lectures.directions import DirectionalChanges, directional_changes


def bowl(v):
    return float(v[0] ** 2 + 3.0 * v[1] ** 2)


def bowl_grad(v):
    return np.array([2.0 * v[0], 6.0 * v[1]])


def test_first_order_change_is_epsilon_times_gradient_dot_direction():
    changes = directional_changes(bowl, bowl_grad, [3.0, 1.0], eps=0.5, n_directions=8)
    expected = 0.5 * changes.directions @ np.array([6.0, 6.0])
    np.testing.assert_allclose(changes.first_order, expected)


def test_actual_change_is_loss_after_step_minus_loss_before():
    changes = directional_changes(bowl, bowl_grad, [3.0, 1.0], eps=0.5, n_directions=8)
    for u, delta in zip(changes.directions, changes.actual, strict=True):
        assert delta == pytest.approx(bowl(np.array([3.0, 1.0]) + 0.5 * u) - bowl([3.0, 1.0]))


def test_small_steps_decrease_the_loss_most_along_minus_gradient():
    changes = directional_changes(bowl, bowl_grad, [3.0, 1.0], eps=1e-3, n_directions=720)
    assert np.degrees(changes.descent_angle) == pytest.approx(225.0)
    assert changes.angle_gap <= 0.25  # half the grid spacing of 0.5°
    assert changes.best_change == pytest.approx(changes.predicted_best_change, rel=1e-3)


def test_first_order_prediction_is_smallest_at_minus_gradient_length():
    changes = directional_changes(bowl, bowl_grad, [3.0, 1.0], eps=0.1, n_directions=360)
    assert changes.first_order.min() == pytest.approx(changes.predicted_best_change, rel=1e-12)
    assert changes.predicted_best_change == pytest.approx(-0.1 * np.hypot(6.0, 6.0))


def test_large_steps_let_curvature_pull_the_best_direction_away_from_minus_gradient():
    small = directional_changes(bowl, bowl_grad, [3.0, 1.0], eps=0.01)
    large = directional_changes(bowl, bowl_grad, [3.0, 1.0], eps=2.0)
    assert large.angle_gap > 10 * max(small.angle_gap, 0.5)


def test_actual_change_agrees_with_first_order_to_order_epsilon_squared():
    # For the quadratic bowl, ΔC − ∇C·Δv = ε² uᵀ diag(1, 3) u exactly.
    changes = directional_changes(bowl, bowl_grad, [-1.0, 2.0], eps=0.2, n_directions=36)
    u = changes.directions
    curvature = 0.04 * (u[:, 0] ** 2 + 3.0 * u[:, 1] ** 2)
    np.testing.assert_allclose(changes.actual - changes.first_order, curvature, atol=1e-12)


def test_angle_gap_wraps_around_zero():
    changes = DirectionalChanges(
        point=np.zeros(2),
        eps=1.0,
        gradient=np.array([-1.0, 1e-3]),  # −∇C points just below angle 0 (≈ 359.94°)
        angles=np.array([0.0, np.pi]),
        directions=np.array([[1.0, 0.0], [-1.0, 0.0]]),
        first_order=np.array([-1.0, 1.0]),
        actual=np.array([-1.0, 1.0]),
    )
    assert changes.angle_gap < 0.1


def test_repr_is_deterministic_text_without_addresses():
    text = repr(directional_changes(bowl, bowl_grad, [3.0, 1.0], eps=0.01))
    assert text.startswith("DirectionalChanges(eps=0.01, 360 directions")
    assert "0x" not in text


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"point": [1.0, 2.0, 3.0]}, "point must be a finite vector of 2 numbers"),
        ({"point": [np.nan, 0.0]}, "point must be a finite vector of 2 numbers"),
        ({"eps": 0.0}, "eps must be a positive finite number, got 0.0"),
        ({"eps": np.inf}, "eps must be a positive finite number"),
        ({"n_directions": 3}, "n_directions must be an integer ≥ 4, got 3"),
    ],
)
def test_bad_arguments_are_named_with_the_value_received(kwargs, words):
    arguments = {"point": [1.0, 1.0], "eps": 0.1, "n_directions": 8} | kwargs
    with pytest.raises(ValueError, match=words):
        directional_changes(bowl, bowl_grad, **arguments)


def test_a_gradient_of_the_wrong_shape_is_reported():
    with pytest.raises(ValueError, match="grad\\(point\\) must return a finite vector"):
        directional_changes(bowl, lambda v: np.zeros(3), [1.0, 1.0], eps=0.1)


def test_public_names_are_reachable_from_gdkit():
    assert gdkit.lectures.directional_changes is directional_changes
    assert gdkit.lectures.DirectionalChanges is DirectionalChanges
