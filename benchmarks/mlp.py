"""Epoch time of one network trained three ways, side by side.

The network is Nielsen's 784-30-10 with sigmoid activations and the quadratic
cost, trained by mini-batch SGD (η = 3.0) on 50,000 MNIST-shaped examples
(the 5,000 real images shipped with gdkit, repeated ten times):

- ``numpy``      — `gdkit.MLP`: the whole mini-batch goes through backpropagation
                   at once, in preallocated float64 buffers;
- ``torch``      — `gdkit.TorchMLP` (float64, CPU): autograd + ``torch.optim.SGD``;
- ``per-example`` — Nielsen's algorithm from ``network.py``: backpropagation one
                   example at a time, the gradients summed over the mini-batch.

All three start from the same weights and use the same number of threads
(``--threads``, default 1, for NumPy's BLAS via threadpoolctl and for
``torch.set_num_threads``).  To keep the run short, each method times a fixed
number of mini-batches (``--batches``) and the time is extrapolated to a full
epoch; every figure is the median of ``--repeats`` runs.

Run:  .venv/bin/python benchmarks/mlp.py  [--threads 1] [--repeats 5] [--strict]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

import numpy as np

import gdkit

N_EXAMPLES = 50_000
SIZES = [784, 30, 10]
LR = 3.0
BATCH_SIZES = (10, 64, 256)
#: Requirements at batch size 10 (``--strict`` exits with status 1 if one fails).
MIN_SPEEDUP_VS_TORCH = 3.0
MIN_SPEEDUP_VS_LOOP = 8.0


# --- Nielsen's per-example backpropagation (column vectors, one example at a time) ---


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def _sigmoid_prime(z: np.ndarray) -> np.ndarray:
    return _sigmoid(z) * (1 - _sigmoid(z))


def _backprop_one(weights, biases, x, y):
    """∂Cₓ/∂b, ∂Cₓ/∂w for one example x (784×1) with target y (10×1)."""
    activation, activations, zs = x, [x], []
    for w, b in zip(weights, biases, strict=True):
        z = w @ activation + b
        zs.append(z)
        activation = _sigmoid(z)
        activations.append(activation)
    delta = (activations[-1] - y) * _sigmoid_prime(zs[-1])
    nabla_b = [None] * len(biases)
    nabla_w = [None] * len(weights)
    nabla_b[-1] = delta
    nabla_w[-1] = delta @ activations[-2].T
    for layer in range(2, len(SIZES)):
        delta = (weights[-layer + 1].T @ delta) * _sigmoid_prime(zs[-layer])
        nabla_b[-layer] = delta
        nabla_w[-layer] = delta @ activations[-layer - 1].T
    return nabla_b, nabla_w


def per_example_epoch(weights, biases, X, Y, batch_size, lr, rng, max_batches):
    """Nielsen's ``update_mini_batch`` over shuffled mini-batches; returns #updates."""
    order = np.random.default_rng(rng).permutation(len(X))
    starts = range(0, len(X), batch_size)[:max_batches]
    for start in starts:
        idx = order[start : start + batch_size]
        nabla_b = [np.zeros_like(b) for b in biases]
        nabla_w = [np.zeros_like(w) for w in weights]
        for i in idx:
            dnb, dnw = _backprop_one(weights, biases, X[i].reshape(-1, 1), Y[i].reshape(-1, 1))
            nabla_b = [nb + d for nb, d in zip(nabla_b, dnb, strict=True)]
            nabla_w = [nw + d for nw, d in zip(nabla_w, dnw, strict=True)]
        for k in range(len(weights)):
            weights[k] = weights[k] - (lr / len(idx)) * nabla_w[k]
            biases[k] = biases[k] - (lr / len(idx)) * nabla_b[k]
    return len(starts)


# --- timing -------------------------------------------------------------------


def _interleaved_medians(runs: list, repeats: int) -> list[float]:
    """Median wall time of each function, timed in rounds (a, b, c, a, b, c, …).

    Interleaving spreads any slowdown of a shared machine over all methods.
    """
    times: list[list[float]] = [[] for _ in runs]
    for _ in range(repeats):
        for run, record in zip(runs, times, strict=True):
            t0 = time.perf_counter()
            run()
            record.append(time.perf_counter() - t0)
    return [statistics.median(record) for record in times]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument(
        "--batches", type=int, default=200, help="mini-batches timed per run (batch size 10)"
    )
    parser.add_argument("--strict", action="store_true", help="exit 1 if a requirement fails")
    args = parser.parse_args(argv)

    import torch
    from threadpoolctl import threadpool_limits

    torch.set_num_threads(args.threads)
    X_sample, y_sample, _, _ = gdkit.load_mnist_sample(n_train=5000, n_test=0, seed=0)
    X = np.ascontiguousarray(np.tile(X_sample, (N_EXAMPLES // len(X_sample), 1)))
    y = np.tile(y_sample, N_EXAMPLES // len(y_sample))
    Y = gdkit.one_hot(y, 10)
    X_torch, Y_torch = torch.from_numpy(X), torch.from_numpy(Y)

    print(
        f"784-30-10 sigmoid, quadratic cost, SGD η={LR}, {N_EXAMPLES:,} examples, float64, "
        f"{args.threads} thread(s) for NumPy and torch {torch.__version__} (CPU)"
    )
    print(
        f"Each time: median of {args.repeats} runs of a fixed number of mini-batches, "
        "extrapolated to one epoch (not a measured full epoch)."
    )
    header = (
        f"{'batch':>5} {'timed':>7} {'numpy s/epoch':>14} {'torch s/epoch':>14} "
        f"{'per-example s/epoch':>20} {'torch/numpy':>12} {'per-example/numpy':>18}"
    )
    print(header)
    print("-" * len(header))
    results = {}
    with threadpool_limits(limits=args.threads):
        for batch_size in BATCH_SIZES:
            n_batches = max(1, args.batches * 10 // batch_size)
            per_epoch = N_EXAMPLES / (n_batches * batch_size)
            numpy_net = gdkit.MLP(SIZES, seed=0)  # all three start from these weights
            torch_net = gdkit.TorchMLP.from_numpy(numpy_net)
            loop_w = [w.copy() for w in numpy_net.weights]
            loop_b = [b.reshape(-1, 1).copy() for b in numpy_net.biases]

            def run_numpy(net=numpy_net, m=batch_size, k=n_batches):
                net.train_epoch(X, Y, m, LR, 0, max_batches=k)

            def run_torch(net=torch_net, m=batch_size, k=n_batches):
                net.train_epoch(X_torch, Y_torch, m, LR, 0, max_batches=k)

            def run_loop(w=loop_w, b=loop_b, m=batch_size, k=n_batches):
                per_example_epoch(w, b, X, Y, m, LR, 0, k)

            run_numpy(), run_torch()  # warm-up: buffers, torch's first-call costs
            medians = _interleaved_medians([run_numpy, run_torch, run_loop], args.repeats)
            t_numpy, t_torch, t_loop = (t * per_epoch for t in medians)
            results[batch_size] = (t_numpy, t_torch, t_loop)
            print(
                f"{batch_size:5d} {n_batches:7d} {t_numpy:14.3f} {t_torch:14.3f} {t_loop:20.3f} "
                f"{t_torch / t_numpy:11.1f}× {t_loop / t_numpy:17.1f}×"
            )
    t_numpy, t_torch, t_loop = results[10]
    checks = [
        (f"numpy ≥ {MIN_SPEEDUP_VS_TORCH:g}× faster than torch at batch 10", t_torch / t_numpy,
         MIN_SPEEDUP_VS_TORCH),
        (f"numpy ≥ {MIN_SPEEDUP_VS_LOOP:g}× faster than the per-example loop at batch 10",
         t_loop / t_numpy, MIN_SPEEDUP_VS_LOOP),
    ]
    ok = True
    for text, ratio, needed in checks:
        passed = ratio >= needed
        ok &= passed
        print(f"{'PASS' if passed else 'FAIL'}: {text} (measured {ratio:.1f}×)")
    return 0 if ok or not args.strict else 1


if __name__ == "__main__":
    sys.exit(main())
