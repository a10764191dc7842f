"""Series colours stay apart for colour-blind readers; the colour science behind the check is right.

The promise (``gdkit.palettes.CVD_MIN_DELTA_E``): every pair of series colours gdkit
uses is at least ``THRESHOLD`` = 12 CIEDE2000 units apart when simulated for
deuteranopia and for protanopia (Machado et al. 2009, severity 1).  Measured minima
over the Okabe–Ito series colours: 12.5 (deuteranopia, orange/vermillion) and 12.2
(protanopia, blue/reddish purple).  Okabe–Ito yellow is not a series colour: it comes
within 11.6 of orange under deuteranopia (and has 1.3:1 contrast on white).
"""

from __future__ import annotations

import ast
import re
from itertools import combinations
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from gdkit import palettes  # noqa: E402
from gdkit.palettes import (  # noqa: E402
    CVD_KINDS,
    LINESTYLES,
    MARKERS,
    OKABE_ITO,
    OKABE_ITO_NAMES,
    contrast_ratio,
    delta_e2000,
    simulate_cvd,
    to_lab,
)

ROOT = Path(__file__).resolve().parents[1]
THRESHOLD = 12.0  # ΔE2000 under each simulation; see the module docstring


def cvd_violations(colours, threshold: float = THRESHOLD):
    """Every (kind, first, second, ΔE) with the pair closer than ``threshold`` under ``kind``."""
    out = []
    for kind in CVD_KINDS:
        seen = {c: simulate_cvd(c, kind) for c in colours}
        for a, b in combinations(colours, 2):
            d = delta_e2000(seen[a], seen[b])
            if d < threshold:
                out.append((kind, a, b, round(d, 2)))
    return out


def measured_minimum(colours, kind):
    return min(
        delta_e2000(simulate_cvd(a, kind), simulate_cvd(b, kind))
        for a, b in combinations(colours, 2)
    )


# --- the palettes gdkit uses -------------------------------------------------------------


def test_the_threshold_is_the_one_the_module_promises():
    assert palettes.CVD_MIN_DELTA_E == THRESHOLD


def test_okabe_ito_series_colours_stay_apart_under_deuteranopia_and_protanopia():
    assert cvd_violations(OKABE_ITO) == []
    # the documented minima, so a change of palette or order is a conscious one
    assert measured_minimum(OKABE_ITO, "deuteranopia") == pytest.approx(12.51, abs=0.01)
    assert measured_minimum(OKABE_ITO, "protanopia") == pytest.approx(12.25, abs=0.01)


def test_few_series_keep_an_even_wider_margin():
    """Figures of up to three series (most of them) never meet the two closest pairs."""
    for kind in CVD_KINDS:
        assert measured_minimum(OKABE_ITO[:3], kind) > 17.5


def test_yellow_is_left_out_because_it_fails_next_to_orange():
    yellow, orange = OKABE_ITO_NAMES["yellow"], OKABE_ITO_NAMES["orange"]
    assert yellow not in OKABE_ITO
    assert [v[0] for v in cvd_violations([orange, yellow])] == ["deuteranopia"]
    assert measured_minimum([orange, yellow], "deuteranopia") == pytest.approx(11.6, abs=0.05)
    assert contrast_ratio(yellow) < 1.5


def test_series_colours_are_okabe_ito_and_styles_match_in_length():
    assert set(OKABE_ITO) <= set(OKABE_ITO_NAMES.values())
    assert len(set(OKABE_ITO)) == len(OKABE_ITO) == len(LINESTYLES) == len(MARKERS)
    assert len(set(map(str, LINESTYLES))) == len(LINESTYLES)
    assert len(set(MARKERS)) == len(MARKERS)


def test_setup_notebook_installs_okabe_ito_with_line_styles(monkeypatch):
    from gdkit.notebook import setup_notebook

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    with matplotlib.rc_context(), np.printoptions():
        setup_notebook()
        cycle = matplotlib.rcParams["axes.prop_cycle"].by_key()
    assert cycle["color"] == list(OKABE_ITO)
    assert cycle["linestyle"] == list(LINESTYLES)
    assert cvd_violations(cycle["color"]) == []
    # every (colour, style) pair differs in style as well as in colour
    assert len(set(map(str, cycle["linestyle"]))) == len(cycle["color"])


def test_style_and_cycle_wrap_and_reject_bad_input():
    assert palettes.style(len(OKABE_ITO)) == palettes.style(0)
    assert [s["marker"] for s in palettes.cycle(3)] == list(MARKERS[:3])
    with pytest.raises(ValueError, match="i must be a non-negative integer"):
        palettes.style(-1)
    with pytest.raises(ValueError, match="n must be"):
        palettes.cycle(1.5)


# --- the check fails where it should -------------------------------------------------------


def test_the_check_fails_for_a_red_green_pair():
    tab_red, tab_green = "#D62728", "#2CA02C"  # matplotlib's default red and green
    assert delta_e2000(tab_red, tab_green) > 60  # far apart for typical vision
    assert [v[0] for v in cvd_violations([tab_red, tab_green])] == ["deuteranopia"]
    assert [v[0] for v in cvd_violations(["#E41A1C", "#008000"])] == list(CVD_KINDS)
    with pytest.raises(AssertionError):
        assert cvd_violations(list(OKABE_ITO) + [tab_red, tab_green]) == []


# --- gdkit's drawing code uses the palette ------------------------------------------------

# Colours a series may be drawn in, besides OKABE_ITO: black, white and greys (reference
# lines, data points).  Maps: viridis/cividis, grey for images, and RdBu for signed
# weights (checked below to stay apart under both simulations).
GREYS = re.compile(r"^(black|white|k|w|none|0?\.\d+|1\.0|0|1|#([0-9a-fA-F]{2})\2\2)$")
MAPS = {"viridis", "viridis_r", "cividis", "cividis_r", "gray", "gray_r", "Greys", "RdBu_r", "RdBu"}
COLOUR_KEYWORDS = {
    "color",
    "colour",
    "c",
    "facecolor",
    "edgecolor",
    "mfc",
    "mec",
    "markerfacecolor",
    "markeredgecolor",
}


def colour_literals(path: Path):
    """(line, keyword, value) for every literal colour or map a source file passes to matplotlib."""
    tree = ast.parse(path.read_text())
    found = []
    for node in ast.walk(tree):
        pairs = []
        if isinstance(node, ast.Call):
            pairs = [(k.arg, k.value) for k in node.keywords if k.arg]
        elif isinstance(node, ast.Dict):
            pairs = [
                (k.value, v)
                for k, v in zip(node.keys, node.values, strict=True)
                if isinstance(k, ast.Constant) and isinstance(k.value, str)
            ]
        for key, value in pairs:
            if key in COLOUR_KEYWORDS | {"cmap"}:
                if isinstance(value, ast.Constant) and isinstance(value.value, str):
                    found.append((value.lineno, key, value.value))
                elif isinstance(value, ast.JoinedStr):  # f"C{i}"
                    found.append((value.lineno, key, ast.unparse(value)))
                elif isinstance(value, ast.IfExp | ast.Dict | ast.Tuple):
                    for sub in ast.walk(value):
                        if isinstance(sub, ast.Constant) and isinstance(sub.value, str):
                            found.append((sub.lineno, key, sub.value))
        if isinstance(node, ast.Call) and node.args:
            # ax.plot(x, y, "o-C3"): a colour hidden in a format string
            for arg in node.args:
                if (
                    isinstance(arg, ast.Constant)
                    and isinstance(arg.value, str)
                    and re.fullmatch(r"[-.:o^vsDPX*+x|_]*C\d[-.:o^vsDPX*+x|_]*", arg.value)
                ):
                    found.append((arg.lineno, "fmt", arg.value))
        # zip(("tab:green", ...), ...) loops that feed colours
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and node.value.startswith("tab:")
        ):
            found.append((node.lineno, "literal", node.value))
    return sorted(set(found))


def off_palette(path: Path):
    allowed = {c.lower() for c in OKABE_ITO}
    bad = []
    for line, key, value in colour_literals(path):
        if key == "cmap":
            if value not in MAPS:
                bad.append((line, value))
        elif value.lower() not in allowed and not GREYS.match(value):
            bad.append((line, value))
    return bad


PLOT_FILES = sorted((ROOT / "gdkit" / "plots").glob("*.py"))
EXPLORER_FILES = sorted((ROOT / "gdkit" / "explorers").glob("*.py"))


@pytest.mark.parametrize("path", PLOT_FILES, ids=lambda p: p.name)
def test_plot_helpers_draw_only_palette_colours(path):
    assert off_palette(path) == [], f"{path.name}: (line, colour) outside gdkit.palettes"


@pytest.mark.parametrize("path", EXPLORER_FILES, ids=lambda p: p.name)
def test_explorers_draw_only_palette_colours(path):
    """ "C0" follows whatever colour cycle is installed; gdkit code names palette colours."""
    assert off_palette(path) == [], f"{path.name}: (line, colour) outside gdkit.palettes"


def test_the_source_scan_catches_off_palette_colours(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        'ax.plot(x, y, color="C0")\nax.plot(x, y, "o-C3")\nax.axvspan(0, 1, color="tab:red")\n'
        'ax.plot(x, y, color="#0072B2")\nax.axhline(0, color="0.3")\n'
        'ax.imshow(z, cmap="jet")\nax.plot(x, y, color=f"C{i}")\n'
    )
    assert {v for _, v in off_palette(sample)} == {"C0", "o-C3", "tab:red", "jet", "f'C{i}'"}


def test_the_diverging_map_for_weights_keeps_its_ends_apart_under_cvd():
    from matplotlib import colormaps

    cmap = colormaps["RdBu_r"]
    low, high = cmap(0.0)[:3], cmap(1.0)[:3]
    assert cvd_violations([tuple(low), tuple(high)]) == []


# --- the colour science -------------------------------------------------------------------

SHARMA = [  # Sharma, Wu & Dalal (2005), table 1: Lab pairs and their CIEDE2000
    ((50, 2.6772, -79.7751), (50, 0, -82.7485), 2.0425),
    ((50, 3.1571, -77.2803), (50, 0, -82.7485), 2.8615),
    ((50, -1.3802, -84.2814), (50, 0, -82.7485), 1.0000),
    ((50, 0, 0), (50, -1, 2), 2.3669),
    ((50, 2.49, -0.001), (50, -2.49, 0.0009), 7.1792),
    ((50, 2.49, -0.001), (50, -2.49, 0.0011), 7.2195),
    ((50, -0.001, 2.49), (50, 0.0009, -2.49), 4.8045),
    ((50, -0.001, 2.49), (50, 0.0011, -2.49), 4.7461),
    ((50, 2.5, 0), (50, 0, -2.5), 4.3065),
    ((50, 2.5, 0), (73, 25, -18), 27.1492),
    ((50, 2.5, 0), (56, -27, -3), 31.9030),
    ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
    ((2.0776, 0.0795, -1.1350), (0.9033, -0.0636, -0.5514), 0.9082),
]


@pytest.mark.parametrize("first, second, expected", SHARMA)
def test_ciede2000_matches_the_published_test_data(first, second, expected):
    assert delta_e2000(first, second, lab=True) == pytest.approx(expected, abs=1e-4)
    assert delta_e2000(second, first, lab=True) == pytest.approx(expected, abs=1e-4)


def test_lab_of_srgb_primaries_matches_the_standard_values():
    np.testing.assert_allclose(to_lab("#ff0000"), [53.24, 80.09, 67.20], atol=0.02)
    np.testing.assert_allclose(to_lab("#0000ff"), [32.30, 79.19, -107.86], atol=0.02)
    np.testing.assert_allclose(to_lab("#808080"), [53.59, 0, 0], atol=0.02)


def test_cvd_simulation_keeps_greys_and_merges_red_with_green():
    for grey in ("#000000", "#808080", "#ffffff"):
        for kind in CVD_KINDS:
            np.testing.assert_allclose(simulate_cvd(grey, kind), palettes.to_rgb(grey), atol=2e-3)
    # deuteranopia sees pure red as a dark yellow: red and green channels nearly agree
    r = simulate_cvd("#ff0000", "deuteranopia")
    assert abs(r[0] - r[1]) < 0.1 and r[2] < 0.1
    with pytest.raises(ValueError, match="kind must be one of"):
        simulate_cvd("#ff0000", "tritanopia")


def test_wcag_contrast_ratio_matches_known_values():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#000000") == pytest.approx(21.0)
    assert contrast_ratio("#767676") == pytest.approx(4.54, abs=0.005)
    assert contrast_ratio("#777777") < 4.5 < contrast_ratio("#767676")
    assert contrast_ratio("#0072B2") == pytest.approx(5.19, abs=0.01)


def test_colour_parsing_rejects_bad_input():
    assert palettes.to_rgb("#abc").tolist() == palettes.to_rgb("#aabbcc").tolist()
    for bad in ("#12345", "not a colour", (1.2, 0, 0), (0, 0)):
        with pytest.raises(ValueError, match="colour must be"):
            palettes.to_rgb(bad)
    with pytest.raises(ValueError, match="first must be a finite"):
        delta_e2000((50, 0), (50, 0, 0), lab=True)
