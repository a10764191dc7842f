"""Sphinx configuration of the course website (build it with ``make site``).

``site/build.py`` stages the sources (the pages in ``site/`` and a copy of the lectures)
and vendors MathJax before it runs Sphinx with this configuration, so prefer ``make
site`` to calling ``sphinx-build`` by hand.  Settings it passes with ``-D``:

* ``gdkit_hub_url``     the JupyterHub that the "JupyterHub" launch link opens (nbgitpuller)
* ``gdkit_repository``  the git repository that Binder builds and nbgitpuller pulls
* ``gdkit_branch``      its branch
* ``gdkit_solutions``   1 to include ``lectures/solutions/`` (left out by default)
* ``gdkit_vendor_dir``  the folder holding the vendored ``mathjax/`` (copied to ``_static``)

Notebooks are never executed: every page shows the outputs stored in the notebook.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError
from sphinx.transforms.post_transforms import SphinxPostTransform

from gdkit.links import (
    DEFAULT_BRANCH,
    DEFAULT_NOTEBOOK,
    DEFAULT_REPOSITORY,
    binder_link,
    nbgitpuller_link,
)

# A placeholder, documented in README.md: set HUB_URL when building for a real hub.
DEFAULT_HUB_URL = "https://hub.example.edu"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
MATHJAX_ENTRY = "mathjax/tex-mml-chtml.js"

project = "How neural networks learn"
author = "The gdkit course team"
copyright = "the gdkit course team (MIT licence)"
html_title = project

# output_alt (site/output_alt.py): a figure's <img alt> is the text alternative stored
# with the output (metadata["image/png"]["alt"], written by gdkit.setup_notebook()).
if str(Path(__file__).resolve().parent) not in sys.path:
    sys.path.append(str(Path(__file__).resolve().parent))
extensions = ["myst_nb", "sphinx.ext.mathjax", "output_alt"]
root_doc = "index"
exclude_patterns = ["**/.ipynb_checkpoints", "**/__pycache__"]
templates_path = ["templates"]
html_static_path = ["static"]  # + gdkit_vendor_dir, added in _check_config
html_css_files = ["gdkit.css"]
html_js_files = ["gdkit.js"]

# -- notebooks ----------------------------------------------------------------------
nb_execution_mode = "off"  # never run a notebook: render the outputs stored in it
# The explorers store a widget view *and* a PNG of their initial state.  Without a
# kernel the widget view cannot render, so the PNG is preferred and no widget
# JavaScript is loaded (myst-nb would otherwise fetch it from a CDN).
nb_mime_priority_overrides = [
    (builder, WIDGET_VIEW, None) for builder in ("html", "dirhtml", "singlehtml")
]
nb_ipywidgets_js: dict[str, dict[str, str]] = {}
nb_merge_streams = True
# Outputs may carry a MIME type only JupyterLab extensions render (gdkit's exercise checks
# send application/vnd.gdkit.check+json next to text/html and text/plain); myst-nb warns
# about each.  The site shows the HTML instead.  An output with no type the site can
# show still fails the build (warning mystnb.mime_priority).
# The solutions notebooks go from their title (H1) to H3 headings: myst warns, the pages
# render fine.
suppress_warnings = ["mystnb.unknown_mime_type", "myst.header"]
myst_enable_extensions = ["dollarmath", "amsmath"]
# Markdown outputs (the welcome lecture's table from gdkit.course.lecture_table) are read as
# MyST, so their links to other notebooks become links to those pages.
nb_render_markdown_format = "myst"
myst_heading_anchors = 3

# -- maths: a MathJax shipped with the site, never a CDN ---------------------------------
mathjax_path = MATHJAX_ENTRY  # relative to _static
mathjax3_config: dict[str, Any] = {
    # Assistive MathML: a hidden MathML copy of every formula for screen readers.
    "loader": {"load": ["a11y/assistive-mml"]},
    "options": {"enableAssistiveMml": True},
}

# -- theme ---------------------------------------------------------------------------
html_theme = "sphinx_book_theme"
html_theme_options: dict[str, Any] = {
    "home_page_in_toc": True,
    "show_navbar_depth": 1,
    "show_toc_level": 2,
    "use_download_button": True,
    "use_fullscreen_button": False,
    "article_header_end": ["gdkit-launch.html", "article-header-buttons.html"],
}
html_context = {"default_mode": "auto"}  # light or dark, as the reader's system prefers
html_last_updated_fmt = None
html_show_sphinx = False


WIDGET_NOTE = (
    "An interactive widget: it needs a running Python kernel. "
    "Open this lecture with \u201cRun it on\u201d at the top of the page to use it."
)


class WidgetNote(SphinxPostTransform):
    """A widget stored without a picture (plain ``ipywidgets``, not an explorer) would show
    its text repr, ``interactive(children=(IntSlider(...``: show a short note instead.
    Runs just before myst-nb picks one MIME type per output (priority 4)."""

    default_priority = 3
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        for bundle in list(self.document.findall(nodes.container)):
            if bundle.get("nb_element") != "mime_bundle":
                continue
            by_type = {child.get("mime_type"): child for child in bundle.children}
            shows_more = any(m == "text/html" or str(m).startswith("image/") for m in by_type)
            if WIDGET_VIEW not in by_type or shows_more:
                continue
            note = nodes.paragraph("", WIDGET_NOTE, classes=["gdkit-widget-note"])
            plain = by_type.get("text/plain")
            if plain is None:
                plain = nodes.container(mime_type="text/plain")
                bundle += plain
            del plain[:]
            plain += note


def _check_config(app: Sphinx, config: Config) -> None:
    """Validate the launch settings once, add the vendored MathJax, drop solutions."""
    for name in ("gdkit_hub_url", "gdkit_repository", "gdkit_branch"):
        value = getattr(config, name)
        if not isinstance(value, str) or not value:
            raise ConfigError(f"{name} must be a non-empty string, got {value!r}")
    try:
        binder_link(config.gdkit_repository, config.gdkit_branch, DEFAULT_NOTEBOOK)
        nbgitpuller_link(
            config.gdkit_hub_url, config.gdkit_repository, config.gdkit_branch, DEFAULT_NOTEBOOK
        )
    except (TypeError, ValueError) as error:
        raise ConfigError(f"launch links: {error}") from error

    vendor = Path(config.gdkit_vendor_dir)
    if not vendor.is_absolute():
        vendor = Path(app.confdir) / vendor
    if not (vendor / MATHJAX_ENTRY).is_file():
        raise ConfigError(
            f"MathJax is not vendored: {vendor / MATHJAX_ENTRY} is missing; "
            "build the site with `make site` (site/build.py installs it with npm)"
        )
    config.html_static_path = [*config.html_static_path, str(vendor)]

    if not _solutions(config):
        config.exclude_patterns = [*config.exclude_patterns, "lectures/solutions/**"]


def _solutions(config: Config) -> bool:
    return str(config.gdkit_solutions).strip().lower() in ("1", "true", "yes", "on")


SOLUTIONS_TOCTREE = """

```{toctree}
:caption: Solutions
:maxdepth: 1
:glob:

lectures/solutions/*
```
"""


def _add_solutions_to_index(app: Sphinx, docname: str, source: list[str]) -> None:
    if docname == app.config.root_doc and _solutions(app.config):
        source[0] += SOLUTIONS_TOCTREE


def _notebook_of(app: Sphinx, pagename: str) -> str:
    """The repository path of the notebook behind ``pagename`` (the welcome lecture for
    pages that are not notebooks: the index, search, ...)."""
    if pagename in app.env.all_docs and str(app.env.doc2path(pagename)).endswith(".ipynb"):
        return f"{pagename}.ipynb"  # the staged tree mirrors the repository's lectures/
    return DEFAULT_NOTEBOOK


def _launch_links(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    cfg = app.config
    notebook = _notebook_of(app, pagename)
    name = Path(notebook).name
    context["gdkit_launch_notebook"] = notebook
    context["gdkit_launch_links"] = [
        {
            "text": "Binder",
            "title": f"Run {name} on Binder (mybinder.org)",
            "url": binder_link(cfg.gdkit_repository, cfg.gdkit_branch, notebook),
            "icon": "_static/images/logo_binder.svg",
            "label": "binder",
        },
        {
            "text": "JupyterHub",
            "title": f"Run {name} on the course JupyterHub (nbgitpuller)",
            "url": nbgitpuller_link(
                cfg.gdkit_hub_url, cfg.gdkit_repository, cfg.gdkit_branch, notebook
            ),
            "icon": "_static/images/logo_jupyterhub.svg",
            "label": "jupyterhub",
        },
    ]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("gdkit_hub_url", DEFAULT_HUB_URL, "html", types=frozenset({str}))
    app.add_config_value("gdkit_repository", DEFAULT_REPOSITORY, "html", types=frozenset({str}))
    app.add_config_value("gdkit_branch", DEFAULT_BRANCH, "html", types=frozenset({str}))
    app.add_config_value("gdkit_solutions", "0", "env", types=frozenset({str, bool, int}))
    app.add_config_value("gdkit_vendor_dir", "../build/site-vendor", "html", types=frozenset({str}))
    app.add_post_transform(WidgetNote)
    app.connect("config-inited", _check_config)
    app.connect("source-read", _add_solutions_to_index)
    app.connect("html-page-context", _launch_links)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
