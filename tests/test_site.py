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
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from a11y import axe as a11y

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
    # every <img>: src, alt (None when missing), in_output, and for alt="" whether the
    # link or button around it names it with text (a decorative icon)
    images: list[dict[str, Any]] = field(default_factory=list)


# A text alternative that is only a file name or path (Sphinx's fallback: the image's
# uri), a content hash, or matplotlib's repr says nothing about the figure.
FILE_NAME_ALT = re.compile(
    r"(?:[\w.~%-]*/)*[\w.~%-]+\.(?:png|jpe?g|gif|svg|webp|pdf)|[0-9a-f]{32,}|<Figure size .*",
    re.IGNORECASE,
)


def alt_problem(image: dict[str, Any]) -> str | None:
    """Why ``image`` has no usable text alternative (None when it has one)."""
    alt, src = image["alt"], image["src"]
    if alt is None:
        return "no alt attribute"
    if not alt.strip():
        if image["in_output"]:
            return 'alt="" on a figure from a cell output (marks it decorative)'
        if not image["labelled"]:
            return 'alt="" on an image whose link or button has no text of its own'
        return None  # a decorative icon next to the text that names its link
    stripped = alt.strip()
    if FILE_NAME_ALT.fullmatch(stripped) or stripped in (src, src.rsplit("/", 1)[-1]):
        return f"alt is a file name: {alt!r}"
    return None


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._stack: list[tuple[str, bool]] = []  # (tag, opens a cell output)
        self._in_title = False
        # open <a>/<button> elements: [their text, the alt="" images inside]
        self._named: list[list[Any]] = []

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
        if tag == "img":
            alt = dict(attrs).get("alt")  # None when the attribute is missing
            image = {"src": a.get("src", ""), "alt": alt, "in_output": in_output,
                     "labelled": False}  # fmt: skip
            self.page.images.append(image)
            if alt is not None and not alt.strip() and self._named:
                self._named[-1][1].append(image)
        if tag in ("a", "button"):
            self._named.append([a.get("aria-label", ""), []])
        if tag in ("span", "div") and "math" in classes:
            self.page.maths += 1
        if tag == "title":
            self._in_title = True
        if tag not in ("img", "br", "hr", "meta", "link", "input", "source", "wbr"):
            self._stack.append((tag, tag == "div" and "cell_output" in classes))

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in ("a", "button") and self._named:
            text, images = self._named.pop()
            for image in images:
                image["labelled"] = bool(text.strip())
        for i in range(len(self._stack) - 1, -1, -1):
            if self._stack[i][0] == tag:
                del self._stack[i:]
                break

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.page.title += data
        for named in self._named:
            named[0] += data


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


@pytest.mark.parametrize("page", PAGES)
def test_every_image_has_a_text_alternative(site: Site, page: str):
    """WCAG 1.1.1: every ``<img>`` has an ``alt`` that is not a file name; a figure from a
    cell output says what it shows (the alt stored with the output, site/output_alt.py).
    Only an icon inside a link or button that its own text names may have ``alt=""``."""
    problems = [
        f"{image['src']}: {why}"
        for image in site.page(page).images
        if (why := alt_problem(image)) is not None
    ]
    assert not problems, (
        f"{page}.html: {len(problems)} image(s) without a text alternative "
        "(a figure's comes from its output's metadata['image/png']['alt'], which "
        "gdkit.setup_notebook() writes; regenerate the notebook):\n  " + "\n  ".join(problems[:30])
    )


def stored_alts(notebook: Path) -> dict[str, set[str]]:
    """sha256 of each stored image output that carries a text alternative: its alts."""
    found: dict[str, set[str]] = {}
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        for output in cell.get("outputs", []) if cell["cell_type"] == "code" else []:
            data, metadata = output.get("data", {}), output.get("metadata", {})
            alt = (metadata.get(PNG) or {}).get("alt") if isinstance(metadata, dict) else None
            if PNG in data and isinstance(alt, str) and alt.strip():
                raw = base64.b64decode("".join(data[PNG]))
                found.setdefault(hashlib.sha256(raw).hexdigest(), set()).add(" ".join(alt.split()))
    return found


@pytest.mark.parametrize("notebook", LECTURES, ids=[nb.stem for nb in LECTURES])
def test_figures_show_the_alt_stored_in_the_notebook(site: Site, notebook: Path):
    """Each PNG shown from an output that stores ``metadata['image/png']['alt']`` has that
    text as its ``alt`` (matched by the picture's bytes, not by its file name)."""
    page = f"lectures/{notebook.stem}"
    alts = stored_alts(notebook)
    wrong = []
    for image in site.page(page).images:
        path = (site.html(page).parent / unquote(image["src"])).resolve()
        if not image["in_output"] or path.suffix != ".png" or not path.is_file():
            continue
        expected = alts.get(hashlib.sha256(path.read_bytes()).hexdigest())
        if expected and html.unescape(image["alt"] or "") not in expected:
            wrong.append(f"{image['src']}: alt={image['alt']!r}, stored {sorted(expected)}")
    assert not wrong, f"{page}.html:\n  " + "\n  ".join(wrong)


@pytest.mark.parametrize(
    ("image", "problem"),
    [
        ({"src": "../_images/ab12.png", "alt": "../_images/ab12.png"}, "file name"),
        ({"src": "x.png", "alt": "9dc92cbbf576dbc9afc53d81bc6f60a3f2bfb9176f5aca22e86c09b976976b2c.png"}, "file name"),
        ({"src": "x.png", "alt": "<Figure size 640x480 with 1 Axes>"}, "file name"),
        ({"src": "x.png", "alt": None}, "no alt"),
        ({"src": "x.png", "alt": "", "in_output": True}, "decorative"),
        ({"src": "icon.svg", "alt": "", "labelled": False}, "no text of its own"),
        ({"src": "icon.svg", "alt": "", "labelled": True}, None),
        ({"src": "x.png", "alt": "Loss against step: falls from 2.3 to 0.1 by step 40."}, None),
    ],
)  # fmt: skip
def test_alt_check_rejects_file_names_and_missing_text(image: dict[str, Any], problem: str | None):
    found = alt_problem({"in_output": False, "labelled": False, **image})
    assert (found is None) if problem is None else (problem in (found or "")), found


def _png(width: int, height: int, shade: int) -> bytes:
    """A small grey PNG, made without any imaging library."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    rows = b"".join(b"\x00" + bytes([shade]) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def test_output_alt_extension_on_a_fixture_notebook(tmp_path: Path):
    """site/output_alt.py: a PNG output's metadata['image/png']['alt'] becomes its <img alt>,
    also when the same picture appears twice with different texts and for an SVG; a
    figure stored without one keeps Sphinx's fallback (its file name), which the check
    above rejects."""
    for module in ("sphinx", "myst_nb"):
        if importlib.util.find_spec(module) is None:
            pytest.skip(f"the Python package '{module}' is not installed (make setup)")
    nbformat = pytest.importorskip("nbformat")
    red, blue = _png(4, 3, 40), _png(5, 2, 200)
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'

    def image(data: bytes | str, alt: str | None, mime: str = PNG) -> Any:
        content = base64.b64encode(data).decode() if isinstance(data, bytes) else data
        metadata = {mime: {"alt": alt}} if alt else {}
        return nbformat.v4.new_output(
            "display_data", data={mime: content, "text/plain": "<Figure>"}, metadata=metadata
        )

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Alt fixture"),
        nbformat.v4.new_code_cell("plot()", outputs=[
            image(red, "Loss against step:\n falls from 2.3 to 0.1."),
            image(blue, None),
            image(red, "The same picture, described again."),
            image(svg, "A black square.", SVG),
        ]),
    ]  # fmt: skip
    src = tmp_path / "src"
    src.mkdir()
    nbformat.write(nb, src / "fixture.ipynb")
    (src / "index.md").write_text("# Index\n\n```{toctree}\nfixture\n```\n")
    (src / "conf.py").write_text(
        f"import sys\nsys.path.append({str(REPO / 'site')!r})\n"
        'extensions = ["myst_nb", "output_alt"]\nnb_execution_mode = "off"\n'
    )
    cmd = [
        sys.executable,
        "-m",
        "sphinx",
        "-b",
        "html",
        "-q",
        "-W",
        str(src),
        str(tmp_path / "out"),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=BUILD_TIMEOUT_S)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    images = parse_page(tmp_path / "out" / "fixture.html").images
    alts = [html.unescape(i["alt"] or "") for i in images if i["in_output"]]
    assert alts[0] == "Loss against step: falls from 2.3 to 0.1."
    assert FILE_NAME_ALT.fullmatch(alts[1]), alts[1]  # no alt stored: the file name
    assert alts[2] == "The same picture, described again."
    assert alts[3] == "A black square."
    problems = [alt_problem(i) for i in images if i["in_output"]]
    assert [p is None for p in problems] == [True, False, True, True], problems


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
    browser: Any,
    url: str,
    screenshot: Path,
    *,
    after: str | None = None,
    audit: Callable[[Any], None] | None = None,
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
        if audit is not None:
            audit(page)
    finally:
        context.close()
    return report


def _screenshot(page: str) -> Path:
    return ARTIFACTS / f"{page.replace('/', '__')}.png"


def audit_light_and_dark(name: str, results: list[Any]) -> Callable[[Any], None] | None:
    """An audit for :func:`open_page`: axe-core (tests/a11y/axe.py) on the page as it
    opened (light mode in headless chromium), then again after the reader's system
    switched to dark mode (the theme follows it, ``default_mode = "auto"``).  None, with
    a warning, when axe-core is not installed and npm is missing."""
    if reason := a11y.axe_unavailable_reason():
        warnings.warn(reason, stacklevel=2)
        return None

    def run(page: Any) -> None:
        page.evaluate("() => window.scrollTo(0, 0)")
        results.append(a11y.audit(page, name, surface="site", course_selector=a11y.SITE_COURSE))
        page.emulate_media(color_scheme="dark")
        page.wait_for_function("document.documentElement.dataset.theme === 'dark'", timeout=10_000)
        results.append(
            a11y.audit(page, f"{name}__dark", surface="site", course_selector=a11y.SITE_COURSE)
        )

    return run


@pytest.mark.parametrize("page", PAGES)
def test_page_in_chromium(site: Site, site_url: str, site_browser: Any, page: str):
    t0 = time.monotonic()
    audits: list[Any] = []
    audit = audit_light_and_dark(f"site__{page.replace('/', '__')}", audits)
    report = open_page(site_browser, f"{site_url}/{page}.html", _screenshot(page), audit=audit)
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
    # WCAG 2.1 A/AA: no serious or critical violation in the page body (the theme's own
    # are only recorded in test-artifacts/a11y/).
    for result in audits:
        assert not result.blocking, result.failure_message()
    assert len(audits) == (2 if audit else 0)


AUDIT_FIXTURE = """<!DOCTYPE html>
<html lang="en"><head><title>audit fixture</title></head><body>
<nav class="bd-sidebar"><button class="theme-chrome"></button></nav>
<main><article class="bd-article"><h1>A page</h1>
<img src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==">
<p style="color:#bbbbbb">Pale grey text on white.</p>
<button class="course-button"></button>
</article></main></body></html>
"""


def test_the_audit_tells_course_content_from_the_theme(
    request: pytest.FixtureRequest, tmp_path: Path
):
    """The audit itself (tests/a11y/axe.py) finds what it must: an image without alt, a
    button without a name and pale text in the article are the course's (and fail the
    page), the same button in the theme's sidebar is the theme's (recorded only)."""
    if reason := chromium_unavailable_reason() or a11y.axe_unavailable_reason():
        pytest.skip(reason)
    context = request.getfixturevalue("shared_chromium").new_context()
    try:
        page = context.new_page()
        page.set_content(AUDIT_FIXTURE)
        result = a11y.audit(
            page, "fixture", surface="site", course_selector=a11y.SITE_COURSE, artifacts=tmp_path
        )
    finally:
        context.close()
    course = {(v.rule, v.impact) for v in result.course}
    assert {("image-alt", "critical"), ("button-name", "critical"),
            ("color-contrast", "serious")} <= course, course  # fmt: skip
    assert [v.rule for v in result.ui] == ["button-name"]
    assert "theme-chrome" in json.loads(result.ui[0].target)[0]
    assert len(result.blocking) == 3 and "image-alt" in result.failure_message()
    written = json.loads((tmp_path / "fixture.json").read_text())
    assert written["counts"]["course_content"]["critical"] == 2
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert summary["course_content"]["critical"] == 2
    assert summary["jupyterlab_and_theme"]["rules"]["button-name"]["nodes"] == 1


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
