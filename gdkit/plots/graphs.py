"""Computation graphs of ``gdkit.Value`` expressions."""

from __future__ import annotations

from typing import Any


def plot_graph(value: Any, **options: Any) -> Any:
    """Draw the computation graph that produced ``value`` (data and gradients per node).

    Delegates to ``gdkit.draw_graph``, which owns the drawing (and its
    matplotlib-free text fallback, ``gdkit.graph_text``); this name keeps
    every figure of the course reachable from ``gdkit.plots``.
    """
    from gdkit import draw_graph

    return draw_graph(value, **options)
