"""Time of `gdkit.gradcheck` on Nielsen's 784-30-10 network with MNIST inputs.

The network is a `gdkit.MLP` (sigmoid, quadratic cost) at its seeded initial weights;
the cost is over ``--images`` images of the shipped MNIST sample, as a function of one
vector of the 23,860 parameters; the gradient is `MLP.backprop`'s.  gradcheck checks its
default sample of 100 coordinates (Richardson differences).  The check must say "good"
and take under ``MAX_SECONDS`` (the median of ``--repeats`` runs), and a planted bug (the
output layer's σ' forgotten) must say "wrong".

Run:  .venv/bin/python benchmarks/gradcheck.py  [--images 100] [--repeats 3] [--threads 1]

Exits with status 1 if a requirement fails.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

import numpy as np

import gdkit

SIZES = [784, 30, 10]
MAX_SECONDS = 2.0


def forgotten_output_sigma_prime(gradient, cost_inputs):
    """A backprop bug: the output layer's δ without the σ'(z) factor (by hand)."""
    X, y = cost_inputs

    def wrong(theta):
        n_in, n_hidden, n_out = SIZES
        at = n_hidden * n_in
        W1, b1 = theta[:at].reshape(n_hidden, n_in), theta[at : at + n_hidden]
        at += n_hidden
        W2 = theta[at : at + n_out * n_hidden].reshape(n_out, n_hidden)
        b2 = theta[at + n_out * n_hidden :]
        a1 = 1 / (1 + np.exp(-(X @ W1.T + b1)))
        a2 = 1 / (1 + np.exp(-(a1 @ W2.T + b2)))
        delta2 = a2 - gdkit.one_hot(y, n_out)  # σ'(z) forgotten here
        delta1 = (delta2 @ W2) * a1 * (1 - a1)
        m = len(X)
        return np.concatenate([(delta1.T @ X).ravel() / m, delta1.mean(axis=0),
                               (delta2.T @ a1).ravel() / m, delta2.mean(axis=0)])

    return wrong


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args(argv)
    from threadpoolctl import threadpool_limits

    X, y, _, _ = gdkit.load_mnist_sample()
    X, y = X[: args.images], y[: args.images]
    net = gdkit.MLP(SIZES, seed=0)
    cost, gradient, theta = gdkit.lectures.flat_cost_and_gradient(net, X, y)
    times, result = [], None
    with threadpool_limits(args.threads):
        for _ in range(args.repeats):
            start = time.perf_counter()
            result = gdkit.gradcheck(cost, gradient, theta)
            times.append(time.perf_counter() - start)
        bug = gdkit.gradcheck(cost, forgotten_output_sigma_prime(gradient, (X, y)), theta)
    seconds = statistics.median(times)
    print(f"784-30-10 network, {args.images} MNIST images, {theta.size} parameters")
    print(f"  correct backprop: {result}")
    print(f"  time: {seconds:.3f} s (median of {args.repeats}; limit {MAX_SECONDS} s)")
    print(f"  σ' forgotten:     {bug.verdict} (largest relative error {bug.rel_error:.1e})")
    failures = []
    if result.verdict != "good":
        failures.append(f"the correct gradient was {result.verdict!r}, expected 'good'")
    if seconds >= MAX_SECONDS:
        failures.append(f"gradcheck took {seconds:.2f} s, expected under {MAX_SECONDS} s")
    if bug.verdict != "wrong":
        failures.append(f"the planted bug was {bug.verdict!r}, expected 'wrong'")
    for failure in failures:
        print("FAIL:", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
