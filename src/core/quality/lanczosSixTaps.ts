/**
 * An axis of pilLanczos whose outputs each read at most six inputs (an enlargement, or a reduction by a pixel or
 * so, as 33 to 32: LANCZOS' support is 3 input pixels either side), with every output's window widened to exactly
 * six inputs by zero weights, kept inside the image. The sums stay Pillow's (the added terms are exact zeros), and
 * a pass can then run with the same instructions for every output (lanczosSimd).
 */

export const SIX = 6;

/** Six fixed-point weights per output ([xx * 6 + t]) and the first input each reads. */
export interface SixTaps {
  start: Int32Array;
  weights: Int32Array;
}

/**
 * Pillow's taps (start, count, weights `taps` apart per output) widened to six per output, or undefined when an
 * output reads more than six inputs or the axis has fewer than six.
 */
export function sixTaps(
  inSize: number,
  start: Int32Array,
  count: Int32Array,
  taps: number,
  weights: Float64Array,
): SixTaps | undefined {
  if (inSize < SIX) return undefined;
  const outSize = start.length;
  for (let xx = 0; xx < outSize; xx++) if (count[xx] > SIX) return undefined;
  const six: SixTaps = { start: new Int32Array(outSize), weights: new Int32Array(outSize * SIX) };
  for (let xx = 0; xx < outSize; xx++) {
    const first = Math.min(start[xx], inSize - SIX);
    six.start[xx] = first;
    for (let t = 0; t < count[xx]; t++)
      six.weights[xx * SIX + start[xx] - first + t] = weights[xx * taps + t];
  }
  return six;
}
