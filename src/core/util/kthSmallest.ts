/**
 * The value sorting `values` ascending would put at index `k`, in time linear in its length (Hoare's selection,
 * median of three pivots): a quantile without the sort. Reorders `values`, leaving no value after index `k`
 * smaller than the result. No NaN in `values`.
 *
 * @example kthSmallest(Float32Array.of(3, 1, 2), 1) // 2
 */
export function kthSmallest(values: Float32Array | Float64Array, k: number): number {
  if (!Number.isInteger(k) || k < 0 || k >= values.length)
    throw new RangeError(`Expected an integer from 0 to ${values.length - 1} for k but received ${k}`);
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

function medianOfThree(a: number, b: number, c: number): number {
  return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
}
