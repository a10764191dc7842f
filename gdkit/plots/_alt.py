"""Text alternatives of figures: what a figure shows and what to notice, in words.

``describe(fig, text)`` stores a text alternative on a matplotlib Figure (or on
one Axes of it); ``alt_text(fig)`` reads it back, and when nothing was stored
builds one from the axes themselves: the kind of plot, titles, axis labels and
ranges, legend entries and where each labelled line starts and ends.  Every
gdkit plot helper stores a description written from its data (the ``alt=``
keyword replaces it), and ``gdkit.setup_notebook()`` attaches ``alt_text(fig)``
to every inline PNG as ``metadata["image/png"]["alt"]``, which the course's
JupyterLab extension and the static site render as the image's ``alt``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

__all__ = ["alt_text", "describe", "fmt", "plain"]

_ATTRIBUTE = "_gdkit_alt"
MAX_PANELS = 6  # more panels than this are summarised, not described one by one
MAX_SERIES = 6  # series whose start and end are spelled out in an automatic description


def _is_figure(obj: Any) -> bool:
    from matplotlib.figure import FigureBase

    return isinstance(obj, FigureBase)


def _is_axes(obj: Any) -> bool:
    from matplotlib.axes import Axes

    return isinstance(obj, Axes)


def describe(target: Any, text: str | None) -> Any:
    """Store ``text`` as the text alternative of ``target`` and return ``target``.

    ``target`` is a matplotlib Figure (the text describes the whole figure and
    wins over everything else) or one Axes of it (the text describes that panel
    in ``alt_text`` of its figure).  ``text=None`` removes a stored text.

    Write what the figure shows and what to notice, with its key numbers:
    "The cost falls from 2.3 to 0.04 in 100 steps", not "Figure 3".

    >>> from matplotlib.figure import Figure
    >>> fig = describe(Figure(), "The cost falls from 2.3 to 0.04 in 100 steps.")
    >>> alt_text(fig)
    'The cost falls from 2.3 to 0.04 in 100 steps.'
    """
    if not (_is_figure(target) or _is_axes(target)):
        raise TypeError(f"target must be a matplotlib Figure or Axes, got {type(target).__name__}")
    if text is None:
        if hasattr(target, _ATTRIBUTE):
            delattr(target, _ATTRIBUTE)
        return target
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"text must be a non-empty string, got {text!r}")
    setattr(target, _ATTRIBUTE, " ".join(text.split()))
    return target


def stored(target: Any) -> str | None:
    """The text stored on ``target`` by :func:`describe`, or None."""
    text = getattr(target, _ATTRIBUTE, None)
    return text if isinstance(text, str) and text else None


def alt_text(fig: Any) -> str:
    """The text alternative of ``fig``: the stored text, else an automatic description.

    The automatic description is never empty: it names the kind of plot, the
    title, each axis's quantity and range, and the legend entries.

    >>> import numpy as np
    >>> from matplotlib.figure import Figure
    >>> fig = Figure()
    >>> ax = fig.add_subplot()
    >>> _ = ax.plot(np.arange(11), np.linspace(2.3, 0.04, 11), label="cost")
    >>> _ = ax.set(xlabel="step", ylabel="cost", title="Training")
    >>> alt_text(fig)  # doctest: +NORMALIZE_WHITESPACE
    'Line plot titled "Training": cost from 0.04 to 2.3 against step from 0 to 10.
     1 series: cost, from 2.3 at step 0 to 0.04 at step 10.'
    """
    if not _is_figure(fig):
        fig = getattr(fig, "figure", None)
        if not _is_figure(fig):
            raise TypeError("fig must be a matplotlib Figure (or an Axes of one)")
    text = stored(fig)
    if text:
        return text
    axes = [ax for ax in fig.axes if ax.get_visible()]
    bars = [ax for ax in axes if ax.get_label() == "<colorbar>"]
    panels = [ax for ax in axes if ax.get_label() != "<colorbar>"]
    parts: list[str] = []
    title = _suptitle(fig)
    if title:
        parts.append(f'Figure titled "{title}".')
    if not panels:
        parts.append("An empty figure with no axes.")
    elif len(panels) > MAX_PANELS and all(stored(ax) is None for ax in panels):
        parts.append(_grid_summary(panels))
    else:
        many = len(panels) > 1
        for k, ax in enumerate(panels):
            text = stored(ax) or describe_axes(ax)
            parts.append(f"Panel {k + 1} of {len(panels)}: {text}" if many else text)
    for bar in bars:
        label = bar.get_ylabel() or bar.get_xlabel()
        parts.append(f"A colour bar gives {label}." if label else "A colour bar gives the scale.")
    return " ".join(parts)


_GREEK = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "Delta": "Δ", "epsilon": "ε",
    "eta": "η", "theta": "θ", "lambda": "λ", "mu": "μ", "nabla": "∇", "sigma": "σ",
    "Sigma": "Σ", "tau": "τ", "phi": "φ", "kappa": "κ", "partial": "∂", "cdot": "·",
    "times": "×", "approx": "≈", "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "to": "→",
    "infty": "∞", "log": "log", "exp": "exp", "min": "min", "max": "max",
}  # fmt: skip


def plain(text: str) -> str:
    r"""A label as a screen reader should hear it: TeX markup turned into plain text.

    >>> plain(r"$\mathbf{w}$ and $\eta = 0.1$"), plain(r"$c_1$, $x^{2}$"), plain("cost")
    ('w and η = 0.1', 'c1, x^2', 'cost')
    """
    import re

    def math(match: re.Match) -> str:
        body = match.group(1)
        body = re.sub(r"\\(?:mathbf|mathrm|mathit|operatorname|text|boldsymbol)\s*\{([^{}]*)\}",
                      r"\1", body)
        body = re.sub(r"\\([A-Za-z]+)", lambda m: _GREEK.get(m.group(1), m.group(1)), body)
        body = re.sub(r"_\{([^{}]*)\}|_(\w)", lambda m: m.group(1) or m.group(2), body)
        body = re.sub(r"\^\{([^{}]*)\}", r"^\1", body)
        return body.replace("{", "").replace("}", "").replace("\\", "")

    return " ".join(re.sub(r"\$([^$]*)\$", math, str(text)).split())


def _suptitle(fig: Any) -> str:
    text = getattr(fig, "_suptitle", None)
    return plain(text.get_text().strip()) if text is not None else ""


def _grid_summary(panels: list[Any]) -> str:
    images = sum(bool(ax.images) for ax in panels)
    kind = "images" if images == len(panels) else "panels"
    titles = [plain(ax.get_title().strip()) for ax in panels if ax.get_title().strip()]
    text = f"A grid of {len(panels)} {kind}"
    if titles:
        shown = ", ".join(titles[:20]) + (", …" if len(titles) > 20 else "")
        text += f", titled {shown}"
    return text + "."


def fmt(value: Any) -> str:
    """A number as a screen reader should hear it: three significant digits, short exponents.

    >>> fmt(0.0423), fmt(2.0), fmt(1e-8), fmt(-3.2e12), fmt(float("inf")), fmt(-0.0)
    ('0.0423', '2', '1e-8', '-3.2e12', 'infinity', '0')
    """
    try:
        value = float(value)
    except (TypeError, ValueError):
        return str(value)
    if math.isnan(value):
        return "not a number"
    if math.isinf(value):
        return "infinity" if value > 0 else "minus infinity"
    text = f"{value:.3g}".replace("e+0", "e").replace("e-0", "e-").replace("e+", "e")
    return "0" if text == "-0" else text


def _kind(ax: Any) -> str:
    from matplotlib.collections import PathCollection
    from matplotlib.container import BarContainer
    from matplotlib.contour import ContourSet
    from matplotlib.patches import Polygon

    if getattr(ax, "name", "") == "3d":
        return "3-D surface plot" if ax.collections else "3-D plot"
    kinds = []
    if ax.images:
        kinds.append("image")
    if any(isinstance(c, ContourSet) for c in ax.collections):
        kinds.append("contour map")
    scatter = [c for c in ax.collections if isinstance(c, PathCollection)]
    if scatter:
        points = sum(len(c.get_offsets()) for c in scatter)
        kinds.append(f"scatter plot of {points} points")
    if any(isinstance(c, BarContainer) for c in ax.containers):
        kinds.append("bar chart")
    elif any(isinstance(p, Polygon) for p in ax.patches):
        kinds.append("histogram")
    lines = _series(ax)
    if any(ln.get_linestyle() not in ("None", "", " ", "none") for ln in lines):
        kinds.append("line plot")
    elif lines:
        points = sum(len(ln.get_xdata()) for ln in lines)
        kinds.append(f"plot of {points} point{'s' if points != 1 else ''}")
    if not kinds:
        return "Empty axes" if not ax.texts else "Text panel"
    text = " with ".join(kinds)
    return text[0].upper() + text[1:]


def _series(ax: Any) -> list[Any]:
    """Lines that carry data (two or more points, not reference lines spanning the axes)."""
    out = []
    for line in ax.get_lines():
        if not line.get_visible():
            continue
        x, y = (np.asarray(v, dtype=float).ravel() for v in line.get_data())
        marks = line.get_marker() not in (None, "None", "", " ", "none")
        if (x.size >= 2 or (x.size == 1 and marks)) and np.isfinite(y).any():
            if x.size == 2 and (x[0] == x[1] or y[0] == y[1]) and _axes_coords(line):
                continue  # axhline / axvline
            out.append(line)
    return out


def _axes_coords(line: Any) -> bool:
    transform, ax = line.get_transform(), line.axes
    return transform is ax.get_xaxis_transform() or transform is ax.get_yaxis_transform()


def _axis(ax: Any, which: str, default: str) -> str:
    label = plain((ax.get_xlabel() if which == "x" else ax.get_ylabel()).strip()) or default
    low, high = ax.get_xlim() if which == "x" else ax.get_ylim()
    data = _data_range(ax, which)
    if data is not None:
        low, high = data
    scale = ax.get_xscale() if which == "x" else ax.get_yscale()
    scale_text = f" ({scale} scale)" if scale != "linear" and scale not in label.lower() else ""
    return f"{label}{scale_text} from {fmt(min(low, high))} to {fmt(max(low, high))}"


def _data_range(ax: Any, which: str) -> tuple[float, float] | None:
    values = []
    for line in _series(ax):
        x, y = line.get_data()
        values.append(np.asarray(x if which == "x" else y, dtype=float).ravel())
    if not values:
        return None
    values = np.concatenate(values)
    values = values[np.isfinite(values)]
    if values.size == 0:
        return None
    return float(values.min()), float(values.max())


def describe_axes(ax: Any) -> str:
    """An automatic description of one Axes (see :func:`alt_text`)."""
    kind = _kind(ax)
    title = plain(
        " ".join(t for t in (ax.get_title("left"), ax.get_title(), ax.get_title("right")) if t)
    )
    text = kind + (f' titled "{title.strip()}"' if title.strip() else "")
    if kind in ("Empty axes", "Text panel"):
        words = [plain(t.get_text().strip()) for t in ax.texts if t.get_text().strip()]
        return text + (": " + "; ".join(words) if words else "") + "."
    if getattr(ax, "name", "") == "3d":
        z = plain(ax.get_zlabel().strip()) or "z"
        return text + f": {z} over {_axis(ax, 'x', 'x')} and {_axis(ax, 'y', 'y')}."
    text += f": {_axis(ax, 'y', 'y')} against {_axis(ax, 'x', 'x')}."
    legend = ax.get_legend()
    entries = [plain(t.get_text()) for t in legend.get_texts()] if legend is not None else []
    labelled = [ln for ln in _series(ax) if not ln.get_label().startswith("_")]
    if labelled:
        xname = plain(ax.get_xlabel().strip()) or "x"
        details = [_line_summary(ln, xname) for ln in labelled[:MAX_SERIES]]
        more = f"; {len(labelled) - MAX_SERIES} more" if len(labelled) > MAX_SERIES else ""
        text += f" {len(labelled)} series: " + "; ".join(details) + more + "."
    elif entries:
        text += " Legend: " + ", ".join(entries) + "."
    elif _series(ax):
        text += f" {len(_series(ax))} unlabelled line{'s' if len(_series(ax)) > 1 else ''}."
    return text


def _line_summary(line: Any, xname: str) -> str:
    x, y = (np.asarray(v, dtype=float).ravel() for v in line.get_data())
    ok = np.isfinite(x) & np.isfinite(y)
    label = plain(line.get_label())
    if not ok.any():
        return f"{label}, no finite values"
    i, j = np.flatnonzero(ok)[[0, -1]]
    if line.get_linestyle() in ("None", "", " ", "none"):
        count = int(ok.sum())
        label += f" ({count} point{'s' if count != 1 else ''})"
    return (
        f"{label}, from {fmt(y[i])} at {xname} {fmt(x[i])} "
        f"to {fmt(y[j])} at {xname} {fmt(x[j])}"
    )


# --------------------------------------------------------------------------------------
# Sentences the helpers share
# --------------------------------------------------------------------------------------


def trend(values: Any, *, what: str = "", unit: str = "steps") -> str:
    """How a sequence moves, in words: falls, rises, diverges or stays.

    >>> trend([2.3, 1.0, 0.04], what="the cost")
    'the cost falls from 2.3 to 0.04 in 2 steps'
    >>> trend([1.0, 10.0, 1e200, float("inf")])
    'diverges: it rises from 1 to 1e200 and is no longer finite from step 3'
    >>> trend([1.0, 4.0, 9.0e6])
    'diverges: it rises from 1 to 9e6 in 2 steps'
    >>> trend([0.5, 0.3], what="cost", unit="epochs")
    'cost falls from 0.5 to 0.3 in 1 epoch'
    """
    values = np.asarray(values, dtype=float).ravel()
    lead = f"{what} " if what else ""
    if values.size == 0:
        return f"{lead}has no values"
    finite = np.isfinite(values)
    if not finite.any():
        return f"{lead}has no finite values"
    first = values[np.argmax(finite)]
    if not finite.all():
        bad = int(np.argmin(finite[np.argmax(finite) :]) + np.argmax(finite))
        top = float(np.max(values[finite]))
        return (
            f"{lead}diverges: it rises from {fmt(first)} to {fmt(top)} and is no longer finite "
            f"from step {bad}"
        )
    last, n = values[-1], values.size - 1
    if n == 1 and unit.endswith("s"):
        unit = unit[:-1]
    lowest, at = float(values.min()), int(values.argmin())
    if last > first and abs(last) > 1e3 * max(abs(first), 1e-12):
        return f"{lead}diverges: it rises from {fmt(first)} to {fmt(last)} in {n} {unit}"
    if last < first:
        text = f"{lead}falls from {fmt(first)} to {fmt(last)} in {n} {unit}"
        if lowest < last - 0.05 * abs(first - last):
            text += f" (lowest {fmt(lowest)} at step {at})"
        return text
    if last > first:
        return f"{lead}rises from {fmt(first)} to {fmt(last)} in {n} {unit}"
    return f"{lead}stays at {fmt(first)} for {n} {unit}"


def linear(intercept: float, slope: float, x: str = "x") -> str:
    """``"-8 - 3.2x"``: a line's formula, read naturally.

    >>> linear(-8.0, -3.2), linear(2.0, 1.5), linear(0.0, 0.0)
    ('-8 - 3.2x', '2 + 1.5x', '0 + 0x')
    """
    sign = "-" if slope < 0 else "+"
    return f"{fmt(intercept)} {sign} {fmt(abs(slope))}{x}"


def listing(items: Sequence[str]) -> str:
    """``"a"``, ``"a and b"``, ``"a, b and c"``.

    >>> listing(["a"]), listing(["a", "b"]), listing(["a", "b", "c"])
    ('a', 'a and b', 'a, b and c')
    """
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def apply(target: Any, default: str, alt: str | None) -> None:
    """Store ``alt`` (when given) or the helper's ``default`` description on ``target``."""
    if alt is not None and (not isinstance(alt, str) or not alt.strip()):
        raise ValueError(f"alt must be a non-empty string or None, got {alt!r}")
    describe(target, alt if alt is not None else default)
