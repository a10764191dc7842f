"""Figures carry a text alternative: stored by describe(), built by alt_text(), shown as PNG metadata.

The end-to-end test runs a small notebook in a real kernel (nbclient), so what it checks
is what JupyterLab and the site receive: ``output["metadata"]["image/png"]["alt"]``.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from gdkit import plots  # noqa: E402
from gdkit.plots import alt_text, describe  # noqa: E402

# --- describe and alt_text ----------------------------------------------------------------


def test_describe_stores_text_that_alt_text_returns():
    fig = Figure()
    fig.add_subplot().plot([0, 1], [2, 3])
    assert describe(fig, "  The cost falls\nfrom 2.3 to 0.04. ") is fig
    assert alt_text(fig) == "The cost falls from 2.3 to 0.04."
    describe(fig, None)
    assert alt_text(fig) != "The cost falls from 2.3 to 0.04."


def test_explicit_text_wins_over_a_helper_description():
    fig = plots.plot_losses(np.array([2.3, 1.0, 0.04]), ax=Figure().add_subplot())
    assert "falls from 2.3 to 0.04 in 2 steps" in alt_text(fig)
    describe(fig, "What the lecturer wants said.")
    assert alt_text(fig) == "What the lecturer wants said."


def test_alt_keyword_replaces_the_default():
    ax = Figure().add_subplot()
    fig = plots.plot_losses(np.array([2.3, 1.0]), ax=ax, alt="Custom words.")
    assert alt_text(fig) == "Custom words."
    with pytest.raises(ValueError, match="alt must be a non-empty string"):
        plots.plot_losses(np.array([2.3, 1.0]), ax=Figure().add_subplot(), alt="  ")


def test_figure_without_title_or_labels_gets_a_non_empty_description():
    fig = Figure()
    fig.add_subplot().plot([0.0, 1.0, 2.0], [5.0, 3.0, 4.0])
    text = alt_text(fig)
    assert text.startswith("Line plot: y from 3 to 5 against x from 0 to 2.")
    assert "1 unlabelled line" in text
    assert alt_text(Figure()) == "An empty figure with no axes."


def test_automatic_description_names_kind_title_axes_and_series():
    fig = Figure()
    ax = fig.add_subplot()
    ax.plot([0, 100], [2.3, 0.04], label="η = 0.1")
    ax.plot([0, 100], [2.3, 5e9], label="η = 3")
    ax.set(title="Cost", xlabel="step", ylabel="cost", yscale="log")
    ax.legend()
    text = alt_text(fig)
    assert text.startswith(
        'Line plot titled "Cost": cost (log scale) from 0.04 to 5e9 against '
        "step from 0 to 100. 2 series:"
    )
    assert "η = 0.1, from 2.3 at step 0 to 0.04 at step 100" in text
    assert "η = 3, from 2.3 at step 0 to 5e9 at step 100" in text


def test_automatic_description_of_scatter_images_and_panels():
    fig = Figure()
    left, right = fig.subplots(1, 2)
    left.scatter([1, 2, 3], [4, 5, 6])
    right.imshow(np.zeros((3, 3)))
    fig.suptitle("Two views")
    text = alt_text(fig)
    assert text.startswith('Figure titled "Two views". Panel 1 of 2: Scatter plot of 3 points')
    assert "Panel 2 of 2: Image" in text


def test_many_panels_are_summarised():
    fig = Figure()
    for i, ax in enumerate(fig.subplots(3, 4).ravel()):
        ax.imshow(np.zeros((2, 2)))
        ax.set_title(str(i))
    assert alt_text(fig) == "A grid of 12 images, titled 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11."


def test_panel_descriptions_combine_when_helpers_share_a_figure():
    fig = Figure()
    plots.plot_losses(np.array([2.0, 1.0]), ax=fig.add_subplot(1, 2, 1))
    describe(fig.add_subplot(1, 2, 2), "A hand-drawn sketch.")
    text = alt_text(fig)
    assert "Panel 1 of 2: Line plot of the loss" in text
    assert "Panel 2 of 2: A hand-drawn sketch." in text


def test_redrawing_a_figure_helper_replaces_the_old_description():
    fig = Figure()
    plots.plot_history({"epoch": [1, 2], "loss": [0.5, 0.3], "accuracy": [0.6, 0.8]}, fig=fig)
    first = alt_text(fig)
    plots.plot_history(
        {"epoch": [1, 2, 3], "loss": [0.5, 0.3, 0.2], "accuracy": [0.6, 0.8, 0.9]}, fig=fig
    )
    assert alt_text(fig) != first and "over epochs 1 to 3" in alt_text(fig)


def test_describe_rejects_bad_input():
    with pytest.raises(TypeError, match="target must be a matplotlib Figure or Axes"):
        describe("not a figure", "text")
    with pytest.raises(ValueError, match="text must be a non-empty string"):
        describe(Figure(), "")
    with pytest.raises(TypeError, match="fig must be a matplotlib Figure"):
        alt_text(42)


def test_diverging_runs_are_said_to_diverge():
    ax = Figure().add_subplot()
    plots.plot_losses(
        [np.array([1.0, 0.5, 0.1]), np.array([1.0, 50.0, 1e200, np.inf])],
        names=["η = 0.1", "η = 3"],
        ax=ax,
    )
    text = alt_text(ax.figure)
    assert "η = 0.1 falls from 1 to 0.1 in 2 steps" in text
    assert "η = 3 diverges" in text and "no longer finite from step 3" in text


# --- the notebook formatter ---------------------------------------------------------------


def test_png_formatter_wrapper_keeps_existing_metadata_and_adds_alt():
    from gdkit.notebook import with_alt

    fig = Figure()
    fig.add_subplot().plot([0, 1])
    describe(fig, "Words.")
    retina = with_alt(lambda f: ("b64data", {"width": 320, "height": 200}))
    assert retina(fig) == ("b64data", {"width": 320, "height": 200, "alt": "Words."})
    plain = with_alt(lambda f: "b64data")
    assert plain(fig) == ("b64data", {"alt": "Words."})
    assert with_alt(plain) is plain  # wrapping twice is a no-op
    assert with_alt(lambda f: None)(fig) is None  # nothing to show stays nothing


NOTEBOOK_CELLS = [
    "import gdkit, gdkit.plots\nimport matplotlib.pyplot as plt\nimport numpy as np\n"
    "gdkit.setup_notebook()",
    # 1: a hand-made figure: described from its axes
    "fig, ax = plt.subplots()\nax.plot([0, 1, 2], [2.3, 1.0, 0.04], label='cost')\n"
    "ax.set(title='Training', xlabel='step', ylabel='cost')\nax.legend()\nplt.show()",
    # 2: explicit text wins
    "fig, ax = plt.subplots()\nax.plot([1, 2])\n"
    "gdkit.plots.describe(fig, 'The line rises from 1 to 2.')\nplt.show()",
    # 3: no title, no labels
    "plt.plot([3, 1, 2])\nplt.show()",
    # 4: a gdkit helper
    "gdkit.plots.plot_losses([np.array([2.3, 1.0, 0.04]), np.array([2.3, 9.0, 1e9])],\n"
    "                        names=['η = 0.1', 'η = 3'])\nplt.show()",
    # 5: display() with metadata of its own
    "from IPython.display import display\nfig = plt.figure()\nplt.plot([0, 1])\n"
    "display(fig, metadata={'image/png': {'width': 200}})\nplt.close(fig)",
    # 6: the inline backend adds needs_background for a transparent figure
    "fig = plt.figure()\nfig.patch.set_alpha(0)\nplt.plot([0, 1])\nplt.show()",
    # 7: the default colour cycle
    "import matplotlib\nprint([c for c in matplotlib.rcParams['axes.prop_cycle'].by_key()['color']])",
]


@pytest.fixture(scope="module")
def executed():
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(src) for src in NOTEBOOK_CELLS]
    nbclient.NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    return nb


def png_outputs(cell):
    return [o for o in cell.outputs if "image/png" in o.get("data", {})]


def test_notebook_figures_carry_alt_in_their_png_metadata(executed):
    (hand,) = png_outputs(executed.cells[1])
    alt = hand["metadata"]["image/png"]["alt"]
    assert alt.startswith('Line plot titled "Training": cost from 0.04 to 2.3 against step')
    (explicit,) = png_outputs(executed.cells[2])
    assert explicit["metadata"]["image/png"]["alt"] == "The line rises from 1 to 2."
    (bare,) = png_outputs(executed.cells[3])
    assert bare["metadata"]["image/png"]["alt"].startswith("Line plot: y from 1 to 3 against x")
    (helper,) = png_outputs(executed.cells[4])
    alt = helper["metadata"]["image/png"]["alt"]
    assert "η = 0.1 falls from 2.3 to 0.04 in 2 steps" in alt and "η = 3 diverges" in alt


def test_existing_display_metadata_survives(executed):
    (shown,) = png_outputs(executed.cells[5])
    md = shown["metadata"]
    assert md["image/png"]["width"] == 200
    assert md["image/png"]["alt"].startswith("Line plot")
    (transparent,) = png_outputs(executed.cells[6])
    md = transparent["metadata"]
    assert md["needs_background"] == "light"
    assert md["image/png"]["alt"].startswith("Line plot")


def test_notebook_colour_cycle_is_okabe_ito(executed):
    from gdkit.palettes import OKABE_ITO

    text = "".join(o.get("text", "") for o in executed.cells[7].outputs)
    assert text.strip() == str(list(OKABE_ITO))
