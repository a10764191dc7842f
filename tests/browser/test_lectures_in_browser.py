"""Every lecture works in a real JupyterLab in a real browser (issue 8).

nbval runs the notebooks in a kernel; this suite opens them the way a student
does, in JupyterLab in headless chromium: Run All Cells, wait for the kernel,
then check that no cell shows an error, that every explorer (ipywidgets output)
rendered its controls, and that moving one control changes what is displayed.
A screenshot per notebook goes to ``test-artifacts/browser/``.

Once a lecture has run, axe-core audits the page (``tests/a11y/axe.py``, WCAG 2.0/2.1 A
and AA): the course content (cell outputs, rendered Markdown, the course extension) must
have no serious or critical violation; JupyterLab's own UI is only recorded, in
``test-artifacts/a11y/lab__<lecture>.json`` and ``summary.json``.

The two fixture notebooks prove the check itself: it passes on
``tests/fixtures/good_widget.ipynb`` and FAILS on ``broken_widget.ipynb``, whose
widget refers to a JavaScript module that does not exist.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import pytest
from a11y import axe as a11y

from .jupyterlab import check_notebook

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]

# Lectures that deliberately contain no explorer (no widget to move).
# Lectures whose syllabus sections ask for no interaction: they are still run in the
# browser and checked for errors, but no explorer is required.
LECTURES_WITHOUT_EXPLORERS: set[str] = {
    "04_search.ipynb",
    "07_training_a_network.ipynb",
    "10_hyperparameters.ipynb",
}


def _lectures() -> list[str]:
    return sorted(
        p.relative_to(REPO).as_posix()
        for p in (REPO / "lectures").glob("*.ipynb")
        if "solutions" not in p.relative_to(REPO / "lectures").parts
    )


def _run_check(
    relpath, chromium, lab_server, artifacts_dir, browser_timings, expect_ok=True, **kwargs
):
    name = Path(relpath).stem
    if relpath.startswith("tests/fixtures/"):
        name = f"fixture-{name}"
    report = check_notebook(
        chromium, lab_server, relpath, screenshot=artifacts_dir / f"{name}.png", **kwargs
    )
    browser_timings.append(
        {
            "path": relpath,
            "ok": report.ok,
            "expect_ok": expect_ok,
            "timings": report.timings,
            "moved": report.moved,
            "problems": report.problems,
        }
    )
    print(f"[browser] {report.summary()}")
    for note in report.notes:
        print(f"[browser]   note: {note}")
    return report


def lab_audit(name: str) -> Any:
    """The accessibility audit of a JupyterLab page, for ``check_notebook(audit=...)``;
    None, with a warning, when axe-core is not installed and npm is missing."""
    if reason := a11y.axe_unavailable_reason():
        warnings.warn(reason, stacklevel=2)
        return None

    def run(page: Any) -> tuple[a11y.AuditResult, list[dict[str, Any]]]:
        result = a11y.audit(page, name, surface="jupyterlab", course_selector=a11y.LAB_COURSE)
        return result, a11y.output_images(page)

    return run


@pytest.mark.parametrize("lecture", _lectures())
def test_lecture_runs_and_its_explorers_respond(
    lecture, chromium, lab_server, artifacts_dir, browser_timings
):
    audit = lab_audit(f"lab__{Path(lecture).stem}")
    report = _run_check(
        lecture, chromium, lab_server, artifacts_dir, browser_timings,
        require_explorer=Path(lecture).name not in LECTURES_WITHOUT_EXPLORERS, audit=audit,
    )  # fmt: skip
    assert report.ok, report.failure_message()
    if audit is not None:
        result, images = report.audit
        figures = a11y.figure_alt_problems(images)
        print(f"[browser] a11y {lecture}: course {a11y.counts_by_impact(result.course)}, "
              f"JupyterLab {a11y.counts_by_impact(result.ui)} ({result.seconds:.1f}s); "
              f"{len(images) - len(figures)} of {len(images)} output images with alt text")  # fmt: skip
        # WCAG 1.1.1 beyond axe (which accepts JupyterLab's alt="Image"): every figure
        # and explorer picture says what it shows (metadata["image/png"]["alt"], shown
        # by the course extension).
        failures = [result.failure_message()] if result.blocking else []
        if figures:
            failures.append(
                f"{lecture}: {len(figures)} output image(s) without a text alternative:\n  "
                + "\n  ".join(figures[:30])
            )
        assert not failures, "\n".join(failures)


def test_check_passes_on_good_widget_fixture(chromium, lab_server, artifacts_dir, browser_timings):
    report = _run_check(
        "tests/fixtures/good_widget.ipynb", chromium, lab_server, artifacts_dir, browser_timings
    )
    assert report.ok, report.failure_message()
    assert report.explorers == 2
    assert report.moved is not None and report.moved.startswith("slider")


def test_check_fails_on_broken_widget(chromium, lab_server, artifacts_dir, browser_timings):
    report = _run_check(
        "tests/fixtures/broken_widget.ipynb", chromium, lab_server, artifacts_dir,
        browser_timings, expect_ok=False, change_timeout_s=3.0,
    )  # fmt: skip
    assert not report.ok, "the browser check passed on a widget that cannot render"
    text = "\n".join(report.problems)
    assert "error box instead of the widget" in text, text
    assert "gdkit-no-such-widget-module" in text, text
    assert report.moved is None
