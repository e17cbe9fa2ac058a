import type { AugImage } from '../augImage';
import type { ProjectiveMatrix, WarpOptions } from './warpTypes';
import { affineRow, mapRow } from './warpCoordinates';

/**
 * The warp loops for an affine matrix (c0 = c1 = 0: rotate, translate, zoom, shear, every transform we have), with
 * the bits of warp.ts's kernel as written (test/unit/warpAffine.test.ts compares them bit for bit): each row's
 * input points come without the division by k (exactly 1) and are mapped by the fill mode only where they fall
 * outside the image; a bilinear sample whose four corners are inside skips the bounds tests. The per-pixel
 * helpers live here, beside their loops, so V8 inlines them.
 */

export function warpAffineNearest(
  image: AugImage,
  dst: Float32Array,
  matrix: ProjectiveMatrix,
  options: WarpOptions,
): void {
  const { width, height, channels } = image;
  const { fill, fillValue } = options;
  if (fill === 'constant' && channels === 3) return warpNearestConstantRgb(image, dst, matrix, fillValue);
  const xs = new Float64Array(width);
  const ys = new Float64Array(width);
  for (let y = 0; y < height; y++) {
    affineRow(matrix, y, xs, ys);
    mapRow(fill, xs, width);
    mapRow(fill, ys, height);
    if (channels === 3) copyRowRgb(image, dst, y * width * 3, xs, ys, fillValue);
    else copyRowGrey(image, dst, y * width, xs, ys, fillValue);
  }
}

/**
 * Nearest with fill constant on RGB, the export's common case (torchvision's RandomRotation defaults): nothing to
 * map, so affineRow's sums are rounded and read in the same pass, without the row buffers.
 */
function warpNearestConstantRgb(
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
      copyNearestRgb(
        image,
        dst,
        o,
        roundHalfAway(a0 * x + ay + a2),
        roundHalfAway(b0 * x + by + b2),
        fillValue,
      );
    }
  }
}

/** std::round: halves away from zero (Math.round would send -0.5 to -0). */
export function roundHalfAway(v: number): number {
  return v < 0 ? -Math.round(-v) : Math.round(v);
}

/** One output row of nearest samples: the input pixel nearest (xs[x], ys[x]), or the fill value outside it. */
function copyRowRgb(
  image: AugImage,
  dst: Float32Array,
  start: number,
  xs: Float64Array,
  ys: Float64Array,
  fillValue: number,
): void {
  for (let x = 0, o = start; x < image.width; x++, o += 3)
    copyNearestRgb(image, dst, o, roundHalfAway(xs[x]), roundHalfAway(ys[x]), fillValue);
}

/** The RGB pixel at (nx, ny) written at `o`, or the fill value where (nx, ny) is outside the image. */
function copyNearestRgb(
  image: AugImage,
  dst: Float32Array,
  o: number,
  nx: number,
  ny: number,
  fillValue: number,
): void {
  const { width, height, data } = image;
  if (nx >= 0 && nx < width && ny >= 0 && ny < height) {
    const i = (ny * width + nx) * 3;
    dst[o] = data[i];
    dst[o + 1] = data[i + 1];
    dst[o + 2] = data[i + 2];
  } else dst[o] = dst[o + 1] = dst[o + 2] = fillValue;
}

function copyRowGrey(
  image: AugImage,
  dst: Float32Array,
  start: number,
  xs: Float64Array,
  ys: Float64Array,
  fillValue: number,
): void {
  const { width, height, data } = image;
  for (let x = 0, o = start; x < width; x++, o++) {
    const nx = roundHalfAway(xs[x]);
    const ny = roundHalfAway(ys[x]);
    dst[o] = nx >= 0 && nx < width && ny >= 0 && ny < height ? data[ny * width + nx] : fillValue;
  }
}

export function warpAffineBilinear(
  image: AugImage,
  dst: Float32Array,
  matrix: ProjectiveMatrix,
  options: WarpOptions,
): void {
  const { width, height, channels } = image;
  const { fill, fillValue } = options;
  const lastX = width - 1;
  const lastY = height - 1;
  const xs = new Float64Array(width);
  const ys = new Float64Array(width);
  let o = 0;
  for (let y = 0; y < height; y++) {
    affineRow(matrix, y, xs, ys);
    mapRow(fill, xs, width);
    mapRow(fill, ys, height);
    for (let x = 0; x < width; x++, o += channels) {
      const inX = xs[x];
      const inY = ys[x];
      if (inX >= 0 && inX < lastX && inY >= 0 && inY < lastY) bilinearInside(image, dst, o, inX, inY);
      else bilinearAtEdge(image, dst, o, inX, inY, fillValue);
    }
  }
}

/**
 * The kernel's bilinear sample where all four corners are inside (0 <= inX < width - 1, 0 <= inY < height - 1):
 * its arithmetic in its order, without the bounds tests, the channels unrolled.
 */
function bilinearInside(image: AugImage, dst: Float32Array, o: number, inX: number, inY: number): void {
  const { width, channels, data } = image;
  const x0 = Math.floor(inX);
  const y0 = Math.floor(inY);
  const wx1 = inX - x0;
  const wx0 = x0 + 1 - inX;
  const wy1 = inY - y0;
  const wy0 = y0 + 1 - inY;
  const i00 = (y0 * width + x0) * channels;
  const i10 = i00 + width * channels;
  if (channels === 3) {
    dst[o] = wy0 * (wx0 * data[i00] + wx1 * data[i00 + 3]) + wy1 * (wx0 * data[i10] + wx1 * data[i10 + 3]);
    dst[o + 1] =
      wy0 * (wx0 * data[i00 + 1] + wx1 * data[i00 + 4]) + wy1 * (wx0 * data[i10 + 1] + wx1 * data[i10 + 4]);
    dst[o + 2] =
      wy0 * (wx0 * data[i00 + 2] + wx1 * data[i00 + 5]) + wy1 * (wx0 * data[i10 + 2] + wx1 * data[i10 + 5]);
  } else
    dst[o] = wy0 * (wx0 * data[i00] + wx1 * data[i00 + 1]) + wy1 * (wx0 * data[i10] + wx1 * data[i10 + 1]);
}

/** The kernel's bilinear sample as written: a corner outside the image reads as the fill value. */
function bilinearAtEdge(
  image: AugImage,
  dst: Float32Array,
  o: number,
  inX: number,
  inY: number,
  fillValue: number,
): void {
  const { width, height, channels, data } = image;
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
  const rowStride = width * channels;
  for (let c = 0; c < channels; c++) {
    const p00 = inY0 && inX0 ? data[y0 * rowStride + x0 * channels + c] : fillValue;
    const p01 = inY0 && inX1 ? data[y0 * rowStride + x1 * channels + c] : fillValue;
    const p10 = inY1 && inX0 ? data[y1 * rowStride + x0 * channels + c] : fillValue;
    const p11 = inY1 && inX1 ? data[y1 * rowStride + x1 * channels + c] : fillValue;
    dst[o + c] = wy0 * (wx0 * p00 + wx1 * p01) + wy1 * (wx0 * p10 + wx1 * p11);
  }
}
