import { html, nothing } from 'lit';
import type { DatasetReport, FileIssue } from '../../src/core/engine/report';
import { formatCount, kindLabel } from '../format';
import { ERROR_KINDS, GROUP_KINDS, issueKinds } from '../qualityKinds';
import type { ThumbnailStore } from '../thumbnails';
import { LightElement } from './lightElement';
import { thumbnailButton } from './thumbnail';

/**
 * Quality problems: a chip per kind with its count, a virtualised thumbnail gallery of the selected kind (click
 * opens the file), leakage across splits or classes, then duplicate groups side by side.
 */
export class DlQuality extends LightElement {
  static override properties = {
    report: { attribute: false },
    store: { attribute: false },
    kind: {},
    thumbSize: { type: Number },
  };
  declare report: DatasetReport;
  declare store: ThumbnailStore;
  declare kind: string | null;
  declare thumbSize: number;
  private readonly onThumbs = () => this.requestUpdate();

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
    const kinds = issueKinds(this.report.issues);
    const q = r.quality;
    if (kinds.length === 0 && q.summarised.length === 0) {
      return html`<p class="empty">
        <span class="codicon codicon-pass" aria-hidden="true"></span> No quality issue found in
        ${formatCount(r.images)} images.
      </p>`;
    }
    const selected =
      this.kind && kinds.some((k) => k.kind === this.kind)
        ? this.kind
        : (kinds.find((k) => !GROUP_KINDS.includes(k.kind))?.kind ?? kinds[0]?.kind ?? null);
    const issues = selected ? r.issues.filter((i) => i.kind === selected) : [];
    const size = this.thumbSize;
    return html`
      <div class="chips" role="toolbar" aria-label="Issue kinds">
        ${kinds.map(
          (k) =>
            html`<button
              class="chip ${k.kind === selected ? 'selected' : ''} ${ERROR_KINDS.includes(k.kind) ? 'error' : ''}"
              aria-pressed=${k.kind === selected}
              @click=${() => this.select(k.kind)}
            >
              ${kindLabel(k.kind)} <span class="chip-count">${formatCount(k.count)}</span>
            </button>`,
        )}
      </div>
      ${q.summarised.length ? html`<p class="note">Summarised (found in most images, not listed): ${q.summarised.map((k) => `${kindLabel(k)} (${formatCount(q.counts[k])})`).join(', ')}.</p>` : nothing}
      ${
        selected
          ? html`<section>
              <h2>
                ${kindLabel(selected)} <span class="subtle">${formatCount(issues.length)} file(s)</span>
              </h2>
              <dl-virtual-grid
                label=${`${kindLabel(selected)} files`}
                .items=${issues}
                .cellWidth=${size + 24}
                .cellHeight=${size + 58}
                .renderItem=${(issue: FileIssue) => thumbnailButton(this.store, issue.file, issue.message)}
                @visible-items=${(e: CustomEvent<FileIssue[]>) => this.store.want(e.detail.map((i) => i.file))}
              ></dl-virtual-grid>
            </section>`
          : nothing
      }
      ${
        q.leakage.length
          ? html`<section>
              <h2>Leakage <span class="subtle">the same picture in two splits or under two labels</span></h2>
              ${this.groups(q.leakage.map((g) => ({ files: g.files, label: `${g.kind} · across ${g.across.join(' and ')} · ${g.splits.join(' / ') || g.classes.join(' / ')}` })))}
            </section>`
          : nothing
      }
      ${
        q.duplicates.exact.length || q.duplicates.near.length
          ? html`<section>
              <h2>
                Duplicates
                <span class="subtle"
                  >${q.duplicates.exact.length} exact, ${q.duplicates.near.length} near group(s)</span
                >
              </h2>
              ${this.groups([...q.duplicates.exact.map((g) => ({ ...g, label: 'exact' })), ...q.duplicates.near.map((g) => ({ ...g, label: `near (hash within ${g.distance} bits, thumbnails ${(g.thumbnailDistance ?? 0).toFixed(2)} apart)` }))])}
            </section>`
          : nothing
      }
    `;
  }

  /** Groups rendered a screenful at a time (they are short rows; thousands of groups stay cheap). */
  private groups(groups: { files: string[]; label: string }[]) {
    const shown = groups.slice(0, 200);
    this.store.want(shown.flatMap((g) => g.files.slice(0, 8)));
    return html`<div class="groups">
        ${shown.map(
          (g, i) =>
            html`<div class="group" role="group" aria-label=${`Group ${i + 1}: ${g.label}`}>
              <div class="group-label">#${i + 1} ${g.label}</div>
              <div class="group-files">
                ${g.files.slice(0, 8).map((f) => thumbnailButton(this.store, f, f.split('/').slice(0, -1).join('/')))}
              </div>
              ${g.files.length > 8 ? html`<div class="note">+${g.files.length - 8} more</div>` : nothing}
            </div>`,
        )}
      </div>
      ${groups.length > shown.length ? html`<p class="note">${groups.length - shown.length} more group(s) in the JSON report.</p>` : nothing}`;
  }

  private select(kind: string): void {
    this.kind = kind;
    this.dispatchEvent(new CustomEvent('kind-change', { detail: kind, bubbles: true }));
  }
}

customElements.define('dl-quality', DlQuality);

declare global {
  interface HTMLElementTagNameMap {
    'dl-quality': DlQuality;
  }
}
