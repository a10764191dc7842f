"""The set-up stays coherent: pins, Binder, CI, Makefile and README agree."""

from __future__ import annotations

import importlib.metadata
import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
PIN_LINES = [
    line.strip()
    for line in (ROOT / "binder" / "requirements.txt").read_text().splitlines()
    if line.strip() and not line.startswith(("#", "--"))
]
PINS = {Requirement(line).name.lower(): Requirement(line) for line in PIN_LINES}
DEPENDENCIES = {
    Requirement(d).name.lower(): Requirement(d) for d in PYPROJECT["project"]["dependencies"]
}


def _pinned_version(req: Requirement) -> Version:
    (spec,) = list(req.specifier)
    assert spec.operator == "==", f"binder pin {req} must be an exact '==' pin"
    return Version(spec.version)


def test_every_runtime_dependency_is_pinned_for_binder():
    assert sorted(DEPENDENCIES) == sorted(PINS)


@pytest.mark.parametrize("name", sorted(PINS))
def test_binder_pin_satisfies_the_pyproject_range(name):
    pinned = _pinned_version(PINS[name])
    allowed = DEPENDENCIES[name].specifier
    assert allowed.contains(pinned, prereleases=True), f"{name}: pin {pinned} outside {allowed}"


@pytest.mark.parametrize("name", sorted(PINS))
def test_installed_version_is_the_binder_pin(name):
    """`make` installs with the pins as constraints, so CI tests what Binder runs."""
    pinned = _pinned_version(PINS[name])
    installed = Version(importlib.metadata.version(name))
    # torch's CPU build carries a local label (+cpu) on some platforms and not on others.
    assert installed.public == pinned.public, (
        f"{name} {installed} is installed but binder/requirements.txt pins {pinned}; "
        "run `make test` (it installs the pins) or update the pin"
    )


def test_binder_installs_cpu_torch_from_the_cpu_index():
    text = (ROOT / "binder" / "requirements.txt").read_text()
    assert "--extra-index-url https://download.pytorch.org/whl/cpu" in text
    assert re.search(r"^torch==[\d.]+\+cpu$", text, re.M)


def test_binder_python_is_supported():
    runtime = (ROOT / "binder" / "runtime.txt").read_text().strip()
    version = runtime.removeprefix("python-")
    assert SpecifierSet(PYPROJECT["project"]["requires-python"]).contains(version + ".0")


def test_binder_post_build_installs_the_library_and_stops_on_errors():
    post = ROOT / "binder" / "postBuild"
    text = post.read_text()
    assert post.stat().st_mode & 0o111, "postBuild must be executable"
    assert "set -e" in text and "pip install" in text and "--no-deps -e ." in text


def test_makefile_takes_the_torch_version_from_the_pins():
    makefile = (ROOT / "Makefile").read_text()
    assert "sed -n 's/^torch==" in makefile and "$(PINS)" in makefile
    assert "-c $(CONSTRAINTS)" in makefile


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    readme = (ROOT / "README.md").read_text()
    assert re.search(r"^make test$", ci, re.M)
    assert "make test" in readme and "make lab" in readme


def test_readme_binder_badge_opens_jupyterlab_at_the_welcome_lecture():
    readme = (ROOT / "README.md").read_text()
    assert "urlpath=lab/tree/lectures/00_welcome.ipynb" in readme
    assert "mybinder.org/badge_logo.svg" in readme


def test_github_workflow_covers_oldest_and_newest_python():
    workflow = (ROOT / ".github" / "workflows" / "test.yml").read_text()
    oldest = PYPROJECT["project"]["requires-python"].removeprefix(">=")
    assert f'"{oldest}"' in workflow
    assert "make test" in workflow and "schedule:" in workflow


def test_readme_lists_every_lecture():
    readme = (ROOT / "README.md").read_text()
    for notebook in sorted((ROOT / "lectures").glob("*.ipynb")):
        assert notebook.name in readme, f"README.md does not list {notebook.name}"
