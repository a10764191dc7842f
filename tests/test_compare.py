"""compare(): one table of every method; gradcheck(): is a hand-written gradient right?"""

from __future__ import annotations

import json
import math
import re

import numpy as np
import pytest

import gdkit
from gdkit.gradient_check import verdict_for


def quadratic(x):
    return 3 * x**2 - 4 * x + 5


def test_compare_lists_every_method_and_the_manual_derivative():
    table = gdkit.compare(quadratic, -2.0, manual=lambda x: 6 * x - 4, timing=False)
    methods = [r["method"] for r in table.rows]
    assert methods == [
        "symbolic",
        "numerical (central)",
        "numerical (richardson)",
        "forward",
        "reverse",
        "torch",
        "manual",
    ]
    assert table.reference == {"method": "symbolic", "value": -16.0}
    for row in table.rows:
        assert row["value"] == pytest.approx(-16.0, rel=1e-9)
        assert row["flag"] in ("reference", "ok")
    assert table.disagreements == []


def test_cost_column_counts_evaluations_expression_size_and_graph_nodes():
    table = gdkit.compare(quadratic, -2.0, timing=False)
    assert table.row("numerical (central)")["cost"] == 2
    assert table.row("numerical (central)")["cost_unit"] == "f evals"
    assert table.row("forward")["cost"] == 1
    assert table.row("symbolic")["cost"] == 2 and table.row("symbolic")["cost_unit"] == "ops in f'"
    reverse = table.row("reverse")
    assert reverse["cost_unit"] == "graph nodes"
    assert reverse["cost"] == len(quadratic(gdkit.Value(-2.0)).topological_order())
    assert table.row("torch")["cost"] > 0


def test_a_wrong_manual_derivative_is_flagged_not_hidden():
    table = gdkit.compare(quadratic, 1.0, manual=lambda x: 6 * x + 4, timing=False)
    manual = table.row("manual")
    assert manual["flag"] == "DISAGREES"
    assert manual["rel_error"] == pytest.approx(8 / 2)
    assert "manual" in table.disagreements
    assert "DISAGREES" in str(table)
    assert f'style="color:{gdkit.palettes.STATUS_HTML["bad"][0]}' in table._repr_html_()


def test_finite_differences_at_a_kink_are_flagged_while_exact_methods_agree():
    table = gdkit.compare(gdkit.relu, 0.0, timing=False)
    assert table.row("numerical (central)")["flag"] == "DISAGREES"
    assert table.row("numerical (richardson)")["value"] == pytest.approx(0.5)
    for method in ("forward", "reverse", "torch"):
        assert table.row(method)["flag"] == "ok"
        assert table.row(method)["value"] == 0.0


def test_a_method_that_fails_is_a_row_with_the_reason_and_another_reference_is_chosen():
    table = gdkit.compare(lambda x: x * x if x > 0 else -x, 2.0, timing=False)
    symbolic = table.row("symbolic")
    assert symbolic["flag"] == "failed"
    assert "SymbolicError" in symbolic["message"] and "method='reverse'" in symbolic["message"]
    assert table.reference["method"] == "forward"
    assert table.row("reverse")["flag"] == "ok"


def test_a_true_zero_derivative_is_not_flagged_for_round_off():
    table = gdkit.compare(quadratic, 2 / 3, manual=lambda x: 6 * x - 4, timing=False)
    assert table.disagreements == []


def test_gradient_tables_work_for_array_x():
    f = lambda w: w[0] ** 2 * w[1] + gdkit.sin(w[1])  # noqa: E731
    table = gdkit.compare(
        f, [1.0, 2.0], manual=lambda w: [2 * w[0] * w[1], w[0] ** 2 + math.cos(w[1])], timing=False
    )
    assert table.disagreements == []
    np.testing.assert_allclose(table.row("reverse")["value"], [4.0, 1 + math.cos(2.0)])
    assert table.row("forward")["cost"] == 2  # one pass per input
    assert "[4, " in str(table)


def test_text_without_timing_is_deterministic_and_hides_round_off_digits():
    first = str(gdkit.compare(quadratic, -2.0, timing=False))
    second = str(gdkit.compare(quadratic, -2.0, timing=False))
    assert first == second
    assert "time" not in first.splitlines()[0]
    rows = {line.split("  ")[0]: line for line in first.splitlines()[2:]}
    assert " 0 " in rows["forward"]  # exact agreement prints as 0
    assert "< 1e-13" in rows["numerical (richardson)"]  # round-off-sized error: no digits
    assert re.search(r"\d\.\de-1[0-2]", rows["numerical (central)"])  # a real error keeps 1e style
    assert "1 dual pass " in rows["forward"]


def test_timing_column_reports_a_median_time_for_every_method():
    table = gdkit.compare(quadratic, -2.0, methods=("forward", "reverse"), repeats=3)
    assert all(r["seconds"] > 0 for r in table.rows)
    assert "time" in str(table).splitlines()[0]
    assert "<th>time</th>" in table._repr_html_()


def test_to_dict_is_plain_json():
    table = gdkit.compare(
        lambda w: w[0] * w[1], [2.0, 3.0], methods=("reverse", "forward"), timing=False
    )
    data = json.loads(json.dumps(table.to_dict()))
    assert data["x"] == [2.0, 3.0]
    assert data["reference"] == {"method": "forward", "value": [3.0, 2.0]}
    assert data["rows"][0]["method"] == "forward" or data["rows"][0]["method"] == "reverse"


def test_compare_errors_name_the_bad_argument():
    with pytest.raises(TypeError, match="f=1 of type int is not callable"):
        gdkit.compare(1, 1.0)
    with pytest.raises(TypeError, match="manual=2"):
        gdkit.compare(quadratic, 1.0, manual=2)
    with pytest.raises(ValueError, match="'magic'"):
        gdkit.compare(quadratic, 1.0, methods=("magic",))
    with pytest.raises(ValueError, match="'sideways'"):
        gdkit.compare(quadratic, 1.0, schemes=("sideways",))


def test_manual_gradient_of_the_wrong_shape_is_a_failed_row():
    table = gdkit.compare(lambda w: w[0] * w[1], [2.0, 3.0], manual=lambda w: [1.0], timing=False)
    assert table.row("manual")["flag"] == "failed"
    assert "shape" in table.row("manual")["message"]


# --- gradcheck ------------------------------------------------------------------------------------


def f2(w):
    return w[0] ** 2 + 3 * w[0] * w[1] + gdkit.sin(w[1])


def test_gradcheck_passes_a_correct_gradient():
    result = gdkit.gradcheck(
        f2, lambda w: [2 * w[0] + 3 * w[1], 3 * w[0] + math.cos(w[1])], [1.0, 2.0]
    )
    assert result.verdict == "good" and result.passed
    assert result.rel_error < 1e-7


def test_gradcheck_names_the_worst_coordinate_of_a_wrong_gradient():
    result = gdkit.gradcheck(
        f2, lambda w: [2 * w[0] + 3 * w[1], 3 * w[0] - math.cos(w[1])], [1.0, 2.0]
    )
    assert result.verdict == "wrong" and not result.passed
    assert result.worst_index == (1,)
    assert "x[1]" in str(result)
    assert "verdict='wrong'" in repr(result)


def test_gradcheck_finds_a_slightly_wrong_gradient_suspicious():
    result = gdkit.gradcheck(gdkit.exp, lambda x: math.exp(x) * (1 + 1e-5), 0.5)
    assert result.verdict == "suspicious"
    assert result.worst_index == ()


def test_gradcheck_of_a_zero_gradient_at_a_minimum_is_good():
    assert gdkit.gradcheck(quadratic, lambda x: 6 * x - 4, 2 / 3).verdict == "good"


def test_gradcheck_of_least_squares_with_the_factor_free_form_is_wrong_by_a_factor_of_two():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(10, 2)), rng.normal(size=10)
    loss = lambda b: ((y - X @ b) ** 2).sum()  # noqa: E731
    b = np.array([0.3, -0.7])
    assert gdkit.gradcheck(loss, lambda b: 2 * X.T @ X @ b - 2 * X.T @ y, b).passed
    assert gdkit.gradcheck(loss, lambda b: X.T @ X @ b - X.T @ y, b).verdict == "wrong"


@pytest.mark.parametrize(
    "error, verdict",
    [
        (1e-9, "good"),
        (1e-7, "suspicious"),
        (1e-4, "suspicious"),
        (1e-2, "suspicious"),
        (2e-2, "wrong"),
        (math.inf, "wrong"),
    ],
)
def test_verdict_bands(error, verdict):
    assert verdict_for(error) == verdict


def test_gradcheck_with_a_gradient_of_the_wrong_shape_is_a_value_error():
    with pytest.raises(ValueError, match=r"shape \(3,\); expected \(2,\)"):
        gdkit.gradcheck(f2, lambda w: [1.0, 2.0, 3.0], [1.0, 2.0])


# --- gradcheck on a real network: sampled coordinates, a floor scaled to the largest gradient ---


def _flat_network(sizes, X, y):
    """Cost and backprop gradient of a gdkit.MLP as functions of one vector θ = (W1, b1, ...)."""
    return gdkit.lectures.flat_cost_and_gradient(gdkit.MLP(sizes, seed=0), X, y)


def _hand_gradient(theta, X, y, sizes, bug=None):
    """Backpropagation for a two-layer sigmoid network with the quadratic cost, by hand;
    ``bug`` plants a mistake: "output σ'" or "hidden σ'" forgets that factor."""
    n_in, n_hidden, n_out = sizes
    at = 0
    W1 = theta[at : at + n_hidden * n_in].reshape(n_hidden, n_in)
    at += n_hidden * n_in
    b1 = theta[at : at + n_hidden]
    at += n_hidden
    W2 = theta[at : at + n_out * n_hidden].reshape(n_out, n_hidden)
    at += n_out * n_hidden
    b2 = theta[at : at + n_out]
    a1 = 1 / (1 + np.exp(-(X @ W1.T + b1)))
    a2 = 1 / (1 + np.exp(-(a1 @ W2.T + b2)))
    delta2 = a2 - gdkit.one_hot(y, n_out)
    if bug != "output σ'":
        delta2 = delta2 * a2 * (1 - a2)
    delta1 = delta2 @ W2
    if bug != "hidden σ'":
        delta1 = delta1 * a1 * (1 - a1)
    m = len(X)
    return np.concatenate([(delta1.T @ X).ravel() / m, delta1.mean(axis=0),
                           (delta2.T @ a1).ravel() / m, delta2.mean(axis=0)])


@pytest.fixture(scope="module")
def mnist_network():
    X, y, _, _ = gdkit.load_mnist_sample()
    X, y = X[:20], y[:20]
    sizes = [784, 30, 10]
    cost, backprop, theta = _flat_network(sizes, X, y)
    return {"X": X, "y": y, "sizes": sizes, "cost": cost, "backprop": backprop, "theta": theta}


def test_gradcheck_of_a_784_30_10_network_on_mnist_is_good(mnist_network):
    n = mnist_network
    hand = lambda t: _hand_gradient(t, n["X"], n["y"], n["sizes"])  # noqa: E731
    np.testing.assert_allclose(hand(n["theta"]), n["backprop"](n["theta"]), rtol=1e-10, atol=1e-15)
    for grad in (n["backprop"], hand):
        result = gdkit.gradcheck(n["cost"], grad, n["theta"])
        assert result.verdict == "good", str(result)
        assert result.n_checked == 100 and result.seed == 0
        assert np.isnan(result.numerical).sum() == n["theta"].size - 100
        assert np.all(np.isfinite(result.rel_errors.flat[result.checked]))


@pytest.mark.parametrize("bug", ["output σ'", "hidden σ'"])
def test_gradcheck_of_a_784_30_10_network_finds_a_planted_backprop_bug(mnist_network, bug):
    n = mnist_network
    result = gdkit.gradcheck(
        n["cost"], lambda t: _hand_gradient(t, n["X"], n["y"], n["sizes"], bug=bug), n["theta"]
    )
    assert result.verdict == "wrong", str(result)


def test_gradcheck_does_not_fail_a_tiny_correct_coordinate_whose_difference_rounds_to_zero():
    # the 784-5-10 report: analytic 1.7e-7, numerical 0 at one coordinate → 'wrong'.  Here a
    # coordinate with slope 1.7e-7 on a function of size 1 next to a gradient of size 0.1
    f = lambda w: 1.0 + 0.05 * w[0] ** 2 + 1.7e-7 * w[1]  # noqa: E731
    result = gdkit.gradcheck(f, lambda w: np.array([0.1 * w[0], 1.7e-7]), [1.0, 0.3])
    assert result.verdict == "good", str(result)
    assert result.numerical[1] == pytest.approx(1.7e-7, rel=1e-6)


def test_gradcheck_samples_coordinates_reproducibly_and_can_check_them_all():
    x = np.linspace(-1, 1, 500)
    f, grad = lambda w: float(np.sum(w**3)), lambda w: 3 * w**2  # noqa: E731
    a, b = gdkit.gradcheck(f, grad, x, seed=3), gdkit.gradcheck(f, grad, x, seed=3)
    c = gdkit.gradcheck(f, grad, x, seed=4)
    np.testing.assert_array_equal(a.checked, b.checked)
    assert not np.array_equal(a.checked, c.checked)
    assert a.n_checked == 100 and len(set(a.checked)) == 100 and np.all(np.diff(a.checked) > 0)
    every = gdkit.gradcheck(f, grad, x, sample=None)
    assert every.n_checked == 500 and every.seed is None and every.passed
    few = gdkit.gradcheck(f, grad, x[:7])
    assert few.n_checked == 7 and few.seed is None  # few coordinates: all of them
    assert "100 of 500 checked" in str(a) and "n_checked=100" in repr(a)
    wrong = gdkit.gradcheck(f, lambda w: 3 * w**2 + (np.arange(w.size) % 2), x, sample=20)
    assert wrong.verdict == "wrong" and wrong.worst_index[0] in wrong.checked


@pytest.mark.parametrize("sample", [0, -1, 2.5, "all"])
def test_gradcheck_rejects_a_bad_sample_size(sample):
    with pytest.raises(ValueError, match="sample"):
        gdkit.gradcheck(lambda w: float(w @ w), lambda w: 2 * w, [1.0, 2.0], sample=sample)
