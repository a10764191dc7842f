"""The student release: the course without the reference solutions, as a git branch.

Students pull the course with nbgitpuller, so what they pull must not contain
``lectures/solutions/``. This module copies what students need into its own
output folder (by default ``build/student-release``) and commits it there on a
branch (by default ``student``)::

    python -m gdkit.release                   # or: make student-release
    git -C build/student-release push https://github.com/me/course-student student

The release holds ``lectures/`` (without ``solutions/`` and the authors' notes
in ``AUTHORING.md``), ``gdkit/``, ``binder/`` (so repo2docker builds the same
image from it), ``extension/`` when the repository has one (without
``node_modules``), ``pyproject.toml`` and ``LICENSE``, and a short README for
students. In a git checkout the files are those git tracks plus untracked
files it does not ignore; elsewhere every file under those paths.

Each run adds one commit on top of the last, never rewriting the branch, so
students' nbgitpuller pulls stay merges of a linear history. Nothing outside the
output folder is written or deleted; a non-empty output folder that is not an
earlier release is refused.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path, PurePosixPath

__all__ = ["INCLUDED", "MARKER", "build_release", "release_files"]

ROOT = Path(__file__).resolve().parents[1]
#: Top-level paths copied into the release (those that exist).
INCLUDED = ("lectures", "gdkit", "binder", "extension", "pyproject.toml", "LICENSE")
#: Paths (relative to the repository) never copied, files or whole folders.
EXCLUDED = ("lectures/solutions", "lectures/AUTHORING.md")
#: Folder names skipped wherever they occur.
SKIPPED_DIRS = frozenset({"node_modules", "__pycache__", ".ipynb_checkpoints", ".git"})
#: Written into the output folder; only a folder holding it is ever emptied.
MARKER = ".gdkit-student-release"
DEFAULT_OUTPUT = ROOT / "build" / "student-release"
DEFAULT_BRANCH = "student"

STUDENT_README = """\
# How neural networks learn: the lectures

Open `lectures/00_welcome.ipynb` first: it says how the course works and checks
that everything it needs is installed.

Your edits are yours. When your instructor updates the course and you follow
the course link again, the update is merged into your copy; where you and the
instructor changed the same lines, your version is kept. To get a fresh copy of
one notebook, delete (or rename) it and follow the link again.

On your own computer: `pip install -e .` in this folder (Python 3.11 or newer),
then `jupyter lab`.

Code and lectures: MIT (see `LICENSE`); the MNIST sample keeps its own terms
(see `gdkit/data/MNIST_SAMPLE.md`).
"""


def _skipped(relative: PurePosixPath) -> bool:
    text = relative.as_posix()
    if any(text == e or text.startswith(e + "/") for e in EXCLUDED):
        return True
    if any(part in SKIPPED_DIRS or part.endswith(".egg-info") for part in relative.parts[:-1]):
        return True
    return relative.suffix in (".pyc", ".pyo")


def _git_files(source: Path) -> list[str] | None:
    """Tracked files and untracked files git does not ignore, or None outside a git work tree."""
    if not (source / ".git").exists() or shutil.which("git") is None:
        return None
    result = subprocess.run(
        ["git", "-C", str(source), "ls-files", "-z", "--cached", "--others", "--exclude-standard",
         "--", *INCLUDED],
        capture_output=True, check=False,
    )
    if result.returncode != 0:
        return None
    return [name for name in result.stdout.decode().split("\0") if name]


def _walked_files(source: Path) -> list[str]:
    names = []
    for top in INCLUDED:
        path = source / top
        if path.is_file():
            names.append(top)
        elif path.is_dir():
            for folder, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS)
                rel = Path(folder).relative_to(source)
                names.extend((rel / f).as_posix() for f in files)
    return names


def release_files(source: Path = ROOT) -> list[str]:
    """The repository-relative paths of the files the student release copies from ``source``."""
    source = Path(source)
    if not (source / "lectures").is_dir() or not (source / "gdkit").is_dir():
        raise ValueError(
            f"source must be the course repository (with lectures/ and gdkit/), got {str(source)!r}"
        )
    names = _git_files(source)
    if names is None:
        names = _walked_files(source)
    keep = set()
    for name in names:
        path = source / name
        if not _skipped(PurePosixPath(name)) and path.is_file() and not path.is_symlink():
            keep.add(name)
    return sorted(keep)


def _check_output(output: Path, source: Path) -> None:
    output_r, source_r = output.resolve(), source.resolve()
    if output_r == source_r or output_r in source_r.parents:
        raise ValueError(
            f"output must be a folder of its own, not the repository or a folder above it, "
            f"got {str(output)!r}"
        )
    for top in INCLUDED:
        inside = source_r / top
        if output_r == inside or inside in output_r.parents:
            raise ValueError(
                f"output must not lie inside the copied path {top!r}; use e.g. "
                f"build/student-release, got {str(output)!r}"
            )
    if output.exists() and not output.is_dir():
        raise ValueError(f"output must be a folder, but {str(output)!r} is a file")
    if output.is_dir() and any(output.iterdir()) and not (output / MARKER).is_file():
        raise ValueError(
            f"output folder {str(output)!r} is not empty and holds no earlier student release "
            f"(no {MARKER} file); choose an empty or new folder"
        )


def _git(output: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", "-C", str(output), *args], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)} failed in {output}: {result.stderr.strip()}")
    return result.stdout.strip()


def _source_version(source: Path) -> str:
    if not (source / ".git").exists() or shutil.which("git") is None:
        return "unknown version"
    head = subprocess.run(["git", "-C", str(source), "rev-parse", "--short", "HEAD"],
                          capture_output=True, text=True, check=False).stdout.strip()
    dirty = subprocess.run(["git", "-C", str(source), "status", "--porcelain"],
                           capture_output=True, text=True, check=False).stdout.strip()
    return (head or "no commit") + ("+uncommitted changes" if dirty else "")


def _commit(output: Path, branch: str, message: str) -> str | None:
    """Commit everything in ``output`` on ``branch``; the new commit's hash, or None if unchanged."""
    if not (output / ".git").exists():
        _git(output, "init", "-q", "-b", branch)
        with open(output / ".git" / "info" / "exclude", "a") as exclude:
            exclude.write(f"/{MARKER}\n")
    current = _git(output, "symbolic-ref", "--short", "HEAD")
    if current != branch:
        raise RuntimeError(
            f"the release repository {output} is on branch {current!r}, not {branch!r}; "
            "pass --branch with that name or use another output folder"
        )
    _git(output, "add", "-A")
    if not _git(output, "status", "--porcelain"):
        return None
    identity = []
    if not subprocess.run(["git", "-C", str(output), "config", "user.email"],
                          capture_output=True, check=False).stdout.strip():
        identity = ["-c", "user.name=gdkit student release", "-c", "user.email=release@gdkit.invalid"]
    _git(output, *identity, "commit", "-q", "-m", message)
    return _git(output, "rev-parse", "HEAD")


def build_release(
    output: Path = DEFAULT_OUTPUT,
    source: Path = ROOT,
    branch: str | None = DEFAULT_BRANCH,
) -> list[str]:
    """Write the student release of ``source`` into ``output``; commit it on ``branch``.

    ``branch=None`` writes the folder only. Returns the released paths, relative
    to ``output``. Files of an earlier release that are no longer released are
    removed from ``output``; nothing outside ``output`` is touched.
    """
    source, output = Path(source), Path(output)
    if branch is not None and (not isinstance(branch, str) or not branch.strip()
                               or any(c.isspace() for c in branch)):
        raise ValueError(f"branch must be a git branch name such as 'student', got {branch!r}")
    names = release_files(source)
    _check_output(output, source)
    if branch is not None and shutil.which("git") is None:
        raise RuntimeError("git is not installed: install it, or pass branch=None (--no-git)")
    output.mkdir(parents=True, exist_ok=True)
    (output / MARKER).write_text("Written by `python -m gdkit.release`; this folder is replaced "
                                 "on every release.\n")
    for entry in output.iterdir():  # clear the earlier release, keeping its git history
        if entry.name in (".git", MARKER):
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    for name in names:
        target = output / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source / name, target)
    (output / "README.md").write_text(STUDENT_README)
    released = sorted([*names, "README.md"])
    if branch is not None:
        _commit(output, branch, f"Student release of the course ({_source_version(source)})")
    return released


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m gdkit.release",
        description="Write the student release (the course without lectures/solutions/) "
        "into its own folder and commit it there on a git branch.",
    )
    parser.add_argument("output", nargs="?", type=Path, default=DEFAULT_OUTPUT,
                        help="output folder (default: build/student-release)")
    parser.add_argument("--branch", default=DEFAULT_BRANCH, help="branch to commit on (default: %(default)s)")
    parser.add_argument("--no-git", action="store_true", help="write the folder only, no git commit")
    args = parser.parse_args(argv)
    try:
        names = build_release(args.output, ROOT, None if args.no_git else args.branch)
    except (ValueError, RuntimeError) as error:
        parser.error(str(error))
    where = args.output if args.no_git else f"{args.output} (branch {args.branch!r})"
    print(f"student release: {len(names)} files in {where}; lectures/solutions/ left out")
    return 0


if __name__ == "__main__":
    sys.exit(main())
