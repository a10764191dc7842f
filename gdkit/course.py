"""The course manifest: the one list of lectures, with titles and exercises.

``lectures/course.json`` lists every lecture in order::

    {"format": "gdkit-course/1", "title": "...", "lectures": [
        {"file": "01_loss_surfaces.ipynb", "title": "01 · Loss functions and loss surfaces",
         "summary": "one line", "solutions": "solutions/01_loss_surfaces_solutions.ipynb",
         "exercises": [{"id": "01.1", "title": "the quadratic cost by hand"}, ...]},
        ...]}

Paths are relative to the manifest's folder.  Everything that lists the lectures
derives from it: the course sidebar of the JupyterLab extension (``extension/``),
the welcome notebook (:func:`lecture_table`) and the lecture lists in ``README.md``
and ``lectures/README.md``, which ``python -m gdkit.course --write`` rewrites
between the marker comments ``<!-- lecture-list:start -->`` and
``<!-- lecture-list:end -->`` (``--check`` fails when they are stale or the
manifest does not match the notebooks).

``python -m gdkit.course --snapshot`` writes the pristine copy of every lecture
that the extension's "Reset lecture" restores: ``originals/NAME.ipynb.original``
beside the manifest (``"originals"`` in the manifest names another folder), taken
from git's ``HEAD`` when the course is a git checkout, so that a student's edits
never become the "original".  ``make lab`` and Binder's ``postBuild`` run it.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "FORMAT",
    "Course",
    "CourseError",
    "Exercise",
    "Lecture",
    "find_manifest",
    "lecture_table",
    "load_course",
    "notebook_problems",
    "snapshot_originals",
]

FORMAT = "gdkit-course/1"
MANIFEST_NAME = "course.json"
DEFAULT_ORIGINALS = "originals"
ORIGINAL_SUFFIX = ".original"
START = "<!-- lecture-list:start -->"
END = "<!-- lecture-list:end -->"
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
_FILE = re.compile(r"^[^/\\]+\.ipynb$")
# The forms an exercise takes in a lecture: a heading "### Exercise 2: title" (or
# "— title") or a bold lead "**Exercise 2 (title).**".
_EXERCISE_MD = re.compile(
    r"^(?:#{2,4} Exercise (\d+)\s*[:—–-]\s*(.+?)\s*$|\*\*Exercise (\d+) \((.+?)\)\.?\*\*)", re.M
)
# An exercise id passed to a check: ``lectures.check("01.2", ...)`` (or the older
# ``exercise="01.2"`` keyword of gdkit's check functions).
_CHECK_ID = re.compile(
    r"\bexercise\s*=\s*[\"']([^\"']*)[\"']|\bcheck\(\s*[\"']([^\"']*)[\"']"
)


class CourseError(ValueError):
    """The manifest is missing, not JSON, or does not have the expected shape."""


@dataclass(frozen=True)
class Exercise:
    id: str
    title: str


@dataclass(frozen=True)
class Lecture:
    file: str
    title: str
    summary: str
    solutions: str | None
    exercises: tuple[Exercise, ...]

    @property
    def number(self) -> str:
        """The two-digit prefix of the file name (``"01"``), or ``""``."""
        match = re.match(r"^(\d+)", self.file)
        return match.group(1) if match else ""


@dataclass(frozen=True)
class Course:
    title: str
    lectures: tuple[Lecture, ...]
    path: Path
    """The manifest file; lecture paths are relative to its folder."""
    originals: str = DEFAULT_ORIGINALS
    """Folder (relative to the manifest) of the pristine copies that "Reset lecture" restores."""

    @property
    def folder(self) -> Path:
        return self.path.parent

    def original_of(self, lecture: Lecture) -> Path:
        return self.folder / self.originals / (lecture.file + ORIGINAL_SUFFIX)

    def lecture(self, file: str) -> Lecture:
        for lecture in self.lectures:
            if lecture.file == file:
                return lecture
        known = ", ".join(lec.file for lec in self.lectures)
        raise KeyError(f"no lecture {file!r} in {self.path}; the lectures are: {known}")


# --------------------------------------------------------------------------------------
# Loading and validation
# --------------------------------------------------------------------------------------


def _expect(cond: bool, where: str, what: str, got: object) -> None:
    if not cond:
        raise CourseError(f"{where} must be {what}, got {got!r}")


def _text(obj: dict, key: str, where: str, *, optional: bool = False) -> str | None:
    if key not in obj:
        if optional:
            return None
        raise CourseError(f"{where} has no {key!r} (expected a non-empty string)")
    value = obj[key]
    if optional and value is None:
        return None
    _expect(
        isinstance(value, str) and value.strip() != "",
        f"{where}.{key}",
        "a non-empty string" + (" or null" if optional else ""),
        value,
    )
    return value


def parse_course(data: object, path: Path) -> Course:
    """Validate the manifest's JSON ``data`` (read from ``path``) and build a :class:`Course`."""
    where = str(path)
    _expect(
        isinstance(data, dict),
        where,
        "a JSON object with 'format', 'title' and 'lectures'",
        type(data).__name__,
    )
    assert isinstance(data, dict)
    _expect(data.get("format") == FORMAT, f"{where}: format", repr(FORMAT), data.get("format"))
    title = _text(data, "title", where)
    raw = data.get("lectures")
    _expect(
        isinstance(raw, list) and raw != [],
        f"{where}: lectures",
        "a non-empty list",
        raw if not isinstance(raw, list) else "[]",
    )
    lectures: list[Lecture] = []
    files: set[str] = set()
    ids: dict[str, str] = {}
    for i, item in enumerate(raw):
        at = f"{where}: lectures[{i}]"
        _expect(
            isinstance(item, dict),
            at,
            "an object with file, title, summary, solutions, exercises",
            item,
        )
        file = _text(item, "file", at)
        assert file is not None
        _expect(
            bool(_FILE.match(file)),
            f"{at}.file",
            "a notebook file name in the manifest's folder (NAME.ipynb)",
            file,
        )
        if file in files:
            raise CourseError(f"{at}.file: {file!r} is listed twice")
        files.add(file)
        solutions = _text(item, "solutions", at, optional=True)
        if solutions is not None:
            _expect(
                solutions.endswith(".ipynb") and not solutions.startswith(("/", "..")),
                f"{at}.solutions",
                "null or a relative path to a notebook",
                solutions,
            )
        raw_ex = item.get("exercises", [])
        _expect(
            isinstance(raw_ex, list), f"{at}.exercises", "a list of {id, title} objects", raw_ex
        )
        exercises = []
        for j, ex in enumerate(raw_ex):
            ex_at = f"{at}.exercises[{j}]"
            _expect(isinstance(ex, dict), ex_at, "an object {id, title}", ex)
            ex_id = _text(ex, "id", ex_at)
            assert ex_id is not None
            _expect(
                bool(_ID.match(ex_id)),
                f"{ex_at}.id",
                "an id of letters, digits, '.', '_', '-' such as '01.2'",
                ex_id,
            )
            if ex_id in ids:
                raise CourseError(f"{ex_at}.id: {ex_id!r} is already used by {ids[ex_id]}")
            ids[ex_id] = file
            exercises.append(Exercise(ex_id, _text(ex, "title", ex_at) or ""))
        lectures.append(
            Lecture(
                file,
                _text(item, "title", at) or "",
                _text(item, "summary", at) or "",
                solutions,
                tuple(exercises),
            )
        )
    originals = _text(data, "originals", where, optional=True) or DEFAULT_ORIGINALS
    _expect(
        not originals.startswith(("/", "..")) and "\\" not in originals,
        f"{where}: originals",
        "a folder path relative to the manifest",
        originals,
    )
    return Course(title or "", tuple(lectures), path, originals)


def find_manifest(start: str | os.PathLike | None = None) -> Path:
    """Find ``course.json``: in ``start`` (default: the current folder) or its
    ``lectures/`` sub-folder, then in each parent folder the same way, then beside
    the installed package's repository.  Raises :class:`CourseError` if none exists."""
    here = Path(start if start is not None else Path.cwd()).resolve()
    tried: list[Path] = []
    for folder in (here, *here.parents, Path(__file__).resolve().parents[1]):
        for candidate in (folder / MANIFEST_NAME, folder / "lectures" / MANIFEST_NAME):
            tried.append(candidate)
            if candidate.is_file():
                return candidate
    raise CourseError(
        f"no course manifest found: looked for {MANIFEST_NAME} in {here}, its lectures/ "
        f"folder and every parent folder (first tried: {tried[0]})"
    )


def load_course(path: str | os.PathLike | None = None) -> Course:
    """Load and validate the manifest at ``path`` (a file or a folder that holds it);
    without ``path``, :func:`find_manifest` looks for it."""
    if path is None:
        manifest = find_manifest()
    else:
        if not isinstance(path, (str, os.PathLike)):
            raise TypeError(f"path must be a file or folder path, got {type(path).__name__}")
        manifest = Path(path)
        if manifest.is_dir():
            manifest = manifest / MANIFEST_NAME
    try:
        text = manifest.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CourseError(f"path: no course manifest at {str(manifest)!r}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CourseError(f"{manifest} is not valid JSON: {exc}") from None
    return parse_course(data, manifest)


# --------------------------------------------------------------------------------------
# The notebooks agree with the manifest
# --------------------------------------------------------------------------------------


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8")).get("cells", [])


def first_heading(path: Path) -> str | None:
    """The text of the first Markdown heading of a notebook, without the ``#``."""
    for cell in _cells(path):
        if cell.get("cell_type") == "markdown":
            for line in "".join(cell.get("source", "")).splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return None


def exercises_in(path: Path) -> list[tuple[str, str]]:
    """``(number, title)`` of each exercise a lecture announces in Markdown."""
    found = []
    for cell in _cells(path):
        if cell.get("cell_type") == "markdown":
            for m in _EXERCISE_MD.finditer("".join(cell.get("source", ""))):
                found.append((m.group(1) or m.group(3), m.group(2) or m.group(4)))
    return found


def check_ids_in(path: Path) -> list[str]:
    """The exercise ids passed to checks in a notebook's code cells, in order.

    ``lectures.check("01.2", answer)`` or ``check_number(..., exercise="01.2")``.
    """
    ids = []
    for cell in _cells(path):
        if cell.get("cell_type") == "code":
            for keyword, positional in _CHECK_ID.findall("".join(cell.get("source", ""))):
                ids.append(keyword or positional)
    return ids


def notebook_problems(course: Course) -> list[str]:
    """Where the manifest and the notebooks beside it disagree (empty when they agree).

    Every listed lecture and solutions notebook exists; every notebook in the folder
    (and in ``solutions/``) is listed; each title is the notebook's first heading; the
    exercises are those the lecture announces ("### Exercise N: title" or
    "**Exercise N (title).**"), in order; every ``exercise="..."`` id passed to a check
    is one of that lecture's ids, and once a lecture passes ids, every exercise has one.
    """
    problems: list[str] = []
    folder = course.folder
    listed = {lec.file for lec in course.lectures}
    listed_solutions = {lec.solutions for lec in course.lectures if lec.solutions}
    for nb in sorted(folder.glob("*.ipynb")):
        if nb.name not in listed:
            problems.append(f"{nb.name} exists but {course.path.name} does not list it")
    for nb in sorted(folder.glob("solutions/*.ipynb")):
        rel = nb.relative_to(folder).as_posix()
        if rel not in listed_solutions:
            problems.append(f"{rel} exists but no lecture in {course.path.name} names it")
    for lec in course.lectures:
        path = folder / lec.file
        if not path.is_file():
            problems.append(f"{lec.file} is listed in {course.path.name} but does not exist")
            continue
        # A student release (gdkit/release.py) has no solutions/ folder at all.
        has_solutions = (folder / "solutions").is_dir()
        heading = first_heading(path)
        if heading != lec.title:
            problems.append(f"{lec.file}: title {lec.title!r} but the first heading is {heading!r}")
        announced = exercises_in(path)
        expected = [(ex.id.rsplit(".", 1)[-1], ex.title) for ex in lec.exercises]
        if announced != expected:
            problems.append(
                f"{lec.file}: the manifest's exercises {expected} (number from the id, title) "
                f"differ from those in the notebook {announced}"
            )
        own = {ex.id for ex in lec.exercises}
        notebooks = [path] + ([folder / lec.solutions] if lec.solutions and has_solutions else [])
        for nb in notebooks:
            if not nb.is_file():
                problems.append(
                    f"{lec.file}: its solutions notebook {lec.solutions} does not exist"
                )
                continue
            used = check_ids_in(nb)
            rel = nb.relative_to(folder).as_posix()
            for bad in sorted(set(used) - own):
                problems.append(
                    f"{rel}: a check passes exercise={bad!r}, not an exercise of {lec.file} {sorted(own)}"
                )
            if used and nb == path:
                for missing in sorted(own - set(used)):
                    problems.append(f"{rel}: no check passes exercise={missing!r}")
    return problems


# --------------------------------------------------------------------------------------
# Rendering the lists
# --------------------------------------------------------------------------------------


def _plain(text: str) -> str:
    return text.replace("`", "")


def readme_table(course: Course) -> str:
    """The table in the repository's README.md (paths relative to the repository)."""
    rows = ["| notebook | one line |", "|---|---|"]
    rows += [f"| `{lec.file}` | {lec.summary} |" for lec in course.lectures]
    return "\n".join(rows)


def lecture_list(course: Course) -> str:
    """The numbered list in lectures/README.md (links relative to lectures/)."""
    lines = []
    for lec in course.lectures:
        extra = []
        if lec.exercises:
            extra.append(f"{len(lec.exercises)} exercises")
        if lec.solutions:
            extra.append(f"[solutions]({lec.solutions})")
        tail = f" ({', '.join(extra)})" if extra else ""
        lines.append(f"1. [{lec.title}]({lec.file}): {lec.summary}{tail}")
    return "\n".join(lines)


class LectureTable:
    """The lecture list shown by the welcome notebook (Markdown in JupyterLab, text elsewhere)."""

    def __init__(self, course: Course):
        self.course = course

    def _repr_markdown_(self) -> str:
        rows = ["| lecture | what you learn | exercises |", "|---|---|---|"]
        for lec in self.course.lectures:
            count = str(len(lec.exercises)) if lec.exercises else "—"
            rows.append(f"| [{lec.title}]({lec.file}) | {lec.summary} | {count} |")
        return "\n".join(rows)

    def __repr__(self) -> str:
        width = max(len(lec.file) for lec in self.course.lectures)
        return "\n".join(f"{lec.file:<{width}}  {lec.title}" for lec in self.course.lectures)


def lecture_table(path: str | os.PathLike | None = None) -> LectureTable:
    """The course's lectures as a table for a notebook, read from the manifest
    (found from the current folder when ``path`` is None)."""
    return LectureTable(load_course(path))


# --------------------------------------------------------------------------------------
# python -m gdkit.course --check / --write
# --------------------------------------------------------------------------------------


def _targets(course: Course) -> list[tuple[Path, str]]:
    """The files whose lecture list is generated, and what goes between the markers."""
    out = [(course.folder / "README.md", lecture_list(course))]
    repo_readme = course.folder.parent / "README.md"
    if repo_readme.is_file() and START in repo_readme.read_text(encoding="utf-8"):
        out.append((repo_readme, readme_table(course)))
    return out


def replace_between_markers(text: str, body: str, where: str) -> str:
    """``text`` with everything between :data:`START` and :data:`END` replaced by ``body``."""
    if text.count(START) != 1 or text.count(END) != 1 or text.index(START) > text.index(END):
        raise CourseError(
            f"{where} must contain the lines {START} and {END} once each, in that order, "
            f"around the lecture list (found {text.count(START)} start and {text.count(END)} end)"
        )
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{body}\n{END}{tail}"


def _git_original(path: Path) -> bytes | None:
    """The file as committed at git's HEAD, or None (no git, not a checkout, not tracked)."""
    import subprocess

    try:
        top = subprocess.run(
            ["git", "-C", str(path.parent), "rev-parse", "--show-toplevel"],
            capture_output=True, text=True, check=True, timeout=30,
        ).stdout.strip()  # fmt: skip
        rel = path.resolve().relative_to(Path(top).resolve()).as_posix()
        return subprocess.run(
            ["git", "-C", top, "show", f"HEAD:{rel}"], capture_output=True, check=True, timeout=60
        ).stdout
    except (OSError, ValueError, subprocess.SubprocessError):
        return None


def snapshot_originals(course: Course) -> list[str]:
    """Write ``originals/NAME.ipynb.original`` for every lecture; return what was done.

    The content is the lecture at git's ``HEAD`` when the course is a git checkout;
    otherwise the file itself, but only when no snapshot exists yet (so a student's
    edits never replace an original).  Files whose content is unchanged are not
    rewritten.
    """
    target = course.folder / course.originals
    target.mkdir(parents=True, exist_ok=True)
    done = []
    for lec in course.lectures:
        source = course.folder / lec.file
        dest = course.original_of(lec)
        data = _git_original(source)
        how = "from git HEAD"
        if data is None:
            if dest.exists() or not source.is_file():
                done.append(f"{lec.file}: kept the existing snapshot" if dest.exists()
                            else f"{lec.file}: missing, no snapshot")  # fmt: skip
                continue
            data, how = source.read_bytes(), "copied (not a git checkout)"
        try:
            json.loads(data)
        except ValueError:
            raise CourseError(f"{lec.file} ({how}) is not a JSON notebook") from None
        if dest.exists() and dest.read_bytes() == data:
            done.append(f"{lec.file}: up to date")
            continue
        tmp = dest.with_name(dest.name + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(dest)
        done.append(f"{lec.file}: written, {how}")
    return done


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m gdkit.course",
        description="Check the course manifest against the notebooks, and check or rewrite "
        "the lecture lists generated from it.",
    )
    parser.add_argument("manifest", nargs="?", help="course.json (default: found from here)")
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--check", action="store_true", help="fail if anything is stale or wrong")
    mode.add_argument("--write", action="store_true", help="rewrite the generated lecture lists")
    mode.add_argument(
        "--snapshot",
        action="store_true",
        help="write the originals that the extension's Reset lecture restores",
    )
    args = parser.parse_args(argv)
    try:
        course = load_course(args.manifest)
        if args.snapshot:
            done = snapshot_originals(course)
            print(f"{course.folder / course.originals}: {len(done)} lecture originals checked")
            for line in done:
                if "up to date" not in line:
                    print(f"  {line}")
            return 0
        problems = notebook_problems(course)
        stale = []
        for path, body in _targets(course):
            text = path.read_text(encoding="utf-8")
            new = replace_between_markers(text, body, str(path))
            if new != text:
                if args.write:
                    path.write_text(new, encoding="utf-8")
                    print(f"wrote the lecture list in {path}")
                else:
                    stale.append(
                        f"{path}: the lecture list is stale; run python -m gdkit.course --write"
                    )
    except CourseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for line in problems + stale:
        print(f"error: {line}", file=sys.stderr)
    if problems or stale:
        return 1
    if args.check:
        print(f"{course.path}: {len(course.lectures)} lectures, manifest and lists are current")
    return 0


if __name__ == "__main__":
    sys.exit(main())
