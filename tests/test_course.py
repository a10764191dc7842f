"""The course manifest (lectures/course.json), the lists made from it, and the check
results' structured output that the JupyterLab extension reads."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from IPython.core.formatters import DisplayFormatter

import gdkit
from gdkit import course as gc
from gdkit.exercises import CHECK_MIME, CheckResult

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = ROOT / "lectures" / "course.json"


@pytest.fixture(scope="module")
def course() -> gc.Course:
    return gc.load_course(MANIFEST)


def _raw() -> dict:
    return json.loads(MANIFEST.read_text(encoding="utf-8"))


# -- the manifest agrees with the notebooks ---------------------------------------------


def test_manifest_lists_the_lectures_in_order(course):
    files = [lec.file for lec in course.lectures]
    assert files == sorted(p.name for p in (ROOT / "lectures").glob("*.ipynb"))
    assert files[0] == "00_welcome.ipynb"
    assert all(lec.summary for lec in course.lectures)


def test_manifest_matches_the_notebooks(course):
    problems = gc.notebook_problems(course)
    assert not problems, "\n".join(problems)


def test_every_lecture_with_exercises_has_solutions(course):
    for lec in course.lectures[1:]:
        assert lec.exercises, f"{lec.file} lists no exercises"
        assert lec.solutions and (course.folder / lec.solutions).is_file(), lec.file


def test_readme_lecture_lists_are_current():
    result = subprocess.run(
        [sys.executable, "-m", "gdkit.course", "--check", str(MANIFEST)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    readme = (ROOT / "lectures" / "README.md").read_text(encoding="utf-8")
    body = readme.split(gc.START, 1)[1].split(gc.END, 1)[0]
    assert "[01 · Loss functions and loss surfaces](01_loss_surfaces.ipynb)" in body


def test_notebook_problems_names_each_disagreement(tmp_path, course):
    folder = tmp_path / "lectures"
    (folder / "solutions").mkdir(parents=True)
    for lec in course.lectures[:3]:
        (folder / lec.file).write_bytes((course.folder / lec.file).read_bytes())
        (folder / lec.solutions if lec.solutions else folder / "x").write_bytes(
            (course.folder / lec.solutions).read_bytes() if lec.solutions else b"{}"
        )
    (folder / "x").unlink()
    (folder / "99_extra.ipynb").write_text('{"cells": []}')
    data = _raw()
    data["lectures"] = copy.deepcopy(data["lectures"][:3])
    data["lectures"][1]["title"] = "01 · Something else"
    data["lectures"][2]["exercises"][0]["title"] = "a renamed exercise"
    (folder / "course.json").write_text(json.dumps(data))
    problems = "\n".join(gc.notebook_problems(gc.load_course(folder)))
    assert "99_extra.ipynb exists but course.json does not list it" in problems
    assert "title '01 · Something else' but the first heading is" in problems
    assert "a renamed exercise" in problems and "02_derivatives.ipynb" in problems


def test_check_ids_in_the_notebooks_must_belong_to_the_lecture(tmp_path):
    folder = tmp_path / "lectures"
    folder.mkdir()
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": "# 01 · A\n\n### Exercise 1: one"},
        {
            "cell_type": "code",
            "metadata": {},
            "outputs": [],
            "execution_count": None,
            "source": 'gdkit.check_number(x, 1, exercise="02.1")',
        },
    ]
    (folder / "01_a.ipynb").write_text(json.dumps({"cells": cells}))
    manifest = {
        "format": gc.FORMAT,
        "title": "t",
        "lectures": [
            {
                "file": "01_a.ipynb",
                "title": "01 · A",
                "summary": "s",
                "solutions": None,
                "exercises": [{"id": "01.1", "title": "one"}],
            }
        ],
    }
    (folder / "course.json").write_text(json.dumps(manifest))
    problems = gc.notebook_problems(gc.load_course(folder))
    assert any("exercise='02.1', not an exercise of 01_a.ipynb" in p for p in problems)
    assert any("no check passes exercise='01.1'" in p for p in problems)


# -- bad manifests: clear errors ---------------------------------------------------------


@pytest.mark.parametrize(
    "edit,message",
    [
        (lambda d: d.update(format="x"), "format must be 'gdkit-course/1', got 'x'"),
        (lambda d: d.update(lectures=[]), "lectures must be a non-empty list"),
        (lambda d: d["lectures"][0].update(file="../x.ipynb"), "lectures[0].file must be a notebook file name"),
        (lambda d: d["lectures"][1].update(file="00_welcome.ipynb"), "'00_welcome.ipynb' is listed twice"),
        (lambda d: d["lectures"][2].pop("title"), "lectures[2] has no 'title'"),
        (lambda d: d["lectures"][1]["exercises"][0].update(id="a b"), "exercises[0].id must be an id"),
        (lambda d: d["lectures"][2]["exercises"][0].update(id="01.1"), "'01.1' is already used by 01_loss_surfaces.ipynb"),
        (lambda d: d["lectures"][1].update(solutions="/etc/x.ipynb"), "solutions must be null or a relative path"),
        (lambda d: d.update(originals="../elsewhere"), "originals must be a folder path relative"),
    ],
)  # fmt: skip
def test_bad_manifest_is_refused_with_a_clear_error(tmp_path, edit, message):
    data = _raw()
    edit(data)
    path = tmp_path / "course.json"
    path.write_text(json.dumps(data))
    with pytest.raises(gc.CourseError) as info:
        gc.load_course(path)
    assert message in str(info.value)
    assert str(path) in str(info.value)


def test_missing_or_broken_manifest(tmp_path):
    with pytest.raises(gc.CourseError, match="no course manifest at"):
        gc.load_course(tmp_path / "nope.json")
    (tmp_path / "course.json").write_text("{not json")
    with pytest.raises(gc.CourseError, match="is not valid JSON"):
        gc.load_course(tmp_path)
    with pytest.raises(TypeError, match="path must be a file or folder path, got int"):
        gc.load_course(3)  # type: ignore[arg-type]


def test_find_manifest_from_the_repository_and_from_lectures(monkeypatch):
    monkeypatch.chdir(ROOT)
    assert gc.find_manifest() == MANIFEST
    monkeypatch.chdir(ROOT / "lectures" / "solutions")
    assert gc.find_manifest() == MANIFEST


def test_marker_errors_are_clear():
    with pytest.raises(
        gc.CourseError, match=r"must contain the lines .* \(found 0 start and 0 end\)"
    ):
        gc.replace_between_markers("no markers", "body", "README.md")
    text = f"a\n{gc.START}\nold\n{gc.END}\nb"
    assert gc.replace_between_markers(text, "new", "R") == f"a\n{gc.START}\nnew\n{gc.END}\nb"


# -- the lists made from the manifest ------------------------------------------------------


def test_welcome_table_lists_every_lecture(course, monkeypatch):
    monkeypatch.chdir(ROOT / "lectures")  # where the welcome notebook runs
    table = gc.lecture_table()
    markdown = table._repr_markdown_()
    for lec in course.lectures:
        assert f"[{lec.title}]({lec.file})" in markdown
        assert lec.file in repr(table)
    assert markdown == gc.lecture_table(MANIFEST)._repr_markdown_()  # deterministic


def test_root_readme_table_comes_from_the_manifest(course):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert gc.readme_table(course) in readme


def test_check_and_write_on_a_copy(tmp_path, course):
    folder = tmp_path / "lectures"
    folder.mkdir()
    for lec in course.lectures:
        (folder / lec.file).symlink_to(course.folder / lec.file)
    (folder / "solutions").symlink_to(course.folder / "solutions")
    (folder / "course.json").write_bytes(MANIFEST.read_bytes())
    (folder / "README.md").write_text(f"# L\n\n{gc.START}\nstale\n{gc.END}\n")
    args = [sys.executable, "-m", "gdkit.course"]
    check = subprocess.run([*args, "--check", str(folder)], capture_output=True, text=True)
    assert check.returncode == 1 and "lecture list is stale" in check.stderr
    write = subprocess.run([*args, "--write", str(folder)], capture_output=True, text=True)
    assert write.returncode == 0, write.stderr
    again = subprocess.run([*args, "--check", str(folder)], capture_output=True, text=True)
    assert again.returncode == 0, again.stderr


# -- originals for "Reset lecture" ---------------------------------------------------------


def test_snapshot_takes_the_committed_lecture_not_the_edited_one(tmp_path):
    repo = tmp_path / "course"
    (repo / "lectures").mkdir(parents=True)
    nb = {"cells": [{"cell_type": "markdown", "metadata": {}, "source": "# 01 · A"}]}
    (repo / "lectures" / "01_a.ipynb").write_text(json.dumps(nb))
    manifest = {
        "format": gc.FORMAT,
        "title": "t",
        "lectures": [{"file": "01_a.ipynb", "title": "01 · A", "summary": "s", "solutions": None}],
    }
    (repo / "lectures" / "course.json").write_text(json.dumps(manifest))
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@t", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@t")  # fmt: skip
    for cmd in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "c"]):
        subprocess.run(["git", "-C", str(repo), *cmd], check=True, env=env)
    (repo / "lectures" / "01_a.ipynb").write_text('{"cells": [], "edited": true}')
    c = gc.load_course(repo / "lectures")
    done = gc.snapshot_originals(c)
    original = repo / "lectures" / "originals" / "01_a.ipynb.original"
    assert json.loads(original.read_text()) == nb, done
    assert gc.snapshot_originals(c) == ["01_a.ipynb: up to date"]


def test_snapshot_without_git_never_replaces_an_original(tmp_path):
    folder = tmp_path / "lectures"
    folder.mkdir()
    (folder / "01_a.ipynb").write_text('{"cells": [], "v": 1}')
    manifest = {
        "format": gc.FORMAT,
        "title": "t",
        "originals": "kept",
        "lectures": [{"file": "01_a.ipynb", "title": "01 · A", "summary": "s", "solutions": None}],
    }
    (folder / "course.json").write_text(json.dumps(manifest))
    c = gc.load_course(folder)
    gc.snapshot_originals(c)
    (folder / "01_a.ipynb").write_text('{"cells": [], "v": 2}')  # the student's edit
    assert gc.snapshot_originals(c) == ["01_a.ipynb: kept the existing snapshot"]
    assert json.loads((folder / "kept" / "01_a.ipynb.original").read_text())["v"] == 1


# -- check results carry structured data for the extension ---------------------------------


def _bundle(obj) -> dict:
    data, _ = DisplayFormatter().format(obj)
    return data


def test_check_result_displays_structured_data_beside_html(monkeypatch):
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    data = _bundle(gdkit.check_number(2 / 3, 2 / 3, name="x*", exercise="02.2"))
    assert set(data) == {"text/plain", "text/html", CHECK_MIME}
    assert data[CHECK_MIME] == {
        "exercise": "02.2",
        "lecture": None,
        "status": "passed",
        "name": "x*",
        "message": "x* = 0.666667 is right.",
    }
    assert data["text/plain"] == "✔ x* = 0.666667 is right."
    assert data["text/html"].startswith("<p ") and "x* = 0.666667 is right." in data["text/html"]
    json.dumps(data[CHECK_MIME])  # plain JSON


@pytest.mark.parametrize(
    "result,status",
    [
        (lambda: gdkit.check_number(None, 1.0, exercise="01.1"), "not-answered"),
        (lambda: gdkit.check_number(0.5, 1.0, exercise="01.1"), "failed"),
        (lambda: gdkit.check_number("x", 1.0, exercise="01.1"), "failed"),
        (lambda: gdkit.check_function(None, abs, [1.0], exercise="01.1"), "not-answered"),
        (lambda: gdkit.check_function(_unanswered, abs, [1.0], exercise="01.1"), "not-answered"),
        (lambda: gdkit.check_function(lambda x: 1 / 0, abs, [1.0], exercise="01.1"), "failed"),
        (lambda: gdkit.check_derivative(lambda x: 2 * x, lambda x: x**2, [1.0], exercise="01.1"), "passed"),
        (lambda: gdkit.check_gradient(None, lambda v: v[0] ** 2, [(1.0,)], exercise="01.1"), "not-answered"),
    ],
)  # fmt: skip
def test_status_says_passed_failed_or_not_answered(result, status):
    r = result()
    assert r.status == status
    assert r.exercise == "01.1"
    assert r.to_json()["status"] == status
    assert bool(r) is (status == "passed")


def _unanswered(x):
    raise NotImplementedError


def test_existing_calls_without_an_exercise_id_still_work():
    r = gdkit.check_number(1.0, 1.0)
    assert r and r.exercise is None and r.to_json()["exercise"] is None
    assert repr(r) == "✔ answer = 1 is right."
    assert CheckResult(True, "ok") and CheckResult(True, "ok").status == "passed"


def test_the_lecture_comes_from_the_jupyter_session(monkeypatch):
    monkeypatch.setenv("JPY_SESSION_NAME", "/home/student/gdkit/lectures/03_gradient_descent.ipynb")
    assert gdkit.check_number(1, 1).to_json()["lecture"] == "03_gradient_descent.ipynb"
    monkeypatch.setenv("JPY_SESSION_NAME", "console-1")
    assert gdkit.check_number(1, 1).to_json()["lecture"] is None


def test_structured_data_is_deterministic(monkeypatch):
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    a = json.dumps(_bundle(gdkit.check_number(0.1, 0.2, exercise="03.1"))[CHECK_MIME])
    b = json.dumps(_bundle(gdkit.check_number(0.1, 0.2, exercise="03.1"))[CHECK_MIME])
    assert a == b and "0x" not in a


@pytest.mark.parametrize(
    "exercise,error,message",
    [
        (12, TypeError, "exercise must be a string id such as '01.2' (see lectures/course.json), got int 12"),
        ("", ValueError, "exercise must be an id of letters, digits"),
        ("01 2", ValueError, "got '01 2'"),
        ("x" * 65, ValueError, "at most 64"),
    ],
)  # fmt: skip
def test_bad_exercise_id_is_refused(exercise, error, message):
    with pytest.raises(error) as info:
        gdkit.check_number(1.0, 1.0, exercise=exercise)
    assert message in str(info.value)


def test_every_manifest_id_is_accepted_by_the_checks(course):
    for lec in course.lectures:
        for ex in lec.exercises:
            assert gdkit.check_number(1, 1, exercise=ex.id).exercise == ex.id
