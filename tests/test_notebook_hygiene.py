"""The stored lectures show students clean outputs: no errors, warnings or memory addresses.

Checked on the stored notebooks (no kernel needed), every lecture and solution notebook:

- no cell has an error output;
- nothing written to stderr is a warning or a traceback, and no output at all contains
  ``Warning:`` (a leaked ``RuntimeWarning: overflow ...`` reads as a bug to a student);
- no *compared* output (what nbval compares: not PNGs, widget views or cells tagged
  ``nbval-ignore-output``/``nbval-skip``) holds a memory address
  such as ``<function f at 0x7f...>``: nbval hides it with a sanitizer, but the student
  sees it and it differs on every run.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(
    nb for nb in (ROOT / "lectures").rglob("*.ipynb") if ".ipynb_checkpoints" not in nb.parts
)
IDS = [str(nb.relative_to(ROOT / "lectures")) for nb in NOTEBOOKS]
SKIPPED_KEYS = {"image/png", "image/jpeg", "application/vnd.jupyter.widget-view+json"}
TAGS = {"nbval-ignore-output", "nbval-skip"}
ADDRESS = re.compile(r"\b0x[0-9a-fA-F]{6,16}\b")
WARNING = re.compile(r"\b\w*Warning: |^Traceback \(most recent call last\)", re.MULTILINE)


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def _cells(path: Path):
    """(cell number, compared?, outputs) for each code cell."""
    nb = json.loads(path.read_text())
    for number, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "code":
            continue
        ignored = bool(TAGS & set(cell.get("metadata", {}).get("tags", [])))
        yield number, not ignored, cell.get("outputs", [])


def _texts(output: dict):
    """(kind, text) of every textual part of an output."""
    if output["output_type"] == "stream":
        yield output["name"], _text(output.get("text", ""))
    elif output["output_type"] == "error":
        yield "error", f"{output.get('ename')}: {output.get('evalue')}"
    else:
        for key, value in output.get("data", {}).items():
            if key not in SKIPPED_KEYS:
                yield key, _text(value)


def test_there_are_lectures_to_check():
    assert len(NOTEBOOKS) >= 2


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_no_cell_has_an_error_output(path):
    errors = [
        f"cell {n}: {o.get('ename')}: {o.get('evalue')}"
        for n, _, outputs in _cells(path)
        for o in outputs
        if o["output_type"] == "error"
    ]
    assert errors == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_no_output_shows_a_warning_or_a_traceback(path):
    found = []
    for n, _, outputs in _cells(path):
        for output in outputs:
            for kind, text in _texts(output):
                match = WARNING.search(text)
                if match:
                    line = text[match.start() :].splitlines()[0]
                    found.append(f"cell {n} ({kind}): {line[:120]}")
    assert found == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_no_compared_output_holds_a_memory_address(path):
    found = []
    for n, compared, outputs in _cells(path):
        if not compared:
            continue
        for output in outputs:
            for kind, text in _texts(output):
                match = ADDRESS.search(text)
                if match:
                    start = max(0, match.start() - 40)
                    found.append(f"cell {n} ({kind}): ...{text[start : match.end()]}")
    assert found == []


def test_the_checks_catch_an_error_a_leaked_warning_and_an_address(tmp_path):
    cell = {"cell_type": "code", "source": "f", "metadata": {}, "outputs": [
        {"output_type": "stream", "name": "stderr",
         "text": "/x.py:3: RuntimeWarning: overflow encountered in exp\n"},
        {"output_type": "execute_result", "data": {"text/plain": "<function f at 0x7f3a2b1c9d30>"}},
        {"output_type": "error", "ename": "ValueError", "evalue": "bad", "traceback": []},
    ]}  # fmt: skip
    ignored = {**cell, "metadata": {"tags": ["nbval-ignore-output"]}, "outputs": cell["outputs"][1:2]}
    nb = tmp_path / "bad.ipynb"
    nb.write_text(json.dumps({"cells": [cell, ignored], "metadata": {}, "nbformat": 4,
                              "nbformat_minor": 5}))  # fmt: skip
    for check in (test_no_cell_has_an_error_output, test_no_output_shows_a_warning_or_a_traceback,
                  test_no_compared_output_holds_a_memory_address):  # fmt: skip
        with pytest.raises(AssertionError, match="cell 0"):
            check(nb)
