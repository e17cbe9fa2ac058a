import type { AugImage } from '../augment/augImage';
import type { DatasetReport } from '../engine/report';
import { looksGrey, type ProbeImage } from './probeImage';
import type { DatasetLook } from './probeTypes';

/** Fraction of images that must have their foreground near the centre on a plain border to call a set centred. */
const CENTRED_SHARE = 0.8;
/** Centre of mass within this fraction of the side from the middle. */
const CENTRE_TOLERANCE = 0.15;
/** A plain border: std of the border ring below this many grey levels. */
const PLAIN_BORDER_STD = 24;
/** Ink: a pixel this many grey levels (of 255) or more from the background level, past anti-aliasing and noise. */
export const INK_LEVELS = 32;

/** The look of the sampled images: grey share, median source size, and whether glyphs sit centred. */
export function lookOfImages(images: readonly ProbeImage[]): DatasetLook {
  const n = images.length;
  if (n === 0) {
    return {
      images: 0,
      greyFraction: 0,
      medianWidth: 0,
      medianHeight: 0,
      medianAspect: 0,
      centred: null,
      inkCoverage: null,
    };
  }
  const grey = images.filter((i) => looksGrey(i.image)).length;
  const centred = images.filter((i) => isCentred(i.image)).length;
  const histogram = new Float64Array(256);
  for (const { image } of images) addLevels(histogram, image);
  return {
    images: n,
    greyFraction: round3(grey / n),
    medianWidth: median(images.map((i) => i.sourceWidth)),
    medianHeight: median(images.map((i) => i.sourceHeight)),
    medianAspect: round3(median(images.map((i) => i.sourceWidth / i.sourceHeight))),
    centred: centred / n >= CENTRED_SHARE,
    inkCoverage: round3(inkCoverage(histogram)),
  };
}

/**
 * The share of pixels at least INK_LEVELS from the histogram's commonest level. One histogram for the whole set,
 * so the probe (working images) and the rules from an analyze report (its pixel histogram) measure the same way.
 */
export function inkCoverage(histogram: ArrayLike<number>): number {
  let total = 0;
  let background = 0;
  for (let v = 0; v < histogram.length; v++) {
    total += histogram[v];
    if (histogram[v] > histogram[background]) background = v;
  }
  if (total === 0) return 0;
  let ink = 0;
  for (let v = 0; v < histogram.length; v++) if (Math.abs(v - background) >= INK_LEVELS) ink += histogram[v];
  return ink / total;
}

/** Adds an image's grey levels (the mean of its channels, rounded) to a 256-bin histogram. */
function addLevels(histogram: Float64Array, image: AugImage): void {
  const { channels, data } = image;
  for (let p = 0; p < data.length; p += channels) {
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += data[p + c];
    histogram[Math.min(255, Math.max(0, Math.round(sum / channels)))]++;
  }
}

/** The look from an analyze report (no pixels at hand): centring is unknown; ink from its pixel histogram. */
export function lookOfReport(report: DatasetReport): DatasetLook {
  const images = report.images;
  const modes = report.properties.modes;
  const greyFiles =
    (modes.L ?? 0) + (modes.LA ?? 0) + (modes.L16 ?? 0) + (report.quality.counts.grayscale ?? 0);
  const greyFraction = report.stats?.channels === 1 ? 1 : images ? Math.min(1, greyFiles / images) : 0;
  return {
    images,
    greyFraction: round3(greyFraction),
    medianWidth: report.properties.width?.median ?? 0,
    medianHeight: report.properties.height?.median ?? 0,
    medianAspect: round3(report.properties.aspect?.median ?? 0),
    centred: null,
    // A report read back without its histograms (a trimmed copy) leaves the ink unknown.
    inkCoverage: report.stats?.histogram?.length
      ? round3(inkCoverage(greyHistogram(report.stats.histogram)))
      : null,
  };
}

/** The report's per-channel pixel histograms as one grey-level histogram (channels averaged bin by bin). */
function greyHistogram(channels: readonly (readonly number[])[]): Float64Array {
  const out = new Float64Array(256);
  for (const counts of channels) for (let v = 0; v < 256; v++) out[v] += (counts[v] ?? 0) / channels.length;
  return out;
}

/**
 * Foreground = distance from the border's mean level. Centred when the border is plain and the foreground's
 * centre of mass is near the middle (MNIST digits are centred by mass in their 28x28 frame).
 */
function isCentred(image: AugImage): boolean {
  const { width, height } = image;
  const level = (x: number, y: number) => {
    const p = (y * width + x) * image.channels;
    let sum = 0;
    for (let c = 0; c < image.channels; c++) sum += image.data[p + c];
    return sum / image.channels;
  };
  let sum = 0;
  let squares = 0;
  let count = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (x !== 0 && y !== 0 && x !== width - 1 && y !== height - 1) continue;
      const v = level(x, y);
      sum += v;
      squares += v * v;
      count++;
    }
  }
  const background = sum / count;
  if (Math.sqrt(Math.max(0, squares / count - background * background)) >= PLAIN_BORDER_STD) return false;
  let mass = 0;
  let mx = 0;
  let my = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const ink = Math.abs(level(x, y) - background);
      mass += ink;
      mx += ink * (x + 0.5);
      my += ink * (y + 0.5);
    }
  }
  if (mass === 0) return false;
  return (
    Math.abs(mx / mass / width - 0.5) <= CENTRE_TOLERANCE &&
    Math.abs(my / mass / height - 0.5) <= CENTRE_TOLERANCE
  );
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}
