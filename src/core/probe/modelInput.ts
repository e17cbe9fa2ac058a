import type { AugImage } from '../augment/augImage';
import { areaResize } from './areaResize';

/**
 * Writes `image` as the model sees it into `out` at `offset`: area-resized to size x size, 0..1, interleaved
 * (y, x, channel). A grey image feeding an RGB model is widened (R = G = B).
 */
export function writeModelInput(
  image: AugImage,
  size: number,
  channels: 1 | 3,
  out: Float32Array,
  offset: number,
): void {
  const small = areaResize(image, size, size).data;
  const c = image.channels;
  for (let p = 0; p < size * size; p++) {
    for (let k = 0; k < channels; k++)
      out[offset + p * channels + k] = clamp01(small[p * c + (c === 1 ? 0 : k)] / 255);
  }
}

/** Transforms work on 0..255 floats that may overshoot (bilinear, contrast); the model sees 0..1 like the data. */
function clamp01(v: number): number {
  return v <= 0 ? 0 : v >= 1 ? 1 : v;
}
