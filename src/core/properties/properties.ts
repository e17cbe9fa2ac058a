import { Growable } from '../util/growable';
import { CountedValues } from './countedValues';
import { quantile } from './quantile';
import { sizeShape, type SizeCount, type SizeShape } from './sizeShape';

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
  /** Size and aspect histograms and a recommended input size (absent from reports cached before they existed). */
  shape?: SizeShape | null;
}

/**
 * Collects image properties compactly, so a million images cost a few MB: file sizes in a typed array, image sizes
 * as counts of each distinct width and height, from which every size figure comes.
 */
export class PropertiesAccumulator {
  private readonly formats = new Map<string, number>();
  private readonly modes = new Map<string, number>();
  /** width -> height -> images: no string per image. */
  private readonly sizes = new Map<number, Map<number, number>>();
  private readonly fileSizes = new Growable(Float64Array);

  addFile(bytes: number): void {
    this.fileSizes.push(bytes);
  }

  addImage(format: string, mode: string, width: number, height: number): void {
    bump(this.formats, format);
    bump(this.modes, mode);
    let byHeight = this.sizes.get(width);
    if (!byHeight) this.sizes.set(width, (byHeight = new Map()));
    byHeight.set(height, (byHeight.get(height) ?? 0) + 1);
  }

  finish(): PropertiesReport {
    const sizes: SizeCount[] = [...this.sizes].flatMap(([w, byHeight]) =>
      [...byHeight].map(([h, count]) => ({ width: w, height: h, count })),
    );
    const column = (value: (size: SizeCount) => number) =>
      countedDistribution(new CountedValues(sizes.map((s) => [value(s), s.count] as const)));
    const width = column((s) => s.width);
    const height = column((s) => s.height);
    const aspect = column((s) => s.width / s.height);
    const shape = sizeShape(sizes);
    const commonSizes = sizes
      .sort((a, b) => b.count - a.count || a.width - b.width || a.height - b.height)
      .slice(0, 10);
    return {
      formats: sortedRecord(this.formats),
      modes: sortedRecord(this.modes),
      width,
      height,
      aspect,
      fileSize: distributionInPlace(this.fileSizes.toArray()),
      commonSizes,
      distinctSizes: sizes.length,
      shape,
    };
  }
}

/** Quantiles with linear interpolation (numpy's default), so figures match np.percentile. */
export function distribution(values: Float64Array): Distribution | null {
  return distributionInPlace(Float64Array.from(values));
}

/** distribution() of an array it may sort in place. */
function distributionInPlace(values: Float64Array): Distribution | null {
  if (values.length === 0) return null;
  const sorted = values.sort();
  let sum = 0;
  // Indexed: it runs once per column, unoptimised, where for-of made an iterator result per value.
  for (let i = 0; i < sorted.length; i++) sum += sorted[i];
  return {
    min: sorted[0],
    max: sorted[sorted.length - 1],
    mean: sum / sorted.length,
    median: quantile(sorted, 0.5),
    p5: quantile(sorted, 0.05),
    p95: quantile(sorted, 0.95),
  };
}

/** distribution() of a column held as counted values: the same figures. */
function countedDistribution(column: CountedValues): Distribution | null {
  const n = column.total;
  if (n === 0) return null;
  return {
    min: column.at(0),
    max: column.at(n - 1),
    mean: column.sum() / n,
    median: column.quantile(0.5),
    p5: column.quantile(0.05),
    p95: column.quantile(0.95),
  };
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function sortedRecord(map: Map<string, number>): Record<string, number> {
  return Object.fromEntries([...map.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
}
