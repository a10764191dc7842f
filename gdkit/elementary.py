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

Dispatch looks at ``type(x)`` only; SymPy, torch, mpmath and SciPy are imported the first
time an argument of theirs (or a complex array for :func:`erf`) arrives, so importing this
module stays cheap.  Any object whose class sets ``__gdkit_elementary__ = True`` receives
the call as a method (``x.exp()``); :class:`gdkit.Value` and :class:`gdkit.Dual` do this.

Kinks follow torch's conventions: ``relu'(0) = 0`` and ``abs'(0) = 0`` for every method
(symbolic: ``Piecewise`` and ``sign``; complex step: the analytic branch chosen by the
sign of the real part, with the value at a real part of exactly zero being real).
Out-of-domain arguments give IEEE results instead of exceptions or warnings, as in torch:
``log(0) = -inf``, ``log(-1) = nan``, ``sqrt(-1) = nan``, ``exp(1000) = inf``.
"""

from __future__ import annotations

import cmath
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


def _sign(x: float) -> float:
    if x > 0:
        return 1.0
    if x < 0:
        return -1.0
    return x * 0.0  # 0 for 0 and -0, nan for nan


def _softplus(x: float) -> float:
    if x > 0:
        return x + math.log1p(math.exp(-x))
    return math.log1p(_exp(x))


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


def _sym_relu(x):
    sp = _sympy()
    return sp.Piecewise((x, x > 0), (0, True))


def _mp_relu(x):
    return x if x > 0 else _mpmath().mpf(0)


def _mp_sigmoid(x):
    mp = _mpmath()
    return 1 / (1 + mp.exp(-x))


def _torch_softplus(x):
    torch = _torch()
    return torch.logaddexp(x, torch.zeros_like(x))


@dataclass(frozen=True)
class Rule:
    """One elementary function in every representation, and its derivative rule.

    ``real`` maps a float to a float (IEEE semantics, never raises); ``deriv(x, y)``
    gives ``f'(x)`` from the argument ``x`` and the value ``y = f(x)`` (so that, e.g.,
    ``tanh' = 1 - y**2`` reuses ``y``).  The scalar engines :class:`gdkit.Value` and
    :class:`gdkit.Dual` build their operations from ``real`` and ``deriv``.
    """

    name: str
    real: Callable[[float], float]
    deriv: Callable[[float, float], float]
    complex: Callable[[complex], complex]
    numpy: Callable[[np.ndarray], np.ndarray]
    sympy: Callable[[Any], Any]
    torch: Callable[[Any], Any]
    mpmath: Callable[[Any], Any]


RULES: dict[str, Rule] = {
    rule.name: rule
    for rule in (
        Rule(
            "exp",
            _exp,
            lambda x, y: y,
            cmath.exp,
            np.exp,
            lambda x: _sympy().exp(x),
            lambda x: _torch().exp(x),
            lambda x: _mpmath().exp(x),
        ),
        Rule(
            "log",
            _log,
            lambda x, y: safe_div(1.0, x),
            cmath.log,
            np.log,
            lambda x: _sympy().log(x),
            lambda x: _torch().log(x),
            lambda x: _mpmath().log(x),
        ),
        Rule(
            "sin",
            _periodic(math.sin),
            lambda x, y: _periodic(math.cos)(x),
            cmath.sin,
            np.sin,
            lambda x: _sympy().sin(x),
            lambda x: _torch().sin(x),
            lambda x: _mpmath().sin(x),
        ),
        Rule(
            "cos",
            _periodic(math.cos),
            lambda x, y: -_periodic(math.sin)(x),
            cmath.cos,
            np.cos,
            lambda x: _sympy().cos(x),
            lambda x: _torch().cos(x),
            lambda x: _mpmath().cos(x),
        ),
        Rule(
            "tan",
            _periodic(math.tan),
            lambda x, y: 1.0 + y * y,
            cmath.tan,
            np.tan,
            lambda x: _sympy().tan(x),
            lambda x: _torch().tan(x),
            lambda x: _mpmath().tan(x),
        ),
        Rule(
            "tanh",
            math.tanh,
            lambda x, y: 1.0 - y * y,
            cmath.tanh,
            np.tanh,
            lambda x: _sympy().tanh(x),
            lambda x: _torch().tanh(x),
            lambda x: _mpmath().tanh(x),
        ),
        Rule(
            "sigmoid",
            _sigmoid,
            lambda x, y: y * (1.0 - y),
            _csigmoid,
            _np_sigmoid,
            lambda x: 1 / (1 + _sympy().exp(-x)),
            lambda x: _torch().sigmoid(x),
            _mp_sigmoid,
        ),
        Rule(
            "relu",
            _relu,
            lambda x, y: 1.0 if x > 0 else x * 0.0,
            _crelu,
            _np_relu,
            _sym_relu,
            lambda x: _torch().relu(x),
            _mp_relu,
        ),
        Rule(
            "sqrt",
            _sqrt,
            lambda x, y: safe_div(0.5, y),
            cmath.sqrt,
            np.sqrt,
            lambda x: _sympy().sqrt(x),
            lambda x: _torch().sqrt(x),
            lambda x: _mpmath().sqrt(x),
        ),
        Rule(
            "abs",
            math.fabs,
            lambda x, y: _sign(x),
            _cabs,
            _np_abs,
            lambda x: _sympy().Abs(x),
            lambda x: _torch().abs(x),
            lambda x: _mpmath().fabs(x),
        ),
        Rule(
            "erf",
            math.erf,
            lambda x, y: _TWO_OVER_SQRT_PI * _exp(-x * x),
            _cerf,
            _np_erf,
            lambda x: _sympy().erf(x),
            lambda x: _torch().erf(x),
            lambda x: _mpmath().erf(x),
        ),
        Rule(
            "softplus",
            _softplus,
            lambda x, y: _sigmoid(x),
            _csoftplus,
            _np_softplus,
            lambda x: _sympy().log(1 + _sympy().exp(x)),
            _torch_softplus,
            lambda x: _mpmath().log(1 + _mpmath().exp(x)),
        ),
    )
}


def _apply(rule: Rule, x: Any) -> Any:
    """Evaluate ``rule`` on ``x``, choosing the representation from ``type(x)``."""
    t = type(x)
    if t is float or t is int or t is bool:
        return rule.real(float(x))
    if getattr(t, "__gdkit_elementary__", False):
        return getattr(x, rule.name)()
    if t is complex:
        try:
            return rule.complex(x)
        except (OverflowError, ValueError):  # cmath raises where NumPy gives inf/nan
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
    root = (t.__module__ or "").partition(".")[0]
    if root == "sympy":
        return rule.sympy(x)
    if root == "torch":
        return rule.torch(x)
    if root == "mpmath":
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


def exp(x):
    r"""Exponential :math:`e^x`, with :math:`\frac{d}{dx} e^x = e^x`."""
    return _apply(RULES["exp"], x)


def log(x):
    r"""Natural logarithm :math:`\ln x`, with :math:`\frac{d}{dx}\ln x = 1/x`.

    ``log(0) = -inf`` and ``log(x < 0) = nan`` for real numbers (NumPy/torch semantics).
    """
    return _apply(RULES["log"], x)


def sin(x):
    r""":math:`\sin x`, with :math:`\frac{d}{dx}\sin x = \cos x`."""
    return _apply(RULES["sin"], x)


def cos(x):
    r""":math:`\cos x`, with :math:`\frac{d}{dx}\cos x = -\sin x`."""
    return _apply(RULES["cos"], x)


def tan(x):
    r""":math:`\tan x`, with :math:`\frac{d}{dx}\tan x = 1 + \tan^2 x`."""
    return _apply(RULES["tan"], x)


def tanh(x):
    r""":math:`\tanh x`, with :math:`\frac{d}{dx}\tanh x = 1 - \tanh^2 x`."""
    return _apply(RULES["tanh"], x)


def sigmoid(x):
    r"""Logistic sigmoid :math:`\sigma(x) = 1/(1 + e^{-x})`.

    Its derivative, by the chain rule, is :math:`\sigma'(x) = \sigma(x)(1 - \sigma(x))`.
    Real inputs are evaluated without overflow for any ``x``; symbolically it is the
    expression ``1/(1 + exp(-x))`` so that SymPy shows the derivation.
    """
    return _apply(RULES["sigmoid"], x)


def relu(x):
    r"""Rectified linear unit :math:`\max(x, 0)`.

    Derivative: 1 for :math:`x > 0`, 0 for :math:`x \le 0`; the kink convention
    ``relu'(0) = 0`` is torch's and holds for every method.  Symbolically it is
    ``Piecewise((x, x > 0), (0, True))``.
    """
    return _apply(RULES["relu"], x)


def sqrt(x):
    r""":math:`\sqrt{x}`, with :math:`\frac{d}{dx}\sqrt{x} = 1/(2\sqrt{x})` (``inf`` at 0)."""
    return _apply(RULES["sqrt"], x)


def abs(x):  # noqa: A001 - the course's name for |x|
    r"""Absolute value :math:`|x|`, with derivative :math:`\operatorname{sign}(x)`.

    The kink convention ``abs'(0) = 0`` is torch's and holds for every method.  Use this
    rather than the builtin ``abs`` in functions meant for the complex step: the builtin
    returns the modulus of a complex number, which has no complex-step derivative.
    """
    return _apply(RULES["abs"], x)


def erf(x):
    r"""Error function :math:`\operatorname{erf} x = \frac{2}{\sqrt\pi}\int_0^x e^{-t^2}dt`.

    Derivative: :math:`\frac{2}{\sqrt\pi} e^{-x^2}`.
    """
    return _apply(RULES["erf"], x)


def softplus(x):
    r"""Softplus :math:`\ln(1 + e^x)`, a smooth ReLU whose derivative is :math:`\sigma(x)`.

    Evaluated without overflow for real inputs (``softplus(1000) = 1000``).
    """
    return _apply(RULES["softplus"], x)
