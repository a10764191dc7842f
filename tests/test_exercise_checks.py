"""The exercise checks test, and never tell.

- Every lecture 01–10 has at least one implement-it exercise, and every exercise in
  ``lectures/course.json`` has a check in ``gdkit.lectures.checks`` (and no other).
- Each implement-it check fails plausible wrong code (``tests/exercise_cases``) with a
  message that names the mistake, and passes the solutions notebook's code.
- Each number check passes the right value rounded as displayed and fails a wrong
  one without printing the right value.
- No exercise cell in ``lectures/`` holds its answer: a check call names only the
  exercise and the student's variables, and a number exercise's expected value does
  not appear in the cell, at any precision.
"""

from __future__ import annotations

import ast
import importlib
import json
import math
from pathlib import Path

import numpy as np
import pytest

from gdkit import course as gc
from gdkit import lectures
from gdkit.lectures.checks import exercise_checks

ROOT = Path(__file__).resolve().parents[1]
COURSE = gc.load_course(ROOT / "lectures" / "course.json")
CHECKS = exercise_checks()
IMPLEMENTATIONS = sorted(i for i, c in CHECKS.items() if c.kind == "implementation")
NUMBERS = sorted(i for i, c in CHECKS.items() if c.kind == "number")


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def _code_cells(path: Path) -> list[dict]:
    return [c for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "code"]


def _check_calls(tree: ast.AST) -> list[ast.Call]:
    """Every call of a function whose name starts with ``check`` in a parsed cell."""
    calls = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name.startswith("check"):
                calls.append(node)
    return calls


def _wrong_cases(exercise: str) -> list:
    module = importlib.import_module(f"tests.exercise_cases.lecture{exercise[:2]}")
    return module.WRONG.get(exercise, [])


# -- what exists -----------------------------------------------------------------------


def test_every_exercise_in_the_manifest_has_a_check_and_no_check_is_orphaned():
    listed = {ex.id for lec in COURSE.lectures for ex in lec.exercises}
    assert set(CHECKS) == listed, (
        f"no check for {sorted(listed - set(CHECKS))}; not in the manifest: "
        f"{sorted(set(CHECKS) - listed)}"
    )


def test_every_lecture_has_an_implement_it_exercise():
    lectures_with = {i[:2] for i in IMPLEMENTATIONS}
    missing = [f"{n:02d}" for n in range(1, 11) if f"{n:02d}" not in lectures_with]
    assert not missing, f"lectures without an implement-it exercise: {missing}"


def test_every_implement_it_exercise_has_one_or_two_collapsed_hints():
    for lec in COURSE.lectures:
        cells = json.loads((COURSE.folder / lec.file).read_text())["cells"]
        for ex in lec.exercises:
            if ex.id not in IMPLEMENTATIONS:
                continue
            hints = [
                c for c in cells
                if {"hint", f"exercise:{ex.id}"} <= set(c.get("metadata", {}).get("tags", []))
            ]  # fmt: skip
            assert 1 <= len(hints) <= 2, f"{lec.file} {ex.id}: {len(hints)} hint cells"
            for hint in hints:
                text = _source(hint)
                assert hint["cell_type"] == "markdown", f"{ex.id}: a hint is a Markdown cell"
                assert text.lstrip().startswith("<details>") and "<summary>" in text, (
                    f"{ex.id}: a hint is collapsed, <details><summary>…</summary>…</details>"
                )


# -- implement-it checks: wrong code fails, named; the solution passes ------------------


@pytest.mark.parametrize("exercise", IMPLEMENTATIONS)
def test_blank_implementation_is_not_answered_yet(exercise):
    def blank(*args, **kwargs):
        raise NotImplementedError

    result = lectures.check(exercise, *([blank] * CHECKS[exercise].answers))
    assert not result and result.status == "not-answered", result.message


@pytest.mark.parametrize("exercise", IMPLEMENTATIONS)
def test_plausible_wrong_code_fails_with_a_message_naming_the_mistake(exercise):
    cases = _wrong_cases(exercise)
    assert cases, f"tests/exercise_cases/lecture{exercise[:2]}.py has no wrong code for {exercise}"
    for wrong, fragment in cases:
        functions = wrong if isinstance(wrong, tuple) else (wrong,)
        result = lectures.check(exercise, *functions)
        assert not result, f"{exercise}: {functions} passed"
        assert result.status == "failed"
        assert fragment.lower() in result.message.lower(), (
            f"{exercise}: expected {fragment!r} in the message, got: {result.message}"
        )


def _solution_cell(exercise: str) -> tuple[Path, str]:
    lec = next(lec for lec in COURSE.lectures if any(e.id == exercise for e in lec.exercises))
    path = COURSE.folder / lec.solutions
    for cell in _code_cells(path):
        source = _source(cell)
        for call in _check_calls(ast.parse(source)):
            if call.args and isinstance(call.args[0], ast.Constant) and call.args[0].value == exercise:
                return path, source
    raise AssertionError(f"{path.name} has no cell calling lectures.check({exercise!r}, ...)")


@pytest.mark.parametrize("exercise", IMPLEMENTATIONS)
def test_the_solution_notebooks_code_passes_its_check(exercise):
    path, source = _solution_cell(exercise)
    namespace: dict = {"display": lambda *a, **k: None}
    exec("import math\nimport numpy as np\nimport gdkit\nfrom gdkit import lectures\n", namespace)
    exec(compile(source, f"{path.name}[{exercise}]", "exec"), namespace)
    tree = ast.parse(source)
    call = next(c for c in _check_calls(tree) if c.args[0].value == exercise)
    answers = [eval(compile(ast.Expression(a), "<answer>", "eval"), namespace) for a in call.args[1:]]
    result = lectures.check(exercise, *answers)
    assert result, f"{path.name} {exercise}: {result.message}"


# -- number checks: rounding as displayed passes, a wrong value is not told the truth ----


def _number_in(number: str, text: str) -> bool:
    """Does ``text`` show ``number`` as a whole number (not as part of a longer one)?"""
    import re

    return re.search(rf"(?<![\d.]){re.escape(number)}(?![\d])(?!\.\d)", text) is not None


def _round_sig(value: float, digits: int) -> float:
    if value == 0:
        return 0.0
    return round(value, digits - 1 - math.floor(math.log10(abs(value))))


@pytest.mark.parametrize("exercise", NUMBERS)
def test_number_check_passes_the_truth_and_fails_a_wrong_value_without_telling(exercise):
    entry = CHECKS[exercise]
    assert entry.expected is not None, f"{exercise}: a number check declares expected="
    truth = entry.expected()
    values = truth if entry.answers > 1 else (truth,)
    assert lectures.check(exercise, *values), f"{exercise}: the expected value fails"
    arrays = [np.asarray(v, dtype=float) for v in values]
    wrong = [a * 1.37 + (a == 0) * 0.37 for a in arrays]
    wrong = [w.item() if w.ndim == 0 else w for w in wrong]
    result = lectures.check(exercise, *wrong)
    assert not result and result.status == "failed"
    for a in arrays:
        for x in a.ravel():
            if x not in (0.0, 1.0) and abs(x) >= 1e-12:
                for shown in {f"{x:.6g}", f"{x:.4g}", f"{x:.3g}"}:
                    assert not _number_in(shown, result.message), (
                        f"{exercise}: a wrong answer is told the right value ({shown}): "
                        f"{result.message}"
                    )


@pytest.mark.parametrize("exercise", NUMBERS)
def test_number_check_accepts_the_answer_rounded_as_displayed(exercise):
    entry = CHECKS[exercise]
    truth = entry.expected()
    values = truth if entry.answers > 1 else (truth,)
    if entry.decimals is not None:
        shown, rounding = f"{entry.decimals} decimals", lambda x: round(x, entry.decimals)
    else:
        shown, rounding = f"{entry.digits} significant digits", lambda x: _round_sig(x, entry.digits)
    rounded = []
    for v in values:
        a = np.asarray(v, dtype=float)
        r = np.vectorize(lambda x: rounding(float(x)))(a) if a.size else a
        rounded.append(r.item() if a.ndim == 0 else r)
    result = lectures.check(exercise, *rounded)
    assert result, f"{exercise}: rounded to {shown} {rounded}: {result.message}"


# -- no exercise cell holds its answer ---------------------------------------------------


def _exercise_cells(path: Path):
    for cell in _code_cells(path):
        if "check" in cell.get("metadata", {}).get("tags", []):
            continue  # the hidden cells that verify the notebook itself
        source = _source(cell)
        calls = _check_calls(ast.parse(source))
        if calls:
            yield source, calls


NOTEBOOKS = sorted((ROOT / "lectures").rglob("*.ipynb"))
NOTEBOOKS = [p for p in NOTEBOOKS if ".ipynb_checkpoints" not in p.parts and "originals" not in p.parts]


def check_call_problems(source: str, calls: list[ast.Call]) -> list[str]:
    """Why these check calls could show their answer (empty when they cannot)."""
    problems = []
    for call in calls:
        text = ast.unparse(call)
        func = call.func
        if not (isinstance(func, ast.Attribute) and func.attr == "check"
                and isinstance(func.value, ast.Name) and func.value.id == "lectures"):  # fmt: skip
            problems.append(f"{text}: exercises are checked with lectures.check(id, answers)")
            continue
        if call.keywords or not call.args or not isinstance(call.args[0], ast.Constant):
            problems.append(f"{text}: the id comes first, then the answers, no keywords")
            continue
        for arg in call.args[1:]:
            if not isinstance(arg, ast.Name):
                problems.append(
                    f"{text}: {ast.unparse(arg)} is not the student's variable; a check call "
                    "passes names only, so that it cannot carry the answer"
                )
    return problems


def shown_expected_values(source: str, expected) -> list[str]:
    """Representations of ``expected`` that appear in ``source``."""
    found = []
    code = ast.unparse(ast.parse(source))
    for x in np.asarray(expected, dtype=float).ravel():
        if x in (0.0, 1.0, -1.0):
            continue
        forms = {f"{x:.3g}", f"{x:.4g}", f"{x:.6g}", f"{x:.2f}", repr(float(x))}
        if float(x).is_integer():
            forms |= {str(int(x)), f"{int(x):_}", f"{int(x):,}"}
        for form in forms:
            if len(form.strip("-0.")) >= 2 and (form in source or form in code):
                found.append(form)
    return found


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_no_check_call_can_carry_its_answer(path):
    problems = []
    for source, calls in _exercise_cells(path):
        problems += check_call_problems(source, calls)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    "path", [p for p in NOTEBOOKS if p.parent.name == "lectures"],
    ids=[p.name for p in NOTEBOOKS if p.parent.name == "lectures"],
)  # fmt: skip
def test_no_exercise_cell_in_a_lecture_contains_its_expected_value(path):
    problems = []
    for source, calls in _exercise_cells(path):
        for call in calls:
            if not (call.args and isinstance(call.args[0], ast.Constant)):
                continue
            entry = CHECKS.get(call.args[0].value)
            if entry is None or entry.kind != "number":
                continue
            truth = entry.expected()
            shown = [
                form
                for value in (truth if entry.answers > 1 else (truth,))
                for form in shown_expected_values(source, value)
            ]
            if shown:
                problems.append(f"{entry.id}: the cell shows its answer as {shown}")
    assert not problems, "\n".join(problems)


def test_the_source_checks_catch_an_answer_in_the_cell():
    bad = "forward_madds = None\nlectures.check('07.3', 50_000 * (784 * 30 + 30 * 10))"
    assert check_call_problems(bad, _check_calls(ast.parse(bad)))
    old = "gdkit.check_number(x, 0.0483, exercise='01.1')"
    assert check_call_problems(old, _check_calls(ast.parse(old)))
    good = "forward_madds = None   # your number\nlectures.check('07.3', forward_madds)"
    assert not check_call_problems(good, _check_calls(ast.parse(good)))
    assert shown_expected_values("x = 1191000000  # 1.191e+09", 1_191_000_000)
    assert shown_expected_values("x = 0.0483", 0.048326)
    assert not shown_expected_values(good, 1_191_000_000)
    assert _number_in("-2", "x = -2 is not right") and not _number_in("-2", "x = -2.74")
