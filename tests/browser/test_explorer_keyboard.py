"""An explorer in a real JupyterLab, used with the keyboard only (WCAG 2.1 AA).

A temporary notebook shows ``LossExplorer`` (two sliders: weight w and bias b) and a
PNG whose output metadata carries an alt text.  In headless chromium, with the
course extension installed:

* every slider is found by its role and the name of its visible description
  (``get_by_role("slider", name="weight w")``), as a screen reader would;
* a slider handle takes focus, then Tab reaches the next slider, which shows a
  visible focus ring;
* ArrowRight moves a slider, and the caption, a live region (``role="status"``,
  ``aria-live="polite"``) on an element that stays in place, then states the new
  value; the explorer's image has a non-empty ``alt`` that follows the state;
* a PNG output's ``metadata["image/png"]["alt"]`` is its ``<img alt>``.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from .jupyterlab import JS_FIND_PANEL, VIEWPORT, LabServer, wait_until

pytestmark = pytest.mark.browser

NOTEBOOK = "explorer_keyboard.ipynb"
DOT_ALT = "A single black dot on white."
# A 1x1 PNG.
DOT = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)
CELLS = [
    "from gdkit.explorers import LossExplorer\n"
    "explorer = LossExplorer(w=0.5, b=-4.0)\n"
    "explorer",
    "from IPython.display import display\n"
    f"display({{'image/png': {DOT!r}, 'text/plain': 'a dot'}}, raw=True,\n"
    f"        metadata={{'image/png': {{'alt': {DOT_ALT!r}}}}})",
]


def _notebook() -> dict:
    return {
        "cells": [
            {"cell_type": "code", "execution_count": None, "id": f"cell-{i}", "metadata": {},
             "outputs": [], "source": source}
            for i, source in enumerate(CELLS)
        ],  # fmt: skip
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


@pytest.fixture(scope="module")
def explorer_server(browser_available: None, tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("explorer-root")
    (root / NOTEBOOK).write_text(json.dumps(_notebook(), indent=1), encoding="utf-8")
    server = LabServer(root, tmp_path_factory.mktemp("explorer-lab-state"))
    server.start()
    yield server
    server.stop()


_wait = wait_until


@pytest.fixture(scope="module")
def page(chromium, explorer_server: LabServer):
    """The notebook open, both cells run, the explorer rendered."""
    context = chromium.new_context(viewport=VIEWPORT)
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    errors: list[str] = []
    pg.on("pageerror", lambda err: errors.append(str(err)))
    pg.goto(explorer_server.notebook_url(NOTEBOOK))
    _wait(pg, f"() => ({JS_FIND_PANEL})({json.dumps(NOTEBOOK)}) === 'ready'",
          "the notebook and its kernel")  # fmt: skip
    pg.evaluate("() => { window.jupyterapp.shell.activateById(window.__gd.panel.id);"
                " return window.jupyterapp.commands.execute('notebook:run-all-cells'); }")  # fmt: skip
    _wait(pg, """() => {
        const live = document.querySelector('.gdkit-live');
        return !!(live && live.textContent.includes('w = 0.5')
          && document.querySelectorAll('.widget-slider [role="slider"]').length === 2
          && document.querySelector('img.widget-image[alt]')
          && document.querySelectorAll('.jp-OutputArea-output img').length >= 2);
      }""", "the explorer and the image to render")  # fmt: skip
    yield pg
    context.close()
    explorer_server.shutdown_all_sessions()
    assert not errors, errors


def _caption(page: Any) -> str:
    return page.evaluate("() => document.querySelector('.gdkit-live').textContent.trim()")


def _explorer_alt(page: Any) -> str:
    return page.evaluate("() => document.querySelector('img.widget-image').getAttribute('alt')")


def test_a_png_output_gets_the_alt_from_its_metadata(page):
    img = page.locator(".jp-Cell").nth(1).locator(".jp-OutputArea-output img")
    assert img.get_attribute("alt") == DOT_ALT
    assert page.get_by_role("img", name=DOT_ALT).count() == 1
    # The explorer's own static PNG carries its alt in the output metadata too.
    stored = page.evaluate(
        "() => window.__gd.panel.content.widgets[0].model.outputs.get(0).metadata")
    assert "w = 0.5" in stored["image/png"]["alt"]


def test_controls_are_named_by_their_descriptions_and_the_caption_is_live(page):
    for name in ("weight w", "bias b"):
        assert page.get_by_role("slider", name=name, exact=True).count() == 1, name
    live = page.locator(".gdkit-live")
    assert live.get_attribute("role") == "status"
    assert live.get_attribute("aria-live") == "polite"
    # one live region per caption: the value's own fallback wrapper is neutralised
    assert live.locator("[role=status], [aria-live]").count() == 0
    assert page.get_by_role("status").filter(has_text="w = 0.5").count() == 1
    alt = _explorer_alt(page)
    assert "w = 0.5" in alt and "b = -4" in alt and len(alt) > 60
    assert page.get_by_role("img", name=re.compile(r"At w = 0\.5 ")).count() == 1


def test_arrow_keys_move_a_focused_slider_and_the_caption_announces_it(page):
    weight = page.get_by_role("slider", name="weight w", exact=True)
    weight.focus()
    live_id = page.evaluate("() => { const n = document.querySelector('.gdkit-live');"
                            " n.dataset.probe = 'same-element'; return n.dataset.probe; }")  # fmt: skip
    before_alt = _explorer_alt(page)
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    _wait(page, "() => document.querySelector('.gdkit-live').textContent.includes('w = 0.65')",
          "the caption to state w = 0.65", timeout_s=60)  # fmt: skip
    assert weight.get_attribute("aria-valuetext") == "0.65"  # the readout, not nouislider's
    # The announcing element stayed in place (its content changed, not the element).
    assert page.evaluate("() => document.querySelector('.gdkit-live').dataset.probe") == live_id
    assert page.get_by_role("status").filter(has_text="w = 0.65").count() == 1
    _wait(page, "() => (document.querySelector('img.widget-image').getAttribute('alt') || '')"
                ".includes('At w = 0.65 ')", "the image's alt to follow")  # fmt: skip
    assert _explorer_alt(page) != before_alt


def test_tab_reaches_the_next_slider_which_shows_a_focus_ring(page, artifacts_dir):
    page.get_by_role("slider", name="weight w", exact=True).focus()
    name = ""
    for _ in range(4):  # the weight's editable readout comes first
        page.keyboard.press("Tab")
        name = page.evaluate("""() => {
            const el = document.activeElement;
            if (!el || el.getAttribute('role') !== 'slider') return '';
            return document.getElementById(el.getAttribute('aria-labelledby')).textContent;
          }""")  # fmt: skip
        if name:
            break
    assert name == "bias b"
    ring = page.evaluate("""() => {
        const el = document.activeElement, s = getComputedStyle(el);
        return {visible: el.matches(':focus-visible'), style: s.outlineStyle,
                width: parseFloat(s.outlineWidth)};
      }""")  # fmt: skip
    assert ring["visible"] and ring["style"] == "solid" and ring["width"] >= 2, ring
    before = _caption(page)
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    _wait(page, "() => document.querySelector('.gdkit-live').textContent.includes('b = -4.2')",
          "the caption to state b = -4.2", timeout_s=60)  # fmt: skip
    after = _caption(page)
    assert after != before and "b = -4.2" in after
    _wait(page, "() => (document.querySelector('img.widget-image').getAttribute('alt') || '')"
                ".includes('bias b = -4.2')", "the image's alt to follow")  # fmt: skip
    page.screenshot(path=str(artifacts_dir / "explorer-keyboard.png"))
