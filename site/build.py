"""Build the course website from the lectures' stored outputs (``make site`` runs this).

    python site/build.py [--out build/site] [--solutions] [--hub-url URL]
                         [--repository URL] [--branch NAME]

Three steps, each offline once the first has run:

1. MathJax is vendored from npm: ``npm ci`` installs the exact version that
   ``site/npm/package-lock.json`` pins (npm checks its sha512 integrity) into
   ``build/site-npm``; the parts the site loads are copied next to the other static files,
   so no page ever asks a CDN for anything.
2. The sources are staged in ``<out>-work/src``: the pages in ``site/`` (``*.md``), the
   syllabus map (``lectures/README.md``) and a copy of every ``lectures/*.ipynb`` (and of
   ``lectures/solutions/*.ipynb`` with ``--solutions``).  The repository's notebooks are
   only read, and never executed: the site shows their stored outputs.
3. Sphinx (myst-nb, sphinx-book-theme; configuration in ``site/conf.py``) writes the HTML
   into ``--out`` with warnings as errors (``-W --keep-going``).

Open ``build/site/index.html`` from the file system or serve the folder with any static
web server.
"""

from __future__ import annotations

import argparse
import filecmp
import hashlib
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SITE = REPO / "site"
LECTURES = REPO / "lectures"
NPM_SPEC = SITE / "npm"
DEFAULT_OUT = REPO / "build" / "site"
DEFAULT_NPM_DIR = REPO / "build" / "site-npm"
# The parts of MathJax's es5 bundle the site can load: the combined TeX + MathML ->
# CommonHTML component, what it loads on demand (TeX extensions, fonts, the menu, the
# assistive-MathML and explorer extensions and the speech-rule engine they use).
MATHJAX_PARTS = (
    "tex-mml-chtml.js",
    "input/tex",
    "input/mml",
    "output/chtml",
    "a11y",
    "ui",
    "sre",
)
# Pages besides the notebooks.  The syllabus map keeps its folder (lectures/), so that
# its links to the notebooks resolve.
PAGES = {"index.md": SITE / "index.md", "lectures/syllabus.md": LECTURES / "README.md"}
# A Markdown link to a notebook: [text](target.ipynb) or [text](target.ipynb#anchor).
NOTEBOOK_LINK = re.compile(r"\[([^\]]*)\]\(([^)\s#]+\.ipynb)(#[^)\s]*)?\)")

# The settings site/conf.py reads (defaults there); HUB_URL's default is a placeholder.
ENV_DEFAULTS = {
    "hub_url": "GDKIT_HUB_URL",
    "repository": "GDKIT_SITE_REPOSITORY",
    "branch": "GDKIT_SITE_BRANCH",
}


class SiteBuildError(RuntimeError):
    pass


def _digest(*paths: Path) -> str:
    h = hashlib.sha256()
    for path in paths:
        h.update(path.read_bytes())
    return h.hexdigest()


def vendor_mathjax(npm_dir: Path = DEFAULT_NPM_DIR) -> Path:
    """Install the pinned MathJax with ``npm ci`` (once per lock file) and return its
    ``es5`` folder."""
    package, lock = NPM_SPEC / "package.json", NPM_SPEC / "package-lock.json"
    pinned = json.loads(lock.read_text())["packages"]["node_modules/mathjax"]["version"]
    stamp = npm_dir / ".installed-lock-sha256"
    installed = npm_dir / "node_modules" / "mathjax"
    wanted = _digest(package, lock)
    if not (stamp.is_file() and stamp.read_text() == wanted and installed.is_dir()):
        npm = shutil.which("npm")
        if npm is None:
            raise SiteBuildError(
                "npm not found: the site ships MathJax from npm (site/npm/package-lock.json). "
                "Install Node.js and npm (Debian: apt-get install npm) and run `make site` again."
            )
        npm_dir.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(package, npm_dir / "package.json")
        shutil.copyfile(lock, npm_dir / "package-lock.json")
        cmd = [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"]
        proc = subprocess.run(cmd, cwd=npm_dir, capture_output=True, text=True)
        if proc.returncode != 0:
            raise SiteBuildError(
                f"`{' '.join(cmd)}` failed in {npm_dir} (exit {proc.returncode}):\n"
                f"{proc.stdout}{proc.stderr}"
            )
        stamp.write_text(wanted)
    version = json.loads((installed / "package.json").read_text())["version"]
    if version != pinned:
        raise SiteBuildError(f"npm installed mathjax {version}, the lock file pins {pinned}")
    return installed / "es5"


def copy_mathjax(es5: Path, vendor_dir: Path) -> Path:
    """Copy the MathJax parts the site loads into ``vendor_dir/mathjax``."""
    target = vendor_dir / "mathjax"
    for part in MATHJAX_PARTS:
        src, dst = es5 / part, target / part
        if src.is_dir():
            shutil.copytree(src, dst, dirs_exist_ok=True)
        else:
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dst)
    shutil.copyfile(es5.parent / "LICENSE", target / "LICENSE")
    return target


def _selected(stem: str, only: set[str] | None) -> bool:
    return only is None or stem in only or stem.removesuffix("_solutions") in only


def staged_files(*, solutions: bool, only: set[str] | None = None) -> dict[str, Path]:
    """``{path in the Sphinx source tree: file it is copied from}``."""
    files = dict(PAGES)
    notebooks = sorted(LECTURES.glob("*.ipynb"))
    if solutions:
        notebooks += sorted((LECTURES / "solutions").glob("*.ipynb"))
    for nb in notebooks:
        if _selected(nb.stem, only):
            files[nb.relative_to(REPO).as_posix()] = nb
    return files


def unlink_missing_notebooks(text: str, page: str, files: dict[str, Path]) -> str:
    """Turn the Markdown links of ``page`` that point at a notebook the site leaves out
    (the solutions, by default) into plain text."""

    def replace(match: re.Match[str]) -> str:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), match[2]))
        return match[0] if target in files else match[1]

    return NOTEBOOK_LINK.sub(replace, text)


def stage_sources(src_dir: Path, files: dict[str, Path]) -> None:
    """Make ``src_dir`` hold exactly ``files`` (Markdown pages with their links to left-out
    notebooks unlinked); unchanged copies keep their time stamps, so that Sphinx re-reads
    only what changed."""
    for rel, origin in files.items():
        dst = src_dir / rel
        if rel.endswith(".md"):
            text = unlink_missing_notebooks(origin.read_text(encoding="utf-8"), rel, files)
            if not (dst.is_file() and dst.read_text(encoding="utf-8") == text):
                dst.parent.mkdir(parents=True, exist_ok=True)
                dst.write_text(text, encoding="utf-8")
        elif not (dst.is_file() and filecmp.cmp(origin, dst, shallow=False)):
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(origin, dst)
    for path in sorted(src_dir.rglob("*"), reverse=True):
        rel = path.relative_to(src_dir).as_posix()
        if path.is_file() and rel not in files:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()


def _forget_removed_pages(out: Path, work: Path, files: dict[str, Path]) -> None:
    """Sphinx never deletes the page of a source that went away: when a build has fewer
    sources than the last one (the solutions switched off, a lecture renamed), start
    from an empty output folder, so that no stale page (a solution!) is published."""
    record = work / "staged-files.json"
    before = set(json.loads(record.read_text())) if record.is_file() else None
    if before is None or before - set(files):
        if (out / ".buildinfo").is_file():  # only ever delete what Sphinx wrote
            shutil.rmtree(out)
        shutil.rmtree(work / "doctrees", ignore_errors=True)
    work.mkdir(parents=True, exist_ok=True)
    record.write_text(json.dumps(sorted(files), indent=1))


def build(
    out: Path = DEFAULT_OUT,
    *,
    solutions: bool = False,
    hub_url: str | None = None,
    repository: str | None = None,
    branch: str | None = None,
    only: set[str] | None = None,
    npm_dir: Path = DEFAULT_NPM_DIR,
    jobs: str = "1",
) -> float:
    """Build the site into ``out``; returns the seconds it took.  Raises SiteBuildError."""
    t0 = time.monotonic()
    out = Path(out).resolve()
    work = out.parent / f"{out.name}-work"
    vendor = work / "vendor"
    copy_mathjax(vendor_mathjax(npm_dir), vendor)
    files = staged_files(solutions=solutions, only=only)
    _forget_removed_pages(out, work, files)
    stage_sources(work / "src", files)

    settings = {"gdkit_solutions": "1" if solutions else "0", "gdkit_vendor_dir": str(vendor)}
    for key, value in (("hub_url", hub_url), ("repository", repository), ("branch", branch)):
        value = value or os.environ.get(ENV_DEFAULTS[key])
        if value:
            settings[f"gdkit_{key}"] = value
    cmd = [
        sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-q",
        "-j", jobs, "-c", str(SITE), "-d", str(work / "doctrees"),
        *[arg for key, value in settings.items() for arg in ("-D", f"{key}={value}")],
        str(work / "src"), str(out),
    ]  # fmt: skip
    proc = subprocess.run(cmd, cwd=REPO)
    if proc.returncode != 0:
        raise SiteBuildError(
            f"sphinx-build failed (exit {proc.returncode}; warnings are errors): {' '.join(cmd)}"
        )
    return time.monotonic() - t0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python site/build.py", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (%(default)s)")
    parser.add_argument(
        "--solutions", action="store_true", help="include lectures/solutions/ (left out by default)"
    )
    parser.add_argument(
        "--hub-url", help="JupyterHub for the launch links ($GDKIT_HUB_URL; a placeholder if unset)"
    )
    parser.add_argument("--repository", help="repository Binder and nbgitpuller use")
    parser.add_argument("--branch", help="its branch")
    parser.add_argument(
        "--only", action="append", metavar="STEM",
        help="build only this lecture (and its solutions), e.g. 03_gradient_descent; repeatable",
    )  # fmt: skip
    parser.add_argument("-j", "--jobs", default="1", help="Sphinx parallel jobs (default 1)")
    args = parser.parse_args(argv)
    try:
        seconds = build(
            args.out, solutions=args.solutions, hub_url=args.hub_url,
            repository=args.repository, branch=args.branch,
            only=set(args.only) if args.only else None, jobs=args.jobs,
        )  # fmt: skip
    except SiteBuildError as error:
        print(f"site: {error}", file=sys.stderr)
        return 1
    index = Path(args.out).resolve() / "index.html"
    print(f"site: built in {seconds:.1f} s: {index}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
