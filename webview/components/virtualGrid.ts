import { html, type TemplateResult } from 'lit';
import { cssomStyle } from '../directives/cssomStyle';
import { flung, gridWindow, type GridWindow } from '../virtualRange';
import { LightElement } from './lightElement';

/**
 * Rows drawn beyond each edge of the view. The grid is drawn in the frame that scrolls it, so one row hides the
 * edge during a fast fling; each row more is a row of cells made again every frame of it.
 */
const OVERSCAN_ROWS = 1;

/**
 * While the view is flung (half a screen a frame or faster), cells are drawn empty until it slows down or pauses
 * this long: at that speed nobody reads a caption, and laying out a screen of new captions every frame made the
 * garbage whose collections made a scroll's longest frames (traced).
 */
const SKETCH_MS = 150;

/**
 * A grid of fixed-size cells that renders only the rows in view (plus a little overscan), so a quality kind with
 * 100,000 files costs as much as one with 50. Fires `visible-items` with the items on screen (to load thumbnails).
 */
export class DlVirtualGrid<T = unknown> extends LightElement {
  static override properties = {
    items: { attribute: false },
    cellWidth: { type: Number },
    cellHeight: { type: Number },
    renderItem: { attribute: false },
    label: {},
    window: { state: true },
    sketch: { state: true },
  };
  declare items: T[];
  declare cellWidth: number;
  declare cellHeight: number;
  declare renderItem: (item: T, index: number) => TemplateResult;
  declare label: string;
  declare window: GridWindow;
  /** Draw the cells empty: the view is flung (see SKETCH_MS). */
  declare sketch: boolean;
  private sketchTimer: ReturnType<typeof setTimeout> | undefined;
  private resizeObserver: ResizeObserver | undefined;

  constructor() {
    super();
    this.items = [];
    this.cellWidth = 128;
    this.cellHeight = 150;
    this.window = { columns: 1, start: 0, end: 0, offsetY: 0, totalHeight: 0 };
    this.sketch = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.resizeObserver = new ResizeObserver(() => this.measure());
    this.resizeObserver.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObserver?.disconnect();
    clearTimeout(this.sketchTimer);
  }

  protected override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('items') || changed.has('cellWidth') || changed.has('cellHeight'))
      this.window = this.compute();
  }

  protected override updated(changed: Map<string, unknown>): void {
    if ((changed.has('window') || changed.has('sketch')) && !this.sketch) {
      this.dispatchEvent(
        new CustomEvent('visible-items', { detail: this.items.slice(this.window.start, this.window.end) }),
      );
    }
  }

  protected override render() {
    const w = this.window;
    const visible = this.items.slice(w.start, w.end);
    return html`<div
      class="vgrid-scroll"
      @scroll=${this.measure}
      role="list"
      aria-label=${this.label ?? 'files'}
    >
      <div class="vgrid-spacer" style=${cssomStyle({ height: `${w.totalHeight}px` })}>
        <div
          class="vgrid-cells"
          style=${cssomStyle({
            transform: `translateY(${w.offsetY}px)`,
            'grid-template-columns': `repeat(${w.columns}, ${this.cellWidth}px)`,
            'grid-auto-rows': `${this.cellHeight}px`,
          })}
        >
          ${
            this.sketch
              ? visible.map(() => html`<div role="listitem" class="vgrid-cell vgrid-sketch"></div>`)
              : visible.map(
                  (item, i) =>
                    html`<div role="listitem" class="vgrid-cell">${this.renderItem(item, w.start + i)}</div>`,
                )
          }
        </div>
      </div>
    </div>`;
  }

  private measure = (): void => {
    const next = this.compute();
    const w = this.window;
    if (
      next.start !== w.start ||
      next.end !== w.end ||
      next.columns !== w.columns ||
      next.totalHeight !== w.totalHeight
    ) {
      this.sketchWhileFlung(flung(w, next));
      this.window = next;
    }
  };

  private sketchWhileFlung(fling: boolean): void {
    clearTimeout(this.sketchTimer);
    this.sketch = fling;
    if (fling) this.sketchTimer = setTimeout(() => (this.sketch = false), SKETCH_MS);
  }

  private compute(): GridWindow {
    const scroller = this.querySelector<HTMLElement>('.vgrid-scroll');
    const width = scroller?.clientWidth || this.clientWidth || 800;
    const height = scroller?.clientHeight || 480;
    return gridWindow(
      this.items.length,
      this.cellWidth,
      this.cellHeight,
      width,
      scroller?.scrollTop ?? 0,
      height,
      OVERSCAN_ROWS,
    );
  }
}

customElements.define('dl-virtual-grid', DlVirtualGrid);

declare global {
  interface HTMLElementTagNameMap {
    'dl-virtual-grid': DlVirtualGrid;
  }
}
