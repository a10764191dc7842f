"""Colours, line styles and markers for gdkit's figures, and the colour science that checks them.

Every categorical figure in the course draws its series in the Okabe–Ito
colours (Okabe & Ito, *Color Universal Design*, 2002/2008), chosen to stay
distinguishable for the common colour-vision deficiencies, and never tells
series apart by colour alone: series ``i`` also gets ``LINESTYLES[i]`` and
``MARKERS[i]``.  Continuous maps use ``viridis`` or ``cividis``
(``SEQUENTIAL_MAPS``).

The module also holds the small amount of colour science the tests use to
check those promises, in pure NumPy:

* :func:`simulate_cvd` — how a colour looks with deuteranopia or protanopia
  (Machado, Oliveira & Fernandes 2009, severity 1.0, applied to linear RGB);
* :func:`delta_e2000` — perceptual colour distance, CIEDE2000 on CIELAB (D65);
* :func:`contrast_ratio` — the WCAG 2.1 contrast ratio of two colours.

>>> style(0)
{'color': '#0072B2', 'linestyle': '-', 'marker': 'o'}
>>> round(contrast_ratio("#000000", "#ffffff"), 1)
21.0
"""

from __future__ import annotations

from itertools import combinations
from typing import Any

import numpy as np

__all__ = [
    "CVD_KINDS",
    "CVD_MIN_DELTA_E",
    "LINESTYLES",
    "MARKERS",
    "OKABE_ITO",
    "OKABE_ITO_NAMES",
    "SEQUENTIAL_MAPS",
    "STATUS_HTML",
    "contrast_ratio",
    "cycle",
    "delta_e2000",
    "min_cvd_distance",
    "prop_cycle",
    "readable_text_colour",
    "relative_luminance",
    "simulate_cvd",
    "style",
    "to_lab",
    "to_rgb",
]

#: The eight Okabe–Ito colours by name (sRGB hex, as published).
OKABE_ITO_NAMES: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "bluish green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish purple": "#CC79A7",
}

#: The categorical series colours, in the order series use them.
#:
#: Seven of the eight Okabe–Ito colours.  Yellow (``#F0E442``) is left out: its
#: contrast with a white background is 1.3:1, so a thin yellow line is hard to
#: see for anyone, and under simulated deuteranopia it comes within ΔE2000 11.6
#: of orange.  Without it every pair of the seven stays at least
#: ``CVD_MIN_DELTA_E`` apart under both simulations (``tests/test_palettes.py``).
#: The order starts with the classic blue/orange pair and puts the closest pairs
#: (orange/vermillion, blue/reddish purple) in figures of four or more series
#: only; black comes last because gdkit draws data points and optima in black.
OKABE_ITO: tuple[str, ...] = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#000000",  # black
)

#: Line styles, one per series (matplotlib dash specs), same length as ``OKABE_ITO``.
LINESTYLES: tuple[Any, ...] = (
    "-",
    "--",
    "-.",
    ":",
    (0, (5, 2, 1, 2, 1, 2)),
    (0, (8, 3)),
    (0, (1, 3)),
)

#: Markers, one per series, same length as ``OKABE_ITO``.
MARKERS: tuple[str, ...] = ("o", "s", "^", "D", "v", "P", "X")

#: Colour maps for continuous data: perceptually uniform and readable with CVD.
SEQUENTIAL_MAPS: tuple[str, ...] = ("viridis", "cividis")

#: Text and background colours for a status in HTML output (check results, the
#: environment report, a comparison's disagreeing rows).  Each status brings its own
#: light background, so its text keeps at least 4.5:1 (WCAG AA) in JupyterLab's
#: light and dark themes alike; the words (and marks) say the status without colour.
STATUS_HTML: dict[str, tuple[str, str]] = {
    "good": ("#116329", "#dafbe1"),
    "bad": ("#a40e26", "#ffebe9"),
    "warning": ("#7d4e00", "#fff8c5"),
}

#: The deficiencies :func:`simulate_cvd` models.
CVD_KINDS: tuple[str, ...] = ("deuteranopia", "protanopia")

#: Smallest CIEDE2000 distance every pair of ``OKABE_ITO`` colours keeps under
#: each simulated deficiency.  Measured minima: 12.5 under deuteranopia
#: (orange/vermillion) and 12.2 under protanopia (blue/reddish purple); figures
#: of up to three series keep at least 17.9.  A red/green pair fails it:
#: ``#D62728``/``#2CA02C`` scores 4.6 under deuteranopia, ``#E41A1C``/``#008000``
#: 10.3 and 11.3 under deuteranopia and protanopia.
CVD_MIN_DELTA_E: float = 12.0

# Machado, Oliveira & Fernandes (2009), "A physiologically-based model for
# simulation of color vision deficiency", IEEE TVCG 15(6), table of matrices at
# severity 1.0 (dichromacy).  They act on linear RGB.
_MACHADO: dict[str, np.ndarray] = {
    "protanopia": np.array(
        [
            [0.152286, 1.052583, -0.204868],
            [0.114503, 0.786281, 0.099216],
            [-0.003882, -0.048116, 1.051998],
        ]
    ),
    "deuteranopia": np.array(
        [
            [0.367322, 0.860646, -0.227968],
            [0.280085, 0.672501, 0.047413],
            [-0.011820, 0.042940, 0.968881],
        ]
    ),
}

# sRGB (linear) -> CIE XYZ, D65 white (IEC 61966-2-1).
_RGB_TO_XYZ = np.array(
    [
        [0.4124564, 0.3575761, 0.1804375],
        [0.2126729, 0.7151522, 0.0721750],
        [0.0193339, 0.1191920, 0.9503041],
    ]
)
_D65 = np.array([0.95047, 1.0, 1.08883])


def style(i: int) -> dict[str, Any]:
    """Colour, line style and marker of series ``i`` (wrapping round).

    >>> style(1)
    {'color': '#E69F00', 'linestyle': '--', 'marker': 's'}
    >>> style(7) == style(0)
    True
    """
    from ._validate import integer

    i = integer("i", i, minimum=0)
    n = len(OKABE_ITO)
    return {"color": OKABE_ITO[i % n], "linestyle": LINESTYLES[i % n], "marker": MARKERS[i % n]}


def cycle(n: int | None = None) -> list[dict[str, Any]]:
    """The first ``n`` series styles (all of them by default), as :func:`style` gives them.

    >>> [s["color"] for s in cycle(3)]
    ['#0072B2', '#E69F00', '#009E73']
    >>> len(cycle())
    7
    """
    from ._validate import integer

    n = len(OKABE_ITO) if n is None else integer("n", n, minimum=0)
    return [style(i) for i in range(n)]


def prop_cycle():
    """A matplotlib ``cycler`` of Okabe–Ito colours combined with ``LINESTYLES``.

    ``setup_notebook()`` installs it as ``axes.prop_cycle``, so even a
    hand-made lecture figure tells its lines apart by style as well as colour.
    Markers are not in the cycle (they would decorate every dense curve); the
    gdkit helpers add them where points are few.

    >>> c = prop_cycle()
    >>> [d["color"] for d in c][:2], [d["linestyle"] for d in c][:2]
    (['#0072B2', '#E69F00'], ['-', '--'])
    """
    from cycler import cycler

    return cycler(color=list(OKABE_ITO)) + cycler(linestyle=list(LINESTYLES))


def to_rgb(colour: Any) -> np.ndarray:
    """``colour`` as sRGB floats in [0, 1], shape ``(3,)``.

    Accepts ``"#rrggbb"``, ``"#rgb"``, an RGB(A) tuple of floats in [0, 1], or
    (when matplotlib is installed) any matplotlib colour name such as ``"C0"``
    or ``"tab:red"``.

    >>> to_rgb("#ff8000").round(3).tolist()
    [1.0, 0.502, 0.0]
    >>> to_rgb((0.0, 0.5, 1.0, 0.3)).tolist()
    [0.0, 0.5, 1.0]
    """
    if isinstance(colour, str):
        text = colour.strip()
        if text.startswith("#") and len(text) in (4, 7):
            digits = text[1:]
            if len(digits) == 3:
                digits = "".join(ch * 2 for ch in digits)
            try:
                return np.array([int(digits[k : k + 2], 16) for k in (0, 2, 4)], dtype=float) / 255
            except ValueError:
                pass
        try:
            from matplotlib.colors import to_rgb as mpl_to_rgb

            return np.array(mpl_to_rgb(text), dtype=float)
        except (ImportError, ValueError):
            raise ValueError(
                f"colour must be '#rrggbb' or a matplotlib colour, got {colour!r}"
            ) from None
    values = np.asarray(colour, dtype=float).ravel()
    if values.shape not in ((3,), (4,)) or not np.all((values >= 0) & (values <= 1)):
        raise ValueError(f"colour must be an RGB(A) tuple of floats in [0, 1], got {colour!r}")
    return values[:3].copy()


def _to_linear(rgb: np.ndarray) -> np.ndarray:
    rgb = np.asarray(rgb, dtype=float)
    return np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)


def _from_linear(lin: np.ndarray) -> np.ndarray:
    lin = np.clip(np.asarray(lin, dtype=float), 0.0, 1.0)
    return np.where(lin <= 0.0031308, 12.92 * lin, 1.055 * lin ** (1 / 2.4) - 0.055)


def simulate_cvd(colour: Any, kind: str = "deuteranopia") -> np.ndarray:
    """How ``colour`` looks with ``kind`` (``"deuteranopia"`` or ``"protanopia"``), as sRGB floats.

    The Machado et al. (2009) matrix at severity 1.0 multiplies the linear-RGB
    colour; the result is clipped to the gamut and re-encoded as sRGB.

    >>> simulate_cvd("#ffffff").round(3).tolist()  # greys are unchanged
    [1.0, 1.0, 1.0]
    >>> r, g = simulate_cvd("#ff0000"), simulate_cvd("#00ff00")
    >>> bool(abs(r[0] - r[1]) < 0.2 and abs(g[0] - g[1]) < 0.2)  # both become yellowish-olive
    True
    """
    if kind not in _MACHADO:
        raise ValueError(f"kind must be one of {sorted(_MACHADO)}, got {kind!r}")
    return _from_linear(_MACHADO[kind] @ _to_linear(to_rgb(colour)))


def to_lab(colour: Any) -> np.ndarray:
    """CIELAB ``(L*, a*, b*)`` of an sRGB colour, D65 white point.

    >>> [abs(round(float(v), 2)) for v in to_lab("#ffffff")]
    [100.0, 0.0, 0.0]
    >>> to_lab("#ff0000").round(1).tolist()
    [53.2, 80.1, 67.2]
    """
    xyz = _RGB_TO_XYZ @ _to_linear(to_rgb(colour)) / _D65
    eps, kappa = 216 / 24389, 24389 / 27
    f = np.where(xyz > eps, np.cbrt(xyz), (kappa * xyz + 16) / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def _ciede2000(lab1: np.ndarray, lab2: np.ndarray) -> float:
    L1, a1, b1 = (float(v) for v in lab1)
    L2, a2, b2 = (float(v) for v in lab2)
    C_bar = (np.hypot(a1, b1) + np.hypot(a2, b2)) / 2
    G = 0.5 * (1 - np.sqrt(C_bar**7 / (C_bar**7 + 25.0**7)))
    a1p, a2p = (1 + G) * a1, (1 + G) * a2
    C1p, C2p = np.hypot(a1p, b1), np.hypot(a2p, b2)
    h1p = np.degrees(np.arctan2(b1, a1p)) % 360 if C1p else 0.0
    h2p = np.degrees(np.arctan2(b2, a2p)) % 360 if C2p else 0.0
    dLp, dCp = L2 - L1, C2p - C1p
    if C1p * C2p == 0:
        dhp = 0.0
    elif abs(h2p - h1p) <= 180:
        dhp = h2p - h1p
    elif h2p - h1p > 180:
        dhp = h2p - h1p - 360
    else:
        dhp = h2p - h1p + 360
    dHp = 2 * np.sqrt(C1p * C2p) * np.sin(np.radians(dhp / 2))
    Lp_bar, Cp_bar = (L1 + L2) / 2, (C1p + C2p) / 2
    if C1p * C2p == 0:
        hp_bar = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        hp_bar = (h1p + h2p) / 2
    elif h1p + h2p < 360:
        hp_bar = (h1p + h2p + 360) / 2
    else:
        hp_bar = (h1p + h2p - 360) / 2
    T = (
        1
        - 0.17 * np.cos(np.radians(hp_bar - 30))
        + 0.24 * np.cos(np.radians(2 * hp_bar))
        + 0.32 * np.cos(np.radians(3 * hp_bar + 6))
        - 0.20 * np.cos(np.radians(4 * hp_bar - 63))
    )
    d_theta = 30 * np.exp(-(((hp_bar - 275) / 25) ** 2))
    R_C = 2 * np.sqrt(Cp_bar**7 / (Cp_bar**7 + 25.0**7))
    S_L = 1 + 0.015 * (Lp_bar - 50) ** 2 / np.sqrt(20 + (Lp_bar - 50) ** 2)
    S_C = 1 + 0.045 * Cp_bar
    S_H = 1 + 0.015 * Cp_bar * T
    R_T = -np.sin(np.radians(2 * d_theta)) * R_C
    return float(
        np.sqrt(
            (dLp / S_L) ** 2 + (dCp / S_C) ** 2 + (dHp / S_H) ** 2 + R_T * (dCp / S_C) * (dHp / S_H)
        )
    )


def delta_e2000(first: Any, second: Any, *, lab: bool = False) -> float:
    """CIEDE2000 colour difference (kL = kC = kH = 1) of two colours.

    ``first`` and ``second`` are colours (see :func:`to_rgb`), or CIELAB
    triples when ``lab=True``.  About 1 is a just-noticeable difference; series
    colours want well over 10.

    The first and last pairs of Sharma, Wu & Dalal (2005), table 1:

    >>> round(delta_e2000((50, 2.6772, -79.7751), (50, 0, -82.7485), lab=True), 4)
    2.0425
    >>> round(delta_e2000((2.0776, 0.0795, -1.1350), (0.9033, -0.0636, -0.5514), lab=True), 4)
    0.9082
    >>> delta_e2000("#0072B2", "#0072B2")
    0.0
    """
    if lab:
        lab1, lab2 = (np.asarray(v, dtype=float).ravel() for v in (first, second))
        for name, v in (("first", lab1), ("second", lab2)):
            if v.shape != (3,) or not np.all(np.isfinite(v)):
                raise ValueError(f"{name} must be a finite (L*, a*, b*) triple, got {v.tolist()!r}")
    else:
        lab1, lab2 = to_lab(first), to_lab(second)
    return _ciede2000(lab1, lab2)


def min_cvd_distance(colours: Any, kind: str) -> tuple[float, tuple[str, str]]:
    """Smallest CIEDE2000 between any two of ``colours`` as seen with ``kind``, and that pair.

    >>> d, pair = min_cvd_distance(["#D62728", "#2CA02C"], "deuteranopia")
    >>> round(d, 1), pair
    (4.6, ('#D62728', '#2CA02C'))
    """
    colours = list(colours)
    if len(colours) < 2:
        raise ValueError(f"colours must hold at least two colours, got {len(colours)}")
    seen = [to_lab(simulate_cvd(c, kind)) for c in colours]
    best = (np.inf, ("", ""))
    for i, j in combinations(range(len(colours)), 2):
        d = _ciede2000(seen[i], seen[j])
        if d < best[0]:
            best = (d, (str(colours[i]), str(colours[j])))
    return best


def relative_luminance(colour: Any) -> float:
    """WCAG 2.1 relative luminance of an sRGB colour (0 for black, 1 for white).

    >>> relative_luminance("#ffffff"), relative_luminance("#000000")
    (1.0, 0.0)
    """
    return float(np.array([0.2126, 0.7152, 0.0722]) @ _to_linear(to_rgb(colour)))


def contrast_ratio(foreground: Any, background: Any = "#ffffff") -> float:
    """WCAG 2.1 contrast ratio ``(L1 + 0.05) / (L2 + 0.05)`` of two colours, from 1 to 21.

    Normal text needs at least 4.5 (success criterion 1.4.3, level AA); large
    text and graphical objects need 3 (1.4.3, 1.4.11).

    >>> round(contrast_ratio("#767676"), 2)  # the lightest grey that passes on white
    4.54
    >>> contrast_ratio("#ffffff", "#ffffff")
    1.0
    """
    a, b = relative_luminance(foreground), relative_luminance(background)
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


def readable_text_colour(background: Any) -> str:
    """Black or white, whichever contrasts more with ``background`` (for labels on a map).

    On every colour of viridis one of the two reaches at least 4.5:1; the switch
    from white to black text falls near viridis(0.43).

    >>> readable_text_colour("#440154"), readable_text_colour("#fde725")
    ('#ffffff', '#000000')
    """
    on_black = contrast_ratio("#000000", background)
    on_white = contrast_ratio("#ffffff", background)
    return "#000000" if on_black >= on_white else "#ffffff"
