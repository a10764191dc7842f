"""Launch links for the course: nbgitpuller links for a JupyterHub, and Binder links.

An nbgitpuller link sends a student to ``<hub>/hub/user-redirect/git-pull``. The
hub logs the student in, nbgitpuller clones (or updates, merging the student's
edits) the repository into a folder of the student's home, and JupyterLab then
opens ``urlpath``. That path is relative to the server's root folder (the
student's home), so it must include the folder nbgitpuller clones into. By
default that folder is the last part of the repository URL, exactly as written
(``https://github.com/me/course.git`` clones into ``course.git``); a hub that
sets ``NBGITPULLER_PARENTPATH`` clones below that folder instead, so pass
``targetpath`` including it. nbgitpuller's clone is shallow and its later pulls
merge: a student's edits win where they conflict with the instructor's.

Run ``python -m gdkit.links HUB_URL`` to print the link for this course.
"""

from __future__ import annotations

import argparse
import sys
from urllib.parse import quote, urlencode, urlsplit

DEFAULT_REPOSITORY = "https://github.com/gdkit-course/gdkit"
DEFAULT_BRANCH = "main"
DEFAULT_NOTEBOOK = "lectures/00_welcome.ipynb"

__all__ = ["binder_link", "nbgitpuller_link", "repository_folder"]


def _http_url(value: str, name: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string URL, got {type(value).__name__}")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"{name} must be an http(s) URL such as https://hub.example.edu, got {value!r}")
    if parts.query or parts.fragment or any(c.isspace() for c in value):
        raise ValueError(f"{name} must be a plain URL without '?', '#' or spaces, got {value!r}")
    return value.rstrip("/")


def _branch(value: str) -> str:
    """A git branch (or tag) name: checked against git's rules for ref names, in short."""
    if not isinstance(value, str):
        raise TypeError(f"branch must be a string, got {type(value).__name__}")
    bad = set(value) & set("~^:?*[\\")
    if (
        not value
        or any(c.isspace() for c in value)
        or bad
        or value.startswith(("-", "/"))
        or value.endswith(("/", ".", ".lock"))
        or ".." in value
        or "//" in value
    ):
        raise ValueError(
            f"branch must be a git branch name such as 'main' or 'student' "
            f"(no spaces, '..', any of ~^:?*[ or a backslash, no leading '-'), got {value!r}"
        )
    return value


def _relative_path(value: str, name: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string path, got {type(value).__name__}")
    if not value.strip("/"):
        raise ValueError(f"{name} must be a non-empty relative path, got {value!r}")
    if value.startswith("/") or ".." in value.split("/"):
        raise ValueError(f"{name} must stay inside the repository (no leading '/' or '..'), got {value!r}")
    return value.strip("/")


def repository_folder(repository: str) -> str:
    """The folder nbgitpuller clones ``repository`` into when no ``targetpath`` is given.

    nbgitpuller takes the last part of the URL after removing trailing slashes,
    and keeps a ``.git`` suffix:

    >>> repository_folder("https://github.com/gdkit-course/gdkit")
    'gdkit'
    >>> repository_folder("https://github.com/gdkit-course/gdkit.git/")
    'gdkit.git'
    """
    url = _http_url(repository, "repository")
    if not urlsplit(url).path.strip("/"):
        raise ValueError(
            f"repository must be the URL of a repository such as "
            f"https://github.com/me/course, got {repository!r}"
        )
    return url.rstrip("/").split("/")[-1]


def nbgitpuller_link(
    hub_url: str,
    repository: str = DEFAULT_REPOSITORY,
    branch: str = DEFAULT_BRANCH,
    notebook: str = DEFAULT_NOTEBOOK,
    targetpath: str | None = None,
) -> str:
    """The nbgitpuller link that clones ``repository`` at ``branch`` and opens ``notebook``.

    ``notebook`` is relative to the repository; the link's ``urlpath`` prefixes
    the folder the repository is cloned into (``targetpath``, by default
    :func:`repository_folder`), and ``branch`` is always given, so the link does
    not depend on the repository's default branch.

    >>> nbgitpuller_link("https://hub.example.edu", "https://github.com/me/course", "student")
    'https://hub.example.edu/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2Fme%2Fcourse&branch=student&urlpath=lab%2Ftree%2Fcourse%2Flectures%2F00_welcome.ipynb'
    """
    hub = _http_url(hub_url, "hub_url")
    repo = _http_url(repository, "repository")
    branch = _branch(branch)
    notebook = _relative_path(notebook, "notebook")
    folder = repository_folder(repo) if targetpath is None else _relative_path(targetpath, "targetpath")
    query = {"repo": repo, "branch": branch, "urlpath": f"lab/tree/{folder}/{notebook}"}
    if targetpath is not None:
        query["targetpath"] = folder
    return f"{hub}/hub/user-redirect/git-pull?{urlencode(query, quote_via=quote, safe='')}"


def binder_link(
    repository: str = DEFAULT_REPOSITORY,
    branch: str = DEFAULT_BRANCH,
    notebook: str = DEFAULT_NOTEBOOK,
    binder_url: str = "https://mybinder.org",
) -> str:
    """A mybinder.org link that builds ``repository`` at ``branch`` and opens ``notebook`` in JupyterLab.

    >>> binder_link("https://github.com/me/course")
    'https://mybinder.org/v2/gh/me/course/main?urlpath=lab/tree/lectures/00_welcome.ipynb'
    """
    parts = urlsplit(_http_url(repository, "repository"))
    if parts.netloc != "github.com":
        raise ValueError(f"repository must be a github.com URL for a Binder link, got {repository!r}")
    slug = parts.path.strip("/").removesuffix(".git")
    if slug.count("/") != 1:
        raise ValueError(
            f"repository must be https://github.com/OWNER/NAME for a Binder link, got {repository!r}"
        )
    branch = quote(_branch(branch), safe="")
    notebook = _relative_path(notebook, "notebook")
    return f"{_http_url(binder_url, 'binder_url')}/v2/gh/{slug}/{branch}?urlpath=lab/tree/{notebook}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m gdkit.links",
        description="Print the nbgitpuller link that opens this course on a JupyterHub.",
    )
    parser.add_argument("hub_url", help="the hub's address, e.g. https://hub.example.edu")
    parser.add_argument("--repository", default=DEFAULT_REPOSITORY, help="git URL students pull from")
    parser.add_argument("--branch", default=DEFAULT_BRANCH, help="branch students pull (default: %(default)s)")
    parser.add_argument("--notebook", default=DEFAULT_NOTEBOOK, help="notebook to open (default: %(default)s)")
    parser.add_argument("--targetpath", default=None, help="folder to clone into (default: the repository's name)")
    args = parser.parse_args(argv)
    try:
        print(nbgitpuller_link(args.hub_url, args.repository, args.branch, args.notebook, args.targetpath))
    except (TypeError, ValueError) as error:
        parser.error(str(error))
    return 0


if __name__ == "__main__":
    sys.exit(main())
