"""Every figure a lecture shows carries a text alternative (WCAG 2.1 success criterion 1.1.1).

A figure output (``image/png``, ``image/svg+xml``) stores its alternative as
``metadata[mime]["alt"]``: JupyterLab shows it through the course extension, the
site as the image's ``alt``.  An explorer's widget output carries its static
PNG, with the alternative, beside the widget view.  The text must say what the
figure shows, in words, not "figure 3" or a file name.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "lectures").glob("*.ipynb")) + sorted(
    (ROOT / "lectures" / "solutions").glob("*.ipynb")
)
FIGURE_MIMES = ("image/png", "image/svg+xml", "image/jpeg")
PLACEHOLDER = re.compile(r"^\s*(figure|fig\.?|image|plot|chart)\s*\d*\s*\.?\s*$", re.IGNORECASE)
FILE_NAME = re.compile(r"\.(png|svg|jpe?g)\b", re.IGNORECASE)


def alt_problems(cells: list[dict]) -> list[str]:
    """Why a figure output in ``cells`` lacks a useful text alternative."""
    problems = []
    for number, cell in enumerate(cells):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            for mime in FIGURE_MIMES:
                if mime not in data:
                    continue
                alt = output.get("metadata", {}).get(mime, {}).get("alt")
                where = f"cell {number} ({cell.get('id')}) {mime}"
                if not isinstance(alt, str) or not alt.strip():
                    problems.append(f"{where}: no alt in the output's metadata")
                elif PLACEHOLDER.match(alt) or FILE_NAME.search(alt):
                    problems.append(f"{where}: alt {alt!r} does not describe the figure")
                elif len(alt.split()) < 8:
                    problems.append(f"{where}: alt {alt!r} is too short to say what it shows")
    return problems


def test_there_are_figures_to_check():
    figures = sum(
        1
        for path in NOTEBOOKS
        for cell in json.loads(path.read_text())["cells"]
        for output in cell.get("outputs", [])
        if any(m in output.get("data", {}) for m in FIGURE_MIMES)
    )
    assert figures >= 50


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_every_figure_output_has_a_text_alternative(path):
    problems = alt_problems(json.loads(path.read_text())["cells"])
    assert not problems, "\n".join(problems)


def test_the_alt_check_catches_missing_and_useless_text():
    def cell(metadata):
        return {"id": "x", "outputs": [{"data": {"image/png": "iVBOR"}, "metadata": metadata}]}

    assert alt_problems([cell({})])
    assert alt_problems([cell({"image/png": {"alt": "Figure 3"}})])
    assert alt_problems([cell({"image/png": {"alt": "output_12_0.png"}})])
    good = "Cost against step for three learning rates; the smallest falls slowest, from 2.3 to 0.4."
    assert not alt_problems([cell({"image/png": {"alt": good}})])
