"""Elementary functions that work on every kind of number the course differentiates.

Write a function once, with ordinary operators and these functions,

>>> import gdkit
>>> def f(x):
...     return gdkit.sigmoid(3 * x) * gdkit.log(1 + x ** x)

and the *same* ``f`` can be called with

* a Python or NumPy number or array (``float``, ``complex``, ``numpy.ndarray``) – plain
  evaluation, finite differences and the complex step;
* a SymPy expression – symbolic differentiation;
* a :class:`gdkit.Dual` – forward mode;
* a :class:`gdkit.Value` – reverse mode (backpropagation);
* a ``torch.Tensor`` – ``torch.autograd``;
* an ``mpmath.mpf`` – high-precision reference values.

**One table.**  Each function below is one entry of :data:`RULES`, written as a decorated
definition that gives, side by side, its float forward, its derivative :math:`f'(x)`, its
SymPy and torch functions and its NumPy, complex and mpmath versions.  The derivative is a
formula in ``x`` and ``y = f(x)`` written with ``+ - * /`` and this table's functions, so
the same formula gives a float (the local derivative :class:`gdkit.Value` records, the
derivative part :class:`gdkit.Dual` carries) and a SymPy expression (checked against
``sympy.diff`` by the tests).  Adding a function is adding one entry:

>>> @elementary_function(
...     real=lambda x: x * x * x,
...     derivative=lambda x, y: 3 * x * x,
...     sympy=lambda x: x**3,
...     torch=lambda x: x**3,
...     numpy=lambda x: x**3,
... )
... def cube(x):
...     "x³, with derivative 3x²."
>>> cube(2.0), cube(gdkit.Dual(2.0, 1.0))
(8.0, Dual(value=8.0, deriv=12.0))
>>> del RULES["cube"]

Dispatch looks at ``type(x)`` only; SymPy, torch, mpmath and SciPy are imported the first
time an argument of theirs (or a complex array for :func:`erf`) arrives, so importing this
module stays cheap.  An object whose class defines ``__gdkit_elementary__(self, rule)``
receives the call (with the table entry) as that method; :class:`gdkit.Value` and
:class:`gdkit.Dual` do this, and get one method per entry (``v.exp()``).

Kinks follow torch's conventions: ``relu'(0) = 0`` and ``abs'(0) = 0`` for every method
(symbolic: ``Piecewise`` and ``sign``; complex step: the analytic branch chosen by the
sign of the real part, with the value at a real part of exactly zero being real).
Out-of-domain arguments give IEEE results instead of exceptions or warnings, as in torch:
``log(0) = -inf``, ``log(-1) = nan``, ``sqrt(-1) = nan``, ``exp(1000) = inf``.
"""

from __future__ import annotations

import cmath
import functools
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = [
    "abs",
    "cos",
    "erf",
    "exp",
    "log",
    "relu",
    "sigmoid",
    "sin",
    "softplus",
    "sqrt",
    "tan",
    "tanh",
    "RULES",
    "Rule",
    "elementary_function",
]

_INF = math.inf
_NAN = math.nan
_TWO_OVER_SQRT_PI = 2.0 / math.sqrt(math.pi)


# --- IEEE-safe real scalars ---------------------------------------------------------------
# float in, float out, never an exception: the scalar engines (Value, Dual) share these.


def safe_div(a: float, b: float) -> float:
    """``a / b`` with IEEE semantics (``1/0 = inf``, ``0/0 = nan``) instead of an exception."""
    try:
        return a / b
    except ZeroDivisionError:
        if a != a or a == 0:
            return _NAN
        return math.copysign(_INF, a) * math.copysign(1.0, b)


def safe_pow(a: float, b: float) -> float:
    """``a ** b`` with IEEE semantics: ``0 ** -1 = inf``, ``(-8) ** (1/3) = nan``."""
    try:
        r = a**b
    except ZeroDivisionError:
        # 0 ** negative: +inf, or -inf for -0.0 raised to a negative odd integer.
        odd = float(b).is_integer() and int(b) % 2 == 1
        return -_INF if odd and math.copysign(1.0, a) < 0 else _INF
    except OverflowError:
        return _INF if a > 0 or float(b).is_integer() and int(b) % 2 == 0 else -_INF
    if type(r) is complex:
        return _NAN
    return float(r)


def pow_grads(a: float, b: float, out: float) -> tuple[float, float]:
    """Local derivatives of ``a ** b`` in torch's conventions.

    ``∂/∂a = b a**(b-1)``, taken as 0 when ``b == 0``; ``∂/∂b = a**b ln a``, taken as 0
    when ``a == 0`` and ``b >= 0``.
    """
    da = 0.0 if b == 0 else b * safe_pow(a, b - 1.0)
    if a == 0 and b >= 0:
        db = 0.0
    elif a > 0:
        db = out * math.log(a)
    else:
        db = math.nan
    return da, db


def _exp(x: float) -> float:
    try:
        return math.exp(x)
    except OverflowError:
        return _INF


def _log(x: float) -> float:
    if x > 0:
        return math.log(x)
    return -_INF if x == 0 else _NAN


def _periodic(fn: Callable[[float], float]) -> Callable[[float], float]:
    def safe(x: float) -> float:
        try:
            return fn(x)
        except ValueError:  # sin(inf)
            return _NAN

    return safe


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = _exp(x)
    return e / (1.0 + e)


def _relu(x: float) -> float:
    return 0.0 if x <= 0 else x


def _sqrt(x: float) -> float:
    return math.sqrt(x) if x >= 0 else _NAN


def _softplus(x: float) -> float:
    if x > 0:
        return x + math.log1p(math.exp(-x))
    return math.log1p(_exp(x))


# --- the kinks in derivative formulas: floats and SymPy ------------------------------------


def _step(x: Any) -> Any:
    """Heaviside step with ``step(0) = 0`` (relu's derivative in torch's convention)."""
    if not isinstance(x, float) and _package(x) == "sympy":
        return _sympy().Piecewise((1, x > 0), (0, True))
    if x > 0:
        return 1.0
    return 0.0 if x <= 0 else x  # nan propagates


def _sign(x: Any) -> Any:
    """Sign with ``sign(0) = 0`` (abs's derivative in torch's convention)."""
    if not isinstance(x, float) and _package(x) == "sympy":
        return _sympy().sign(x)
    if x > 0:
        return 1.0
    if x < 0:
        return -1.0
    return x * 0.0  # 0 for 0 and -0, nan for nan


# --- complex scalars (complex step) -----------------------------------------------------


def _csigmoid(z: complex) -> complex:
    if z.real >= 0:
        return 1.0 / (1.0 + cmath.exp(-z))
    e = cmath.exp(z)
    return e / (1.0 + e)


def _crelu(z: complex) -> complex:
    return z if z.real > 0 else 0j


def _cabs(z: complex) -> complex:
    if z.real > 0:
        return z
    if z.real < 0:
        return -z
    return 0j


def _csoftplus(z: complex) -> complex:
    if z.real > 0:
        return z + cmath.log(1.0 + cmath.exp(-z))
    return cmath.log(1.0 + cmath.exp(z))


def _cerf(z: complex) -> complex:
    return complex(_scipy_erf()(z))


def _scipy_erf() -> Callable[[Any], Any]:
    try:
        from scipy.special import erf as scipy_erf
    except ImportError as exc:  # pragma: no cover - scipy ships with scikit-learn
        raise TypeError(
            "erf of a complex argument needs SciPy (scipy.special.erf); install scipy or "
            "use a method other than the complex step"
        ) from exc
    return scipy_erf


# --- NumPy arrays (real, complex or object) -----------------------------------------------


def _np_sigmoid(x: np.ndarray) -> np.ndarray:
    if np.iscomplexobj(x):
        positive = x.real >= 0
        e = np.exp(np.where(positive, -x, x))
        return np.where(positive, 1.0 / (1.0 + e), e / (1.0 + e))
    x = np.asarray(x, dtype=float)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _np_relu(x: np.ndarray) -> np.ndarray:
    if np.iscomplexobj(x):
        return np.where(x.real > 0, x, 0)
    return np.maximum(x, 0.0)


def _np_abs(x: np.ndarray) -> np.ndarray:
    if np.iscomplexobj(x):
        return np.where(x.real > 0, x, np.where(x.real < 0, -x, 0))
    return np.abs(x)


def _np_softplus(x: np.ndarray) -> np.ndarray:
    if np.iscomplexobj(x):
        positive = x.real > 0
        e = np.exp(np.where(positive, -x, x))
        return np.where(positive, x, 0) + np.log(1.0 + e)
    return np.logaddexp(0.0, x)


def _np_erf(x: np.ndarray) -> np.ndarray:
    try:
        return _scipy_erf()(x)
    except TypeError:  # pragma: no cover - only without scipy
        if np.iscomplexobj(x):
            raise
        return np.frompyfunc(math.erf, 1, 1)(x).astype(float)


# --- SymPy, torch, mpmath (imported on first use) ---------------------------------------------


def _sympy():
    import sympy

    return sympy


def _torch():
    import torch

    return torch


def _mpmath():
    import mpmath

    return mpmath


_PACKAGES = {"sympy": _sympy, "torch": _torch, "mpmath": _mpmath}


def _lazy(path: str) -> Callable[[Any], Any]:
    """The function ``path`` (e.g. ``"torch.exp"``); its package is imported on the first call."""
    package, _, name = path.partition(".")
    load = _PACKAGES[package]

    def call(x: Any) -> Any:
        return getattr(load(), name)(x)

    call.__qualname__ = call.__name__ = path
    return call


def _package(x: Any) -> str:
    """The top-level package of ``type(x)`` (``"sympy"`` for a SymPy expression)."""
    return (type(x).__module__ or "").partition(".")[0]


def _sym_relu(x):
    return _sympy().Piecewise((x, x > 0), (0, True))


def _mp_relu(x):
    return x if x > 0 else type(x)(0)


def _torch_softplus(x):
    torch = _torch()
    return torch.logaddexp(x, torch.zeros_like(x))


# --- the table ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """One elementary function in every representation, with its derivative.

    Attributes
    ----------
    name : str
        The function's name (``gdkit.<name>``, ``Value.<name>``, ``Dual.<name>``).
    real : callable
        float -> float, IEEE semantics (``inf``/``nan`` instead of exceptions).
    derivative : callable
        :math:`f'(x)` as a formula of ``x`` and ``y = f(x)`` (so that ``tanh' = 1 - y*y``
        reuses ``y``), written with ``+ - * /`` and this table's functions: floats in, a
        float out; SymPy expressions in, an expression out.
    sympy, torch, numpy : callable
        The function on a SymPy expression, a ``torch.Tensor``, a NumPy array (real or
        complex; called with floating-point arrays only).
    complex : callable or None
        The function on a Python complex (the complex step); None: ``numpy`` on a
        ``numpy.complex128``.
    mpmath : callable or None
        The function on an ``mpmath.mpf``; None: not available.
    op : str
        The operation's name in :class:`gdkit.Value` graphs (``"ReLU"`` for relu).
    doc : str
        The docstring of ``gdkit.<name>``.
    """

    name: str
    real: Callable[[float], float]
    derivative: Callable[[Any, Any], Any]
    sympy: Callable[[Any], Any]
    torch: Callable[[Any], Any]
    numpy: Callable[[np.ndarray], np.ndarray]
    complex: Callable[[complex], complex] | None = None
    mpmath: Callable[[Any], Any] | None = None
    op: str = ""
    doc: str = ""

    def deriv(self, x: float, y: float) -> float:
        """:math:`f'(x)` as a float, given ``y = f(x)``.

        The :attr:`derivative` formula on Python floats; at a pole, where Python raises
        ``ZeroDivisionError``, the same formula in NumPy's IEEE arithmetic (``log'(0) =
        inf``, as in torch).
        """
        try:
            return self.derivative(x, y)
        except ZeroDivisionError:
            with np.errstate(all="ignore"):
                return float(self.derivative(np.float64(x), np.float64(y)))

    def method(self) -> Callable[[Any], Any]:
        """This function as a method ``x.<name>()``.

        For a class that defines ``__gdkit_elementary__(self, rule)``: this is how
        :class:`gdkit.Value` and :class:`gdkit.Dual` get one method per entry.
        """
        rule = self

        def method(x: Any) -> Any:
            return x.__gdkit_elementary__(rule)

        method.__name__ = method.__qualname__ = self.name
        method.__doc__ = self.doc
        return method


RULES: dict[str, Rule] = {}
"""The table: function name -> :class:`Rule`, in definition order."""


def elementary_function(
    *,
    real: Callable[[float], float],
    derivative: Callable[[Any, Any], Any],
    sympy: Callable[[Any], Any],
    torch: Callable[[Any], Any],
    numpy: Callable[[np.ndarray], np.ndarray],
    complex: Callable[[complex], complex] | None = None,  # noqa: A002 - the field's name
    mpmath: Callable[[Any], Any] | None = None,
    op: str = "",
) -> Callable[[Callable[..., Any]], Callable[[Any], Any]]:
    """Decorator: add an entry to :data:`RULES` and return the function that dispatches to it.

    The decorated ``def`` gives the name and the docstring (its body is not used); the
    arguments are the fields of :class:`Rule`.  The result works on every type this module
    dispatches on, including :class:`gdkit.Value` (reverse mode through ``derivative``)
    and :class:`gdkit.Dual`.
    """

    def define(template: Callable[..., Any]) -> Callable[[Any], Any]:
        name = template.__name__
        rule = Rule(
            name=name,
            real=real,
            derivative=derivative,
            sympy=sympy,
            torch=torch,
            numpy=numpy,
            complex=complex,
            mpmath=mpmath,
            op=op or name,
            doc=template.__doc__ or "",
        )
        RULES[name] = rule

        @functools.wraps(template)
        def function(x: Any) -> Any:
            return _apply(rule, x)

        return function

    return define


def _apply(rule: Rule, x: Any) -> Any:
    """Evaluate ``rule`` on ``x``, choosing the representation from ``type(x)``."""
    t = type(x)
    if t is float or t is int or t is bool:
        return rule.real(float(x))
    engine = getattr(t, "__gdkit_elementary__", None)
    if engine is not None:
        return engine(x, rule)
    if t is complex:
        if rule.complex is not None:
            try:
                return rule.complex(x)
            except (OverflowError, ValueError):  # cmath raises where NumPy gives inf/nan
                pass
        with np.errstate(all="ignore"):
            return complex(rule.numpy(np.complex128(x)))
    if isinstance(x, np.ndarray | np.generic):
        if x.dtype == object:
            return np.frompyfunc(lambda e: _apply(rule, e), 1, 1)(x)
        if x.dtype.kind not in "biufc":
            raise TypeError(
                f"gdkit.{rule.name}(x): x is an array of dtype {x.dtype}; expected numbers "
                "(bool, int, float or complex)"
            )
        with np.errstate(all="ignore"):  # IEEE results (inf, nan) without warnings
            if x.dtype.kind in "fc":
                return rule.numpy(x)
            return rule.numpy(np.asarray(x, dtype=float))
    # An object of a SymPy/torch/mpmath type means that package is already imported.
    package = _package(x)
    if package == "sympy":
        return rule.sympy(x)
    if package == "torch":
        return rule.torch(x)
    if package == "mpmath" and rule.mpmath is not None:
        return rule.mpmath(x)
    if isinstance(x, list | tuple):
        return _apply(rule, np.asarray(x))
    if isinstance(x, int | float):  # numbers.Real subclasses, e.g. fractions
        return rule.real(float(x))
    raise TypeError(
        f"gdkit.{rule.name}(x): x={x!r} has type {t.__module__}.{t.__qualname__}; expected "
        "a float, complex, NumPy array, SymPy expression, gdkit.Value, gdkit.Dual, "
        "torch.Tensor or mpmath number"
    )


# --- the entries: forward and derivative side by side ---------------------------------------


@elementary_function(
    real=_exp,
    derivative=lambda x, y: y,
    sympy=_lazy("sympy.exp"),
    torch=_lazy("torch.exp"),
    numpy=np.exp,
    complex=cmath.exp,
    mpmath=_lazy("mpmath.exp"),
)
def exp(x):
    r"""Exponential :math:`e^x`, with :math:`\frac{d}{dx} e^x = e^x`."""


@elementary_function(
    real=_log,
    derivative=lambda x, y: 1 / x,
    sympy=_lazy("sympy.log"),
    torch=_lazy("torch.log"),
    numpy=np.log,
    complex=cmath.log,
    mpmath=_lazy("mpmath.log"),
)
def log(x):
    r"""Natural logarithm :math:`\ln x`, with :math:`\frac{d}{dx}\ln x = 1/x`.

    ``log(0) = -inf`` and ``log(x < 0) = nan`` for real numbers (NumPy/torch semantics).
    """


@elementary_function(
    real=_periodic(math.sin),
    derivative=lambda x, y: cos(x),
    sympy=_lazy("sympy.sin"),
    torch=_lazy("torch.sin"),
    numpy=np.sin,
    complex=cmath.sin,
    mpmath=_lazy("mpmath.sin"),
)
def sin(x):
    r""":math:`\sin x`, with :math:`\frac{d}{dx}\sin x = \cos x`."""


@elementary_function(
    real=_periodic(math.cos),
    derivative=lambda x, y: -sin(x),
    sympy=_lazy("sympy.cos"),
    torch=_lazy("torch.cos"),
    numpy=np.cos,
    complex=cmath.cos,
    mpmath=_lazy("mpmath.cos"),
)
def cos(x):
    r""":math:`\cos x`, with :math:`\frac{d}{dx}\cos x = -\sin x`."""


@elementary_function(
    real=_periodic(math.tan),
    derivative=lambda x, y: 1 + y * y,
    sympy=_lazy("sympy.tan"),
    torch=_lazy("torch.tan"),
    numpy=np.tan,
    complex=cmath.tan,
    mpmath=_lazy("mpmath.tan"),
)
def tan(x):
    r""":math:`\tan x`, with :math:`\frac{d}{dx}\tan x = 1 + \tan^2 x`."""


@elementary_function(
    real=math.tanh,
    derivative=lambda x, y: 1 - y * y,
    sympy=_lazy("sympy.tanh"),
    torch=_lazy("torch.tanh"),
    numpy=np.tanh,
    complex=cmath.tanh,
    mpmath=_lazy("mpmath.tanh"),
)
def tanh(x):
    r""":math:`\tanh x`, with :math:`\frac{d}{dx}\tanh x = 1 - \tanh^2 x`."""


@elementary_function(
    real=_sigmoid,
    derivative=lambda x, y: y * (1 - y),
    sympy=lambda x: 1 / (1 + exp(-x)),
    torch=_lazy("torch.sigmoid"),
    numpy=_np_sigmoid,
    complex=_csigmoid,
    mpmath=lambda x: 1 / (1 + exp(-x)),
)
def sigmoid(x):
    r"""Logistic sigmoid :math:`\sigma(x) = 1/(1 + e^{-x})`.

    Its derivative, by the chain rule, is :math:`\sigma'(x) = \sigma(x)(1 - \sigma(x))`.
    Real inputs are evaluated without overflow for any ``x``; symbolically it is the
    expression ``1/(1 + exp(-x))`` so that SymPy shows the derivation.
    """


@elementary_function(
    real=_relu,
    derivative=lambda x, y: _step(x),
    sympy=_sym_relu,
    torch=_lazy("torch.relu"),
    numpy=_np_relu,
    complex=_crelu,
    mpmath=_mp_relu,
    op="ReLU",
)
def relu(x):
    r"""Rectified linear unit :math:`\max(x, 0)`.

    Derivative: 1 for :math:`x > 0`, 0 for :math:`x \le 0`; the kink convention
    ``relu'(0) = 0`` is torch's and holds for every method.  Symbolically it is
    ``Piecewise((x, x > 0), (0, True))``.
    """


@elementary_function(
    real=_sqrt,
    derivative=lambda x, y: 1 / (2 * y),
    sympy=_lazy("sympy.sqrt"),
    torch=_lazy("torch.sqrt"),
    numpy=np.sqrt,
    complex=cmath.sqrt,
    mpmath=_lazy("mpmath.sqrt"),
)
def sqrt(x):
    r""":math:`\sqrt{x}`, with :math:`\frac{d}{dx}\sqrt{x} = 1/(2\sqrt{x})` (``inf`` at 0)."""


@elementary_function(
    real=math.fabs,
    derivative=lambda x, y: _sign(x),
    sympy=_lazy("sympy.Abs"),
    torch=_lazy("torch.abs"),
    numpy=_np_abs,
    complex=_cabs,
    mpmath=_lazy("mpmath.fabs"),
)
def abs(x):  # noqa: A001 - the course's name for |x|
    r"""Absolute value :math:`|x|`, with derivative :math:`\operatorname{sign}(x)`.

    The kink convention ``abs'(0) = 0`` is torch's and holds for every method.  Use this
    rather than the builtin ``abs`` in functions meant for the complex step: the builtin
    returns the modulus of a complex number, which has no complex-step derivative.
    """


@elementary_function(
    real=math.erf,
    derivative=lambda x, y: _TWO_OVER_SQRT_PI * exp(-x * x),
    sympy=_lazy("sympy.erf"),
    torch=_lazy("torch.erf"),
    numpy=_np_erf,
    complex=_cerf,
    mpmath=_lazy("mpmath.erf"),
)
def erf(x):
    r"""Error function :math:`\operatorname{erf} x = \frac{2}{\sqrt\pi}\int_0^x e^{-t^2}dt`.

    Derivative: :math:`\frac{2}{\sqrt\pi} e^{-x^2}`.
    """


@elementary_function(
    real=_softplus,
    derivative=lambda x, y: sigmoid(x),
    sympy=lambda x: log(1 + exp(x)),
    torch=_torch_softplus,
    numpy=_np_softplus,
    complex=_csoftplus,
    mpmath=lambda x: log(1 + exp(x)),
)
def softplus(x):
    r"""Softplus :math:`\ln(1 + e^x)`, a smooth ReLU whose derivative is :math:`\sigma(x)`.

    Evaluated without overflow for real inputs (``softplus(1000) = 1000``).
    """
