"""The course's JupyterLab extension (extension/) is installed, enabled, and its
committed build is what its sources produce.

* ``jupyter labextension list`` in the course environment reports ``gdkit-course``
  enabled and OK, and the installed copy is the committed build.
* The extension is rebuilt from source in a temporary copy (``jlpm install
  --immutable``, the exact versions of ``yarn.lock``, then ``jlpm build:prod``) and
  every built file must equal, byte for byte, the one that ships in
  ``extension/gdkit_course/labextension/``: a stale build fails here.
* The TypeScript unit tests (jest) run in that same copy.

The rebuild needs Node.js (20 or newer) and the npm registry; without ``node`` the
two slow tests are skipped with a message.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXTENSION = ROOT / "extension"
SHIPPED = EXTENSION / "gdkit_course" / "labextension"
BIN = Path(sys.executable).parent
NOT_COPIED = {"node_modules", "lib", "labextension", "coverage", ".yarn", "__pycache__"}
NOT_COPIED_FILES = {"tsconfig.tsbuildinfo", "_version.py"}


def _digests(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_shipped_build_is_committed_with_the_sources():
    package = json.loads((SHIPPED / "package.json").read_text())
    entry = package["jupyterlab"]["_build"]["load"]
    assert (SHIPPED / entry).is_file(), f"the shipped build names {entry}, which is missing"
    assert (SHIPPED / "static" / "style.js").is_file()
    assert (EXTENSION / "yarn.lock").is_file(), "extension/yarn.lock pins the JS build"


def test_labextension_list_reports_the_extension_enabled_and_ok():
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", NO_COLOR="1")
    result = subprocess.run(
        [sys.executable, "-m", "jupyter", "labextension", "list"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    text = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout + result.stderr)
    line = next((ln for ln in text.splitlines() if "gdkit-course" in ln), None)
    assert line is not None, f"gdkit-course is not installed (run make setup):\n{text}"
    assert re.search(r"gdkit-course v\S+ enabled\s+OK", line), line
    # The installed copy is the committed build (make setup reinstalls it when it changes).
    version = json.loads((SHIPPED / "package.json").read_text())["version"]
    assert f"gdkit-course v{version}" in line
    installed = Path(sys.prefix) / "share" / "jupyter" / "labextensions" / "gdkit-course"
    if installed.is_dir():
        assert _digests(installed / "static") == _digests(SHIPPED / "static"), (
            "the installed extension differs from extension/gdkit_course/labextension: "
            "run make setup"
        )


def _tool_missing() -> str | None:
    if shutil.which("node") is None:
        return "extension rebuild skipped: Node.js ('node') is not on PATH (needs Node 20+)"
    if not (BIN / "jlpm").exists():
        return f"extension rebuild skipped: jlpm (from JupyterLab) not found in {BIN}"
    return None


def _run(cmd: list[str], cwd: Path, timeout: float) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"  # jupyter-builder, jlpm
    env.setdefault("YARN_ENABLE_TELEMETRY", "0")
    env.setdefault("YARN_ENABLE_PROGRESS_BARS", "0")
    env["CI"] = "true"
    result = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).splitlines()[-40:])
        pytest.fail(f"`{' '.join(cmd)}` failed with exit code {result.returncode}:\n{tail}")
    return result


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of extension/ (and the manifest its tests read), installed and rebuilt."""
    reason = _tool_missing()
    if reason:
        pytest.skip(reason)
    top = tmp_path_factory.mktemp("extension-rebuild")
    copy = top / "extension"
    shutil.copytree(
        EXTENSION,
        copy,
        ignore=lambda _d, names: [n for n in names if n in NOT_COPIED or n in NOT_COPIED_FILES],
    )
    (top / "lectures").mkdir()
    shutil.copy2(ROOT / "lectures" / "course.json", top / "lectures" / "course.json")
    jlpm = str(BIN / "jlpm")
    _run([jlpm, "install", "--immutable"], copy, timeout=420)
    _run([jlpm, "build:prod"], copy, timeout=300)
    return copy


@pytest.mark.slow
@pytest.mark.extension
def test_rebuilt_extension_is_identical_to_the_shipped_one(rebuilt):
    fresh = _digests(rebuilt / "gdkit_course" / "labextension")
    shipped = _digests(SHIPPED)
    missing = sorted(set(fresh) - set(shipped))
    extra = sorted(set(shipped) - set(fresh))
    changed = sorted(k for k in set(fresh) & set(shipped) if fresh[k] != shipped[k])
    assert not (missing or extra or changed), (
        "extension/gdkit_course/labextension is stale: rebuild it with "
        "`cd extension && jlpm install --immutable && jlpm build:prod` and commit the result\n"
        f"  built but not shipped: {missing}\n  shipped but not built: {extra}\n"
        f"  different: {changed}"
    )


@pytest.mark.slow
@pytest.mark.extension
def test_typescript_unit_tests_pass(rebuilt):
    result = _run([str(BIN / "jlpm"), "test", "--ci"], rebuilt, timeout=300)
    summary = [ln for ln in (result.stdout + result.stderr).splitlines() if ln.startswith("Tests:")]
    print("\n".join(summary))
    assert summary and "failed" not in summary[-1], summary
