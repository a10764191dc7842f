"""The student release (gdkit.release, `make student-release`) and updates pulled by nbgitpuller.

Students pull the release with nbgitpuller; these tests check what the release
holds (no solutions), that building it touches nothing outside its own folder,
and that a student's edits survive when the instructor updates the same lecture
and the student pulls again, by nbgitpuller's own merge code (``GitPuller``).
The same update followed through a real hub is in ``test_hub.py``.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
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

from gdkit.release import MARKER, build_release, release_files

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed (apt-get install git)")


def test_release_files_leave_out_solutions_and_keep_what_students_need():
    names = release_files(ROOT)
    assert not [n for n in names if n.startswith("lectures/solutions")]
    assert (ROOT / "lectures" / "solutions").is_dir(), "the instructors' copy keeps the solutions"
    lectures = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "lectures").glob("*.ipynb"))
    assert lectures and set(lectures) <= set(names)
    assert "gdkit/__init__.py" in names and "pyproject.toml" in names and "LICENSE" in names
    for binder_file in ("requirements.txt", "runtime.txt", "postBuild", "apt.txt"):
        assert f"binder/{binder_file}" in names
    assert not [n for n in names if "node_modules" in n.split("/") or "__pycache__" in n]
    assert not [n for n in names if n.startswith(("tests/", ".venv/", "deploy/", ".git/"))]


def test_release_includes_the_extension_without_node_modules(tmp_path: Path):
    source = instructor_copy(tmp_path / "course")
    (source / "extension" / "src").mkdir(parents=True, exist_ok=True)
    (source / "extension" / "src" / "index.ts").write_text("export {};\n")
    (source / "extension" / "node_modules" / "dep").mkdir(parents=True)
    (source / "extension" / "node_modules" / "dep" / "index.js").write_text("//\n")
    names = build_release(tmp_path / "out", source, branch=None)
    assert "extension/src/index.ts" in names
    assert not (tmp_path / "out" / "extension" / "node_modules").exists()


@needs_git
def test_student_release_is_a_branch_without_solutions(tmp_path: Path):
    output = tmp_path / "release"
    names = build_release(output, ROOT, "student")
    assert not (output / "lectures" / "solutions").exists()
    assert (output / "lectures" / "00_welcome.ipynb").is_file()
    assert (output / "gdkit" / "__init__.py").is_file()
    assert (output / "binder" / "requirements.txt").read_text() == \
        (ROOT / "binder" / "requirements.txt").read_text()
    assert (ROOT / "extension").is_dir() == (output / "extension").is_dir()
    assert "solutions" not in (output / "README.md").read_text()
    assert git(output, "symbolic-ref", "--short", "HEAD") == "student"
    committed = git(output, "ls-files").splitlines()
    assert sorted(committed) == names
    assert git(output, "status", "--porcelain") == ""
    # A second run with nothing changed adds no commit; the history is never rewritten.
    head = git(output, "rev-parse", "HEAD")
    build_release(output, ROOT, "student")
    assert git(output, "rev-parse", "HEAD") == head


@needs_git
def test_a_new_release_adds_one_commit_and_removes_files_no_longer_released(tmp_path: Path):
    source = instructor_copy(tmp_path / "course")
    output = tmp_path / "release"
    build_release(output, source, "student")
    first = git(output, "rev-parse", "HEAD")
    (source / "lectures" / "99_extra.ipynb").write_text((source / EDITED_LECTURE).read_text())
    build_release(output, source, "student")
    assert (output / "lectures" / "99_extra.ipynb").is_file()
    (source / "lectures" / "99_extra.ipynb").unlink()
    build_release(output, source, "student")
    assert not (output / "lectures" / "99_extra.ipynb").exists()
    log = git(output, "log", "--format=%H").splitlines()
    assert len(log) == 3 and log[-1] == first


def test_release_refuses_a_folder_it_did_not_write_and_touches_nothing_outside(tmp_path: Path):
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "thesis.txt").write_text("keep me")
    with pytest.raises(ValueError, match="not empty and holds no earlier student release"):
        build_release(precious, ROOT, branch=None)
    assert [p.name for p in precious.iterdir()] == ["thesis.txt"]
    assert (precious / "thesis.txt").read_text() == "keep me"
    # An earlier release (marker present) is replaced; a sibling folder is untouched.
    sibling = tmp_path / "sibling.txt"
    sibling.write_text("sibling")
    out = tmp_path / "out"
    build_release(out, ROOT, branch=None)
    (out / "stale.txt").write_text("from an older release")
    build_release(out, ROOT, branch=None)
    assert not (out / "stale.txt").exists() and (out / MARKER).is_file()
    assert sibling.read_text() == "sibling"


@pytest.mark.parametrize(
    ("output", "message"),
    [(".", "not the repository"), ("..", "not the repository"), ("lectures/release", "inside the copied path 'lectures'"),
     ("gdkit", "inside the copied path 'gdkit'")],
)
def test_release_refuses_outputs_that_would_overwrite_the_course(output: str, message: str):
    with pytest.raises(ValueError, match=message):
        build_release(ROOT / output, ROOT, branch=None)


def test_release_names_a_bad_source_and_a_bad_branch(tmp_path: Path):
    with pytest.raises(ValueError, match=r"source must be the course repository.*got"):
        release_files(tmp_path)
    with pytest.raises(ValueError, match=r"branch must be a git branch name.*'a b'"):
        build_release(tmp_path / "out", ROOT, "a b")
    assert not (tmp_path / "out").exists()


def test_make_student_release_target_runs_the_release_module():
    makefile = (ROOT / "Makefile").read_text()
    assert "student-release:" in makefile and "-m gdkit.release" in makefile
    dry = subprocess.run(["make", "-n", "-C", str(ROOT), "student-release", "RELEASE_DIR=/tmp/x"],
                         capture_output=True, text=True, check=False, timeout=60)
    assert dry.returncode == 0, dry.stderr
    assert "-m gdkit.release /tmp/x" in dry.stdout


@needs_git
def test_student_edits_survive_an_instructor_update(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """nbgitpuller's merge rules: the update arrives, and the student's conflicting lines win."""
    pull = pytest.importorskip("nbgitpuller.pull", reason="nbgitpuller is not installed (make setup)")
    monkeypatch.setenv("NBGITPULLER_DEPTH", "0")
    source = instructor_copy(tmp_path / "course")
    release = tmp_path / "release"
    build_release(release, source, "student")
    clone = tmp_path / "home" / "release"

    def follow_link() -> list[str]:
        puller = pull.GitPuller(str(release), str(clone), branch="student")
        return list(puller.pull())

    follow_link()
    original = cell_sources((clone / EDITED_LECTURE).read_text())
    append_to_cell(clone / EDITED_LECTURE, 0, STUDENT_NOTE)

    append_to_cell(source / EDITED_LECTURE, 0, INSTRUCTOR_CONFLICTING)
    append_to_cell(source / EDITED_LECTURE, -1, INSTRUCTOR_ELSEWHERE)
    (source / "lectures" / "11_new_lecture.ipynb").write_text((source / EDITED_LECTURE).read_text())
    build_release(release, source, "student")

    output = "\n".join(follow_link())
    cells = cell_sources((clone / EDITED_LECTURE).read_text())
    assert STUDENT_NOTE in cells[0], output
    assert INSTRUCTOR_CONFLICTING not in cells[0], "the student's version of a conflicting cell wins"
    assert cells[-1].endswith(INSTRUCTOR_ELSEWHERE), "the instructor's other change arrives"
    assert cells[1:-1] == original[1:-1]
    assert (clone / "lectures" / "11_new_lecture.ipynb").is_file()
    # The student's clone is a merge of the student's commit and the release.
    assert git(clone, "status", "--porcelain") == ""
    assert git(clone, "merge-base", "--is-ancestor", "origin/student", "HEAD") == ""
