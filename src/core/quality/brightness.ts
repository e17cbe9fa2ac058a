/**
 * Brightness as CleanVision defines it: b = sqrt(0.241 R² + 0.691 G² + 0.068 B²) / 255 (grey: v / 255).
 * Pixels are binned by 1000·b² (an integer, 0 .. 65,025,000) >> 16, i.e. 993 bins of b² 65.5 wide: finer than one
 * grey level wherever b > 33 (the dark and light thresholds sit at b = 82 and 242).
 */
export const BRIGHTNESS_BINS = 1024;
const SHIFT = 16;

export function brightnessBin(brightnessSquaredTimes1000: number): number {
  return brightnessSquaredTimes1000 >>> SHIFT;
}

/**
 * Percentiles (0..100, ascending) of brightness, 0..1, interpolating within a bin (pixels spread evenly over its
 * width). One pass for the total, one pass for all the percentiles.
 */
export function brightnessPercentiles(bins: Uint32Array, percentiles: number[]): number[] {
  let total = 0;
  for (let k = 0; k < bins.length; k++) total += bins[k];
  if (total === 0) return percentiles.map(() => NaN);
  const out: number[] = [];
  let k = 0;
  let below = 0;
  for (const p of percentiles) {
    const target = (p / 100) * total;
    while (k < bins.length && (bins[k] === 0 || below + bins[k] < target)) below += bins[k++];
    if (k === bins.length) {
      out.push(1);
      continue;
    }
    const fraction = Math.max(0, target - below) / bins[k];
    out.push(Math.min(255, Math.sqrt(((k + fraction) * (1 << SHIFT)) / 1000)) / 255);
  }
  return out;
}
