/** Statistics of one or more channels derived exactly from 256-bin histograms, on the 0..1 scale. */
export interface ChannelStats {
  channels: number;
  /** Pixels per channel. */
  pixels: number;
  mean: number[];
  /** Population standard deviation over every pixel of every image (featurewise, as Keras computes it). */
  std: number[];
  min: number[];
  max: number[];
  histogram: number[][];
}

/**
 * Exact statistics from histogram counts. Sums and sums of squares are formed in BigInt, so the only rounding
 * is the final division: results equal a float64 two-pass computation to ~1e-15 whatever the pixel count.
 */
export function statsFromHistogram(counts: Float64Array | Uint32Array, channels: number): ChannelStats {
  const mean: number[] = [];
  const std: number[] = [];
  const min: number[] = [];
  const max: number[] = [];
  const histogram: number[][] = [];
  let pixels = 0;
  for (let c = 0; c < channels; c++) {
    let n = 0n;
    let sum = 0n;
    let sumSq = 0n;
    let lo = -1;
    let hi = -1;
    for (let v = 0; v < 256; v++) {
      const count = counts[c * 256 + v];
      if (count === 0) continue;
      const k = BigInt(count);
      n += k;
      sum += k * BigInt(v);
      sumSq += k * BigInt(v * v);
      if (lo < 0) lo = v;
      hi = v;
    }
    histogram.push(Array.from(counts.subarray(c * 256, c * 256 + 256)));
    pixels = Number(n);
    if (n === 0n) {
      mean.push(NaN);
      std.push(NaN);
      min.push(NaN);
      max.push(NaN);
      continue;
    }
    mean.push(ratio(sum, n) / 255);
    // N*Σx² - (Σx)² is exact in BigInt; var = that / N².
    const varianceNumerator = n * sumSq - sum * sum;
    std.push(Math.sqrt(ratio(varianceNumerator, n * n)) / 255);
    min.push(lo / 255);
    max.push(hi / 255);
  }
  return { channels, pixels, mean, std, min, max, histogram };
}

/** a / b for BigInts, correctly rounded to a double even when both exceed 2^53. */
function ratio(a: bigint, b: bigint): number {
  const q = a / b;
  const r = a % b;
  return Number(q) + Number(r) / Number(b);
}
