"""gdkit.Value against micrograd 0.1.0: a training step of a small MLP, and a deep chain.

Run: .venv/bin/python benchmarks/autodiff.py

1. A 2-16-16-1 ReLU MLP on 100 two-moons points, the network and loss of micrograd's own
   demo (SVM max-margin loss + L2 regularisation).  Both engines get the *same* network
   code, the same initial weights and the same data; the script checks that they compute
   the same loss and gradients, then times one full-batch step (forward, loss, backward,
   update) for each, interleaved, and prints medians and the ratio.  The heap is
   collected (untimed) before every timed step so that neither engine pays for garbage
   left by the other.
2. A chain of 25,000 / 50,000 / 100,000 operations, back-propagated by gdkit.Value
   (micrograd's recursive sort would raise RecursionError): median times and the ratio
   t(100k)/t(25k), which is 4 for a linear-time backward pass.
"""

from __future__ import annotations

import gc
import math
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from micrograd.engine import Value as MicrogradValue  # noqa: E402

from gdkit import Dual, Value  # noqa: E402

SIZES = (2, 16, 16, 1)
N_POINTS = 100
STEP_REPEATS = 7
CHAIN_LENGTHS = (25_000, 50_000, 100_000)
CHAIN_REPEATS = 5
LEARNING_RATE = 0.05
ALPHA = 1e-4


def two_moons(n: int, noise: float, seed: int) -> tuple[list[list[float]], list[float]]:
    """Two interleaved half circles (as sklearn's make_moons), labels -1 / +1."""
    rng = np.random.default_rng(seed)
    n_out = n // 2
    t_out = np.linspace(0, np.pi, n_out)
    t_in = np.linspace(0, np.pi, n - n_out)
    X = np.concatenate(
        [np.c_[np.cos(t_out), np.sin(t_out)], np.c_[1 - np.cos(t_in), 0.5 - np.sin(t_in)]]
    )
    X += rng.normal(scale=noise, size=X.shape)
    y = np.r_[-np.ones(n_out), np.ones(n - n_out)]
    return X.tolist(), y.tolist()


def initial_weights(seed: int) -> list[list[tuple[list[float], float]]]:
    rng = random.Random(seed)
    return [
        [([rng.uniform(-1, 1) for _ in range(n_in)], 0.0) for _ in range(n_out)]
        for n_in, n_out in zip(SIZES[:-1], SIZES[1:], strict=True)
    ]


def build(V: type, weights) -> list:
    return [[([V(w) for w in ws], V(b)) for ws, b in layer] for layer in weights]


def parameters(model) -> list:
    return [p for layer in model for ws, b in layer for p in (*ws, b)]


def forward(model, x: list) -> object:
    for i, layer in enumerate(model):
        out = []
        for ws, b in layer:
            act = sum((w * xi for w, xi in zip(ws, x, strict=True)), b)
            out.append(act.relu() if i < len(model) - 1 else act)
        x = out
    return x[0]


def loss(model, X, y):
    """micrograd's demo loss: mean SVM max-margin loss + ALPHA * sum of squared weights."""
    scores = [forward(model, xi) for xi in X]
    losses = [(1 + -yi * si).relu() for yi, si in zip(y, scores, strict=True)]
    data_loss = sum(losses) * (1.0 / len(losses))
    reg_loss = ALPHA * sum(p * p for p in parameters(model))
    return data_loss + reg_loss


def step(model, X, y) -> float:
    """One full-batch gradient-descent step; returns the loss before the update."""
    total = loss(model, X, y)
    params = parameters(model)
    for p in params:
        p.grad = 0.0
    total.backward()
    for p in params:
        p.data -= LEARNING_RATE * p.grad
    return total.data


def timed(fn: Callable[[], object]) -> float:
    gc.collect()
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def check_same_network(X, y, weights) -> None:
    models = {name: build(V, weights) for name, V in ENGINES.items()}
    losses = {name: loss(m, X, y) for name, m in models.items()}
    for L in losses.values():
        L.backward()
    lm, lg = losses["micrograd"].data, losses["gdkit"].data
    grads_m = np.array([p.grad for p in parameters(models["micrograd"])])
    grads_g = np.array([p.grad for p in parameters(models["gdkit"])])
    grad_diff = float(np.max(np.abs(grads_m - grads_g)) / np.max(np.abs(grads_m)))
    print(f"same weights, same loss: micrograd {lm!r}, gdkit {lg!r} (|diff| = {abs(lm - lg):.1e})")
    print(f"gradients of all {grads_m.size} parameters agree to {grad_diff:.1e} (relative)")
    assert abs(lm - lg) <= 1e-12 * abs(lm), "the two engines disagree on the loss"
    assert grad_diff <= 1e-12, "the two engines disagree on the gradients"


ENGINES = {"micrograd": MicrogradValue, "gdkit": Value}


def mlp_benchmark() -> None:
    X, y = two_moons(N_POINTS, noise=0.1, seed=1)
    weights = initial_weights(seed=1337)
    print(f"MLP {'-'.join(map(str, SIZES))} (ReLU), {N_POINTS} two-moons points, full batch")
    check_same_network(X, y, weights)
    models = {name: build(V, weights) for name, V in ENGINES.items()}
    nodes = len(loss(models["gdkit"], X, y).topological_order())
    times: dict[str, list[float]] = {name: [] for name in ENGINES}
    for _ in range(STEP_REPEATS):
        for name, model in models.items():  # interleaved, so load changes hit both
            times[name].append(timed(lambda model=model: step(model, X, y)))
    med = {name: statistics.median(ts) for name, ts in times.items()}
    print(f"one step = forward + loss + backward + update over a graph of {nodes:,} nodes")
    print(f"median of {STEP_REPEATS} steps:")
    for name, ts in times.items():
        spread = ", ".join(f"{t * 1e3:.0f}" for t in ts)
        print(f"  {name:<10} {med[name] * 1e3:8.1f} ms   (all, ms: {spread})")
    print(f"  speed-up gdkit vs micrograd: {med['micrograd'] / med['gdkit']:.1f}x")


def chain(n: int, x):
    """n operations in one long chain: exp, log, * 1.00001, exp, log, ...

    exp and log undo each other, so the values stay near x and the derivative stays of
    order 1 (it neither overflows nor underflows) and can be checked against forward mode.
    """
    v = x
    for i in range(n):
        k = i % 3
        v = v.exp() if k == 0 else v.log() if k == 1 else v * 1.00001
    return v


def chain_benchmark() -> None:
    print()
    print("A chain of n operations through gdkit.Value (no RecursionError, linear time)")
    results = {}
    for n in CHAIN_LENGTHS:
        builds, backs = [], []
        for _ in range(CHAIN_REPEATS):
            gc.collect()
            start = time.perf_counter()
            x = Value(0.5)
            out = chain(n, x)
            built = time.perf_counter()
            out.backward()
            done = time.perf_counter()
            builds.append(built - start)
            backs.append(done - built)
        nodes = len(out.topological_order())
        results[n] = (statistics.median(builds), statistics.median(backs))
        print(
            f"  n = {n:>7,}: {nodes:>7,} nodes, forward {results[n][0] * 1e3:7.1f} ms, "
            f"backward {results[n][1] * 1e3:7.1f} ms (medians of {CHAIN_REPEATS})"
        )
        d = chain(n, Dual(0.5, 1.0))
        assert math.isclose(x.grad, d.deriv, rel_tol=1e-12), (x.grad, d.deriv)
    short, long = CHAIN_LENGTHS[0], CHAIN_LENGTHS[-1]
    print(
        f"  backward time ratio n={long:,} / n={short:,}: "
        f"{results[long][1] / results[short][1]:.2f} (linear: {long / short:.0f})"
    )
    print("  gradients match forward-mode (Dual) to 1e-12 at every length")


def main() -> None:
    print(f"Python {sys.version.split()[0]}, micrograd 0.1.0 vs gdkit.Value")
    mlp_benchmark()
    chain_benchmark()


if __name__ == "__main__":
    main()
