"""Drawings of a :class:`gdkit.Value` computation graph: each node's op, data and grad.

Nodes are named by their position in the topological order (``n0`` is the first input,
the last node is the output), never by ``id()``, so the same computation always gives the
same drawing.  :func:`draw_graph` returns a ``graphviz.Digraph`` when the Graphviz ``dot``
program and the ``graphviz`` Python package are available, and otherwise a
:class:`GraphText` whose text tree reads well in a terminal or notebook.
"""

from __future__ import annotations

import html
import shutil
from typing import Any

from . import _validate
from .value import Value

__all__ = ["GraphText", "draw_graph", "graph_alt_text", "graph_text"]


def _fmt(x: float) -> str:
    return f"{x:.4g}"


def _describe(v: Value, name: str) -> str:
    op = f"{v.op} " if v.op else "leaf "
    label = f" '{v.label}'" if v.label else ""
    return f"{name}{label}: {op}data={_fmt(v.data)} grad={_fmt(v.grad)}"


def graph_text(value: Value, max_lines: int = 200) -> str:
    """The graph of ``value`` as an indented text tree, output at the top.

    Each line reads ``n7 'L': * data=-8 grad=1``: name (topological index), label if any,
    the op that produced the node (``leaf`` for inputs and constants), its data and grad.
    A node that feeds several others is expanded once; later uses say ``(see n3)``.

    Parameters
    ----------
    value : Value
        The output node.
    max_lines : int, default 200
        Lines to print before summarising the rest (graphs can have 100,000 nodes).
    """
    if not isinstance(value, Value):
        raise TypeError(f"value={value!r} of type {type(value).__name__}; expected a gdkit.Value")
    max_lines = _validate.integer("max_lines", max_lines, minimum=1)
    order = value.topological_order()
    names = {v: f"n{i}" for i, v in enumerate(order)}
    lines: list[str] = []
    shown: set[Value] = set()
    # Depth-first, iteratively: (node, prefix for its line, prefix for its children).
    stack: list[tuple[Value, str, str]] = [(value, "", "")]
    while stack and len(lines) < max_lines:
        node, head, tail = stack.pop()
        if node in shown:
            lines.append(f"{head}{names[node]} (see above)")
            continue
        shown.add(node)
        lines.append(head + _describe(node, names[node]))
        parents = node.children
        for i in range(len(parents) - 1, -1, -1):
            last = i == len(parents) - 1
            stack.append(
                (parents[i], tail + ("└─ " if last else "├─ "), tail + ("   " if last else "│  "))
            )
    if stack or len(shown) < len(order):
        lines.append(f"... {len(order) - len(shown)} more nodes ({len(order)} in all)")
    return "\n".join(lines)


class GraphText:
    """Text drawing returned by :func:`draw_graph` when Graphviz is not available."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text

    def _repr_html_(self) -> str:
        return f"<pre>{html.escape(self.text)}</pre>"


def graphviz_available() -> bool:
    """True when the ``dot`` program and the ``graphviz`` package can both be used."""
    if shutil.which("dot") is None:
        return False
    try:
        import graphviz  # noqa: F401
    except ImportError:
        return False
    return True


def draw_graph(
    value: Value, rankdir: str = "TB", backend: str = "auto", max_nodes: int = 500
) -> Any:
    """Draw the computation graph of ``value``, with each node's op, data and grad.

    Parameters
    ----------
    value : Value
        The output node (call ``value.backward()`` first to see gradients).
    rankdir : {"TB", "LR", "BT", "RL"}, default "TB"
        Graphviz layout direction: top to bottom by default (inputs at the top, the
        output at the bottom), which keeps the drawing narrow enough to be shown at
        full size in a notebook; ``"LR"`` draws it left to right.
    backend : {"auto", "graphviz", "text"}, default "auto"
        ``"auto"`` uses Graphviz when :func:`graphviz_available`, else text.
    max_nodes : int, default 500
        Larger graphs are refused by the Graphviz backend (use ``backend="text"``).

    Returns
    -------
    graphviz.Digraph or GraphText
        Node ``n{i}`` is the *i*-th node in topological order and every box says so,
        followed by the node's label if it has one (the same names as
        :func:`graph_text`); each op gets a small node ``n{i}_op`` between its inputs
        and its result, as in micrograd's drawings.
    """
    if not isinstance(value, Value):
        raise TypeError(f"value={value!r} of type {type(value).__name__}; expected a gdkit.Value")
    if rankdir not in ("LR", "TB", "RL", "BT"):
        raise ValueError(f"rankdir={rankdir!r}; expected 'LR', 'TB', 'RL' or 'BT'")
    if backend not in ("auto", "graphviz", "text"):
        raise ValueError(f"backend={backend!r}; expected 'auto', 'graphviz' or 'text'")
    max_nodes = _validate.integer("max_nodes", max_nodes, minimum=1)
    use_graphviz = backend == "graphviz" or (backend == "auto" and graphviz_available())
    if not use_graphviz:
        return GraphText(graph_text(value))
    import graphviz

    order = value.topological_order()
    if len(order) > max_nodes:
        raise ValueError(
            f"the graph has {len(order)} nodes, more than max_nodes={max_nodes}; pass a larger "
            "max_nodes or use backend='text'"
        )
    names = {v: f"n{i}" for i, v in enumerate(order)}
    dot = _described_digraph_class(graphviz)(
        format="svg",
        graph_attr={"rankdir": rankdir, "nodesep": "0.2", "ranksep": "0.3"},
        node_attr={"fontname": "Helvetica", "fontsize": "11"},
        edge_attr={"arrowsize": "0.6"},
    )
    for v in order:
        name = names[v]
        title = f"{name} {v.label}" if v.label else name
        fields = [title, f"data {v.data:.4f}", f"grad {v.grad:.4f}"]
        dot.node(name, "{ " + " | ".join(_escape_record(s) for s in fields) + " }", shape="record")
        if v.op:
            dot.node(
                f"{name}_op",
                _escape_record(v.op),
                shape="ellipse",
                margin="0.05,0.02",
                height="0.3",
            )
            dot.edge(f"{name}_op", name)
            for parent in v.children:
                dot.edge(names[parent], f"{name}_op")
    dot.alt = graph_alt_text(value, rankdir=rankdir)
    return dot


_DIRECTIONS = {
    "TB": "from the inputs at the top to the output at the bottom",
    "BT": "from the inputs at the bottom to the output at the top",
    "LR": "from the inputs on the left to the output on the right",
    "RL": "from the inputs on the right to the output on the left",
}


def graph_alt_text(value: Value, max_nodes: int = 12, rankdir: str = "TB") -> str:
    """A text alternative for the drawing of ``value``'s graph.

    It says how many nodes and operations the graph has, what the output is, and
    lists the nodes (name, label, op, data, grad) when there are at most
    ``max_nodes`` of them; larger graphs name their inputs' count instead.
    """
    if not isinstance(value, Value):
        raise TypeError(f"value={value!r} of type {type(value).__name__}; expected a gdkit.Value")
    max_nodes = _validate.integer("max_nodes", max_nodes, minimum=1)
    _validate.choice("rankdir", rankdir, tuple(_DIRECTIONS))
    order = value.topological_order()
    ops = [v for v in order if v.op]
    leaves = len(order) - len(ops)
    out = f"{value.label} " if value.label else ""
    text = (
        f"Computation graph, drawn {_DIRECTIONS[rankdir]}: "
        f"{len(order)} nodes ({leaves} inputs or constants, {len(ops)} "
        f"operation{'s' if len(ops) != 1 else ''}); the output "
        f"{out}has data {value.data:.4g} and grad {value.grad:.4g}."
    )
    if len(order) <= max_nodes:
        parts = []
        index = {node: k for k, node in enumerate(order)}
        for i, v in enumerate(order):
            made = f"{v.op} of {', '.join(f'n{index[c]}' for c in v.children)}" if v.op else "input"
            label = f" {v.label}" if v.label else ""
            parts.append(f"n{i}{label} = {made}, data {v.data:.4g}, grad {v.grad:.4g}")
        text += " Nodes: " + "; ".join(parts) + "."
    return text


_DESCRIBED: dict[int, type] = {}


def _described_digraph_class(graphviz: Any) -> type:
    """A ``graphviz.Digraph`` whose notebook display carries its text alternative."""
    cls = _DESCRIBED.get(id(graphviz))
    if cls is None:

        class DescribedDigraph(graphviz.Digraph):
            """A Digraph with ``alt``, shown as the SVG output's ``alt`` metadata."""

            alt = ""

            def __repr__(self) -> str:  # the text output: the description, no address
                return self.alt or "computation graph"

            def _repr_mimebundle_(self, include=None, exclude=None, **kwargs):
                bundle = super()._repr_mimebundle_(include, exclude, **kwargs)
                if not self.alt:
                    return bundle
                return bundle, {
                    mime: {"alt": self.alt} for mime in bundle if mime.startswith("image/")
                }

        cls = _DESCRIBED[id(graphviz)] = DescribedDigraph
    return cls


def _escape_record(text: str) -> str:
    """Escape the characters Graphviz record labels treat specially."""
    for ch in "\\{}|<>":
        text = text.replace(ch, "\\" + ch)
    return text
