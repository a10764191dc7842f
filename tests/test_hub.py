"""A real JupyterHub on 127.0.0.1: N students follow the nbgitpuller link and run a lecture.

The hub (JupyterHub from PyPI, configurable-http-proxy from npm or Debian) uses
the dummy authenticator and the simple local-process spawner; every student's
home is a temporary folder. The course is published as a teacher would: the
student release (``gdkit.release``) pushed to a git repository that a local
HTTP server serves (git's "dumb" HTTP protocol, hence ``NBGITPULLER_DEPTH=0``:
that protocol cannot make shallow clones).

Each of ``GDKIT_HUB_STUDENTS`` (default 10) students, all at once, logs in
through the hub's login form, follows the link from
:func:`gdkit.links.nbgitpuller_link` (hub → spawn → nbgitpuller's page →
nbgitpuller's sync API → the ``urlpath`` it redirects to), and runs
``HUB_LECTURE`` (default the welcome lecture) cell by cell through the
server's kernel API (REST + websocket). Each student's memory (peak RSS of
their Jupyter server and of their kernel) and times are printed and written
to ``test-artifacts/hub/students.json``. Then one student edits a lecture, the
instructor updates it, the student follows the link again and keeps the edit.
Finally the hub is stopped and no process it started may be left.

Skipped, with a message, when jupyterhub, nbgitpuller, git or
configurable-http-proxy is missing.
"""

from __future__ import annotations

import contextlib
import functools
import html
import http.server
import importlib.util
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat
import psutil
import pytest
import requests
from student_repo import (
    EDITED_LECTURE,
    INSTRUCTOR_CONFLICTING,
    INSTRUCTOR_ELSEWHERE,
    ROOT,
    STUDENT_NOTE,
    append_to_cell,
    cell_sources,
    git,
    instructor_copy,
)

from gdkit.links import nbgitpuller_link, repository_folder
from gdkit.release import build_release

pytestmark = [pytest.mark.hub, pytest.mark.slow]

N_STUDENTS = int(os.environ.get("GDKIT_HUB_STUDENTS", "10"))
LECTURE = os.environ.get("GDKIT_HUB_LECTURE", "lectures/00_welcome.ipynb")
BRANCH = "student"
PASSWORD = "course-test-" + uuid.uuid4().hex[:8]
ARTIFACTS = ROOT / "test-artifacts" / "hub"
SPAWN_TIMEOUT_S = 240
CELL_TIMEOUT_S = 180
HTTP_TIMEOUT_S = 60
SINGLEUSER = Path(sys.executable).with_name("jupyterhub-singleuser")


def hub_unavailable_reason() -> str | None:
    missing = [name for name in ("jupyterhub", "nbgitpuller") if importlib.util.find_spec(name) is None]
    if missing:
        return (f"hub test skipped: Python package(s) {', '.join(missing)} not installed; "
                "enable with `make setup` (they are in the [test] extra and binder/requirements.txt)")
    if not SINGLEUSER.exists():
        return f"hub test skipped: {SINGLEUSER} not found; enable with `make setup`"
    if shutil.which("configurable-http-proxy") is None:
        return ("hub test skipped: configurable-http-proxy not on PATH; enable with "
                "`apt-get install node-configurable-http-proxy` or `npm install -g configurable-http-proxy`")
    if _proxy_environment() is None:
        return ("hub test skipped: `configurable-http-proxy --version` fails (its node modules are not "
                "found even with NODE_PATH=/usr/share/nodejs); reinstall it with "
                "`npm install -g configurable-http-proxy`")
    if shutil.which("git") is None:
        return "hub test skipped: git not installed; enable with `apt-get install git`"
    return None


@functools.cache
def _proxy_environment() -> dict[str, str] | None:
    """The environment in which configurable-http-proxy starts, or None if it cannot.

    Debian's node-configurable-http-proxy keeps its modules in /usr/share/nodejs,
    which a node binary from elsewhere (e.g. NodeSource's) does not search: add
    that folder to NODE_PATH when the proxy needs it.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "JPY_"))}
    candidates = [env]
    if Path("/usr/share/nodejs").is_dir():
        node_path = os.pathsep.join(filter(None, [env.get("NODE_PATH"), "/usr/share/nodejs"]))
        candidates.append({**env, "NODE_PATH": node_path})
    for candidate in candidates:
        with contextlib.suppress(OSError, subprocess.TimeoutExpired):
            if subprocess.run(["configurable-http-proxy", "--version"], env=candidate,
                              capture_output=True, timeout=30, check=False).returncode == 0:
                return candidate
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _peak_rss_mib(process: psutil.Process) -> float:
    """The RSS high-water mark (VmHWM) of a process in MiB, or its current RSS without /proc."""
    try:
        for line in Path(f"/proc/{process.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return process.memory_info().rss / 2**20


class _QuietGitHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@dataclass
class Hub:
    url: str
    process: subprocess.Popen
    folder: Path
    repo_url: str
    instructor: Path
    release: Path
    served: Path
    log: Path
    seen: dict[int, psutil.Process] = field(default_factory=dict)
    stopped: bool = False

    def remember_processes(self) -> None:
        """Note every process below the hub (proxy, servers, kernels), to check at the end."""
        with contextlib.suppress(psutil.Error):
            for child in psutil.Process(self.process.pid).children(recursive=True):
                self.seen.setdefault(child.pid, child)

    def home(self, user: str) -> Path:
        return self.folder / "home" / user

    def publish(self) -> None:
        """The instructor's routine: build the student release and push it where students pull."""
        build_release(self.release, self.instructor, BRANCH)
        git(self.release, "push", "-q", str(self.served), f"{BRANCH}:{BRANCH}")
        git(self.served, "update-server-info")

    def tail(self, lines: int = 60) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


def _write_config(folder: Path, port: int) -> Path:
    config = folder / "jupyterhub_config.py"
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "NBGITPULLER_DEPTH": "0",  # git's dumb HTTP cannot serve shallow clones
        # Ten kernels share two cores here: one BLAS/OpenMP thread each.
        "OMP_NUM_THREADS": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "MPLBACKEND": "Agg",
    }
    args = ["--allow-root"] if os.geteuid() == 0 else []
    config.write_text(f"""\
c = get_config()  # noqa
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {_free_port()}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{_free_port()}"
c.ConfigurableHTTPProxy.command = [{shutil.which("configurable-http-proxy")!r}]
c.ConfigurableHTTPProxy.pid_file = {str(folder / "proxy.pid")!r}
c.JupyterHub.db_url = "sqlite:///" + {str(folder / "jupyterhub.sqlite")!r}
c.JupyterHub.cookie_secret_file = {str(folder / "cookie_secret")!r}
c.JupyterHub.pid_file = {str(folder / "hub.pid")!r}
c.JupyterHub.cleanup_servers = True
c.JupyterHub.cleanup_proxy = True
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = {PASSWORD!r}
c.Authenticator.allow_all = True
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {str(folder / "home" / "{username}")!r}
c.Spawner.cmd = [{str(SINGLEUSER)!r}]
c.Spawner.args = {args!r}
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = {SPAWN_TIMEOUT_S}
c.Spawner.http_timeout = {SPAWN_TIMEOUT_S}
c.Spawner.environment = {environment!r}
""")
    return config


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory):
    reason = hub_unavailable_reason()
    if reason:
        pytest.skip(reason)
    folder = tmp_path_factory.mktemp("hub")
    instructor = instructor_copy(folder / "instructor")
    release = folder / "release"
    build_release(release, instructor, BRANCH)
    # Served as http://127.0.0.1:PORT/gdkit, so nbgitpuller clones into the folder "gdkit".
    served = folder / "git" / "gdkit"
    subprocess.run(["git", "clone", "-q", "--bare", str(release), str(served)], check=True, timeout=60)
    git(served, "update-server-info")
    git_server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_QuietGitHandler, directory=str(folder / "git"))
    )
    threading.Thread(target=git_server.serve_forever, daemon=True).start()
    repo_url = f"http://127.0.0.1:{git_server.server_address[1]}/gdkit"

    port = _free_port()
    config = _write_config(folder, port)
    log = folder / "jupyterhub.log"
    env = _proxy_environment()
    with open(log, "wb") as log_file:
        process = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", str(config)],
            cwd=folder, stdout=log_file, stderr=subprocess.STDOUT, env=env, start_new_session=True,
        )
    the_hub = Hub(f"http://127.0.0.1:{port}", process, folder, repo_url, instructor, release, served, log)
    try:
        deadline = time.monotonic() + 90
        while True:
            with contextlib.suppress(requests.RequestException):
                if requests.get(f"{the_hub.url}/hub/health", timeout=5).status_code == 200:
                    break
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"JupyterHub did not start (exit {process.poll()}):\n{the_hub.tail()}")
            time.sleep(0.5)
        the_hub.remember_processes()
        yield the_hub
    finally:
        _stop_hub(the_hub)
        git_server.shutdown()
        git_server.server_close()


def _alive(process: psutil.Process) -> bool:
    """Still running (the same process, not a reused pid) and not a zombie."""
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def _stop_hub(hub: Hub) -> list[str]:
    """Stop the hub (SIGTERM: it stops the servers and the proxy); kill what is left. Returns leftovers."""
    if hub.stopped:
        return []
    hub.stopped = True
    hub.remember_processes()
    if hub.process.poll() is None:
        hub.process.send_signal(signal.SIGTERM)
        try:
            hub.process.wait(timeout=90)
        except subprocess.TimeoutExpired:
            hub.process.kill()
            hub.process.wait(timeout=30)
    deadline = time.monotonic() + 15
    alive = [p for p in hub.seen.values() if _alive(p)]
    while alive and time.monotonic() < deadline:
        time.sleep(0.5)
        alive = [p for p in alive if _alive(p)]
    leftovers = []
    for p in alive:
        with contextlib.suppress(psutil.Error):
            leftovers.append(f"{p.pid} {' '.join(p.cmdline())[:120]}")
            p.kill()
    return leftovers


# ---------------------------------------------------------------- one student, as a browser would


@dataclass
class StudentReport:
    user: str
    login_and_spawn_s: float = 0.0
    pull_s: float = 0.0
    execute_s: float = 0.0
    total_s: float = 0.0
    cells: int = 0
    server_peak_mib: float = 0.0
    kernel_peak_mib: float = 0.0
    total_peak_mib: float = 0.0
    opened: str = ""


class Student:
    def __init__(self, hub: Hub, user: str) -> None:
        self.hub, self.user = hub, user
        self.http = requests.Session()
        self.base = f"/user/{user}/"
        self.xsrf = ""

    def url(self, path: str) -> str:
        return f"{self.hub.url}{self.base}{path}"

    def log_in(self, link: str) -> None:
        """Follow ``link`` while logged out: the hub sends us to its login form; fill it in."""
        page = self.http.get(link, timeout=HTTP_TIMEOUT_S)
        assert urlsplit(page.url).path == "/hub/login", f"{self.user}: expected the login page, got {page.url}"
        xsrf = re.search(r'name="_xsrf"\s+value="([^"]+)"', page.text)
        data = {"username": self.user, "password": PASSWORD}
        if xsrf:
            data["_xsrf"] = html.unescape(xsrf.group(1))
        response = self.http.post(page.url, data=data, timeout=HTTP_TIMEOUT_S, allow_redirects=False)
        assert response.status_code in (302, 303), f"{self.user}: login failed ({response.status_code})"

    def follow_link(self, link: str) -> dict[str, str]:
        """GET ``link`` until the server is up and nbgitpuller's page is shown; its data-* fields."""
        deadline = time.monotonic() + SPAWN_TIMEOUT_S
        while True:
            page = self.http.get(link, timeout=HTTP_TIMEOUT_S)
            if page.status_code == 200 and urlsplit(page.url).path == f"{self.base}git-pull":
                break
            assert time.monotonic() < deadline, (
                f"{self.user}: no nbgitpuller page after {SPAWN_TIMEOUT_S} s (last: {page.status_code} "
                f"{page.url})\n{self.hub.tail()}"
            )
            time.sleep(1)
        fields = {k: unquote(v) for k, v in re.findall(r'data-([\w-]+)="([^"]*)"', page.text)}
        self.xsrf = fields["xsrf"]
        return fields

    def pull(self, fields: dict[str, str]) -> list[dict]:
        """What nbgitpuller's page does in the browser: read its sync API's event stream."""
        params = {"_xsrf": fields["xsrf"], "repo": fields["repo"], "targetpath": fields["targetpath"]}
        if "branch" in fields:
            params["branch"] = fields["branch"]
        events = []
        with self.http.get(f"{self.hub.url}{fields['base-url']}git-pull/api", params=params,
                           stream=True, timeout=HTTP_TIMEOUT_S) as stream:
            assert stream.status_code == 200, f"{self.user}: sync API said {stream.status_code}"
            for line in stream.iter_lines(decode_unicode=True):
                if line and line.startswith("data:"):
                    events.append(json.loads(line[5:]))
                    if events[-1].get("phase") in ("finished", "error"):
                        break
        assert events and events[-1].get("phase") == "finished", f"{self.user}: pull failed: {events[-3:]}"
        return events

    def api(self, method: str, path: str, **kwargs) -> requests.Response:
        headers = {"X-XSRFToken": self.xsrf}
        response = self.http.request(method, self.url(path), headers=headers, timeout=HTTP_TIMEOUT_S, **kwargs)
        assert response.ok, f"{self.user}: {method} {path} -> {response.status_code} {response.text[:300]}"
        return response

    def server_process(self) -> psutil.Process:
        for p in psutil.Process(self.hub.process.pid).children(recursive=True):
            with contextlib.suppress(psutil.Error):
                if "jupyterhub-singleuser" in " ".join(p.cmdline()) and \
                        p.environ().get("JUPYTERHUB_USER") == self.user:
                    return p
        raise AssertionError(f"{self.user}: no jupyterhub-singleuser process found")

    def run_notebook(self, path: str) -> tuple[int, psutil.Process]:
        """Start a kernel for ``path`` and execute its code cells over the websocket; cells run."""
        import websocket  # websocket-client, a jupyter_server dependency

        model = self.api("GET", f"api/contents/{path}").json()
        notebook = nbformat.from_dict(model["content"])
        session = self.api("POST", "api/sessions", json={
            "path": path, "name": Path(path).name, "type": "notebook", "kernel": {"name": "python3"},
        }).json()
        kernel_id = session["kernel"]["id"]
        cookies = "; ".join(f"{c.name}={c.value}" for c in self.http.cookies
                            if self.base.startswith(c.path.rstrip("/") + "/") or c.path == "/")
        ws_url = (self.url(f"api/kernels/{kernel_id}/channels").replace("http://", "ws://", 1)
                  + f"?session_id={uuid.uuid4().hex}")
        ws = websocket.create_connection(ws_url, header=[f"X-XSRFToken: {self.xsrf}"], cookie=cookies,
                                         origin=self.hub.url, timeout=CELL_TIMEOUT_S)
        executed = 0
        try:
            for cell in notebook.cells:
                if cell.cell_type != "code" or not cell.source.strip():
                    continue
                msg_id = uuid.uuid4().hex
                ws.send(json.dumps({
                    "header": {"msg_id": msg_id, "username": self.user, "session": uuid.uuid4().hex,
                               "msg_type": "execute_request", "version": "5.3", "date": ""},
                    "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
                    "content": {"code": cell.source, "silent": False, "store_history": True,
                                "user_expressions": {}, "allow_stdin": False, "stop_on_error": True},
                }))
                replied = idle = False
                deadline = time.monotonic() + CELL_TIMEOUT_S
                while not (replied and idle):
                    assert time.monotonic() < deadline, f"{self.user}: a cell of {path} ran past {CELL_TIMEOUT_S} s"
                    message = json.loads(ws.recv())
                    if message.get("parent_header", {}).get("msg_id") != msg_id:
                        continue
                    kind = message["header"]["msg_type"]
                    if kind == "error":
                        raise AssertionError(f"{self.user}: cell {executed} of {path} raised "
                                             f"{message['content']['ename']}: {message['content']['evalue']}")
                    if kind == "execute_reply":
                        assert message["content"]["status"] == "ok", f"{self.user}: {message['content']}"
                        replied = True
                    if kind == "status" and message["content"]["execution_state"] == "idle":
                        idle = True
                executed += 1
        finally:
            ws.close()
        server = self.server_process()
        kernels = [p for p in server.children(recursive=True) if "ipykernel" in " ".join(p.cmdline())]
        assert len(kernels) == 1, f"{self.user}: expected one kernel, found {len(kernels)}"
        return executed, kernels[0]

    def shut_down_kernels(self) -> None:
        for session in self.api("GET", "api/sessions").json():
            self.api("DELETE", f"api/sessions/{session['id']}")


def _student_runs_the_lecture(hub: Hub, user: str, barrier: threading.Barrier) -> StudentReport:
    report = StudentReport(user)
    student = Student(hub, user)
    link = nbgitpuller_link(hub.url, hub.repo_url, BRANCH, LECTURE)
    barrier.wait(timeout=60)  # everyone logs in at the same moment
    start = time.perf_counter()
    student.log_in(link)
    fields = student.follow_link(link)
    report.login_and_spawn_s = time.perf_counter() - start
    hub.remember_processes()

    t = time.perf_counter()
    student.pull(fields)
    report.pull_s = time.perf_counter() - t
    folder = repository_folder(hub.repo_url)
    assert (hub.home(user) / folder / LECTURE).is_file(), f"{user}: nbgitpuller did not clone into ~/{folder}"
    assert not (hub.home(user) / folder / "lectures" / "solutions").exists()
    # nbgitpuller's page sends the browser to base_url + path when the pull has finished.
    opened = student.http.get(f"{hub.url}{fields['base-url']}{fields['path']}", timeout=HTTP_TIMEOUT_S)
    assert opened.status_code == 200 and "JupyterLab" in opened.text, f"{user}: {opened.url} did not open"
    report.opened = urlsplit(opened.url).path
    # The notebook that urlpath names (lab/tree/<clone folder>/<lecture>) is the pulled lecture.
    target = student.api("GET", "api/contents/" + fields["path"].removeprefix("lab/tree/")).json()
    assert target["type"] == "notebook" and target["path"] == f"{folder}/{LECTURE}", target["path"]

    t = time.perf_counter()
    report.cells, kernel = student.run_notebook(f"{folder}/{LECTURE}")
    report.execute_s = time.perf_counter() - t
    report.total_s = time.perf_counter() - start
    hub.remember_processes()
    report.kernel_peak_mib = _peak_rss_mib(kernel)
    report.server_peak_mib = _peak_rss_mib(student.server_process())
    report.total_peak_mib = report.kernel_peak_mib + report.server_peak_mib
    student.shut_down_kernels()
    return report


def test_students_follow_the_nbgitpuller_link_and_run_a_lecture_at_the_same_time(hub: Hub):
    assert N_STUDENTS >= 1
    users = [f"student{i:02d}" for i in range(N_STUDENTS)]
    barrier = threading.Barrier(N_STUDENTS)
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=N_STUDENTS) as pool:
        futures = [pool.submit(_student_runs_the_lecture, hub, user, barrier) for user in users]
        reports, failures = [], []
        for user, future in zip(users, futures, strict=True):
            try:
                reports.append(future.result(timeout=SPAWN_TIMEOUT_S + 600))
            except Exception as error:  # every failure is reported below, not only the first
                failures.append(f"{user}: {type(error).__name__}: {error}")
    wall = time.perf_counter() - start

    lines = [f"{N_STUDENTS} students, {LECTURE}, all at once; wall time {wall:.1f} s",
             f"{'user':<10} {'login+spawn s':>13} {'pull s':>7} {'run s':>6} {'total s':>8} "
             f"{'server MiB':>10} {'kernel MiB':>10} {'sum MiB':>8}"]
    for r in reports:
        lines.append(f"{r.user:<10} {r.login_and_spawn_s:13.1f} {r.pull_s:7.1f} {r.execute_s:6.1f} "
                     f"{r.total_s:8.1f} {r.server_peak_mib:10.0f} {r.kernel_peak_mib:10.0f} "
                     f"{r.total_peak_mib:8.0f}")
    if reports:
        lines.append(f"max per student: {max(r.total_peak_mib for r in reports):.0f} MiB "
                     f"(server + kernel peaks), slowest {max(r.total_s for r in reports):.1f} s")
    print("\n".join(lines))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "students.json").write_text(json.dumps(
        {"students": N_STUDENTS, "lecture": LECTURE, "wall_s": wall,
         "reports": [asdict(r) for r in reports], "failures": failures}, indent=2) + "\n")
    (ARTIFACTS / "students.txt").write_text("\n".join(lines) + "\n")

    assert not failures, "\n".join(failures) + "\n--- hub log ---\n" + hub.tail()
    assert len(reports) == N_STUDENTS
    welcome = f"/user/{{}}/lab/tree/{repository_folder(hub.repo_url)}/{LECTURE}"
    for r in reports:
        assert r.opened == welcome.format(r.user), f"{r.user} landed on {r.opened}"
        assert r.cells > 0 and r.kernel_peak_mib > 0


def test_student_edits_survive_when_the_instructor_updates_the_lecture(hub: Hub):
    user = "student-edits"
    student = Student(hub, user)
    link = nbgitpuller_link(hub.url, hub.repo_url, BRANCH, EDITED_LECTURE)
    student.log_in(link)
    student.pull(student.follow_link(link))
    path = f"{repository_folder(hub.repo_url)}/{EDITED_LECTURE}"
    hub.remember_processes()

    # The student edits the first cell and saves (JupyterLab saves through the contents API).
    model = student.api("GET", f"api/contents/{path}").json()
    original = cell_sources(model["content"])
    notebook = nbformat.from_dict(model["content"])
    notebook.cells[0].source = notebook.cells[0].source.rstrip("\n") + "\n\n" + STUDENT_NOTE
    student.api("PUT", f"api/contents/{path}", json={"type": "notebook", "format": "json", "content": notebook})

    # The instructor changes the same cell and the last one, and publishes a new release.
    append_to_cell(hub.instructor / EDITED_LECTURE, 0, INSTRUCTOR_CONFLICTING)
    append_to_cell(hub.instructor / EDITED_LECTURE, -1, INSTRUCTOR_ELSEWHERE)
    hub.publish()

    # The student follows the same link again (already logged in, server running).
    events = student.pull(student.follow_link(link))
    cells = cell_sources(student.api("GET", f"api/contents/{path}").json()["content"])
    log = "\n".join(str(e.get("output", "")) for e in events)
    assert STUDENT_NOTE in cells[0], f"the student's edit was lost:\n{log}"
    assert INSTRUCTOR_CONFLICTING not in cells[0], "in a conflict nbgitpuller keeps the student's lines"
    assert cells[-1].endswith(INSTRUCTOR_ELSEWHERE), f"the instructor's update did not arrive:\n{log}"
    assert cells[1:-1] == original[1:-1]
    home_clone = hub.home(user) / repository_folder(hub.repo_url)
    assert git(home_clone, "log", "-1", "--format=%s").startswith("Merge"), "nbgitpuller merges updates"


def test_hub_shuts_down_and_leaves_no_process(hub: Hub):
    hub.remember_processes()
    started = dict(hub.seen)
    proxy_pid = int((hub.folder / "proxy.pid").read_text())
    assert proxy_pid in started, "the proxy was not seen running below the hub"
    assert len(started) > 1
    leftovers = _stop_hub(hub)
    assert hub.process.returncode is not None
    assert not leftovers, "processes left after the hub stopped (now killed):\n" + "\n".join(leftovers)
    assert not [p for p in started.values() if _alive(p)]
