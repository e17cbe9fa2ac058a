import type { ChartConfiguration } from 'chart.js';
import { html, nothing } from 'lit';
import type { DatasetReport } from '../../src/core/engine/report';
import type { GroupStats } from '../../src/core/stats/statsAccumulator';
import { ToHost } from '../../src/protocol/messages';
import { kerasNormalization, pytorchNormalization } from '../../src/protocol/snippets';
import { formatCount, formatFixed } from '../format';
import { themeColours, withAlpha } from '../theme';
import { rememberToggles, toggleValue } from '../toggles';
import { rpc } from '../vscodeApi';
import { copyButton } from './copyButton';
import { histogramTick } from '../chartView';
import { LightElement } from './lightElement';

/** Per-channel histograms and mean/std for the whole dataset, a split or a class; copy as Keras / PyTorch. */
export class DlStats extends LightElement {
  static override properties = { report: { attribute: false }, scope: {}, logScale: { state: true } };
  declare report: DatasetReport;
  /** 'all', 'split:<name>' or 'class:<name>'. */
  declare scope: string;
  declare logScale: boolean;

  constructor() {
    super();
    this.scope = 'all';
    this.logScale = toggleValue('stats.logScale', false);
  }

  protected override updated(): void {
    rememberToggles('stats', this, ['logScale']);
  }

  private group(): { stats: GroupStats | null; label: string } {
    const r = this.report;
    if (this.scope.startsWith('split:')) {
      const name = this.scope.slice(6);
      return { stats: r.statsBySplit[name] ?? null, label: `split ${name}` };
    }
    if (this.scope.startsWith('class:')) {
      const name = this.scope.slice(6);
      return { stats: r.statsByClass[name] ?? null, label: `class ${name}` };
    }
    return { stats: r.stats, label: 'whole dataset' };
  }

  protected override render() {
    const r = this.report;
    if (!r.stats) return html`<p class="empty">No statistics: no image could be decoded.</p>`;
    const { stats, label } = this.group();
    const names = channelNames(r.stats.channels);
    const ci = this.scope === 'all' ? r.stats.confidence95 : undefined;
    return html`
      <div class="toolbar">
        <label for="stats-scope">Scope</label>
        <select
          id="stats-scope"
          class="native-select"
          @change=${(e: Event) => this.setScope((e.target as HTMLSelectElement).value)}
        >
          <option value="all" ?selected=${this.scope === 'all'}>Whole dataset</option>
          ${
            Object.keys(r.statsBySplit).length
              ? html`<optgroup label="Split">
                  ${Object.keys(r.statsBySplit).map((s) => html`<option value=${`split:${s}`} ?selected=${this.scope === `split:${s}`}>${s}</option>`)}
                </optgroup>`
              : nothing
          }
          <optgroup label="Class">
            ${Object.keys(r.statsByClass).map((c) => html`<option value=${`class:${c}`} ?selected=${this.scope === `class:${c}`}>${c}</option>`)}
          </optgroup>
        </select>
        <vscode-checkbox
          ?checked=${this.logScale}
          @change=${(e: Event) => (this.logScale = (e.target as HTMLInputElement).checked)}
          >Log scale</vscode-checkbox
        >
      </div>
      ${
        stats
          ? html`
              <section>
                <h2>
                  Histograms
                  <span class="subtle">(${label}, ${formatCount(stats.images)} images, 0..255)</span>
                </h2>
                <dl-chart
                  .config=${() => this.histogramConfig(stats, names)}
                  label=${`Per-channel pixel histograms of the ${label}`}
                ></dl-chart>
              </section>
              <section>
                <h2>Normalization constants <span class="subtle">(0..1 scale)</span></h2>
                <table class="data" aria-label="Per-channel statistics">
                  <thead>
                    <tr>
                      <th scope="col">channel</th>
                      <th scope="col" class="num">mean</th>
                      <th scope="col" class="num">std (featurewise)</th>
                      ${
                        ci
                          ? html`<th scope="col">mean 95% CI</th>
                              <th scope="col">std 95% CI</th>`
                          : nothing
                      }
                      <th scope="col" class="num">mean of image std</th>
                      <th scope="col" class="num">min</th>
                      <th scope="col" class="num">max</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${names.map(
                      (name, c) =>
                        html`<tr>
                          <th scope="row">${name}</th>
                          <td class="num">${formatFixed(stats.mean[c], 6)}</td>
                          <td class="num">${formatFixed(stats.std[c], 6)}</td>
                          ${
                            ci
                              ? html`<td>${interval(ci.mean[c])}</td>
                                  <td>${interval(ci.std[c])}</td>`
                              : nothing
                          }
                          <td class="num">${formatFixed(stats.meanOfImageStd[c], 6)}</td>
                          <td class="num">${formatFixed(stats.min[c], 4)}</td>
                          <td class="num">${formatFixed(stats.max[c], 4)}</td>
                        </tr>`,
                    )}
                  </tbody>
                </table>
                <p class="note">
                  std is featurewise (pooled over every pixel: what Keras
                  <code>Normalization.adapt</code> computes and torchvision <code>Normalize</code> expects).
                  "mean of image std" is how the usual ImageNet constants were made; it is shown, not used.
                  ${r.stats.channelPolicy}
                </p>
                ${
                  r.partial
                    ? html`<p class="note" data-partial>
                        These constants cover the images analysed so far: copy and export become available
                        when the analysis finishes.
                      </p>`
                    : this.renderActions(r)
                }
                ${this.scope !== 'all' && !r.partial ? html`<p class="note">Copy and export always use the whole-dataset constants.</p>` : nothing}
              </section>
            `
          : html`<p class="empty">No decoded image in this ${label}.</p>`
      }
    `;
  }

  private renderActions(r: DatasetReport) {
    return html`<div class="actions">
      ${copyButton('Copy as Keras', () => kerasNormalization(r), 'Keras normalization')}
      ${copyButton('Copy as PyTorch', () => pytorchNormalization(r), 'PyTorch normalization')}
      <vscode-button secondary icon="json" @click=${() => this.exportStats('json')}
        >Export JSON…</vscode-button
      >
      <vscode-button secondary icon="go-to-file" @click=${() => this.exportStats('keras')}
        >Open Keras code</vscode-button
      >
      <vscode-button secondary icon="go-to-file" @click=${() => this.exportStats('pytorch')}
        >Open PyTorch code</vscode-button
      >
    </div>`;
  }

  private setScope(scope: string): void {
    this.scope = scope;
    this.dispatchEvent(new CustomEvent('scope-change', { detail: scope, bubbles: true }));
  }

  private exportStats(format: 'json' | 'keras' | 'pytorch'): void {
    void rpc.request(ToHost.exportStats, { format }).catch(() => undefined);
  }

  private histogramConfig(stats: GroupStats, names: string[]): ChartConfiguration<'line'> {
    const c = themeColours();
    const colours = names.length === 1 ? [c.foreground] : [c.red, c.green, c.blue];
    const labels = Array.from({ length: 256 }, (_, i) => String(i));
    return {
      type: 'line',
      data: {
        labels,
        datasets: stats.histogram.map((h, i) => ({
          label: names[i],
          data: this.logScale ? h.map((v) => (v > 0 ? v : null)) : h,
          borderColor: colours[i],
          backgroundColor: withAlpha(colours[i], 0.2),
          borderWidth: 1.25,
          pointRadius: 0,
          fill: names.length === 1,
          tension: 0,
          spanGaps: true,
        })),
      },
      options: {
        interaction: { mode: 'index', intersect: false },
        plugins: { legend: { display: names.length > 1, position: 'bottom' } },
        scales: {
          x: {
            ticks: { autoSkip: false, maxRotation: 0, callback: (_value, index) => histogramTick(index) },
            title: { display: true, text: 'pixel value' },
          },
          y: {
            type: this.logScale ? 'logarithmic' : 'linear',
            beginAtZero: !this.logScale,
            title: { display: true, text: 'pixels' },
          },
        },
      },
    };
  }
}

function channelNames(channels: number): string[] {
  return channels === 1 ? ['grey'] : ['R', 'G', 'B'];
}

function interval([lo, hi]: [number, number]): string {
  return `${formatFixed(lo, 4)} … ${formatFixed(hi, 4)}`;
}

customElements.define('dl-stats', DlStats);

declare global {
  interface HTMLElementTagNameMap {
    'dl-stats': DlStats;
  }
}
