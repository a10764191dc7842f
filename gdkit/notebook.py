"""Notebook set-up and an environment check for the welcome lecture.

``setup_notebook()`` is the first call of every lecture: it makes matplotlib
draw PNG figures (never compared by nbval) at a fixed size and resolution,
fixes the few sources of run-to-run variation in saved figures, and sets
NumPy's print precision so printed numbers are stable across machines.  It
also makes figures accessible: lines cycle through the Okabe–Ito colours *and*
line styles, and every inline PNG carries its text alternative
(``gdkit.plots.alt_text``) as ``metadata["image/png"]["alt"]``.

``environment_report()`` lists the packages and tools the course uses, their
versions, and what to do when one is missing.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import importlib.util
import math
import os
import shutil
import sys
from dataclasses import dataclass, field

__all__ = [
    "Check",
    "EnvironmentReport",
    "below",
    "check_environment",
    "environment_report",
    "setup_notebook",
]

# (import name, distribution name, required?, what it is for)
PACKAGES: tuple[tuple[str, str, bool, str], ...] = (
    ("numpy", "numpy", True, "arrays and the NumPy MLP"),
    ("matplotlib", "matplotlib", True, "every figure"),
    ("sympy", "sympy", True, "symbolic derivatives"),
    ("ipywidgets", "ipywidgets", True, "the interactive explorers"),
    ("jupyterlab", "jupyterlab", True, "the notebook front end"),
    ("tqdm", "tqdm", True, "progress bars"),
    ("torch", "torch", True, "the PyTorch comparisons"),
    ("sklearn", "scikit-learn", True, "the SVM baseline"),
    ("pooch", "pooch", True, "downloading full MNIST"),
    ("graphviz", "graphviz", True, "drawing computation graphs"),
)

MIN_PYTHON = (3, 11)
FIGURE_SIZE = (6.4, 4.0)
FIGURE_DPI = 110


def setup_notebook(*, dpi: int = FIGURE_DPI) -> None:
    """Configure matplotlib, NumPy and warnings for a lecture notebook.

    * ``axes.prop_cycle`` becomes ``gdkit.palettes.prop_cycle()``: Okabe–Ito
      colours combined with line styles, so even a hand-made figure tells its
      lines apart without colour.
    * In IPython, the PNG formatter of matplotlib Figures is wrapped so that each
      inline image's metadata carries ``"alt": gdkit.plots.alt_text(fig)`` next
      to whatever the formatter and the inline backend already put there (width,
      height, ``needs_background``).  Choosing other figure formats afterwards
      (``set_matplotlib_formats``) replaces the wrapper; call ``setup_notebook()``
      again.

    Parameters
    ----------
    dpi : int
        Resolution of inline figures.  Figures are stored as PNG, which nbval
        never compares, so the resolution only affects file size.
    """
    if not isinstance(dpi, int) or isinstance(dpi, bool) or dpi <= 0:
        raise ValueError(f"dpi must be a positive integer, got {dpi!r}")
    import matplotlib
    import numpy as np

    from .palettes import prop_cycle

    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
    matplotlib.rcParams.update(
        {
            "axes.prop_cycle": prop_cycle(),
            "image.cmap": "viridis",
            "figure.figsize": FIGURE_SIZE,
            "figure.dpi": dpi,
            "savefig.dpi": dpi,
            "svg.hashsalt": "gdkit",
            "axes.grid": True,
            "grid.alpha": 0.3,
            "figure.max_open_warning": 0,
        }
    )
    np.set_printoptions(precision=6, suppress=True)
    try:
        from IPython import get_ipython
    except ImportError:  # plain Python: nothing more to configure
        return
    shell = get_ipython()
    if shell is None:
        return
    try:
        from matplotlib_inline.backend_inline import set_matplotlib_formats
    except ImportError:
        return
    shell.run_line_magic("matplotlib", "inline")
    set_matplotlib_formats("png")
    install_alt_formatter(shell)
    # The inline backend would otherwise override figure size and dpi.
    matplotlib.rcParams.update({"figure.figsize": FIGURE_SIZE, "figure.dpi": dpi})


def with_alt(png_formatter):
    """Wrap a Figure → PNG formatter so that its metadata carries the figure's ``alt``.

    IPython formatters return the data or a ``(data, metadata)`` pair (the
    retina formatter adds width and height); the wrapper keeps that metadata and
    adds ``"alt": gdkit.plots.alt_text(fig)``.  ``display()`` files it under
    ``metadata["image/png"]`` and merges the inline backend's own metadata
    (``needs_background``) beside it.  Wrapping twice is a no-op.
    """
    if getattr(png_formatter, "_gdkit_alt", False):
        return png_formatter

    def png_with_alt(fig):
        out = png_formatter(fig)
        if out is None:  # nothing to show (a figure without axes)
            return None
        data, metadata = out if isinstance(out, tuple) and len(out) == 2 else (out, None)
        metadata = dict(metadata) if isinstance(metadata, dict) else {}
        from .plots import alt_text

        try:
            metadata["alt"] = alt_text(fig)
        except Exception:  # a description must never stop a figure from showing
            metadata["alt"] = "A matplotlib figure (no description could be built)."
        return data, metadata

    png_with_alt._gdkit_alt = True  # type: ignore[attr-defined]
    png_with_alt.__wrapped__ = png_formatter  # type: ignore[attr-defined]
    return png_with_alt


def install_alt_formatter(shell) -> bool:
    """Make ``shell``'s PNG display of matplotlib Figures carry the figure's alt text.

    Returns False when no PNG formatter for Figures is registered (then nothing
    changes).
    """
    from matplotlib.figure import Figure

    formatter = shell.display_formatter.formatters["image/png"]
    try:
        current = formatter.lookup_by_type(Figure)
    except KeyError:
        return False
    formatter.for_type(Figure, with_alt(current))
    return True


@dataclass
class Check:
    """One line of the environment report."""

    name: str
    version: str | None
    required: bool
    purpose: str
    advice: str = ""

    @property
    def ok(self) -> bool:
        return self.version is not None


@dataclass
class EnvironmentReport:
    """What the course needs, what was found, and what to fix."""

    checks: list[Check] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every required item was found."""
        return all(c.ok for c in self.checks if c.required)

    @property
    def missing(self) -> list[str]:
        return [c.name for c in self.checks if not c.ok]

    def summary(self) -> str:
        """One deterministic line: whether the course can run here."""
        required = [c for c in self.checks if c.required]
        found = sum(c.ok for c in required)
        verdict = (
            "ready" if self.ok else "NOT ready: " + ", ".join(c.name for c in required if not c.ok)
        )
        return f"{found}/{len(required)} required items found; the course is {verdict}"

    def __str__(self) -> str:
        width = max(len(c.name) for c in self.checks)
        lines = []
        for c in self.checks:
            status = c.version if c.ok else "MISSING"
            kind = "required" if c.required else "optional"
            line = f"{c.name:<{width}}  {status:<14} {kind:<8}  {c.purpose}"
            if not c.ok and c.advice:
                line += f"\n{'':<{width}}  -> {c.advice}"
            lines.append(line)
        lines.append(self.summary())
        return "\n".join(lines)

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        rows = []
        for c in self.checks:
            from .palettes import STATUS_HTML

            colour, background = STATUS_HTML[
                "good" if c.ok else ("bad" if c.required else "warning")
            ]
            status = c.version if c.ok else "missing"
            fix = "" if c.ok else c.advice
            rows.append(
                f"<tr><td><code>{c.name}</code></td>"
                f"<td style='color:{colour};background-color:{background}'><b>{status}</b></td>"
                f"<td>{'required' if c.required else 'optional'}</td>"
                f"<td>{c.purpose}</td><td>{fix}</td></tr>"
            )
        head = "<tr><th>item</th><th>found</th><th></th><th>used for</th><th>what to do</th></tr>"
        return f"<table>{head}{''.join(rows)}</table><p><b>{self.summary()}</b></p>"


def below(value: float, bound: float) -> str:
    """``"below 1e-12"`` for a round-off-sized number, its value otherwise.

    The last digits of a rounding-level difference change with the processor and the
    BLAS library, so a lecture prints the bound it holds to, not the digits.  A value at
    or above ``bound`` is printed in full, so a real difference is never hidden.

    >>> below(3.1e-16, 1e-12)
    'below 1e-12'
    >>> below(0.0, 1e-9)
    'below 1e-9'
    >>> below(2.5e-3, 1e-9)
    '2.5e-03'
    """
    from ._validate import positive, real_scalar

    bound = positive("bound", bound)
    value = real_scalar("value", value)
    exponent = math.log10(bound)
    shown = f"1e{round(exponent)}" if abs(exponent - round(exponent)) < 1e-12 else f"{bound:g}"
    return f"below {shown}" if abs(value) < bound else f"{value:.1e}"


def _version(import_name: str, dist_name: str) -> str | None:
    try:
        spec = importlib.util.find_spec(import_name)
    except (ImportError, ValueError):
        spec = None
    if spec is None:
        return None
    try:
        return importlib.metadata.version(dist_name)
    except importlib.metadata.PackageNotFoundError:
        module = importlib.import_module(import_name)
        return str(getattr(module, "__version__", "unknown"))


def _dot_version() -> str | None:
    dot = shutil.which("dot")
    if dot is None:
        return None
    import subprocess

    try:
        done = subprocess.run([dot, "-V"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    text = (done.stderr or done.stdout).strip()
    # "dot - graphviz version 2.43.0 (0)" -> "2.43.0"
    parts = text.split("version")
    return parts[1].split()[0] if len(parts) > 1 else "found"


def environment_report() -> EnvironmentReport:
    """Check Python, the course's packages and Graphviz's ``dot``.

    Returns
    -------
    EnvironmentReport
        Renders as a table in a notebook and as text elsewhere; ``.ok`` says
        whether every required item is present.
    """
    checks = [
        Check(
            "python",
            ".".join(map(str, sys.version_info[:3])) if sys.version_info >= MIN_PYTHON else None,
            True,
            "the kernel",
            advice=f"install Python {MIN_PYTHON[0]}.{MIN_PYTHON[1]} or newer, then `make lab` again",
        )
    ]
    for import_name, dist, required, purpose in PACKAGES:
        checks.append(
            Check(
                import_name,
                _version(import_name, dist),
                required,
                purpose,
                advice=f"run `make lab` (or `pip install -e .` in this environment) to install {dist}",
            )
        )
    checks.append(
        Check(
            "dot (Graphviz)",
            _dot_version(),
            False,
            "pictures of computation graphs (a text drawing is used without it)",
            advice="install Graphviz: `apt-get install graphviz`, `brew install graphviz` or `conda install graphviz`",
        )
    )
    return EnvironmentReport(checks)


def check_environment() -> EnvironmentReport:
    """Return the report, raising ``RuntimeError`` naming what to fix if a required item is missing."""
    report = environment_report()
    if not report.ok:
        raise RuntimeError(report.summary() + "\n" + str(report))
    return report
