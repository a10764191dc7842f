"""The base class every explorer shares: controls, state, one figure, a PNG view.

An explorer is three things kept in step:

- ``controls``: ipywidgets sliders and menus, one per parameter;
- ``state``: a JSON-friendly dict (floats, strings, lists) computed from the
  control values by a *pure* function of the explorer's module, so lectures and
  tests can read it without a browser;
- one matplotlib ``Figure`` (never registered with pyplot) rendered to PNG bytes
  and shown in an ``ipywidgets.Image``.  Replacing the image's bytes redraws in
  place: no flicker and no pile-up of figures.

``explorer.set(x=1.5)`` moves the controls and recomputes once;
``explorer.state`` is the result.  Displayed without a widget front end
(nbconvert, a static HTML page) an explorer still shows a PNG of its current
state and a deterministic one-line text.

Accessibility (WCAG 2.1 AA):

- every control has a visible ``description``; the course's JupyterLab
  extension ties it to the control (``aria-labelledby``) where ipywidgets does
  not (sliders, toggle buttons);
- the caption above the figure (``label``, classed ``gdkit-live``) is a live
  region: ``role="status"``, ``aria-live="polite"``, set by the extension on
  the widget's own element (which stays in place), plus a ``role="status"``
  wrapper in its value for a front end without the extension.  It says the new
  state in words with its key numbers (:meth:`Explorer.caption`);
- the figure has a text alternative, :meth:`Explorer.alt_text`: what it shows
  and what to notice in this state.  It is the live image's ``tooltip`` (its
  ``title``; the extension copies it to ``alt``) and, in the static display,
  ``metadata["image/png"]["alt"]``, which the extension and the course site
  render as the ``<img alt>``.
"""

from __future__ import annotations

import base64
import html
import io
import math
import warnings
from typing import Any

import numpy as np


def _plain(value: Any) -> Any:
    """Turn NumPy scalars and arrays into plain Python floats, ints and lists."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, np.ndarray):
        return _plain(value.tolist())
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return float(value)
    return value


def _text(value: Any) -> str:
    """A short, deterministic text for ``repr``: floats rounded to 6 significant digits."""
    if isinstance(value, float):
        if not math.isfinite(value):
            return repr(value)
        return repr(float(f"{value:.6g}"))
    return repr(value)


def _num(value: Any, digits: int = 4) -> str:
    """A number for a sentence: ``digits`` significant digits, words for nan and ±inf."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if math.isnan(value):
        return "undefined"
    if math.isinf(value):
        return "infinite" if value > 0 else "minus infinite"
    text = f"{value:.{digits}g}"
    return "0" if text == "-0" else text


#: The class that marks an explorer's caption as a live region (see the module docstring).
LIVE_CLASS = "gdkit-live"


def live_html(text: str) -> str:
    """``text`` as the caption's HTML: bold, inside a ``role="status"`` live region."""
    return (f'<div role="status" aria-live="polite" aria-atomic="true">'
            f"<b>{html.escape(text, quote=False)}</b></div>")


_IMAGE_CLASS: Any = None


def _image_widget(widgets: Any) -> Any:
    """An ``ipywidgets.Image`` whose ``tooltip`` (the figure's alt text) reaches the page.

    ipywidgets 8's front end shows a tooltip as the element's ``title`` only after
    reading the widget's ``description``, which ``Image`` lacks (the view then fails
    to render): this subclass syncs an empty one.  The img's ``title`` is its
    accessible name, and the course extension copies it to ``alt``.
    """
    global _IMAGE_CLASS
    if _IMAGE_CLASS is None:
        from traitlets import Unicode

        class DescribedImage(widgets.Image):
            description = Unicode("", help="Not shown; lets the front end use the tooltip.").tag(
                sync=True)

        _IMAGE_CLASS = DescribedImage
    return _IMAGE_CLASS(format="png")


def _png_bytes(canvas: Any) -> bytes:
    """The canvas's pixels as PNG (fast, lightly compressed), declaring the figure's dpi."""
    from PIL import Image

    buffer = io.BytesIO()
    dpi = float(canvas.figure.dpi)
    Image.fromarray(np.asarray(canvas.buffer_rgba())).save(buffer, format="png",
                                                           compress_level=1, dpi=(dpi, dpi))
    return buffer.getvalue()


class Explorer:
    """Base class of the interactive explorers.

    Subclasses set ``title``, ``summary`` (the state keys shown by ``repr``),
    ``figsize``, and implement

    - ``_make_controls(widgets)`` returning ``{name: widget}``;
    - ``compute(**values)`` returning the state dict (a call to the module's
      pure function);
    - ``_setup(figure)`` creating axes and artists once, registering the ones
      that change with every update through :meth:`_animate`;
    - ``_draw(state)`` updating those artists for a new state;
    - optionally ``_background_key(state)``: what the rest of the figure
      depends on (it is redrawn only when that changes).

    Parameters
    ----------
    **values
        Initial control values, as for :meth:`set`.
    """

    title = "Explorer"
    summary: tuple[str, ...] = ()
    figsize: tuple[float, float] = (8.0, 3.4)
    dpi = 110
    verdict_key = "verdict"

    def __init__(self, **values: Any) -> None:
        import ipywidgets as widgets
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        self.figure = Figure(figsize=self.figsize, dpi=self.dpi)
        FigureCanvasAgg(self.figure)
        self.controls: dict[str, Any] = self._make_controls(widgets)
        self.image = _image_widget(widgets)
        self.label = widgets.HTML()
        self.label.add_class(LIVE_CLASS)
        self._alt = ""
        row = widgets.HBox(list(self.controls.values()) + self._extras(widgets),
                           layout=widgets.Layout(flex_flow="row wrap"))
        for control in row.children:
            style = getattr(control, "style", None)
            if getattr(style, "description_width", None) == "":
                style.description_width = "initial"  # the whole label, never cut short
        self.widget = widgets.VBox([row, self.label, self.image, *self._below(widgets)])
        self.state: dict[str, Any] = {}
        self._png = b""
        self._holding = False
        self._messaged = False
        self._animated: list[Any] = []
        self._background: Any = None
        self._background_key_now: Any = None
        self._setup(self.figure)
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self.set(**values)

    # -- to implement ---------------------------------------------------------
    def _make_controls(self, widgets: Any) -> dict[str, Any]:
        raise NotImplementedError

    def _extras(self, widgets: Any) -> list[Any]:
        """Widgets shown after the controls (buttons, progress bars); none by default."""
        return []

    def _below(self, widgets: Any) -> list[Any]:
        """Widgets shown under the figure (tables); none by default."""
        return []

    def compute(self, **values: Any) -> dict[str, Any]:
        raise NotImplementedError

    def _setup(self, figure: Any) -> None:
        raise NotImplementedError

    def _draw(self, state: dict[str, Any]) -> None:
        raise NotImplementedError

    # -- public ---------------------------------------------------------------
    @property
    def values(self) -> dict[str, Any]:
        """The current control values, by name."""
        return {name: control.value for name, control in self.controls.items()}

    def set(self, **values: Any) -> Explorer:
        """Move controls to ``values`` and recompute the state once.

        Raises
        ------
        TypeError
            For a name that is not one of the explorer's controls.
        ValueError
            For a value outside a slider's range or not among a menu's options.
        """
        for name, value in values.items():
            self._check(name, value)
        self._holding = True
        try:
            for name, value in values.items():
                control = self.controls[name]
                control.value = tuple(value) if isinstance(control.value, tuple) else value
        finally:
            self._holding = False
        self.update()
        return self

    def update(self) -> None:
        """Recompute ``state`` from the controls and redraw the figure in place.

        Nothing raised by the computation or the drawing reaches the user: the
        state then carries ``verdict='error'`` and the message is shown.
        """
        values = self.values
        try:
            with np.errstate(all="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                state = _plain(self.compute(**values))
        except Exception as exc:  # an explorer shows a verdict, never a traceback
            state = _plain(values) | {
                self.verdict_key: "error",
                "message": f"{type(exc).__name__}: {exc}",
            }
        self.state = state
        self._announce(self.caption(state))
        self._render(state)

    def _announce(self, text: str) -> None:
        """Show ``text`` in the caption (a live region: screen readers read it out)."""
        self.label.value = live_html(text)

    def caption(self, state: dict[str, Any]) -> str:
        """The one-line verdict shown above the figure: the state in words, with its numbers.

        Subclasses say it in a sentence (:meth:`_say`); this falls back to
        ``key = value`` pairs of ``summary`` if that fails.
        """
        if state.get(self.verdict_key) == "error":
            return f"cannot compute: {state['message']}"
        try:
            text = self._say(state)
        except Exception:  # a caption must never break the explorer
            text = None
        return text or ", ".join(f"{k} = {_text(state[k])}" for k in self.summary if k in state)

    def _say(self, state: dict[str, Any]) -> str | None:
        """The caption of a computed state, in words; ``None``: the ``summary`` pairs."""
        return None

    def alt_text(self, state: dict[str, Any] | None = None) -> str:
        """The figure's text alternative for ``state`` (default: the current one).

        One or two sentences: what the figure shows, with the state's key
        numbers, and what to notice.  For an error state: the message the
        figure shows instead of a plot.
        """
        state = self.state if state is None else state
        if state.get(self.verdict_key) == "error":
            return (f"{self.title}: no plot, only the message "
                    f"\u201ccannot compute: {state['message']}\u201d.")
        try:
            text = self._describe(state)
        except Exception:  # nor may the description
            text = None
        return text or f"{self.title}: {self.caption(state)}."

    def _describe(self, state: dict[str, Any]) -> str | None:
        """The alt text of a computed state; ``None``: the title and the caption."""
        return None

    @property
    def alt(self) -> str:
        """The text alternative of the figure as drawn now (see :meth:`alt_text`)."""
        return self._alt

    @property
    def png(self) -> bytes:
        """The current figure as PNG bytes."""
        return self._png

    def _animate(self, artist: Any) -> Any:
        """Mark ``artist`` as redrawn on every update (blitted over the background)."""
        artist.set_animated(True)
        self._animated.append(artist)
        return artist

    def _background_key(self, state: dict[str, Any]) -> Any:
        """What the static part of the figure depends on (see :meth:`_render`).

        With animated artists, the figure is drawn in full only when this
        changes; otherwise the saved
        background is restored and only the artists in ``self._animated`` are
        drawn again (blitting), which keeps an update to a few tens of ms.
        """
        return None

    def _render(self, state: dict[str, Any]) -> None:
        canvas = self.figure.canvas
        try:
            with np.errstate(all="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                if state.get(self.verdict_key) == "error":
                    self._show_message(state["message"])
                    canvas.draw()
                else:
                    if self._messaged:  # an earlier message replaced the axes
                        self.figure.clear()
                        self._setup(self.figure)
                        self._messaged = False
                    self._draw(state)
                    key = self._background_key(state)
                    if (not self._animated or self._background is None
                            or key != self._background_key_now):
                        canvas.draw()  # animated artists are left out of a full draw
                        self._background = canvas.copy_from_bbox(self.figure.bbox)
                        self._background_key_now = key
                    else:
                        canvas.restore_region(self._background)
                    for artist in self._animated:
                        self.figure.draw_artist(artist)
            alt = self.alt_text(state)
        except Exception as exc:  # drawing must not raise either
            message = f"cannot draw: {type(exc).__name__}: {exc}"
            self._show_message(message)
            canvas.draw()
            alt = f"{self.title}: no plot, only the message \u201c{message}\u201d."
        self._png = _png_bytes(canvas)
        self._alt = alt
        _describe_figure(self.figure, alt)
        self.image.tooltip = alt
        self.image.value = self._png

    def _show_message(self, message: str) -> None:
        self.figure.clear()
        self._animated = []
        self._background = None
        self.figure.text(0.5, 0.5, message, ha="center", va="center", wrap=True)
        self._messaged = True

    def _check(self, name: str, value: Any) -> None:
        control = self.controls.get(name)
        if control is None:
            raise TypeError(
                f"{type(self).__name__}.set() got an unknown control {name!r}; "
                f"expected one of {sorted(self.controls)}"
            )
        options = getattr(control, "options", None)
        if options is not None:
            labels = [o[1] if isinstance(o, tuple) else o for o in options]
            chosen = value if isinstance(value, (tuple, list)) else [value]
            if isinstance(control.value, tuple) != isinstance(value, (tuple, list)) or any(
                v not in labels for v in chosen
            ):
                what = "a tuple of values from" if isinstance(control.value, tuple) else "one of"
                raise ValueError(f"{name} must be {what} {labels}, got {value!r}")
            return
        if hasattr(control, "min") and hasattr(control, "max"):
            low, high = control.min, control.max
            if hasattr(control, "base"):  # FloatLogSlider: min and max are exponents
                low, high = control.base**low, control.base**high
            if not isinstance(value, (int, float)) or not low <= value <= high:
                raise ValueError(f"{name} must be a number in [{low:g}, {high:g}], got {value!r}")

    def close(self) -> None:
        """Close the widgets (the front end removes them); ``state`` and ``png`` remain."""
        stack = [self.widget]
        while stack:
            widget = stack.pop()
            stack.extend(getattr(widget, "children", ()))
            widget.close()

    def _on_change(self, change: dict[str, Any]) -> None:
        if not self._holding:
            self.update()

    # -- display ----------------------------------------------------------------
    def __repr__(self) -> str:
        keys = [k for k in self.summary if k in self.state]
        if self.state.get(self.verdict_key) == "error":
            keys = [k for k in self.controls] + [self.verdict_key]
        inner = ", ".join(f"{k}={_text(self.state[k])}" for k in keys)
        return f"{type(self).__name__}({inner})"

    def _repr_mimebundle_(
        self, include: Any = None, exclude: Any = None
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """Widget view for a live front end, PNG and text for everything else.

        Returns ``(data, metadata)``; ``metadata["image/png"]["alt"]`` is the
        figure's text alternative (:attr:`alt`).
        """
        widget_bundle = getattr(self.widget, "_repr_mimebundle_", None)  # None once closed
        bundle = dict(widget_bundle() or {}) if callable(widget_bundle) else {}
        bundle["text/plain"] = repr(self)
        bundle["image/png"] = base64.b64encode(self._png).decode("ascii")
        return bundle, {"image/png": {"alt": self._alt}}


def _describe_figure(figure: Any, text: str) -> None:
    """Store ``text`` on the figure, where ``gdkit.plots.alt_text(figure)`` reads it."""
    from ..plots import describe

    describe(figure, text)
