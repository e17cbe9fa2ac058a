import { html, nothing } from 'lit';
import type { BrowseIndex } from '../../src/core/browse/browseIndex';
import type { DatasetReport } from '../../src/core/engine/report';
import { ToHost } from '../../src/protocol/messages';
import { issueKindLabel } from '../../src/protocol/labels';
import {
  ANY_FINDING,
  filterIndex,
  findingsByFile,
  NO_FILTER,
  NO_FINDING,
  sizeOptions,
  UNKNOWN_SIZE,
  type BrowseFilter,
} from '../browseFilter';
import { baseName, formatCount } from '../format';
import type { ThumbnailStore } from '../thumbnails';
import { rememberToggles, toggleValue } from '../toggles';
import { rpc } from '../vscodeApi';
import './imageView';
import { LightElement } from './lightElement';

/** Thumbnails are asked for once scrolling pauses this long: a fast scroll past 70,000 images asks for none. */
const SETTLE_MS = 200;

/**
 * Every image of the dataset, not only those with findings: filters (class, split, pixel size, finding), a
 * virtualised grid of thumbnails loaded as they come into view, and a click (or Enter) shows one image large
 * with its figures.
 */
export class DlBrowse extends LightElement {
  static override properties = {
    report: { attribute: false },
    store: { attribute: false },
    thumbSize: { type: Number },
    index: { state: true },
    error: { state: true },
    filter: { state: true },
    open: { state: true },
  };
  declare report: DatasetReport | null;
  declare store: ThumbnailStore;
  declare thumbSize: number;
  declare index: BrowseIndex | null;
  declare error: string;
  declare filter: BrowseFilter;
  /** Position (in `shown`) of the image shown large, or -1. */
  declare open: number;
  private shown: number[] = [];
  private findings = new Map<string, string[]>();
  /** The filters' choices, computed when the listing or the report changes (not on every thumbnail's arrival). */
  private sizes: [string, string][] = [];
  private kinds: [string, string][] = [];
  private listedFor: DatasetReport | null | undefined;
  private settle: ReturnType<typeof setTimeout> | undefined;
  private readonly onThumbs = () => this.requestUpdate();
  /** placeOf's notes by split and class. */
  private places = new Map<number, string>();

  constructor() {
    super();
    this.report = null;
    this.index = null;
    this.error = '';
    this.open = -1;
    const kept = (key: keyof BrowseFilter) => toggleValue(`browse.${key}`, '');
    this.filter = {
      className: kept('className'),
      split: kept('split'),
      size: kept('size'),
      finding: kept('finding'),
    };
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.store.addEventListener('change', this.onThumbs);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.store.removeEventListener('change', this.onThumbs);
    clearTimeout(this.settle);
  }

  protected override willUpdate(changed: Map<string, unknown>): void {
    // A finished report means the folder may have changed: list it again (partial reports do not).
    if (changed.has('report') && this.report !== this.listedFor && !this.report?.partial) {
      this.listedFor = this.report;
      void this.list();
    }
    if (changed.has('report')) {
      this.findings = findingsByFile(this.report);
      this.kinds = [...new Set([...this.findings.values()].flat())].map((k) => [k, issueKindLabel(k)]);
    }
    if (changed.has('index')) this.places = new Map();
    if (changed.has('index') && this.index)
      this.sizes = sizeOptions(this.index).map(({ size, count }) => [
        size,
        `${size === UNKNOWN_SIZE ? 'not known' : size.replace('x', ' × ')} (${formatCount(count)})`,
      ]);
    if (changed.has('report') || changed.has('index') || changed.has('filter'))
      this.shown = this.index ? filterIndex(this.index, this.findings, this.filter) : [];
  }

  private async list(): Promise<void> {
    try {
      this.index = await rpc.request(ToHost.browseIndex, {});
      this.error = '';
    } catch (error) {
      this.error = (error as Error).message;
    }
  }

  protected override render() {
    if (this.error) return html`<div class="banner error" role="alert">${this.error}</div>`;
    const index = this.index;
    if (!index)
      return html`<p class="empty"><vscode-progress-ring></vscode-progress-ring> Listing the images…</p>`;
    const size = this.thumbSize;
    // A new function each render (thumbnails arrived, a filter changed) makes the grid draw its cells again.
    const renderItem = (at: number, position: number) => this.cell(at, position);
    return html`
      <div class="toolbar browse-filters" role="group" aria-label="Filter the images">
        ${this.select(
          'className',
          'Class',
          index.classes.map((c) => [c, c]),
        )}
        ${
          index.splits.length
            ? this.select(
                'split',
                'Split',
                index.splits.map((s) => [s, s]),
              )
            : nothing
        }
        ${this.select('size', 'Size', this.sizes)}
        ${this.select('finding', 'Finding', [
          [ANY_FINDING, 'Any finding'],
          [NO_FINDING, 'No finding'],
          ...this.kinds,
        ])}
        <span class="subtle browse-count" data-shown=${this.shown.length} data-total=${index.files.length}>
          ${formatCount(this.shown.length)} of ${formatCount(index.files.length)} images
          ${index.found > index.files.length ? `(the first ${formatCount(index.files.length)} of ${formatCount(index.found)} listed)` : ''}
        </span>
      </div>
      <dl-virtual-grid
        class="browse-grid"
        label="Images"
        .items=${this.shown}
        .cellWidth=${size + 24}
        .cellHeight=${size + 58}
        .renderItem=${renderItem}
        @visible-items=${(e: CustomEvent<number[]>) => this.wantLater(e.detail)}
        @click=${this.openClicked}
      ></dl-virtual-grid>
      ${
        this.open >= 0 && this.open < this.shown.length
          ? html`<dl-image-view
              .index=${index}
              .at=${this.shown[this.open]}
              .findings=${this.report?.issues.filter((i) => i.file === index.files[this.shown[this.open]]) ?? []}
              .position=${this.open}
              .count=${this.shown.length}
              @navigate=${(e: CustomEvent<number>) => (this.open = Math.max(0, Math.min(this.shown.length - 1, e.detail)))}
              @close=${() => this.closeView()}
            ></dl-image-view>`
          : nothing
      }
    `;
  }

  private select(key: keyof BrowseFilter, label: string, options: [string, string][]) {
    return html`<label class="browse-filter"
      >${label}
      <select
        class="native-select"
        data-filter=${key}
        @change=${(e: Event) => this.setFilter(key, (e.target as HTMLSelectElement).value)}
      >
        <option value="" ?selected=${this.filter[key] === ''}>All</option>
        ${options.map(([value, text]) => html`<option value=${value} ?selected=${this.filter[key] === value}>${text}</option>`)}
      </select></label
    >`;
  }

  /**
   * One cell. Drawn for every cell that scrolls into view (a fast scroll draws thousands a second), so it makes
   * only what differs from cell to cell: the split-and-class note is made once per pair (placeOf), the findings'
   * words only for files with findings, and a click is handled once for the grid (openClicked), not per cell.
   */
  private cell(at: number, position: number) {
    const index = this.index!;
    const file = index.files[at];
    const thumb = this.store.get(file);
    const kinds = this.findings.get(file);
    const found = kinds && kinds.map(issueKindLabel).join(', ');
    return html`<button
      class="thumb browse-cell"
      data-file=${file}
      data-position=${position}
      title=${found ? `${file}\n${found}` : file}
      aria-label=${found ? `Show ${file} large: ${found}` : `Show ${file} large`}
    >
      <span class="thumb-image">
        ${
          thumb?.src
            ? html`<img src=${thumb.src} alt="" class=${(thumb.width ?? 99) < 48 ? 'pixelated' : ''} />`
            : thumb?.error
              ? html`<span class="codicon codicon-error" aria-hidden="true"></span>`
              : nothing
        }
      </span>
      ${kinds ? html`<span class="thumb-badge" title=${found}>${kinds.length}</span>` : nothing}
      <span class="thumb-name">${cellName(file)}</span>
      <span class="thumb-note">${this.placeOf(at)}</span>
    </button>`;
  }

  /** "split · class" of the file at `at` (or '—'), one string per pair for the whole listing. */
  private placeOf(at: number): string {
    const index = this.index!;
    const key = (index.splitOf[at] + 1) * (index.classes.length + 1) + index.classOf[at] + 1;
    let place = this.places.get(key);
    if (place === undefined) {
      place =
        [index.splits[index.splitOf[at]], index.classes[index.classOf[at]]].filter(Boolean).join(' · ') ||
        '—';
      this.places.set(key, place);
    }
    return place;
  }

  /** A click on a cell (or Enter on it) shows its image large. */
  private readonly openClicked = (e: Event): void => {
    const cell = (e.target as Element).closest<HTMLElement>('.browse-cell');
    if (cell) this.open = Number(cell.dataset.position);
  };

  /** Thumbnails of the cells on screen, once scrolling settles. */
  private wantLater(positions: number[]): void {
    clearTimeout(this.settle);
    const index = this.index;
    if (!index) return;
    this.settle = setTimeout(() => this.store.want(positions.map((at) => index.files[at])), SETTLE_MS);
  }

  private setFilter(key: keyof BrowseFilter, value: string): void {
    this.filter = { ...this.filter, [key]: value };
    this.open = -1;
    rememberToggles('browse', this.filter, Object.keys(NO_FILTER));
  }

  private closeView(): void {
    const at = this.open;
    this.open = -1;
    // Focus goes back to the cell that was opened (when it is still drawn).
    void this.updateComplete.then(() =>
      this.querySelector<HTMLElement>(`.browse-cell[data-position="${at}"]`)?.focus(),
    );
  }
}

/** A cell's caption: the file name, or a container member's own name (`#12`, the container is in the title). */
function cellName(file: string): string {
  const hash = file.lastIndexOf('#');
  return hash >= 0 ? file.slice(hash) : baseName(file);
}

customElements.define('dl-browse', DlBrowse);

declare global {
  interface HTMLElementTagNameMap {
    'dl-browse': DlBrowse;
  }
}
