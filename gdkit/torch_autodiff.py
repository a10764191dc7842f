"""Derivatives with ``torch.autograd``, in float64, for comparison with gdkit's engines.

``x`` becomes a float64 tensor with ``requires_grad=True``; ``f`` (written with ordinary
operators, indexing and gdkit's elementary functions, which call ``torch.exp`` & co. on
tensors) builds torch's graph, and ``backward()`` fills ``x.grad``.  torch is imported
only when these functions run.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from . import _validate

__all__ = ["autograd_nodes", "torch_derivative", "torch_gradient"]


def autograd_nodes(y: Any) -> int:
    """Number of nodes in the autograd graph behind tensor ``y`` (``grad_fn`` objects)."""
    root = getattr(y, "grad_fn", None)
    if root is None:
        return 0
    seen = {root}
    stack = [root]
    while stack:
        node = stack.pop()
        for parent, _ in node.next_functions:
            if parent is not None and parent not in seen:
                seen.add(parent)
                stack.append(parent)
    return len(seen)


def _backward(f: Callable[[Any], Any], x: Any) -> tuple[Any, int]:
    import torch

    try:
        y = f(x)
    except TypeError as exc:
        raise TypeError(
            f"f failed on a torch tensor ({exc}); write f with gdkit's elementary functions, "
            "operators and indexing (NumPy-only operations such as ndarray @ tensor do not "
            "take tensors)"
        ) from exc
    if isinstance(y, np.ndarray) and y.ndim == 0:
        y = y.item()
    if y is None or isinstance(y, str | bytes):
        raise TypeError(
            f"f returned {y!r} of type {type(y).__name__} with torch input; expected a "
            "number (does f end with `return ...`?)"
        )
    if np.ndim(y) != 0:
        raise ValueError(
            f"f must return a scalar; with torch input it returned {type(y).__name__} of "
            f"shape {tuple(np.shape(y))}; use gdkit.jacobian for vector-valued functions"
        )
    if isinstance(y, torch.Tensor) and y.requires_grad:
        y.backward()
        return x.grad, autograd_nodes(y)
    return None, 0  # f does not depend on x


def torch_derivative(f: Callable[[Any], Any], x: float) -> tuple[float, int]:
    """:math:`f'(x)` by ``torch.autograd`` in float64; returns (value, autograd nodes)."""
    _validate.function("f", f)
    x = _validate.real_scalar("x", x)
    import torch

    t = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    grad, nodes = _backward(f, t)
    return (0.0 if grad is None else float(grad)), nodes


def torch_gradient(f: Callable[[Any], Any], x: np.ndarray) -> tuple[np.ndarray, int]:
    """:math:`\\nabla f(x)` by ``torch.autograd`` in float64; returns (gradient, nodes)."""
    _validate.function("f", f)
    x = _validate.real_array("x", x)
    import torch

    t = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    grad, nodes = _backward(f, t)
    if grad is None:
        return np.zeros(np.shape(x)), nodes
    return grad.detach().numpy().copy(), nodes
