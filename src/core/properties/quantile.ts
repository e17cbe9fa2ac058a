/** The q-quantile of sorted values with linear interpolation (numpy's default), so figures match np.percentile. */
export function quantile(sorted: Float64Array, q: number): number {
  return quantileOf(sorted.length, (rank) => sorted[rank], q);
}

/** quantile() of `count` sorted values given by rank (0 = smallest). */
export function quantileOf(count: number, at: (rank: number) => number, q: number): number {
  const position = (count - 1) * q;
  const lo = Math.floor(position);
  const hi = Math.ceil(position);
  return at(lo) + (at(hi) - at(lo)) * (position - lo);
}
