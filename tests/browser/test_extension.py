"""The course extension (extension/) in a real JupyterLab in headless chromium.

A JupyterLab of its own serves a temporary copy of the course laid out as on Binder
(the root holds ``lectures/``, so the sidebar must find ``lectures/course.json``):

* the sidebar lists every lecture of the manifest, with accessible names;
* running an exercise's check turns its status from not tried to failing to passed,
  and opening a hint marks it used;
* "Next" in the notebook toolbar opens the next lecture; the solutions ask first;
* "Reset lecture" keeps the student's version as a timestamped copy and restores
  the original.

And the acceptance check of the issue: ``make lab`` with ``node`` hidden from PATH
shows the sidebar (screenshot ``test-artifacts/extension/sidebar-no-node.png``).

Only temporary copies are edited; nothing in ``lectures/`` is touched (``make lab``
refreshes the git-ignored ``lectures/originals/``).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from gdkit import course as gc

from .jupyterlab import VIEWPORT, LabServer, free_port, wait_until

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts" / "extension"
COURSE = gc.load_course(REPO / "lectures" / "course.json")
LECTURE = "lectures/01_loss_surfaces.ipynb"

CHECK_MIME = "application/vnd.gdkit.check+json"
HINT_SOURCE = (
    "<details><summary>Hint</summary>\n\n"
    "The best single centroid is the mean of the points.\n\n</details>"
)


def _prepare_course(root: Path) -> None:
    """Copy lectures/ into ``root``, give lecture 01 a hint, and put its exercise 01.1 cell last."""
    ignore = shutil.ignore_patterns(".ipynb_checkpoints", "originals", "*-20??????-??????*.ipynb")
    shutil.copytree(REPO / "lectures", root / "lectures", ignore=ignore)
    gc.snapshot_originals(gc.load_course(root / "lectures"))
    path = root / LECTURE
    nb = json.loads(path.read_text(encoding="utf-8"))
    nb["cells"].append(
        {
            "cell_type": "markdown",
            "id": "gdkit-test-hint",
            "metadata": {"tags": ["hint", "exercise:01.2"]},
            "source": HINT_SOURCE,
        }
    )
    # The lecture's own exercise 01.1 cell moves to the end, where the tests edit and run
    # it as a student would (its stored output is the "not answered yet" check).
    # Found by its stored check record, whatever the source calls (gdkit.check_* or
    # lectures.check).
    (exercise,) = [
        c for c in nb["cells"]
        if any((o.get("data") or {}).get(CHECK_MIME, {}).get("exercise") == "01.1"
               for o in c.get("outputs", []))
    ]  # fmt: skip
    nb["cells"].remove(exercise)
    nb["cells"].append(exercise)
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False), encoding="utf-8")


@pytest.fixture(scope="module")
def course_server(browser_available: None, tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("course-root")
    _prepare_course(root)
    server = LabServer(root, tmp_path_factory.mktemp("course-lab-state"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def page(chromium, course_server: LabServer):
    context = chromium.new_context(viewport=VIEWPORT)
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    errors: list[str] = []
    pg.on("pageerror", lambda err: errors.append(str(err)))
    pg.goto(f"{course_server.base_url}/lab?reset&token={course_server.token}")
    _wait(
        pg,
        "() => !!(window.jupyterapp && window.jupyterapp.commands.hasCommand('gdkit-course:show'))",
        "the extension to load",
    )
    yield pg
    context.close()
    course_server.shutdown_all_sessions()
    assert not [e for e in errors if "gdkit" in e.lower()], errors


_wait = wait_until


JS_SIDEBAR_VISIBLE = """
(n) => {
  const side = document.getElementById('gdkit-course-sidebar');
  return !!(side && side.offsetParent !== null && side.getBoundingClientRect().width > 100
    && side.querySelectorAll('.gdkit-Course-lecture').length === n);
}
"""


def _show_sidebar(page: Any) -> None:
    """Wait until JupyterLab restored its layout, then bring the course sidebar forward."""
    page.evaluate("async () => { await window.jupyterapp.restored; "
                  "await window.jupyterapp.commands.execute('gdkit-course:show'); }")  # fmt: skip
    _wait(page, JS_SIDEBAR_VISIBLE, "the sidebar to show the lectures", arg=len(COURSE.lectures))


def _open(page: Any, path: str) -> None:
    page.evaluate("async (p) => { await window.jupyterapp.restored; "
                  "await window.jupyterapp.commands.execute('docmanager:open', {path: p}); }", path)  # fmt: skip
    _wait(page, JS_CURRENT_READY, f"{path} to open", arg=path)


JS_CURRENT_READY = """
(path) => {
  const w = window.jupyterapp.shell.currentWidget;
  return !!(w && w.context && w.context.path === path && w.context.isReady && w.content.widgets.length);
}
"""

JS_EXERCISE = """
([path, id]) => {
  const li = document.querySelector(
    `#gdkit-course-sidebar [data-gdkit-path="${path}"] [data-exercise="${id}"]`);
  if (!li) return null;
  return { status: li.dataset.status, label: li.querySelector('button').getAttribute('aria-label') };
}
"""


def _exercise(page: Any, exercise: str) -> dict:
    return page.evaluate(JS_EXERCISE, [LECTURE, exercise])


def _run_last_cell_with(page: Any, source: str) -> None:
    page.evaluate(
        """(src) => {
          const panel = window.jupyterapp.shell.currentWidget;
          const nb = panel.content;
          nb.activeCellIndex = nb.widgets.length - 1;
          nb.activeCell.model.sharedModel.setSource(src);
          return window.jupyterapp.commands.execute('notebook:run-cell');
        }""",
        source,
    )


def test_sidebar_lists_every_lecture_with_accessible_names(page):
    _show_sidebar(page)
    info = page.evaluate(
        """() => {
          const side = document.getElementById('gdkit-course-sidebar');
          const list = side.querySelector('ol');
          return {
            listRole: list.getAttribute('role'),
            labelledBy: document.getElementById(list.getAttribute('aria-labelledby')).textContent,
            titles: [...side.querySelectorAll('.gdkit-Course-lectureTitle')].map(n => n.textContent),
            paths: [...side.querySelectorAll('.gdkit-Course-lecture')].map(n => n.dataset.gdkitPath),
            exercises: side.querySelectorAll('.gdkit-Course-exercise').length,
            unnamed: [...side.querySelectorAll('button')].filter(b => !b.getAttribute('aria-label')
              && !b.textContent.trim()).length,
          };
        }"""
    )
    assert info["titles"] == [lec.title for lec in COURSE.lectures]
    assert info["paths"] == [f"lectures/{lec.file}" for lec in COURSE.lectures]
    assert info["exercises"] == sum(len(lec.exercises) for lec in COURSE.lectures)
    assert info["listRole"] == "list" and info["labelledBy"] == COURSE.title
    assert info["unnamed"] == 0
    # Keyboard: the arrow keys move between entries, Enter opens the focused lecture.
    page.focus("#gdkit-course-sidebar button.gdkit-Course-open")
    page.keyboard.press("ArrowDown")
    focused = page.evaluate("() => document.activeElement.dataset.gdkitKey")
    assert focused == f"lectures/{COURSE.lectures[1].file}"  # welcome has no exercises
    page.keyboard.press("Enter")
    _wait(page, JS_CURRENT_READY, "Enter to open the lecture", arg=focused)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "sidebar.png"))


def test_running_a_check_turns_the_exercise_to_passed(page):
    _show_sidebar(page)
    _open(page, LECTURE)
    _wait(page, "() => { const k = window.jupyterapp.shell.currentWidget.sessionContext.session;"
                " return !!(k && k.kernel && k.kernel.status === 'idle'); }", "the kernel")  # fmt: skip
    assert _exercise(page, "01.1")["status"] == "not-tried"
    steps = [
        ('import gdkit\ngdkit.check_number(None, 0.25, name="test", exercise="01.1")', "not-tried"),
        ('gdkit.check_number(0.5, 0.25, name="test", exercise="01.1")', "failing"),
        ('gdkit.check_number(0.25, 0.25, name="test", exercise="01.1")', "passed"),
    ]
    for source, status in steps:
        _run_last_cell_with(page, source)
        _wait(page, f"() => ({JS_EXERCISE})(['{LECTURE}', '01.1']).status === '{status}'",
              f"exercise 01.1 to show {status!r}", timeout_s=90)  # fmt: skip
    assert "passed" in _exercise(page, "01.1")["label"]
    assert _exercise(page, "01.2")["status"] == "not-tried"
    page.screenshot(path=str(ARTIFACTS / "exercise-passed.png"))


def test_a_hint_is_collapsed_until_opened_and_then_marked_used(page):
    _show_sidebar(page)
    _open(page, LECTURE)
    details = page.locator(".jp-MarkdownCell details").last
    details.scroll_into_view_if_needed()
    assert details.evaluate("d => d.open") is False
    assert not details.locator("p").first.is_visible()  # the hint text is hidden
    assert "hint used" not in _exercise(page, "01.2")["label"]
    details.locator("summary").click()
    _wait(page, f"() => ({JS_EXERCISE})(['{LECTURE}', '01.2']).label.includes('hint used')",
          "exercise 01.2 to show 'hint used'")  # fmt: skip
    meta = page.evaluate(
        "() => { const nb = window.jupyterapp.shell.currentWidget.content;"
        " return nb.widgets[nb.widgets.length - 2].model.getMetadata('gdkit'); }"
    )
    assert meta == {"hint_opened": True}


def test_next_opens_the_next_lecture_and_solutions_ask_first(page):
    _show_sidebar(page)
    _open(page, LECTURE)
    # Actions, not toggles: no aria-pressed (axe: not allowed on <jp-button>), even after a click.
    toolbar = ".jp-NotebookPanel:not(.lm-mod-hidden) .gdkit-Course-toolbar"
    page.locator(toolbar).first.wait_for()
    assert page.locator(toolbar).count() == 3
    assert page.locator(f"{toolbar}[aria-pressed], {toolbar} [aria-pressed]").count() == 0
    page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .gdkit-Course-next button").first.click()
    _wait(page, JS_CURRENT_READY, "Next to open lecture 02", arg="lectures/02_derivatives.ipynb")
    page.locator(
        ".jp-NotebookPanel:not(.lm-mod-hidden) .gdkit-Course-previous button"
    ).first.click()
    _wait(page, JS_CURRENT_READY, "Previous to go back", arg=LECTURE)
    assert page.locator(f"{toolbar}[aria-pressed], {toolbar} [aria-pressed]").count() == 0
    # Solutions: a confirmation first; "Not yet" opens nothing.
    sol = f'#gdkit-course-sidebar [data-gdkit-path="{LECTURE}"] .gdkit-Course-solutions'
    page.click(sol)
    page.wait_for_selector(".jp-Dialog >> text=Open the solutions?")
    page.click(".jp-Dialog button:has-text('Not yet')")
    time.sleep(1.0)
    assert page.evaluate(JS_CURRENT_READY, LECTURE)
    # Opened another way (file browser, a link): hidden, asked, closed on "Not yet".
    solutions = "lectures/solutions/01_loss_surfaces_solutions.ipynb"
    page.evaluate(
        "(p) => { window.jupyterapp.commands.execute('docmanager:open', {path: p}); }", solutions
    )
    page.wait_for_selector(".jp-Dialog >> text=Open the solutions?")
    assert page.evaluate(
        "(p) => [...window.jupyterapp.shell.widgets('main')].some(w => w.context && w.context.path === p"
        " && w.hasClass('gdkit-mod-concealed'))", solutions)  # fmt: skip
    page.click(".jp-Dialog button:has-text('Not yet')")
    _wait(page, "(p) => ![...window.jupyterapp.shell.widgets('main')].some(w => w.context && w.context.path === p)",
          "the solutions to close again", arg=solutions)  # fmt: skip
    page.click(sol)
    page.click(".jp-Dialog button:has-text('Open the solutions')")
    _wait(page, JS_CURRENT_READY, "the solutions to open",
          arg="lectures/solutions/01_loss_surfaces_solutions.ipynb")  # fmt: skip


def _sources(nb: dict) -> list[str]:
    return [
        c["source"] if isinstance(c["source"], str) else "".join(c["source"]) for c in nb["cells"]
    ]


def test_reset_keeps_the_students_copy_and_restores_the_original(page, course_server):
    root = course_server.root_dir
    target = "lectures/03_gradient_descent.ipynb"
    original = json.loads(
        (root / "lectures/originals/03_gradient_descent.ipynb.original").read_text()
    )
    before = set((root / "lectures").glob("03_gradient_descent-*.ipynb"))
    _open(page, target)
    page.evaluate(
        """async () => {
          const panel = window.jupyterapp.shell.currentWidget;
          panel.content.model.sharedModel.insertCell(0, {cell_type: 'markdown', source: 'MY OWN WORK'});
          await panel.context.save();
          // and one unsaved change: it must be in the copy too
          panel.content.model.sharedModel.insertCell(0, {cell_type: 'markdown', source: 'UNSAVED WORK'});
        }"""
    )
    assert "MY OWN WORK" in (root / target).read_text()
    page.evaluate(
        "(p) => { window.jupyterapp.commands.execute('gdkit-course:reset-lecture', {path: p}); }",
        target,
    )
    page.click(".jp-Dialog button:has-text('Keep a copy and reset')")
    page.wait_for_selector(".jp-Dialog >> text=Lecture reset")
    message = page.inner_text(".jp-Dialog-body")
    page.click(".jp-Dialog button:has-text('Ok')")
    copies = set((root / "lectures").glob("03_gradient_descent-*.ipynb")) - before
    assert len(copies) == 1, copies
    (copy,) = copies
    assert re.fullmatch(r"03_gradient_descent-\d{8}-\d{6}\.ipynb", copy.name)
    assert copy.name in message
    kept = copy.read_text()
    assert "MY OWN WORK" in kept and "UNSAVED WORK" in kept
    restored = json.loads((root / target).read_text())
    assert _sources(restored) == _sources(original)
    assert [c.get("outputs") for c in restored["cells"]] == [
        c.get("outputs") for c in original["cells"]
    ]
    # The open notebook shows the original again.
    cells = page.evaluate("() => window.jupyterapp.shell.currentWidget.content.model.cells.length")
    assert cells == len(original["cells"])
    # A second reset never overwrites the first copy.
    page.evaluate(
        "(p) => { window.jupyterapp.commands.execute('gdkit-course:reset-lecture', {path: p}); }",
        target,
    )
    page.click(".jp-Dialog button:has-text('Keep a copy and reset')")
    page.wait_for_selector(".jp-Dialog >> text=Lecture reset")
    page.click(".jp-Dialog button:has-text('Ok')")
    assert copy.read_text() == kept
    assert len(set((root / "lectures").glob("03_gradient_descent-*.ipynb")) - before) == 2


def test_notebook_7_shows_the_toolbar_and_next_opens_the_next_lecture(chromium, course_server):
    context = chromium.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        page.goto(f"{course_server.base_url}/notebooks/{LECTURE}?token={course_server.token}")
        next_button = page.locator(".gdkit-Course-next button").first
        next_button.wait_for(state="visible", timeout=60_000)
        assert page.locator(".gdkit-Course-reset button").first.is_visible()
        with context.expect_page(timeout=60_000) as opened:  # Notebook 7 opens a new tab
            next_button.click()
        other = opened.value
        other.wait_for_url(
            re.compile(r".*/notebooks/lectures/02_derivatives\.ipynb.*"), timeout=60_000
        )
        other.locator(".gdkit-Course-previous button").first.wait_for(
            state="visible", timeout=60_000
        )
        other.locator(".jp-MarkdownCell").first.wait_for(state="visible", timeout=60_000)
        # The course sidebar is in Notebook 7's left panel (View > Left Sidebar).
        assert other.locator("#gdkit-course-sidebar").count() == 1
        other.screenshot(path=str(ARTIFACTS / "notebook7.png"))
    finally:
        context.close()
        course_server.shutdown_all_sessions()


# -- make lab without Node.js ----------------------------------------------------------

TOOLS = ("sh", "bash", "make", "id", "sed", "grep", "git", "env", "touch", "cat", "rm", "mkdir",
         "dirname", "uname", "python3")  # fmt: skip


def _path_without_node(folder: Path) -> str:
    folder.mkdir()
    for tool in TOOLS:
        found = shutil.which(tool)
        if found:
            (folder / tool).symlink_to(found)
    path = str(folder)
    assert shutil.which("node", path=path) is None and shutil.which("npm", path=path) is None
    return path


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as err:
        return err.code


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_lab_without_node_shows_the_sidebar(chromium, tmp_path):
    port, token = free_port(), "gdkit-extension-test"
    env = {
        "PATH": _path_without_node(tmp_path / "bin"),
        "HOME": str(tmp_path / "home"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
        "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
        "LANG": "C.UTF-8",
    }
    settings = tmp_path / "settings"
    for plugin, values in {
        "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
        "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    }.items():  # fmt: skip
        target = settings / f"{plugin}.jupyterlab-settings"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values))
    args = (f"--LabApp.workspaces_dir={tmp_path} --LabApp.user_settings_dir={settings} "
            "--LabApp.expose_app_in_browser=True --LabApp.news_url=None")  # fmt: skip
    log = open(tmp_path / "make-lab.log", "wb")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        ["make", "--no-print-directory", "lab", f"PORT={port}", f"JUPYTER_TOKEN={token}", f"LAB_ARGS={args}"],
        cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 600  # make may first bring .venv up to date
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                if _get(f"{base}/api/status?token={token}") == 200:
                    break
            except OSError:
                pass
            time.sleep(0.5)
        log.flush()
        assert proc.poll() is None, (tmp_path / "make-lab.log").read_text(errors="replace")[-3000:]
        context = chromium.new_context(viewport=VIEWPORT)
        page = context.new_page()
        page.goto(f"{base}/lab?reset&token={token}")
        _wait(page, "() => !!(window.jupyterapp && window.jupyterapp.commands.hasCommand('gdkit-course:show'))",
              "the extension to load", timeout_s=120)  # fmt: skip
        _show_sidebar(page)
        titles = page.evaluate(
            "() => [...document.querySelectorAll('.gdkit-Course-lectureTitle')].map(n => n.textContent)"
        )
        assert titles == [lec.title for lec in COURSE.lectures]
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "sidebar-no-node.png"))
        context.close()
        assert (REPO / "lectures" / "originals" / "01_loss_surfaces.ipynb.original").is_file()
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()
