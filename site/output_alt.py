"""Sphinx extension: a notebook figure's text alternative becomes its ``<img alt>``.

gdkit stores what a figure shows in the output's metadata, next to the picture::

    {"output_type": "display_data",
     "data": {"image/png": "iVBORw0..."},
     "metadata": {"image/png": {"alt": "Loss against step: falls from 2.3 to 0.1 ..."}}}

JupyterLab shows it (the course extension), but myst-nb 1.4 passes only ``width`` and
``height`` from an output's metadata to the image it renders, so the site would fall
back to the image's file name.  This transform runs on every notebook page right after
it is read: myst-nb names each output image by the sha256 of its bytes
(``<sha256>.png``, see ``myst_nb.core.render.MimeRenderPlugin.render_image``), so the
transform hashes the stored outputs the same way and gives each image node the ``alt``
of the output it came from (in document order when the same picture appears twice with
different descriptions).  An image already given an ``alt`` by a cell-level option keeps
it only when its output carries none.

``site/conf.py`` loads it; ``tests/test_site.py`` checks it on a small notebook and that
every ``<img>`` of the site has a text alternative that is not a file name.
"""

from __future__ import annotations

import hashlib
import json
import os
from binascii import a2b_base64
from collections import defaultdict
from pathlib import PurePosixPath
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform

# The MIME types myst-nb stores base64-decoded (the rest as UTF-8 text with os.linesep).
BASE64_TYPES = {"image/png", "image/jpeg", "image/gif", "application/pdf"}
IMAGE_TYPES = ("image/png", "image/jpeg", "image/gif", "image/svg+xml")


def _text(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def _digest(mime_type: str, content: Any) -> str:
    """sha256 of an output's data as myst-nb writes it (so, its file name)."""
    text = _text(content)
    if mime_type in BASE64_TYPES:
        raw = a2b_base64(text)
    else:
        raw = os.linesep.join(text.splitlines()).encode("utf-8")
    return hashlib.sha256(raw).hexdigest()


def output_alt(output: dict[str, Any], mime_type: str) -> str | None:
    """The text alternative stored with one image of an output: its own
    ``metadata[mime_type]["alt"]``, else the PNG's (the same figure in another format)."""
    metadata = output.get("metadata") or {}
    for key in (mime_type, "image/png"):
        entry = metadata.get(key)
        if isinstance(entry, dict):
            alt = entry.get("alt")
            if isinstance(alt, str) and alt.strip():
                return " ".join(alt.split())
    return None


def alts_by_digest(notebook: dict[str, Any]) -> dict[str, list[str]]:
    """``{sha256 of an image output: [its alt texts, in notebook order]}``."""
    found: dict[str, list[str]] = defaultdict(list)
    for cell in notebook.get("cells", []):
        for output in cell.get("outputs", []) if cell.get("cell_type") == "code" else []:
            data = output.get("data") or {}
            for mime_type in IMAGE_TYPES:
                if mime_type in data:
                    alt = output_alt(output, mime_type)
                    if alt:
                        found[_digest(mime_type, data[mime_type])].append(alt)
    return found


class OutputAltText(SphinxTransform):
    """Give each image rendered from a notebook output the ``alt`` stored with it."""

    default_priority = 500

    def apply(self, **kwargs: Any) -> None:
        source = self.env.doc2path(self.env.docname)
        if not str(source).endswith(".ipynb"):
            return
        try:
            notebook = json.loads(open(source, encoding="utf-8").read())
        except (OSError, ValueError):
            return
        alts = alts_by_digest(notebook)
        if not alts:
            return
        used: dict[str, int] = defaultdict(int)
        for image in self.document.findall(nodes.image):
            digest = PurePosixPath(str(image.get("uri", ""))).stem
            if digest not in alts:
                continue
            texts = alts[digest]
            image["alt"] = texts[min(used[digest], len(texts) - 1)]
            used[digest] += 1


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_transform(OutputAltText)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
