"""gdkit.links: nbgitpuller and Binder links, checked against nbgitpuller's own handler.

The link format is checked twice: by parsing the link, and by handing its query
to the real nbgitpuller server extension in a Jupyter server on 127.0.0.1 and
reading back what nbgitpuller's page will do (which folder it clones into,
which branch, where it then sends the browser). ``test_hub.py`` follows the
same link end to end through a hub and opens the welcome lecture.
"""

from __future__ import annotations

import importlib.util
import os
import re
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import requests

from gdkit.links import (
    DEFAULT_NOTEBOOK,
    binder_link,
    main,
    nbgitpuller_link,
    repository_folder,
)

ROOT = Path(__file__).resolve().parents[1]
HUB = "https://hub.example.edu"
REPO = "https://github.com/gdkit-course/gdkit"


def _query(link: str) -> dict[str, str]:
    parsed = parse_qs(urlsplit(link).query, keep_blank_values=True, strict_parsing=True)
    assert all(len(v) == 1 for v in parsed.values()), parsed
    return {k: v[0] for k, v in parsed.items()}


def test_link_goes_through_the_hub_to_nbgitpuller_with_an_explicit_branch():
    link = nbgitpuller_link(HUB, REPO, "student")
    parts = urlsplit(link)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "hub.example.edu", "/hub/user-redirect/git-pull")
    assert _query(link) == {
        "repo": REPO,
        "branch": "student",
        "urlpath": "lab/tree/gdkit/lectures/00_welcome.ipynb",
    }


def test_link_values_are_fully_percent_encoded_like_nbgitpullers_link_generator():
    query = urlsplit(nbgitpuller_link(HUB, REPO, "student")).query
    for pair in query.split("&"):
        _, value = pair.split("=", 1)
        assert not set(value) & set("/:?=&# "), f"unencoded character in {value!r}"


def test_hub_under_a_path_prefix_and_trailing_slashes():
    link = nbgitpuller_link("https://uni.example.edu/jupyter/", REPO + "/", "main")
    assert link.startswith("https://uni.example.edu/jupyter/hub/user-redirect/git-pull?")
    assert _query(link)["repo"] == REPO
    assert _query(link)["urlpath"] == "lab/tree/gdkit/lectures/00_welcome.ipynb"


@pytest.mark.parametrize(
    ("repository", "folder"),
    [
        ("https://github.com/gdkit-course/gdkit", "gdkit"),
        ("https://github.com/gdkit-course/gdkit/", "gdkit"),
        # nbgitpuller does not strip ".git": the clone is ~/gdkit.git
        ("https://github.com/gdkit-course/gdkit.git", "gdkit.git"),
        ("https://gitlab.example.edu/group/sub/course-2026", "course-2026"),
    ],
)
def test_urlpath_starts_with_the_folder_nbgitpuller_clones_into(repository: str, folder: str):
    assert repository_folder(repository) == folder
    link = nbgitpuller_link(HUB, repository, "main", "lectures/03_gradient_descent.ipynb")
    assert _query(link)["urlpath"] == f"lab/tree/{folder}/lectures/03_gradient_descent.ipynb"
    assert "targetpath" not in _query(link)


def test_an_explicit_targetpath_is_passed_and_used_in_urlpath():
    query = _query(nbgitpuller_link(HUB, REPO, "student", targetpath="courses/nn-2026"))
    assert query["targetpath"] == "courses/nn-2026"
    assert query["urlpath"] == "lab/tree/courses/nn-2026/lectures/00_welcome.ipynb"


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"hub_url": "hub.example.edu"}, ValueError, r"hub_url must be an http\(s\) URL.*'hub.example.edu'"),
        ({"hub_url": "ftp://hub.example.edu"}, ValueError, r"hub_url must be an http\(s\) URL"),
        ({"hub_url": "https://hub.example.edu/?next=x"}, ValueError, r"hub_url must be a plain URL.*next=x"),
        ({"hub_url": 42}, TypeError, r"hub_url must be a string URL, got int"),
        ({"repository": "https://github.com/"}, ValueError, r"repository must be the URL of a repository"),
        ({"repository": "git@github.com:me/course.git"}, ValueError, r"repository must be an http\(s\) URL"),
        ({"branch": ""}, ValueError, r"branch must be a git branch name.*got ''"),
        ({"branch": "my branch"}, ValueError, r"branch must be a git branch name.*'my branch'"),
        ({"branch": "--upload-pack=x"}, ValueError, r"branch must be a git branch name"),
        ({"branch": "a..b"}, ValueError, r"branch must be a git branch name"),
        ({"branch": None}, TypeError, r"branch must be a string, got NoneType"),
        ({"notebook": "/etc/passwd"}, ValueError, r"notebook must stay inside the repository.*'/etc/passwd'"),
        ({"notebook": "../x.ipynb"}, ValueError, r"notebook must stay inside the repository"),
        ({"notebook": ""}, ValueError, r"notebook must be a non-empty relative path, got ''"),
        ({"targetpath": "../elsewhere"}, ValueError, r"targetpath must stay inside"),
    ],
)
def test_bad_arguments_name_the_argument_and_the_value(kwargs: dict, error: type, message: str):
    arguments = {"hub_url": HUB, "repository": REPO, "branch": "main", **kwargs}
    with pytest.raises(error, match=message):
        nbgitpuller_link(**arguments)


def test_binder_link_is_the_readme_badge():
    readme = (ROOT / "README.md").read_text()
    badge = re.search(r"\((https://mybinder\.org/v2/gh/[^)]+)\)", readme).group(1)
    assert binder_link(REPO, "HEAD") == badge
    assert binder_link(REPO + ".git", "main", DEFAULT_NOTEBOOK).endswith(
        "/v2/gh/gdkit-course/gdkit/main?urlpath=lab/tree/lectures/00_welcome.ipynb")


def test_binder_link_encodes_a_branch_with_a_slash_and_rejects_other_hosts():
    assert "/v2/gh/me/course/release%2F2026?" in binder_link("https://github.com/me/course", "release/2026")
    with pytest.raises(ValueError, match=r"github.com URL for a Binder link.*gitlab"):
        binder_link("https://gitlab.com/me/course")
    with pytest.raises(ValueError, match=r"https://github.com/OWNER/NAME"):
        binder_link("https://github.com/me")


def test_command_line_prints_the_link(capsys: pytest.CaptureFixture[str]):
    assert main([HUB, "--repository", "https://github.com/me/course", "--branch", "student"]) == 0
    assert capsys.readouterr().out.strip() == nbgitpuller_link(HUB, "https://github.com/me/course", "student")


def test_command_line_rejects_a_bad_hub_url_with_a_message():
    result = subprocess.run([sys.executable, "-m", "gdkit.links", "hub.example.edu"],
                            capture_output=True, text=True, timeout=60, check=False, cwd=ROOT)
    assert result.returncode == 2
    assert "hub_url must be an http(s) URL" in result.stderr and "'hub.example.edu'" in result.stderr


# ------------------------------------------------------- against nbgitpuller's own handler


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def nbgitpuller_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Jupyter server with the nbgitpuller extension; yields its URL with a token query."""
    if importlib.util.find_spec("nbgitpuller") is None:
        pytest.skip("nbgitpuller is not installed; enable with `make setup` (it is a course dependency)")
    root = tmp_path_factory.mktemp("nbgitpuller-root")
    port, token = _free_port(), uuid.uuid4().hex
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "JPY_"))}
    env.update(HOME=str(root), JUPYTER_RUNTIME_DIR=str(root / ".runtime"))
    process = subprocess.Popen(
        [sys.executable, "-m", "jupyter_server", "--no-browser", "--ServerApp.ip=127.0.0.1",
         f"--ServerApp.port={port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
         f"--ServerApp.root_dir={root}", "--ServerApp.allow_root=True"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(f"{url}/api/status", params={"token": token}, timeout=5).ok:
                    break
            except requests.RequestException:
                pass
            assert process.poll() is None, f"jupyter server exited: {process.stderr.read().decode()[-2000:]}"
            assert time.monotonic() < deadline, "jupyter server did not start within 60 s"
            time.sleep(0.3)
        yield f"{url}|{token}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=30)


def _nbgitpuller_page(server: str, link: str) -> dict[str, str]:
    """Send the link's query to nbgitpuller's /git-pull page; the data-* fields it renders."""
    url, token = server.split("|")
    page = requests.get(f"{url}/git-pull?{urlsplit(link).query}&token={token}", timeout=30)
    assert page.status_code == 200, page.text[:500]
    return {k: unquote(v) for k, v in re.findall(r'data-([\w-]+)="([^"]*)"', page.text)}


@pytest.mark.network
@pytest.mark.parametrize(
    "repository",
    ["https://github.com/gdkit-course/gdkit", "https://github.com/gdkit-course/gdkit.git",
     "https://example.edu/git/course/"],
)
def test_nbgitpuller_clones_where_urlpath_expects_and_on_the_given_branch(nbgitpuller_server: str, repository: str):
    link = nbgitpuller_link(HUB, repository, "student")
    fields = _nbgitpuller_page(nbgitpuller_server, link)
    assert fields["repo"] == repository.rstrip("/")
    assert fields["branch"] == "student"
    assert fields["targetpath"] == repository_folder(repository)
    # After the pull, nbgitpuller sends the browser to base_url + path:
    assert fields["path"] == f"lab/tree/{fields['targetpath']}/lectures/00_welcome.ipynb"


@pytest.mark.network
def test_nbgitpuller_uses_an_explicit_targetpath(nbgitpuller_server: str):
    fields = _nbgitpuller_page(nbgitpuller_server, nbgitpuller_link(HUB, REPO, "main", targetpath="nn"))
    assert fields["targetpath"] == "nn"
    assert fields["path"] == "lab/tree/nn/lectures/00_welcome.ipynb"
