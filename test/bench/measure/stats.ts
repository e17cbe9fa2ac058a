/** Small numeric helpers shared by the benchmarks (pure, unit-tested). */

export function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/** The median; the mean of the two middle values for an even count. NaN for no values. */
export function median(values: readonly number[]): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * The item at the middle rank by `key` (the upper middle one for an even count): a whole run, so that the
 * figures reported together (images written, seconds, wall time) come from the same run.
 */
export function medianBy<T>(items: readonly T[], key: (item: T) => number): T {
  if (!items.length) throw new Error('medianBy needs at least one item');
  const sorted = [...items].sort((a, b) => key(a) - key(b));
  return sorted[sorted.length >> 1];
}

/** ours / peer as "1.23x" (> 1: ours is faster); "-" when either side is missing or not positive. */
export function formatRatio(ours: number, peer: number): string {
  return ours > 0 && peer > 0 && Number.isFinite(ours) && Number.isFinite(peer)
    ? `${(ours / peer).toFixed(2)}x`
    : '-';
}

export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

export function kbToMb(kb: number): number {
  return kb / 1024;
}

/** Fixed decimals, or "-" for a missing (NaN, infinite) figure. */
export function fixed(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '-';
}

/** Thousands separators, as the history tables have always shown rates ("17,525"). */
export function grouped(value: number): string {
  return Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : '-';
}
