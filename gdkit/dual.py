"""Forward-mode automatic differentiation with dual numbers.

A dual number :math:`a + a'\\varepsilon` with :math:`\\varepsilon^2 = 0` carries a value
and a derivative together.  Arithmetic on the pair is the chain rule:

.. math::
    (a + a'\\varepsilon)(b + b'\\varepsilon) = ab + (a'b + ab')\\varepsilon, \\qquad
    g(a + a'\\varepsilon) = g(a) + g'(a)\\,a'\\varepsilon.

Evaluating ``f(Dual(x, 1.0))`` therefore returns ``Dual(f(x), f'(x))`` in one pass, at
about the cost of evaluating ``f``.  For a gradient of :math:`f:\\mathbb R^n\\to\\mathbb R`
forward mode needs *n* passes, one per seed direction :math:`e_i` – the reason
backpropagation (reverse mode, :class:`gdkit.Value`) wins for neural networks.

The two parts are ``.value`` and ``.deriv``; ``.real`` and ``.dual`` are aliases for
readers who know the :math:`a + b\\varepsilon` notation.  The elementary functions
(``d.exp()``, ``gdkit.tanh(d)``, ...) come from the table :data:`gdkit.elementary.RULES`,
whose entries give :math:`g` and :math:`g'` side by side.  Kinks follow torch
(``relu'(0) = abs'(0) = 0``).
"""

from __future__ import annotations

from typing import Any

from .elementary import RULES, Rule, pow_grads, safe_div, safe_pow

__all__ = ["Dual"]


class Dual:
    """The dual number ``value + deriv·ε`` (ε² = 0).

    Parameters
    ----------
    value : float
        The value :math:`a`.
    deriv : float, default 0.0
        The derivative part :math:`a'`; seed with 1.0 for the variable you differentiate by.

    Examples
    --------
    >>> from gdkit import Dual
    >>> x = Dual(2.0, 1.0)
    >>> y = 3 * x ** 2 - 4 * x + 5
    >>> (y.value, y.deriv)
    (9.0, 8.0)
    """

    __slots__ = ("value", "deriv")
    __array_ufunc__ = None  # numpy defers to our reflected operators

    def __init__(self, value: float, deriv: float = 0.0) -> None:
        if isinstance(value, Dual):
            raise TypeError(f"Dual(value): value={value!r} is already a Dual; expected a number")
        try:
            self.value = float(value)
            self.deriv = float(deriv)
        except (TypeError, ValueError) as exc:
            raise TypeError(
                f"Dual(value, deriv): got value={value!r}, deriv={deriv!r}; expected real numbers"
            ) from exc

    @property
    def real(self) -> float:
        """Alias of :attr:`value` (the :math:`a` in :math:`a + b\\varepsilon`)."""
        return self.value

    @property
    def dual(self) -> float:
        """Alias of :attr:`deriv` (the :math:`b` in :math:`a + b\\varepsilon`)."""
        return self.deriv

    def __repr__(self) -> str:
        return f"Dual(value={self.value!r}, deriv={self.deriv!r})"

    # --- arithmetic: the chain rule on pairs ----------------------------------------------
    def __add__(self, other: Any) -> Dual:
        o = _lift(other)
        return _dual(self.value + o.value, self.deriv + o.deriv)

    __radd__ = __add__

    def __sub__(self, other: Any) -> Dual:
        o = _lift(other)
        return _dual(self.value - o.value, self.deriv - o.deriv)

    def __rsub__(self, other: Any) -> Dual:
        return _lift(other) - self

    def __mul__(self, other: Any) -> Dual:
        o = _lift(other)
        return _dual(self.value * o.value, self.deriv * o.value + self.value * o.deriv)

    __rmul__ = __mul__

    def __truediv__(self, other: Any) -> Dual:
        # (a/b)' = a'/b - a b'/b**2
        o = _lift(other)
        q = safe_div(self.value, o.value)
        return _dual(q, safe_div(self.deriv - q * o.deriv, o.value))

    def __rtruediv__(self, other: Any) -> Dual:
        return _lift(other) / self

    def __pow__(self, other: Any) -> Dual:
        # (a**b)' = b a**(b-1) a' + a**b ln(a) b'
        if not isinstance(other, Dual):
            try:
                other = Dual(other)
            except TypeError:
                return NotImplemented
        out = safe_pow(self.value, other.value)
        da, db = pow_grads(self.value, other.value, out)
        deriv = da * self.deriv
        if other.deriv != 0:  # a constant exponent contributes nothing (not 0 * nan)
            deriv += db * other.deriv
        return _dual(out, deriv)

    def __rpow__(self, other: Any) -> Dual:
        return _lift(other) ** self

    def __neg__(self) -> Dual:
        return _dual(-self.value, -self.deriv)

    def __pos__(self) -> Dual:
        return self

    def __abs__(self) -> Dual:
        return self.__gdkit_elementary__(RULES["abs"])

    # Orderings compare values, so Python control flow (max, if x > 0) works in f.
    def __lt__(self, other: Any) -> bool:
        return self.value < _value(other)

    def __le__(self, other: Any) -> bool:
        return self.value <= _value(other)

    def __gt__(self, other: Any) -> bool:
        return self.value > _value(other)

    def __ge__(self, other: Any) -> bool:
        return self.value >= _value(other)

    # --- elementary functions: g(a + a'ε) = g(a) + g'(a) a' ε ------------------------------
    # gdkit.exp(d), d.exp(), d.tanh(), ... all land here with the entry of
    # gdkit.elementary.RULES, which gives g and g' side by side.
    def __gdkit_elementary__(self, g: Rule) -> Dual:
        a = self.value
        y = g.real(a)
        return _dual(y, g.deriv(a, y) * self.deriv)


_new = object.__new__


def _dual(value: float, deriv: float) -> Dual:
    d = _new(Dual)
    d.value = value
    d.deriv = deriv
    return d


def _lift(x: Any) -> Dual:
    """A constant ``c`` as the dual number ``c + 0ε``."""
    if isinstance(x, Dual):
        return x
    if isinstance(x, int | float) or hasattr(x, "__float__"):
        return _dual(float(x), 0.0)
    raise TypeError(f"cannot combine a Dual with {x!r} of type {type(x).__name__}")


def _value(x: Any) -> float:
    return x.value if isinstance(x, Dual) else x


# d.exp(), d.tanh(), d.relu(), ...: one method per entry of gdkit.elementary.RULES.
for _rule in RULES.values():
    setattr(Dual, _rule.name, _rule.method())
del _rule
