"""gdkit.Value: micrograd's surface, torch's numbers, no recursion, no reference cycles."""

from __future__ import annotations

import gc
import math

import pytest
import torch

import gdkit
from gdkit import Dual, Value

# name -> (gdkit op on Values a, b; torch op on tensors a, b); b unused by unary ops
OPS = {
    "add": (lambda a, b: a + b, lambda a, b: a + b),
    "sub": (lambda a, b: a - b, lambda a, b: a - b),
    "mul": (lambda a, b: a * b, lambda a, b: a * b),
    "div": (lambda a, b: a / b, lambda a, b: a / b),
    "radd": (lambda a, b: 2.5 + a, lambda a, b: 2.5 + a),
    "rsub": (lambda a, b: 2.5 - a, lambda a, b: 2.5 - a),
    "rmul": (lambda a, b: 2.5 * a, lambda a, b: 2.5 * a),
    "rtruediv": (lambda a, b: 2.5 / a, lambda a, b: 2.5 / a),
    "neg": (lambda a, b: -a, lambda a, b: -a),
    "pow_const": (lambda a, b: a**3, lambda a, b: a**3),
    "pow_frac": (lambda a, b: a**2.5, lambda a, b: a**2.5),
    "pow_neg": (lambda a, b: a**-2, lambda a, b: a**-2),
    "pow_value": (lambda a, b: a**b, lambda a, b: a**b),
    "rpow": (lambda a, b: 2.0**a, lambda a, b: 2.0**a),
    "relu": (lambda a, b: a.relu(), lambda a, b: torch.relu(a)),
    "tanh": (lambda a, b: a.tanh(), lambda a, b: torch.tanh(a)),
    "exp": (lambda a, b: a.exp(), lambda a, b: torch.exp(a)),
    "log": (lambda a, b: a.log(), lambda a, b: torch.log(a)),
    "sigmoid": (lambda a, b: a.sigmoid(), lambda a, b: torch.sigmoid(a)),
    "sin": (lambda a, b: gdkit.sin(a), lambda a, b: torch.sin(a)),
    "cos": (lambda a, b: gdkit.cos(a), lambda a, b: torch.cos(a)),
    "tan": (lambda a, b: gdkit.tan(a), lambda a, b: torch.tan(a)),
    "sqrt": (lambda a, b: gdkit.sqrt(a), lambda a, b: torch.sqrt(a)),
    "abs": (lambda a, b: abs(a), lambda a, b: torch.abs(a)),
    "erf": (lambda a, b: gdkit.erf(a), lambda a, b: torch.erf(a)),
    "softplus": (lambda a, b: gdkit.softplus(a), lambda a, b: torch.logaddexp(a, 0 * a)),
}
POINTS = [(1.3, 0.7), (0.4, -1.6)]


def _run_gdkit(op, a0, b0):
    a, b = Value(a0), Value(b0)
    out = op(a, b)
    loss = out * out + out * a  # reuses out and a
    loss.backward()
    return out.data, loss.data, a.grad, b.grad


def _run_torch(op, a0, b0):
    a = torch.tensor(a0, dtype=torch.float64, requires_grad=True)
    b = torch.tensor(b0, dtype=torch.float64, requires_grad=True)
    out = op(a, b)
    loss = out * out + out * a
    loss.backward()
    return (
        out.item(),
        loss.item(),
        a.grad.item(),
        0.0 if b.grad is None else b.grad.item(),
    )


@pytest.mark.parametrize("name", sorted(OPS))
@pytest.mark.parametrize("point", POINTS, ids=str)
def test_each_op_matches_torch_float64_in_value_and_gradient(name, point):
    a0, b0 = point
    if name in ("log", "sqrt", "pow_frac", "pow_value") and a0 < 0:
        a0 = -a0  # stay in the real domain
    ours = _run_gdkit(OPS[name][0], a0, b0)
    theirs = _run_torch(OPS[name][1], a0, b0)
    for o, t in zip(ours, theirs, strict=True):
        assert o == pytest.approx(t, rel=1e-12, abs=1e-300)


@pytest.mark.parametrize("name", ["relu", "abs", "sqrt", "log", "pow_value", "div"])
def test_edge_points_match_torch_including_kinks_and_infinities(name):
    a0, b0 = 0.0, 0.0 if name != "pow_value" else 2.0
    ours = _run_gdkit(OPS[name][0], a0, b0 if name != "div" else 1.0)
    theirs = _run_torch(OPS[name][1], a0, b0 if name != "div" else 1.0)
    for o, t in zip(ours, theirs, strict=True):
        assert (math.isnan(o) and math.isnan(t)) or o == t


def test_micrograd_readme_example_gives_micrograd_numbers():
    a = Value(-4.0)
    b = Value(2.0)
    c = a + b
    d = a * b + b**3
    c += c + 1
    c += 1 + c + (-a)
    d += d * 2 + (b + a).relu()
    d += 3 * d + (b - a).relu()
    e = c - d
    f = e**2
    g = f / 2.0
    g += 10.0 / f
    g.backward()
    assert g.data == pytest.approx(24.70408163265306, rel=1e-15)
    assert a.grad == pytest.approx(138.83381924198252, rel=1e-15)
    assert b.grad == pytest.approx(645.5772594752186, rel=1e-15)


def test_graph_attributes_are_exposed_in_argument_order():
    a, b = Value(2.0), Value(3.0)
    c = a * b
    assert c.op == c._op == "*"
    assert c.children == c._prev == (a, b)
    assert c.local_grads == (3.0, 2.0)
    assert a.children == () and a.op == ""


def test_backward_twice_gives_the_same_gradients_not_doubled_ones():
    x = Value(3.0)
    y = x * x + x
    y.backward()
    first = x.grad
    y.backward()
    assert first == x.grad == 7.0


def test_backward_accumulate_adds_into_leaf_gradients_like_torch():
    x = Value(3.0)
    (x * x).backward()
    (x * 2).backward(accumulate=True)
    assert x.grad == 6.0 + 2.0


def test_zero_grad_resets_every_node_of_the_graph():
    x = Value(1.5)
    h = x.tanh()
    y = h * x
    y.backward()
    y.zero_grad()
    assert (x.grad, h.grad, y.grad) == (0.0, 0.0, 0.0)


def test_reused_node_receives_the_sum_of_its_paths():
    x = Value(0.5)
    u = x.exp()
    y = u * u + u  # dy/du = 2u + 1, dy/dx = (2u + 1) u
    y.backward()
    assert x.grad == pytest.approx((2 * math.exp(0.5) + 1) * math.exp(0.5), rel=1e-15)
    assert u.grad == pytest.approx(2 * math.exp(0.5) + 1, rel=1e-15)


def test_a_chain_of_100000_operations_backpropagates_without_recursion_error():
    n = 100_002  # a multiple of 3: exp, log, * 1.00001, ... leaves d/dx = 1.00001 ** (n / 3)
    x = Value(0.5)
    v = x
    for i in range(n):
        v = v.exp() if i % 3 == 0 else v.log() if i % 3 == 1 else v * 1.00001
    v.backward()
    d = Dual(0.5, 1.0)
    for i in range(n):
        d = d.exp() if i % 3 == 0 else d.log() if i % 3 == 1 else d * 1.00001
    assert x.grad == pytest.approx(d.deriv, rel=1e-12)
    assert x.grad == pytest.approx(1.00001 ** (n // 3), rel=1e-9)


def test_topological_order_is_deterministic_and_parents_come_first():
    def build():
        a, b = Value(1.0), Value(2.0)
        c = a * b
        return (c + a).tanh() * c

    orders = [[v.data for v in build().topological_order()] for _ in range(2)]
    assert orders[0] == orders[1]
    out = build()
    order = out.topological_order()
    position = {v: i for i, v in enumerate(order)}
    assert order[-1] is out
    assert all(position[p] < position[v] for v in order for p in v.children)


def test_a_dropped_graph_leaves_no_cyclic_garbage():
    gc.collect()
    gc.disable()
    try:
        x = Value(0.3)
        y = x
        for _ in range(2000):
            y = (y * 1.5).tanh() + x
        y.backward()
        del x, y
        assert gc.collect() == 0
    finally:
        gc.enable()


def test_constants_are_wrapped_and_python_numbers_work_on_either_side():
    x = Value(2.0)
    y = 1 - x / 4 + 3 * x - 2**x
    y.backward()
    assert y.data == pytest.approx(1 - 0.5 + 6 - 4)
    assert x.grad == pytest.approx(-0.25 + 3 - 4 * math.log(2))


def test_orderings_compare_data_so_python_control_flow_works():
    x = Value(2.0)
    assert x > 1 and x >= 2 and x < 3 and x <= 2
    assert max(Value(1.0), Value(5.0)).data == 5.0


def test_division_by_zero_gives_inf_like_torch_instead_of_raising():
    y = Value(1.0) / Value(0.0)
    assert y.data == math.inf


def test_repr_is_micrograds():
    assert repr(Value(2.0)) == "Value(data=2.0, grad=0.0)"


def test_math_functions_refuse_a_value_instead_of_silently_leaving_the_graph():
    with pytest.raises(TypeError):
        math.exp(Value(1.0))


def test_value_of_a_non_number_raises_type_error_naming_it():
    with pytest.raises(TypeError, match="data='a'"):
        Value("a")


def test_value_with_children_but_no_local_derivatives_is_refused():
    with pytest.raises(ValueError, match="local derivative"):
        Value(1.0, (Value(2.0),), "+")
