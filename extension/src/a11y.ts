/**
 * Accessibility for the course's figures and explorers (WCAG 2.1 AA).
 *
 * - Images: a PNG output's text alternative is stored by gdkit as
 *   `metadata['image/png'].alt`; JupyterLab's own image renderer ignores it, so
 *   `RenderedImageWithAlt` (registered for the image types in place of
 *   JupyterLab's renderer) sets it as the `<img alt>`.
 * - Explorers (ipywidgets): `enhanceWidgets` gives each slider handle the name
 *   of its visible description (`aria-labelledby`) and its readout as
 *   `aria-valuetext`, groups toggle buttons under their description with
 *   `aria-pressed` on each, makes each `.gdkit-live` caption a stable live
 *   region (`role="status"`, `aria-live="polite"`), and copies a widget image's
 *   `title` (the explorer's alt text, sent as the widget's tooltip) to `alt`.
 *   `WidgetAccessibility` re-applies it whenever widgets are added or changed.
 */

import {
  IRenderMime,
  RenderedImage,
  RenderedSVG
} from '@jupyterlab/rendermime';
import { IDisposable } from '@lumino/disposable';

type Metadata = IRenderMime.IMimeModel['metadata'];

/** The class gdkit puts on an explorer's caption (an ipywidgets HTML widget). */
export const LIVE_CLASS = 'gdkit-live';

/** The image types JupyterLab's own image renderer handles. */
export const IMAGE_MIME_TYPES = [
  'image/bmp',
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp'
];

/** What marks an ipywidgets view's element. */
const WIDGET = '.jupyter-widgets';

/**
 * The text alternative stored for `mimeType` in an output's metadata
 * (`metadata[mimeType].alt`), trimmed; `null` when there is none.
 */
export function altFromMetadata(
  metadata: Metadata | undefined | null,
  mimeType: string
): string | null {
  const entry = metadata ? metadata[mimeType] : undefined;
  if (!entry || typeof entry !== 'object' || Array.isArray(entry)) {
    return null;
  }
  const alt = (entry as Metadata).alt;
  return typeof alt === 'string' && alt.trim() ? alt.trim() : null;
}

/** Give every `<img>` under `node` the text alternative stored for `mimeType`. */
export function setAltFromMetadata(
  node: Element,
  model: IRenderMime.IMimeModel,
  mimeType: string
): void {
  const alt = altFromMetadata(model.metadata, mimeType);
  if (alt) {
    node.querySelectorAll('img').forEach(img => {
      img.alt = alt;
    });
  }
}

/** JupyterLab's image renderer, plus the `alt` gdkit stores in the metadata. */
export class RenderedImageWithAlt extends RenderedImage {
  async render(model: IRenderMime.IMimeModel): Promise<void> {
    await super.render(model);
    setAltFromMetadata(this.node, model, this.mimeType);
  }
}

/** JupyterLab's SVG renderer (an `<img>` of the SVG), plus the stored `alt`. */
export class RenderedSVGWithAlt extends RenderedSVG {
  async render(model: IRenderMime.IMimeModel): Promise<void> {
    await super.render(model);
    setAltFromMetadata(this.node, model, this.mimeType);
  }
}

/** Registered in place of JupyterLab's `svgRendererFactory` (same type, rank, safety). */
export const svgWithAltRendererFactory: IRenderMime.IRendererFactory = {
  safe: false,
  mimeTypes: ['image/svg+xml'],
  defaultRank: 80,
  createRenderer: options => new RenderedSVGWithAlt(options)
};

/** Registered in place of JupyterLab's `imageRendererFactory` (same types, rank, safety). */
export const imageWithAltRendererFactory: IRenderMime.IRendererFactory = {
  safe: true,
  mimeTypes: IMAGE_MIME_TYPES,
  defaultRank: 90,
  createRenderer: options => new RenderedImageWithAlt(options)
};

let nextId = 0;

function setAttribute(node: Element, name: string, value: string): void {
  if (node.getAttribute(name) !== value) {
    node.setAttribute(name, value);
  }
}

function ensureId(node: Element): string {
  if (!node.id) {
    node.id = `gdkit-a11y-${++nextId}`;
  }
  return node.id;
}

/** The widget's visible description (ipywidgets' `.widget-label` child), if it has one. */
function description(widget: Element): HTMLElement | null {
  const label = widget.querySelector(':scope > .widget-label');
  if (
    !(label instanceof HTMLElement) ||
    label.style.display === 'none' ||
    !label.textContent?.trim()
  ) {
    return null;
  }
  return label;
}

/** The elements of `root` (itself included) that match `selector`. */
function matching(root: Element, selector: string): Element[] {
  const found = Array.from(root.querySelectorAll(selector));
  return root.matches(selector) ? [root, ...found] : found;
}

/** An explorer's caption: a live region on the element that stays in place. */
export function markLiveRegion(node: Element): void {
  setAttribute(node, 'role', 'status');
  setAttribute(node, 'aria-live', 'polite');
  setAttribute(node, 'aria-atomic', 'true');
  // The value's own role="status" wrapper (for front ends without this
  // extension) is replaced on every update: leave the announcing to this one.
  node.querySelectorAll('[role="status"], [aria-live]').forEach(inner => {
    inner.removeAttribute('role');
    inner.removeAttribute('aria-live');
    inner.removeAttribute('aria-atomic');
  });
}

/** A slider's handles (role="slider") are named by its description and read out its value. */
export function labelSlider(slider: Element): void {
  const label = description(slider);
  const id = label ? ensureId(label) : null;
  const readout = slider.querySelector('.widget-readout');
  const text = readout?.textContent?.trim() ?? '';
  slider.querySelectorAll('[role="slider"]').forEach(handle => {
    if (id) {
      setAttribute(handle, 'aria-labelledby', id);
    }
    if (text) {
      setAttribute(handle, 'aria-valuetext', text);
    }
  });
  if (readout) {
    // An editable readout: a text box with the same name.
    setAttribute(readout, 'role', 'textbox');
    if (id) {
      setAttribute(readout, 'aria-labelledby', id);
    }
  }
}

/** Toggle buttons: a group named by the description; each button says if it is pressed. */
export function labelToggleButtons(widget: Element): void {
  const label = description(widget);
  const group = widget.querySelector(':scope > div');
  if (group) {
    setAttribute(group, 'role', 'group');
    if (label) {
      setAttribute(group, 'aria-labelledby', ensureId(label));
    }
  }
  widget.querySelectorAll('button').forEach(button => {
    setAttribute(
      button,
      'aria-pressed',
      button.classList.contains('mod-active') ? 'true' : 'false'
    );
  });
}

/** A widget image's `title` (its tooltip: gdkit's alt text) becomes its `alt`. */
export function altFromTitle(img: Element): void {
  const title = img.getAttribute('title')?.trim();
  if (title) {
    setAttribute(img, 'alt', title);
  }
}

/** Apply every widget fix inside `root` (itself included). */
export function enhanceWidgets(root: Element): void {
  matching(root, `.${LIVE_CLASS}`).forEach(markLiveRegion);
  matching(root, '.widget-slider').forEach(labelSlider);
  matching(root, '.widget-toggle-buttons').forEach(labelToggleButtons);
  matching(root, 'img.widget-image').forEach(altFromTitle);
}

/**
 * The widgets a batch of DOM changes touched: for a change inside a widget, the
 * nearest widget element; for added nodes outside any, those holding widgets.
 */
export function touchedWidgets(
  records: readonly MutationRecord[]
): Set<Element> {
  const touched = new Set<Element>();
  for (const record of records) {
    const target =
      record.target instanceof Element
        ? record.target
        : record.target.parentElement;
    const widget = target?.closest(WIDGET);
    if (widget) {
      touched.add(widget);
      continue;
    }
    record.addedNodes.forEach(node => {
      if (
        node instanceof Element &&
        (node.matches(WIDGET) || node.querySelector(WIDGET))
      ) {
        touched.add(node);
      }
    });
  }
  return touched;
}

/** Keeps `enhanceWidgets` applied to every widget under `root` as they render and change. */
export class WidgetAccessibility implements IDisposable {
  constructor(root: Element) {
    enhanceWidgets(root);
    this._observer = new MutationObserver(records => {
      touchedWidgets(records).forEach(widget => {
        if (widget.isConnected) {
          enhanceWidgets(widget);
        }
      });
    });
    this._observer.observe(root, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
      // title: an image's tooltip; class: a toggle button pressed, a widget's classes
      attributeFilter: ['title', 'class']
    });
  }

  get isDisposed(): boolean {
    return this._observer === null;
  }

  dispose(): void {
    this._observer?.disconnect();
    this._observer = null;
  }

  private _observer: MutationObserver | null;
}
