"""All the ways to differentiate one function, side by side in one table.

:func:`compare` runs every method of :func:`gdkit.derivative` (or :func:`gdkit.gradient`
when ``x`` is an array) on the same ``f`` and ``x``, plus a hand-derived derivative if you
give one, and reports for each: the value, its error against the most trustworthy method
that succeeded, what it cost (function evaluations, expression size or graph nodes) and
how long it took.  A method that disagrees beyond what it should is *flagged*, and one that
fails is listed with the reason – nothing is hidden.

The error is :math:`\\lVert v - r\\rVert_\\infty / \\max(\\lVert r\\rVert_\\infty, 1)`:
relative for derivatives of magnitude ≥ 1, absolute below, so that a derivative that is
truly 0 (at a minimum) does not turn round-off into an infinite relative error.
"""

from __future__ import annotations

import html
import math
import statistics
import time
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from . import _validate
from .derivatives import METHODS, MethodResult, run_method
from .numerical import ARRAY_EXPECTED, SCALAR_HINT, SCHEMES
from .palettes import STATUS_HTML

__all__ = ["EXPECTED_ERROR", "REFERENCE_ORDER", "Comparison", "compare"]

# Which successful method serves as the reference, in order of preference.
REFERENCE_ORDER: tuple[str, ...] = (
    "symbolic",
    "forward",
    "reverse",
    "torch",
    "numerical",
    "manual",
)

# A row is flagged when its error exceeds what its method should achieve.
EXPECTED_ERROR: dict[str, float] = {
    "symbolic": 1e-10,
    "forward": 1e-10,
    "reverse": 1e-10,
    "torch": 1e-10,
    "manual": 1e-10,
    "numerical (forward)": 1e-4,
    "numerical (backward)": 1e-4,
    "numerical (central)": 1e-6,
    "numerical (five-point)": 1e-8,
    "numerical (richardson)": 1e-8,
    "numerical (complex-step)": 1e-10,
}


def _format_value(v: Any) -> str:
    if v is None:
        return "—"
    arr = np.asarray(v, dtype=float)
    if arr.ndim == 0:
        return f"{float(arr):.10g}"
    flat = [f"{e:.6g}" for e in arr.ravel()[:4]]
    more = ", …" if arr.size > 4 else ""
    return "[" + ", ".join(flat) + more + "]"


ROUND_OFF = 1e-13
"""Errors below this are printed as ``< 1e-13``: their digits are round-off that can
differ between machines (libm, SIMD paths), so a stored table would not reproduce."""


def _format_error(e: float | None) -> str:
    if e is None:
        return "—"
    if e == 0:
        return "0"
    return f"< {ROUND_OFF:.0e}" if e < ROUND_OFF else f"{e:.1e}"


_SINGULAR = {
    "ops in f'": "op in f'",
    "f evals": "f eval",
    "dual passes": "dual pass",
    "graph nodes": "graph node",
    "autograd nodes": "autograd node",
    "f' evals": "f' eval",
}


def _format_cost(n: int | None, unit: str) -> str:
    if n is None:
        return "—"
    return f"{n} {_SINGULAR.get(unit, unit) if n == 1 else unit}"


def _format_seconds(s: float | None) -> str:
    if s is None:
        return "—"
    if s < 1e-3:
        return f"{s * 1e6:.0f} µs"
    if s < 1:
        return f"{s * 1e3:.1f} ms"
    return f"{s:.2f} s"


class Comparison:
    """The table returned by :func:`compare`.

    Attributes
    ----------
    x : float or ndarray
        The point.
    rows : list of dict
        One per method, with keys ``method``, ``value``, ``rel_error``, ``cost``,
        ``cost_unit``, ``seconds`` (None with ``timing=False``), ``flag`` (``"reference"``,
        ``"ok"``, ``"DISAGREES"`` or ``"failed"``) and ``message`` (why it failed or
        what the flag means).
    reference : dict
        ``{"method": ..., "value": ...}``, the row the errors are measured against.
    timing : bool
        Whether a time column was measured.
    """

    def __init__(
        self, x: Any, rows: list[dict[str, Any]], reference: dict[str, Any], timing: bool
    ) -> None:
        self.x = x
        self.rows = rows
        self.reference = reference
        self.timing = timing

    @property
    def disagreements(self) -> list[str]:
        """Methods whose error exceeds what they should achieve, or that failed."""
        return [r["method"] for r in self.rows if r["flag"] in ("DISAGREES", "failed")]

    def row(self, method: str) -> dict[str, Any]:
        """The row of ``method`` (e.g. ``"reverse"`` or ``"numerical (central)"``)."""
        for r in self.rows:
            if r["method"] == method:
                return r
        raise KeyError(
            f"method={method!r} is not in this table; rows: {[r['method'] for r in self.rows]}"
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain data (lists and floats), e.g. for JSON."""

        def plain(v: Any) -> Any:
            if isinstance(v, np.ndarray):
                return v.tolist()
            if isinstance(v, np.generic):
                return v.item()
            return v

        return {
            "x": plain(np.asarray(self.x)) if np.ndim(self.x) else float(self.x),
            "reference": {k: plain(v) for k, v in self.reference.items()},
            "rows": [{k: plain(v) for k, v in r.items()} for r in self.rows],
        }

    def _table(self) -> tuple[list[str], list[list[str]]]:
        header = ["method", "value", "rel. error", "cost", "flag"]
        if self.timing:
            header.insert(4, "time")
        body = []
        for r in self.rows:
            cost = _format_cost(r["cost"], r["cost_unit"])
            cells = [r["method"], _format_value(r["value"]), _format_error(r["rel_error"]), cost]
            if self.timing:
                cells.append(_format_seconds(r["seconds"]))
            cells.append(r["flag"])
            body.append(cells)
        return header, body

    def _notes(self) -> list[str]:
        notes = [
            f"reference: {self.reference['method']}; rel. error = max|value - reference| / "
            "max(max|reference|, 1)"
        ]
        for r in self.rows:
            if r["message"]:
                notes.append(f"{r['method']}: {r['message']}")
        return notes

    def __str__(self) -> str:
        header, body = self._table()
        widths = [max(len(row[i]) for row in [header, *body]) for i in range(len(header))]
        lines = [
            "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
            for row in [header, *body]
        ]
        lines.insert(1, "  ".join("-" * w for w in widths))
        return "\n".join(lines + self._notes())

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        header, body = self._table()
        out = ['<table class="gdkit-compare">', "<thead><tr>"]
        out += [f"<th>{html.escape(h)}</th>" for h in header]
        out.append("</tr></thead><tbody>")
        for r, cells in zip(self.rows, body, strict=True):
            colour, background = STATUS_HTML["bad"]
            style = (
                f' style="color:{colour};background-color:{background};font-weight:bold"'
                if r["flag"] in ("DISAGREES", "failed")
                else ""
            )
            out.append(
                f"<tr{style}>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>"
            )
        out.append("</tbody></table>")
        out += [f"<p><small>{html.escape(n)}</small></p>" for n in self._notes()]
        return "".join(out)


def _timed(run: Callable[[], MethodResult], repeats: int) -> tuple[MethodResult, float]:
    samples, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = run()
        samples.append(time.perf_counter() - start)
    assert result is not None
    return result, statistics.median(samples)


def compare(
    f: Callable[[Any], Any],
    x: Any,
    manual: Callable[[Any], Any] | None = None,
    *,
    methods: Sequence[str] = METHODS,
    schemes: Sequence[str] = ("central", "richardson"),
    timing: bool = True,
    repeats: int = 3,
) -> Comparison:
    """Differentiate ``f`` at ``x`` by every method and tabulate the results.

    Parameters
    ----------
    f : callable
        :math:`f:\\mathbb R\\to\\mathbb R` (``x`` a number) or
        :math:`f:\\mathbb R^n\\to\\mathbb R` (``x`` a sequence/array that ``f`` indexes).
    x : float or array-like
        The point.
    manual : callable, optional
        Your hand-derived :math:`f'` (or :math:`\\nabla f`), called as ``manual(x)``.
    methods : sequence of str
        Subset of :data:`gdkit.METHODS`.
    schemes : sequence of str
        Finite-difference schemes for the ``"numerical"`` rows (one row each).
    timing : bool, default True
        Measure time (median of ``repeats`` runs).  ``False`` leaves the time column out,
        so ``str(table)`` is fully deterministic (for stored notebook outputs).
    repeats : int, default 3
        Runs per method for the time column.

    Returns
    -------
    Comparison
        Renders as an HTML table in notebooks and as text with ``print``.

    Examples
    --------
    >>> import gdkit
    >>> table = gdkit.compare(lambda x: 3 * x**2 - 4 * x + 5, -2.0,
    ...                       manual=lambda x: 6 * x - 4, timing=False)
    >>> table.reference["method"], table.disagreements
    ('symbolic', [])
    """
    if not callable(f):
        raise TypeError(f"f={f!r} of type {type(f).__name__} is not callable; expected a function")
    if manual is not None and not callable(manual):
        raise TypeError(f"manual={manual!r} is not callable; expected the hand-derived derivative")
    for m in methods:
        if m not in METHODS:
            valid = ", ".join(repr(v) for v in METHODS)
            raise ValueError(f"methods contains {m!r}; expected a subset of {valid}")
    for s in schemes:
        if s not in SCHEMES:
            raise ValueError(f"schemes contains {s!r}; expected a subset of {SCHEMES}")
    if not isinstance(repeats, int) or repeats < 1:
        raise ValueError(f"repeats={repeats!r}; expected a positive int")
    vector = np.ndim(x) != 0
    point = (
        _validate.real_array("x", x, ARRAY_EXPECTED, min_ndim=1, allow_empty=False)
        if vector
        else _validate.real_scalar("x", x, SCALAR_HINT)
    )
    runs: list[tuple[str, Callable[[], MethodResult]]] = []
    for m in methods:
        if m == "numerical":
            for s in schemes:
                runs.append(
                    (
                        f"numerical ({s})",
                        lambda s=s: run_method(f, point, "numerical", vector=vector, scheme=s),
                    )
                )
        else:
            runs.append((m, lambda m=m: run_method(f, point, m, vector=vector)))
    if manual is not None:
        runs.append(("manual", lambda: _manual(manual, point, vector)))

    rows = []
    for name, run in runs:
        row: dict[str, Any] = {
            "method": name,
            "value": None,
            "rel_error": None,
            "cost": None,
            "cost_unit": "",
            "seconds": None,
            "flag": "",
            "message": "",
        }
        try:
            result, seconds = _timed(run, repeats if timing else 1)
        except Exception as exc:  # a failing method is a row of the table, not a crash
            row.update(flag="failed", message=f"{type(exc).__name__}: {exc}")
        else:
            row.update(
                value=result.value,
                cost=result.cost,
                cost_unit=result.unit,
                seconds=seconds if timing else None,
            )
        rows.append(row)

    reference = _choose_reference(rows)
    for row in rows:
        if row["flag"] == "failed":
            continue
        if reference is None:
            row["flag"] = "ok"
            continue
        err = _error(row["value"], reference["value"])
        row["rel_error"] = err
        if row is reference:
            row["flag"] = "reference"
        elif not err <= EXPECTED_ERROR.get(row["method"], 1e-10):
            row["flag"] = "DISAGREES"
            row["message"] = (
                f"error {err:.1e} exceeds the {EXPECTED_ERROR.get(row['method'], 1e-10):.0e} this "
                "method should reach (a kink or domain edge near x, or a wrong derivative?)"
            )
        else:
            row["flag"] = "ok"
    ref = (
        {"method": reference["method"], "value": reference["value"]}
        if reference
        else {"method": None, "value": None}
    )
    return Comparison(x, rows, ref, timing)


def _manual(manual: Callable[[Any], Any], point: Any, vector: bool) -> MethodResult:
    value = manual(point)
    if vector:
        arr = np.asarray(value, dtype=float)
        if arr.shape != np.shape(point):
            raise ValueError(
                f"manual(x) returned shape {arr.shape}; expected {np.shape(point)}, the shape of x"
            )
        return MethodResult(arr, 1, "f' evals")
    if np.ndim(value) != 0:
        raise ValueError(f"manual(x) returned shape {np.shape(value)}; expected a scalar")
    return MethodResult(float(value), 1, "f' evals")


def _error(value: Any, ref: Any) -> float:
    v = np.asarray(value, dtype=float)
    r = np.asarray(ref, dtype=float)
    if v.shape != r.shape:
        return math.inf
    with np.errstate(invalid="ignore"):  # inf - inf: handled just below
        diff = np.abs(v - r)
    same = (v == r) | (np.isnan(v) & np.isnan(r))  # identical infinities / nans agree
    diff = np.where(same, 0.0, diff)
    if np.any(np.isnan(diff)):
        return math.inf
    scale = max(float(np.max(np.abs(np.where(np.isfinite(r), r, 0.0)))), 1.0)
    return float(np.max(diff)) / scale


def _choose_reference(rows: list[dict[str, Any]]) -> dict[str, Any] | None:
    def rank(row: dict[str, Any]) -> int:
        base = row["method"].split(" ")[0]
        return REFERENCE_ORDER.index(base) if base in REFERENCE_ORDER else len(REFERENCE_ORDER)

    usable = [
        r
        for r in rows
        if r["flag"] != "failed" and np.all(np.isfinite(np.asarray(r["value"], dtype=float)))
    ]
    if not usable:
        usable = [r for r in rows if r["flag"] != "failed"]
    if not usable:
        return None
    best = min(rank(r) for r in usable)
    candidates = [r for r in usable if rank(r) == best]
    # Among numerical rows prefer the most accurate scheme.
    if candidates[0]["method"].startswith("numerical"):
        order = ["richardson", "complex-step", "five-point", "central", "forward", "backward"]
        candidates.sort(key=lambda r: order.index(r["method"][len("numerical (") : -1]))
    return candidates[0]
