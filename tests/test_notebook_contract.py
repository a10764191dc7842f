"""The portable-notebook contract of ``lectures/AUTHORING.md``, checked on the stored notebooks.

- The harness stays out of what students read: no cell's source holds an nbval marker
  (cells are tagged instead), and no Markdown cell talks about how the course tests
  itself.
- Every ``assert`` lives in a *check cell*: tagged ``check``, its source collapsed
  (``jupyter.source_hidden``), printing nothing, right after the teaching cell it
  checks.  Teaching cells hold no asserts.
- A cell whose output is not compared (tag ``nbval-ignore-output``) is followed by a
  check cell, so what it shows is still verified, against a tolerance.
- The arithmetic the tests run the notebooks with differs from the one
  ``make regenerate`` stored their outputs with, and the difference is real.
"""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(
    nb for nb in (ROOT / "lectures").rglob("*.ipynb") if ".ipynb_checkpoints" not in nb.parts
)
IDS = [str(nb.relative_to(ROOT / "lectures")) for nb in NOTEBOOKS]
CHECK_TAG = "check"
UNCOMPARED_TAGS = {"nbval-ignore-output", "nbval-skip"}
HARNESS_TALK = re.compile(
    r"re-runs? itself|stored (text|output|table)s?|compared (when|every|exactly)|nbval|pytest"
    r"|reads the same on every machine|(is|are) not compared|the course (checks|tests|runs) itself"
    r"|\bassert(ion|ed|s)?\b|test suite|\bCI\b|harness",
    re.IGNORECASE,
)


def _root_conftest():
    """The repository's root ``conftest.py`` (``import conftest`` would find tests/conftest.py)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("root_conftest", ROOT / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text())["cells"]


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def _tags(cell: dict) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


def _has_assert(source: str) -> bool:
    return any(isinstance(node, ast.Assert) for node in ast.walk(ast.parse(source)))


def harness_talk(cells: list[dict]) -> list[str]:
    found = []
    for number, cell in enumerate(cells):
        if cell["cell_type"] == "markdown":
            match = HARNESS_TALK.search(_source(cell))
            if match:
                found.append(f"cell {number}: {match.group(0)!r}")
    return found


def misplaced_asserts(cells: list[dict]) -> list[str]:
    problems = []
    for number, cell in enumerate(cells):
        if cell["cell_type"] != "code":
            continue
        source, tags = _source(cell), _tags(cell)
        if CHECK_TAG not in tags:
            if _has_assert(source):
                problems.append(f"cell {number}: an assert in a teaching cell (move it to a check cell)")
            continue
        if not cell.get("metadata", {}).get("jupyter", {}).get("source_hidden"):
            problems.append(f"cell {number}: check cell not collapsed (jupyter.source_hidden)")
        if cell.get("outputs"):
            problems.append(f"cell {number}: check cell shows output")
        if number == 0 or cells[number - 1]["cell_type"] != "code":
            problems.append(f"cell {number}: check cell does not follow a code cell")
    return problems


def unchecked_uncompared_cells(cells: list[dict]) -> list[str]:
    problems = []
    for number, cell in enumerate(cells):
        if cell["cell_type"] == "code" and _tags(cell) & UNCOMPARED_TAGS:
            following = cells[number + 1] if number + 1 < len(cells) else None
            if following is None or CHECK_TAG not in _tags(following):
                problems.append(f"cell {number}: output not compared and no check cell after it")
    return problems


def test_there_are_notebooks_to_check():
    assert len(NOTEBOOKS) >= 20


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_no_cell_source_holds_an_nbval_marker(path):
    marked = [n for n, cell in enumerate(_cells(path)) if "NBVAL_" in _source(cell)]
    assert marked == [], f"cells {marked}: use the cell tags nbval-ignore-output / nbval-skip"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_no_markdown_talks_about_the_test_harness(path):
    assert harness_talk(_cells(path)) == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_asserts_live_only_in_collapsed_check_cells(path):
    assert misplaced_asserts(_cells(path)) == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_every_uncompared_output_is_checked_with_a_tolerance(path):
    assert unchecked_uncompared_cells(_cells(path)) == []


def _code(source: str, **metadata) -> dict:
    return {"cell_type": "code", "source": source, "metadata": metadata, "outputs": []}


def test_the_contract_checks_catch_each_violation():
    teaching = _code("x = 1\nprint(x)")
    hidden = {"jupyter": {"source_hidden": True}, "tags": [CHECK_TAG]}
    good = [teaching, _code("assert x == 1", **hidden)]
    assert misplaced_asserts(good) == [] and unchecked_uncompared_cells(good) == []

    assert misplaced_asserts([_code("x = 1\nassert x == 1")]) == [
        "cell 0: an assert in a teaching cell (move it to a check cell)"
    ]
    nested = _code("for i in range(2):\n    assert i < 2")
    assert misplaced_asserts([nested])[0].startswith("cell 0: an assert")
    assert misplaced_asserts([teaching, _code("assert x", tags=[CHECK_TAG])]) == [
        "cell 1: check cell not collapsed (jupyter.source_hidden)"
    ]
    shows = {**_code("assert x", **hidden), "outputs": [{"output_type": "stream"}]}
    assert misplaced_asserts([teaching, shows]) == ["cell 1: check cell shows output"]
    ignored = _code("print(train())", tags=["nbval-ignore-output"])
    assert unchecked_uncompared_cells([ignored, teaching]) == [
        "cell 0: output not compared and no check cell after it"
    ]
    prose = {"cell_type": "markdown", "source": "This cell is not compared when the course re-runs itself."}
    assert harness_talk([prose]) == ["cell 0: 'is not compared'"]


def test_tests_run_kernels_with_other_arithmetic_than_regenerate():
    from gdkit.regenerate import KERNEL_ENV

    root = _root_conftest()
    tests = root.notebook_kernel_env()
    assert tests["PYTHONHASHSEED"] != KERNEL_ENV["PYTHONHASHSEED"]
    for variable in root.BLAS_THREAD_VARIABLES:
        assert tests[variable] != KERNEL_ENV[variable]
    assert "NPY_DISABLE_CPU_FEATURES" not in KERNEL_ENV
    assert "OPENBLAS_CORETYPE" not in tests, "never force an OpenBLAS kernel in the tests"
    assert os.environ["PYTHONHASHSEED"] == tests["PYTHONHASHSEED"], "kernels inherit it"


_ARITHMETIC = """
import numpy as np
x = np.random.default_rng(0).normal(size=200_000) * 3
print(np.tanh(x).sum().hex(), np.exp(-x * x).sum().hex(), (1 / (1 + np.exp(-x))).sum().hex())
"""


def test_switching_off_numpy_simd_changes_the_arithmetic():
    """The perturbation is real: some last bits of NumPy's results move under it."""
    disabled = _root_conftest().notebook_kernel_env()["NPY_DISABLE_CPU_FEATURES"]
    if not disabled:
        pytest.skip("NumPy has no optional SIMD kernels on this CPU to switch off")

    def digits(features: str) -> str:
        env = {k: v for k, v in os.environ.items() if k != "NPY_DISABLE_CPU_FEATURES"}
        if features:
            env["NPY_DISABLE_CPU_FEATURES"] = features
        done = subprocess.run([sys.executable, "-c", _ARITHMETIC], env=env, capture_output=True,
                              text=True, timeout=60, check=True)  # fmt: skip
        return done.stdout

    assert digits("") != digits(disabled)
