"""Computation graphs of ``gdkit.Value`` expressions."""

from __future__ import annotations

from typing import Any


def plot_graph(value: Any, *, alt: str | None = None, **options: Any) -> Any:
    """Draw the computation graph that produced ``value`` (data and gradients per node).

    Delegates to ``gdkit.draw_graph``, which owns the drawing, its text
    alternative (the drawing's ``alt`` attribute) and its matplotlib-free text
    fallback, ``gdkit.graph_text``; this name keeps every figure of the course
    reachable from ``gdkit.plots``.  ``alt`` replaces the drawing's text
    alternative.
    """
    from gdkit import draw_graph

    if alt is not None and (not isinstance(alt, str) or not alt.strip()):
        raise ValueError(f"alt must be a non-empty string or None, got {alt!r}")
    drawing = draw_graph(value, **options)
    if alt is not None:
        try:
            drawing.alt = alt
        except AttributeError:  # a drawing that cannot carry one
            pass
    return drawing
