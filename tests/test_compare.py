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
    assert 'style="color:#b00020' in table._repr_html_()


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
