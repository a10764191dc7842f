"""Text gdkit colours itself keeps a WCAG 2.1 contrast of at least 4.5:1 (success criterion 1.4.3).

HTML outputs are read in JupyterLab's light theme (white) and dark theme (#111111), and no
single text colour reaches 4.5:1 on both; so an HTML element that sets a text colour must
also set its own background and reach 4.5:1 against that.  Figures are PNGs with their own
(white) background: every visible text artist is checked against its axes or figure.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402

from gdkit.palettes import contrast_ratio  # noqa: E402

AA = 4.5
THEMES = {"light": "#ffffff", "dark": "#111111"}


class StyledText(HTMLParser):
    """Collects (tag, text colour, background colour or None) for every element styled with a colour."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        style = dict(attrs).get("style") or ""
        rules = dict(
            (k.strip().lower(), v.strip())
            for k, v in (part.split(":", 1) for part in style.split(";") if ":" in part)
        )
        if "color" in rules:
            background = rules.get("background-color") or rules.get("background")
            self.found.append((tag, rules["color"], background))


def styled(html: str):
    parser = StyledText()
    parser.feed(html)
    return parser.found


def html_problems(html: str) -> list[str]:
    """Every styled element whose text falls below 4.5:1 where it can be shown."""
    problems = []
    for tag, colour, background in styled(html):
        backgrounds = {"own": background} if background else THEMES
        for where, bg in backgrounds.items():
            ratio = contrast_ratio(colour, bg)
            if ratio < AA:
                problems.append(f"<{tag}> {colour} on {bg} ({where}): {ratio:.2f}")
    return problems


def test_the_html_check_catches_a_colour_that_fails_in_one_theme():
    assert html_problems("<p style='color:#1a7f37'>x</p>") == [
        "<p> #1a7f37 on #111111 (dark): 3.72"
    ]
    assert html_problems("<p style='color:#777777;background-color:#ffffff'>x</p>") != []
    assert html_problems("<p style='color:#116329;background-color:#dafbe1'>x</p>") == []
    assert html_problems("<p>plain text follows the theme</p>") == []


# --- HTML reprs ---------------------------------------------------------------------------


def test_check_results_are_readable_in_both_themes():
    from gdkit.exercises import CheckResult

    for passed in (True, False):
        html = CheckResult(passed, "message")._repr_html_()
        found = styled(html)
        assert found, html  # the result is coloured …
        assert all(bg for _, _, bg in found)  # … on its own background
        assert html_problems(html) == []
        ratio = contrast_ratio(*CheckResult.HTML_COLOURS[passed])
        assert ratio >= 6.5
        assert ("✔" if passed else "✘") in html  # the outcome is not told by colour alone


def test_explorer_captions_set_no_colour_of_their_own():
    from gdkit.explorers.base import live_html

    html = live_html("η = 0.5: the run diverged")
    assert styled(html) == [] and "style=" not in html
    assert 'role="status"' in html


def test_environment_report_colours_read_on_white():
    from gdkit.notebook import Check, EnvironmentReport

    report = EnvironmentReport(
        [Check("a", "1.0", True, "x"), Check("b", None, True, "y"), Check("c", None, False, "z")]
    )
    html = report._repr_html_()
    assert len(styled(html)) == 3
    for _, colour, _ in styled(html):
        assert contrast_ratio(colour, THEMES["light"]) >= AA


def test_environment_report_is_readable_in_both_themes():
    from gdkit.notebook import Check, EnvironmentReport

    report = EnvironmentReport(
        [Check("a", "1.0", True, "x"), Check("b", None, True, "y"), Check("c", None, False, "z")]
    )
    assert html_problems(report._repr_html_()) == []


def _disagreeing_comparison():
    from gdkit.comparison import Comparison

    row = {
        "method": "manual",
        "value": 1.0,
        "rel_error": 0.5,
        "cost": None,
        "cost_unit": "",
        "seconds": None,
        "flag": "DISAGREES",
        "message": "",
    }
    return Comparison(0.0, [row], {"method": "reverse", "value": 2.0}, timing=False)


def test_comparison_flags_read_on_white():
    html = _disagreeing_comparison()._repr_html_()
    assert styled(html)
    for _, colour, _ in styled(html):
        assert contrast_ratio(colour, THEMES["light"]) >= AA


def test_comparison_flags_are_readable_in_both_themes():
    assert html_problems(_disagreeing_comparison()._repr_html_()) == []


# --- text in figures ----------------------------------------------------------------------


def _background(text) -> str:
    ax = text.axes
    if ax is not None and ax.patch.get_visible() and ax.patch.get_alpha() in (None, 1.0):
        return to_hex(ax.get_facecolor())
    return to_hex(text.figure.get_facecolor()) if text.figure is not None else "#ffffff"


def figure_text_problems(fig) -> list[str]:
    """Every visible, non-empty text artist below 4.5:1 against its axes or figure background."""
    fig.canvas.draw()  # tick labels exist only once drawn
    problems = []
    for text in fig.findobj(matplotlib.text.Text):
        if not text.get_visible() or not text.get_text().strip():
            continue
        colour, background = to_hex(text.get_color()), _background(text)
        alpha = text.get_alpha()
        ratio = contrast_ratio(colour, background)
        if ratio < AA or (alpha is not None and alpha < 1):
            problems.append(f"{text.get_text()!r}: {colour} on {background} = {ratio:.2f}")
    return problems


def test_the_figure_check_catches_light_text():
    from matplotlib.figure import Figure

    fig = Figure()
    ax = fig.add_subplot()
    ax.set_title("fine")
    ax.text(0.5, 0.5, "too light", color="#999999")
    assert figure_text_problems(fig) == ["'too light': #999999 on #ffffff = 2.85"]


def helper_figures():
    from gdkit import plots
    from gdkit.surfaces import bowl

    labels = np.arange(6) % 10
    predictions = labels.copy()
    predictions[2] = 7
    digits = np.random.default_rng(0).random((6, 784))
    run = np.array([[2.0, 2.0], [1.0, 0.5], [0.4, 0.1]])
    return {
        "tangent": lambda: plots.plot_tangent(lambda t: 3 * t**2 - 4 * t + 5, -2.0),
        "activations": lambda: plots.plot_activations(zlim=(-3, 3)),
        "fd_errors": lambda: plots.plot_fd_errors(
            np.logspace(-8, 0, 9), {"forward": np.logspace(-8, 0, 9)}, h=1e-4
        ),
        "surface": lambda: plots.plot_surface_and_contour(bowl, (-3, 3), (-3, 3), n=11),
        "trajectory": lambda: plots.plot_trajectory(bowl, run, names=["η = 0.1"], n=11),
        "losses": lambda: plots.plot_losses([np.array([2.3, 1.0, 0.04])], names=["a"]),
        "parameters": lambda: plots.plot_parameters(run, targets=[0.0, 0.0]),
        "fit": lambda: plots.plot_fit_evolution([0.0, 1.0, 2.0], [1.0, 2.0, 3.1], run),
        "decision": lambda: plots.plot_decision_boundary(
            lambda P: (P[:, 0] > 0).astype(int),
            np.array([[-1.0, 0], [1.0, 1]]),
            np.array([0, 1]),
            resolution=10,
        ),
        "digits": lambda: plots.plot_digits(digits, labels, predictions, ncols=3),
        "weights": lambda: plots.plot_hidden_weights(digits[:4] - 0.5, units=4),
        "history": lambda: plots.plot_history(
            {"epoch": [1, 2], "loss": [0.5, 0.3], "accuracy": [0.6, 0.8]}
        ),
    }


@pytest.mark.parametrize("name", sorted(helper_figures()))
def test_plot_helper_text_reaches_aa_contrast(name):
    fig = helper_figures()[name]()
    try:
        assert figure_text_problems(fig) == []
    finally:
        plt.close(fig)


def test_a_wrong_digit_is_marked_by_more_than_colour():
    from gdkit.plots.images import WRONG_COLOUR

    fig = helper_figures()["digits"]()
    try:
        wrong = fig.axes[2]
        assert wrong.title.get_color() == WRONG_COLOUR
        assert wrong.title.get_fontweight() == "bold"
        assert max(s.get_linewidth() for s in wrong.spines.values()) > 2
        assert fig.axes[0].title.get_fontweight() == "normal"
        assert contrast_ratio(WRONG_COLOUR) >= AA
    finally:
        plt.close(fig)


EXPLORERS = (
    "TangentExplorer",
    "LearningRateExplorer",
    "FiniteDifferenceExplorer",
    "DerivativeExplorer",
    "BatchSizeExplorer",
    "ActivationExplorer",
    "LossExplorer",
)


@pytest.mark.parametrize("name", EXPLORERS)
def test_explorer_figure_text_reaches_aa_contrast(name):
    pytest.importorskip("ipywidgets")
    from gdkit import explorers

    cls = getattr(explorers, name, None)
    if cls is None:
        pytest.skip(f"gdkit.explorers has no {name}")
    explorer = cls()
    assert figure_text_problems(explorer.figure) == []


def test_colour_declarations_in_html_reprs_are_all_covered():
    """Every module whose HTML repr sets a colour is one the tests above render."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "gdkit"
    styled_sources = sorted(
        str(p.relative_to(root))
        for p in root.rglob("*.py")
        if re.search(r"style=[\"'][^\"']*color:", p.read_text()) and "lectures" not in p.parts
    )
    assert styled_sources == ["comparison.py", "exercises.py", "notebook.py"]


def test_text_on_any_viridis_or_cividis_colour_can_reach_aa():
    from matplotlib import colormaps

    from gdkit.palettes import readable_text_colour

    for name in ("viridis", "cividis"):
        for t in np.linspace(0, 1, 101):
            background = colormaps[name](t)[:3]
            assert contrast_ratio(readable_text_colour(background), background) >= AA, (name, t)
