import { html, nothing } from 'lit';
import { formatCount } from '../format';
import { sortRows, type FindingRow, type SortKey } from '../findings';
import type { ThumbnailStore } from '../thumbnails';
import { LightElement } from './lightElement';
import { openFile } from './thumbnail';

/** Rows drawn at a time: a real table (reasons wrap in full), grown page by page rather than virtualised. */
const PAGE = 200;

const COLUMNS: { key: SortKey; label: string; title: string; numeric?: boolean }[] = [
  { key: 'file', label: 'File', title: 'Sort by file path' },
  { key: 'kind', label: 'Finding', title: 'Sort by kind of finding' },
  { key: 'class', label: 'Class', title: 'Sort by class' },
  { key: 'split', label: 'Split', title: 'Sort by split' },
  {
    key: 'severity',
    label: 'Score',
    title:
      'How far past its threshold: 0 at the threshold, 1 at the extreme (unreadable files, duplicates and leakage are 1)',
    numeric: true,
  },
];

/**
 * Every finding in one sortable table: a thumbnail, the file (click opens it), kind, class, split, score and the
 * reason in full. A checkbox per row selects files for the actions above the table (`selection-change`).
 */
export class DlFindingsTable extends LightElement {
  static override properties = {
    rows: { attribute: false },
    store: { attribute: false },
    selected: { attribute: false },
    sortKey: { state: true },
    descending: { state: true },
    shown: { state: true },
  };
  declare rows: FindingRow[];
  declare store: ThumbnailStore;
  /** Selected files (a file listed under two kinds is one file). */
  declare selected: ReadonlySet<string>;
  declare sortKey: SortKey;
  declare descending: boolean;
  declare shown: number;
  private sorted: FindingRow[] = [];
  private readonly onThumbs = () => this.requestUpdate();

  constructor() {
    super();
    this.rows = [];
    this.selected = new Set();
    this.sortKey = 'severity';
    this.descending = true;
    this.shown = PAGE;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.store.addEventListener('change', this.onThumbs);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.store.removeEventListener('change', this.onThumbs);
  }

  protected override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('rows') || changed.has('sortKey') || changed.has('descending'))
      this.sorted = sortRows(this.rows, this.sortKey, this.descending);
    if (changed.has('rows')) this.shown = PAGE;
  }

  protected override render() {
    const visible = this.sorted.slice(0, this.shown);
    this.store.want(visible.map((r) => r.file));
    const files = new Set(this.sorted.map((r) => r.file));
    const allSelected = files.size > 0 && [...files].every((f) => this.selected.has(f));
    return html`<table class="data findings" aria-label="Findings">
        <thead>
          <tr>
            <th scope="col" class="select">
              <input
                type="checkbox"
                aria-label="Select every file listed"
                .checked=${allSelected}
                @change=${(e: Event) => this.selectAll((e.target as HTMLInputElement).checked, files)}
              />
            </th>
            <th scope="col"><span class="visually-hidden">Image</span></th>
            ${COLUMNS.map((c) => this.header(c))}
            <th scope="col">Reason</th>
          </tr>
        </thead>
        <tbody>
          ${visible.map((row) => this.row(row))}
        </tbody>
      </table>
      ${
        this.sorted.length > this.shown
          ? html`<p class="note">
              Showing ${formatCount(this.shown)} of ${formatCount(this.sorted.length)} findings.
              <vscode-button secondary @click=${() => (this.shown += PAGE)}>Show ${PAGE} more</vscode-button>
            </p>`
          : nothing
      }`;
  }

  private header(c: (typeof COLUMNS)[number]) {
    const active = this.sortKey === c.key;
    const sort = active ? (this.descending ? 'descending' : 'ascending') : 'none';
    return html`<th scope="col" aria-sort=${sort} class=${c.numeric ? 'num' : ''}>
      <button
        class="sort ${active ? 'active' : ''}"
        data-sort=${c.key}
        title=${c.title}
        @click=${() => this.sortBy(c.key)}
      >
        ${c.label}
        <span
          class="codicon ${active ? (this.descending ? 'codicon-arrow-down' : 'codicon-arrow-up') : 'codicon-blank'}"
          aria-hidden="true"
        ></span>
      </button>
    </th>`;
  }

  private row(row: FindingRow) {
    const thumb = this.store.get(row.file);
    const checked = this.selected.has(row.file);
    return html`<tr class=${checked ? 'selected' : ''} data-kind=${row.kind} data-file=${row.file}>
      <td class="select">
        <input
          type="checkbox"
          aria-label=${`Select ${row.file}`}
          .checked=${checked}
          @change=${(e: Event) => this.toggle(row.file, (e.target as HTMLInputElement).checked)}
        />
      </td>
      <td class="row-thumb">
        <button class="row-image" title=${`Open ${row.file}`} @click=${() => openFile(row.file)}>
          ${
            thumb?.src
              ? html`<img src=${thumb.src} alt="" class=${(thumb.width ?? 99) < 48 ? 'pixelated' : ''} />`
              : html`<span
                  class="codicon ${thumb?.error ? 'codicon-error' : 'codicon-loading codicon-modifier-spin'}"
                  aria-hidden="true"
                ></span>`
          }
        </button>
      </td>
      <td class="file">
        <a href="#" @click=${(e: Event) => (e.preventDefault(), openFile(row.file))}
          >${breakablePath(row.file)}</a
        >
      </td>
      <td class="kind">
        ${row.label}${row.worstOf !== undefined ? html`<div class="subtle">one of the worst of ${formatCount(row.worstOf)}</div>` : nothing}
      </td>
      <td class="class">${row.class || '—'}</td>
      <td class="split">${row.split || '—'}</td>
      <td class="num score">${row.severity.toFixed(2)}</td>
      <td class="reason">${row.reason}</td>
    </tr>`;
  }

  private sortBy(key: SortKey): void {
    if (this.sortKey === key) this.descending = !this.descending;
    else {
      this.sortKey = key;
      this.descending = key === 'severity';
    }
  }

  private toggle(file: string, on: boolean): void {
    const next = new Set(this.selected);
    if (on) next.add(file);
    else next.delete(file);
    this.emit(next);
  }

  private selectAll(on: boolean, files: Set<string>): void {
    const next = new Set(this.selected);
    for (const f of files) {
      if (on) next.add(f);
      else next.delete(f);
    }
    this.emit(next);
  }

  private emit(selection: Set<string>): void {
    this.dispatchEvent(new CustomEvent('selection-change', { detail: selection, bubbles: true }));
  }
}

/** A path that wraps after its slashes rather than inside a name. */
function breakablePath(file: string) {
  const parts = file.split('/');
  return parts.map((part, i) => (i < parts.length - 1 ? html`${part}/<wbr />` : part));
}

customElements.define('dl-findings-table', DlFindingsTable);

declare global {
  interface HTMLElementTagNameMap {
    'dl-findings-table': DlFindingsTable;
  }
}
