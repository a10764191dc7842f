"""Drive a real JupyterLab in headless chromium (helpers for ``tests/browser``).

Three pieces:

* :class:`LabServer` starts ``python -m jupyter lab`` (the interpreter running the
  tests, so the venv's kernel and labextensions are used) on 127.0.0.1, a free port,
  a random token, with its own workspaces and user-settings directories (so a run
  never reads or writes the user's JupyterLab state), waits until ``/api/status``
  answers, and stops it again.
* :func:`launch_chromium` starts Debian's chromium through Playwright.
* :func:`check_notebook` opens one notebook, runs all cells, waits for the kernel,
  and returns a :class:`NotebookReport` whose ``problems`` list is empty when every
  cell ran without an error, every widget ("explorer") rendered real controls, and
  moving one control changed what the notebook displays.

The app object is reached through ``window.jupyterapp`` (JupyterLab's own
``--LabApp.expose_app_in_browser`` switch, the one its Galata test framework uses):
"Run All Cells" is the command ``notebook:run-all-cells``, the kernel state and the
cell outputs are read from the notebook model, and what the student sees is read
from the DOM.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM_PATHS = ("/usr/bin/chromium",)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1400, "height": 1000}

# Text that JupyterLab's widget renderer shows instead of a widget.
WIDGET_FAILURE_TEXTS = (
    "Loading widget...",
    "Error displaying widget",
    "model not found",
    "Failed to load model class",
    "Failed to load view class",
)

# JupyterLab user settings written for the test server: no news / update toasts
# over the UI, no autosave (the notebook copy must not be rewritten behind our
# back), and every cell attached to the DOM so that all outputs can be inspected.
LAB_SETTINGS: dict[str, dict[str, Any]] = {
    "@jupyterlab/apputils-extension/notification": {
        "fetchNews": "false",
        "checkForUpdates": False,
        "doNotDisturbMode": True,
    },
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
}


def find_chromium() -> str | None:
    """Path of a Chromium-family browser: ``$GDKIT_CHROMIUM`` if set, else Debian's chromium
    (``/usr/bin/chromium`` or ``chromium`` on PATH)."""
    override = os.environ.get("GDKIT_CHROMIUM")
    if override:
        return override if Path(override).exists() else None
    for path in CHROMIUM_PATHS:
        if Path(path).exists():
            return path
    return shutil.which("chromium")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LabServerError(RuntimeError):
    pass


class LabServer:
    """A ``jupyter lab`` process serving ``root_dir``; state lives in ``state_dir``."""

    def __init__(self, root_dir: Path, state_dir: Path, *, startup_timeout: float = 120.0):
        self.root_dir = Path(root_dir)
        self.state_dir = Path(state_dir)
        self.startup_timeout = startup_timeout
        self.token = secrets.token_hex(16)
        self.port = 0
        self.proc: subprocess.Popen[bytes] | None = None
        self.log_path = self.state_dir / "jupyter-lab.log"

    # -- URLs and REST -------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def notebook_url(self, relpath: str) -> str:
        quoted = urllib.parse.quote(relpath)
        return f"{self.base_url}/lab/tree/{quoted}?reset&token={self.token}"

    def api(self, method: str, path: str, timeout: float = 10.0) -> Any:
        req = urllib.request.Request(
            f"{self.base_url}{path}",
            method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            body = resp.read()
        return json.loads(body) if body else None

    def shutdown_all_sessions(self) -> None:
        """Stop every kernel the browser started (notebooks are never saved)."""
        with contextlib.suppress(OSError, urllib.error.URLError, ValueError):
            for sess in self.api("GET", "/api/sessions"):
                with contextlib.suppress(OSError, urllib.error.URLError):
                    self.api("DELETE", f"/api/sessions/{sess['id']}")
            for kernel in self.api("GET", "/api/kernels"):
                with contextlib.suppress(OSError, urllib.error.URLError):
                    self.api("DELETE", f"/api/kernels/{kernel['id']}")

    # -- life cycle ----------------------------------------------------------------
    def _write_settings(self) -> Path:
        settings_dir = self.state_dir / "user-settings"
        for plugin, values in LAB_SETTINGS.items():
            target = settings_dir / f"{plugin}.jupyterlab-settings"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(values, indent=2))
        return settings_dir

    def start(self) -> LabServer:
        self.state_dir.mkdir(parents=True, exist_ok=True)
        settings_dir = self._write_settings()
        workspaces_dir = self.state_dir / "workspaces"
        workspaces_dir.mkdir(exist_ok=True)
        env = dict(os.environ)
        # Keep ~/.jupyter (user config, server info files) out of the test run.
        env["JUPYTER_CONFIG_DIR"] = str(self.state_dir / "config")
        env["JUPYTER_RUNTIME_DIR"] = str(self.state_dir / "runtime")
        env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
        env.pop("JUPYTER_TOKEN", None)
        last_error = ""
        for _attempt in range(3):  # a free port can be taken between bind and use
            self.port = free_port()
            cmd = [
                sys.executable, "-m", "jupyter", "lab",
                "--no-browser", "--allow-root",
                "--ip=127.0.0.1", f"--port={self.port}", "--ServerApp.port_retries=0",
                f"--IdentityProvider.token={self.token}",
                f"--ServerApp.root_dir={self.root_dir}",
                f"--LabApp.workspaces_dir={workspaces_dir}",
                f"--LabApp.user_settings_dir={settings_dir}",
                "--LabApp.news_url=None",
                "--LabApp.expose_app_in_browser=True",
            ]  # fmt: skip
            log = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop()
            self._log = log
            self.proc = subprocess.Popen(
                cmd, cwd=self.root_dir, env=env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
            try:
                self._wait_ready()
                return self
            except LabServerError as exc:
                last_error = str(exc)
                self.stop()
        raise LabServerError(last_error)

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            assert self.proc is not None
            if self.proc.poll() is not None:
                raise LabServerError(
                    f"jupyter lab exited with {self.proc.returncode}; log:\n{self.log_tail()}"
                )
            try:
                status = self.api("GET", "/api/status", timeout=2.0)
                if isinstance(status, dict):
                    return
            except (OSError, urllib.error.URLError, ValueError):
                pass
            time.sleep(0.25)
        raise LabServerError(
            f"jupyter lab did not answer /api/status within {self.startup_timeout:.0f} s; "
            f"log:\n{self.log_tail()}"
        )

    def log_tail(self, n: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return "(no log)"

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is not None and proc.poll() is None:
            self.shutdown_all_sessions()
            # jupyter-server shuts its kernels down on SIGTERM; the process group
            # (start_new_session) is killed if it does not exit in time.
            with contextlib.suppress(ProcessLookupError):
                proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
        log = getattr(self, "_log", None)
        if log is not None:
            log.close()
            self._log = None


def launch_chromium(playwright: Any, executable: str) -> Any:
    return playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)


# ---------------------------------------------------------------------------------
# In-page JavaScript.  ``window.__gd`` holds the panel under test and run state.
# ---------------------------------------------------------------------------------

JS_FIND_PANEL = """
(path) => {
  const app = window.jupyterapp;
  if (!app || !app.shell) return 'no-app';
  let panel = null;
  for (const w of app.shell.widgets('main')) {
    if (w.context && w.context.path === path && w.content && w.sessionContext) { panel = w; }
  }
  const dialog = document.querySelector('.jp-Dialog');
  if (dialog) return 'dialog: ' + (dialog.textContent || '').trim().slice(0, 200);
  if (!panel) return 'no-panel';
  if (!panel.context.isReady) return 'context-not-ready';
  if (!panel.sessionContext.isReady) return 'session-not-ready';
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  if (!kernel) return 'no-kernel';
  if (kernel.status !== 'idle') return 'kernel-' + kernel.status;
  window.__gd = { panel: panel, run: null };
  return 'ready';
}
"""

JS_RUN_ALL = """
() => {
  const app = window.jupyterapp;
  const panel = window.__gd.panel;
  app.shell.activateById(panel.id);
  window.__gd.run = { done: false, result: null, error: null };
  app.commands.execute('notebook:run-all-cells').then(
    (r) => { window.__gd.run = { done: true, result: r, error: null }; },
    (e) => { window.__gd.run = { done: true, result: null, error: String(e) }; });
}
"""

JS_KERNEL_STATE = """
() => {
  const panel = window.__gd.panel;
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  const status = kernel ? kernel.status : 'no-kernel';
  let running = 0;
  for (const cell of panel.content.widgets) {
    if (cell.model.type !== 'code') continue;
    const prompt = cell.node.querySelector('.jp-InputPrompt');
    if ((prompt && prompt.textContent.includes('*')) || cell.model.executionState === 'running') {
      running += 1;
    }
  }
  return { status: status, running: running, run: window.__gd.run };
}
"""

JS_WIDGETS_SETTLED = """
() => {
  // Every widget output of the model has become a view (or an error message).
  const WIDGET_MIME = 'application/vnd.jupyter.widget-view+json';
  const panel = window.__gd.panel;
  for (const node of panel.content.node.querySelectorAll('.jp-OutputArea-output')) {
    if ((node.textContent || '').includes('Loading widget...')) return false;
  }
  for (const cell of panel.content.widgets) {
    if (cell.model.type !== 'code') continue;
    const expected = cell.model.outputs.toJSON().filter((o) => o.data && o.data[WIDGET_MIME]
      && o.data[WIDGET_MIME].model_id).length;
    if (expected && !cell.node.querySelector('.jp-Cell-outputArea .jupyter-widgets')) return false;
  }
  return true;
}
"""

# Elements a student manipulates.  Removed from an output before comparing it, so
# that "the output changed" never means "the slider's own read-out changed".
CONTROL_SELECTOR = [
    ".widget-slider", ".widget-dropdown", ".widget-text", ".widget-textarea",
    ".widget-checkbox", ".widget-toggle-button", ".widget-toggle-buttons",
    ".widget-radio", ".widget-select", ".widget-select-multiple", ".widget-button",
    ".widget-play", ".widget-colorpicker", ".widget-datepicker", ".widget-combobox",
    ".widget-tagsinput", ".widget-upload",
]  # fmt: skip

JS_COLLECT = """
([failureTexts, controlSelector]) => {
  const panel = window.__gd.panel;
  const WIDGET_MIME = 'application/vnd.jupyter.widget-view+json';
  const cells = [];
  panel.content.widgets.forEach((cell, index) => {
    const model = cell.model;
    if (model.type !== 'code') return;
    const source = model.sharedModel.getSource();
    const tags = (model.getMetadata && model.getMetadata('tags')) || [];
    const expectError = tags.includes('raises-exception')
      || /^\\s*#\\s*NBVAL_RAISES_EXCEPTION/.test(source);
    const outputs = model.outputs.toJSON();
    const modelErrors = outputs.filter((o) => o.output_type === 'error')
      .map((o) => `${o.ename}: ${o.evalue}`);
    const widgetOutputs = outputs.filter((o) => o.data && o.data[WIDGET_MIME]
      && o.data[WIDGET_MIME].model_id).length;
    const area = cell.node.querySelector('.jp-Cell-outputArea') || cell.node;
    const tracebacks = [];
    for (const node of area.querySelectorAll(
        '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')) {
      const text = node.textContent || '';
      if (text.includes('Traceback') || /^\\s*\\w*(Error|Exception)\\b/m.test(text)) {
        const lines = text.trim().split('\\n').filter((l) => l.trim());
        tracebacks.push(lines.slice(-3).join(' | ').slice(0, 400));
      }
    }
    const widgetFailures = [];
    for (const node of area.querySelectorAll('.jp-OutputArea-output')) {
      const text = node.textContent || '';
      for (const bad of failureTexts) {
        if (text.includes(bad)) widgetFailures.push(bad);
      }
    }
    const errorWidgets = [];
    for (const node of area.querySelectorAll('.jupyter-widgets-error-widget')) {
      // The error box hides its message until clicked; read it from the model.
      errorWidgets.push('error widget');
    }
    const views = area.querySelectorAll('.jupyter-widgets:not(.jp-OutputArea-output)');
    const controls = [];
    for (const node of area.querySelectorAll(controlSelector)) {
      if (node.closest('.jupyter-widgets-error-widget')) continue;
      const r = node.getBoundingClientRect();
      const kind = controlSelector.split(', ').find((s) => node.matches(s));
      controls.push({ kind: kind, visible: r.width > 0 && r.height > 0 });
    }
    cells.push({
      index: index,
      executionCount: model.executionCount,
      firstLine: source.split('\\n')[0].slice(0, 80),
      expectError: expectError,
      modelErrors: modelErrors,
      tracebacks: tracebacks,
      widgetOutputs: widgetOutputs,
      widgetViews: views.length,
      widgetFailures: Array.from(new Set(widgetFailures)),
      errorWidgets: errorWidgets.length,
      controls: controls,
      empty: source.trim() === '',
    });
  });
  return cells;
}
"""

JS_ERROR_WIDGET_MESSAGES = """
(cellIndex) => {
  // Clicking JupyterLab's red error box swaps in the JavaScript error text.
  const cell = window.__gd.panel.content.widgets[cellIndex];
  const out = [];
  for (const box of cell.node.querySelectorAll('.jupyter-widgets-error-widget')) {
    if (box.parentElement && box.parentElement.onclick) box.parentElement.onclick();
    const text = (box.textContent || '').replace('[Open Browser Console for more detailed log'
      + ' - Double click to close this message]', '').trim();
    out.push(text.split('\\n').slice(0, 2).join(' ').slice(0, 300));
  }
  return out;
}
"""

JS_SIGNATURE = """
(controlSelector) => {
  // What the notebook displays, minus the controls themselves.
  const panel = window.__gd.panel;
  const parts = [];
  for (const area of panel.content.node.querySelectorAll('.jp-Cell-outputArea')) {
    const clone = area.cloneNode(true);
    for (const node of clone.querySelectorAll(controlSelector)) node.remove();
    parts.push(clone.innerHTML);
  }
  return parts.join('\\n<!-- cell -->\\n');
}
"""

JS_MARK_CONTROL = """
([cellIndex, controlSelector, skip]) => {
  // Tag the next control of a cell with data-gd-target and say how to move it.
  for (const old of document.querySelectorAll('[data-gd-target]')) {
    old.removeAttribute('data-gd-target');
  }
  const cell = window.__gd.panel.content.widgets[cellIndex];
  const area = cell.node.querySelector('.jp-Cell-outputArea');
  if (!area) return null;
  const found = [];
  const order = [
    ['slider', '.widget-slider .noUi-handle'],
    ['dropdown', '.widget-dropdown select'],
    ['toggle-buttons', '.widget-toggle-buttons'],
    ['radio', '.widget-radio'],
    ['select', '.widget-select select'],
    ['checkbox', '.widget-checkbox input[type=checkbox]'],
    ['toggle-button', 'button.widget-toggle-button'],
    ['button', 'button.widget-button'],
  ];
  for (const [kind, sel] of order) {
    for (const node of area.querySelectorAll(sel)) {
      if (node.closest('.jupyter-widgets-error-widget')) continue;
      if (node.disabled) continue;
      found.push([kind, node]);
    }
  }
  if (skip >= found.length) return null;
  const [kind, node] = found[skip];
  node.setAttribute('data-gd-target', '1');
  node.scrollIntoView({ block: 'center' });
  let detail = '';
  const box = node.closest('.jupyter-widgets');
  if (box) {
    const label = box.querySelector('.widget-label');
    detail = label ? label.textContent.trim() : '';
  }
  const info = { kind: kind, label: detail, count: found.length };
  if (kind === 'dropdown' || kind === 'select') {
    info.options = Array.from(node.options).map((o) => o.value);
    info.value = node.value;
  }
  if (kind === 'slider') {
    const slider = node.closest('.widget-slider');
    const readout = slider && slider.querySelector('.widget-readout');
    info.readout = readout ? readout.textContent : '';
  }
  return info;
}
"""

JS_SLIDER_READOUT = """
() => {
  const node = document.querySelector('[data-gd-target]');
  const slider = node && node.closest('.widget-slider');
  const readout = slider && slider.querySelector('.widget-readout');
  return readout ? readout.textContent : '';
}
"""


# ---------------------------------------------------------------------------------
# The check
# ---------------------------------------------------------------------------------


@dataclass
class NotebookReport:
    path: str
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    explorers: int = 0
    controls: int = 0
    moved: str | None = None
    moved_cell: int | None = None
    timings: dict[str, float] = field(default_factory=dict)
    screenshot: str | None = None
    console_errors: list[str] = field(default_factory=list)
    audit: Any = None  # what the ``audit`` callback of check_notebook returned

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        t = self.timings
        parts = [f"{k} {v:.1f}s" for k, v in t.items() if k != "total"]
        return (
            f"{self.path}: {'ok' if self.ok else 'FAILED'} in {t.get('total', 0):.1f}s "
            f"({', '.join(parts)}); {self.explorers} explorer(s), {self.controls} control(s)"
            + (f"; moved {self.moved}" if self.moved else "")
        )

    def failure_message(self) -> str:
        lines = [f"{self.path}: the browser check found {len(self.problems)} problem(s):"]
        lines += [f"  - {p}" for p in self.problems]
        if self.console_errors:
            lines.append("  browser console errors (first 5):")
            lines += [f"    {c[:300]}" for c in self.console_errors[:5]]
        if self.screenshot:
            lines.append(f"  screenshot: {self.screenshot}")
        return "\n".join(lines)


def wait_until(
    page: Any, expression: str, what: str, *, arg: Any = None, timeout_s: float = 120.0
) -> Any:
    """Evaluate ``expression`` in ``page`` until it is truthy and return its value.

    Polls from Python (a page may navigate or reload meanwhile, which breaks
    ``wait_for_function``); after ``timeout_s`` raises an AssertionError naming
    ``what`` and the last value seen.
    """
    import time

    deadline = time.monotonic() + timeout_s
    last = None
    while time.monotonic() < deadline:
        last = page.evaluate(expression, arg)
        if last:
            return last
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout_s:.0f} s waiting for {what} (last: {last!r})")


def _wait_js(page: Any, expression: str, arg: Any, timeout_s: float, what: str) -> None:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(expression, arg=arg, timeout=timeout_s * 1000, polling=200)
    except PlaywrightTimeout as exc:
        raise TimeoutError(f"timed out after {timeout_s:.0f} s waiting for {what}") from exc


def _open(page: Any, server: LabServer, relpath: str, timeout_s: float) -> float:
    """Load JupyterLab at ``relpath`` and wait for its kernel to be idle.  Returns the
    moment the notebook panel appeared (the rest is kernel start-up)."""
    page.goto(server.notebook_url(relpath), wait_until="domcontentloaded",
              timeout=timeout_s * 1000)  # fmt: skip
    deadline = time.monotonic() + timeout_s
    state = ""
    dialog_since: float | None = None
    panel_at: float | None = None
    while time.monotonic() < deadline:
        try:
            state = page.evaluate(JS_FIND_PANEL, relpath)
        except Exception as exc:  # page still loading: "Execution context was destroyed"
            state = f"evaluate failed: {exc}"
        if panel_at is None and state in ("session-not-ready", "no-kernel", "ready"):
            panel_at = time.monotonic()
        if state == "ready":
            return panel_at or time.monotonic()
        if state.startswith("dialog:"):  # e.g. "Select Kernel": no kernelspec in metadata
            dialog_since = dialog_since or time.monotonic()
            if time.monotonic() - dialog_since > 10:
                raise RuntimeError(f"{relpath}: JupyterLab shows a dialog: {state[8:]}")
        else:
            dialog_since = None
        time.sleep(0.25)
    raise TimeoutError(
        f"{relpath} did not open with an idle kernel within {timeout_s:.0f} s (last: {state})"
    )


def _wait_kernel_idle(page: Any, timeout_s: float, *, need_run_done: bool) -> dict[str, Any]:
    """Poll until the run is finished, no cell shows ``[*]`` and the kernel is idle
    three polls in a row (callbacks can make it busy again right after a cell)."""
    deadline = time.monotonic() + timeout_s
    idle_streak = 0
    state: dict[str, Any] = {}
    while time.monotonic() < deadline:
        state = page.evaluate(JS_KERNEL_STATE)
        run = state.get("run") or {}
        done = (not need_run_done) or bool(run.get("done"))
        if done and state["status"] == "idle" and state["running"] == 0:
            idle_streak += 1
            if idle_streak >= 3:
                return state
        elif state["status"] in ("dead", "no-kernel"):
            raise RuntimeError(f"the kernel is {state['status']}")
        else:
            idle_streak = 0
        time.sleep(0.2)
    raise TimeoutError(
        f"the kernel was not idle after {timeout_s:.0f} s (status {state.get('status')}, "
        f"{state.get('running')} cell(s) still running)"
    )


def _collect(page: Any, report: NotebookReport, *, phase: str) -> list[dict[str, Any]]:
    cells = page.evaluate(JS_COLLECT, [list(WIDGET_FAILURE_TEXTS), ", ".join(CONTROL_SELECTOR)])
    found: list[str] = []
    seen_unrun_error = False
    for c in cells:
        where = f"cell {c['index']} ({c['firstLine']!r})"
        if not c["expectError"]:
            for err in c["modelErrors"]:
                found.append(f"{where} raised {err}")
                seen_unrun_error = True
            if not c["modelErrors"]:
                for tb in c["tracebacks"]:
                    found.append(f"{where} shows a traceback: {tb}")
        if phase == "run" and c["executionCount"] is None and not c["empty"]:
            if not seen_unrun_error:
                found.append(f"{where} was not executed by Run All Cells")
            seen_unrun_error = True
        for bad in c["widgetFailures"]:
            found.append(f"{where}: a widget shows {bad!r} instead of controls")
        if c["errorWidgets"]:
            messages = page.evaluate(JS_ERROR_WIDGET_MESSAGES, c["index"])
            for msg in messages or ["(no message)"]:
                found.append(f"{where}: JupyterLab shows an error box instead of the widget: {msg}")
        if c["widgetOutputs"] and not c["widgetViews"]:
            found.append(f"{where}: {c['widgetOutputs']} widget output(s) but nothing rendered")
        # Controls in a closed Tab/Accordion page have no size; none visible at all
        # means the explorer rendered nothing a student could use.
        if c["controls"] and not any(k["visible"] for k in c["controls"]):
            kinds = sorted({k["kind"] for k in c["controls"]})
            found.append(f"{where}: no control is visible ({kinds})")
    if phase == "run":
        report.problems.extend(found)
    else:  # only what the interaction added
        report.problems.extend(f"after {phase}: {p}" for p in found if p not in report.problems)
    return cells


def _move_control(page: Any, cell_index: int, skip: int) -> dict[str, Any] | None:
    info = page.evaluate(JS_MARK_CONTROL, [cell_index, ", ".join(CONTROL_SELECTOR), skip])
    if not info:
        return None
    target = page.locator("[data-gd-target]")
    kind = info["kind"]
    if kind == "slider":
        before = info.get("readout", "")
        target.focus()
        for key in ("ArrowRight", "ArrowLeft"):
            for _ in range(3):
                target.press(key)
            if page.evaluate(JS_SLIDER_READOUT) != before:
                break
        info["readout_after"] = page.evaluate(JS_SLIDER_READOUT)
    elif kind in ("dropdown", "select"):
        options = [o for o in info.get("options", []) if o != info.get("value")]
        if not options:
            return {**info, "unmovable": True}
        target.select_option(options[0])
        info["value_after"] = options[0]
    elif kind in ("toggle-buttons", "radio"):
        inputs = target.locator("button:not(.mod-active), input[type=radio]:not(:checked)")
        if inputs.count() == 0:
            return {**info, "unmovable": True}
        inputs.first.click()
    else:
        target.click()
    return info


def _try_explorers(page: Any, cells: list[dict[str, Any]], report: NotebookReport,
                   change_timeout_s: float, kernel_timeout_s: float) -> None:  # fmt: skip
    control_sel = ", ".join(CONTROL_SELECTOR)
    tried: list[str] = []
    for c in cells:
        if not c["controls"]:
            continue
        skip = 0
        while skip < 4:  # a few controls per explorer at most
            before = page.evaluate(JS_SIGNATURE, control_sel)
            info = _move_control(page, c["index"], skip)
            if info is None:
                break
            skip += 1
            label = f"{info['kind']} {info['label']!r} in cell {c['index']}".replace(" ''", "")
            if info.get("unmovable"):
                continue
            deadline = time.monotonic() + change_timeout_s
            changed = False
            while time.monotonic() < deadline:
                if page.evaluate(JS_SIGNATURE, control_sel) != before:
                    changed = True
                    break
                time.sleep(0.2)
            if changed:
                _wait_kernel_idle(page, kernel_timeout_s, need_run_done=False)
                report.moved = label
                report.moved_cell = c["index"]
                return
            tried.append(label)
    if not tried:
        report.problems.append("no explorer has a control that could be moved")
    else:
        report.problems.append(
            "moving a control changed nothing on screen within "
            f"{change_timeout_s:.0f} s (tried: {'; '.join(tried)})"
        )


def check_notebook(
    browser: Any,
    server: LabServer,
    relpath: str,
    *,
    screenshot: Path | None = None,
    require_explorer: bool = True,
    open_timeout_s: float = 120.0,
    run_timeout_s: float = 300.0,
    change_timeout_s: float = 20.0,
    audit: Callable[[Any], Any] | None = None,
) -> NotebookReport:
    """Open ``relpath`` (relative to the server root) in a fresh browser context, run
    all cells and check what JupyterLab shows.  Never saves the notebook; shuts its
    kernel down at the end.  Problems are collected, not raised, except when the
    notebook cannot be opened or run at all (``TimeoutError``/``RuntimeError`` are
    turned into a problem too, so the caller always gets a report).

    ``audit``, when given, is called with the page once the notebook has run and its
    explorers were moved (the accessibility audit, ``tests/a11y/axe.py``); what it returns
    is kept in ``report.audit``."""
    report = NotebookReport(path=relpath)
    t0 = time.monotonic()
    context = browser.new_context(viewport=VIEWPORT)  # nothing shared between notebooks
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.on(
        "console",
        lambda msg: report.console_errors.append(msg.text) if msg.type == "error" else None,
    )
    page.on("pageerror", lambda err: report.console_errors.append(f"pageerror: {err}"))
    focus_cell: int | None = None
    try:
        panel_at = _open(page, server, relpath, open_timeout_s)
        t1 = time.monotonic()
        report.timings["lab"] = panel_at - t0
        report.timings["kernel"] = t1 - panel_at
        page.evaluate(JS_RUN_ALL)
        state = _wait_kernel_idle(page, run_timeout_s, need_run_done=True)
        if state["run"].get("error"):
            report.problems.append(f"Run All Cells failed: {state['run']['error']}")
        try:
            _wait_js(page, JS_WIDGETS_SETTLED, None, 60.0, "widgets to finish loading")
        except TimeoutError:
            pass  # reported below as "Loading widget..." per cell
        t2 = time.monotonic()
        report.timings["run"] = t2 - t1
        cells = _collect(page, report, phase="run")
        explorers = [c for c in cells if c["widgetOutputs"] or c["controls"]]
        report.explorers = len(explorers)
        report.controls = sum(len(c["controls"]) for c in cells)
        bad = [c["index"] for c in cells if c["widgetFailures"] or c["errorWidgets"]
               or c["modelErrors"] or c["tracebacks"]]  # fmt: skip
        focus_cell = bad[0] if bad else (explorers[0]["index"] if explorers else None)
        if not explorers:
            if require_explorer:
                report.problems.append("no explorer (widget output) found in the notebook")
            else:
                report.notes.append("no explorer in this notebook: move check skipped")
        else:
            _try_explorers(page, cells, report, change_timeout_s, run_timeout_s)
            if report.moved:
                _collect(page, report, phase=f"moving the {report.moved}")
                focus_cell = focus_cell if bad else report.moved_cell
        report.timings["checks"] = time.monotonic() - t2
        if audit is not None:
            t3 = time.monotonic()
            report.audit = audit(page)
            report.timings["audit"] = time.monotonic() - t3
    except (TimeoutError, RuntimeError) as exc:
        report.problems.append(str(exc))
    finally:
        try:
            if screenshot is not None:
                screenshot.parent.mkdir(parents=True, exist_ok=True)
                if focus_cell is not None:
                    with contextlib.suppress(Exception):
                        page.evaluate(
                            "(i) => window.__gd.panel.content.widgets[i].node"
                            ".scrollIntoView({block: 'start'})",
                            focus_cell,
                        )
                        time.sleep(0.3)
                page.screenshot(path=str(screenshot))
                report.screenshot = str(screenshot)
        finally:
            context.close()
            server.shutdown_all_sessions()
            report.timings["total"] = time.monotonic() - t0
    return report
