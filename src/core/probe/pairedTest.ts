/**
 * Paired comparisons of two models on the same held-out images: only the discordant images (one model right, the
 * other wrong) carry information about which is better (McNemar). Exact, so small counts are not overstated.
 */

/**
 * P(X >= k) for X ~ Binomial(n, 1/2): the one-sided exact McNemar p-value of k discordant images going one way
 * out of n. Summed in log space, so n in the thousands neither overflows nor underflows. 1 when n = 0.
 */
export function binomialTail(k: number, n: number): number {
  if (!Number.isInteger(k) || !Number.isInteger(n) || n < 0) throw new RangeError(`binomialTail(${k}, ${n})`);
  if (k <= 0) return 1;
  if (k > n) return 0;
  // log C(n, k), then C(n, i + 1) = C(n, i) (n - i) / (i + 1).
  let logTerm = 0;
  for (let i = 0; i < k; i++) logTerm += Math.log(n - i) - Math.log(i + 1);
  const first = logTerm;
  let sum = 1;
  for (let i = k; i < n; i++) {
    logTerm += Math.log(n - i) - Math.log(i + 1);
    sum += Math.exp(logTerm - first);
  }
  return Math.min(1, Math.exp(first + Math.log(sum) - n * Math.LN2));
}

/**
 * 95% interval of the difference of two paired proportions, (worse - better) / n, by Agresti and Min (2005): the
 * Wald interval after adding 1/2 to each cell of the 2x2 table, which keeps its coverage near 95% even with a
 * handful of discordant images (the plain Wald interval collapses to a point when there are none).
 */
export function pairedDifferenceInterval(worse: number, better: number, n: number): [number, number] {
  if (n <= 0) return [-1, 1];
  const m = n + 2;
  const b = worse + 0.5;
  const c = better + 0.5;
  const d = (b - c) / m;
  const variance = ((b + c) / m - d * d) / m;
  const half = 1.959964 * Math.sqrt(Math.max(0, variance));
  return [Math.max(-1, d - half), Math.min(1, d + half)];
}
