"""Drawings of Value graphs: deterministic names, op/data/grad on each node, a text fallback."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

import gdkit
from gdkit import Value
from gdkit.graph import GraphText


def example():
    a = Value(2.0, label="a")
    b = Value(-3.0, label="b")
    c = a * b
    L = c + a**2
    L.label = "L"
    L.backward()
    return L


def test_graph_text_is_a_readable_tree_with_op_data_and_grad():
    text = gdkit.graph.graph_text(example())
    assert text.splitlines() == [
        "n4 'L': + data=-2 grad=1",
        "├─ n2: * data=-6 grad=1",
        "│  ├─ n0 'a': leaf data=2 grad=1",
        "│  └─ n1 'b': leaf data=-3 grad=2",
        "└─ n3: **2 data=4 grad=1",
        "   └─ n0 (see above)",
    ]


def test_graph_text_summarises_huge_graphs_instead_of_printing_every_node():
    v = Value(1.0)
    for _ in range(10_000):
        v = v * 1.0
    text = gdkit.graph.graph_text(v, max_lines=20)
    lines = text.splitlines()
    assert len(lines) == 21
    assert lines[-1].endswith("(20001 in all)")


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz 'dot' is not installed")
def test_draw_graph_is_a_deterministic_graphviz_digraph_named_by_topological_index():
    first = gdkit.draw_graph(example())
    second = gdkit.draw_graph(example())
    import graphviz

    assert isinstance(first, graphviz.Digraph)
    assert first.source == second.source
    assert "rankdir=TB" in first.source
    assert 'n4 [label="{ n4 L | data -2.0000 | grad 1.0000 }" shape=record]' in first.source
    assert 'n2_op [label="*"' in first.source
    assert "n0 -> n3_op" in first.source
    assert "0x" not in first.source  # no id()s
    svg = first.pipe(format="svg").decode()
    assert "<svg" in svg and "grad 2.0000" in svg


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz 'dot' is not installed")
def test_draw_graph_names_every_node_as_graph_text_does_and_can_run_left_to_right():
    drawing = gdkit.draw_graph(example())
    assert 'n2 [label="{ n2 | data -6.0000 | grad 1.0000 }" shape=record]' in drawing.source
    assert 'n3 [label="{ n3 | data 4.0000 | grad 1.0000 }" shape=record]' in drawing.source
    assert "rankdir=LR" in gdkit.draw_graph(example(), rankdir="LR").source


def test_draw_graph_falls_back_to_text_when_dot_is_missing(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    drawing = gdkit.draw_graph(example())
    assert isinstance(drawing, GraphText)
    assert repr(drawing) == gdkit.graph.graph_text(example())
    assert drawing._repr_html_().startswith("<pre>n4 &#x27;L&#x27;")


def test_draw_graph_rankdir_and_backend_are_checked():
    with pytest.raises(ValueError, match="rankdir='XY'"):
        gdkit.draw_graph(example(), rankdir="XY")
    with pytest.raises(ValueError, match="backend='svg'"):
        gdkit.draw_graph(example(), backend="svg")
    assert isinstance(gdkit.draw_graph(example(), backend="text"), GraphText)


def test_draw_graph_refuses_a_non_value():
    with pytest.raises(TypeError, match="expected a gdkit.Value"):
        gdkit.draw_graph(3.0)


def test_graphviz_refuses_graphs_larger_than_max_nodes_and_suggests_text():
    v = Value(1.0)
    for _ in range(300):
        v = v + 1.0
    with pytest.raises(ValueError, match="backend='text'"):
        gdkit.draw_graph(v, backend="graphviz", max_nodes=100)


def test_graphviz_is_imported_only_when_drawing():
    code = (
        "import json, sys, gdkit; v = gdkit.Value(1.0) * 2; gdkit.graph.graph_text(v); "
        "print(json.dumps('graphviz' in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) is False


def test_graph_text_and_draw_graph_check_their_sizes():
    with pytest.raises(ValueError, match="max_lines must be a positive integer, got 0"):
        gdkit.graph.graph_text(example(), max_lines=0)
    with pytest.raises(ValueError, match="max_nodes must be a positive integer, got -1"):
        gdkit.draw_graph(example(), backend="text", max_nodes=-1)


def test_draw_graph_carries_a_text_alternative_in_its_svg_output():
    from IPython.core.formatters import DisplayFormatter

    a, b = gdkit.Value(2.0, label="a"), gdkit.Value(-3.0, label="b")
    loss = a * b
    loss.label = "L"
    loss.backward()
    data, metadata = DisplayFormatter().format(gdkit.draw_graph(loss, rankdir="LR"))
    alt = metadata["image/svg+xml"]["alt"]
    assert "image/svg+xml" in data
    assert "3 nodes" in alt and "1 operation)" in alt and "left to the output on the right" in alt
    assert "n2 L = * of n0, n1, data -6, grad 1" in alt
    with pytest.raises(ValueError, match="rankdir"):
        gdkit.graph.graph_alt_text(loss, rankdir="up")
