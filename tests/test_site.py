"""The course website (``make site``, built by ``site/build.py`` with Sphinx and myst-nb).

The site is built once per test session, into a temporary folder, with warnings as
errors and with launch settings that differ from the defaults.  Then:

* every lecture has a page, reachable from the index, the navigation and the search;
* each page shows exactly the PNG (and SVG) outputs stored in its notebook, byte for byte;
* no internal ``href``/``src`` (or ``#fragment``) is broken, and no page loads anything
  from another host: MathJax is the vendored copy;
* every page has Binder and JupyterHub (nbgitpuller) launch links made by ``gdkit.links``;
* solutions are left out, and ``--solutions`` brings them in;
* every page, opened in headless chromium over HTTP, logs no console error, makes no
  request that fails or leaves 127.0.0.1, shows its figures and typesets all its maths
  (with assistive MathML); a screenshot of each goes to ``test-artifacts/site/``.  The
  search page and a lecture are also opened straight from the file system.

Skipped, with a message, when Sphinx (the ``[test]`` extra), npm (for MathJax) or chromium
is missing.  The stage's times are written to ``test-artifacts/site/timings.json``.
"""

from __future__ import annotations

import base64
import hashlib
import html
import importlib.util
import json
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from gdkit.links import DEFAULT_NOTEBOOK, binder_link, nbgitpuller_link

pytestmark = pytest.mark.site

REPO = Path(__file__).resolve().parents[1]
BUILD_SCRIPT = REPO / "site" / "build.py"
LECTURES = sorted((REPO / "lectures").glob("*.ipynb"))
SOLUTIONS = sorted((REPO / "lectures" / "solutions").glob("*.ipynb"))
ARTIFACTS = REPO / "test-artifacts" / "site"

# Launch settings unlike the defaults, to show that each one reaches the pages.
HUB_URL = "https://hub.test-university.example"
REPOSITORY = "https://github.com/test-org/course-fork"
BRANCH = "spring-term"

OTHER_PAGES = ("index", "lectures/syllabus", "search", "genindex")
PAGES = (*OTHER_PAGES, *(f"lectures/{nb.stem}" for nb in LECTURES))
REMOVED_BY_TAG = {"remove-cell", "remove-output"}  # myst-nb drops these cells' outputs
PNG = "image/png"
SVG = "image/svg+xml"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
BUILD_TIMEOUT_S = 600

_timings: dict[str, Any] = {"pages": {}}


# ---------------------------------------------------------------------------------------
# What the notebooks store
# ---------------------------------------------------------------------------------------


def stored_images(notebook: Path) -> dict[str, list[str]]:
    """sha256 of every stored figure that the page must show, by MIME type: each PNG
    output, and each SVG output without a PNG (cells tagged remove-cell/-output aside)."""
    found: dict[str, list[str]] = {PNG: [], SVG: []}
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] != "code" or REMOVED_BY_TAG & set(cell["metadata"].get("tags", [])):
            continue
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if PNG in data:
                raw = base64.b64decode("".join(data[PNG]))
                found[PNG].append(hashlib.sha256(raw).hexdigest())
            elif SVG in data:
                raw = "".join(data[SVG]).encode()
                found[SVG].append(hashlib.sha256(raw).hexdigest())
    return found


def notebook_title(notebook: Path) -> str:
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            for line in "".join(cell["source"]).splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    raise AssertionError(f"{notebook.name} has no '# title' line")


# ---------------------------------------------------------------------------------------
# Reading the HTML
# ---------------------------------------------------------------------------------------


@dataclass
class Page:
    """What the tests need from one HTML file."""

    ids: set[str] = field(default_factory=set)
    links: list[tuple[str, str]] = field(default_factory=list)  # (tag.attr, url)
    output_images: list[str] = field(default_factory=list)  # src of <img> in cell outputs
    anchors: list[dict[str, str]] = field(default_factory=list)
    title: str = ""
    maths: int = 0  # elements MathJax must typeset


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._stack: list[tuple[str, bool]] = []  # (tag, opens a cell output)
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        classes = a.get("class", "").split()
        if "id" in a:
            self.page.ids.add(a["id"])
        if "name" in a and tag == "a":
            self.page.ids.add(a["name"])
        for attr in ("href", "src"):
            if attr in a:
                self.page.links.append((f"{tag}.{attr}", a[attr]))
        if tag == "a":
            self.page.anchors.append(a)
        in_output = any(opens for _, opens in self._stack)
        if tag == "img" and in_output:
            self.page.output_images.append(a.get("src", ""))
        if tag in ("span", "div") and "math" in classes:
            self.page.maths += 1
        if tag == "title":
            self._in_title = True
        if tag not in ("img", "br", "hr", "meta", "link", "input", "source", "wbr"):
            self._stack.append((tag, tag == "div" and "cell_output" in classes))

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        for i in range(len(self._stack) - 1, -1, -1):
            if self._stack[i][0] == tag:
                del self._stack[i:]
                break

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.page.title += data


def parse_page(path: Path) -> Page:
    parser = _PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser.page


def is_external(url: str) -> bool:
    return bool(urlsplit(url).scheme) or url.startswith("//")


# ---------------------------------------------------------------------------------------
# Building the site (once per session)
# ---------------------------------------------------------------------------------------


def site_unavailable_reason() -> str | None:
    for module in ("sphinx", "myst_nb", "sphinx_book_theme"):
        if importlib.util.find_spec(module) is None:
            return (
                f"site tests skipped: the Python package '{module}' is not installed "
                "(it is in the [test] extra: make setup)"
            )
    vendored = REPO / "build" / "site-npm" / ".installed-lock-sha256"
    if shutil.which("npm") is None and not vendored.is_file():
        return (
            "site tests skipped: npm not found (the site ships MathJax from npm); "
            "enable them with `apt-get install npm`"
        )
    return None


@dataclass
class Site:
    out: Path
    seconds: float
    pages: dict[str, Page] = field(default_factory=dict)

    def html(self, page: str) -> Path:
        return self.out / f"{page}.html"

    def page(self, page: str) -> Page:
        if page not in self.pages:
            self.pages[page] = parse_page(self.html(page))
        return self.pages[page]


def build_site(out: Path, *args: str) -> float:
    t0 = time.monotonic()
    cmd = [sys.executable, str(BUILD_SCRIPT), "--out", str(out), *args]
    proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=BUILD_TIMEOUT_S)
    assert proc.returncode == 0, (
        f"`{' '.join(cmd)}` failed (exit {proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
    )
    assert "WARNING" not in proc.stdout + proc.stderr, proc.stdout + proc.stderr
    return time.monotonic() - t0


@pytest.fixture(scope="session")
def site(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Iterator[Site]:
    reason = site_unavailable_reason()
    if reason:
        pytest.skip(reason)
    out = tmp_path_factory.mktemp("site-build") / "site"
    stage_t0 = time.monotonic()
    seconds = build_site(out, "--hub-url", HUB_URL, "--repository", REPOSITORY, "--branch", BRANCH)
    _timings["build_s"] = round(seconds, 2)
    print(f"\n[site] built in {seconds:.1f} s: {out}")
    yield Site(out=out, seconds=seconds)
    _timings["stage_s"] = round(time.monotonic() - stage_t0, 2)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "timings.json").write_text(json.dumps(_timings, indent=2) + "\n")
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        browser = sum(_timings["pages"].values())
        reporter.write_line(
            f"\n[site] stage {_timings['stage_s']:.1f} s: build {seconds:.1f} s, "
            f"{len(_timings['pages'])} page(s) in chromium {browser:.1f} s "
            f"(test-artifacts/site/timings.json)"
        )


def _load_build_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gdkit_site_build", BUILD_SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ---------------------------------------------------------------------------------------
# The build
# ---------------------------------------------------------------------------------------


def test_the_build_treats_warnings_as_errors(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    build = _load_build_module()
    calls: list[list[str]] = []

    def fake_run(cmd: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
        calls.append(cmd)
        return subprocess.CompletedProcess(cmd, 1)  # as if Sphinx had warned

    monkeypatch.setattr(build, "vendor_mathjax", lambda npm_dir: tmp_path)
    monkeypatch.setattr(build, "copy_mathjax", lambda es5, vendor: vendor)
    monkeypatch.setattr(build.subprocess, "run", fake_run)
    with pytest.raises(build.SiteBuildError, match="warnings are errors"):
        build.build(tmp_path / "site", only={"00_welcome"})
    (cmd,) = calls
    assert cmd[1:4] == ["-m", "sphinx", "-b"] and "-W" in cmd and "--keep-going" in cmd


def test_the_site_builds_without_warnings(site: Site):
    """The session build ran with ``-W --keep-going`` (see the test above) and passed."""
    assert site.html("index").is_file()
    _timings["pages_built"] = len(list(site.out.rglob("*.html")))


def test_notebooks_are_configured_never_to_execute():
    conf = (REPO / "site" / "conf.py").read_text()
    assert re.search(r'^nb_execution_mode = "off"', conf, re.M)
    assert re.search(r"^nb_ipywidgets_js: .* = \{\}", conf, re.M), "widget JS comes from a CDN"


def test_make_site_passes_the_settings():
    if shutil.which("make") is None:
        pytest.skip("make not installed")

    def dry_run(*args: str) -> str:
        proc = subprocess.run(
            ["make", "-n", "site", *args],
            cwd=REPO, capture_output=True, text=True, check=True,
        )  # fmt: skip
        return proc.stdout

    default = dry_run()
    assert "site/build.py" in default and "--solutions" not in default
    assert "--hub-url 'https://hub.example.edu'" in default  # the documented placeholder
    custom = dry_run("SOLUTIONS=1", f"HUB_URL={HUB_URL}")
    assert "--solutions" in custom and f"--hub-url '{HUB_URL}'" in custom


# ---------------------------------------------------------------------------------------
# Pages, navigation, search
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("notebook", LECTURES, ids=[nb.stem for nb in LECTURES])
def test_every_lecture_has_a_page_in_the_navigation(site: Site, notebook: Path):
    page = f"lectures/{notebook.stem}"
    assert site.html(page).is_file(), f"no page for {notebook.name}"
    title = notebook_title(notebook)
    assert title in site.page(page).title
    for other in ("index", "lectures/00_welcome", page):
        hrefs = {
            urljoin(f"{other}.html", a["href"]).split("#")[0]
            for a in site.page(other).anchors
            if "href" in a
        }
        assert f"{page}.html" in hrefs, f"{other}.html does not link to {page}.html"


def test_search_index_covers_every_lecture(site: Site):
    text = (site.out / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    assert sorted(index["docnames"]) == sorted(
        ["index", "lectures/syllabus", *(f"lectures/{nb.stem}" for nb in LECTURES)]
    )
    assert site.html("search").is_file()
    assert "gradient" in index["terms"] and "backpropag" in " ".join(index["terms"])


@pytest.mark.parametrize("notebook", LECTURES, ids=[nb.stem for nb in LECTURES])
def test_page_shows_every_stored_figure(site: Site, notebook: Path):
    """As many images as the notebook has PNG outputs (and SVG ones), the same bytes."""
    page = f"lectures/{notebook.stem}"
    expected = stored_images(notebook)
    shown: dict[str, list[str]] = {PNG: [], SVG: []}
    for src in site.page(page).output_images:
        path = (site.html(page).parent / unquote(src)).resolve()
        assert path.is_file(), f"{page}.html: image {src} is missing"
        kind = {".png": PNG, ".svg": SVG}.get(path.suffix)
        assert kind, f"{page}.html: an output shows {src}, neither a PNG nor an SVG"
        shown[kind].append(hashlib.sha256(path.read_bytes()).hexdigest())
    assert len(shown[PNG]) == len(expected[PNG]), (
        f"{page}.html shows {len(shown[PNG])} PNG outputs, "
        f"{notebook.name} stores {len(expected[PNG])}"
    )
    assert sorted(shown[PNG]) == sorted(expected[PNG])
    assert len(shown[SVG]) == len(expected[SVG])


def test_widgets_show_their_png_fallback_or_a_note(site: Site):
    """A widget view can not render without a kernel: explorers show their stored PNG
    (counted above), other widgets a note instead of their text repr, and no page loads
    widget JavaScript."""
    explorers = 0
    for notebook in LECTURES:
        bare = 0
        nb = json.loads(notebook.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                if WIDGET_VIEW in data:
                    if any(m == "text/html" or m.startswith("image/") for m in data):
                        explorers += PNG in data
                    else:
                        bare += 1
        text = site.html(f"lectures/{notebook.stem}").read_text(encoding="utf-8")
        assert "jupyter-widgets" not in text and "require.min.js" not in text
        assert text.count('class="gdkit-widget-note"') == bare, notebook.name
        assert "interactive(children=" not in text
    assert explorers > 0, "no explorer with a PNG fallback found in the lectures"


# ---------------------------------------------------------------------------------------
# Links, launch links, offline assets
# ---------------------------------------------------------------------------------------


def _site_pages(site: Site) -> list[str]:
    return sorted(
        p.relative_to(site.out).with_suffix("").as_posix()
        for p in site.out.rglob("*.html")
        if not p.relative_to(site.out).as_posix().startswith("_static/")
    )


def test_no_internal_link_is_broken(site: Site):
    pages = _site_pages(site)
    assert len(pages) >= len(PAGES)
    broken: list[str] = []
    checked = 0
    for name in pages:
        base = f"{name}.html"
        for where, url in site.page(name).links:
            if is_external(url) or not url:
                continue
            target = urlsplit(urljoin(base, url))
            rel = unquote(target.path)
            path = site.out / rel
            if rel.endswith("/") or path.is_dir():
                path = path / "index.html"
            checked += 1
            if not path.is_file():
                broken.append(f"{base}: {where}={url} (no file {rel})")
            elif target.fragment and path.suffix == ".html":
                other = path.relative_to(site.out).with_suffix("").as_posix()
                if unquote(target.fragment) not in site.page(other).ids:
                    broken.append(f"{base}: {where}={url} (no id #{target.fragment})")
    assert checked > 100, f"only {checked} internal links found"
    assert not broken, f"{len(broken)} broken internal link(s):\n  " + "\n  ".join(broken[:50])


def test_no_page_loads_anything_from_another_host(site: Site):
    """Scripts, styles, fonts, images: all from the site itself (links to Binder and the
    hub are ``<a href>``, which load nothing)."""
    loads = {"script.src", "img.src", "link.href", "iframe.src", "source.src", "embed.src"}
    remote = [
        f"{name}.html: {where}={url}"
        for name in _site_pages(site)
        for where, url in site.page(name).links
        if where in loads and is_external(url)
    ]
    assert not remote, "\n".join(remote)


def test_maths_uses_the_vendored_mathjax(site: Site):
    lock = json.loads((REPO / "site" / "npm" / "package-lock.json").read_text())
    version = lock["packages"]["node_modules/mathjax"]["version"]
    entry = site.out / "_static" / "mathjax" / "tex-mml-chtml.js"
    assert entry.is_file()
    assert f'VERSION="{version}"' in entry.read_text(encoding="utf-8"), "not the pinned MathJax"
    assert (site.out / "_static" / "mathjax" / "LICENSE").is_file()
    for notebook in LECTURES:
        page = f"lectures/{notebook.stem}"
        text = site.html(page).read_text(encoding="utf-8")
        if site.page(page).maths:
            assert '<script defer="defer" src="../_static/mathjax/tex-mml-chtml.js' in text
            assert '"enableAssistiveMml": true' in text


@pytest.mark.parametrize("page", PAGES)
def test_every_page_has_launch_links(site: Site, page: str):
    notebook = (
        f"{page}.ipynb"
        if page.startswith("lectures/") and page != "lectures/syllabus"
        else DEFAULT_NOTEBOOK
    )
    links = {
        cls: html.unescape(a["href"])
        for a in site.page(page).anchors
        for cls in a.get("class", "").split()
        if cls.startswith("gdkit-launch--")
    }
    assert links == {
        "gdkit-launch--binder": binder_link(REPOSITORY, BRANCH, notebook),
        "gdkit-launch--jupyterhub": nbgitpuller_link(HUB_URL, REPOSITORY, BRANCH, notebook),
    }


# ---------------------------------------------------------------------------------------
# Solutions
# ---------------------------------------------------------------------------------------


def test_solutions_are_left_out_by_default(site: Site):
    assert SOLUTIONS, "lectures/solutions/ holds no notebook"
    assert not (site.out / "lectures" / "solutions").exists()
    assert not list(site.out.rglob("*solutions*"))
    for name in _site_pages(site):
        for _, url in site.page(name).links:
            assert "solutions" not in url, f"{name}.html links to {url}"


def test_solutions_switch_brings_them_in_and_out(tmp_path: Path):
    """``--solutions`` (``make site SOLUTIONS=1``), on one lecture to keep it quick."""
    if reason := site_unavailable_reason():
        pytest.skip(reason)
    solution = SOLUTIONS[0]
    lecture = solution.stem.removesuffix("_solutions")
    out = tmp_path / "site"
    seconds = build_site(out, "--solutions", "--only", lecture)
    _timings["solutions_build_s"] = round(seconds, 2)
    page = out / "lectures" / "solutions" / f"{solution.stem}.html"
    assert page.is_file()
    assert f"lectures/solutions/{solution.stem}.html" in (out / "index.html").read_text()
    syllabus = (out / "lectures" / "syllabus.html").read_text()
    assert f'href="solutions/{solution.stem}.html' in syllabus
    built = sorted(p.stem for p in (out / "lectures").rglob("*.html"))
    assert built == sorted([lecture, solution.stem, "syllabus"])

    # Switched off again, into the same folder: no solution is left behind.
    build_site(out, "--only", lecture)
    assert (out / "lectures" / f"{lecture}.html").is_file()
    assert not [p for p in out.rglob("*") if "solutions" in p.name], "a stale solution page"


# ---------------------------------------------------------------------------------------
# In headless chromium
# ---------------------------------------------------------------------------------------


def chromium_unavailable_reason() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "site browser tests skipped: install the [test] extra (playwright): make setup"
    from browser.jupyterlab import find_chromium

    if find_chromium() is None:
        return "site browser tests skipped: chromium not found; enable them with `apt-get install chromium`"
    return None


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="session")
def site_url(site: Site) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(site.out)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def site_browser(site: Site, request: pytest.FixtureRequest) -> Any:
    if reason := chromium_unavailable_reason():
        pytest.skip(reason)
    return request.getfixturevalue("shared_chromium")


LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]"}
LOCAL_SCHEMES = {"file", "data", "blob", "about"}

JS_STATE = """
async () => {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    await MathJax.startup.promise;
  }
  const article = document.querySelector('.bd-article-container');
  const imgs = Array.from(document.querySelectorAll('article.bd-article img'));
  return {
    article: !!article,
    images: imgs.length,
    broken_images: imgs.filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src),
    maths: document.querySelectorAll('mjx-container').length,
    math_errors: document.querySelectorAll('mjx-merror').length,
    assistive: document.querySelectorAll('mjx-container mjx-assistive-mml math').length,
    nav_links: document.querySelectorAll('nav.bd-docs-nav a.reference').length,
    search: !!document.querySelector('.search-button, .search-button-field, form.bd-search'),
    launch: Array.from(document.querySelectorAll('a.gdkit-launch__link'))
      .filter(a => a.offsetParent !== null).length,
  };
}
"""


@dataclass
class BrowserReport:
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    remote: list[str] = field(default_factory=list)
    state: dict[str, Any] = field(default_factory=dict)

    def problems(self) -> list[str]:
        return (
            [f"console error: {m}" for m in self.console_errors]
            + [f"page error: {m}" for m in self.page_errors]
            + [f"failed request: {m}" for m in self.failed]
            + [f"request to another host: {m}" for m in self.remote]
        )


def open_page(
    browser: Any, url: str, screenshot: Path, *, after: str | None = None
) -> BrowserReport:
    report = BrowserReport()
    context = browser.new_context(viewport={"width": 1400, "height": 1000})

    def route(r: Any) -> None:
        parts = urlsplit(r.request.url)
        if (
            parts.scheme in LOCAL_SCHEMES
            or parts.hostname in LOCAL_HOSTS
            or (parts.netloc and f"[{parts.hostname}]" in LOCAL_HOSTS)
        ):
            r.continue_()
        else:
            report.remote.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and report.console_errors.append(
        f"{m.text} ({m.location.get('url', '')})"))  # fmt: skip
    page.on("pageerror", lambda e: report.page_errors.append(str(e)))
    page.on("requestfailed", lambda r: report.failed.append(f"{r.url} ({r.failure})"))
    page.on(
        "response", lambda r: r.status >= 400 and report.failed.append(f"{r.url} (HTTP {r.status})")
    )
    try:
        page.goto(url, wait_until="load", timeout=30_000)
        report.state = page.evaluate(JS_STATE)
        if after:
            page.wait_for_selector(after, timeout=15_000)
        page.wait_for_load_state("networkidle", timeout=15_000)
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(screenshot))
        figure = page.locator("article.bd-article .cell_output img")
        if figure.count():  # and one of the first stored figure
            figure.first.scroll_into_view_if_needed()
            page.screenshot(path=str(screenshot.with_name(f"{screenshot.stem}__figure.png")))
    finally:
        context.close()
    return report


def _screenshot(page: str) -> Path:
    return ARTIFACTS / f"{page.replace('/', '__')}.png"


@pytest.mark.parametrize("page", PAGES)
def test_page_in_chromium(site: Site, site_url: str, site_browser: Any, page: str):
    t0 = time.monotonic()
    report = open_page(site_browser, f"{site_url}/{page}.html", _screenshot(page))
    _timings["pages"][page] = round(time.monotonic() - t0, 2)
    assert not report.problems(), f"{page}.html:\n  " + "\n  ".join(report.problems())
    state = report.state
    assert state["article"] and state["search"], state
    assert state["nav_links"] >= len(LECTURES), f"navigation lists {state['nav_links']} pages"
    assert state["launch"] == 2, f"{state['launch']} visible launch links"
    assert not state["broken_images"], f"images that did not load: {state['broken_images']}"
    assert state["maths"] == site.page(page).maths, (
        f"MathJax typeset {state['maths']} of {site.page(page).maths} formulas"
    )
    assert state["math_errors"] == 0
    assert state["assistive"] == state["maths"], "formulas without assistive MathML"


def test_search_works_from_the_file_system(site: Site, site_browser: Any):
    url = (site.out / "search.html").as_uri() + "?q=gradient"
    report = open_page(
        site_browser, url, ARTIFACTS / "file__search.png", after="#search-results ul.search li"
    )
    assert not report.problems(), "\n".join(report.problems())


def test_a_lecture_renders_from_the_file_system(site: Site, site_browser: Any):
    page = "lectures/02_derivatives" if site.html("lectures/02_derivatives").exists() else PAGES[-1]
    report = open_page(site_browser, site.html(page).as_uri(), ARTIFACTS / "file__lecture.png")
    assert not report.problems(), "\n".join(report.problems())
    assert report.state["maths"] == site.page(page).maths and not report.state["broken_images"]
