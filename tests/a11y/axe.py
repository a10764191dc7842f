"""Accessibility audit with axe-core, for the browser and site tests.

axe-core comes from npm: ``tests/a11y/package-lock.json`` pins it (npm checks its sha512
integrity) and ``npm ci`` installs it into ``tests/a11y/node_modules`` (``make setup`` does,
through ``python tests/a11y/axe.py --install``; :func:`ensure_axe` does on first use when
it has not).  It is injected into the page under test, never loaded from a CDN.

:func:`audit` runs the WCAG 2.0/2.1 A and AA rules (tags ``wcag2a``, ``wcag2aa``,
``wcag21a``, ``wcag21aa``) on a Playwright page and sorts every violating node into one
of two groups:

* **course content**: what the course itself puts on screen, selected by a CSS selector
  (:data:`LAB_COURSE` in JupyterLab: cell outputs, rendered Markdown, the course
  extension's sidebar and buttons; :data:`SITE_COURSE` on the website: the page body and
  the launch links).  The tests require no ``serious`` or ``critical`` violation here;
* **JupyterLab's or the theme's own UI**: everything else (menus, toolbars, status bar,
  file browser; sphinx-book-theme's navigation and header).  Recorded, never failed on.

Each audit is written to ``test-artifacts/a11y/<name>.json`` (every violation with its
rule id, impact, target selector and HTML; a page audited again replaces its file), and
``test-artifacts/a11y/summary.json`` is rewritten with the counts by impact of both groups
over every audit in the folder (``make test`` audits them all in one run; ``make clean``
empties the folder), so the numbers can be quoted in ACCESSIBILITY.md.  Nothing is
deleted: pytest sessions running side by side each keep their audits.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
PACKAGE = HERE / "package.json"
LOCK = HERE / "package-lock.json"
NODE_MODULES = HERE / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
STAMP = NODE_MODULES / ".installed-lock-sha256"
ARTIFACTS = REPO / "test-artifacts" / "a11y"
SUMMARY = "summary.json"

WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
IMPACTS = ("critical", "serious", "moderate", "minor")
BLOCKING = ("critical", "serious")

# What the course puts on screen in JupyterLab: code cells' outputs (figures, tables,
# explorers, exercise checks), rendered Markdown cells, and the course extension's own
# widgets (the sidebar, .gdkit-Course*, and its notebook toolbar buttons).
LAB_COURSE = ", ".join(
    (
        ".jp-OutputArea-output",
        ".jp-MarkdownCell .jp-MarkdownOutput",
        "#gdkit-course-sidebar",
        ".gdkit-Course",
        "[class^='gdkit-']",
        "[class*=' gdkit-']",
    )
)
# What the course puts on a website page: the article (Markdown, stored outputs) and the
# launch links ("Run it on Binder / JupyterHub", site/templates/gdkit-launch.html).
SITE_COURSE = "article.bd-article, .gdkit-launch"

# One id per test run: with pytest-xdist every worker shares PYTEST_XDIST_TESTRUNUID.
RUN_ID = os.environ.get("PYTEST_XDIST_TESTRUNUID") or uuid.uuid4().hex


class AxeUnavailable(RuntimeError):
    """axe-core is not installed and npm is not there to install it."""


# ---------------------------------------------------------------------------------------
# Installing axe-core (npm ci, once per lock file)
# ---------------------------------------------------------------------------------------


def _wanted() -> str:
    return hashlib.sha256(PACKAGE.read_bytes() + LOCK.read_bytes()).hexdigest()


def pinned_version() -> str:
    return json.loads(LOCK.read_text())["packages"]["node_modules/axe-core"]["version"]


def installed() -> bool:
    return STAMP.is_file() and STAMP.read_text() == _wanted() and AXE_JS.is_file()


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive lock on ``path`` (two pytest-xdist workers, one install)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as handle:
        try:
            import fcntl
        except ImportError:  # not POSIX: no lock
            yield
            return
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def axe_unavailable_reason() -> str | None:
    """Why the audit cannot run here (the tests then skip), or None.

    Under CI (``CI`` set, as ``.ci/run`` does) a missing axe-core is an error, not a
    skip: the audit is part of the suite there.
    """
    if installed() or shutil.which("npm") is not None:
        return None
    reason = (
        "axe-core is not installed in tests/a11y/node_modules and npm is not found; install "
        "npm (Debian: apt-get install npm) and run `make setup`"
    )
    if os.environ.get("CI", "").strip().lower() in ("1", "true", "yes"):
        raise AxeUnavailable(f"the accessibility audit must run under CI: {reason}")
    return f"accessibility audit skipped: {reason}"


def ensure_axe() -> Path:
    """Install the pinned axe-core with ``npm ci`` unless the lock file's version is there
    already; return the path of ``axe.min.js``."""
    with _locked(HERE / ".npm-install.lock"):
        if installed():
            return AXE_JS
        npm = shutil.which("npm")
        if npm is None:
            raise AxeUnavailable(axe_unavailable_reason() or "npm not found")
        cmd = [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"]
        proc = subprocess.run(cmd, cwd=HERE, capture_output=True, text=True)
        if proc.returncode != 0:
            raise AxeUnavailable(
                f"`{' '.join(cmd)}` failed in {HERE} (exit {proc.returncode}):\n"
                f"{proc.stdout}{proc.stderr}"
            )
        version = json.loads((AXE_JS.parent / "package.json").read_text())["version"]
        if version != pinned_version():
            raise AxeUnavailable(
                f"npm installed axe-core {version}, the lock pins {pinned_version()}"
            )
        STAMP.write_text(_wanted())
        return AXE_JS


# ---------------------------------------------------------------------------------------
# Running it in a page
# ---------------------------------------------------------------------------------------

JS_RUN_AXE = """
async ([courseSelector, tags, include]) => {
  const context = include ? { include: [include] } : document;
  const results = await window.axe.run(context, {
    runOnly: { type: 'tag', values: tags },
    resultTypes: ['violations'],
    elementRef: true,
  });
  const cellOf = (el) => {
    const cell = el && el.closest && el.closest('.jp-Cell');
    if (!cell || !cell.parentElement) return null;
    const cells = Array.from(cell.parentElement.children).filter(
      (c) => c.classList.contains('jp-Cell'));
    return cells.indexOf(cell);
  };
  const out = [];
  for (const v of results.violations) {
    for (const n of v.nodes) {
      const el = n.element;
      out.push({
        rule: v.id,
        impact: n.impact || v.impact || 'minor',
        help: v.help,
        help_url: v.helpUrl,
        tags: v.tags.filter((t) => t.startsWith('wcag')),
        target: JSON.stringify(n.target),
        html: (n.html || '').slice(0, 400),
        summary: (n.failureSummary || '').slice(0, 600),
        course: !!(el && el.closest && el.closest(courseSelector)),
        cell: cellOf(el),
      });
    }
  }
  return { violations: out, url: results.url, version: window.axe.version };
}
"""


@dataclass
class Violation:
    rule: str
    impact: str
    help: str
    help_url: str
    tags: list[str]
    target: str  # axe's selector list, as JSON
    html: str
    summary: str
    course: bool  # inside the course content (else JupyterLab's / the theme's own UI)
    cell: int | None = None  # the notebook cell, in JupyterLab

    def line(self) -> str:
        where = f" (cell {self.cell})" if self.cell is not None else ""
        return f"[{self.impact}] {self.rule}: {self.target}{where}: {self.help}\n      {self.html}"


def counts_by_impact(violations: list[Violation]) -> dict[str, int]:
    counted = Counter(v.impact for v in violations)
    return {impact: counted.get(impact, 0) for impact in IMPACTS}


@dataclass
class AuditResult:
    name: str
    surface: str  # "jupyterlab" or "site"
    url: str
    axe_version: str
    seconds: float
    violations: list[Violation] = field(default_factory=list)

    @property
    def course(self) -> list[Violation]:
        return [v for v in self.violations if v.course]

    @property
    def ui(self) -> list[Violation]:
        return [v for v in self.violations if not v.course]

    @property
    def blocking(self) -> list[Violation]:
        """The course content's serious and critical violations (the tests fail on them)."""
        return [v for v in self.course if v.impact in BLOCKING]

    def failure_message(self) -> str:
        lines = [
            f"{self.name}: {len(self.blocking)} serious/critical accessibility violation(s) "
            f"in the course content (axe-core {self.axe_version}, WCAG 2.1 A/AA; "
            f"all of them in test-artifacts/a11y/{self.name}.json):"
        ]
        lines += [f"  - {v.line()}" for v in self.blocking[:40]]
        if len(self.blocking) > 40:
            lines.append(f"  ... and {len(self.blocking) - 40} more")
        return "\n".join(lines)

    def to_json(self) -> dict[str, Any]:
        return {
            "run": RUN_ID,
            "audited_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "name": self.name,
            "surface": self.surface,
            "url": self.url,
            "axe_core": self.axe_version,
            "tags": list(WCAG_TAGS),
            "seconds": round(self.seconds, 2),
            "counts": {
                "course_content": counts_by_impact(self.course),
                "jupyterlab_and_theme": counts_by_impact(self.ui),
            },
            "course_content": [asdict(v) for v in self.course],
            "jupyterlab_and_theme": [asdict(v) for v in self.ui],
        }


# Finite CSS transitions and animations still running (a colour fading after a theme
# switch would be measured half-way); infinite ones (spinners) are not waited for.
JS_SETTLED = """
() => document.getAnimations().every((a) => {
  const timing = a.effect && a.effect.getComputedTiming ? a.effect.getComputedTiming() : {};
  return a.playState !== 'running' || timing.iterations === Infinity;
})
"""


def settle(page: Any, timeout_s: float = 5.0) -> None:
    """Wait (at most ``timeout_s``) until no finite CSS transition or animation runs."""
    with contextlib.suppress(Exception):
        page.wait_for_function(JS_SETTLED, timeout=timeout_s * 1000, polling=100)


def audit(
    page: Any,
    name: str,
    *,
    surface: str,
    course_selector: str,
    include: str | None = None,
    artifacts: Path = ARTIFACTS,
) -> AuditResult:
    """Run axe-core's WCAG 2.0/2.1 A and AA rules on ``page`` (or on the elements matching
    ``include``), sort the violations into course content and the rest, write
    ``<artifacts>/<name>.json`` and refresh the run's ``summary.json``."""
    if surface not in ("jupyterlab", "site"):
        raise ValueError(f"surface= must be 'jupyterlab' or 'site', got {surface!r}")
    t0 = time.monotonic()
    settle(page)
    if not page.evaluate("() => !!window.axe"):
        page.add_script_tag(path=str(ensure_axe()))
    raw = page.evaluate(JS_RUN_AXE, [course_selector, list(WCAG_TAGS), include])
    result = AuditResult(
        name=name,
        surface=surface,
        url=raw["url"],
        axe_version=raw["version"],
        seconds=time.monotonic() - t0,
        violations=[Violation(**v) for v in raw["violations"]],
    )
    record(result, artifacts)
    return result


# ---------------------------------------------------------------------------------------
# Figures: axe only asks for an alt; whether it says anything is checked here
# ---------------------------------------------------------------------------------------

# Placeholders that say nothing about a figure: JupyterLab's own default ("Image"),
# Sphinx's (the file name), a content hash, matplotlib's repr.
PLACEHOLDER_ALT = re.compile(
    r"image|figure|picture|plot|graph|chart|"
    r"(?:[\w.~%-]*/)*[\w.~%-]+\.(?:png|jpe?g|gif|svg|webp|pdf)|[0-9a-f]{32,}|<Figure size .*",
    re.IGNORECASE,
)


def weak_alt(alt: str | None) -> str | None:
    """Why ``alt`` is no text alternative for a figure (None when it is one)."""
    if alt is None:
        return "no alt attribute"
    if not alt.strip():
        return 'alt="" (marks the figure as decorative)'
    if PLACEHOLDER_ALT.fullmatch(alt.strip()):
        return f"a placeholder, not a description: {alt.strip()!r}"
    return None


JS_OUTPUT_IMAGES = """
() => Array.from(document.querySelectorAll('.jp-OutputArea-output img')).map((img) => {
  const cell = img.closest('.jp-Cell');
  const cells = cell && cell.parentElement
    ? Array.from(cell.parentElement.children).filter((c) => c.classList.contains('jp-Cell'))
    : [];
  return {
    cell: cell ? cells.indexOf(cell) : null,
    alt: img.getAttribute('alt'),
    src: (img.getAttribute('src') || '').slice(0, 40),
    widget: !!img.closest('.jupyter-widgets'),
  };
})
"""


def output_images(page: Any) -> list[dict[str, Any]]:
    """Every ``<img>`` in a JupyterLab page's cell outputs (figures, explorers' pictures):
    its cell, ``alt``, the start of its ``src``, and whether a widget shows it."""
    return page.evaluate(JS_OUTPUT_IMAGES)


def figure_alt_problems(images: list[dict[str, Any]]) -> list[str]:
    """The images of :func:`output_images` whose ``alt`` is missing, empty or a
    placeholder, as ``cell N: ...: why``."""
    problems = []
    for image in images:
        why = weak_alt(image["alt"])
        if why:
            kind = "explorer picture" if image["widget"] else "figure"
            problems.append(f"cell {image['cell']}: {kind} {image['src']}...: {why}")
    return problems


# ---------------------------------------------------------------------------------------
# The artefacts
# ---------------------------------------------------------------------------------------


def _write(path: Path, data: dict[str, Any]) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, indent=1) + "\n")
    os.replace(tmp, path)


def _group(entries: list[dict[str, Any]], pages: list[str]) -> dict[str, Any]:
    counted = Counter(e["impact"] for e in entries)
    rules: dict[str, dict[str, Any]] = {}
    for e in entries:
        rule = rules.setdefault(
            e["rule"],
            {"impact": e["impact"], "help": e["help"], "nodes": 0, "pages": [], "targets": []},
        )
        rule["nodes"] += 1
        if e["_page"] not in rule["pages"]:
            rule["pages"].append(e["_page"])
        if e["target"] not in rule["targets"] and len(rule["targets"]) < 15:
            rule["targets"].append(e["target"])
        if IMPACTS.index(e["impact"]) < IMPACTS.index(rule["impact"]):
            rule["impact"] = e["impact"]
    ordered = sorted(rules.items(), key=lambda kv: (IMPACTS.index(kv[1]["impact"]), kv[0]))
    return {
        **{impact: counted.get(impact, 0) for impact in IMPACTS},
        "total": len(entries),
        "pages_with_violations": sum(1 for p in pages if any(e["_page"] == p for e in entries)),
        "rules": dict(ordered),
    }


def summarise(artifacts: Path = ARTIFACTS) -> dict[str, Any]:
    """The counts over every audit found in ``artifacts`` (the latest of each page)."""
    audits = []
    for path in sorted(artifacts.glob("*.json")):
        if path.name == SUMMARY:
            continue
        with contextlib.suppress(OSError, ValueError, KeyError):
            data = json.loads(path.read_text())
            if data["name"] == path.stem:
                audits.append(data)
    runs = Counter(a.get("run") for a in audits)
    summary: dict[str, Any] = {
        "updated": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "runs": {run: {"audits": n, "this_run": run == RUN_ID} for run, n in runs.items()},
        "axe_core": sorted({a["axe_core"] for a in audits}),
        "tags": list(WCAG_TAGS),
        "blocking_impacts": list(BLOCKING),
        "audits": len(audits),
    }
    groups: dict[str, dict[str, list]] = defaultdict(lambda: {"course": [], "ui": []})
    pages: dict[str, list[str]] = defaultdict(list)
    for a in audits:
        for surface in (a["surface"], "all"):
            pages[surface].append(a["name"])
            for key, bucket in (("course_content", "course"), ("jupyterlab_and_theme", "ui")):
                groups[surface][bucket] += [{**e, "_page": a["name"]} for e in a[key]]
    every = groups["all"]
    summary["course_content"] = _group(every["course"], pages["all"])
    summary["jupyterlab_and_theme"] = _group(every["ui"], pages["all"])
    summary["by_surface"] = {
        surface: {
            "audits": len(pages[surface]),
            "course_content": _group(g["course"], pages[surface]),
            "own_ui": _group(g["ui"], pages[surface]),
        }
        for surface, g in sorted(groups.items())
        if surface != "all"
    }
    summary["per_audit"] = {
        a["name"]: {**a["counts"], "seconds": a["seconds"], "audited_at": a.get("audited_at")}
        for a in audits
    }
    return summary


def record(result: AuditResult, artifacts: Path = ARTIFACTS) -> Path:
    """Write one audit (replacing the page's earlier one) and rewrite the summary."""
    artifacts.mkdir(parents=True, exist_ok=True)
    with _locked(artifacts / ".lock"):
        path = artifacts / f"{result.name}.json"
        _write(path, result.to_json())
        _write(artifacts / SUMMARY, summarise(artifacts))
    return path


def main(argv: list[str]) -> int:
    if argv != ["--install"]:
        print("usage: python tests/a11y/axe.py --install", file=sys.stderr)
        return 2
    if installed():
        STAMP.touch()  # make's stamp target: up to date
        return 0
    try:
        path = ensure_axe()
    except AxeUnavailable as error:
        print(f"a11y: {error}", file=sys.stderr)
        return 1
    print(f"a11y: axe-core {pinned_version()} installed: {path.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
