import type { AugImage } from '../augImage';
import { blankLike } from '../augImage';

/** torchvision's _get_gaussian_kernel1d: samples of exp(-x²/2σ²) at integer offsets, normalised to sum 1. */
export function gaussianKernel(size: number, sigma: number): Float64Array {
  const kernel = new Float64Array(size);
  const half = (size - 1) / 2;
  let sum = 0;
  for (let i = 0; i < size; i++) {
    const x = (i - half) / sigma;
    kernel[i] = Math.exp(-0.5 * x * x);
    sum += kernel[i];
  }
  for (let i = 0; i < size; i++) kernel[i] /= sum;
  return kernel;
}

/** Mirror index without repeating the edge (torch 'reflect' padding: c b | a b c d | c b), for any overshoot. */
export function reflectIndex(i: number, len: number): number {
  if (len === 1) return 0;
  const period = 2 * (len - 1);
  let m = i % period;
  if (m < 0) m += period;
  return m < len ? m : period - m;
}

/**
 * Separable Gaussian blur with reflect borders, as torchvision's gaussian_blur on tensors.
 * Two 1-D passes in float64 accumulators: O(k) per sample instead of O(k²).
 */
export function gaussianBlur(image: AugImage, kernelSize: number, sigma: number): AugImage {
  const { width, height, channels } = image;
  const kernel = gaussianKernel(kernelSize, sigma);
  const half = (kernelSize - 1) / 2;
  const tmp = blankLike(image).data;
  const out = blankLike(image);
  const src = image.data;
  const dst = out.data;
  const xIndex = offsets(width, half, channels);
  for (let y = 0; y < height; y++) {
    const row = y * width * channels;
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < channels; c++) {
        let acc = 0;
        for (let k = 0; k < kernelSize; k++) acc += kernel[k] * src[row + xIndex[x * kernelSize + k] + c];
        tmp[row + x * channels + c] = acc;
      }
    }
  }
  const yIndex = offsets(height, half, width * channels);
  for (let y = 0; y < height; y++) {
    for (let i = 0; i < width * channels; i++) {
      let acc = 0;
      for (let k = 0; k < kernelSize; k++) acc += kernel[k] * tmp[yIndex[y * kernelSize + k] + i];
      dst[y * width * channels + i] = acc;
    }
  }
  return out;
}

/** For each position, the scaled source offsets of its kernel taps, reflected at the borders. */
function offsets(len: number, half: number, scale: number): Int32Array {
  const size = 2 * half + 1;
  const table = new Int32Array(len * size);
  for (let i = 0; i < len; i++) {
    for (let k = 0; k < size; k++) table[i * size + k] = reflectIndex(i + k - half, len) * scale;
  }
  return table;
}
