import type { ChartConfiguration } from 'chart.js';
import { html, nothing } from 'lit';
import type { SizeShape } from '../../src/core/properties/sizeShape';
import { formatCount, percent } from '../format';
import { seriesColours, withAlpha } from '../theme';
import './chart';

/** Bin labels from edges: "32–47" for whole pixels, "0.8–0.95" for aspects, "≥ 4096" for the open last bin. */
export function binLabels(edges: readonly number[], whole: boolean): string[] {
  return edges.map((edge, i) => {
    const next = edges[i + 1];
    if (next === undefined) return `≥ ${edge}`;
    return whole ? `${edge}–${next - 1}` : `${edge}–${next}`;
  });
}

/**
 * Width, height and aspect as histograms beside the percentile table, and the recommended input size with its
 * rule (docs/report-schema.md#sizes-and-shapes).
 */
export function sizeCharts(shape: SizeShape | null | undefined, images: number) {
  if (!shape) return nothing;
  const r = shape.recommended;
  return html`<div class="size-charts">
      <figure class="size-chart">
        <figcaption>Width and height (px)</figcaption>
        <dl-chart
          class="side-histogram"
          .config=${() => sideConfig(shape)}
          label="Histogram of image widths and heights"
        ></dl-chart>
      </figure>
      <figure class="size-chart">
        <figcaption>Aspect (width / height)</figcaption>
        <dl-chart
          class="aspect-histogram"
          .config=${() => aspectConfig(shape)}
          label="Histogram of image aspect ratios"
        ></dl-chart>
      </figure>
    </div>
    <p class="note recommended-size" data-side=${r.side}>
      <strong>Recommended input size: ${r.side}×${r.side}</strong>: the median shorter side
      (${formatMedian(r.shorterSideMedian)} px)
      ${r.side < 32 ? 'kept as it is (under 32 px)' : 'rounded down to a multiple of 32, at most 512'};
      ${formatCount(Math.round(r.upsampledShare * images))} image(s)
      (${percent(Math.round(r.upsampledShare * images), images)}) are smaller and would be upsampled.
    </p>`;
}

function formatMedian(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
}

function bars(labels: string[], series: { label: string; data: number[] }[]): ChartConfiguration<'bar'> {
  const colours = seriesColours();
  return {
    type: 'bar',
    data: {
      labels,
      datasets: series.map((s, i) => ({
        label: s.label,
        data: s.data,
        backgroundColor: withAlpha(colours[i], 0.7),
        borderColor: colours[i],
        borderWidth: 1,
      })),
    },
    options: {
      plugins: { legend: { display: series.length > 1, position: 'bottom' } },
      scales: {
        x: { ticks: { autoSkip: false, maxRotation: 60, minRotation: 0 } },
        y: { beginAtZero: true, title: { display: true, text: 'images' }, ticks: { precision: 0 } },
      },
    },
  };
}

/** Only the bins from the first to the last non-empty one: a 28 px dataset shows no empty photo-size bins. */
function trimmed(edges: readonly number[], ...counts: number[][]) {
  const any = edges.map((_, i) => counts.some((c) => c[i] > 0));
  const first = Math.max(0, any.indexOf(true));
  const last = Math.max(first, any.lastIndexOf(true));
  return {
    labels: binLabels(edges, true).slice(first, last + 1),
    counts: counts.map((c) => c.slice(first, last + 1)),
  };
}

function sideConfig(shape: SizeShape): ChartConfiguration<'bar'> {
  const { labels, counts } = trimmed(shape.sideEdges, shape.widthCounts, shape.heightCounts);
  return bars(labels, [
    { label: 'width', data: counts[0] },
    { label: 'height', data: counts[1] },
  ]);
}

function aspectConfig(shape: SizeShape): ChartConfiguration<'bar'> {
  return bars(binLabels(shape.aspectEdges, false), [{ label: 'images', data: shape.aspectCounts }]);
}
