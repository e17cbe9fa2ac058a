import type { AugImage } from '../augImage';
import { createImageToOverwrite } from '../augImage';
import { roundHalfAway, warpAffineBilinear, warpAffineNearest } from './warpAffine';
import { mapCoordinate } from './warpCoordinates';
import type { ProjectiveMatrix, WarpOptions } from './warpTypes';

/**
 * Resamples `image` through `matrix` with exactly the semantics of TF's ImageProjectiveTransformV3 kernel (what
 * Keras' RandomRotation / RandomTranslation / RandomZoom call and tfjs' tf.image.transform ports): coordinates are
 * first mapped into the image by the fill mode, then read with the fill value outside.
 *
 * Plain loops, not tf.image.transform: faster than both tfjs backends by measurement (BENCHMARKS.md), and
 * tfjs-wasm's Transform disagrees with TF for fill "reflect". The loop equals
 * tfjs-cpu's port of the TF kernel to 1e-3 for every fill mode (test/unit/augmentWarp.test.ts). Affine matrices
 * take the loops of warpAffine.ts, the same bits with less work per pixel.
 */
export function warpProjective(image: AugImage, matrix: ProjectiveMatrix, options: WarpOptions): AugImage {
  const out = createImageToOverwrite(image.width, image.height, image.channels);
  const affine = matrix[6] === 0 && matrix[7] === 0;
  if (!affine) warpProjectiveAsWritten(image, out.data, matrix, options);
  else if (options.interpolation === 'nearest') warpAffineNearest(image, out.data, matrix, options);
  else warpAffineBilinear(image, out.data, matrix, options);
  return out;
}

/**
 * The kernel as written, for any matrix and channel count: per pixel k, the division, the fill mode's mapping and
 * the bounds-tested reads. The reference the affine loops are tested against bit for bit.
 */
export function warpProjectiveAsWritten(
  image: AugImage,
  dst: Float32Array,
  matrix: ProjectiveMatrix,
  options: WarpOptions,
): void {
  const { width, height, channels } = image;
  const src = image.data;
  const [a0, a1, a2, b0, b1, b2, c0, c1] = matrix;
  const { fill, fillValue } = options;
  const nearest = options.interpolation === 'nearest';
  const rowStride = width * channels;
  let o = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++, o += channels) {
      const k = c0 * x + c1 * y + 1;
      if (k === 0) {
        for (let c = 0; c < channels; c++) dst[o + c] = fillValue;
        continue;
      }
      const inX = mapCoordinate(fill, (a0 * x + a1 * y + a2) / k, width);
      const inY = mapCoordinate(fill, (b0 * x + b1 * y + b2) / k, height);
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
}
