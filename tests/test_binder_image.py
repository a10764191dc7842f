"""The Binder / hub image: repo2docker's Dockerfile for binder/, and a consistent environment.

``repo2docker --no-build --debug`` prints the Dockerfile it would build without
a Docker daemon and without the network. It runs on the student release (what
the hub image is built from and what students pull), so this also checks that
the release carries everything the image needs.

repo2docker's base environment ships its own JupyterLab and Notebook 7; our
pins upgrade JupyterLab, so Notebook must be pinned to a release that accepts
that JupyterLab (pip only warns otherwise, and Notebook 7 is left broken).
"""

from __future__ import annotations

import importlib.metadata
import re
import subprocess
import sys
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

from gdkit.release import build_release

ROOT = Path(__file__).resolve().parents[1]
REPO2DOCKER = Path(sys.executable).with_name("repo2docker")
PINS = {
    Requirement(line).name.lower(): Requirement(line)
    for line in (ROOT / "binder" / "requirements.txt").read_text().splitlines()
    if line.strip() and not line.startswith(("#", "--"))
}


def _pin(name: str) -> Version:
    (spec,) = list(PINS[name].specifier)
    return Version(spec.version)


def _unescape(name: str) -> str:
    """The path of a build file repo2docker copies: escapism ('-2e' for '.', '-2f' for '/')
    followed by '-' and a short hash."""
    escaped = name.removeprefix("build_script_files/").rsplit("-", 1)[0]
    return re.sub(r"-([0-9a-f]{2})", lambda m: chr(int(m.group(1), 16)), escaped)


@pytest.fixture(scope="module")
def dockerfile(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    if not REPO2DOCKER.exists():
        pytest.skip(f"repo2docker not installed ({REPO2DOCKER}); enable with `make setup` "
                    "(jupyter-repo2docker is in the [test] extra)")
    release = tmp_path_factory.mktemp("binder") / "release"
    build_release(release, ROOT, branch=None)
    result = subprocess.run([str(REPO2DOCKER), "--no-build", "--debug", str(release)],
                            capture_output=True, text=True, timeout=300, check=False,
                            cwd=release.parent)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "FROM " in result.stdout, result.stdout[:2000]
    return result.stdout, result.stderr


def test_image_uses_the_python_of_runtime_txt(dockerfile: tuple[str, str]):
    text, log = dockerfile
    version = (ROOT / "binder" / "runtime.txt").read_text().strip().removeprefix("python-")
    assert f"Building conda environment for python={version}" in log
    copied = [_unescape(m) for m in re.findall(r"^COPY \S+ (build_script_files/\S+)", text, re.M)]
    assert any(c.endswith(f"environment.py-{version}-linux-64.lock") for c in copied), copied


def test_image_has_a_single_environment(dockerfile: tuple[str, str]):
    text, _ = dockerfile
    assert re.findall(r"^ENV KERNEL_PYTHON_PREFIX=(.*)$", text, re.M) == ["${NB_PYTHON_PREFIX}"]
    assert "envs/kernel" not in text


def test_image_installs_the_pins_then_runs_post_build_on_the_copied_repository(dockerfile: tuple[str, str]):
    text, _ = dockerfile
    install = '${KERNEL_PYTHON_PREFIX}/bin/pip install --no-cache-dir -r "binder/requirements.txt"'
    assert text.count(install) == 1
    assert "apt-get install --yes --no-install-recommends graphviz" in text
    copy_repo = text.index("COPY --chown=0:0 src/ ${REPO_DIR}/")
    post_build = text.index("RUN ./binder/postBuild")
    assert text.index(install) < copy_repo < post_build, "postBuild needs pyproject.toml and gdkit/"


def test_notebook_pin_accepts_the_jupyterlab_pin_over_repo2dockers_base_environment(
    dockerfile: tuple[str, str],
):
    text, _ = dockerfile
    lock = next(Path(_unescape(m)) for m in re.findall(r"^COPY \S+ build_script_files/(\S+) /tmp/env/environment.lock", text, re.M))
    base = dict(re.findall(r"/(notebook|jupyterlab)-(\d[\w.]*)-py", lock.read_text()))
    assert "notebook" in base and "jupyterlab" in base, f"base environment changed: {base}"
    jupyterlab = _pin("jupyterlab")
    if jupyterlab > Version(base["jupyterlab"]):
        assert "notebook" in PINS, (
            f"binder pins jupyterlab {jupyterlab} over the base environment's {base['jupyterlab']}; "
            f"notebook {base['notebook']} there must be upgraded by a notebook pin"
        )
    assert Version(importlib.metadata.version("notebook")) == _pin("notebook")
    wants = [Requirement(r) for r in importlib.metadata.requires("notebook") or []]
    (lab,) = [r for r in wants if r.name == "jupyterlab" and not r.marker]
    assert lab.specifier.contains(jupyterlab), f"notebook {_pin('notebook')} wants jupyterlab{lab.specifier}"


def test_pip_check_is_clean_in_the_course_environment():
    result = subprocess.run([sys.executable, "-m", "pip", "check"], capture_output=True, text=True,
                            timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
