"""Plot helpers: deterministic artists, titled axes, no figures left open."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from gdkit import plots  # noqa: E402
from gdkit.datasets import regression_data  # noqa: E402
from gdkit.least_squares import (  # noqa: E402
    design_matrix,
    least_squares_grad,
    least_squares_loss,
)
from gdkit.mlp import History  # noqa: E402
from gdkit.mnist import load_mnist_sample  # noqa: E402
from gdkit.optim import gradient_descent  # noqa: E402
from gdkit.surfaces import bowl  # noqa: E402


def signature(fig) -> list:
    """Everything that identifies what a figure shows, comparable with ==."""
    sig = []
    for ax in fig.axes:
        sig.append(("axes", ax.get_title(), ax.get_xlabel(), ax.get_ylabel(), ax.get_xscale(),
                    ax.get_yscale()))
        for line in ax.get_lines():
            sig.append(("line", np.asarray(line.get_xydata(), float).tobytes(),
                        str(line.get_color()), line.get_linestyle(), line.get_label()))
        for coll in ax.collections:
            sig.append(("collection", type(coll).__name__, len(coll.get_paths())))
        for image in ax.images:
            sig.append(("image", np.asarray(image.get_array(), float).tobytes()))
        sig.extend(("text", t.get_text()) for t in ax.texts)
    return sig


@pytest.fixture(scope="module")
def regression_run():
    x, y = regression_data()
    X = design_matrix(x)
    loss = lambda b: least_squares_loss(b, X, y)  # noqa: E731
    run = gradient_descent(loss, lambda b: least_squares_grad(b, X, y), [-8.0, -3.2], 0.002,
                           steps=200)
    return x, y, loss, run


@pytest.fixture(scope="module")
def digits():
    X, y, _, _ = load_mnist_sample(n_train=20, n_test=0)
    return X, y


def all_helper_calls(regression_run, digits):
    """One call per notebook-facing helper (each makes its own pyplot figure)."""
    x, y, loss, run = regression_run
    X, labels = digits
    curves = {"forward": np.logspace(-8, 0, 9), "central": np.zeros(9)}
    return {
        "plot_tangent": lambda: plots.plot_tangent(lambda t: 3 * t**2 - 4 * t + 5, -2.0),
        "plot_activations": lambda: plots.plot_activations(zlim=(-3, 3)),
        "plot_surface_and_contour": lambda: plots.plot_surface_and_contour(
            bowl, (-3, 3), (-3, 3), n=15),
        "plot_trajectory": lambda: plots.plot_trajectory(loss, run, n=15),
        "plot_losses": lambda: plots.plot_losses(run),
        "plot_parameters": lambda: plots.plot_parameters(run),
        "plot_fit_evolution": lambda: plots.plot_fit_evolution(x, y, run),
        "plot_fd_errors": lambda: plots.plot_fd_errors(np.logspace(-8, 0, 9), curves, h=1e-4),
        "plot_decision_boundary": lambda: plots.plot_decision_boundary(
            lambda P: (P[:, 0] > 0).astype(int), np.array([[-1.0, 0], [1.0, 1]]),
            np.array([0, 1]), resolution=20),
        "plot_digits": lambda: plots.plot_digits(X[:6], labels[:6], ncols=3),
        "plot_hidden_weights": lambda: plots.plot_hidden_weights(
            np.random.default_rng(0).normal(size=(4, 784)), units=4),
        "plot_history": lambda: plots.plot_history(
            {"epoch": [1, 2], "loss": [0.5, 0.3], "accuracy": [0.6, 0.8],
             "val_accuracy": [0.55, 0.7]}),
    }


def test_every_helper_returns_a_figure_and_leaves_none_open_after_close(
    regression_run, digits
):
    before = set(plt.get_fignums())
    for name, call in all_helper_calls(regression_run, digits).items():
        fig = call()
        assert isinstance(fig, Figure), name
        fig.savefig(io.BytesIO(), format="png")
        plt.close(fig)
        assert set(plt.get_fignums()) == before, name


def test_every_helper_titles_and_labels_its_axes(regression_run, digits):
    for name, call in all_helper_calls(regression_run, digits).items():
        fig = call()
        try:
            for ax in fig.axes:
                if not ax.get_visible() or name in ("plot_digits", "plot_hidden_weights"):
                    continue
                assert ax.get_title(), name
                assert ax.get_xlabel() and ax.get_ylabel(), name
            if name in ("plot_digits", "plot_hidden_weights"):
                assert fig.get_suptitle(), name
        finally:
            plt.close(fig)


def test_same_data_gives_the_same_artists(regression_run, digits):
    for name, call in all_helper_calls(regression_run, digits).items():
        first, second = call(), call()
        try:
            assert signature(first) == signature(second), name
        finally:
            plt.close(first)
            plt.close(second)


def test_helpers_drawing_into_given_axes_never_touch_pyplot(regression_run):
    x, y, loss, run = regression_run
    before = plt.get_fignums()
    fig = Figure()
    ax = fig.add_subplot()
    assert plots.plot_trajectory(loss, run, ax=ax, n=15) is fig
    assert plots.plot_losses(run, ax=fig.add_subplot(2, 1, 2)) is fig
    other = Figure()
    assert plots.plot_history({"epoch": [1], "loss": [1.0], "accuracy": [0.5]},
                              fig=other) is other
    assert plt.get_fignums() == before


def test_trajectory_plot_frames_the_path_and_marks_the_start(regression_run):
    x, y, loss, run = regression_run
    fig = plots.plot_trajectory(loss, run, n=15)
    try:
        ax = fig.axes[0]
        path, start = ax.get_lines()
        np.testing.assert_array_equal(path.get_xydata(), run.params)
        np.testing.assert_array_equal(start.get_xydata(), run.params[:1])
        (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
        assert x0 < run.params[:, 0].min() and x1 > run.params[:, 0].max()
        assert y0 < run.params[:, 1].min() and y1 > run.params[:, 1].max()
    finally:
        plt.close(fig)


def test_diverged_and_non_finite_paths_plot_without_error():
    path = np.array([[0.0, 0.0], [1.0, -2.0], [1e200, -1e250], [np.inf, np.nan]])
    fig = Figure()
    plots.plot_trajectory(bowl, path, xlim=(-4, 4), ylim=(-4, 4), ax=fig.add_subplot(), n=11)
    plots.plot_losses(np.array([1.0, 10.0, 1e308, np.inf]), ax=fig.add_subplot(2, 1, 2))
    fig.savefig(io.BytesIO(), format="png")
    drawn = fig.axes[0].get_lines()[0].get_xydata()
    assert np.isnan(drawn[3]).all() and np.abs(drawn[2]).max() <= 1e12


def test_several_paths_get_one_colour_and_legend_entry_each():
    paths = [np.array([[0.0, 0.0], [1.0, 1.0]]), np.array([[0.0, 1.0], [1.0, 0.0]])]
    fig = plots.plot_trajectory(bowl, paths, names=["m = 1", "m = 10"], n=11)
    try:
        ax = fig.axes[0]
        assert [t.get_text() for t in ax.get_legend().get_texts()] == ["m = 1", "m = 10"]
        colours = {line.get_color() for line in ax.get_lines()}
        assert len(colours) == 2
    finally:
        plt.close(fig)
    with pytest.raises(ValueError, match="names"):
        plots.plot_trajectory(bowl, paths, names=["only one"], ax=Figure().add_subplot())


def test_loss_grid_uses_vectorised_losses_and_falls_back_to_pointwise(regression_run):
    W1, W2, Z = plots.loss_grid(bowl, (-1, 1), (-2, 2), 5)
    np.testing.assert_allclose(Z, W1**2 + 3 * W2**2)
    _, _, loss, _ = regression_run
    W1, W2, Z = plots.loss_grid(loss, (-1, 1), (-2, 2), 4)
    assert Z[1, 2] == pytest.approx(loss(np.array([W1[1, 2], W2[1, 2]])))


def test_contour_levels_are_increasing_and_dense_near_the_minimum():
    Z = np.array([[1.0, 5.0], [100.0, 1001.0]])
    levels = plots.contour_levels(Z, 10)
    assert np.all(np.diff(levels) > 0)
    assert levels[0] > 1.0 and levels[-1] == pytest.approx(1001.0)
    assert levels[1] - levels[0] < levels[-1] - levels[-2]


def test_fd_error_plot_shows_exact_zero_errors_at_a_floor():
    fig = plots.plot_fd_errors([1e-3, 1e-2], {"central": [0.0, 1e-4]}, h=1e-3,
                               ax=Figure().add_subplot())
    line = fig.axes[0].get_lines()[0]
    assert line.get_ydata()[0] > 0
    assert fig.axes[0].get_xscale() == "log" and fig.axes[0].get_yscale() == "log"


def test_fit_evolution_draws_the_line_at_each_requested_step(regression_run):
    x, y, _, run = regression_run
    ax = Figure().add_subplot()
    plots.plot_fit_evolution(x, y, run, steps=[0, 200], ax=ax)
    data, first, last = ax.get_lines()
    b0, b1 = run.params[200]
    np.testing.assert_allclose(last.get_ydata(), b0 + b1 * np.array([x.min(), x.max()]))
    assert [first.get_label(), last.get_label()] == ["step 0", "step 200"]
    with pytest.raises(ValueError, match="steps"):
        plots.plot_fit_evolution(x, y, run, steps=[201], ax=ax)


def test_decision_boundary_accepts_labels_probabilities_and_class_scores():
    assert plots.class_labels(np.array([0.2, 0.7])).tolist() == [0, 1]
    assert plots.class_labels(np.array([[0.1, 0.9], [0.8, 0.2]])).tolist() == [1, 0]
    assert plots.class_labels(np.array([2, 0])).tolist() == [2, 0]
    assert plots.class_labels(np.array([2.0, 1.0])).tolist() == [2, 1]


def test_digit_grid_titles_wrong_predictions_in_dark_red_bold(digits):
    from gdkit.plots.images import WRONG_COLOUR

    X, labels = digits
    predictions = labels[:4].copy()
    predictions[1] = (predictions[1] + 1) % 10
    fig = plots.plot_digits(X[:4], labels[:4], predictions, fig=Figure())
    titles = [ax.title for ax in fig.axes if ax.get_visible()]
    assert len(titles) == 4
    assert titles[1].get_color() == WRONG_COLOUR and titles[0].get_color() == "black"
    assert titles[1].get_fontweight() == "bold" and titles[0].get_fontweight() == "normal"
    alt = plots.alt_text(fig)
    assert f"3 of 4 right; 1 wrong, framed and in bold: image 2 is a {labels[1]} predicted as " \
           f"{predictions[1]}" in alt
    assert titles[1].get_text() == f"{labels[1]} →{predictions[1]}"
    with pytest.raises(ValueError, match="labels"):
        plots.plot_digits(X[:4], labels[:3], fig=Figure())


def test_hidden_weight_images_accept_either_orientation():
    W = np.random.default_rng(1).normal(size=(3, 784))
    a = plots.plot_hidden_weights(W, fig=Figure())
    b = plots.plot_hidden_weights(W.T, fig=Figure())
    assert signature(a) == signature(b)
    images = [ax for ax in a.axes if ax.get_visible() and ax.images and ax.get_title()]
    assert len(images) == 3
    bars = [ax for ax in a.axes if ax.get_label() == "<colorbar>"]
    assert len(bars) == 1 and bars[0].get_ylabel().startswith("weight")
    scales = {im.get_clim() for ax in images for im in ax.images}
    assert len(scales) == 1  # one colour scale shared by every unit
    with pytest.raises(ValueError, match="784"):
        plots.plot_hidden_weights(np.zeros((3, 100)), fig=Figure())


def test_history_plot_draws_training_and_validation_curves():
    history = History(epoch=[1, 2], loss=[0.4, 0.2], accuracy=[0.5, 0.7],
                                val_loss=[0.5, 0.3], val_accuracy=[0.4, 0.6])
    fig = plots.plot_history(history, fig=Figure())
    loss_ax, acc_ax = fig.axes
    assert [line.get_label() for line in acc_ax.get_lines()] == ["training", "validation"]
    np.testing.assert_array_equal(acc_ax.get_lines()[1].get_ydata(), [0.4, 0.6])


def test_tangent_plot_draws_the_line_with_the_lecture_slope():
    fig = plots.plot_tangent(lambda t: 3 * t**2 - 4 * t + 5, -2.0, ax=Figure().add_subplot())
    ax = fig.axes[0]
    curve, tangent, point = ax.get_lines()
    ts, ys = tangent.get_data()
    np.testing.assert_allclose(np.diff(ys) / np.diff(ts), -16.0)
    np.testing.assert_array_equal(point.get_xydata(), [[-2.0, 25.0]])
    assert "slope -16" in ax.get_title() and "increase x" in ax.get_title()


def test_activation_plot_shows_each_function_and_its_derivative():
    fig = plots.plot_activations(("sigmoid", "relu"), zlim=(-2, 2), fig=Figure())
    left, right = fig.axes
    assert [line.get_label() for line in right.get_lines()] == ["sigmoid'", "relu'"]
    z, slope = right.get_lines()[0].get_data()
    np.testing.assert_allclose(slope[z == 0], 0.25)
    assert right.get_lines()[1].get_ydata()[-1] == 1.0


def test_graph_plot_delegates_to_draw_graph():
    from gdkit.graph import draw_graph
    from gdkit.value import Value

    a, b = Value(2.0), Value(-3.0)
    out = a * b + a
    out.backward()
    assert str(plots.plot_graph(out, backend="text")) == str(draw_graph(out, backend="text"))


# --- accessibility: text alternatives, palette, styles -------------------------------------


def alt_expectations(regression_run, digits):
    """Per helper: the axis quantities and numbers from the data its default alt must mention."""
    from gdkit.plots._alt import fmt

    x, y, loss, run = regression_run
    X, labels = digits
    return {
        "plot_tangent": (["f(x)", "x"], ["-16", "25", "= -2"]),
        "plot_activations": (["a(z)", "a'(z)", "z", "sigmoid", "tanh", "relu"], ["0.25"]),
        "plot_surface_and_contour": (["loss", "w₁", "w₂"], ["36", "-3"]),
        "plot_trajectory": (["loss", "w₁", "w₂"], [fmt(run.params[0, 0]), fmt(run.losses[-1])]),
        "plot_losses": (["loss", "iteration"],
                        [fmt(run.losses[0]), fmt(run.losses[-1]), "200 steps"]),
        "plot_parameters": (["parameter value", "iteration", "β0", "β1"],
                            [fmt(run.params[0, 0]), fmt(run.params[-1, 1])]),
        "plot_fit_evolution": (["y", "x", "data points"], [fmt(run.params[-1, 0]), "step 200"]),
        "plot_fd_errors": (["absolute error", "step h", "forward", "central"], ["1e-8", "0.0001"]),
        "plot_decision_boundary": (["x₁", "x₂", "class"], ["2 of 2"]),
        "plot_digits": (["digit", "pixels"], ["28×28", ", ".join(str(v) for v in labels[:6])]),
        "plot_hidden_weights": (["weight", "unit"], ["28×28", "4 hidden units"]),
        "plot_history": (["cost", "accuracy", "epoch"], ["0.5", "0.3", "0.8"]),
    }


def test_every_helper_writes_an_alt_with_its_quantities_and_numbers(regression_run, digits):
    calls = all_helper_calls(regression_run, digits)
    expected = alt_expectations(regression_run, digits)
    assert set(calls) == set(expected)
    for name, call in calls.items():
        fig = call()
        try:
            alt = plots.alt_text(fig)
            quantities, numbers = expected[name]
            assert len(alt) > 40, (name, alt)
            missing = [q for q in quantities + numbers if q not in alt]
            assert missing == [], (name, missing, alt)
        finally:
            plt.close(fig)


def test_every_helper_takes_an_alt_that_replaces_the_default(regression_run, digits):
    import inspect

    for name in all_helper_calls(regression_run, digits):
        parameter = inspect.signature(getattr(plots, name)).parameters.get("alt")
        assert parameter is not None and parameter.default is None, name
    x, y, loss, run = regression_run
    fig = plots.plot_trajectory(loss, run, n=11, alt="The path reaches the valley.")
    try:
        assert plots.alt_text(fig) == "The path reaches the valley."
    finally:
        plt.close(fig)


def series_keys(ax):
    """(colour, (linestyle, marker)) of every labelled line and scatter in ``ax``."""
    from matplotlib.colors import to_hex

    keys = []
    for line in ax.get_lines():
        if not line.get_label().startswith("_"):
            # the dash pattern itself: get_linestyle() calls every custom pattern "--"
            dashes = getattr(line, "_unscaled_dash_pattern", None) or line.get_linestyle()
            keys.append((to_hex(line.get_color()), (str(dashes), str(line.get_marker()))))
    for coll in ax.collections:
        label = coll.get_label()
        if label and not label.startswith("_") and len(coll.get_facecolor()):
            marker = coll.get_paths()[0].vertices.round(3).tobytes() if coll.get_paths() else b""
            keys.append((to_hex(coll.get_facecolor()[0]), ("scatter", marker)))
    return keys


def test_no_two_series_in_one_axes_differ_by_colour_alone(regression_run, digits):
    x, y, loss, run = regression_run
    calls = dict(all_helper_calls(regression_run, digits))
    paths = [run.params[:20], run.params[:20] * 0.5, run.params[:20] * 0.2, run.params[:20] + 1]
    calls["four paths"] = lambda: plots.plot_trajectory(loss, paths, names=list("abcd"), n=11)
    calls["seven runs"] = lambda: plots.plot_losses([run] * 7, names=list("abcdefg"))
    calls["nine fit lines"] = lambda: plots.plot_fit_evolution(x, y, run,
                                                               steps=[0, 1, 2, 3, 4, 5, 6, 7, 8])
    calls["three classes"] = lambda: plots.plot_decision_boundary(
        lambda P: np.digitize(P[:, 0], [-0.5, 0.5]), np.array([[-1.0, 0], [0.0, 1], [1.0, 0]]),
        np.array([0, 1, 2]), resolution=20)
    checked = 0
    for name, call in calls.items():
        fig = call()
        try:
            for ax in fig.axes:
                keys = series_keys(ax)
                colours = [k[0] for k in keys]
                styles = [k[1] for k in keys]
                assert len(set(styles)) == len(styles), (name, keys)
                assert len(set(colours)) == len(colours), (name, keys)
                checked += len(keys) > 1
        finally:
            plt.close(fig)
    assert checked >= 8


def test_the_style_check_catches_series_told_apart_by_colour_only():
    ax = Figure().add_subplot()
    ax.plot([0, 1], color="#0072B2", label="a")
    ax.plot([1, 0], color="#E69F00", label="b")
    styles = [k[1] for k in series_keys(ax)]
    assert len(set(styles)) < len(styles)


def test_categorical_helpers_draw_series_in_okabe_ito(regression_run, digits):

    from gdkit.palettes import OKABE_ITO

    allowed = {c.lower() for c in OKABE_ITO}

    def grey(colour: str) -> bool:
        return colour[1:3] == colour[3:5] == colour[5:7]

    for name, call in all_helper_calls(regression_run, digits).items():
        if name == "plot_fit_evolution":  # ordered steps: a sequential map (viridis)
            continue
        fig = call()
        try:
            for ax in fig.axes:
                for colour, _ in series_keys(ax):
                    assert colour in allowed or grey(colour), (name, colour)
        finally:
            plt.close(fig)


def test_maps_are_viridis_for_surfaces_and_okabe_ito_for_classes():
    fig = plots.plot_surface_and_contour(bowl, (-1, 1), (-1, 1), n=7, fig=Figure())
    assert {c.get_cmap().name for ax in fig.axes for c in ax.collections} == {"viridis"}
    fig = plots.plot_decision_boundary(lambda P: (P[:, 0] > 0).astype(int),
                                       np.array([[-1.0, 0], [1.0, 1]]), np.array([0, 1]),
                                       resolution=10, ax=Figure().add_subplot())
    regions = fig.axes[0].collections[0].get_cmap()
    from gdkit.palettes import OKABE_ITO

    assert [c.upper() for c in regions.colors] == list(OKABE_ITO[:2])
