"""Repository-wide pytest set-up: run order and the lectures' time budget.

nbval turns every lecture into one pytest item per cell.  This plugin adds the
wall time of every phase (kernel start-up is in the first cell's set-up) per
notebook and appends one final test, ``notebook_time_budget``, that fails when
a lecture took longer than ``NOTEBOOK_BUDGET_S`` or the whole bundle longer
than ``BUNDLE_BUDGET_S``.  The measured times are written to
``test-artifacts/notebook-times.json`` and printed at the end of the run.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from pathlib import Path

import pytest

NOTEBOOK_BUDGET_S = float(os.environ.get("GDKIT_NOTEBOOK_BUDGET_S", "60"))
BUNDLE_BUDGET_S = float(os.environ.get("GDKIT_BUNDLE_BUDGET_S", "600"))
ARTIFACTS = Path(__file__).parent / "test-artifacts"

_notebook_seconds: dict[str, float] = defaultdict(float)


def _notebook_of(nodeid: str) -> str | None:
    path = nodeid.split("::", 1)[0]
    return path if path.endswith(".ipynb") else None


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    notebook = _notebook_of(report.nodeid)
    if notebook is not None:
        _notebook_seconds[notebook] += report.duration


class NotebookTimeBudget(pytest.Item):
    """Fails when a lecture, or the bundle, ran past its time budget."""

    def runtest(self) -> None:
        times = dict(sorted(_notebook_seconds.items()))
        ARTIFACTS.mkdir(exist_ok=True)
        total = sum(times.values())
        (ARTIFACTS / "notebook-times.json").write_text(
            json.dumps({"seconds": times, "total": total}, indent=2) + "\n"
        )
        slow = {nb: t for nb, t in times.items() if t > NOTEBOOK_BUDGET_S}
        problems = [
            f"{nb} took {t:.1f} s (budget {NOTEBOOK_BUDGET_S:.0f} s)" for nb, t in slow.items()
        ]
        if total > BUNDLE_BUDGET_S:
            problems.append(f"all notebooks took {total:.1f} s (budget {BUNDLE_BUDGET_S:.0f} s)")
        if problems:
            raise AssertionError("time budget exceeded:\n  " + "\n  ".join(problems))

    def reportinfo(self):
        return self.path, None, "notebook time budget"


def _stage(item: pytest.Item) -> int:
    """Run order: unit/property tests, notebooks, the time budget, determinism, browser."""
    if isinstance(item, NotebookTimeBudget):
        return 2
    if _notebook_of(item.nodeid):
        return 1
    if item.get_closest_marker("browser"):
        return 4
    if item.get_closest_marker("determinism"):
        return 3
    return 0


def pytest_collection_modifyitems(session: pytest.Session, config, items: list) -> None:
    if any(_notebook_of(item.nodeid) for item in items):
        items.append(NotebookTimeBudget.from_parent(session, name="notebook_time_budget"))
    items.sort(key=_stage)  # stable: keeps each stage's own order


def pytest_terminal_summary(terminalreporter) -> None:
    if not _notebook_seconds:
        return
    terminalreporter.section("notebook execution times")
    for nb, seconds in sorted(_notebook_seconds.items()):
        flag = "  OVER BUDGET" if seconds > NOTEBOOK_BUDGET_S else ""
        terminalreporter.write_line(f"{seconds:7.1f} s  {nb}{flag}")
    total = sum(_notebook_seconds.values())
    terminalreporter.write_line(f"{total:7.1f} s  total (budget {BUNDLE_BUDGET_S:.0f} s)")
