"""Update latency of the interactive explorers: median milliseconds per slider move.

Each explorer is built once; then a slider is moved through a sweep of values
(as a student dragging it would) and every ``set(...)`` is timed: recomputing
the state, redrawing the figure and encoding the PNG the widget shows.  The
target for the 2-D explorers is ~200 ms per update on one laptop core.

Run: ``.venv/bin/python benchmarks/explorers.py``
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from gdkit import explorers  # noqa: E402

TARGET_MS = 200.0


def sweeps() -> dict[str, tuple[type, list[dict]]]:
    """explorer name -> (class, the settings a sweep goes through)."""
    return {
        "tangent (x)": (explorers.TangentExplorer,
                        [{"x": float(x)} for x in np.linspace(-4, 4, 25)]),
        "learning rate (η)": (explorers.LearningRateExplorer,
                              [{"eta": float(e)} for e in np.geomspace(1e-4, 10**-1.5, 25)]),
        "learning rate (start)": (explorers.LearningRateExplorer,
                                  [{"b0": float(b)} for b in np.linspace(-12, 12, 25)]),
        "finite differences (h)": (explorers.FiniteDifferenceExplorer,
                                   [{"h": float(h)} for h in np.geomspace(1e-16, 1, 25)]),
        "activation (z)": (explorers.ActivationExplorer,
                           [{"z": float(z)} for z in np.linspace(-6, 6, 25)]),
        "batch size (η)": (explorers.BatchSizeExplorer,
                           [{"eta": float(e)} for e in np.geomspace(1e-3, 0.02, 25)]),
        "four-way table (x)": (explorers.DerivativeExplorer,
                               [{"x": float(x)} for x in np.linspace(-3, 3, 9)]),
    }


def measure(cls: type, settings: list[dict]) -> list[float]:
    explorer = cls()
    explorer.set(**settings[0])  # warm caches (first draw of the background)
    times = []
    for values in settings:
        start = time.perf_counter()
        explorer.set(**values)
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    rows = []
    for name, (cls, settings) in sweeps().items():
        times = measure(cls, settings)
        rows.append((name, len(times), statistics.median(times), max(times)))
    print(f"{'explorer (slider)':<26} {'updates':>7} {'median ms':>10} {'max ms':>8}  "
          f"within {TARGET_MS:.0f} ms")
    for name, n, median, worst in rows:
        ok = "yes" if median <= TARGET_MS else "NO"
        print(f"{name:<26} {n:>7d} {median:>10.1f} {worst:>8.1f}  {ok}")


if __name__ == "__main__":
    main()
