import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';
import { html } from 'lit';
import { onThemeChange, themeColours } from '../theme';
import { LightElement } from './lightElement';

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  LogarithmicScale,
  LineController,
  LineElement,
  PointElement,
  Filler,
  Tooltip,
  Legend,
);

/** A chart.js canvas, rebuilt when its config or the VS Code theme changes. The data also exists as a table. */
export class DlChart extends LightElement {
  static override properties = { config: { attribute: false }, label: {} };
  /** A factory, so colours are read from the theme each time the chart is drawn. */
  declare config: (() => ChartConfiguration) | undefined;
  declare label: string;
  private chart: Chart | undefined;
  private stopWatching: (() => void) | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this.stopWatching = onThemeChange(() => this.draw());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopWatching?.();
    this.chart?.destroy();
    this.chart = undefined;
  }

  protected override render() {
    return html`<div class="chart-box">
      <canvas role="img" aria-label=${this.label ?? 'chart'}></canvas>
    </div>`;
  }

  protected override updated(): void {
    this.draw();
  }

  private draw(): void {
    const canvas = this.querySelector('canvas');
    if (!canvas || !this.config) return;
    this.chart?.destroy();
    const colours = themeColours();
    Chart.defaults.color = colours.muted;
    Chart.defaults.borderColor = colours.grid;
    Chart.defaults.font.family = colours.font;
    const config = this.config();
    config.options = { animation: false, responsive: true, maintainAspectRatio: false, ...config.options };
    this.chart = new Chart(canvas, config);
    this.describeAxes(this.chart);
  }

  /** What the chart drew, as attributes (tests read them; a canvas has no text to read). */
  private describeAxes(chart: Chart): void {
    const x = chart.scales.x;
    const y = chart.scales.y;
    this.dataset.labels = (chart.data.labels ?? []).map(String).join('|');
    if (x)
      this.dataset.xTicks = x.ticks
        .map((t) => t.label)
        .filter((l) => l !== null && l !== undefined && l !== '')
        .join('|');
    if (y) {
      this.dataset.yScale = y.type;
      this.dataset.yMin = String(y.min);
      // Labels drawn on the value axis, and the least room between two of them (overlap shows as a small gap).
      const labelled = y.ticks.filter((t) => t.label !== null && t.label !== undefined && t.label !== '');
      this.dataset.yTicks = labelled.map((t) => String(t.label)).join('|');
      const at = labelled.map((t) => y.getPixelForValue(t.value)).sort((a, b) => a - b);
      const gaps = at.slice(1).map((p, i) => p - at[i]);
      this.dataset.yTickGap = gaps.length ? String(Math.round(Math.min(...gaps))) : '';
    }
  }
}

customElements.define('dl-chart', DlChart);

declare global {
  interface HTMLElementTagNameMap {
    'dl-chart': DlChart;
  }
}
