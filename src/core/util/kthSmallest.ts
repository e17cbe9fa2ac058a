/**
 * The value sorting `values` ascending would put at index `k`, in time linear in its length (Hoare's selection,
 * median of three pivots): a quantile without the sort. Reorders `values`, leaving no value after index `k`
 * smaller than the result. No NaN in `values`.
 *
 * @example kthSmallest(Float32Array.of(3, 1, 2), 1) // 2
 */
export function kthSmallest(values: Float32Array | Float64Array, k: number): number {
  checkRank(values, k);
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const pivot = medianOfThree(values[lo], values[(lo + hi) >> 1], values[hi]);
    let i = lo;
    let j = hi;
    // Afterwards values[lo..j] <= pivot <= values[i..hi], and j < i.
    while (i <= j) {
      while (values[i] < pivot) i++;
      while (values[j] > pivot) j--;
      if (i <= j) {
        const t = values[i];
        values[i++] = values[j];
        values[j--] = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return values[k];
  }
  return values[k];
}

/** Bins of kthSmallestBinned's count, and its working arrays (reused: it runs for millions of thumbnails). */
const BINS = 1024;
const counts = new Int32Array(BINS);
let binOf = new Uint16Array(256);
let inBin = new Float32Array(256);

/**
 * kthSmallest for values known to lie in [0, max], without reordering them: the values are counted in BINS equal
 * bins, and only those of the bin holding rank `k` are selected among. The same value, in about two passes
 * (a bin index never decreases as the value grows, so bins keep the values' order).
 *
 * @example kthSmallestBinned(Float32Array.of(3, 1, 2), 1, 3) // 2
 */
export function kthSmallestBinned(values: Float32Array, k: number, max: number): number {
  checkRank(values, k);
  if (!(max > 0)) return 0;
  const scale = BINS / max;
  if (binOf.length < values.length) binOf = new Uint16Array(values.length);
  counts.fill(0);
  for (let i = 0; i < values.length; i++) {
    // Math.floor of a value in [0, BINS] (a value of `max` lands on BINS: the last bin takes it).
    const b = (values[i] * scale) | 0;
    counts[(binOf[i] = b < BINS ? b : BINS - 1)]++;
  }
  let target = 0;
  let before = 0;
  while (before + counts[target] <= k) before += counts[target++];
  if (inBin.length < counts[target]) inBin = new Float32Array(counts[target]);
  let n = 0;
  for (let i = 0; i < values.length; i++) if (binOf[i] === target) inBin[n++] = values[i];
  return kthSmallest(inBin.subarray(0, n), k - before);
}

function checkRank(values: Float32Array | Float64Array, k: number): void {
  if (!Number.isInteger(k) || k < 0 || k >= values.length)
    throw new RangeError(`Expected an integer from 0 to ${values.length - 1} for k but received ${k}`);
}

function medianOfThree(a: number, b: number, c: number): number {
  return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
}
