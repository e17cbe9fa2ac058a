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

/** Percentiles (0..100) of brightness, 0..1, interpolating within a bin (pixels spread evenly over its width). */
export function brightnessPercentiles(bins: Uint32Array, percentiles: number[]): number[] {
  let total = 0;
  for (let k = 0; k < bins.length; k++) total += bins[k];
  return percentiles.map((p) => {
    if (total === 0) return NaN;
    const target = (p / 100) * total;
    let below = 0;
    for (let k = 0; k < bins.length; k++) {
      const n = bins[k];
      if (n > 0 && below + n >= target) {
        const fraction = n === 0 ? 0 : Math.max(0, target - below) / n;
        const squared = ((k + fraction) * (1 << SHIFT)) / 1000;
        return Math.min(255, Math.sqrt(squared)) / 255;
      }
      below += n;
    }
    return 1;
  });
}
