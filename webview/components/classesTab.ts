import type { ChartConfiguration, Scale } from 'chart.js';
import { html, nothing } from 'lit';
import type { DatasetReport } from '../../src/core/engine/report';
import { classNamesList, kerasClassWeights, pytorchClassWeights } from '../../src/protocol/snippets';
import {
  classOrder,
  heavyWeights,
  HEAVY_WEIGHT,
  imagesToReach,
  logTickLabel,
  type ClassSort,
} from '../chartView';
import { formatCount, formatFixed, percent } from '../format';
import { seriesColours } from '../theme';
import { rememberToggles, toggleValue } from '../toggles';
import { copyButton } from './copyButton';
import { LightElement } from './lightElement';

/** Class counts per split (chart + table), imbalance, class weights with copy buttons, split mismatch. */
export class DlClasses extends LightElement {
  static override properties = {
    report: { attribute: false },
    logScale: { state: true },
    sort: { state: true },
  };
  declare report: DatasetReport;
  declare logScale: boolean;
  declare sort: ClassSort;

  constructor() {
    super();
    this.logScale = toggleValue('classes.logScale', false);
    this.sort = toggleValue<ClassSort>('classes.sort', 'label', (s) =>
      ['label', 'largest', 'smallest'].includes(s),
    );
  }

  protected override updated(): void {
    rememberToggles('classes', this, ['logScale', 'sort']);
  }

  protected override render() {
    const r = this.report;
    if (r.classes.length === 0)
      return html`<p class="empty">
        No classes: the layout is <code>${r.layout}</code> (no class folders or labels).
      </p>`;
    const im = r.imbalance;
    const total = r.classes.reduce((sum, c) => sum + c.count, 0);
    return html`
      <section>
        <h2>Images per class${r.splits.length ? ' and split' : ''}</h2>
        <div class="toolbar chart-controls">
          <div class="chips" role="group" aria-label="Order of the bars">
            ${(
              [
                ['label', 'Label order'],
                ['largest', 'Largest first'],
                ['smallest', 'Smallest first'],
              ] as const
            ).map(
              ([sort, text]) =>
                html`<button
                  class="chip ${this.sort === sort ? 'selected' : ''}"
                  aria-pressed=${this.sort === sort}
                  data-sort=${sort}
                  @click=${() => (this.sort = sort)}
                >
                  ${text}
                </button>`,
            )}
          </div>
          <vscode-checkbox
            class="log-scale"
            ?checked=${this.logScale}
            @change=${(e: Event) => (this.logScale = (e.target as HTMLInputElement).checked)}
            >Log scale</vscode-checkbox
          >
        </div>
        <dl-chart
          .config=${() => this.chartConfig()}
          label="Bar chart of images per class${r.splits.length ? ' and split' : ''}"
        ></dl-chart>
        <table class="data" aria-label="Images per class">
          <thead>
            <tr>
              <th scope="col" class="num">label</th>
              <th scope="col">class</th>
              ${r.splits.map((s) => html`<th scope="col" class="num">${s.name}</th>`)}
              <th scope="col" class="num">total</th>
              <th scope="col" class="num">share</th>
              ${
                im
                  ? html`<th scope="col" class="num">weight (balanced)</th>
                      <th scope="col" class="num">weight (effective n)</th>`
                  : nothing
              }
            </tr>
          </thead>
          <tbody>
            ${r.classes.map(
              (c) =>
                html`<tr
                  class=${im?.tinyClasses.includes(c.name) || im?.emptyClasses.includes(c.name) ? 'flag' : ''}
                >
                  <td class="num">${c.index}</td>
                  <td>${c.name}</td>
                  ${r.splits.map((s) => html`<td class="num">${formatCount(s.classes.find((x) => x.name === c.name)?.count ?? 0)}</td>`)}
                  <td class="num">${formatCount(c.count)}</td>
                  <td class="num">${percent(c.count, total)}</td>
                  ${
                    im
                      ? html`<td class="num">
                            ${im.classWeights[c.name] !== undefined ? formatFixed(im.classWeights[c.name]) : '—'}
                          </td>
                          <td class="num">
                            ${im.effectiveNumber.classWeights[c.name] !== undefined ? formatFixed(im.effectiveNumber.classWeights[c.name]) : '—'}
                          </td>`
                      : nothing
                  }
                </tr>`,
            )}
          </tbody>
        </table>
      </section>

      ${
        im
          ? html`<section>
              <h2>
                Imbalance
                ${r.partial ? html`<span class="subtle provisional">provisional: partial results</span>` : nothing}
              </h2>
              <p>
                ${
                  im.ratio !== null
                    ? html`<strong>${im.ratio.toFixed(2)}x</strong> between the largest class
                        (${im.largest?.name}, ${formatCount(im.largest?.count ?? 0)}) and the smallest
                        (${im.smallest?.name}, ${formatCount(im.smallest?.count ?? 0)})`
                    : 'One class only'
                },
                counted on <code>${im.basis}</code>.
                ${im.tinyClasses.length ? html`Tiny: ${im.tinyClasses.join(', ')}.` : nothing}
                ${im.emptyClasses.length ? html`Empty: ${im.emptyClasses.join(', ')}.` : nothing}
              </p>
              ${this.weightAdvice()}
              <p class="note">
                Balanced weights follow scikit-learn's <code>compute_class_weight('balanced')</code>;
                effective-number weights follow Cui et al. 2019 (β = ${im.effectiveNumber.beta}).
              </p>
              ${
                r.partial?.scanning
                  ? html`<p class="note" data-partial>
                      The folder is still being listed: the weights can be copied once every file is counted.
                    </p>`
                  : html`<div class="actions">
                      ${copyButton('Keras class_weight', () => kerasClassWeights(r, 'balanced'), 'Keras class weights')}
                      ${copyButton('PyTorch weights', () => pytorchClassWeights(r, 'balanced'), 'PyTorch class weights')}
                      ${copyButton('Keras (effective n)', () => kerasClassWeights(r, 'effective'), 'Keras effective-number class weights')}
                      ${copyButton('PyTorch (effective n)', () => pytorchClassWeights(r, 'effective'), 'PyTorch effective-number class weights')}
                      ${copyButton('Class names', () => classNamesList(r), 'class names')}
                    </div>`
              }
            </section>`
          : nothing
      }
      ${
        r.splitMismatch.length
          ? html`<section>
              <h2>Split mismatch</h2>
              <table class="data">
                <thead>
                  <tr>
                    <th scope="col">split</th>
                    <th scope="col">vs</th>
                    <th scope="col" class="num">total variation</th>
                    <th scope="col" class="num">Jensen-Shannon (bits)</th>
                    <th scope="col">missing classes</th>
                    <th scope="col">extra classes</th>
                  </tr>
                </thead>
                <tbody>
                  ${r.splitMismatch.map(
                    (m) =>
                      html`<tr>
                        <td>${m.split}</td>
                        <td>${m.reference}</td>
                        <td class="num">${formatFixed(m.totalVariation, 3)}</td>
                        <td class="num">${formatFixed(m.jensenShannon, 3)}</td>
                        <td>${m.missingClasses.join(', ') || '—'}</td>
                        <td>${m.extraClasses.join(', ') || '—'}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </section>`
          : nothing
      }
    `;
  }

  /** Past a weight of ~10 a few images steer the loss: what each way out costs. */
  private weightAdvice() {
    const heavy = heavyWeights(this.report);
    if (!heavy.length) return nothing;
    const top = heavy[0];
    const more = heavy.map(
      (h) => `${h.name} ${formatCount(imagesToReach(this.report, h.name, HEAVY_WEIGHT))}`,
    );
    return html`<div class="weight-advice" role="note">
      <p>
        <span class="codicon codicon-warning" aria-hidden="true"></span>
        <strong>Class weight up to ${formatFixed(top.weight, 1)} (${top.name})</strong>: each of its images
        counts ${Math.round(top.weight)}× in the loss, so a few pictures steer training and can be memorised.
        Above ${HEAVY_WEIGHT}, choose knowingly:
      </p>
      <ul>
        <li>
          <strong>Weighting</strong> (the snippets below): no new data and one line of code, but the gradients
          of the small classes get noisy; keep augmentation on for them.
        </li>
        <li>
          <strong>Oversampling</strong>: draw the small classes more often within each epoch (PyTorch
          <code>WeightedRandomSampler</code>, <code>tf.data</code> <code>rejection_resample</code>) with
          augmentation so the repeats differ: the same information, gentler steps than a large weight.
        </li>
        <li>
          <strong>Collecting data</strong>: the only way that adds information. Images needed to bring the
          weight to ${HEAVY_WEIGHT}: ${more.join(', ')}.
        </li>
      </ul>
    </div>`;
  }

  private chartConfig(): ChartConfiguration<'bar'> {
    const r = this.report;
    const colours = seriesColours();
    const ordered = classOrder(r.classes, this.sort);
    const labels = ordered.map((c) => c.name);
    // A log axis has no 0: an empty bar is left out rather than drawn down to the axis's floor.
    const value = (n: number) => (this.logScale && n === 0 ? null : n);
    const datasets = r.splits.length
      ? r.splits.map((s, i) => ({
          label: s.name,
          data: ordered.map((c) => value(s.classes.find((x) => x.name === c.name)?.count ?? 0)),
          backgroundColor: colours[i % colours.length],
        }))
      : [{ label: 'images', data: ordered.map((c) => value(c.count)), backgroundColor: colours[0] }];
    const counts = datasets.flatMap((d) => d.data).filter((n): n is number => !!n);
    return {
      type: 'bar',
      data: { labels, datasets },
      options: {
        plugins: { legend: { display: r.splits.length > 0, position: 'bottom' } },
        scales: {
          y: {
            type: this.logScale ? 'logarithmic' : 'linear',
            beginAtZero: !this.logScale,
            ...(this.logScale && counts.length ? { min: logFloor(Math.min(...counts)) } : {}),
            ...(this.logScale
              ? {
                  ticks: {
                    autoSkip: false,
                    callback(this: Scale, value: number | string) {
                      return logTickLabel(Number(value), this.max / this.min);
                    },
                  },
                }
              : {}),
            title: { display: true, text: this.logScale ? 'images (log scale)' : 'images' },
          },
        },
      },
    };
  }
}

/**
 * The power of ten strictly below `smallest`: a log axis starting there draws the smallest bar (chart.js starts
 * it at the smallest value, which gives that bar no height).
 */
export function logFloor(smallest: number): number {
  return 10 ** (Math.ceil(Math.log10(smallest)) - 1);
}

customElements.define('dl-classes', DlClasses);

declare global {
  interface HTMLElementTagNameMap {
    'dl-classes': DlClasses;
  }
}
