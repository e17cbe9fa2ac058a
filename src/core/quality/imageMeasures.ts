import type { DecodedImage } from '../decode/decodedImage';
import { imageHistogram, type ImageHistogram } from '../stats/imageHistogram';
import { blurScore } from './blurScore';
import { brightnessPercentiles, BRIGHTNESS_BINS, brightnessBin } from './brightness';
import { histogramEntropy } from './entropy';
import { nearThumbnail } from './nearThumbnail';
import { dctHash, phashInput } from './perceptualHash';
import { pixelHash } from './pixelHash';
import { wasmSampleColour } from './sampleGridWasm';
import { THUMBNAIL_SIDE } from './thumbnailSide';

/** Everything measured on one image: the per-image record the report (and the cache) is built from. */
export interface ImageMeasures {
  /** Exact, over every pixel. */
  histogram: ImageHistogram;
  /** 5th and 99th percentile of CleanVision's brightness sqrt(.241R² + .691G² + .068B²), 0..1. */
  brightnessP5: number;
  brightnessP99: number;
  /** Shannon entropy (bits) of the image histogram, as PIL's Image.entropy() (CleanVision's low_information). */
  entropy: number;
  /** Sharpness (higher = sharper); null for a flat image, which is low-information, not blurry. */
  blur: number | null;
  /** 64-bit DCT perceptual hash, imagehash.phash bit for bit, 16 hex digits. */
  phash: string;
  /** 16x16 grey thumbnail that confirms near duplicates on the pixels, one byte per pixel (nearThumbnail). */
  thumbnail: Uint8Array;
  /** Hash of the decoded colour pixels and size: equal for pixel-identical images whatever their file format. */
  pixelHash: string;
}

/** Brightness percentiles and the thumbnail use at most about this many pixels (an evenly spaced grid). */
const SAMPLED_PIXELS = 65536;

/**
 * 1000 x luma (ITU-R 601: .299 R + .587 G + .114 B) and 1000 x CleanVision's brightness squared (.241 R² + .691 G² +
 * .068 B²), as integers: at most 255,000 and 65,025,000, so exact in 32-bit arithmetic. Multiplied out in the
 * sampling loops, not looked up: six table loads a sample cost more than the arithmetic (measured).
 */
function luma1000(r: number, g: number, b: number): number {
  return 299 * r + 587 * g + 114 * b;
}
function brightness1000(r: number, g: number, b: number): number {
  return 241 * r * r + 691 * g * g + 68 * b * b;
}

/**
 * Measures one decoded image. The histogram (what statistics are made of) covers every pixel; brightness
 * percentiles and the grey thumbnail come from an evenly spaced grid of at most ~65k pixels, which bounds the
 * cost on large photos while estimating percentiles to a fraction of a grey level.
 */
export function measureImage(image: DecodedImage, hashPixels: (bytes: Uint8Array) => string): ImageMeasures {
  const grey = greyFrameFor(image);
  const histogram = imageHistogram(image, grey);
  const brightness = scratch.brightness.fill(0);
  // Only the first tw * th values are this image's: every reader below takes the size from tw and th.
  const thumbnail = scratch.thumbnail;
  const { tw, th } =
    image.width <= THUMBNAIL_SIDE && image.height <= THUMBNAIL_SIDE
      ? ownThumbnail(image, thumbnail, brightness)
      : sampledThumbnail(image, thumbnail, brightness);

  const [p5, p99] = brightnessPercentiles(brightness, [5, 99]);
  const grey32 = phashInput(image, grey);
  return {
    histogram,
    brightnessP5: p5,
    brightnessP99: p99,
    entropy: histogramEntropy(histogram.counts),
    blur: blurScore(thumbnail, tw, th),
    phash: dctHash(grey32),
    thumbnail: nearThumbnail(grey32),
    pixelHash: pixelHash(image, histogram.channelsEqual, hashPixels),
  };
}

/**
 * Colour images up to this many pixels get their grey levels for the perceptual hash in the histogram's pass over
 * the pixels (a frame of one byte per pixel, kept for the next image); larger ones are converted a few rows at a
 * time as the hash reads them, so a camera-sized photo never has a whole grey copy.
 */
export const GREY_FRAME_PIXELS = 1 << 20;
let greyFrame = new Uint8Array(0);

function greyFrameFor(image: DecodedImage): Uint8Array | undefined {
  const pixels = image.width * image.height;
  if (image.colourChannels !== 3 || pixels > GREY_FRAME_PIXELS) return undefined;
  if (greyFrame.length < pixels) greyFrame = new Uint8Array(Math.min(GREY_FRAME_PIXELS, 2 * pixels));
  return greyFrame;
}

/** Work buffers reused from image to image (a worker measures tens of thousands a second; less garbage). */
const scratch = {
  sums: new Float64Array(THUMBNAIL_SIDE * THUMBNAIL_SIDE),
  counts: new Uint32Array(THUMBNAIL_SIDE * THUMBNAIL_SIDE),
  brightness: new Uint32Array(BRIGHTNESS_BINS),
  thumbnail: new Float64Array(THUMBNAIL_SIDE * THUMBNAIL_SIDE),
  /** Grown to the widest image seen. */
  columnCell: new Uint32Array(THUMBNAIL_SIDE),
};

/**
 * An image no bigger than the thumbnail is its own thumbnail: each pixel is one cell, sampled once. Same values
 * as the grid (a cell's sum over one sample, divided by 1000), without the per-cell sums and counts.
 */
export function ownThumbnail(
  image: DecodedImage,
  thumbnail: Float64Array,
  brightness: Uint32Array,
): { tw: number; th: number } {
  const { width, height, data, stride } = image;
  const pixels = width * height;
  if (image.colourChannels === 3) {
    for (let p = 0, i = 0; p < pixels; p++, i += stride) {
      const r = data[i];
      const g = data[i + 1];
      const b = data[i + 2];
      thumbnail[p] = luma1000(r, g, b) / 1000;
      brightness[brightnessBin(brightness1000(r, g, b))]++;
    }
  } else {
    for (let p = 0, i = 0; p < pixels; p++, i += stride) {
      const v = data[i];
      thumbnail[p] = v;
      brightness[brightnessBin(1000 * v * v)]++;
    }
  }
  return { tw: width, th: height };
}

/** A larger image: an evenly spaced grid of samples, averaged into thumbnail cells. */
export function sampledThumbnail(
  image: DecodedImage,
  thumbnail: Float64Array,
  brightness: Uint32Array,
): { tw: number; th: number } {
  const { width, height } = image;
  const step = Math.max(1, Math.ceil(Math.sqrt((width * height) / SAMPLED_PIXELS)));
  const scale = Math.min(1, THUMBNAIL_SIDE / Math.max(width, height));
  if (scratch.columnCell.length < width) scratch.columnCell = new Uint32Array(width);
  const grid: SampleGrid = {
    step,
    tw: Math.max(1, Math.round(width * scale)),
    th: Math.max(1, Math.round(height * scale)),
    columnCell: scratch.columnCell,
  };
  for (let x = 0; x < width; x += step)
    grid.columnCell[x] = Math.min(grid.tw - 1, Math.floor((x * grid.tw) / width));
  const cells = grid.tw * grid.th;
  // A colour image's grid in WebAssembly (its cells read where it left them); in JavaScript where that is missing
  // or declines (a grid or a row too large for it), and for a grey image.
  const wasm = image.colourChannels === 3 ? wasmSampleColour({ ...image, ...grid }, brightness) : null;
  const cellSums = wasm ? wasm.sums : scratch.sums.subarray(0, cells).fill(0);
  const cellCounts = wasm ? wasm.counts : scratch.counts.subarray(0, cells).fill(0);
  if (!wasm) {
    if (image.colourChannels === 3) sampleColour(image, grid, cellSums, cellCounts, brightness);
    else sampleGrey(image, grid, cellSums, cellCounts, brightness);
  }
  let empty = 0;
  for (let k = 0; k < cells; k++) {
    const count = cellCounts[k];
    if (count) thumbnail[k] = cellSums[k] / (1000 * count);
    else {
      thumbnail[k] = 0;
      empty++;
    }
  }
  if (empty > 0) fillEmptyCells(thumbnail, cellCounts, grid.tw, grid.th);
  return { tw: grid.tw, th: grid.th };
}

interface SampleGrid {
  step: number;
  tw: number;
  th: number;
  /** Thumbnail column of each sampled image column. */
  columnCell: Uint32Array;
}

// Two monomorphic loops (colour, grey) rather than one with a branch per pixel: V8 keeps each tight.
function sampleColour(
  image: DecodedImage,
  g: SampleGrid,
  sums: Float64Array,
  counts: Uint32Array,
  brightness: Uint32Array,
): void {
  const { width, height, data, stride } = image;
  const { step, tw, th, columnCell } = g;
  for (let y = 0; y < height; y += step) {
    const rowCell = Math.min(th - 1, Math.floor((y * th) / height)) * tw;
    let i = y * width * stride;
    const di = step * stride;
    for (let x = 0; x < width; x += step, i += di) {
      const r = data[i];
      const gr = data[i + 1];
      const b = data[i + 2];
      const cell = rowCell + columnCell[x];
      sums[cell] += luma1000(r, gr, b);
      counts[cell]++;
      brightness[brightnessBin(brightness1000(r, gr, b))]++;
    }
  }
}

function sampleGrey(
  image: DecodedImage,
  g: SampleGrid,
  sums: Float64Array,
  counts: Uint32Array,
  brightness: Uint32Array,
): void {
  const { width, height, data, stride } = image;
  const { step, tw, th, columnCell } = g;
  for (let y = 0; y < height; y += step) {
    const rowCell = Math.min(th - 1, Math.floor((y * th) / height)) * tw;
    let i = y * width * stride;
    const di = step * stride;
    for (let x = 0; x < width; x += step, i += di) {
      const v = data[i];
      const cell = rowCell + columnCell[x];
      sums[cell] += 1000 * v;
      counts[cell]++;
      brightness[brightnessBin(1000 * v * v)]++;
    }
  }
}

/** With sparse sampling on a thin image a thumbnail cell can get no sample: copy its left (or upper) neighbour. */
function fillEmptyCells(thumbnail: Float64Array, counts: Uint32Array, tw: number, th: number): void {
  for (let k = 0; k < tw * th; k++) {
    if (counts[k]) continue;
    if (k % tw > 0) thumbnail[k] = thumbnail[k - 1];
    else if (k >= tw) thumbnail[k] = thumbnail[k - tw];
  }
}
