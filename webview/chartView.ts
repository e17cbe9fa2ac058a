import type { ClassEntry, DatasetReport } from '../src/core/engine/report';

/** Orders of the Classes chart's bars. */
export type ClassSort = 'label' | 'largest' | 'smallest';

/** Above this class weight, the Classes tab explains weighting against oversampling and collecting data. */
export const HEAVY_WEIGHT = 10;

/** The classes in chart order: label index (as Keras and torchvision number them) or by count. */
export function classOrder(classes: readonly ClassEntry[], sort: ClassSort): ClassEntry[] {
  const byIndex = (a: ClassEntry, b: ClassEntry) => a.index - b.index;
  if (sort === 'label') return [...classes].sort(byIndex);
  const sign = sort === 'largest' ? -1 : 1;
  return [...classes].sort((a, b) => sign * (a.count - b.count) || byIndex(a, b));
}

/** Classes whose balanced weight exceeds HEAVY_WEIGHT, heaviest first. */
export function heavyWeights(report: DatasetReport): { name: string; weight: number }[] {
  const weights = report.imbalance?.classWeights ?? {};
  return Object.entries(weights)
    .filter(([, w]) => w > HEAVY_WEIGHT)
    .map(([name, weight]) => ({ name, weight }))
    .sort((a, b) => b.weight - a.weight);
}

/**
 * The label of a log axis tick, or null for an unlabelled tick: chart.js ticks every 1..9 × 10^k, whose labels
 * overlap. Powers of ten are labelled; 2 and 5 × 10^k too when the axis spans at most two decades (`span`, the
 * ratio of its max to its min), where there is room for them.
 */
export function logTickLabel(value: number, span: number): string | null {
  if (!(value > 0)) return null;
  const mantissa = Math.round(value / 10 ** Math.floor(Math.log10(value) + 1e-9));
  if (mantissa === 1 || (span <= 100 && (mantissa === 2 || mantissa === 5)))
    return value.toLocaleString('en-US');
  return null;
}

/** The pixel-value axis label of histogram bin `value` (0..255): every 32nd and the last, else none. */
export function histogramTick(value: number): string | null {
  return value % 32 === 0 || value === 255 ? String(value) : null;
}

/**
 * How many more images class `name` needs for its balanced weight, total / (classes · count), to be at most
 * `target`, counted on the weights' basis (the train split, or every file): the total grows with the new images.
 */
export function imagesToReach(report: DatasetReport, name: string, target: number): number {
  const basis = report.imbalance?.basis;
  const counts = report.splits.find((s) => s.name === basis)?.classes ?? report.classes;
  const present = counts.filter((c) => c.count > 0);
  const total = present.reduce((sum, c) => sum + c.count, 0);
  const count = counts.find((c) => c.name === name)?.count ?? 0;
  const k = present.length;
  if (k * target <= 1 || total / (k * count) <= target) return 0;
  return Math.max(0, Math.ceil((total - target * k * count) / (target * k - 1)));
}
