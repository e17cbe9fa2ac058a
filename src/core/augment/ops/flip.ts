import type { AugImage } from '../augImage';
import { blankLike } from '../augImage';

/** Mirror left-right. A row-wise copy loop, far cheaper than decode and encode. */
export function flipLeftRight(image: AugImage): AugImage {
  const { width, height, channels } = image;
  const out = blankLike(image);
  const src = image.data;
  const dst = out.data;
  for (let y = 0; y < height; y++) {
    const row = y * width * channels;
    for (let x = 0; x < width; x++) {
      const from = row + x * channels;
      const to = row + (width - 1 - x) * channels;
      for (let c = 0; c < channels; c++) dst[to + c] = src[from + c];
    }
  }
  return out;
}

/** Mirror top-bottom: whole rows move, so a typed-array copy per row. */
export function flipUpDown(image: AugImage): AugImage {
  const { width, height, channels } = image;
  const out = blankLike(image);
  const rowLength = width * channels;
  for (let y = 0; y < height; y++) {
    const from = y * rowLength;
    out.data.set(image.data.subarray(from, from + rowLength), (height - 1 - y) * rowLength);
  }
  return out;
}
