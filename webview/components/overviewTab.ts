import { html, nothing } from 'lit';
import type { DatasetReport } from '../../src/core/engine/report';
import { issueKindLabel, SKIPPED_LABELS } from '../../src/protocol/labels';
import { ERROR_KINDS, findingTotals } from '../findings';
import { formatBytes, formatCount, formatDuration, formatFixed, percent } from '../format';
import { LightElement } from './lightElement';
import { sizeCharts } from './sizeCharts';

/** Counts, layout, formats, modes, image sizes and the report's warnings. */
export class DlOverview extends LightElement {
  static override properties = { report: { attribute: false } };
  declare report: DatasetReport;

  protected override render() {
    const r = this.report;
    const totals = findingTotals(r);
    const errors = r.issues.filter((i) => ERROR_KINDS.includes(i.kind) && i.kind !== 'unusable_label').length;
    const p = r.properties;
    return html`
      <section class="cards" aria-label="Summary">
        ${card('Image files', formatCount(r.files), r.sample ? `sample of ${formatCount(r.sample.size)} analysed (seed ${r.sample.seed})` : `${formatCount(r.images)} decoded`)}
        ${card('Classes', formatCount(r.classes.length), r.imbalance?.ratio != null ? `imbalance ${r.imbalance.ratio.toFixed(1)}x${r.partial ? ' (provisional)' : ''}` : r.classes.length ? 'one class' : 'unlabelled')}
        ${card('Splits', r.splits.length ? r.splits.map((s) => s.name).join(', ') : '—', `layout: ${r.layout}`)}
        ${card('Unreadable', formatCount(errors), errors ? 'see Quality' : 'every file decoded')}
        ${card('Issues', formatCount(totals.findings), `${totals.kinds} kind(s): see Quality`)}
        ${card('Analysis', formatDuration(r.durationMs), r.partial ? 'so far: still running' : r.stats ? `${r.stats.channels} channel(s)` : 'no statistics')}
      </section>

      ${
        r.warnings.length
          ? html`<section aria-label="Warnings">
              <h2>
                Warnings
                ${r.partial ? html`<span class="subtle">(from the files seen so far: they may change)</span>` : nothing}
              </h2>
              <ul class="warnings">
                ${r.warnings.map((w) => html`<li><span class="codicon codicon-warning" aria-hidden="true"></span> ${w}</li>`)}
              </ul>
            </section>`
          : nothing
      }

      <div class="columns">
        <section>
          <h2>Formats</h2>
          ${countTable('Format', p.formats, r.images)}
        </section>
        <section>
          <h2>Channel modes</h2>
          ${countTable('Mode', p.modes, r.images)}
          ${r.stats ? html`<p class="note">${r.stats.channelPolicy}</p>` : nothing}
        </section>
        <section>
          <h2>Skipped while scanning</h2>
          ${countTable(
            'Reason',
            Object.fromEntries(
              Object.entries(r.skipped).map(([k, v]) => [
                SKIPPED_LABELS[k as keyof typeof r.skipped] ?? k,
                v,
              ]),
            ),
            0,
          )}
        </section>
      </div>

      <section>
        <h2>Image sizes</h2>
        <table class="data">
          <thead>
            <tr>
              <th scope="col"></th>
              <th scope="col">min</th>
              <th scope="col">p5</th>
              <th scope="col">median</th>
              <th scope="col">mean</th>
              <th scope="col">p95</th>
              <th scope="col">max</th>
            </tr>
          </thead>
          <tbody>
            ${distributionRow('Width (px)', p.width, 0)} ${distributionRow('Height (px)', p.height, 0)}
            ${distributionRow('Aspect (w/h)', p.aspect, 2)}
            <tr>
              <th scope="row">File size</th>
              ${(['min', 'p5', 'median', 'mean', 'p95', 'max'] as const).map((k) => html`<td>${p.fileSize ? formatBytes(p.fileSize[k]) : '—'}</td>`)}
            </tr>
          </tbody>
        </table>
        ${
          p.commonSizes?.length
            ? html`<p class="note">
                ${formatCount(p.distinctSizes)} distinct size(s); most common:
                ${p.commonSizes.slice(0, 6).map((s, i) => html`${i ? ', ' : ''}<code>${s.width}×${s.height}</code> (${formatCount(s.count)})`)}
              </p>`
            : nothing
        }
        ${sizeCharts(p.shape, r.images)}
      </section>

      ${
        r.quality.summarised.length
          ? html`<p class="note">
              Found in more than half of the images, so summarised rather than listed:
              ${r.quality.summarised.map(issueKindLabel).join(', ')}: the Quality tab lists the worst of each.
            </p>`
          : nothing
      }
    `;
  }
}

function card(title: string, value: string, detail: string) {
  return html`<div class="card">
    <div class="card-title">${title}</div>
    <div class="card-value">${value}</div>
    <div class="card-detail">${detail}</div>
  </div>`;
}

function countTable(label: string, counts: Record<string, number>, total: number) {
  const entries = Object.entries(counts).sort((a, b) => b[1] - a[1]);
  if (entries.length === 0) return html`<p class="note">none</p>`;
  return html`<table class="data">
    <thead>
      <tr>
        <th scope="col">${label}</th>
        <th scope="col" class="num">count</th>
        ${total ? html`<th scope="col" class="num">share</th>` : nothing}
      </tr>
    </thead>
    <tbody>
      ${entries.map(
        ([k, v]) =>
          html`<tr>
            <td>${k}</td>
            <td class="num">${formatCount(v)}</td>
            ${total ? html`<td class="num">${percent(v, total)}</td>` : nothing}
          </tr>`,
      )}
    </tbody>
  </table>`;
}

type Distribution = {
  min: number;
  max: number;
  mean: number;
  median: number;
  p5: number;
  p95: number;
} | null;

function distributionRow(label: string, d: Distribution, digits: number) {
  return html`<tr>
    <th scope="row">${label}</th>
    ${(['min', 'p5', 'median', 'mean', 'p95', 'max'] as const).map((k) => html`<td>${d ? formatFixed(d[k], digits) : '—'}</td>`)}
  </tr>`;
}

customElements.define('dl-overview', DlOverview);

declare global {
  interface HTMLElementTagNameMap {
    'dl-overview': DlOverview;
  }
}
