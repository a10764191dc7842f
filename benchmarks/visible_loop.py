"""The lectures' visible mini-batch SGD loop against `gdkit.MLP.fit`, side by side.

Lectures 08 and 09 write mini-batch SGD as a loop a student can read
(``minibatch_sgd``, taken here from lecture 08's own cell) and then let
`MLP.fit` run the long experiments.  Both do the same arithmetic (the notebooks
check that they reach the same weights); ``fit`` avoids the loop's per-batch
allocations.  This script trains the 784-30-10 network of lecture 09 for one
epoch on 4,000 images of the shipped sample both ways, alternating the two, and
prints the median time of each and their ratio, and the largest weight
difference after the run.

Run:  .venv/bin/python benchmarks/visible_loop.py  [--repeats 5] [--batch-size 10]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

import gdkit

LECTURE = Path(__file__).resolve().parents[1] / "lectures" / "08_sgd.ipynb"


def lecture_loop():
    """``minibatch_sgd`` as lecture 08 defines it, run from the notebook's source."""
    cells = json.loads(LECTURE.read_text(encoding="utf-8"))["cells"]
    sources = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
    source = next(s for s in sources if "def minibatch_sgd(" in s)
    namespace = {"np": np, "gdkit": gdkit}
    exec(compile(source, str(LECTURE), "exec"), namespace)
    return namespace["minibatch_sgd"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--batch-size", type=int, default=10)
    args = parser.parse_args(argv)
    if args.repeats < 1 or args.batch_size < 1:
        parser.error("--repeats and --batch-size must be positive integers")

    minibatch_sgd = lecture_loop()
    X, labels, _, _ = gdkit.load_mnist_sample(n_train=4000, n_test=1000)
    Y = gdkit.one_hot(labels, 10)
    times = {"visible loop": [], "MLP.fit": []}
    gap = 0.0
    with threadpool_limits(1):
        for _ in range(args.repeats):
            by_loop = gdkit.MLP([784, 30, 10], seed=0)
            by_fit = gdkit.MLP([784, 30, 10], seed=0)
            start = time.perf_counter()
            minibatch_sgd(by_loop, X, Y, 3.0, args.batch_size, 1, seed=7)
            times["visible loop"].append(time.perf_counter() - start)
            start = time.perf_counter()
            by_fit.fit(X, Y, epochs=1, batch_size=args.batch_size, lr=3.0, progress=False,
                       seed=7, evaluate={})
            times["MLP.fit"].append(time.perf_counter() - start)
            gap = max(gap, max(float(np.abs(a - b).max())
                               for a, b in zip(by_loop.weights, by_fit.weights)))
    medians = {name: statistics.median(ts) for name, ts in times.items()}
    print(f"one epoch of 784-30-10 on {len(X)} images, batch size {args.batch_size}, "
          f"1 BLAS thread, median of {args.repeats}")
    for name, value in medians.items():
        print(f"  {name:<13} {value:7.3f} s")
    print(f"  ratio visible loop / MLP.fit: {medians['visible loop'] / medians['MLP.fit']:.2f}")
    print(f"  largest weight difference after the epoch: {gdkit.below(gap, 1e-12)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
