"""Numerical derivatives: finite differences, the complex step and Richardson extrapolation.

The schemes, for :math:`f:\\mathbb R\\to\\mathbb R` and a step :math:`h`:

============== ============================================================= ============
scheme         formula                                                       error
============== ============================================================= ============
forward        :math:`(f(x+h) - f(x))/h`                                      :math:`O(h)`
backward       :math:`(f(x) - f(x-h))/h`                                      :math:`O(h)`
central        :math:`(f(x+h) - f(x-h))/2h`                                   :math:`O(h^2)`
five-point     :math:`(-f(x+2h) + 8f(x+h) - 8f(x-h) + f(x-2h))/12h`           :math:`O(h^4)`
richardson     central differences at shrinking steps, extrapolated to h → 0  adaptive
complex-step   :math:`\\operatorname{Im} f(x + ih)/h`                          :math:`O(h^2)`
============== ============================================================= ============

Each scheme trades *truncation* error (large h) against *round-off* error (small h: the
difference :math:`f(x+h)-f(x)` loses digits).  For a method of order *p* the total error
:math:`\\approx C h^p + \\epsilon |f| / h` is smallest near :math:`h \\approx
\\epsilon^{1/(p+1)}`, which is what :func:`default_step` returns, scaled by
:math:`\\max(|x|, 1)`.  The complex step has no subtraction, hence no round-off term, so
its step can be tiny (``1e-20``) and it is exact to machine precision – but ``f`` must be
written with operations that accept complex numbers (gdkit's elementary functions do).

``richardson`` is Ridders' method (Numerical Recipes §5.7): it starts from a large step,
shrinks it by 1.4 each round and extrapolates the central differences with a Neville
tableau, stopping when the error estimate grows.  It needs no step from the user and is
typically accurate to 1e-12 or better, which is why :func:`gdkit.derivative` uses it for
``method="numerical"``.  If ``f`` is not finite at ``x ± h`` (a domain edge such as
``log`` near 0), the starting step is halved until it is.

Flat regions: where f is so flat that f(x ± h) == f(x) in floating point at the usual
steps although f is not constant nearby (a saturated sigmoid: σ(40) rounds to 1.0), every
difference is exactly 0.  Ridders' method then does not return a silent 0: it grows the
step until f changes, returns the central difference there and warns with an
:class:`UnresolvedSlopeWarning` that this is only an order of magnitude (the slope is below
what finite differences resolve).  A true zero slope – ``x**2`` at 0, a constant – stays
0 without a warning.
"""

from __future__ import annotations

import math
import sys
import warnings
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from . import _validate

__all__ = [
    "SCHEMES",
    "FdErrorCurve",
    "UnresolvedSlopeWarning",
    "default_step",
    "fd_error_curve",
    "finite_difference",
    "jacobian",
    "numerical_gradient",
]

SCHEMES: tuple[str, ...] = (
    "forward",
    "backward",
    "central",
    "five-point",
    "richardson",
    "complex-step",
)

_EPS = float(np.finfo(float).eps)
# Optimal step exponents: h ~ eps ** (1 / (order + 1)).
_STEP_FACTOR = {
    "forward": _EPS ** (1 / 2),
    "backward": _EPS ** (1 / 2),
    "central": _EPS ** (1 / 3),
    "five-point": _EPS ** (1 / 5),
    "richardson": 0.1,  # the *starting* step; Ridders shrinks it
    "complex-step": 1e-20,
}
# Function evaluations per derivative (richardson: at most, see _ridders).
_EVALS = {"forward": 2, "backward": 2, "central": 2, "five-point": 4, "complex-step": 1}
_RIDDERS_SHRINK = 1.4
#: How the argument checks (gdkit._validate) describe the point of a derivative
#: (a real scalar) and of a gradient (an array of at least one dimension).
SCALAR_HINT = "use numerical_gradient (or gdkit.gradient) for functions of several variables"
ARRAY_EXPECTED = "(a sequence or array; use gdkit.derivative for f: R -> R)"
_RIDDERS_ROUNDS = 10
#: A Ridders estimate whose error estimate is below this share of it is only replaced by
#: a restart (at smaller steps) that agrees with it; see _ridders.
_RIDDERS_TRUSTED = 1e-8


def _check_scheme(scheme: str) -> None:
    if scheme not in SCHEMES:
        valid = ", ".join(repr(s) for s in SCHEMES)
        raise ValueError(
            f"scheme={scheme!r} is not a finite-difference scheme; expected one of {valid}"
        )


def default_step(x: float | np.ndarray, scheme: str = "central") -> float | np.ndarray:
    """The automatic step for ``scheme`` at ``x``: :math:`h = c \\cdot \\max(|x|, 1)`.

    ``c`` is :math:`\\sqrt\\epsilon \\approx 1.5\\times10^{-8}` for forward/backward,
    :math:`\\epsilon^{1/3} \\approx 6\\times10^{-6}` for central,
    :math:`\\epsilon^{1/5} \\approx 7\\times10^{-4}` for five-point, 0.1 (the starting
    step) for Richardson and :math:`10^{-20}` for the complex step, where
    :math:`\\epsilon = 2^{-52}` is the float64 machine epsilon.  Relative to :math:`|x|`
    so that the perturbation is not lost in rounding when :math:`|x|` is large – except
    for the complex step, whose imaginary perturbation is never lost, so its step stays
    :math:`10^{-20}` (scaled, it would reach ``1e3`` at ``x = 1e23``).

    Parameters
    ----------
    x : float or ndarray
        The point (or points, elementwise).
    scheme : str
        One of :data:`SCHEMES`.

    Returns
    -------
    float or ndarray
        The step(s), positive.
    """
    _check_scheme(scheme)
    try:
        points = np.asarray(x, dtype=float)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"x={x!r}: expected a real number or an array of them") from exc
    scale = np.maximum(np.abs(points), 1.0)
    if scheme == "complex-step":
        scale = np.ones_like(scale)
    h = _STEP_FACTOR[scheme] * scale
    return float(h) if np.ndim(h) == 0 else h


def _as_real_scalar(y: Any, where: str) -> complex | float:
    """The scalar f returned, as a Python number; clear errors otherwise."""
    if isinstance(y, complex | float | int):
        return y
    if np.ndim(y) != 0:
        raise ValueError(
            f"{where}: f must return a scalar; it returned {type(y).__name__} of shape "
            f"{np.shape(y)}; use gdkit.jacobian for vector-valued functions"
        )
    if y is None or isinstance(y, str | bytes):
        raise TypeError(f"{where}: f returned {y!r} of type {type(y).__name__}; expected a number")
    try:
        return complex(y) if np.iscomplexobj(y) else float(y)
    except (TypeError, ValueError) as exc:
        raise TypeError(
            f"{where}: f returned {y!r} of type {type(y).__name__}; expected a number"
        ) from exc


def _check_step(h: Any, name: str = "h") -> float:
    try:
        h = float(h)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name}={h!r}: expected a positive float step") from exc
    if not (h > 0 and math.isfinite(h)):
        raise ValueError(f"{name}={h!r}: expected a positive, finite step")
    return h


def _representable(x: float, h: float) -> float:
    """The step actually taken: ``(x + h) - x``, so that the divisor is the true step.

    When ``h`` is below the spacing of floats near ``x`` that is 0; then ``h`` itself is
    kept and the estimate shows the total loss of precision (f(x + h) == f(x)).
    """
    taken = (x + h) - x
    return taken if taken != 0 else h


def _stencil(
    G: Callable[[Any], Any], x: float, h: float, scheme: str, g_x: Any = None
) -> tuple[Any, int]:
    """The fixed-step formula of ``scheme`` for ``G`` (scalar- or array-valued) at ``x``.

    ``g_x``, when given, is ``G(x)`` already computed (a gradient's one-sided differences
    share it, so they cost n + 1 evaluations rather than 2n).
    Returns the estimate and the number of new evaluations of ``G``.
    """
    if scheme == "complex-step":
        return np.imag(G(complex(x, h))) / h, 1
    h = _representable(x, h)
    if scheme in ("forward", "backward"):
        centre, evals = (G(x), 2) if g_x is None else (g_x, 1)
        if scheme == "forward":
            return (G(x + h) - centre) / h, evals
        return (centre - G(x - h)) / h, evals
    if scheme == "central":
        return (G(x + h) - G(x - h)) / (2 * h), 2
    return (-G(x + 2 * h) + 8 * G(x + h) - 8 * G(x - h) + G(x - 2 * h)) / (12 * h), 4


def _difference(
    f: Callable[[Any], Any], x: float, h: float, scheme: str, f_x: Any = None
) -> tuple[float, int]:
    """One derivative estimate of the scalar function ``f`` at ``x``, and evaluations used
    (``f_x``: ``f(x)`` if already known, shared by one-sided differences)."""
    where = f"finite_difference(scheme={scheme!r})"

    def G(t: Any) -> Any:
        try:
            y = f(t)
        except OverflowError:  # Python floats raise where IEEE arithmetic gives inf
            return math.inf
        return _as_real_scalar(y, where)

    if scheme == "richardson":
        return _ridders(lambda t: float(np.real(G(t))), x, h)
    try:
        estimate, evals = _stencil(G, x, h, scheme, f_x)
    except TypeError as exc:
        if scheme != "complex-step":
            raise
        raise TypeError(
            f"{where}: f does not accept a complex argument ({exc}); write f with "
            "gdkit's elementary functions (not math.*, builtin abs or comparisons), or "
            "use scheme='richardson'"
        ) from exc
    return float(np.real(estimate)), evals


class UnresolvedSlopeWarning(RuntimeWarning):
    """The slope of f is below what finite differences can resolve at this point.

    Raised (as a warning) by the Richardson scheme when f(x ± h) == f(x) in floating
    point at the usual steps although f is not constant nearby – a saturated sigmoid,
    say.  The estimate returned then comes from the smallest step at which f changes and
    is only an order of magnitude (``warnings.simplefilter("error",
    UnresolvedSlopeWarning)`` turns it into an error).
    """


def _ridders(F: Callable[[float], float], x: float, h: float) -> tuple[float, int]:
    """Ridders' extrapolation of central differences; returns (estimate, evaluations).

    If the error estimate stays above ``1e-12`` relative, the starting step was too large
    for ``f`` (e.g. ``sin(1000 x)``): restart from a step 100 times smaller, up to four
    times, and keep the estimate with the smallest error.  Once an estimate is trusted
    (error estimate below 1e-8 of it), a later tableau replaces it only if it also agrees
    with it within the two error estimates: at steps so small that round-off dominates,
    the differences are quantised (often exactly 0) and Ridders' error estimate can be
    spuriously tiny, so a smaller error alone is no evidence.  The
    error of a tableau also counts its round-off, :math:`\\epsilon \\max|f| / h`, and
    restarting stops once that dominates, since smaller steps only add to it.
    An estimate of exactly 0 is checked by :func:`_flat_region`.
    """
    best, best_err, evals = math.nan, math.inf, 0
    for _ in range(5):
        estimate, err, n, noise = _ridders_tableau(F, x, h)
        evals += n
        score = max(err, noise)
        trusted = best_err <= _RIDDERS_TRUSTED * abs(best)
        consistent = abs(estimate - best) <= 2.0 * (score + best_err)
        if not math.isfinite(best) or (score < best_err and (consistent or not trusted)):
            best, best_err = estimate, score
        if best_err <= 1e-12 * max(abs(best), 1e-300) or not math.isfinite(best) or err <= noise:
            break
        h /= 100.0
    if best == 0.0:
        best, n = _flat_region(F, x)
        evals += n
    return best, evals


def _flat_region(F: Callable[[float], float], x: float) -> tuple[float, int]:
    """Ridders found a slope of exactly 0: is f flat in floating point but not constant?

    When f(x ± h) == f(x) at the central-difference step ``default_step(x)`` yet f changes
    within ``max(|x|, 1)`` of x, finite differences cannot resolve the slope at the usual
    steps (a saturated sigmoid).  Then the step is grown by 4 until f changes, the central
    difference at that step is returned and an :class:`UnresolvedSlopeWarning` says so.
    A function that does change at the usual step (``x**2`` at 0: a true 0) or nowhere
    nearby (a constant) keeps its 0 without a warning.
    """
    f0 = F(x)
    h = _STEP_FACTOR["central"] * max(abs(x), 1.0)
    evals = 3
    if not (F(x + h) == f0 == F(x - h)):
        return 0.0, evals
    while h < max(abs(x), 1.0):
        h *= 4.0
        step = _representable(x, h)
        up, down = F(x + step), F(x - step)
        evals += 2
        if not (math.isfinite(up) and math.isfinite(down)):
            break
        if up != f0 or down != f0:
            estimate = (up - down) / (2 * step)
            warnings.warn(
                f"the slope of f at x={x!r} is below what finite differences resolve: "
                f"f(x ± h) == f(x) == {f0!r} in floating point for steps up to {step / 4:.3g}; "
                f"f first changes at h = {step:.3g}, where the central difference is "
                f"{estimate:.3g} (returned); that is only an order of magnitude, as round-off "
                f"alone is about {_EPS * max(abs(f0), 1e-300) / step:.1g} at that step",
                UnresolvedSlopeWarning,
                stacklevel=_caller_level(),
            )
            return estimate, evals
    return 0.0, evals


def _caller_level() -> int:
    """The ``stacklevel`` that points a warning at the first frame outside gdkit."""
    frame, level = sys._getframe(1), 1
    while frame is not None and frame.f_globals.get("__name__", "").startswith("gdkit."):
        frame, level = frame.f_back, level + 1
    return level


def _ridders_tableau(
    F: Callable[[float], float], x: float, h: float
) -> tuple[float, float, int, float]:
    """One Neville tableau of central differences at steps h, h/1.4, h/1.4², ...

    Returns the estimate, Ridders' error estimate, the evaluations and the round-off
    :math:`\\epsilon \\max|f| / h` of the smallest step used.
    """
    evals = 0
    scale = 0.0

    def central(step: float) -> float:
        nonlocal evals, scale
        evals += 2
        step = _representable(x, step)
        up, down = F(x + step), F(x - step)
        if math.isfinite(up) and math.isfinite(down):
            scale = max(scale, abs(up), abs(down))
        return (up - down) / (2 * step)

    # Shrink the starting step until f is finite on both sides (domain edges).
    a0 = central(h)
    for _ in range(60):
        if math.isfinite(a0):
            break
        h /= 4.0
        a0 = central(h)
    best, err = a0, math.inf
    previous = [a0]
    con2 = _RIDDERS_SHRINK**2
    for _ in range(1, _RIDDERS_ROUNDS):
        h /= _RIDDERS_SHRINK
        row = [central(h)]
        fac = con2
        for j in range(1, len(previous) + 1):
            row.append((row[j - 1] * fac - previous[j - 1]) / (fac - 1.0))
            fac *= con2
            errt = max(abs(row[j] - row[j - 1]), abs(row[j] - previous[j - 1]))
            if errt <= err:
                err, best = errt, row[j]
        if abs(row[-1] - previous[-1]) >= 2.0 * err:
            break
        previous = row
    return best, err, evals, _EPS * scale / h


def finite_difference(
    f: Callable[[Any], Any],
    x: float,
    h: float | None = None,
    scheme: str = "central",
) -> float:
    """Estimate :math:`f'(x)` for :math:`f:\\mathbb R\\to\\mathbb R` by a finite difference.

    Parameters
    ----------
    f : callable
        Scalar function of one real variable.
    x : float
        The point.
    h : float, optional
        The step; :func:`default_step` when omitted (for ``"richardson"``: the starting step).
    scheme : str, default "central"
        One of ``"forward"``, ``"backward"``, ``"central"``, ``"five-point"``,
        ``"richardson"``, ``"complex-step"`` (see the module docstring for formulas).

    Returns
    -------
    float
        The estimate of :math:`f'(x)`.

    Raises
    ------
    TypeError
        If ``f`` is not callable, or (complex step) cannot take a complex argument.
    ValueError
        For an unknown ``scheme``, a non-positive ``h``, a non-scalar ``x`` or a non-scalar
        return value of ``f``.

    Examples
    --------
    >>> import gdkit
    >>> round(gdkit.finite_difference(lambda x: 3 * x**2 - 4 * x + 5, -2.0), 6)
    -16.0
    """
    return _finite_difference(f, x, h, scheme)[0]


def _finite_difference(
    f: Callable[[Any], Any], x: Any, h: float | None, scheme: str
) -> tuple[float, int]:
    if not callable(f):
        raise TypeError(f"f={f!r} is not callable; expected a function of one real variable")
    _check_scheme(scheme)
    x = _validate.real_scalar("x", x, SCALAR_HINT)
    h = default_step(x, scheme) if h is None else _check_step(h)
    return _difference(f, x, h, scheme)


def _partials(
    f: Callable[[np.ndarray], Any],
    x: np.ndarray,
    h: float | np.ndarray | None,
    scheme: str,
    reduce: Callable[[Any], Any],
    vector: bool = False,
    indices: Sequence[tuple[int, ...]] | None = None,
) -> tuple[list[Any], int]:
    """Estimates along each coordinate (or only those in ``indices``); ``reduce`` maps f's
    output to a number or, with ``vector=True``, to a 1-D array (then the fixed-step
    formulas apply elementwise)."""
    _check_scheme(scheme)
    if h is None:
        steps = np.broadcast_to(default_step(x, scheme), x.shape)
    else:
        try:
            steps = np.broadcast_to(np.asarray(h, dtype=float), x.shape)
        except (TypeError, ValueError) as exc:
            raise ValueError(
                f"h={h!r}: expected a positive step, or an array of steps of x's shape {x.shape}"
            ) from exc
        for s in steps.flat:
            _check_step(s)
    dtype = complex if scheme == "complex-step" else float
    results, evals = [], 0
    centre = None
    if scheme in ("forward", "backward") and x.size:
        centre, evals = reduce(f(x.astype(float))), 1  # f(x), shared by every coordinate
    for index in np.ndindex(x.shape) if indices is None else indices:

        def along(t: Any, index: tuple[int, ...] = index) -> Any:
            point = x.astype(dtype)
            point[index] = t
            return reduce(f(point))

        xi, step = float(x[index]), float(steps[index])
        if vector:
            d, n = _stencil(along, xi, step, scheme, centre)
            d = np.real(d).astype(float)
        else:
            d, n = _difference(along, xi, step, scheme, centre)
        results.append(d)
        evals += n
    return results, evals


def numerical_gradient(
    f: Callable[[np.ndarray], Any],
    x: Sequence[float] | np.ndarray,
    h: float | np.ndarray | None = None,
    scheme: str = "central",
) -> np.ndarray:
    """Estimate the gradient :math:`\\nabla f(x)`, one coordinate at a time.

    For :math:`f:\\mathbb R^n\\to\\mathbb R`.

    :math:`\\partial f/\\partial x_i \\approx` the 1-D ``scheme`` applied to
    :math:`t \\mapsto f(x + (t - x_i) e_i)`, so the cost is (evaluations per scheme)
    × *n* – the cost that makes numerical gradients impractical for networks with millions
    of weights.

    Parameters
    ----------
    f : callable
        Takes a float array shaped like ``x`` (it may index it) and returns a scalar.
    x : sequence or ndarray
        The point; any shape.
    h : float or ndarray, optional
        Step(s), per coordinate when an array; :func:`default_step` when omitted.
    scheme : str, default "central"
        As in :func:`finite_difference`.

    Returns
    -------
    ndarray
        The gradient, shaped like ``x``.
    """
    return _numerical_gradient(f, x, h, scheme)[0]


def _numerical_gradient(
    f: Callable[[np.ndarray], Any],
    x: Any,
    h: Any,
    scheme: str,
    indices: Sequence[tuple[int, ...]] | None = None,
) -> tuple[np.ndarray, int]:
    """The gradient and the evaluations used; with ``indices``, only those partial
    derivatives, as a 1-D array in that order."""
    if not callable(f):
        raise TypeError(f"f={f!r} is not callable; expected a function of an array")
    arr = _validate.real_array("x", x, ARRAY_EXPECTED, min_ndim=1, allow_empty=False)
    where = "numerical_gradient"
    values, evals = _partials(f, arr, h, scheme, lambda y: _as_real_scalar(y, where), False, indices)
    if indices is not None:
        return np.array(values, dtype=float), evals
    return np.array(values, dtype=float).reshape(arr.shape), evals


def jacobian(
    f: Callable[[np.ndarray], Any],
    x: Sequence[float] | np.ndarray,
    h: float | np.ndarray | None = None,
    scheme: str = "central",
) -> np.ndarray:
    """Estimate the Jacobian :math:`J_{ij} = \\partial f_i/\\partial x_j`.

    For :math:`f:\\mathbb R^n\\to\\mathbb R^m`.

    Parameters
    ----------
    f : callable
        Takes a float array shaped like ``x`` and returns an array-like of outputs
        (flattened to length *m*; a scalar counts as *m = 1*).
    x : sequence or ndarray
        The point (flattened to length *n* for the columns).
    h, scheme
        As in :func:`numerical_gradient`; ``"richardson"`` is not available here because
        its adaptive stopping rule is per scalar output.

    Returns
    -------
    ndarray
        Shape ``(m, n)``.
    """
    if not callable(f):
        raise TypeError(f"f={f!r} is not callable; expected a function of an array")
    if scheme == "richardson":
        raise ValueError(
            "jacobian(scheme='richardson') is not supported; expected 'forward', 'backward', "
            "'central', 'five-point' or 'complex-step'"
        )
    arr = _validate.real_array("x", x, ARRAY_EXPECTED, min_ndim=1, allow_empty=False)

    def as_vector(y: Any) -> np.ndarray:
        return np.ravel(np.asarray(y))

    columns, _ = _partials(f, arr, h, scheme, as_vector, vector=True)
    return np.stack(columns, axis=1)


class FdErrorCurve(dict):
    """``{scheme: absolute errors}``, one error per step in :attr:`h`.

    A ``dict`` (so ``curve["central"]`` is an array) with the steps as ``curve.h``.
    Errors can be exactly 0 (the complex step often is); a log-log plot drops those
    points, so plot ``np.maximum(err, 1e-17)`` to show them at the floor.
    """

    h: np.ndarray

    def __init__(self, h: np.ndarray, errors: dict[str, np.ndarray]) -> None:
        super().__init__(errors)
        self.h = h

    def best_step(self, scheme: str) -> float:
        """The step with the smallest error for ``scheme`` (the bottom of the V); nan when
        no step gave a finite error."""
        errors = self[scheme]
        if np.all(np.isnan(errors)):
            return math.nan
        return float(self.h[int(np.nanargmin(errors))])


DEFAULT_ERROR_CURVE_STEPS = np.logspace(-16, 0, 65)


def fd_error_curve(
    f: Callable[[Any], Any],
    dfdx: Callable[[float], float] | float,
    x: float,
    hs: Sequence[float] | np.ndarray | None = None,
    schemes: Sequence[str] = ("forward", "central", "complex-step"),
) -> FdErrorCurve:
    """Absolute error of each scheme as a function of the step: the V-shaped curve.

    For each step :math:`h`, the error :math:`|D_h f(x) - f'(x)|` of the estimate.  On a
    log-log plot the right arm has slope *p* (truncation, :math:`C h^p`) and the left arm
    slope −1 (round-off, :math:`\\epsilon|f|/h`); the complex step has no left arm.

    Parameters
    ----------
    f : callable
        Scalar function of one variable (complex-capable for ``"complex-step"``).
    dfdx : callable or float
        The exact derivative, as a function or as its value at ``x``.
    x : float
        The point.
    hs : sequence of float, optional
        Steps; default ``numpy.logspace(-16, 0, 65)``.
    schemes : sequence of str
        Schemes to evaluate (``"richardson"`` is adaptive and has no single step).

    Returns
    -------
    FdErrorCurve
        ``{scheme: errors}`` with the steps as ``.h``.
    """
    if not callable(f):
        raise TypeError(f"f={f!r} is not callable; expected a function of one real variable")
    x = _validate.real_scalar("x", x, SCALAR_HINT)
    if isinstance(schemes, str):
        raise TypeError(
            f"schemes={schemes!r}: expected a sequence of scheme names, e.g. ({schemes!r},)"
        )
    exact = _validate.real_scalar("dfdx", dfdx(x) if callable(dfdx) else dfdx)
    steps = DEFAULT_ERROR_CURVE_STEPS if hs is None else np.asarray(hs, dtype=float)
    if steps.ndim != 1 or steps.size == 0 or not np.all(steps > 0):
        raise ValueError(f"hs={hs!r}: expected a non-empty 1-D sequence of positive steps")
    errors = {}
    for scheme in schemes:
        _check_scheme(scheme)
        if scheme == "richardson":
            raise ValueError(
                "fd_error_curve: scheme 'richardson' chooses its own steps; expected schemes "
                "with a fixed step such as 'forward', 'central', 'five-point', 'complex-step'"
            )
        errors[scheme] = np.array(
            [abs(_difference(f, x, float(h), scheme)[0] - exact) for h in steps]
        )
    return FdErrorCurve(steps.copy(), errors)
