"""Accessibility of the course sidebar (the course extension) in JupyterLab.

axe-core (``tests/a11y/axe.py``, WCAG 2.0/2.1 A and AA) audits JupyterLab with the course
sidebar open: the sidebar is course content and must have no serious or critical
violation; JupyterLab's own UI around it is recorded in
``test-artifacts/a11y/lab__sidebar.json`` and ``summary.json``.  A second test plants a
known violation in a course element (a nameless button in a ``gdkit-`` box) and one in
JupyterLab's top panel (an image without alt), to show that the audit finds
them and sorts them apart.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from a11y import axe as a11y

from gdkit import course as gc

from .jupyterlab import VIEWPORT, LabServer, wait_until

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
LECTURES = len(gc.load_course(REPO / "lectures" / "course.json").lectures)

JS_SIDEBAR_SHOWN = """
(n) => {
  const side = document.getElementById('gdkit-course-sidebar');
  return !!(side && side.offsetParent !== null && side.getBoundingClientRect().width > 100
    && side.querySelectorAll('.gdkit-Course-lecture').length === n);
}
"""


_wait = wait_until


@pytest.fixture
def sidebar_page(chromium: Any, lab_server: LabServer) -> Any:
    if reason := a11y.axe_unavailable_reason():
        pytest.skip(reason)
    context = chromium.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        page.goto(f"{lab_server.base_url}/lab?reset&token={lab_server.token}")
        _wait(
            page,
            "() => !!(window.jupyterapp && window.jupyterapp.commands.hasCommand('gdkit-course:show'))",
            "the course extension to load",
        )
        page.evaluate(
            "async () => { await window.jupyterapp.restored; "
            "await window.jupyterapp.commands.execute('gdkit-course:show'); }"
        )
        _wait(page, JS_SIDEBAR_SHOWN, "the sidebar to list the lectures", arg=LECTURES)
        yield page
    finally:
        context.close()


def test_course_sidebar_has_no_serious_violation(sidebar_page: Any):
    result = a11y.audit(
        sidebar_page, "lab__sidebar", surface="jupyterlab", course_selector=a11y.LAB_COURSE
    )
    print(
        f"[browser] a11y sidebar: course {a11y.counts_by_impact(result.course)}, "
        f"JupyterLab {a11y.counts_by_impact(result.ui)} ({result.seconds:.1f}s)"
    )
    assert not result.blocking, result.failure_message()


JS_PLANT = """
() => {
  // The sidebar re-renders itself from its model, so the planted button goes into a box
  // of its own, which the audit knows as course content by its gdkit- class.
  const box = document.createElement('div');
  box.className = 'gdkit-Course-planted';
  const planted = document.createElement('button');
  planted.className = 'gdkit-test-planted';
  box.appendChild(planted);
  document.body.appendChild(box);
  const browser = document.querySelector('#jp-top-panel');
  const img = document.createElement('img');
  img.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
  img.id = 'planted-in-jupyterlab';
  browser.appendChild(img);
}
"""


def test_the_audit_sorts_the_sidebar_from_jupyterlab(sidebar_page: Any, tmp_path: Path):
    sidebar_page.evaluate(JS_PLANT)
    result = a11y.audit(
        sidebar_page, "planted", surface="jupyterlab", course_selector=a11y.LAB_COURSE,
        artifacts=tmp_path,
    )  # fmt: skip
    planted = [v for v in result.blocking if "gdkit-test-planted" in v.target]
    assert [v.rule for v in planted] == ["button-name"], result.failure_message()
    outside = [v for v in result.violations if "planted-in-jupyterlab" in v.target]
    assert [(v.rule, v.course) for v in outside] == [("image-alt", False)]
    assert (tmp_path / "planted.json").is_file() and (tmp_path / "summary.json").is_file()
