"""Symbolic differentiation with SymPy: the derivative as a formula.

Call a function written with gdkit's elementary functions on SymPy symbols and it returns
an expression; :func:`sympy.diff` applies the rules of calculus to it.  The result shows
the formula (LaTeX in a notebook), how big it is (:func:`count_ops`), and a NumPy function
generated from it with common-subexpression elimination (``sympy.lambdify(..., cse=True)``)
for fast repeated evaluation.

Symbolic derivatives are exact, but expressions can *swell*: differentiating a nested
composition repeats sub-expressions, so the derivative's tree can be far larger than the
function's (:func:`expression_swell` measures it).  Sharing repeated sub-expressions
(CSE) removes most of the swell – which is, in effect, what automatic differentiation
does from the start.

SymPy is imported on first use, never by ``import gdkit``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from . import _validate
from .elementary import RULES

__all__ = [
    "SymbolicDerivative",
    "SymbolicError",
    "count_ops",
    "cse_op_count",
    "expression_swell",
    "symbolic_derivative",
    "symbolic_matrix_gradient",
]

_PRECISION = 30  # decimal digits for SymbolicDerivative.at


class SymbolicError(TypeError):
    """SymPy could not build an expression from ``f`` (the message says what to use instead)."""


def _sympy():
    import sympy

    return sympy


def count_ops(expr: Any) -> int:
    """Number of operations in a SymPy expression (or a list of them), as a tree.

    Uses :func:`sympy.count_ops`: every ``+ - * / **`` and function application counts
    once *each time it appears*, so a sub-expression used twice counts twice – the
    measure in which symbolic derivatives swell.
    """
    sp = _sympy()
    if isinstance(expr, list | tuple | np.ndarray):
        return sum(count_ops(e) for e in np.ravel(np.array(expr, dtype=object)))
    if isinstance(expr, sp.MatrixBase):
        return sum(count_ops(e) for e in expr)
    if isinstance(expr, str | bytes):  # sympy.count_ops would parse (eval) the string
        raise TypeError(f"expr={expr!r} is a string; expected a SymPy expression")
    return int(sp.count_ops(expr))


def cse_op_count(expr: Any) -> int:
    """Operations after common-subexpression elimination: each shared piece counted once."""
    sp = _sympy()
    exprs = list(np.ravel(np.array(expr, dtype=object))) if _is_listlike(expr) else [expr]
    replacements, reduced = sp.cse(exprs)
    return sum(count_ops(e) for _, e in replacements) + count_ops(reduced)


def _is_listlike(x: Any) -> bool:
    return isinstance(x, list | tuple | np.ndarray)


def _lambdify(args: Sequence[Any], expr: Any) -> Callable[..., Any]:
    """``sympy.lambdify`` to NumPy with CSE; erf maps to gdkit's (SciPy-backed) NumPy erf."""
    sp = _sympy()
    return sp.lambdify(args, expr, modules=[{"erf": RULES["erf"].numpy}, "numpy"], cse=True)


def _stacked(raw: Callable[..., Any]) -> Callable[..., np.ndarray]:
    """Wrap a lambdified list-valued function so it returns one array (components first)."""

    def evaluate(*args: Any) -> np.ndarray:
        parts = raw(*args)
        if len({np.shape(p) for p in parts}) == 1:
            return np.array(parts, dtype=float)
        return np.array(np.broadcast_arrays(*parts), dtype=float)

    evaluate.__doc__ = raw.__doc__
    return evaluate


@dataclass(eq=False)
class SymbolicDerivative:
    """A function and its derivative as SymPy expressions.

    Attributes
    ----------
    expr : sympy.Expr
        The expression of ``f``.
    derivative : sympy.Expr or list of sympy.Expr
        :math:`f'(x)`, or the gradient :math:`[\\partial f/\\partial x_i]` (flattened in
        the order of :attr:`symbols`) for a function of several variables.
    symbols : tuple of sympy.Symbol
        The variables differentiated by.
    args : tuple
        The arguments of :attr:`numpy` and :attr:`function`, in order: the variables
        (a scalar, or one array for several variables) followed by any data symbols.
    shape : tuple of int or None
        Shape of the variables' array (None for a function of one variable).
    op_count : int
        :func:`count_ops` of the derivative.
    expr_op_count : int
        :func:`count_ops` of ``f``.
    seconds : float
        Time SymPy took to differentiate.
    """

    expr: Any
    derivative: Any
    symbols: tuple[Any, ...]
    args: tuple[Any, ...]
    shape: tuple[int, ...] | None
    seconds: float = 0.0
    _numpy: Callable[..., Any] | None = field(default=None, repr=False)
    _function: Callable[..., Any] | None = field(default=None, repr=False)

    @property
    def op_count(self) -> int:
        return count_ops(self.derivative)

    @property
    def expr_op_count(self) -> int:
        return count_ops(self.expr)

    @property
    def cse_op_count(self) -> int:
        """Operations of the derivative after common-subexpression elimination."""
        return cse_op_count(self.derivative)

    @property
    def numpy(self) -> Callable[..., Any]:
        """The derivative as a NumPy function (``sympy.lambdify`` with ``cse=True``).

        Takes :attr:`args` (arrays broadcast, so data symbols can be whole data sets);
        returns a float/array for :math:`f'`, or an array with the gradient components
        along the first axis.
        """
        if self._numpy is None:
            raw = _lambdify(self.args, self.derivative)
            self._numpy = _stacked(raw) if isinstance(self.derivative, list) else raw
        return self._numpy

    @property
    def function(self) -> Callable[..., Any]:
        """``f`` itself as a NumPy function of :attr:`args`."""
        if self._function is None:
            self._function = _lambdify(self.args, self.expr)
        return self._function

    @property
    def latex(self) -> str:
        """LaTeX of ``f`` and of its derivative."""
        sp = _sympy()
        if self.shape is None and len(self.symbols) == 1:
            (x,) = self.symbols
            name = sp.latex(x)
            return (
                f"f({name}) = {sp.latex(self.expr)}, \\quad "
                f"f'({name}) = {sp.latex(self.derivative)}"
            )
        if isinstance(self.derivative, list):
            grad = sp.latex(sp.Matrix(self.derivative))
        else:
            grad = sp.latex(self.derivative)
        return f"f = {sp.latex(self.expr)}, \\quad \\nabla f = {grad}"

    def _repr_latex_(self) -> str:
        return f"${self.latex}$"

    def __repr__(self) -> str:
        return (
            f"SymbolicDerivative(f={self.expr}, derivative={self.derivative}, "
            f"op_count={self.op_count})"
        )

    def at(self, x: Any) -> float | np.ndarray:
        """Evaluate the derivative at ``x`` with SymPy's arbitrary precision (30 digits).

        Exact up to the final rounding to float64, for any input: no overflow in
        intermediate results (``sigmoid'(800)`` is fine) and no cancellation.  Values that
        are not real (``log'`` is fine, but e.g. ``sqrt`` of a negative number) give
        ``nan``.  Only for functions without data symbols.
        """
        sp = _sympy()
        if len(self.args) != 1:
            raise ValueError(
                "SymbolicDerivative.at(x) needs a function without data symbols; call "
                ".numpy(x, *data) instead"
            )
        values = np.ravel(np.asarray(x, dtype=float))
        if values.size != len(self.symbols):
            raise ValueError(
                f"x has {values.size} entries; expected {len(self.symbols)} (one per variable)"
            )
        subs = {
            s: sp.Float(float(v), _PRECISION) for s, v in zip(self.symbols, values, strict=True)
        }
        if isinstance(self.derivative, list):
            out = np.array([self._value_at(d, subs, values) for d in self.derivative])
            return out.reshape(self.shape)
        return self._value_at(self.derivative, subs, values)

    def _value_at(self, expr: Any, subs: Mapping[Any, Any], values: np.ndarray) -> float:
        """30-digit value of ``expr``; where that divides by zero (``sqrt'(0)``), the
        float64 value of the lambdified formula, with IEEE semantics (``inf``)."""
        try:
            return _to_float(expr, subs)
        except ZeroDivisionError:
            fn = _lambdify(list(self.symbols), expr)
            with np.errstate(all="ignore"):
                return float(np.real(fn(*values)))


def _to_float(expr: Any, subs: Mapping[Any, Any]) -> float:
    sp = _sympy()
    value = sp.sympify(expr, strict=True).evalf(_PRECISION, subs=subs)
    try:
        return float(value)
    except TypeError:
        try:
            z = complex(value)
        except TypeError:
            return float("nan")
        return z.real if z.imag == 0 else float("nan")


def _symbols_for(nvars: int | tuple[int, ...] | None) -> tuple[Any, tuple[Any, ...], Any]:
    """(argument passed to f, flat tuple of symbols, shape or None)."""
    sp = _sympy()
    if nvars is None:
        x = sp.Symbol("x", real=True)
        return x, (x,), None
    shape = (nvars,) if isinstance(nvars, int | np.integer) else tuple(nvars)
    if not shape or any(not isinstance(n, int | np.integer) or n < 1 for n in shape):
        raise ValueError(
            f"nvars={nvars!r}: expected None (one variable), a positive int or a shape tuple"
        )
    symbols = []
    for index in np.ndindex(shape):
        sub = ",".join(str(i) for i in index)
        symbols.append(sp.Symbol(f"x_{{{sub}}}" if len(index) > 1 else f"x_{sub}", real=True))
    arr = np.empty(len(symbols), dtype=object)
    arr[:] = symbols
    return arr.reshape(shape), tuple(symbols), shape


def _call_symbolically(f: Callable[..., Any], *args: Any) -> Any:
    """``f(*args)`` on SymPy symbols, turning failures into a :class:`SymbolicError`."""
    sp = _sympy()
    try:
        out = f(*args)
    except Exception as exc:  # SymPy's failures come as many exception types
        raise SymbolicError(
            f"SymPy could not handle f: calling it with symbols raised "
            f"{type(exc).__name__}: {exc}. f probably uses math.*/numpy functions or Python "
            "control flow (if x > 0) on its argument; write it with gdkit.exp, gdkit.relu, ... "
            "or use method='reverse' (or 'forward', 'torch', 'numerical') instead"
        ) from exc
    if isinstance(out, np.ndarray) and out.ndim == 0:
        out = out.item()
    if np.ndim(out) != 0 or isinstance(out, sp.MatrixBase):
        raise ValueError(
            f"f must return a scalar; with symbolic input it returned {type(out).__name__} "
            f"of shape {np.shape(out)}"
        )
    try:
        expr = sp.sympify(out, strict=True)  # strict: a string is never parsed
    except (sp.SympifyError, TypeError) as exc:
        raise SymbolicError(
            f"f returned {out!r} of type {type(out).__name__}, which SymPy cannot use; use "
            "method='reverse' (or 'forward', 'torch', 'numerical') instead"
        ) from exc
    if not isinstance(expr, sp.Expr):
        raise SymbolicError(
            f"f returned {expr!r} ({type(expr).__name__}), not an arithmetic expression; use "
            "method='reverse' (or 'forward', 'torch', 'numerical') instead"
        )
    return expr


def symbolic_derivative(
    f: Callable[..., Any],
    nvars: int | tuple[int, ...] | None = None,
    *,
    data: Sequence[str] = (),
    simplify: bool = False,
) -> SymbolicDerivative:
    """Differentiate ``f`` symbolically.

    Parameters
    ----------
    f : callable
        Written with ordinary operators and gdkit's elementary functions.  With
        ``nvars=None`` it is called as ``f(x)`` on one real symbol; otherwise as
        ``f(x, *data)`` with ``x`` a NumPy object array of symbols ``x_0, x_1, ...`` that
        ``f`` indexes.
    nvars : None, int or tuple of int
        ``None`` for :math:`f:\\mathbb R\\to\\mathbb R`; *n* (or a shape) for
        :math:`f:\\mathbb R^n\\to\\mathbb R`, giving the gradient.
    data : sequence of str
        Names of extra real symbols (e.g. ``("x", "y")`` for one training example) passed
        to ``f`` after the variables.  The derivative is taken with respect to the
        variables only, and :attr:`SymbolicDerivative.numpy` accepts whole arrays for the
        data symbols: one formula, evaluated for every example at once (vectorised).
    simplify : bool, default False
        Apply :func:`sympy.simplify` to the derivative (slow for large expressions).

    Returns
    -------
    SymbolicDerivative

    Raises
    ------
    TypeError
        ``f`` is not callable.
    SymbolicError
        SymPy cannot handle ``f`` (the message names the methods to use instead).
    ValueError
        ``f`` returns a non-scalar, or ``nvars``/``data`` are malformed.

    Examples
    --------
    >>> import gdkit
    >>> d = gdkit.symbolic_derivative(lambda x: 3 * x**2 - 4 * x + 5)
    >>> d.derivative
    6*x - 4
    """
    _validate.function("f", f)
    sp = _sympy()
    if isinstance(data, str) or not all(isinstance(name, str) for name in data):
        raise ValueError(f"data={data!r}: expected a sequence of symbol names (str)")
    data_symbols = tuple(sp.Symbol(name, real=True) for name in data)
    x, symbols, shape = _symbols_for(nvars)
    expr = _call_symbolically(f, x, *data_symbols)
    start = time.perf_counter()
    if shape is None:
        derivative = sp.diff(expr, symbols[0])
        derivative = sp.simplify(derivative) if simplify else derivative
    else:
        derivative = [sp.diff(expr, s) for s in symbols]
        derivative = [sp.simplify(d) for d in derivative] if simplify else derivative
    seconds = time.perf_counter() - start
    if shape is None:
        args: tuple[Any, ...] = (symbols[0], *data_symbols)
    else:
        # One argument shaped like x: lambdify unpacks nested lists from an array.
        args = (x.tolist(), *data_symbols)
    return SymbolicDerivative(expr, derivative, symbols, args, shape, seconds)


def symbolic_matrix_gradient(
    f: Callable[..., Any],
    shapes: Mapping[str, tuple[int, int]],
    wrt: str,
) -> SymbolicDerivative:
    """Matrix calculus with SymPy ``MatrixSymbol``: the gradient as one matrix formula.

    For least squares, :math:`L(\\beta) = (y - X\\beta)^T(y - X\\beta)` gives
    :math:`\\nabla_\\beta L = -2X^T(y - X\\beta)`, and the generated NumPy function is a
    handful of matrix products – not a loop over data points.

    Parameters
    ----------
    f : callable
        Called with one ``MatrixSymbol`` per entry of ``shapes``, as keyword arguments;
        returns a 1×1 matrix expression (use ``@`` and ``.T``).
    shapes : mapping of str to (rows, cols)
        The matrices and their shapes, in the order the NumPy function takes them.
    wrt : str
        The name in ``shapes`` to differentiate by.

    Returns
    -------
    SymbolicDerivative
        ``.derivative`` is the matrix expression of the gradient (shape of ``wrt``);
        ``.numpy(*arrays)`` evaluates it, arrays in the order of ``shapes``.

    Examples
    --------
    >>> import gdkit
    >>> g = gdkit.symbolic_matrix_gradient(
    ...     lambda beta, X, y: (y - X @ beta).T @ (y - X @ beta),
    ...     {"beta": (2, 1), "X": (10, 2), "y": (10, 1)}, wrt="beta")
    >>> g.derivative
    -2*X.T*(-X*beta + y)
    """
    _validate.function("f", f, "a function of matrices")
    _validate.choice("wrt", wrt, shapes)
    sp = _sympy()
    matrices = {}
    for name, shape in shapes.items():
        if len(shape) != 2 or any(not isinstance(n, int) or n < 1 for n in shape):
            raise ValueError(f"shapes[{name!r}]={shape!r}: expected (rows, cols) of positive ints")
        matrices[name] = sp.MatrixSymbol(name, *shape)
    try:
        expr = f(**matrices)
    except Exception as exc:
        raise SymbolicError(
            f"SymPy could not handle f with MatrixSymbols ({type(exc).__name__}: {exc}); "
            "use @ for products and .T for transposes"
        ) from exc
    if getattr(expr, "shape", None) != (1, 1):
        raise ValueError(
            f"f must return a scalar (a 1x1 matrix expression); got shape "
            f"{getattr(expr, 'shape', None)}"
        )
    start = time.perf_counter()
    derivative = expr.diff(matrices[wrt])
    seconds = time.perf_counter() - start
    args = tuple(matrices.values())
    return SymbolicDerivative(expr, derivative, (matrices[wrt],), args, shapes[wrt], seconds)


def _logistic_map(depth: int) -> Callable[[Any], Any]:
    """:math:`l_1 = x,\\ l_{k+1} = 4 l_k (1 - l_k)`: the classic expression-swell example."""

    def f(x: Any) -> Any:
        l = x
        for _ in range(depth - 1):
            l = 4 * l * (1 - l)
        return l

    return f


def expression_swell(
    f_builder: Callable[[int], Callable[[Any], Any]] | None = None,
    depths: Iterable[int] = range(1, 7),
) -> dict[str, np.ndarray]:
    """Size of :math:`f` and :math:`f'` as a nested composition gets deeper.

    For each depth *d*, ``f_builder(d)`` returns a function of one variable; the result
    records the operation count (:func:`count_ops`, a tree count) of ``f`` and of its
    symbolic derivative, and of the derivative after common-subexpression elimination.
    The tree count of :math:`f'` grows much faster than that of :math:`f` (product and
    chain rules copy sub-expressions); with CSE it grows about linearly – the sharing that
    automatic differentiation gets for free.

    Parameters
    ----------
    f_builder : callable, optional
        ``depth -> f``.  Default: the logistic map :math:`l_{k+1} = 4l_k(1 - l_k)` with
        :math:`l_1 = x` (Baydin et al., 2018), so depth 1 is ``f(x) = x``.
    depths : iterable of int
        Depths to measure, default 1 to 6.

    Returns
    -------
    dict of str to ndarray
        ``"depth"``, ``"f"`` (ops of f), ``"derivative"`` (ops of f'),
        ``"derivative_cse"`` (ops of f' after CSE) and ``"seconds"`` (time to differentiate).
    """
    builder = _logistic_map if f_builder is None else f_builder
    _validate.function("f_builder", builder, "depth -> function")
    rows: dict[str, list[float]] = {
        "depth": [],
        "f": [],
        "derivative": [],
        "derivative_cse": [],
        "seconds": [],
    }
    for depth in depths:
        result = symbolic_derivative(builder(int(depth)))
        rows["depth"].append(int(depth))
        rows["f"].append(result.expr_op_count)
        rows["derivative"].append(result.op_count)
        rows["derivative_cse"].append(result.cse_op_count)
        rows["seconds"].append(result.seconds)
    return {
        key: np.array(values, dtype=float if key == "seconds" else int)
        for key, values in rows.items()
    }
