"""The PyTorch twin of `gdkit.MLP`, and a report that the two agree.

``TorchMLP`` is a ``torch.nn.Module`` with the same layers, activations and
costs as `gdkit.MLP`; ``TorchMLP.from_numpy(net)`` copies a NumPy network's
weights so both start from the same point, and ``parity_report(net, X, Y)``
shows that their costs and every gradient ∂C/∂wˡ, ∂C/∂bˡ agree in float64 —
autograd and our hand-written backpropagation compute the same numbers.

torch is imported only when ``TorchMLP`` is first used (the class is built on
first access), so ``import gdkit`` and even ``gdkit.parity_report`` stay cheap
until they run.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .mlp import MLP

__all__ = ["ParityReport", "TorchMLP", "parity_report"]  # noqa: F822 (TorchMLP: built on access)


def _define_torch_mlp() -> type:
    import torch
    from torch import nn

    activations = {
        "sigmoid": torch.sigmoid,
        "tanh": torch.tanh,
        "relu": torch.relu,
        "identity": lambda z: z,
    }

    class TorchMLP(nn.Module):
        """A fully connected network in PyTorch, the twin of `gdkit.MLP`.

        Parameters
        ----------
        sizes : sequence of int
            Neurons per layer, input first.
        activation : {"sigmoid", "tanh", "relu"}
        cost : {"quadratic", "cross_entropy"}
            C = 1/(2n) Σₓ‖y − aᴸ‖², or softmax output with C = −1/n Σₓ Σⱼ yⱼ ln aᴸⱼ.
        output_activation : str, optional
            For the quadratic cost (default: ``activation``).
        dtype : torch.dtype
            float64 by default, so results can be compared with NumPy exactly.
        seed : int
            Seed of PyTorch's default initialisation (use `from_numpy` to copy
            a NumPy network's weights instead).

        Attributes
        ----------
        layers : torch.nn.ModuleList of torch.nn.Linear
            ``layers[l].weight`` has shape (sizes[l+1], sizes[l]), like ``MLP.weights[l]``.
        """

        def __init__(
            self,
            sizes,
            activation: str = "sigmoid",
            cost: str = "quadratic",
            output_activation: str | None = None,
            dtype: torch.dtype = torch.float64,
            seed: int = 0,
        ) -> None:
            super().__init__()
            spec = MLP(sizes, activation, cost, output_activation=output_activation, seed=seed)
            self.sizes = spec.sizes
            self.activation = spec.activation
            self.cost = spec.cost
            self.output_activation = spec.output_activation
            generator_state = torch.random.get_rng_state()
            torch.manual_seed(seed)
            self.layers = nn.ModuleList(
                nn.Linear(n_in, n_out, dtype=dtype)
                for n_in, n_out in zip(self.sizes[:-1], self.sizes[1:], strict=True)
            )
            torch.random.set_rng_state(generator_state)

        def __repr__(self) -> str:
            return (
                f"TorchMLP({self.sizes}, activation={self.activation!r}, cost={self.cost!r}, "
                f"dtype={self.layers[0].weight.dtype})"
            )

        @property
        def dtype(self) -> torch.dtype:
            return self.layers[0].weight.dtype

        @classmethod
        def from_numpy(cls, net: MLP, dtype: torch.dtype = torch.float64) -> TorchMLP:
            """A twin of the NumPy network ``net``, starting from a copy of its weights."""
            twin = cls(
                net.sizes,
                net.activation,
                net.cost,
                None if net.cost == "cross_entropy" else net.output_activation,
                dtype=dtype,
            )
            with torch.no_grad():
                for layer, w, b in zip(twin.layers, net.weights, net.biases, strict=True):
                    layer.weight.copy_(torch.from_numpy(w))
                    layer.bias.copy_(torch.from_numpy(b))
            return twin

        def to_numpy(self) -> MLP:
            """A NumPy `gdkit.MLP` holding a float64 copy of these weights."""
            net = MLP(
                self.sizes,
                self.activation,
                self.cost,
                output_activation=None if self.cost == "cross_entropy" else self.output_activation,
            )
            with torch.no_grad():
                for i, layer in enumerate(self.layers):
                    net.weights[i] = layer.weight.to(torch.float64).numpy().copy()
                    net.biases[i] = layer.bias.to(torch.float64).numpy().copy()
            return net

        def _tensor(self, X) -> torch.Tensor:
            if isinstance(X, torch.Tensor):
                return X.to(self.dtype)
            return torch.as_tensor(np.asarray(X), dtype=self.dtype)

        def logits(self, X) -> torch.Tensor:
            """The output layer's weighted input zᴸ."""
            a = self._tensor(X)
            last = len(self.layers) - 1
            for i, layer in enumerate(self.layers):
                a = layer(a)
                if i < last:
                    a = activations[self.activation](a)
            return a

        def forward(self, X) -> torch.Tensor:
            """The output activations aᴸ."""
            z = self.logits(X)
            if self.output_activation == "softmax":
                return torch.softmax(z, dim=1)
            return activations[self.output_activation](z)

        def _targets(self, Y, n: int) -> torch.Tensor:
            Y = np.asarray(Y)
            k = self.sizes[-1]
            if Y.ndim == 1:
                from .mlp import one_hot

                Y = Y.reshape(-1, 1) if k == 1 else one_hot(Y, k)
            if Y.shape != (n, k):
                raise ValueError(f"Y must have shape ({n},) or ({n}, {k}), got {Y.shape}")
            return torch.as_tensor(Y, dtype=self.dtype)

        def loss(self, X, Y) -> torch.Tensor:
            """The batch-mean cost C as a differentiable scalar tensor."""
            X = self._tensor(X)
            return self._cost(X, self._targets(Y, X.shape[0]))

        def _cost(self, X: torch.Tensor, Y: torch.Tensor) -> torch.Tensor:
            if self.cost == "quadratic":
                return 0.5 * ((self.forward(X) - Y) ** 2).sum() / X.shape[0]
            log_a = torch.log_softmax(self.logits(X), dim=1)
            return -(Y * log_a).sum() / X.shape[0]

        def accuracy(self, X, y) -> float:
            """Fraction of rows whose argmax output equals the label."""
            with torch.no_grad():
                predicted = self.forward(X).argmax(dim=1).numpy()
            y = np.asarray(y)
            return float(np.mean(predicted == (y.argmax(axis=1) if y.ndim == 2 else y)))

        def train_epoch(
            self,
            X,
            Y,
            batch_size: int,
            lr: float,
            rng: np.random.Generator | int | None = 0,
            max_batches: int | None = None,
        ) -> int:
            """One epoch of mini-batch SGD with ``torch.optim.SGD`` (w ← w − η ∇C per batch).

            Shuffles exactly like `gdkit.MLP.train_epoch` (same ``rng`` → same
            batches), so the twins follow the same path.  Returns the number
            of updates.
            """
            X = self._tensor(X)
            Y = self._targets(Y, X.shape[0])
            n = X.shape[0]
            order = np.arange(n) if rng is None else np.random.default_rng(rng).permutation(n)
            order = torch.from_numpy(order)
            optimiser = torch.optim.SGD(self.parameters(), lr=lr)
            starts = range(0, n, batch_size)
            if max_batches is not None:
                starts = starts[:max_batches]
            for start in starts:
                idx = order[start : start + batch_size]
                optimiser.zero_grad(set_to_none=True)
                self._cost(X[idx], Y[idx]).backward()
                optimiser.step()
            return len(starts)

    TorchMLP.__module__ = __name__
    TorchMLP.__qualname__ = "TorchMLP"
    return TorchMLP


def _torch_mlp_class() -> type:
    cls = globals().get("TorchMLP")
    if cls is None:
        cls = globals()["TorchMLP"] = _define_torch_mlp()
    return cls


def __getattr__(name: str):
    if name == "TorchMLP":
        return _torch_mlp_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass
class ParityReport:
    """Largest differences between the NumPy MLP and its PyTorch twin.

    Attributes
    ----------
    loss_numpy, loss_torch : float
        The cost C computed by each.
    rows : list of (name, max_abs_diff, max_rel_diff)
        One row for the cost and one per gradient (∂C/∂w¹, ∂C/∂b¹, …).
    """

    loss_numpy: float
    loss_torch: float
    rows: list[tuple[str, float, float]]

    @property
    def max_abs_diff(self) -> float:
        return max(r[1] for r in self.rows)

    @property
    def max_rel_diff(self) -> float:
        return max(r[2] for r in self.rows)

    def ok(self, rtol: float = 1e-10) -> bool:
        """True when every relative difference is at most ``rtol``."""
        return self.max_rel_diff <= rtol

    def __repr__(self) -> str:
        lines = [
            f"NumPy MLP vs PyTorch twin (float64): C = {self.loss_numpy:.12g} vs "
            f"{self.loss_torch:.12g}",
            f"{'quantity':<10} {'max |Δ|':>10} {'max rel':>10}",
        ]
        lines += [f"{name:<10} {a:10.2e} {r:10.2e}" for name, a, r in self.rows]
        lines.append(f"agree to float64 precision: {self.ok()}")
        return "\n".join(lines)


def _diff(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    abs_diff = float(np.max(np.abs(a - b)))
    scale = float(np.max(np.abs(b)))
    return abs_diff, abs_diff / scale if scale > 0 else abs_diff


def parity_report(net: MLP, X: np.ndarray, Y: np.ndarray) -> ParityReport:
    """Compare cost and gradients of ``net`` with those of its float64 PyTorch twin.

    The NumPy side uses `MLP.loss` and `MLP.backprop` (hand-written
    backpropagation); the PyTorch side builds ``TorchMLP.from_numpy(net)`` and
    calls ``loss.backward()`` (autograd).

    Parameters
    ----------
    net : MLP
    X : ndarray of shape (n, sizes[0])
    Y : ndarray of labels (n,) or targets (n, sizes[-1])

    Returns
    -------
    ParityReport
        Its repr is a small table; ``.ok()`` is True when all agree to 1e-10.
    """
    import torch

    twin = _torch_mlp_class().from_numpy(net)
    loss_t = twin.loss(X, Y)
    loss_t.backward()
    grads_w, grads_b = net.backprop(X, Y)
    loss_n = net.loss(X, Y)
    rows = [("C", *_diff(loss_n, loss_t.item()))]
    with torch.no_grad():
        for i, layer in enumerate(twin.layers, start=1):
            rows.append((f"∂C/∂w{i}", *_diff(grads_w[i - 1], layer.weight.grad.numpy())))
            rows.append((f"∂C/∂b{i}", *_diff(grads_b[i - 1], layer.bias.grad.numpy())))
    return ParityReport(loss_numpy=loss_n, loss_torch=float(loss_t.item()), rows=rows)
