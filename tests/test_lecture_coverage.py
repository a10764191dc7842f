"""lectures/README.md maps every syllabus section to headings that really exist."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "lectures" / "README.md").read_text(encoding="utf-8")
SYLLABUS_SECTIONS = ["01", "02", "03", "04", "05", "06", "07", "08", "09", "10"]


def _headings(notebook: Path) -> set[str]:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    found = set()
    for cell in cells:
        if cell["cell_type"] == "markdown":
            for line in "".join(cell["source"]).splitlines():
                if re.match(r"#{1,4} ", line):
                    found.add(line.strip())
    return found


def _rows() -> list[tuple[str, str, list[str]]]:
    rows = []
    for line in README.splitlines():
        match = re.match(r"^\| (.+) \| `([^`]+\.ipynb)` \| (.+) \|$", line)
        if match:
            item, notebook, where = match.groups()
            rows.append((item, notebook, re.findall(r"`` (#.+?) ``", where)))
    return rows


def test_every_syllabus_section_has_a_coverage_table():
    present = set(re.findall(r"^## (\d\d) · ", README, re.M))
    missing = [s for s in SYLLABUS_SECTIONS if s not in present]
    assert not missing, f"lectures/README.md has no table for sections {missing}"


@pytest.mark.parametrize("item,notebook,headings", _rows(), ids=lambda v: str(v)[:40])
def test_coverage_row_points_at_existing_headings(item, notebook, headings):
    path = ROOT / "lectures" / notebook
    assert path.exists(), f"{notebook} (for {item!r}) does not exist"
    assert headings, f"row {item!r} names no cell heading"
    missing = [h for h in headings if h not in _headings(path)]
    assert not missing, f"{notebook} has no heading {missing} (row {item!r})"
