import type { AugImage } from '../augImage';
import { createImage } from '../augImage';
import type { FillMode, Interpolation } from '../optionSpec';

/**
 * A projective transform as TF / Keras give it: 8 numbers [a0, a1, a2, b0, b1, b2, c0, c1] mapping an OUTPUT
 * point (x, y) to the INPUT point ((a0 x + a1 y + a2) / k, (b0 x + b1 y + b2) / k), k = c0 x + c1 y + 1.
 */
export type ProjectiveMatrix = readonly [number, number, number, number, number, number, number, number];

export interface WarpOptions {
  fill: FillMode;
  fillValue: number;
  interpolation: Interpolation;
}

/**
 * Resamples `image` through `matrix` with exactly the semantics of TF's ImageProjectiveTransformV3 kernel (what
 * Keras' RandomRotation / RandomTranslation / RandomZoom call and tfjs' tf.image.transform ports): coordinates are
 * first mapped into the image by the fill mode, then read with the fill value outside.
 *
 * Plain loops, not tf.image.transform: faster than both tfjs backends by measurement (BENCHMARKS.md), and
 * tfjs-wasm's Transform disagrees with TF for fill "reflect". The loop equals
 * tfjs-cpu's port of the TF kernel to 1e-3 for every fill mode (test/unit/augmentWarp.test.ts).
 */
export function warpProjective(image: AugImage, matrix: ProjectiveMatrix, options: WarpOptions): AugImage {
  const { width, height, channels } = image;
  const out = createImage(width, height, channels);
  const src = image.data;
  const dst = out.data;
  const [a0, a1, a2, b0, b1, b2, c0, c1] = matrix;
  const mapX = coordinateMapper(options.fill, width);
  const mapY = coordinateMapper(options.fill, height);
  const fillValue = options.fillValue;
  const nearest = options.interpolation === 'nearest';
  const rowStride = width * channels;
  if (channels === 3) {
    if (nearest && c0 === 0 && c1 === 0 && options.fill === 'constant')
      warpNearestRgbAffine(image, dst, matrix, fillValue);
    else if (nearest) warpNearestRgb(image, dst, matrix, mapX, mapY, fillValue);
    else warpBilinearRgb(image, dst, matrix, mapX, mapY, fillValue);
    return out;
  }

  let o = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++, o += channels) {
      const k = c0 * x + c1 * y + 1;
      if (k === 0) {
        for (let c = 0; c < channels; c++) dst[o + c] = fillValue;
        continue;
      }
      const inX = mapX((a0 * x + a1 * y + a2) / k);
      const inY = mapY((b0 * x + b1 * y + b2) / k);
      if (nearest) {
        const nx = roundHalfAway(inX);
        const ny = roundHalfAway(inY);
        const inside = nx >= 0 && nx < width && ny >= 0 && ny < height;
        const base = ny * rowStride + nx * channels;
        for (let c = 0; c < channels; c++) dst[o + c] = inside ? src[base + c] : fillValue;
        continue;
      }
      const x0 = Math.floor(inX);
      const y0 = Math.floor(inY);
      const x1 = x0 + 1;
      const y1 = y0 + 1;
      const wx1 = inX - x0;
      const wx0 = x1 - inX;
      const wy1 = inY - y0;
      const wy0 = y1 - inY;
      const inX0 = x0 >= 0 && x0 < width;
      const inX1 = x1 >= 0 && x1 < width;
      const inY0 = y0 >= 0 && y0 < height;
      const inY1 = y1 >= 0 && y1 < height;
      const r0 = y0 * rowStride;
      const r1 = y1 * rowStride;
      for (let c = 0; c < channels; c++) {
        const p00 = inY0 && inX0 ? src[r0 + x0 * channels + c] : fillValue;
        const p01 = inY0 && inX1 ? src[r0 + x1 * channels + c] : fillValue;
        const p10 = inY1 && inX0 ? src[r1 + x0 * channels + c] : fillValue;
        const p11 = inY1 && inX1 ? src[r1 + x1 * channels + c] : fillValue;
        dst[o + c] = wy0 * (wx0 * p00 + wx1 * p01) + wy1 * (wx0 * p10 + wx1 * p11);
      }
    }
  }
  return out;
}

/**
 * warpProjective's nearest-neighbour loop for RGB, the export's common case: the same arithmetic in the same
 * order, with the per-channel loop unrolled and the lookups hoisted out of it.
 */
function warpNearestRgb(
  image: AugImage,
  dst: Float32Array,
  matrix: ProjectiveMatrix,
  mapX: (coord: number) => number,
  mapY: (coord: number) => number,
  fillValue: number,
): void {
  const { width, height } = image;
  const [a0, a1, a2, b0, b1, b2, c0, c1] = matrix;
  let o = 0;
  for (let y = 0; y < height; y++) {
    // Only the products are hoisted: the sums keep their order, so every coordinate rounds as before.
    const ay = a1 * y;
    const by = b1 * y;
    const cy = c1 * y;
    for (let x = 0; x < width; x++, o += 3) {
      const k = c0 * x + cy + 1;
      if (k === 0) {
        dst[o] = dst[o + 1] = dst[o + 2] = fillValue;
        continue;
      }
      const nx = roundHalfAway(mapX((a0 * x + ay + a2) / k));
      const ny = roundHalfAway(mapY((b0 * x + by + b2) / k));
      copyNearest(image, dst, o, nx, ny, fillValue);
    }
  }
}

/**
 * warpNearestRgb for an affine matrix (c0 = c1 = 0: rotate, translate, zoom, shear) and fill "constant", the
 * export's common case (torchvision's RandomRotation defaults): k is exactly 1 and x / 1 is x, and the constant
 * fill's coordinate mapping is the identity, so dropping the division and the mapping leaves every coordinate's
 * bits as they were. A per-pixel division and a call through a closure were half of the loop's time.
 */
function warpNearestRgbAffine(
  image: AugImage,
  dst: Float32Array,
  matrix: ProjectiveMatrix,
  fillValue: number,
): void {
  const { width, height } = image;
  const [a0, a1, a2, b0, b1, b2] = matrix;
  let o = 0;
  for (let y = 0; y < height; y++) {
    const ay = a1 * y;
    const by = b1 * y;
    for (let x = 0; x < width; x++, o += 3) {
      const nx = roundHalfAway(a0 * x + ay + a2);
      const ny = roundHalfAway(b0 * x + by + b2);
      copyNearest(image, dst, o, nx, ny, fillValue);
    }
  }
}

/**
 * warpProjective's bilinear loop for RGB (rotate's default): the same arithmetic in the same order per channel,
 * with the bounds tests and row offsets computed once per pixel instead of once per channel.
 */
function warpBilinearRgb(
  image: AugImage,
  dst: Float32Array,
  matrix: ProjectiveMatrix,
  mapX: (coord: number) => number,
  mapY: (coord: number) => number,
  fillValue: number,
): void {
  const { width, height } = image;
  const src = image.data;
  const [a0, a1, a2, b0, b1, b2, c0, c1] = matrix;
  const rowStride = width * 3;
  let o = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++, o += 3) {
      const k = c0 * x + c1 * y + 1;
      if (k === 0) {
        dst[o] = dst[o + 1] = dst[o + 2] = fillValue;
        continue;
      }
      const inX = mapX((a0 * x + a1 * y + a2) / k);
      const inY = mapY((b0 * x + b1 * y + b2) / k);
      const x0 = Math.floor(inX);
      const y0 = Math.floor(inY);
      const x1 = x0 + 1;
      const y1 = y0 + 1;
      const wx1 = inX - x0;
      const wx0 = x1 - inX;
      const wy1 = inY - y0;
      const wy0 = y1 - inY;
      const inX0 = x0 >= 0 && x0 < width;
      const inX1 = x1 >= 0 && x1 < width;
      const inY0 = y0 >= 0 && y0 < height;
      const inY1 = y1 >= 0 && y1 < height;
      // Sample offsets, or -1 where the corner is outside (read as the fill value).
      const i00 = inY0 && inX0 ? y0 * rowStride + x0 * 3 : -1;
      const i01 = inY0 && inX1 ? y0 * rowStride + x1 * 3 : -1;
      const i10 = inY1 && inX0 ? y1 * rowStride + x0 * 3 : -1;
      const i11 = inY1 && inX1 ? y1 * rowStride + x1 * 3 : -1;
      for (let c = 0; c < 3; c++) {
        const p00 = i00 >= 0 ? src[i00 + c] : fillValue;
        const p01 = i01 >= 0 ? src[i01 + c] : fillValue;
        const p10 = i10 >= 0 ? src[i10 + c] : fillValue;
        const p11 = i11 >= 0 ? src[i11 + c] : fillValue;
        dst[o + c] = wy0 * (wx0 * p00 + wx1 * p01) + wy1 * (wx0 * p10 + wx1 * p11);
      }
    }
  }
}

/** The RGB pixel at (nx, ny) written at `o`, or the fill value when (nx, ny) is outside the image. */
function copyNearest(
  image: AugImage,
  dst: Float32Array,
  o: number,
  nx: number,
  ny: number,
  fillValue: number,
): void {
  const { width, height, data } = image;
  if (nx >= 0 && nx < width && ny >= 0 && ny < height) {
    const base = (ny * width + nx) * 3;
    dst[o] = data[base];
    dst[o + 1] = data[base + 1];
    dst[o + 2] = data[base + 2];
  } else {
    dst[o] = dst[o + 1] = dst[o + 2] = fillValue;
  }
}

/** std::round: halves away from zero (Math.round would send -0.5 to -0). */
function roundHalfAway(v: number): number {
  return v < 0 ? -Math.round(-v) : Math.round(v);
}

/** TF's MapCoordinate<mode>: brings an out-of-range coordinate back into [0, len - 1] (constant leaves it). */
function coordinateMapper(fill: FillMode, len: number): (coord: number) => number {
  const last = len - 1;
  const clamp = (v: number) => (v < 0 ? 0 : v > last ? last : v);
  switch (fill) {
    case 'constant':
      return (v) => v;
    case 'nearest':
      return clamp;
    case 'reflect':
      return (v) => {
        if (len <= 1) return 0;
        const size2 = 2 * len;
        if (v < 0) {
          v = size2 * Math.trunc(-v / size2) + v;
          v = v < -len ? v + size2 : -v - 1;
        } else if (v > last) {
          v -= size2 * Math.trunc(v / size2);
          if (v >= len) v = size2 - v - 1;
        }
        return clamp(v);
      };
    case 'wrap':
      return (v) => {
        if (len <= 1) return 0;
        if (v < 0) v += len * (Math.trunc(-v / last) + 1);
        else if (v > last) v -= len * Math.trunc(v / last);
        return clamp(v);
      };
  }
}
