import { html, nothing } from 'lit';
import type { DatasetReport } from '../../src/core/engine/report';
import { cssomStyle } from '../directives/cssomStyle';
import { baseName, formatCount } from '../format';
import { pointsInside, type Point } from '../lasso';
import {
  MAP_COLOURINGS,
  mapGroups,
  NO_FINDING,
  NO_VALUE,
  type MapColouring,
  type MapGroups,
} from '../mapGroups';
import { cssVar, onThemeChange, withAlpha } from '../theme';
import type { ThumbnailStore } from '../thumbnails';
import './fileActions';
import { LightElement } from './lightElement';
import { openFile } from './thumbnail';

/** Tableau 10: tells ten groups apart on light and dark backgrounds alike; further groups share OTHER. */
const PALETTE = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
];
const OTHER = '#8c8c8c';
/** Largest side of the map (CSS pixels), its margin, the radius of a point and how near a pointer must be. */
const MAX_SIDE = 640;
const MARGIN = 10;
const RADIUS = 2.5;
const HOVER_PX = 8;
/** The tooltip's box (styles.css .map-tooltip), to keep it inside the map. */
const TOOLTIP_WIDTH = 120;
const TOOLTIP_HEIGHT = 150;

/**
 * The content map (`content.map`): every image drawn where UMAP put its content vector, coloured by class, split
 * or finding, its thumbnail on hover. A drag draws a lasso whose points are selected (Shift adds to them), a
 * legend entry selects its group; the selection goes to the triage bar (exclude, move, quarantine, export).
 * A plain canvas: a few thousand points redraw in milliseconds while the lasso moves.
 */
export class DlContentMap extends LightElement {
  static override properties = {
    report: { attribute: false },
    store: { attribute: false },
    analysing: { type: Boolean },
    colouring: { state: true },
    selected: { state: true },
    hover: { state: true },
  };
  declare report: DatasetReport;
  declare store: ThumbnailStore;
  declare analysing: boolean;
  declare colouring: MapColouring;
  /** Indices of the selected points. */
  declare selected: ReadonlySet<number>;
  /** The point under the pointer and where (CSS pixels in the canvas). */
  declare hover: { i: number; x: number; y: number } | null;
  private side = MAX_SIDE;
  private lasso: Point[] | null = null;
  private lassoAdds = false;
  private frame = 0;
  private groupsFor: { report: DatasetReport; by: MapColouring; groups: MapGroups } | null = null;
  private readonly onThumbs = () => {
    if (this.hover) this.requestUpdate();
  };
  private stopThemeWatch: (() => void) | null = null;
  private resize: ResizeObserver | null = null;

  constructor() {
    super();
    this.colouring = 'class';
    this.selected = new Set();
    this.hover = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.store.addEventListener('change', this.onThumbs);
    this.stopThemeWatch = onThemeChange(() => this.draw());
    this.resize = new ResizeObserver(() => this.fit());
    this.resize.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.store.removeEventListener('change', this.onThumbs);
    this.stopThemeWatch?.();
    this.resize?.disconnect();
    cancelAnimationFrame(this.frame);
  }

  override willUpdate(changed: Map<string, unknown>): void {
    // A new report (another run) has other points: the selection's indices no longer mean the same files.
    if (changed.has('report') && changed.get('report') !== undefined) {
      this.selected = new Set();
      this.hover = null;
    }
  }

  protected override updated(): void {
    this.draw();
  }

  private get map() {
    return this.report.content?.map ?? null;
  }

  private groups(): MapGroups {
    const g = this.groupsFor;
    if (g && g.report === this.report && g.by === this.colouring) return g.groups;
    const groups = mapGroups(this.report, this.colouring);
    this.groupsFor = { report: this.report, by: this.colouring, groups };
    return groups;
  }

  protected override render() {
    const map = this.map;
    if (!map) return nothing;
    const groups = this.groups();
    const files = map.points.file;
    const selectedFiles = [...this.selected].map((i) => files[i]);
    const sampled = map.shown < map.of;
    return html`<section data-section="map">
      <h2>
        Map
        <span class="subtle"
          >${formatCount(map.shown)} images${sampled ? ` (a seeded sample of ${formatCount(map.of)})` : ''},
          UMAP of their content</span
        >
      </h2>
      <p class="note">
        Images with similar content lie close together. Drag to draw a lasso around images to select them
        (Shift adds to the selection), or pick a group in the legend; hover for a thumbnail, click to open.
      </p>
      <div class="map-controls">
        <label
          >Colour by
          <select
            class="native-select"
            data-map-colouring
            @change=${(e: Event) => (this.colouring = (e.target as HTMLSelectElement).value as MapColouring)}
          >
            ${MAP_COLOURINGS.map((c) => html`<option value=${c} ?selected=${c === this.colouring}>${c}</option>`)}
          </select></label
        >
        ${
          this.selected.size
            ? html`<vscode-button
                secondary
                data-action="clear-selection"
                @click=${() => (this.selected = new Set())}
                >Clear selection</vscode-button
              >`
            : nothing
        }
      </div>
      <div class="map-body">
        <div class="map-canvas" style=${cssomStyle({ width: `${this.side}px`, height: `${this.side}px` })}>
          <canvas
            data-points=${files.length}
            data-selected=${this.selected.size}
            role="img"
            aria-label=${`Map of ${files.length} images by content, coloured by ${this.colouring}`}
            @pointerdown=${(e: PointerEvent) => this.down(e)}
            @pointermove=${(e: PointerEvent) => this.move(e)}
            @pointerup=${(e: PointerEvent) => this.up(e)}
            @pointerleave=${() => this.hover && !this.lasso && (this.hover = null)}
          ></canvas>
          ${this.tooltip(groups)}
        </div>
        <ul class="map-legend" aria-label="Legend: select a group">
          ${groups.names.map(
            (name, g) =>
              html`<li>
                <button
                  class="map-legend-entry"
                  data-group=${name}
                  title=${`Select the ${groups.counts[g]} image(s) of ${name} (Shift adds them)`}
                  @click=${(e: MouseEvent) => this.selectGroup(g, e.shiftKey)}
                >
                  <span
                    class="map-swatch"
                    style=${cssomStyle({ background: this.colourOf(g, groups) })}
                  ></span>
                  ${name} <span class="subtle">${formatCount(groups.counts[g])}</span>
                </button>
              </li>`,
          )}
        </ul>
      </div>
      <dl-file-actions
        .files=${selectedFiles}
        layout=${this.report.layout}
        ?disabled=${this.analysing}
        @acted=${() => (this.selected = new Set())}
      ></dl-file-actions>
    </section>`;
  }

  private tooltip(groups: MapGroups) {
    const h = this.hover;
    const map = this.map;
    if (!h || !map) return nothing;
    const file = map.points.file[h.i];
    this.store.want([file]);
    const thumb = this.store.get(file);
    const place = [map.points.class[h.i], map.points.split[h.i]].filter((p) => p).join(' · ');
    const left = h.x > this.side / 2 ? h.x - 12 - TOOLTIP_WIDTH : h.x + 12;
    const top = Math.max(0, Math.min(h.y + 12, this.side - TOOLTIP_HEIGHT));
    return html`<div
      class="map-tooltip"
      data-file=${file}
      style=${cssomStyle({ left: `${left}px`, top: `${top}px` })}
    >
      ${thumb?.src ? html`<img src=${thumb.src} alt="" class=${(thumb.width ?? 99) < 48 ? 'pixelated' : ''} />` : html`<span class="codicon codicon-loading codicon-modifier-spin" aria-hidden="true"></span>`}
      <span class="thumb-name">${baseName(file)}</span>
      ${place ? html`<span class="thumb-note">${place}</span>` : nothing}
      ${this.colouring === 'finding' ? html`<span class="thumb-note">${groups.names[groups.groupOf[h.i]]}</span>` : nothing}
    </div>`;
  }

  private colourOf(g: number, groups: MapGroups): string {
    const name = groups.names[g];
    if (name === NO_FINDING || name === NO_VALUE) return OTHER;
    // Groups that are not "none" take the palette in order of size.
    const rank = groups.names.slice(0, g).filter((n) => n !== NO_FINDING && n !== NO_VALUE).length;
    return rank < PALETTE.length ? PALETTE[rank] : OTHER;
  }

  /** Canvas pixels of every point (CSS pixels; the backing store is scaled by devicePixelRatio). */
  private screenPoints(): Point[] {
    const map = this.map;
    if (!map) return [];
    const span = this.side - 2 * MARGIN;
    return map.points.x.map((x, i) => ({ x: MARGIN + x * span, y: MARGIN + map.points.y[i] * span }));
  }

  private fit(): void {
    const width = this.clientWidth;
    // The legend sits beside the map while there is room for both, under it otherwise.
    const side = Math.max(200, Math.min(MAX_SIDE, width > MAX_SIDE + 240 ? MAX_SIDE : width - 8));
    if (side !== this.side) {
      this.side = side;
      this.requestUpdate();
    }
  }

  private draw(): void {
    const canvas = this.querySelector('canvas');
    const map = this.map;
    if (!canvas || !map) return;
    const ratio = window.devicePixelRatio || 1;
    const px = Math.round(this.side * ratio);
    if (canvas.width !== px || canvas.height !== px) {
      canvas.width = px;
      canvas.height = px;
      canvas.style.width = `${this.side}px`;
      canvas.style.height = `${this.side}px`;
    }
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, this.side, this.side);
    const groups = this.groups();
    const colours = groups.names.map((_, g) => this.colourOf(g, groups));
    const points = this.screenPoints();
    const anySelected = this.selected.size > 0;
    const foreground = cssVar('--vscode-foreground', '#cccccc');
    // "None" first, so the groups that matter are drawn over it; selected points last, outlined.
    const order = points.map((_, i) => i);
    order.sort(
      (a, b) => Number(colours[groups.groupOf[a]] !== OTHER) - Number(colours[groups.groupOf[b]] !== OTHER),
    );
    for (const i of order) {
      if (this.selected.has(i)) continue;
      const colour = colours[groups.groupOf[i]];
      ctx.fillStyle = anySelected ? withAlpha(colour, 0.25) : colour;
      ctx.beginPath();
      ctx.arc(points[i].x, points[i].y, RADIUS, 0, 2 * Math.PI);
      ctx.fill();
    }
    ctx.strokeStyle = foreground;
    ctx.lineWidth = 1;
    for (const i of this.selected) {
      ctx.fillStyle = colours[groups.groupOf[i]];
      ctx.beginPath();
      ctx.arc(points[i].x, points[i].y, RADIUS + 1, 0, 2 * Math.PI);
      ctx.fill();
      ctx.stroke();
    }
    if (this.hover) {
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.arc(this.hover.x, this.hover.y, RADIUS + 3, 0, 2 * Math.PI);
      ctx.stroke();
    }
    if (this.lasso && this.lasso.length > 1) {
      ctx.lineWidth = 1.5;
      ctx.setLineDash([4, 3]);
      ctx.fillStyle = withAlpha(cssVar('--vscode-focusBorder', '#3794ff'), 0.12);
      ctx.strokeStyle = cssVar('--vscode-focusBorder', '#3794ff');
      ctx.beginPath();
      this.lasso.forEach((p, k) => (k ? ctx.lineTo(p.x, p.y) : ctx.moveTo(p.x, p.y)));
      ctx.closePath();
      ctx.fill();
      ctx.stroke();
      ctx.setLineDash([]);
    }
  }

  private at(e: PointerEvent): Point {
    const rect = (e.target as HTMLCanvasElement).getBoundingClientRect();
    return { x: e.clientX - rect.left, y: e.clientY - rect.top };
  }

  private nearest(p: Point): number {
    let best = -1;
    let bestD = HOVER_PX * HOVER_PX;
    this.screenPoints().forEach((q, i) => {
      const d = (q.x - p.x) ** 2 + (q.y - p.y) ** 2;
      if (d <= bestD) [best, bestD] = [i, d];
    });
    return best;
  }

  private down(e: PointerEvent): void {
    if (e.button !== 0) return;
    (e.target as HTMLCanvasElement).setPointerCapture(e.pointerId);
    this.lasso = [this.at(e)];
    this.lassoAdds = e.shiftKey;
  }

  private move(e: PointerEvent): void {
    const p = this.at(e);
    if (this.lasso) {
      const last = this.lasso[this.lasso.length - 1];
      if ((last.x - p.x) ** 2 + (last.y - p.y) ** 2 >= 9) this.lasso.push(p);
      cancelAnimationFrame(this.frame);
      this.frame = requestAnimationFrame(() => this.draw());
      return;
    }
    const i = this.nearest(p);
    if (i < 0) {
      if (this.hover) this.hover = null;
      return;
    }
    const q = this.screenPoints()[i];
    if (this.hover?.i !== i) this.hover = { i, x: q.x, y: q.y };
  }

  private up(e: PointerEvent): void {
    const ring = this.lasso;
    this.lasso = null;
    if (!ring) return;
    if (ring.length < 3) {
      // A click: open the image under it, or clear the selection on empty space.
      const i = this.nearest(this.at(e));
      if (i >= 0) openFile(this.map!.points.file[i]);
      else if (!e.shiftKey) this.selected = new Set();
      this.draw();
      return;
    }
    const inside = pointsInside(this.screenPoints(), ring);
    this.selected = new Set([...(this.lassoAdds ? this.selected : []), ...inside]);
    this.draw();
  }

  private selectGroup(g: number, add: boolean): void {
    const groups = this.groups();
    const members: number[] = [];
    groups.groupOf.forEach((group, i) => group === g && members.push(i));
    this.selected = new Set([...(add ? this.selected : []), ...members]);
  }
}

customElements.define('dl-content-map', DlContentMap);

declare global {
  interface HTMLElementTagNameMap {
    'dl-content-map': DlContentMap;
  }
}
