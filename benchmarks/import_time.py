"""Wall time of `python -c "import gdkit"` against a bare interpreter start.

Run: .venv/bin/python benchmarks/import_time.py
Prints the median of 15 runs of each, side by side, and the difference.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

RUNS = 15


def wall(code: str) -> float:
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    bare = wall("pass")
    numpy = wall("import numpy")
    gd = wall("import gdkit")
    rows = [
        ("python -c pass", bare),
        ("python -c 'import numpy'", numpy),
        ("python -c 'import gdkit'", gd),
    ]
    print(f"{'command':<28}{'median wall (s)':>16}")
    for name, seconds in rows:
        print(f"{name:<28}{seconds:>16.3f}")
    print(f"import gdkit costs {gd - bare:.3f} s over a bare start; budget 0.300 s wall in all")
    print(f"ratio gdkit / bare start: {gd / bare:.2f}x")


if __name__ == "__main__":
    main()
