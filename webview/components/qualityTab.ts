import { html, nothing } from 'lit';
import type { DatasetReport } from '../../src/core/engine/report';
import { formatCount } from '../format';
import { ERROR_KINDS, findingRows, findingTotals, kindChips } from '../findings';
import type { ThumbnailStore } from '../thumbnails';
import './fileActions';
import './findingsTable';
import { LightElement } from './lightElement';
import { thumbnailButton } from './thumbnail';

/**
 * Quality findings for triage: chips filter one table of every finding (sortable, reasons in full, worst examples
 * of kinds found in most images), then leakage groups and duplicate groups with each member's split and class.
 */
export class DlQuality extends LightElement {
  static override properties = {
    report: { attribute: false },
    store: { attribute: false },
    kind: {},
    thumbSize: { type: Number },
    selected: { state: true },
  };
  declare report: DatasetReport;
  declare store: ThumbnailStore;
  /** The kind the table is filtered to; null shows every kind. */
  declare kind: string | null;
  declare thumbSize: number;
  declare selected: ReadonlySet<string>;
  private readonly onThumbs = () => this.requestUpdate();

  constructor() {
    super();
    this.selected = new Set();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.store.addEventListener('change', this.onThumbs);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.store.removeEventListener('change', this.onThumbs);
  }

  protected override render() {
    const r = this.report;
    const chips = kindChips(r);
    if (chips.length === 0) {
      return html`<p class="empty">
        <span class="codicon codicon-pass" aria-hidden="true"></span> No quality issue found in
        ${formatCount(r.images)} images.
      </p>`;
    }
    const filter = this.kind && chips.some((c) => c.kind === this.kind) ? this.kind : null;
    const all = findingRows(r);
    const rows = filter ? all.filter((row) => row.kind === filter) : all;
    const totals = findingTotals(r);
    return html`
      <h2>
        Findings
        <span class="subtle" data-total=${totals.findings}
          >${formatCount(totals.findings)} finding(s) of ${totals.kinds} kind(s)</span
        >
      </h2>
      <div class="chips" role="toolbar" aria-label="Show findings of one kind">
        <button
          class="chip ${filter === null ? 'selected' : ''}"
          aria-pressed=${filter === null}
          data-kind=""
          @click=${() => this.select(null)}
        >
          All <span class="chip-count">${formatCount(totals.findings)}</span>
        </button>
        ${chips.map(
          (c) =>
            html`<button
              class="chip ${c.kind === filter ? 'selected' : ''} ${ERROR_KINDS.includes(c.kind) ? 'error' : ''}"
              aria-pressed=${c.kind === filter}
              data-kind=${c.kind}
              title=${c.listed < c.count ? `Found in most images: the ${c.listed} worst are listed` : ''}
              @click=${() => this.select(c.kind)}
            >
              ${c.label} <span class="chip-count">${formatCount(c.count)}</span>
              ${c.listed < c.count ? html`<span class="chip-note">worst ${formatCount(c.listed)} listed</span>` : nothing}
            </button>`,
        )}
      </div>
      <dl-file-actions
        .files=${[...this.selected]}
        layout=${r.layout}
        @acted=${() => (this.selected = new Set())}
      ></dl-file-actions>
      <dl-findings-table
        .rows=${rows}
        .store=${this.store}
        .selected=${this.selected}
        @selection-change=${(e: CustomEvent<Set<string>>) => (this.selected = e.detail)}
      ></dl-findings-table>
      ${this.leakageSection()} ${this.duplicatesSection()}
    `;
  }

  private leakageSection() {
    const leakage = this.report.quality.leakage;
    if (!leakage.length) return nothing;
    return html`<section class="leakage">
      <h2>Leakage <span class="subtle">the same picture in two splits or under two labels</span></h2>
      ${this.groups(
        leakage.map((g) => ({
          files: g.files,
          label: `${g.kind === 'exact' ? 'Identical pixels' : 'Near duplicates'} across ${g.across.join(' and ')}`,
        })),
      )}
    </section>`;
  }

  private duplicatesSection() {
    const { exact, near } = this.report.quality.duplicates;
    if (!exact.length && !near.length) return nothing;
    return html`<section class="duplicates">
      <h2>Duplicates <span class="subtle">${exact.length} exact, ${near.length} near group(s)</span></h2>
      ${this.groups([
        ...exact.map((g) => ({ files: g.files, label: 'Identical pixels' })),
        ...near.map((g) => ({ files: g.files, label: `Near duplicates (hashes within ${g.distance} bits)` })),
      ])}
    </section>`;
  }

  /** Groups rendered a screenful at a time (they are short rows; thousands of groups stay cheap). */
  private groups(groups: { files: string[]; label: string }[]) {
    const shown = groups.slice(0, 200);
    this.store.want(shown.flatMap((g) => g.files.slice(0, 8)));
    const place = placesOf(this.report);
    return html`<div class="groups">
        ${shown.map(
          (g, i) =>
            html`<div class="group" role="group" aria-label=${`Group ${i + 1}: ${g.label}`}>
              <div class="group-label">#${i + 1} ${g.label}</div>
              <div class="group-files">
                ${g.files.slice(0, 8).map((f) => thumbnailButton(this.store, f, place.get(f) ?? ''))}
              </div>
              ${g.files.length > 8 ? html`<div class="note">+${g.files.length - 8} more</div>` : nothing}
            </div>`,
        )}
      </div>
      ${groups.length > shown.length ? html`<p class="note">${groups.length - shown.length} more group(s) in the JSON report.</p>` : nothing}`;
  }

  private select(kind: string | null): void {
    this.kind = kind;
    this.dispatchEvent(new CustomEvent('kind-change', { detail: kind, bubbles: true }));
  }
}

/** "split · class" of every file a finding names (tiles of a group say where each member sits). */
function placesOf(report: DatasetReport): Map<string, string> {
  const places = new Map<string, string>();
  for (const issue of report.issues) {
    if (places.has(issue.file)) continue;
    const parts = [issue.split, issue.class].filter((p): p is string => !!p);
    if (parts.length) places.set(issue.file, parts.join(' · '));
  }
  return places;
}

customElements.define('dl-quality', DlQuality);

declare global {
  interface HTMLElementTagNameMap {
    'dl-quality': DlQuality;
  }
}
