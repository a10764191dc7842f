"""Scalar reverse-mode automatic differentiation: the :class:`Value` engine.

Every operation on a :class:`Value` records the numbers that produced it (its *parents*)
and, right beside the result, the *local derivatives* ``∂out/∂parent``.  After the forward
pass, :meth:`Value.backward` walks the graph once in reverse topological order and applies
the chain rule,

.. math::  \\bar v_{parent} \\mathrel{+}= \\frac{\\partial v}{\\partial v_{parent}} \\, \\bar v,

where :math:`\\bar v = \\partial L / \\partial v` is stored in ``.grad``.

The binary operations ``+ - * / **`` are written out below, each as its forward value
and its local derivatives side by side.  The elementary functions (``v.exp()``,
``v.tanh()``, ``v.relu()``, ``gdkit.sigmoid(v)``, ...) all come from one table,
:data:`gdkit.elementary.RULES`, whose entries give ``f`` and ``f'`` side by side; a
function added there is a method of :class:`Value` too.

Compared with micrograd (whose surface this class keeps: ``.data``, ``.grad``, ``_prev``,
``_op``, ``+ - * / **``, ``relu``, ``backward``) three things differ, each for a reason:

* the local derivatives are stored on the node as numbers (every op has one or two
  parents: ``_a, _b`` with ``_da, _db``) instead of a closure that captures the output
  node.  Nodes form no reference cycles, a graph is freed the moment the loss goes out of
  scope, and each op allocates one object that the garbage collector tracks instead of
  micrograd's seven or so (set, closure, cells, tuple) – the cycle collector otherwise
  dominates the run time of a training step;
* nodes are numbered as they are created, so parents always have smaller numbers: the
  topological order is "everything reachable, sorted by number" – no recursion, so a
  chain of 100,000 operations back-propagates without ``RecursionError``, and the order
  is the same on every run;
* ``backward()`` computes fresh gradients: calling it twice gives the same ``.grad``
  values, not doubled ones.  Pass ``accumulate=True`` to add into the leaves' existing
  gradients instead (torch's behaviour, for summing gradients of several losses).

Kinks follow torch: ``relu'(0) = 0`` and ``abs'(0) = 0``.  Arithmetic follows IEEE
semantics (``Value(1.0) / 0`` is ``inf``) instead of raising.
"""

from __future__ import annotations

import itertools
import operator
from typing import Any

from .elementary import RULES, Rule, pow_grads, safe_div, safe_pow

__all__ = ["Value"]


class Value:
    """A scalar in a computation graph, with its gradient.

    Parameters
    ----------
    data : float
        The number this node holds (converted to ``float``).
    _children : tuple of Value, optional
        The parents this node was computed from (micrograd's name); at most two.
    _op : str, optional
        The operation that produced this node, for drawings (``"+"``, ``"tanh"``, ...).
    label : str, optional
        A name to show in :func:`gdkit.draw_graph`.
    _local : tuple of float, optional
        ``∂data/∂parent`` for each parent; required when ``_children`` is given.

    Attributes
    ----------
    data : float
        The value computed in the forward pass.
    grad : float
        :math:`\\partial L/\\partial\\,\\text{data}` after ``L.backward()``; 0 before.

    Examples
    --------
    >>> from gdkit import Value
    >>> a, b = Value(2.0), Value(-3.0)
    >>> L = a * b + a ** 2
    >>> L.backward()
    >>> (L.data, a.grad, b.grad)
    (-2.0, 1.0, 2.0)
    """

    __slots__ = ("data", "grad", "_a", "_b", "_da", "_db", "_op", "_n", "_label")
    __array_ufunc__ = None  # numpy defers to our reflected operators
    # No __float__ on purpose: math.exp(v) raises instead of silently leaving the graph.

    def __init__(
        self,
        data: float,
        _children: tuple[Value, ...] = (),
        _op: str = "",
        label: str = "",
        _local: tuple[float, ...] | None = None,
    ) -> None:
        if isinstance(data, Value):
            raise TypeError(f"Value(data): data={data!r} is already a Value; expected a number")
        try:
            self.data = float(data)
        except (TypeError, ValueError) as exc:
            raise TypeError(
                f"Value(data): data={data!r} of type {type(data).__name__} is not a real number"
            ) from exc
        children = tuple(_children)
        local = tuple(_local) if _local is not None else ()
        if len(children) > 2 or len(local) != len(children):
            raise ValueError(
                f"Value(_children, _local): got {len(children)} children and {len(local)} local "
                "derivatives; expected at most two children, with one local derivative each"
            )
        self.grad = 0.0
        self._a = children[0] if children else None
        self._b = children[1] if len(children) == 2 else None
        self._da = float(local[0]) if children else 0.0
        self._db = float(local[1]) if len(children) == 2 else 0.0
        self._op = _op
        self._n = next(_counter)
        if label:
            self._label = label

    # --- graph introspection -----------------------------------------------------------
    @property
    def label(self) -> str:
        """A name to show in drawings (``""`` unless given)."""
        try:
            return self._label
        except AttributeError:
            return ""

    @label.setter
    def label(self, name: str) -> None:
        self._label = str(name)

    @property
    def op(self) -> str:
        """The operation that produced this node (``""`` for a leaf)."""
        return self._op

    @property
    def _prev(self) -> tuple[Value, ...]:
        """The parents, in argument order (micrograd's name; a tuple, not a set)."""
        if self._a is None:
            return ()
        return (self._a,) if self._b is None else (self._a, self._b)

    @property
    def children(self) -> tuple[Value, ...]:
        """The parents this node was computed from, in argument order."""
        return self._prev

    @property
    def local_grads(self) -> tuple[float, ...]:
        """``∂data/∂parent`` for each parent, aligned with :attr:`children`."""
        if self._a is None:
            return ()
        return (self._da,) if self._b is None else (self._da, self._db)

    def __repr__(self) -> str:
        return f"Value(data={self.data}, grad={self.grad})"

    # --- arithmetic: each op computes out = a op b and, beside it, ∂out/∂a and ∂out/∂b ------
    def __add__(self, other: Any) -> Value:
        a, b = self, _lift(other)
        out = a.data + b.data
        return _binary(out, "+", a, 1.0, b, 1.0)  # ∂/∂a = 1, ∂/∂b = 1

    def __sub__(self, other: Any) -> Value:
        a, b = self, _lift(other)
        out = a.data - b.data
        return _binary(out, "-", a, 1.0, b, -1.0)  # ∂/∂a = 1, ∂/∂b = -1

    def __mul__(self, other: Any) -> Value:
        a, b = self, _lift(other)
        out = a.data * b.data
        return _binary(out, "*", a, b.data, b, a.data)  # ∂/∂a = b, ∂/∂b = a

    def __truediv__(self, other: Any) -> Value:
        a, b = self, _lift(other)
        out = safe_div(a.data, b.data)
        inv = safe_div(1.0, b.data)
        return _binary(out, "/", a, inv, b, -out * inv)  # ∂/∂a = 1/b, ∂/∂b = -a/b² = -out/b

    def __pow__(self, other: Any) -> Value:
        a = self
        if isinstance(other, Value):
            b = other
            out = safe_pow(a.data, b.data)
            da, db = pow_grads(a.data, b.data, out)  # ∂/∂a = b a^(b-1), ∂/∂b = a^b ln a
            return _binary(out, "**", a, da, b, db)
        try:  # a constant exponent is no node: one parent
            c = float(other)
        except (TypeError, ValueError):
            return NotImplemented
        out = safe_pow(a.data, c)
        da, _ = pow_grads(a.data, c, out)  # ∂/∂a = c a^(c-1)
        return _unary(out, f"**{other}", a, da)

    def __neg__(self) -> Value:
        a = self
        return _unary(-a.data, "neg", a, -1.0)  # ∂/∂a = -1

    def __radd__(self, other: Any) -> Value:
        return Value(other) + self

    def __rsub__(self, other: Any) -> Value:
        return Value(other) - self

    def __rmul__(self, other: Any) -> Value:
        return Value(other) * self

    def __rtruediv__(self, other: Any) -> Value:
        return Value(other) / self

    def __rpow__(self, other: Any) -> Value:
        return Value(other) ** self

    def __pos__(self) -> Value:
        return self

    # --- elementary functions: value and local derivative from one table entry -----------
    # gdkit.exp(v), v.exp(), v.tanh(), ... all land here with the entry of
    # gdkit.elementary.RULES: y = f(x) and, beside it, f'(x) from the same entry.
    def __gdkit_elementary__(self, f: Rule) -> Value:
        x = self.data
        y = f.real(x)
        return _unary(y, f.op, self, f.deriv(x, y))

    def __abs__(self) -> Value:
        return self.__gdkit_elementary__(RULES["abs"])

    # Orderings compare data, so that Python control flow (max, if x > 0) works in f.
    # Equality stays identity: nodes are hashable graph objects.
    def __lt__(self, other: Any) -> bool:
        return self.data < _data(other)

    def __le__(self, other: Any) -> bool:
        return self.data <= _data(other)

    def __gt__(self, other: Any) -> bool:
        return self.data > _data(other)

    def __ge__(self, other: Any) -> bool:
        return self.data >= _data(other)

    # --- backpropagation -------------------------------------------------------------------
    def topological_order(self) -> list[Value]:
        """Every node this one depends on, parents before children, ending with ``self``.

        Nodes are numbered at creation and parents always exist before their children, so
        sorting the reachable nodes by number is a topological order: no recursion (no
        limit on depth), and the same order on every run.
        """
        seen = {self}
        stack = [self]
        while stack:
            v = stack.pop()
            a = v._a
            if a is not None:
                if a not in seen:
                    seen.add(a)
                    stack.append(a)
                b = v._b
                if b is not None and b not in seen:
                    seen.add(b)
                    stack.append(b)
        return sorted(seen, key=_creation_number)

    def backward(self, accumulate: bool = False) -> None:
        """Set ``.grad`` of every node in the graph to :math:`\\partial\\,self/\\partial v`.

        One sweep in reverse topological order; each node passes its gradient to its
        parents through the stored local derivatives (the chain rule).

        Parameters
        ----------
        accumulate : bool, default False
            False: gradients are computed afresh, so calling ``backward()`` twice leaves
            the same values (they do not silently double).  True: add into the existing
            ``.grad`` of the leaves (nodes with no parents), as torch does, e.g. to sum
            the gradients of several losses; interior nodes are still reset.
        """
        order = self.topological_order()
        if accumulate:
            for v in order:
                if v._a is not None:
                    v.grad = 0.0
        else:
            for v in order:
                v.grad = 0.0
        self.grad += 1.0
        for v in reversed(order):
            a = v._a
            if a is None:
                continue
            g = v.grad
            a.grad += v._da * g
            b = v._b
            if b is not None:
                b.grad += v._db * g

    def zero_grad(self) -> None:
        """Set ``.grad = 0`` on every node in the graph of ``self``."""
        for v in self.topological_order():
            v.grad = 0.0


_new = object.__new__
_counter = itertools.count()
_creation_number = operator.attrgetter("_n")


def _unary(data: float, op: str, a: Value, da: float) -> Value:
    """A node with one parent ``a`` and ``∂data/∂a = da`` (hot path: no checks)."""
    v = _new(Value)
    v.data = data
    v.grad = 0.0
    v._a = a
    v._b = None
    v._da = da
    v._op = op
    v._n = next(_counter)
    return v


def _binary(data: float, op: str, a: Value, da: float, b: Value, db: float) -> Value:
    """A node with parents ``a``, ``b`` and their local derivatives (hot path: no checks)."""
    v = _new(Value)
    v.data = data
    v.grad = 0.0
    v._a = a
    v._b = b
    v._da = da
    v._db = db
    v._op = op
    v._n = next(_counter)
    return v


def _lift(x: Any) -> Value:
    """A constant ``c`` as a leaf ``Value(c)``; a Value as itself."""
    return x if isinstance(x, Value) else Value(x)


def _data(x: Any) -> float:
    return x.data if isinstance(x, Value) else x


# v.exp(), v.tanh(), v.relu(), ...: one method per entry of gdkit.elementary.RULES.
for _rule in RULES.values():
    setattr(Value, _rule.name, _rule.method())
del _rule
