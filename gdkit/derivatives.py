"""One function, differentiated five ways: :func:`derivative` and :func:`gradient`.

======== ========================================== ============================== =========
method   how                                        cost                           accuracy
======== ========================================== ============================== =========
symbolic SymPy: the formula, evaluated at 30 digits size of the expression of f'    exact
numerical finite differences (default: Richardson)  evaluations of f               ~1e-12
forward  dual numbers, one pass per input           n passes of f                  exact
reverse  :class:`gdkit.Value`, one backward pass    nodes of the graph             exact
torch    ``torch.autograd`` in float64              nodes of torch's graph         exact
======== ========================================== ============================== =========

"Exact" means: the derivative of the floating-point computation, correct to a few units
of rounding.  Kinks follow torch for every exact method (``relu'(0) = abs'(0) = 0``);
finite differences see the average slope there (``relu'(0) ≈ 0.5``).

``f`` is written once with ordinary operators and gdkit's elementary functions.  For
:func:`gradient`, ``f`` receives an array shaped like ``x`` (NumPy object array of
symbols, duals or Values; a float64 tensor for torch) and may index it, sum it or, except
for torch, multiply it by NumPy arrays.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from . import _validate
from .dual import Dual
from .numerical import ARRAY_EXPECTED, SCALAR_HINT, _finite_difference, _numerical_gradient
from .value import Value

__all__ = ["METHODS", "derivative", "gradient"]

METHODS: tuple[str, ...] = ("symbolic", "numerical", "forward", "reverse", "torch")

COST_UNITS: dict[str, str] = {
    "symbolic": "ops in f'",
    "numerical": "f evals",
    "forward": "dual passes",
    "reverse": "graph nodes",
    "torch": "autograd nodes",
}

_OPTIONS: dict[str, tuple[str, ...]] = {
    "symbolic": ("simplify",),
    "numerical": ("h", "scheme"),
    "forward": (),
    "reverse": (),
    "torch": (),
}


@dataclass(frozen=True)
class MethodResult:
    """A derivative or gradient with what it cost (``cost`` in ``unit``)."""

    value: float | np.ndarray
    cost: int
    unit: str


def _check_call(f: Any, method: str, opts: dict[str, Any]) -> None:
    if not callable(f):
        raise TypeError(
            f"f={f!r} of type {type(f).__name__} is not callable; expected a function of x"
        )
    if method not in METHODS:
        valid = ", ".join(repr(m) for m in METHODS)
        raise ValueError(
            f"method={method!r} is not a differentiation method; expected one of {valid}"
        )
    unknown = sorted(set(opts) - set(_OPTIONS[method]))
    if unknown:
        allowed = ", ".join(_OPTIONS[method]) or "none"
        raise TypeError(
            f"method={method!r} got unexpected option(s) {unknown}; its options are: {allowed}"
        )


def _scalar_output(y: Any, kind: str) -> Any:
    """The scalar ``f`` returned (0-d arrays unwrapped); ValueError for anything bigger."""
    if isinstance(y, np.ndarray) and y.ndim == 0:
        y = y.item()
    if y is None or isinstance(y, str | bytes):
        raise TypeError(
            f"f returned {y!r} of type {type(y).__name__} with {kind} input; expected a "
            "number (does f end with `return ...`?)"
        )
    if isinstance(y, list | tuple) or np.ndim(y) != 0:
        raise ValueError(
            f"f must return a scalar; with {kind} input it returned {type(y).__name__} of "
            f"shape {np.shape(y)}; use gdkit.jacobian for vector-valued functions"
        )
    return y


def _call(f: Callable[[Any], Any], x: Any, kind: str) -> Any:
    try:
        y = f(x)
    except TypeError as exc:
        raise TypeError(
            f"f failed on {kind} input ({exc}); write f with operators and gdkit's elementary "
            "functions (gdkit.exp, ...) rather than math.* or numpy ones"
        ) from exc
    return _scalar_output(y, kind)


def _object_array(values: list[Any], shape: tuple[int, ...]) -> np.ndarray:
    arr = np.empty(len(values), dtype=object)
    arr[:] = values
    return arr.reshape(shape)


# --- the five methods, scalar and vector ---------------------------------------------------


def _forward(f: Callable[[Any], Any], x: Any, vector: bool) -> MethodResult:
    unit = COST_UNITS["forward"]
    if not vector:
        y = _call(f, Dual(x, 1.0), "gdkit.Dual")
        return MethodResult(y.deriv if isinstance(y, Dual) else 0.0, 1, unit)
    grad = np.zeros(x.shape)
    flat = x.ravel()
    for i in range(flat.size):
        duals = [Dual(v, 1.0 if j == i else 0.0) for j, v in enumerate(flat)]
        y = _call(f, _object_array(duals, x.shape), "gdkit.Dual")
        grad.flat[i] = y.deriv if isinstance(y, Dual) else 0.0
    return MethodResult(grad, flat.size, unit)


def _reverse(f: Callable[[Any], Any], x: Any, vector: bool) -> MethodResult:
    unit = COST_UNITS["reverse"]
    if not vector:
        v = Value(x)
        y = _call(f, v, "gdkit.Value")
        if not isinstance(y, Value):
            return MethodResult(0.0, 0, unit)
        y.backward()
        return MethodResult(v.grad, len(y.topological_order()), unit)
    leaves = [Value(e) for e in x.ravel()]
    y = _call(f, _object_array(leaves, x.shape), "gdkit.Value")
    if not isinstance(y, Value):
        return MethodResult(np.zeros(x.shape), 0, unit)
    y.backward()
    grad = np.array([v.grad for v in leaves]).reshape(x.shape)
    return MethodResult(grad, len(y.topological_order()), unit)


def _symbolic(
    f: Callable[[Any], Any], x: Any, vector: bool, simplify: bool = False
) -> MethodResult:
    from .symbolic import symbolic_derivative

    result = symbolic_derivative(f, x.shape if vector else None, simplify=simplify)
    return MethodResult(result.at(x), result.op_count, COST_UNITS["symbolic"])


def _numerical(
    f: Callable[[Any], Any], x: Any, vector: bool, h: Any = None, scheme: str = "richardson"
) -> MethodResult:
    if vector:
        value, evals = _numerical_gradient(f, x, h, scheme)
    else:
        value, evals = _finite_difference(f, x, h, scheme)
    return MethodResult(value, evals, COST_UNITS["numerical"])


def _torch(f: Callable[[Any], Any], x: Any, vector: bool) -> MethodResult:
    from .torch_autodiff import torch_derivative, torch_gradient

    value, nodes = torch_gradient(f, x) if vector else torch_derivative(f, x)
    return MethodResult(value, nodes, COST_UNITS["torch"])


_IMPLEMENTATIONS = {
    "symbolic": _symbolic,
    "numerical": _numerical,
    "forward": _forward,
    "reverse": _reverse,
    "torch": _torch,
}


def run_method(
    f: Callable[[Any], Any], x: Any, method: str, *, vector: bool, **opts: Any
) -> MethodResult:
    """Validate the call, run one method, and return the value with its cost."""
    _check_call(f, method, opts)
    point = (
        _validate.real_array("x", x, ARRAY_EXPECTED, min_ndim=1, allow_empty=False)
        if vector
        else _validate.real_scalar("x", x, SCALAR_HINT)
    )
    return _IMPLEMENTATIONS[method](f, point, vector, **opts)


def derivative(f: Callable[[Any], Any], x: float, method: str = "reverse", **opts: Any) -> float:
    """:math:`f'(x)` for :math:`f:\\mathbb R\\to\\mathbb R`, by the method of your choice.

    Parameters
    ----------
    f : callable
        A function of one real variable, written with operators and gdkit's elementary
        functions.
    x : float
        The point.
    method : {"symbolic", "numerical", "forward", "reverse", "torch"}, default "reverse"
        See the module docstring; :data:`METHODS` lists them.
    **opts
        ``method="numerical"``: ``h`` (step; automatic when omitted) and ``scheme``
        (default ``"richardson"``; see :func:`gdkit.finite_difference`).
        ``method="symbolic"``: ``simplify`` (bool).

    Returns
    -------
    float

    Raises
    ------
    TypeError
        ``f`` is not callable, an option does not exist for the method, or ``f`` cannot
        take the method's input type.
    ValueError
        Unknown ``method`` (the valid ones are listed), ``x`` not a scalar, or ``f``
        returning a non-scalar.
    gdkit.symbolic.SymbolicError
        SymPy cannot handle ``f`` (the message names the methods to use instead).

    Examples
    --------
    >>> import gdkit
    >>> f = lambda x: 3 * x**2 - 4 * x + 5
    >>> [gdkit.derivative(f, -2.0, method=m) for m in ("symbolic", "forward", "reverse")]
    [-16.0, -16.0, -16.0]
    """
    return float(run_method(f, x, method, vector=False, **opts).value)


def gradient(
    f: Callable[[Any], Any],
    x: Sequence[float] | np.ndarray,
    method: str = "reverse",
    **opts: Any,
) -> np.ndarray:
    """:math:`\\nabla f(x) = [\\partial f/\\partial x_i]` for :math:`f:\\mathbb R^n\\to\\mathbb R`.

    Parameters
    ----------
    f : callable
        Takes an array shaped like ``x`` (it may index it: ``x[0]``) and returns a scalar.
    x : sequence or ndarray
        The point; any shape, at least one entry.
    method, **opts
        As in :func:`derivative`.

    Returns
    -------
    ndarray
        The gradient, float64, shaped like ``x``.

    Raises
    ------
    TypeError, ValueError
        As in :func:`derivative`; ``ValueError`` also for a scalar or ragged ``x``.

    Examples
    --------
    >>> import gdkit
    >>> gdkit.gradient(lambda w: w[0] ** 2 * w[1], [3.0, 2.0], method="forward")
    array([12.,  9.])
    """
    return np.asarray(run_method(f, x, method, vector=True, **opts).value, dtype=float)
