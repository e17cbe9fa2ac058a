import { Growable } from '../util/growable';
import type { ImageHistogram } from './imageHistogram';

/** 95% confidence intervals of the dataset mean and std estimated from a random sample of images. */
export interface SampleConfidence {
  level: 0.95;
  method: string;
  mean: [number, number][];
  std: [number, number][];
}

const Z95 = 1.959963984540054;

/**
 * Per-image pixel count, sums and sums of squares, kept only when sampling. The dataset mean is a ratio
 * estimator (Σ sums / Σ pixels over sampled images, images being the sampling unit); its standard error is the
 * linearised (Taylor) one with the finite-population correction, and the std's comes from the delta method on
 * the second moment. Both are exact in the limit of many images; the CLI reports them for `--sample`.
 */
export class SampleConfidenceCollector {
  private readonly pixels = new Growable(Float64Array);
  private readonly colour = new Growable(Uint8Array);
  private readonly sums = [
    new Growable(Float64Array),
    new Growable(Float64Array),
    new Growable(Float64Array),
  ];
  private readonly squares = [
    new Growable(Float64Array),
    new Growable(Float64Array),
    new Growable(Float64Array),
  ];

  add(histogram: ImageHistogram): void {
    let n = 0;
    for (let c = 0; c < histogram.channels; c++) {
      let s = 0;
      let q = 0;
      let count = 0;
      for (let v = 0; v < 256; v++) {
        const k = histogram.counts[c * 256 + v];
        count += k;
        s += k * v;
        q += k * v * v;
      }
      n = count;
      this.sums[c].push(s / 255);
      this.squares[c].push(q / (255 * 255));
    }
    for (let c = histogram.channels; c < 3; c++) {
      this.sums[c].push(this.sums[0].get(this.sums[0].length - 1));
      this.squares[c].push(this.squares[0].get(this.squares[0].length - 1));
    }
    this.pixels.push(n);
    this.colour.push(histogram.channels === 3 ? 1 : 0);
  }

  /** Intervals for `channels` output channels, given the number of images the sample was drawn from. */
  finish(channels: 1 | 3, population: number): SampleConfidence {
    const m = this.pixels.length;
    const n = this.pixels.toArray();
    const sums = this.sums.map((g) => g.toArray());
    const squares = this.squares.map((g) => g.toArray());
    const order = valueOrder(m, [n, ...sums, ...squares]);
    const f = Math.min(1, m / Math.max(population, 1));
    let totalPixels = 0;
    for (const i of order) totalPixels += n[i];
    const meanPixels = totalPixels / m;
    const mean: [number, number][] = [];
    const std: [number, number][] = [];
    for (let c = 0; c < channels; c++) {
      const s = sums[c];
      const q = squares[c];
      let S = 0;
      let Q = 0;
      for (const i of order) {
        S += s[i];
        Q += q[i];
      }
      const R = S / totalPixels;
      const M2 = Q / totalPixels;
      const variance = Math.max(0, M2 - R * R);
      let meanResiduals = 0;
      let stdResiduals = 0;
      for (const i of order) {
        const e = s[i] - R * n[i];
        const d = q[i] - M2 * n[i] - 2 * R * e;
        meanResiduals += e * e;
        stdResiduals += d * d;
      }
      const scale = m > 1 ? (1 - f) / (m * meanPixels * meanPixels * (m - 1)) : NaN;
      const meanSe = Math.sqrt(meanResiduals * scale);
      // d(std) = d(variance) / (2 std)
      const stdSe = variance > 0 ? Math.sqrt(stdResiduals * scale) / (2 * Math.sqrt(variance)) : 0;
      mean.push([R - Z95 * meanSe, R + Z95 * meanSe]);
      std.push([Math.sqrt(variance) - Z95 * stdSe, Math.sqrt(variance) + Z95 * stdSe]);
    }
    return {
      level: 0.95,
      method: 'ratio estimator over sampled images, linearised standard errors, finite-population corrected',
      mean,
      std,
    };
  }
}

/**
 * The indices 0..m-1 sorted by the images' values (column by column): sums taken in this order do not depend on
 * the order the images were added in, which is the order the workers finished them. Images that tie are equal.
 */
function valueOrder(m: number, columns: Float64Array[]): Uint32Array {
  const order = new Uint32Array(m);
  for (let i = 0; i < m; i++) order[i] = i;
  return order.sort((a, b) => {
    for (const column of columns) if (column[a] !== column[b]) return column[a] - column[b];
    return 0;
  });
}
