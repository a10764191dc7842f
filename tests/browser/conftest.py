"""Fixtures for the browser suite: one JupyterLab server and one chromium per session.

The server's root is a temporary copy of the repository's notebooks (``lectures/``
and ``tests/fixtures/``, the other top-level folders linked), so the browser can
never rewrite a stored lecture, and JupyterLab's workspace and settings live in a
temporary directory too.  Everything is skipped, with a message saying how to
enable it, when chromium or the playwright package is missing.
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest

from .jupyterlab import LabServer, find_chromium

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts" / "browser"
COPIED = ("lectures", "tests/fixtures")
NOT_LINKED = {".git", ".venv", "lectures", "tests", "test-artifacts", "build", "dist"}

_TIMINGS_KEY = pytest.StashKey[list]()
_SKIP_KEY = pytest.StashKey[str]()


def browser_unavailable_reason() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return (
            "browser tests skipped: the Python package 'playwright' is not installed "
            "(it is in the [test] extra: make setup)"
        )
    if find_chromium() is None:
        return (
            "browser tests skipped: chromium not found (/usr/bin/chromium or 'chromium' "
            "on PATH); enable them with `apt-get install chromium`"
        )
    return None


@pytest.fixture(scope="session")
def browser_available(request: pytest.FixtureRequest) -> None:
    reason = browser_unavailable_reason()
    if reason:
        request.config.stash[_SKIP_KEY] = reason
        pytest.skip(reason)


@pytest.fixture(scope="session")
def lab_root(tmp_path_factory: pytest.TempPathFactory, browser_available: None) -> Path:
    root = tmp_path_factory.mktemp("lab-root")
    ignore = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
    for rel in COPIED:
        src = REPO / rel
        if src.is_dir():
            shutil.copytree(src, root / rel, ignore=ignore, symlinks=True)
    # Lectures may read files relative to the repository (../gdkit/data, ...).
    for entry in REPO.iterdir():
        if entry.name not in NOT_LINKED and not (root / entry.name).exists():
            (root / entry.name).symlink_to(entry, target_is_directory=entry.is_dir())
    return root


@pytest.fixture(scope="session")
def lab_server(lab_root: Path, tmp_path_factory: pytest.TempPathFactory):
    server = LabServer(lab_root, tmp_path_factory.mktemp("lab-state"))
    t0 = time.monotonic()
    server.start()
    print(f"\n[browser] jupyter lab ready on port {server.port} in {time.monotonic() - t0:.1f}s")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def chromium(browser_available: None, shared_chromium):
    return shared_chromium


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def browser_timings(request: pytest.FixtureRequest, artifacts_dir: Path):
    """Per-notebook timings; summarised at the end of the run and written to
    ``test-artifacts/browser/timings.json``."""
    timings: list[dict] = []
    request.config.stash[_TIMINGS_KEY] = timings
    yield timings
    if timings:
        (artifacts_dir / "timings.json").write_text(json.dumps(timings, indent=2))


def _verdict(t: dict) -> str:
    if t.get("expect_ok", True):
        return "ok" if t["ok"] else "FAILED"
    return "check failed, as expected" if not t["ok"] else "check PASSED unexpectedly"


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    skipped = config.stash.get(_SKIP_KEY, None)
    if skipped:
        terminalreporter.section("browser tests SKIPPED", yellow=True, bold=True)
        terminalreporter.write_line(skipped)
    timings = config.stash.get(_TIMINGS_KEY, None)
    if not timings:
        return
    terminalreporter.section("browser: seconds per notebook")
    for t in timings:
        parts = ", ".join(f"{k} {v:.1f}" for k, v in t["timings"].items() if k != "total")
        terminalreporter.write_line(
            f"{t['timings'].get('total', 0):6.1f}  {t['path']}  [{_verdict(t)}]  ({parts})"
        )
    total = sum(t["timings"].get("total", 0) for t in timings)
    terminalreporter.write_line(f"{total:6.1f}  total over {len(timings)} notebook(s)")
