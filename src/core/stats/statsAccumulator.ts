import { statsFromHistogram, type ChannelStats } from './channelStats';
import type { ImageHistogram } from './imageHistogram';

/** Dataset statistics for one group of images (all, a split, a class), plus how the channel policy applied. */
export interface GroupStats extends ChannelStats {
  images: number;
  /** Mean over images of each image's own std (how torchvision's ImageNet constants were made); not featurewise. */
  meanOfImageStd: number[];
  /** Grey images widened to RGB because the dataset also holds colour images (as ImageFolder's convert('RGB')). */
  greyConvertedToRgb: number;
  /** Images whose alpha channel was dropped (as PIL's convert('RGB') does, without compositing). */
  alphaDropped: number;
}

/**
 * Adds image histograms exactly (counts stay integers below 2^53 in float64) and keeps grey and colour
 * images apart, so the channel policy can be decided once the whole dataset has been seen.
 */
export class StatsAccumulator {
  private readonly grey = new Float64Array(256);
  private readonly colour = new Float64Array(768);
  private greyImages = 0;
  private colourImages = 0;
  private alphaDropped = 0;
  /** Per-image stds summed in fixed point, so the total does not depend on the order images arrive in. */
  private readonly greyStdSum = new FixedPointSum();
  private readonly colourStdSum = [new FixedPointSum(), new FixedPointSum(), new FixedPointSum()];

  /** Adds one image: its counts to the histogram, and each channel's std (addChannel) to the sum of stds. */
  add(histogram: ImageHistogram, hadAlpha: boolean): void {
    const counts = histogram.counts;
    if (histogram.channels === 1) {
      this.greyStdSum.add(addChannel(counts, 0, this.grey, 0));
      this.greyImages++;
    } else {
      for (let c = 0; c < 3; c++) this.colourStdSum[c].add(addChannel(counts, c * 256, this.colour, c * 256));
      this.colourImages++;
    }
    if (hadAlpha) this.alphaDropped++;
  }

  merge(other: StatsAccumulator): void {
    for (let v = 0; v < 256; v++) this.grey[v] += other.grey[v];
    for (let i = 0; i < 768; i++) this.colour[i] += other.colour[i];
    this.greyImages += other.greyImages;
    this.colourImages += other.colourImages;
    this.alphaDropped += other.alphaDropped;
    this.greyStdSum.merge(other.greyStdSum);
    for (let c = 0; c < 3; c++) this.colourStdSum[c].merge(other.colourStdSum[c]);
  }

  get images(): number {
    return this.greyImages + this.colourImages;
  }

  get hasColour(): boolean {
    return this.colourImages > 0;
  }

  /** Statistics with `channels` output channels: 1 only when every image of the dataset is grey. */
  finish(channels: 1 | 3): GroupStats {
    const images = this.images;
    if (channels === 1) {
      const stats = statsFromHistogram(this.grey, 1);
      return {
        ...stats,
        images,
        meanOfImageStd: [fromFixed(this.greyStdSum.total()) / images],
        greyConvertedToRgb: 0,
        alphaDropped: this.alphaDropped,
      };
    }
    const combined = new Float64Array(768);
    for (let c = 0; c < 3; c++) {
      for (let v = 0; v < 256; v++) combined[c * 256 + v] = this.colour[c * 256 + v] + this.grey[v];
    }
    const stats = statsFromHistogram(combined, 3);
    return {
      ...stats,
      images,
      meanOfImageStd: this.colourStdSum.map((s) => fromFixed(s.total() + this.greyStdSum.total()) / images),
      greyConvertedToRgb: this.greyImages,
      alphaDropped: this.alphaDropped,
    };
  }
}

const FIXED_ONE = 2 ** 48;
const fromFixed = (value: bigint): number => Number(value) / FIXED_ONE;
/** Values added to a FixedPointSum are at most 2^47 (a std on the 0..1 scale is at most 0.5): 63 fit in 2^53. */
const EXACT_IN_A_DOUBLE = 63;

/**
 * An exact sum of numbers rounded to 48 fractional bits. Integers are added in a double while the total is
 * certain to stay exact, then carried into a BigInt: one BigInt operation per 63 values instead of one each.
 */
class FixedPointSum {
  private carried = 0n;
  private pending = 0;
  private pendingCount = 0;

  add(value: number): void {
    this.pending += Math.round(value * FIXED_ONE);
    if (++this.pendingCount === EXACT_IN_A_DOUBLE) this.carry();
  }

  merge(other: FixedPointSum): void {
    this.carried += other.total();
  }

  total(): bigint {
    return this.carried + BigInt(this.pending);
  }

  private carry(): void {
    this.carried += BigInt(this.pending);
    this.pending = 0;
    this.pendingCount = 0;
  }
}

/** Grey levels of the bins addChannel found non-empty, in increasing order (reused from image to image). */
const filledBins = new Uint8Array(256);

/**
 * Adds the 256 counts of one image's channel (`counts` from `base`) to a group's (`sums` from `at`) and returns the
 * channel's population std, 0..1 scale. One pass over the bins both adds and sums for the mean (adding was a pass
 * of its own, the main process's work per image); the std's second pass, with no cancellation, reads only the bins
 * the first found non-empty (a small image fills few of its 256). An empty bin adds an exact zero to every sum, so
 * skipping it changes no bit of either result.
 */
export function addChannel(counts: ArrayLike<number>, base: number, sums: Float64Array, at: number): number {
  let n = 0;
  let sum = 0;
  let filled = 0;
  for (let v = 0; v < 256; v++) {
    const count = counts[base + v];
    if (count === 0) continue;
    sums[at + v] += count;
    n += count;
    sum += count * v;
    filledBins[filled++] = v;
  }
  const mean = sum / n;
  let squares = 0;
  for (let k = 0; k < filled; k++) {
    const v = filledBins[k];
    squares += counts[base + v] * (v - mean) * (v - mean);
  }
  return Math.sqrt(squares / n) / 255;
}
