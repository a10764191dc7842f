"""Every explorer driven headless: build it, move its controls, assert on the computed state."""

from __future__ import annotations

import base64
import html
import json
import math

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from gdkit import explorers  # noqa: E402
from gdkit import plots as gdkit_plots  # noqa: E402
from gdkit.datasets import regression_data  # noqa: E402
from gdkit.elementary import log  # noqa: E402
from gdkit.least_squares import design_matrix, least_squares_hessian  # noqa: E402
from gdkit.palettes import OKABE_ITO  # noqa: E402

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def tangent():
    return explorers.TangentExplorer()


@pytest.fixture(scope="module")
def learning_rate():
    return explorers.LearningRateExplorer()


@pytest.fixture(scope="module")
def finite_difference():
    return explorers.FiniteDifferenceExplorer()


@pytest.fixture(scope="module")
def four_way():
    return explorers.DerivativeExplorer()


@pytest.fixture(scope="module")
def batch():
    return explorers.BatchSizeExplorer()


@pytest.fixture(scope="module")
def activation():
    return explorers.ActivationExplorer()


@pytest.fixture(scope="module")
def mnist():
    return explorers.MnistExplorer(n_train=200, n_test=100, hidden=10, epochs=2)


@pytest.fixture(scope="module")
def loss():
    return explorers.LossExplorer()


ALL = ("tangent", "learning_rate", "finite_difference", "four_way", "batch", "activation",
       "mnist", "loss")


# --- shared behaviour ---------------------------------------------------------------


@pytest.mark.parametrize("name", ALL)
def test_state_is_plain_json_and_repr_is_deterministic(name, request):
    explorer = request.getfixturevalue(name)
    json.dumps(explorer.state)  # floats, ints, strings, lists and dicts only
    text = repr(explorer)
    assert text.startswith(type(explorer).__name__ + "(") and "0x" not in text
    assert repr(explorer) == text


@pytest.mark.parametrize("name", ALL)
def test_display_gives_widget_view_png_and_text(name, request):
    explorer = request.getfixturevalue(name)
    bundle, metadata = explorer._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert base64.b64decode(bundle["image/png"]).startswith(PNG_MAGIC)
    assert bundle["text/plain"] == repr(explorer)
    assert explorer.image.value == explorer.png
    assert metadata == {"image/png": {"alt": explorer.alt}}


# --- accessibility: labels, live caption, text alternative, colours ----------------------

# Two settings per explorer, and words with numbers from each state that its caption and
# its figure's alt text must both say.
STATES = {
    "tangent": (({"x": -2.0}, ["x = -2", "-16"]), ({"x": 1.5}, ["x = 1.5", "5"])),
    "activation": (({"name": "sigmoid", "z": 0.0}, ["sigmoid", "z = 0", "0.25"]),
                   ({"name": "tanh", "z": 0.5}, ["tanh", "z = 0.5", "0.4621"])),
    "loss": (({"w": 0.5, "b": -4.0}, ["w = 0.5", "0.2409", "0.55"]),
             ({"w": 2.0, "b": -4.0}, ["w = 2", "0.1"])),
    "finite_difference": (({"function": "sin(x)", "x": 1.0, "h": 1e-5}, ["sin(x)", "1.0e-05"]),
                          ({"function": "exp(x)", "x": 0.5, "h": 1e-3}, ["exp(x)", "1.0e-03"])),
    "four_way": (({"function": "3x² − 4x + 5", "x": -2.0}, ["x = -2", "-16"]),
                 ({"function": "x^x", "x": 1.5}, ["x^x", "x = 1.5", "2.582"])),
    "learning_rate": (({"eta": 0.002, "b0": -8.0, "b1": -3.2, "steps": 1000},
                       ["2.00e-03", "converged"]),
                      ({"eta": 0.0065, "b0": -8.0, "b1": -2.0, "steps": 100},
                       ["6.50e-03", "diverged"])),
    "batch": (({"batch_sizes": (1, 10), "eta": 0.01, "epochs": 3, "reduction": "mean"},
               ["m = 1", "m = 10", "3 epochs", "1.00e-02"]),
              ({"batch_sizes": (2,), "eta": 0.001, "epochs": 5, "reduction": "mean"},
               ["m = 2", "5 epochs", "1.00e-03"])),
    "mnist": (({"hidden": 10, "epochs": 1}, ["784-10-10"]),
              ({"hidden": 12, "epochs": 2}, ["784-12-10"])),
}


@pytest.mark.parametrize("name", ALL)
def test_every_control_has_a_visible_description(name, request):
    explorer = request.getfixturevalue(name)
    row = explorer.widget.children[0]  # the controls, then buttons and progress bars
    assert list(explorer.controls.values()) == list(row.children)[:len(explorer.controls)]
    for widget in row.children:
        assert widget.description.strip(), f"{type(widget).__name__} without a description"
        style = getattr(widget, "style", None)
        if style is not None and hasattr(style, "description_width"):
            assert style.description_width == "initial"  # never cut short


@pytest.mark.parametrize("name", ALL)
def test_caption_is_a_live_region_that_says_the_new_state(name, request):
    explorer = request.getfixturevalue(name)
    assert "gdkit-live" in explorer.label._dom_classes
    texts = []
    for values, words in STATES[name]:
        explorer.set(**values)
        caption = explorer.caption(explorer.state)
        value = explorer.label.value
        assert value.startswith('<div role="status" aria-live="polite"')
        assert html.escape(caption, quote=False) in value
        for word in words:
            assert word in caption, (word, caption)
        texts.append(value)
    assert texts[0] != texts[1]


@pytest.mark.parametrize("name", ALL)
def test_the_figure_has_an_alt_text_with_the_numbers_of_its_state(name, request):
    explorer = request.getfixturevalue(name)
    alts = []
    for values, words in STATES[name]:
        explorer.set(**values)
        alt = explorer.alt
        assert alt == explorer.alt_text(explorer.state) == explorer.alt_text()
        assert len(alt) > 60 and alt.endswith(".") and "\n" not in alt
        for word in words:
            assert word in alt, (word, alt)
        assert explorer.image.tooltip == alt  # the live image's title (and, via the extension, alt)
        assert gdkit_plots.alt_text(explorer.figure) == alt  # stored on the figure too
        _, metadata = explorer._repr_mimebundle_()
        assert metadata["image/png"]["alt"] == alt  # the static display's <img alt>
        alts.append(alt)
    assert alts[0] != alts[1]


def test_the_live_image_syncs_a_description_so_its_tooltip_reaches_the_page(tangent):
    state = tangent.image.get_state()
    assert state["description"] == "" and state["tooltip"] == tangent.alt
    assert state["_model_name"] == "ImageModel" and state["format"] == "png"


def test_an_error_state_says_so_in_the_caption_and_the_alt():
    explorer = explorers.TangentExplorer(lambda x: 1 / x, x=1.0)
    explorer.set(x=0.0)
    assert "cannot compute: ZeroDivisionError" in explorer.label.value
    assert explorer.alt.startswith("Tangent: no plot, only the message")
    assert "ZeroDivisionError" in explorer.alt and explorer.image.tooltip == explorer.alt
    explorer.set(x=2.0)
    assert "x = 2" in explorer.alt and "no plot" not in explorer.alt


def test_caption_text_is_escaped_inside_its_html():
    from gdkit.explorers.base import live_html

    html = live_html("a < b & c")
    assert "a &lt; b &amp; c" in html and html.count("<b>") == 1


def _hex(colour) -> str:
    from matplotlib.colors import to_hex

    return to_hex(colour).lower()


@pytest.mark.parametrize("name", ALL)
def test_series_use_the_palette_and_differ_by_more_than_colour(name, request):
    explorer = request.getfixturevalue(name)
    palette = {c.lower() for c in OKABE_ITO}
    for ax in explorer.figure.axes:
        for line in ax.get_lines():
            colour = _hex(line.get_color())
            grey = colour[1:3] == colour[3:5] == colour[5:7]
            assert colour in palette or grey, (name, line.get_label(), colour)
        series = [ln for ln in ax.get_lines() if not ln.get_label().startswith("_")]
        looks = [(str(ln.get_linestyle()), ln.get_marker()) for ln in series]
        assert len(set(looks)) == len(looks), (name, [ln.get_label() for ln in series], looks)


def test_explorers_never_register_figures_with_pyplot():
    before = plt.get_fignums()
    explorers.TangentExplorer().set(x=1.0)
    explorers.ActivationExplorer().set(name="relu")
    assert plt.get_fignums() == before


def test_set_rejects_unknown_controls_and_out_of_range_values(tangent, batch):
    with pytest.raises(TypeError, match="unknown control 'y'"):
        tangent.set(y=1.0)
    with pytest.raises(ValueError, match=r"x must be a number in \[-4, 4\], got 9"):
        tangent.set(x=9)
    with pytest.raises(ValueError, match="batch_sizes must be a tuple of values from"):
        batch.set(batch_sizes=(3,))
    with pytest.raises(ValueError, match="reduction must be one of"):
        batch.set(reduction="median")


def test_moving_a_control_like_the_browser_does_recomputes(tangent):
    tangent.controls["x"].value = 1.0
    assert tangent.state["slope"] == 2.0
    tangent.set(x=-2.0)


def test_an_error_in_the_computation_becomes_a_verdict_not_a_traceback():
    explorer = explorers.TangentExplorer(lambda x: 1 / x, x=1.0)
    assert explorer.state["slope"] == -1.0
    explorer.set(x=0.0)
    assert explorer.state["direction"] == "error"
    assert explorer.state["message"].startswith("ZeroDivisionError")
    assert "cannot compute" in explorer.label.value
    assert explorer.png.startswith(PNG_MAGIC)
    explorer.set(x=2.0)  # and it recovers
    assert explorer.state["slope"] == -0.25


# --- tangent --------------------------------------------------------------------------


def test_tangent_at_minus_two_has_slope_minus_sixteen(tangent):
    tangent.set(x=-2.0)
    state = tangent.state
    assert state["slope"] == -16.0 and state["f_x"] == 25.0
    assert state["intercept"] == 25.0 - 32.0
    assert state["step_sign"] == 1.0 and state["direction"] == "increase x"
    assert repr(tangent) == "TangentExplorer(x=-2.0, slope=-16.0, direction='increase x')"


def test_tangent_direction_follows_the_sign_of_the_slope(tangent):
    tangent.set(x=2 / 3)
    assert tangent.state["slope"] == pytest.approx(0.0, abs=1e-12)
    tangent.set(x=3.0)
    assert tangent.state["slope"] == 14.0 and tangent.state["direction"] == "decrease x"


def test_tangent_outside_the_domain_is_undefined_not_an_error():
    state = explorers.tangent_state(log, -1.0)
    assert math.isnan(state["f_x"]) and state["direction"].startswith("undefined")
    explorer = explorers.TangentExplorer(log, xlim=(-1.0, 3.0), x=-0.5)
    assert explorer.state["direction"].startswith("undefined")


# --- learning rate ----------------------------------------------------------------------


def test_lr_threshold_is_two_over_the_largest_hessian_eigenvalue(learning_rate):
    x, _ = regression_data()
    lam = np.linalg.eigvalsh(least_squares_hessian(design_matrix(x))).max()
    assert learning_rate.state["threshold"] == pytest.approx(2 / lam)
    assert 0.0055 < learning_rate.state["threshold"] < 0.0065


def test_lr_lecture_settings_converge_oscillate_and_diverge(learning_rate):
    learning_rate.set(eta=0.002, b0=-8.0, b1=-3.2, steps=1000)
    state = learning_rate.state
    assert state["verdict"] == "converged"
    assert len(state["trajectory"]) == 1001 and state["trajectory"][0] == [-8.0, -3.2]
    np.testing.assert_allclose(state["final_params"], state["optimum"], atol=1e-8)
    learning_rate.set(eta=0.0055, b0=-8.0, b1=-2.0, steps=100)
    assert learning_rate.state["verdict"] == "oscillating"
    assert learning_rate.state["oscillating"] is True
    learning_rate.set(eta=0.0065)
    state = learning_rate.state
    assert state["verdict"] == "diverged" and state["steps_taken"] < 100
    assert state["final_loss"] > state["losses"][0]


def test_lr_below_half_the_threshold_does_not_oscillate():
    state = explorers.lr_state(0.002, (-8.0, -2.0), 100)
    assert state["oscillating"] is False


def test_lr_extreme_slider_values_give_a_verdict(learning_rate):
    eta = learning_rate.controls["eta"]
    learning_rate.set(eta=eta.base**eta.max, steps=2000)
    assert learning_rate.state["verdict"] == "diverged"
    assert all(math.isfinite(v) for v in learning_rate.state["losses"])
    learning_rate.set(eta=eta.base**eta.min, steps=1, b0=12.0, b1=-6.0)
    assert learning_rate.state["verdict"] == "not converged"
    assert len(learning_rate.state["trajectory"]) == 2


# --- finite differences -------------------------------------------------------------------


def test_fd_errors_follow_truncation_and_round_off(finite_difference):
    finite_difference.set(function="3x² − 4x + 5", x=-2.0, h=1e-3)
    errors = finite_difference.state["errors"]
    assert errors["forward"] == pytest.approx(3e-3, rel=1e-6)  # f''/2 · h with f'' = 6
    assert errors["central"] < 1e-9  # exact for a quadratic up to round-off
    finite_difference.set(function="sin(x)", x=1.0, h=1e-13)
    errors = finite_difference.state["errors"]  # round-off ε|f|/h dominates
    assert errors["forward"] > 1e-6 and errors["complex-step"] < 1e-15


def test_fd_best_steps_sit_at_the_bottom_of_each_v(finite_difference):
    finite_difference.set(function="sin(x)", x=1.0, h=1e-5)
    best = finite_difference.state["best_h"]
    assert 1e-10 < best["forward"] < 1e-6
    assert 1e-7 < best["central"] < 1e-3
    assert finite_difference.state["exact"] == pytest.approx(math.cos(1.0))


def test_fd_extreme_steps_give_finite_errors(finite_difference):
    for h in (1e-16, 1.0):
        finite_difference.set(function="exp(x)", x=3.0, h=h)
        assert all(math.isfinite(e) for e in finite_difference.state["errors"].values())


# --- four ways --------------------------------------------------------------------------------


def test_four_way_table_for_the_lecture_polynomial(four_way):
    four_way.set(function="3x² − 4x + 5", x=-2.0)
    state = four_way.state
    assert state["reference"] == "symbolic" and state["disagreements"] == []
    values = {row["method"]: row["value"] for row in state["rows"]}
    assert values["manual"] == values["reverse"] == values["forward"] == -16.0
    assert "<table" in four_way.table.value and "manual" in four_way.table.value


def test_four_way_table_updates_with_the_function(four_way):
    four_way.set(function="σ(x) = 1/(1 + e^−x)", x=0.0)
    rows = {row["method"]: row for row in four_way.state["rows"]}
    assert rows["reverse"]["value"] == pytest.approx(0.25)
    assert rows["manual"]["flag"] == "ok"
    four_way.set(function="tanh(e^x)", x=1.0)
    expected = (1 - math.tanh(math.e) ** 2) * math.e
    assert {row["method"]: row for row in four_way.state["rows"]}["forward"][
        "value"] == pytest.approx(expected)


def test_four_way_outside_the_domain_flags_rows_instead_of_raising(four_way):
    four_way.set(function="x^x", x=-1.5)
    assert four_way.state["disagreements"]
    assert "manual" in four_way.state["disagreements"]


# --- batch size ---------------------------------------------------------------------------------


def test_batch_runs_take_epochs_times_batches_updates(batch):
    batch.set(batch_sizes=(1, 2, 5, 10), eta=0.01, epochs=3, seed=0, reduction="mean")
    runs = batch.state["runs"]
    assert [r["batch_size"] for r in runs] == [1, 2, 5, 10]
    assert [r["updates"] for r in runs] == [30, 15, 6, 3]
    assert all(len(r["path"]) == r["updates"] + 1 for r in runs)
    assert all(r["path"][0] == [-8.0, -3.2] for r in runs)


def test_summing_batch_gradients_makes_large_batches_diverge(batch):
    batch.set(batch_sizes=(1, 10), eta=0.01, epochs=30, reduction="mean")
    assert [r["verdict"] for r in batch.state["runs"]] != ["diverged"] * 2
    assert batch.state["runs"][1]["verdict"] != "diverged"
    batch.set(reduction="sum")
    assert batch.state["verdicts"]["10"] == "diverged"
    assert batch.state["verdicts"]["1"] != "diverged"


def test_small_batches_get_nearer_the_minimum_in_the_same_epochs(batch):
    batch.set(batch_sizes=(1, 10), eta=0.01, epochs=30, seed=0, reduction="mean")
    one, ten = batch.state["runs"]
    assert one["final_distance"] < ten["final_distance"]


def test_batch_state_is_reproducible_and_seed_dependent():
    a = explorers.batch_state((1,), 0.01, 5, seed=3)
    assert a == explorers.batch_state((1,), 0.01, 5, seed=3)
    assert a["runs"][0]["path"] != explorers.batch_state((1,), 0.01, 5, seed=4)["runs"][0]["path"]


def test_batch_without_any_batch_size_shows_nothing_without_error(batch):
    batch.set(batch_sizes=())
    assert batch.state["runs"] == [] and batch.state["verdicts"] == {}
    batch.set(batch_sizes=(1, 5, 10))


# --- activations -------------------------------------------------------------------------------


def test_activation_values_and_slopes(activation):
    activation.set(name="sigmoid", z=0.0)
    assert activation.state["value"] == 0.5 and activation.state["slope"] == 0.25
    activation.set(name="tanh", z=0.0)
    assert activation.state["slope"] == 1.0
    activation.set(name="relu", z=2.0)
    assert (activation.state["value"], activation.state["slope"]) == (2.0, 1.0)
    activation.set(z=-2.0)
    assert activation.state["slope"] == 0.0 and activation.state["saturated"] is True


def test_sigmoid_saturates_at_the_ends_of_the_slider(activation):
    activation.set(name="sigmoid", z=activation.controls["z"].max)
    slope = activation.state["slope"]
    assert slope == pytest.approx(activation.state["value"] * (1 - activation.state["value"]))
    assert activation.state["saturated"] is True


# --- MNIST ---------------------------------------------------------------------------------------


def test_mnist_records_one_point_per_epoch(mnist):
    state = mnist.state
    assert state["epoch"] == [1, 2]
    assert len(state["loss"]) == len(state["val_accuracy"]) == 2
    assert state["n_train"] == 200 and state["n_test"] == 100
    assert mnist.progress.value == mnist.progress.max == 2


def test_mnist_same_initialisation_again_reproduces_the_run(mnist):
    mnist.set(hidden=10, eta=3.0, batch_size=10, epochs=2, seed=0)
    first = mnist.state
    mnist.again_button.click()
    assert mnist.state == first
    mnist.new_button.click()
    assert mnist.state["seed"] == 1 and mnist.state["loss"] != first["loss"]


def test_mnist_sliders_wait_for_a_button(mnist):
    count = mnist.trainings
    mnist.controls["hidden"].value = 12
    assert mnist.trainings == count and "press a button" in mnist.label.value
    mnist.train()
    assert mnist.trainings == count + 1 and mnist.state["hidden"] == 12


def test_mnist_extreme_learning_rates_give_a_verdict(mnist):
    mnist.set(eta=100.0, epochs=1, hidden=5)
    assert mnist.state["verdict"] in ("not learning", "learning", "diverged")
    mnist.set(eta=0.001)
    assert mnist.state["verdict"] == "not learning"


def test_a_closed_explorer_still_shows_its_last_figure_and_text():
    explorer = explorers.ActivationExplorer(name="tanh", z=1.0)
    explorer.close()
    bundle, metadata = explorer._repr_mimebundle_()
    assert sorted(bundle) == ["image/png", "text/plain"]
    assert "tanh" in metadata["image/png"]["alt"] and "z = 1" in metadata["image/png"]["alt"]
    assert bundle["text/plain"].startswith("ActivationExplorer(name='tanh', z=1.0")


def test_importing_plots_and_explorers_loads_neither_matplotlib_nor_ipywidgets():
    import subprocess
    import sys

    code = ("import sys, gdkit, gdkit.plots, gdkit.explorers; "
            "gdkit.TangentExplorer; gdkit.plot_trajectory; "
            "print(sorted(m for m in ('matplotlib', 'ipywidgets') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
