"""The loss explorer (lecture 01) driven headless: quadratic cost vs 0-1 loss of one neuron."""

from __future__ import annotations

import base64
import json

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import gdkit  # noqa: E402
from gdkit import explorers  # noqa: E402
from gdkit.explorers.loss import loss_curves, sigmoid_neuron_data  # noqa: E402

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def loss():
    return explorers.LossExplorer()


def _lecture_neuron(w, b=-4.0):
    """Lecture 01's own computation, written out: σ(w x + b) on its seeded points."""
    rng = np.random.default_rng(2)
    x = np.sort(rng.uniform(0, 4, 20))
    y = (x + rng.normal(0, 0.5, 20) > 2).astype(float)
    a = 1 / (1 + np.exp(-(w * x + b)))
    return a, y


def test_default_data_are_the_points_lecture_01_draws():
    x, y = sigmoid_neuron_data()
    _, y_lecture = _lecture_neuron(1.0)
    rng = np.random.default_rng(2)
    np.testing.assert_array_equal(x, np.sort(rng.uniform(0, 4, 20)))
    np.testing.assert_array_equal(y, y_lecture)


def test_losses_at_w_match_gdkit_losses_on_the_lecture_neuron(loss):
    loss.set(w=0.5, b=-4.0)
    state = loss.state
    a, y = _lecture_neuron(0.5)
    assert state["quadratic"] == pytest.approx(float(gdkit.quadratic_cost(a, y)), rel=1e-12)
    assert state["zero_one"] == float(gdkit.zero_one_loss(a, y))
    assert state["wrong"] == 11 and state["zero_one"] == 0.55


def test_quadratic_slope_is_the_chain_rule_derivative_and_nonzero(loss):
    for w in (0.5, 1.5, 3.0, 6.0):
        loss.set(w=w)
        state = loss.state
        numeric = gdkit.finite_difference(
            lambda v: float(gdkit.quadratic_cost(_lecture_neuron(v)[0], _lecture_neuron(v)[1])),
            w, h=1e-5)
        assert state["quadratic_slope"] == pytest.approx(numeric, rel=1e-6)
        assert state["quadratic_slope"] != 0.0


def test_quadratic_slope_points_downhill_on_both_sides_of_the_valley(loss):
    loss.set(w=0.5)
    assert loss.state["quadratic_slope"] < 0 and loss.state["direction"] == "increase w"
    loss.set(w=6.0)
    assert loss.state["quadratic_slope"] > 0 and loss.state["direction"] == "decrease w"


def test_zero_one_slope_is_zero_between_jumps(loss):
    for w in np.arange(0.0, 8.0001, 0.05):
        loss.set(w=float(round(w, 2)))
        state = loss.state
        if abs(state["nearest_jump"] - state["w"]) > 1e-3:
            assert state["zero_one_slope"] == 0.0, state["w"]
            assert state["verdict"].startswith("0-1 loss flat")


def test_zero_one_slope_is_a_cliff_at_a_jump():
    first = explorers.loss_state(0.5)["jumps"][0]
    state = explorers.loss_state(first)
    assert abs(state["zero_one_slope"]) == pytest.approx(1 / 20 / 2e-4)  # one point, over 2h
    assert state["verdict"] == "0-1 loss jumps here: no derivative"
    before, after = explorers.loss_state(first - 0.01), explorers.loss_state(first + 0.01)
    assert before["zero_one_slope"] == after["zero_one_slope"] == 0.0
    assert abs(after["zero_one"] - before["zero_one"]) == pytest.approx(1 / 20)


def test_jumps_are_where_the_threshold_crosses_a_point():
    x, _ = sigmoid_neuron_data()
    for b in (-4.0, -2.5):
        state = explorers.loss_state(1.0, b)
        np.testing.assert_allclose(state["jumps"], np.sort(-b / x))
        ws = np.linspace(0.01, 8.0, 801)
        _, errors = loss_curves(ws, b)
        steps = 0.5 * (ws[:-1] + ws[1:])[np.diff(errors) != 0]
        inside = [j for j in state["jumps"] if ws[0] < j < ws[-1]]
        assert len(steps) == len(inside)
        np.testing.assert_allclose(steps, inside, atol=(ws[1] - ws[0]))


def test_bias_slider_moves_the_staircase(loss):
    loss.set(w=1.2, b=-4.0)
    jumps_before = loss.state["jumps"]
    loss.set(b=-2.0)
    assert loss.state["jumps"] != jumps_before
    assert loss.state["b"] == -2.0
    loss.set(b=-4.0)


def test_state_is_plain_json_and_text_repr_is_deterministic(loss):
    loss.set(w=0.5, b=-4.0)
    json.dumps(loss.state)
    assert repr(loss) == (
        "LossExplorer(w=0.5, b=-4.0, quadratic=0.240906, quadratic_slope=-0.0836471, "
        "zero_one=0.55, zero_one_slope=0.0)"
    )
    assert repr(explorers.LossExplorer(w=0.5)) == repr(loss)
    bundle, metadata = loss._repr_mimebundle_()
    assert metadata["image/png"]["alt"] == loss.alt
    assert bundle["text/plain"] == repr(loss)
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert base64.b64decode(bundle["image/png"]).startswith(PNG_MAGIC)
    assert loss.image.value == loss.png


def test_moving_the_slider_like_the_browser_does_recomputes_and_redraws(loss):
    loss.set(w=0.5)
    png, label = loss.png, loss.label.value
    loss.controls["w"].value = 2.0
    assert loss.state["w"] == 2.0 and loss.state["zero_one"] == 0.1
    assert loss.png != png and loss.label.value != label
    loss.set(w=0.5)


def test_loss_explorer_never_registers_figures_with_pyplot():
    before = plt.get_fignums()
    explorer = explorers.LossExplorer(w=1.0)
    explorer.set(w=3.0, b=-3.0)
    assert plt.get_fignums() == before


def test_set_and_state_function_reject_bad_values(loss):
    with pytest.raises(ValueError, match=r"w must be a number in \[0, 8\], got 9"):
        loss.set(w=9)
    with pytest.raises(TypeError, match="unknown control 'eta'"):
        loss.set(eta=0.1)
    with pytest.raises(ValueError, match="h must be > 0"):
        explorers.loss_state(1.0, h=0.0)
    with pytest.raises(TypeError, match="x and y must be given together"):
        explorers.loss_state(1.0, x=[1.0, 2.0])
    with pytest.raises(ValueError, match="y must hold labels 0 and 1"):
        explorers.loss_state(1.0, x=[1.0, 2.0], y=[0.0, 2.0])


def test_lazy_names_reach_the_explorer():
    assert gdkit.LossExplorer is explorers.LossExplorer
    assert gdkit.explorers.loss_state is explorers.loss_state
