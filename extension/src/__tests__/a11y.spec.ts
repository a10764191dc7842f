import { MimeModel } from '@jupyterlab/rendermime';

import {
  altFromMetadata,
  altFromTitle,
  enhanceWidgets,
  imageWithAltRendererFactory,
  svgWithAltRendererFactory,
  RenderedSVGWithAlt,
  IMAGE_MIME_TYPES,
  labelSlider,
  labelToggleButtons,
  LIVE_CLASS,
  markLiveRegion,
  RenderedImageWithAlt,
  touchedWidgets,
  WidgetAccessibility
} from '../a11y';

const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

/** A fragment of markup as ipywidgets 8 renders it, attached to the document. */
function html(markup: string): HTMLElement {
  const host = document.createElement('div');
  host.innerHTML = markup.trim();
  document.body.appendChild(host);
  return host.firstElementChild as HTMLElement;
}

const SLIDER = `
  <div class="lm-Widget jupyter-widgets widget-inline-hbox widget-slider widget-hslider">
    <label class="widget-label" title="">weight w</label>
    <div class="slider-container"><div class="slider noUi-target">
      <div class="noUi-base"><div class="noUi-origin">
        <div class="noUi-handle" role="slider" tabindex="0" aria-valuenow="0.50"
             aria-valuetext="0.50"></div>
      </div></div>
    </div></div>
    <div class="widget-readout" contenteditable="true">0.50</div>
  </div>`;

afterEach(() => {
  document.body.innerHTML = '';
});

describe('altFromMetadata', () => {
  it('reads metadata[mimeType].alt, trimmed', () => {
    expect(
      altFromMetadata({ 'image/png': { alt: '  A curve. ' } }, 'image/png')
    ).toBe('A curve.');
  });

  it('is null without a usable alt for that type', () => {
    expect(altFromMetadata(undefined, 'image/png')).toBeNull();
    expect(altFromMetadata({}, 'image/png')).toBeNull();
    expect(altFromMetadata({ 'image/png': 'x' }, 'image/png')).toBeNull();
    expect(altFromMetadata({ 'image/png': [1] }, 'image/png')).toBeNull();
    expect(
      altFromMetadata({ 'image/png': { alt: 3 } }, 'image/png')
    ).toBeNull();
    expect(
      altFromMetadata({ 'image/png': { alt: '  ' } }, 'image/png')
    ).toBeNull();
    expect(
      altFromMetadata({ 'image/jpeg': { alt: 'other' } }, 'image/png')
    ).toBeNull();
  });
});

describe('RenderedImageWithAlt', () => {
  const options = {
    mimeType: 'image/png',
    sanitizer: { sanitize: (s: string) => s },
    resolver: null,
    linkHandler: null,
    latexTypesetter: null
  };

  it('renders the image with the alt from its metadata', async () => {
    const widget = imageWithAltRendererFactory.createRenderer(options);
    expect(widget).toBeInstanceOf(RenderedImageWithAlt);
    await widget.renderModel(
      new MimeModel({
        data: { 'image/png': PNG },
        metadata: { 'image/png': { alt: 'The loss falls.', width: 40 } }
      })
    );
    const img = widget.node.querySelector('img') as HTMLImageElement;
    expect(img.src).toBe(`data:image/png;base64,${PNG}`);
    expect(img.alt).toBe('The loss falls.');
    expect(img.width).toBe(40); // what JupyterLab's renderer does is kept
  });

  it('leaves an image without an alt as JupyterLab renders it', async () => {
    const widget = new RenderedImageWithAlt(options);
    await widget.renderModel(new MimeModel({ data: { 'image/png': PNG } }));
    const img = widget.node.querySelector('img') as HTMLImageElement;
    expect(img.hasAttribute('alt')).toBe(false);
    expect(img.src).toContain('base64');
  });

  it('replaces the default image renderer for the same types', () => {
    expect(imageWithAltRendererFactory.mimeTypes).toEqual(IMAGE_MIME_TYPES);
    expect(imageWithAltRendererFactory.safe).toBe(true);
    expect(imageWithAltRendererFactory.defaultRank).toBe(90);
  });
});

describe('RenderedSVGWithAlt', () => {
  const SVG =
    '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"></svg>';
  const options = {
    mimeType: 'image/svg+xml',
    sanitizer: { sanitize: (s: string) => s },
    resolver: null,
    linkHandler: null,
    latexTypesetter: null
  };

  it('renders the SVG image with the alt from its metadata', async () => {
    const widget = svgWithAltRendererFactory.createRenderer(options);
    expect(widget).toBeInstanceOf(RenderedSVGWithAlt);
    await widget.renderModel(
      new MimeModel({
        data: { 'image/svg+xml': SVG },
        metadata: { 'image/svg+xml': { alt: 'A graph of 3 nodes.' } },
        trusted: true
      })
    );
    const img = widget.node.querySelector('img') as HTMLImageElement;
    expect(img.src).toContain('data:image/svg+xml');
    expect(img.alt).toBe('A graph of 3 nodes.');
  });

  it('replaces the default SVG renderer with the same type, rank and safety', () => {
    expect(svgWithAltRendererFactory.mimeTypes).toEqual(['image/svg+xml']);
    expect(svgWithAltRendererFactory.safe).toBe(false);
    expect(svgWithAltRendererFactory.defaultRank).toBe(80);
  });
});

describe('labelSlider', () => {
  it('names the handle and the readout by the description', () => {
    const slider = html(SLIDER);
    labelSlider(slider);
    const label = slider.querySelector('.widget-label') as HTMLElement;
    const handle = slider.querySelector('[role="slider"]') as HTMLElement;
    const readout = slider.querySelector('.widget-readout') as HTMLElement;
    expect(label.id).toMatch(/^gdkit-a11y-\d+$/);
    expect(handle.getAttribute('aria-labelledby')).toBe(label.id);
    expect(readout.getAttribute('aria-labelledby')).toBe(label.id);
    expect(readout.getAttribute('role')).toBe('textbox');
  });

  it('reads the readout out as the value text', () => {
    const slider = html(SLIDER);
    (slider.querySelector('.widget-readout') as HTMLElement).textContent =
      '1.0e-05';
    labelSlider(slider);
    const handle = slider.querySelector('[role="slider"]') as HTMLElement;
    expect(handle.getAttribute('aria-valuetext')).toBe('1.0e-05');
  });

  it('keeps an existing id and ignores a hidden description', () => {
    const slider = html(SLIDER);
    const label = slider.querySelector('.widget-label') as HTMLElement;
    label.id = 'mine';
    labelSlider(slider);
    expect(
      slider.querySelector('[role="slider"]')!.getAttribute('aria-labelledby')
    ).toBe('mine');
    const other = html(SLIDER);
    (other.querySelector('.widget-label') as HTMLElement).style.display =
      'none';
    labelSlider(other);
    expect(
      other.querySelector('[role="slider"]')!.hasAttribute('aria-labelledby')
    ).toBe(false);
  });
});

describe('labelToggleButtons', () => {
  it('groups the buttons under the description and marks the pressed one', () => {
    const widget = html(`
      <div class="jupyter-widgets widget-toggle-buttons">
        <label class="widget-label">batch gradient</label>
        <div><button class="widget-toggle-button mod-active">mean</button>
             <button class="widget-toggle-button">sum</button></div>
      </div>`);
    labelToggleButtons(widget);
    const group = widget.querySelector(':scope > div') as HTMLElement;
    expect(group.getAttribute('role')).toBe('group');
    expect(
      document.getElementById(group.getAttribute('aria-labelledby')!)!
        .textContent
    ).toBe('batch gradient');
    const pressed = Array.from(widget.querySelectorAll('button')).map(b =>
      b.getAttribute('aria-pressed')
    );
    expect(pressed).toEqual(['true', 'false']);
  });
});

describe('markLiveRegion', () => {
  it('makes the stable element the live region, not the replaced value', () => {
    const caption = html(`
      <div class="jupyter-widgets widget-html ${LIVE_CLASS}">
        <label class="widget-label" style="display: none"></label>
        <div class="widget-html-content"><div role="status" aria-live="polite"
          aria-atomic="true"><b>x = 1</b></div></div>
      </div>`);
    markLiveRegion(caption);
    expect(caption.getAttribute('role')).toBe('status');
    expect(caption.getAttribute('aria-live')).toBe('polite');
    expect(caption.getAttribute('aria-atomic')).toBe('true');
    expect(caption.querySelectorAll('[role], [aria-live]')).toHaveLength(0);
    expect(caption.textContent!.trim()).toBe('x = 1');
  });
});

describe('altFromTitle', () => {
  it("copies a widget image's title to its alt", () => {
    const img = html(
      '<img class="jupyter-widgets widget-image" title="Graph of f.">'
    );
    altFromTitle(img);
    expect(img.getAttribute('alt')).toBe('Graph of f.');
    const bare = html('<img class="jupyter-widgets widget-image">');
    altFromTitle(bare);
    expect(bare.hasAttribute('alt')).toBe(false);
  });
});

describe('enhanceWidgets and WidgetAccessibility', () => {
  it('applies every fix below a root', () => {
    const box = html(`<div class="jupyter-widgets widget-vbox">
      ${SLIDER}
      <div class="jupyter-widgets widget-html ${LIVE_CLASS}"><div>x</div></div>
      <img class="jupyter-widgets widget-image" title="A plot.">
    </div>`);
    enhanceWidgets(box);
    expect(
      box.querySelector('[role="slider"]')!.getAttribute('aria-labelledby')
    ).toBeTruthy();
    expect(box.querySelector(`.${LIVE_CLASS}`)!.getAttribute('role')).toBe(
      'status'
    );
    expect(box.querySelector('img')!.getAttribute('alt')).toBe('A plot.');
  });

  it('finds the widgets a batch of changes touched', () => {
    const slider = html(SLIDER);
    const readout = slider.querySelector('.widget-readout') as HTMLElement;
    const outside = html('<div><p>no widget</p></div>');
    const added = html('<div><div class="jupyter-widgets"></div></div>');
    const records = [
      { target: readout.firstChild, addedNodes: [] },
      { target: outside, addedNodes: [outside.firstChild] },
      { target: document.body, addedNodes: [added] }
    ] as unknown as MutationRecord[];
    expect(Array.from(touchedWidgets(records))).toEqual([slider, added]);
  });

  it('follows widgets as they are added and updated', async () => {
    const root = html('<div class="jp-OutputArea"></div>');
    const watcher = new WidgetAccessibility(root);
    const settle = () => new Promise(resolve => setTimeout(resolve, 0));
    root.insertAdjacentHTML('beforeend', SLIDER);
    root.insertAdjacentHTML(
      'beforeend',
      '<img class="jupyter-widgets widget-image">'
    );
    await settle();
    const handle = root.querySelector('[role="slider"]') as HTMLElement;
    expect(handle.getAttribute('aria-labelledby')).toBeTruthy();
    (root.querySelector('.widget-readout') as HTMLElement).textContent = '0.55';
    const img = root.querySelector('img') as HTMLElement;
    img.setAttribute('title', 'Now at w = 0.55.');
    await settle();
    expect(handle.getAttribute('aria-valuetext')).toBe('0.55');
    expect(img.getAttribute('alt')).toBe('Now at w = 0.55.');
    watcher.dispose();
    expect(watcher.isDisposed).toBe(true);
    img.setAttribute('title', 'ignored');
    await settle();
    expect(img.getAttribute('alt')).toBe('Now at w = 0.55.');
  });
});
