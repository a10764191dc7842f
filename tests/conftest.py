"""Test-suite set-up: the hypothesis profile, and the reliability counts.

Hypothesis runs under the ``gdkit`` profile: derandomized (the same examples on every
machine and every run, so CI is deterministic), no example database (nothing is written
to ``.hypothesis/``) and no deadline (the machine is shared; a slow example is not a bug).
``HYPOTHESIS_PROFILE=explore`` swaps in a randomized profile with 10x the examples for a
local bug hunt.

The reliability suites (``test_fuzz_*.py``, ``test_faults_data.py``) are counted while
they run: hypothesis examples actually tried per test, bad-input cases (tests marked
``bad_input``) and fault cases (marked ``fault``).  The counts are written to
``test-artifacts/reliability-counts.json``; ``python tests/fuzz_report.py`` turns them
into the table in ``tests/README.md``.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "gdkit",
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=False,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "explore",
    parent=settings.get_profile("gdkit"),
    derandomize=False,
    max_examples=1000,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "gdkit"))

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
COUNTS_FILE = ARTIFACTS / "reliability-counts.json"
RELIABILITY_PREFIXES = ("test_fuzz_", "test_faults_")

_counts: dict[str, dict[str, dict]] = defaultdict(
    lambda: {"examples": defaultdict(int), "bad_input": 0, "fault": 0, "failed": 0}
)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "bad_input: one wrong-argument case that must raise a clear TypeError/ValueError"
    )
    config.addinivalue_line("markers", "fault: one injected data fault (download, cache, disk)")


def _suite(item: pytest.Item) -> str | None:
    name = item.path.name
    return name if name.startswith(RELIABILITY_PREFIXES) else None


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item: pytest.Item):
    """Count the examples hypothesis tries by wrapping ``test.hypothesis.inner_test``."""
    suite = _suite(item)
    handle = getattr(getattr(item, "obj", None), "hypothesis", None)
    if suite is None or handle is None:
        yield
        return
    inner = handle.inner_test
    test_name = item.originalname

    def counted(*args, **kwargs):
        _counts[suite]["examples"][test_name] += 1
        return inner(*args, **kwargs)

    handle.inner_test = counted
    try:
        yield
    finally:
        handle.inner_test = inner


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when != "call":
        return
    suite = Path(report.fspath).name
    if not suite.startswith(RELIABILITY_PREFIXES):
        return
    keywords = report.keywords
    if "bad_input" in keywords:
        _counts[suite]["bad_input"] += 1
    if "fault" in keywords:
        _counts[suite]["fault"] += 1
    if report.failed:
        _counts[suite]["failed"] += 1


def pytest_sessionfinish(session: pytest.Session) -> None:
    if not _counts:
        return
    ARTIFACTS.mkdir(exist_ok=True)
    previous = json.loads(COUNTS_FILE.read_text()) if COUNTS_FILE.exists() else {}
    for suite, counts in _counts.items():
        previous[suite] = {
            "examples": dict(sorted(counts["examples"].items())),
            "examples_total": sum(counts["examples"].values()),
            "bad_input": counts["bad_input"],
            "fault": counts["fault"],
            "failed": counts["failed"],
        }
    COUNTS_FILE.write_text(json.dumps(dict(sorted(previous.items())), indent=2) + "\n")


@pytest.fixture(scope="session")
def shared_chromium():
    """One headless chromium per test process, for every suite that drives a browser.

    Playwright's sync API cannot start twice in one thread, so the browser suite
    (``tests/browser``) and the site suite share this one.  Callers check first that
    chromium and playwright are there (and skip with a message when not).
    """
    from browser.jupyterlab import find_chromium, launch_chromium
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = launch_chromium(pw, find_chromium())
        yield browser
        browser.close()
