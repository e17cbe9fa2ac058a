import { quantileOf } from './quantile';

/**
 * A column of numbers held as its distinct values with their counts, ascending: image widths, heights and aspects,
 * of which a dataset has few distinct ones, cost a sort of those few instead of one of every image. Every figure is
 * the one the sorted column gives, to the last bit: its sum adds the values in the same ascending order.
 */
export class CountedValues {
  private readonly values: number[];
  /** Images with values[0..k] (cumulative counts). */
  private readonly upTo: number[];

  /** `pairs`: [value, count] with count >= 1; a value may come more than once. */
  constructor(pairs: Iterable<readonly [number, number]>) {
    const counts = new Map<number, number>();
    for (const [value, count] of pairs) counts.set(value, (counts.get(value) ?? 0) + count);
    const sorted = [...counts].sort((a, b) => a[0] - b[0]);
    this.values = sorted.map(([value]) => value);
    let total = 0;
    this.upTo = sorted.map(([, count]) => (total += count));
  }

  get total(): number {
    return this.upTo.length ? this.upTo[this.upTo.length - 1] : 0;
  }

  /** The value of rank `rank` in the sorted column (0: the smallest). */
  at(rank: number): number {
    let lo = 0;
    let hi = this.upTo.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.upTo[mid] > rank) hi = mid;
      else lo = mid + 1;
    }
    return this.values[lo];
  }

  quantile(q: number): number {
    return quantileOf(this.total, (rank) => this.at(rank), q);
  }

  /** The sum of the column, added smallest first as over the sorted column (the same rounding). */
  sum(): number {
    let sum = 0;
    let rank = 0;
    for (let k = 0; k < this.values.length; k++) {
      const value = this.values[k];
      for (; rank < this.upTo[k]; rank++) sum += value;
    }
    return sum;
  }

  /** How many values are below `limit`. */
  countBelow(limit: number): number {
    let below = 0;
    for (let k = 0; k < this.values.length && this.values[k] < limit; k++) below = this.upTo[k];
    return below;
  }
}
