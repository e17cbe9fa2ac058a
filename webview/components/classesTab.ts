import type { ChartConfiguration } from 'chart.js';
import { html, nothing } from 'lit';
import type { DatasetReport } from '../../src/core/engine/report';
import { classNamesList, kerasClassWeights, pytorchClassWeights } from '../../src/protocol/snippets';
import { formatCount, formatFixed, percent } from '../format';
import { seriesColours } from '../theme';
import { copyButton } from './copyButton';
import { LightElement } from './lightElement';

/** Class counts per split (chart + table), imbalance, class weights with copy buttons, split mismatch. */
export class DlClasses extends LightElement {
  static override properties = { report: { attribute: false } };
  declare report: DatasetReport;

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
              <h2>Imbalance</h2>
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

  private chartConfig(): ChartConfiguration<'bar'> {
    const r = this.report;
    const colours = seriesColours();
    const labels = r.classes.map((c) => c.name);
    const datasets = r.splits.length
      ? r.splits.map((s, i) => ({
          label: s.name,
          data: r.classes.map((c) => s.classes.find((x) => x.name === c.name)?.count ?? 0),
          backgroundColor: colours[i % colours.length],
        }))
      : [{ label: 'images', data: r.classes.map((c) => c.count), backgroundColor: colours[0] }];
    return {
      type: 'bar',
      data: { labels, datasets },
      options: {
        plugins: { legend: { display: r.splits.length > 0, position: 'bottom' } },
        scales: { y: { beginAtZero: true, title: { display: true, text: 'images' } } },
      },
    };
  }
}

customElements.define('dl-classes', DlClasses);

declare global {
  interface HTMLElementTagNameMap {
    'dl-classes': DlClasses;
  }
}
