"""Helpers for the tests that pull the student release as students do (nbgitpuller).

An *instructor copy* is a temporary copy of what the student release takes from
this repository (no ``.git``), so a test can change a lecture as an instructor
would, then publish it with :func:`gdkit.release.build_release`, without ever
touching the repository's own files.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import nbformat

from gdkit.release import INCLUDED

ROOT = Path(__file__).resolve().parents[1]
EDITED_LECTURE = "lectures/01_loss_surfaces.ipynb"
STUDENT_NOTE = "My note: the loss is a function of the parameters, not of the data."
INSTRUCTOR_CONFLICTING = "Instructor's new sentence in the same place as the student's note."
INSTRUCTOR_ELSEWHERE = "Instructor's update at the end of the lecture."


def instructor_copy(destination: Path) -> Path:
    """Copy the released paths of this repository into ``destination`` (a new folder)."""
    ignore = shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints", "node_modules", "*.egg-info")
    destination.mkdir(parents=True)
    for top in INCLUDED:
        source = ROOT / top
        if source.is_dir():
            shutil.copytree(source, destination / top, ignore=ignore)
        elif source.is_file():
            shutil.copy2(source, destination / top)
    return destination


def append_to_cell(notebook: Path, index: int, text: str) -> None:
    """Append a line to cell ``index`` (negative counts from the end), saved as Jupyter saves."""
    nb = nbformat.read(notebook, as_version=4)
    cell = nb.cells[index]
    cell.source = cell.source.rstrip("\n") + "\n\n" + text
    nbformat.write(nb, notebook)


def cell_sources(notebook_json: str | dict) -> list[str]:
    """The cells' sources of a notebook given as JSON text or as a contents-API model dict."""
    nb = nbformat.reads(notebook_json, as_version=4) if isinstance(notebook_json, str) else \
        nbformat.from_dict(notebook_json)
    return [cell.source if isinstance(cell.source, str) else "".join(cell.source) for cell in nb.cells]


def git(cwd: Path, *args: str) -> str:
    result = subprocess.run(["git", "-C", str(cwd), *args], capture_output=True, text=True,
                            check=False, timeout=60)
    assert result.returncode == 0, f"git {' '.join(args)} failed: {result.stderr}"
    return result.stdout.strip()
