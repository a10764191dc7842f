"""Repository-wide pytest set-up: the notebooks' arithmetic, run order, time budget, stage times.

nbval turns every lecture into one pytest item per cell.  This plugin

- starts every kernel under *other* arithmetic than ``make regenerate`` used when it
  stored the outputs (``NOTEBOOK_KERNEL_ENV``: another hash seed, one BLAS thread
  instead of two, NumPy's SIMD kernels switched off), so nbval's comparison with the
  stored outputs is also the determinism check: a compared output that depends on
  the summation order, the thread count or set ordering fails here;
- orders the run: unit tests, notebooks, then the suites that start servers
  (browser, site, hub, extension);
- adds up the wall time of every phase per notebook (kernel start-up is in the
  first cell's set-up) and fails the run when a lecture took longer than
  ``NOTEBOOK_BUDGET_S`` or the whole bundle longer than ``BUNDLE_BUDGET_S``
  (``test-artifacts/notebook-times.json``);
- reports the time of every stage (``test-artifacts/stage-times.json``).

It works with and without pytest-xdist (``make test`` runs two workers with
``--dist loadfile``, so a notebook's cells stay together): the budget and the stage
times are computed where every report arrives, in the controlling process.
"""

from __future__ import annotations

import json
import os
import time
from collections import defaultdict
from pathlib import Path

import pytest

from gdkit.regenerate import BLAS_THREAD_VARIABLES

NOTEBOOK_BUDGET_S = float(os.environ.get("GDKIT_NOTEBOOK_BUDGET_S", "60"))
BUNDLE_BUDGET_S = float(os.environ.get("GDKIT_BUNDLE_BUDGET_S", "600"))
ARTIFACTS = Path(__file__).parent / "test-artifacts"


def _simd_dispatch_targets() -> str:
    """NumPy's optional SIMD targets (``X86_V3 X86_V4 ...``), to switch off.

    All of them, whether this CPU has them or not (NumPy ignores the ones it lacks):
    ``__cpu_features__`` would already read False in a process started with them off.
    """
    try:
        from numpy._core._multiarray_umath import __cpu_dispatch__
    except ImportError:  # NumPy < 2
        return ""
    return " ".join(__cpu_dispatch__)


def notebook_kernel_env() -> dict[str, str]:
    """The environment of every kernel the tests start (compare ``gdkit.regenerate.KERNEL_ENV``)."""
    return {
        "PYTHONHASHSEED": "1",
        **dict.fromkeys(BLAS_THREAD_VARIABLES, "1"),
        "NPY_DISABLE_CPU_FEATURES": _simd_dispatch_targets(),
    }


# Stages, in run order.  A test's stage is its first marker found here; notebooks
# (nbval items) are stage "notebooks", everything else "unit".
STAGES = ("unit", "notebooks", "browser", "site", "hub", "extension")

_notebook_seconds: dict[str, float] = defaultdict(float)
_stage_seconds: dict[str, float] = defaultdict(float)
_stage_counts: dict[str, int] = defaultdict(int)
_started = time.monotonic()


def _notebook_of(nodeid: str) -> str | None:
    path = nodeid.split("::", 1)[0]
    return path if path.endswith(".ipynb") else None


def _stage_of(nodeid: str, keywords) -> str:
    if _notebook_of(nodeid):
        return "notebooks"
    for stage in STAGES[2:]:
        if stage in keywords:
            return stage
    return "unit"


def pytest_configure(config: pytest.Config) -> None:
    # Kernels (nbval's, the browser's, the hub's) inherit this process's environment.
    os.environ.update(notebook_kernel_env())


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    notebook = _notebook_of(report.nodeid)
    if notebook is not None:
        _notebook_seconds[notebook] += report.duration
    stage = _stage_of(report.nodeid, report.keywords)
    _stage_seconds[stage] += report.duration
    if report.when == "call" or (report.when == "setup" and report.skipped):
        _stage_counts[stage] += 1


def pytest_collection_modifyitems(session: pytest.Session, config, items: list) -> None:
    items.sort(key=lambda item: STAGES.index(_stage_of(item.nodeid, item.keywords)))


def _budget_problems() -> list[str]:
    problems = [
        f"{nb} took {t:.1f} s (budget {NOTEBOOK_BUDGET_S:.0f} s)"
        for nb, t in sorted(_notebook_seconds.items())
        if t > NOTEBOOK_BUDGET_S
    ]
    total = sum(_notebook_seconds.values())
    if total > BUNDLE_BUDGET_S:
        problems.append(f"all notebooks took {total:.1f} s (budget {BUNDLE_BUDGET_S:.0f} s)")
    return problems


def _is_worker(config: pytest.Config) -> bool:
    return hasattr(config, "workerinput")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if _is_worker(session.config):
        return
    ARTIFACTS.mkdir(exist_ok=True)
    if _stage_seconds:
        stages = {s: round(_stage_seconds[s], 1) for s in STAGES if s in _stage_seconds}
        (ARTIFACTS / "stage-times.json").write_text(
            json.dumps(
                {
                    "seconds_in_tests": stages,
                    "tests": dict(_stage_counts),
                    "wall_seconds": round(time.monotonic() - _started, 1),
                },
                indent=2,
            )
            + "\n"
        )
    if not _notebook_seconds:
        return
    times = dict(sorted(_notebook_seconds.items()))
    (ARTIFACTS / "notebook-times.json").write_text(
        json.dumps({"seconds": times, "total": sum(times.values())}, indent=2) + "\n"
    )
    if _budget_problems() and session.exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter) -> None:
    if _is_worker(terminalreporter.config):
        return
    if _stage_seconds:
        terminalreporter.section("time per stage (seconds spent in its tests)")
        for stage in STAGES:
            if stage in _stage_seconds:
                terminalreporter.write_line(
                    f"{_stage_seconds[stage]:7.1f} s  {stage} ({_stage_counts[stage]} tests)"
                )
        terminalreporter.write_line(
            f"{time.monotonic() - _started:7.1f} s  wall time of the whole run"
        )
    if not _notebook_seconds:
        return
    terminalreporter.section("notebook execution times")
    for nb, seconds in sorted(_notebook_seconds.items()):
        flag = "  OVER BUDGET" if seconds > NOTEBOOK_BUDGET_S else ""
        terminalreporter.write_line(f"{seconds:7.1f} s  {nb}{flag}")
    total = sum(_notebook_seconds.values())
    terminalreporter.write_line(f"{total:7.1f} s  total (budget {BUNDLE_BUDGET_S:.0f} s)")
    problems = _budget_problems()
    if problems:
        terminalreporter.section("notebook time budget FAILED", red=True, bold=True)
        for problem in problems:
            terminalreporter.write_line(problem)
