import { Growable } from '../util/growable';

/** Distribution of a numeric property over images. */
export interface Distribution {
  min: number;
  max: number;
  mean: number;
  median: number;
  p5: number;
  p95: number;
}

export interface PropertiesReport {
  formats: Record<string, number>;
  modes: Record<string, number>;
  width: Distribution | null;
  height: Distribution | null;
  /** width / height */
  aspect: Distribution | null;
  /** File size in bytes, over all candidates (decoded or not). */
  fileSize: Distribution | null;
  /** Most common width x height, most frequent first (at most 10). */
  commonSizes: { width: number; height: number; count: number }[];
  /** Number of distinct width x height pairs. */
  distinctSizes: number;
}

/** Collects image properties compactly (typed arrays), so a million images cost a few tens of MB. */
export class PropertiesAccumulator {
  private readonly formats = new Map<string, number>();
  private readonly modes = new Map<string, number>();
  private readonly sizes = new Map<string, number>();
  private readonly widths = new Growable(Float64Array);
  private readonly heights = new Growable(Float64Array);
  private readonly fileSizes = new Growable(Float64Array);

  addFile(bytes: number): void {
    this.fileSizes.push(bytes);
  }

  addImage(format: string, mode: string, width: number, height: number): void {
    bump(this.formats, format);
    bump(this.modes, mode);
    bump(this.sizes, `${width}x${height}`);
    this.widths.push(width);
    this.heights.push(height);
  }

  finish(): PropertiesReport {
    const widths = this.widths.view();
    const heights = this.heights.view();
    const aspects = widths.map((w, i) => w / heights[i]);
    const commonSizes = [...this.sizes.entries()]
      .map(([key, count]) => {
        const [width, height] = key.split('x').map(Number);
        return { width, height, count };
      })
      .sort((a, b) => b.count - a.count || a.width - b.width || a.height - b.height)
      .slice(0, 10);
    return {
      formats: sortedRecord(this.formats),
      modes: sortedRecord(this.modes),
      width: distribution(widths),
      height: distribution(heights),
      aspect: distribution(aspects),
      fileSize: distribution(this.fileSizes.view()),
      commonSizes,
      distinctSizes: this.sizes.size,
    };
  }
}

/** Quantiles with linear interpolation (numpy's default), so figures match np.percentile. */
export function distribution(values: Float64Array): Distribution | null {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    min: sorted[0],
    max: sorted[sorted.length - 1],
    mean: sum / sorted.length,
    median: quantile(sorted, 0.5),
    p5: quantile(sorted, 0.05),
    p95: quantile(sorted, 0.95),
  };
}

export function quantile(sorted: Float64Array, q: number): number {
  const position = (sorted.length - 1) * q;
  const lo = Math.floor(position);
  const hi = Math.ceil(position);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (position - lo);
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function sortedRecord(map: Map<string, number>): Record<string, number> {
  return Object.fromEntries([...map.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
}
