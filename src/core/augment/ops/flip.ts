import type { AugImage } from '../augImage';
import { blankLike } from '../augImage';

/** Mirror left-right. A row-wise copy loop, far cheaper than decode and encode. */
export function flipLeftRight(image: AugImage): AugImage {
  const { width, height, channels } = image;
  const out = blankLike(image);
  const src = image.data;
  const dst = out.data;
  if (channels === 3) {
    for (let y = 0; y < height; y++) {
      const row = y * width * 3;
      for (let from = row, to = row + (width - 1) * 3; to >= row; from += 3, to -= 3) {
        dst[to] = src[from];
        dst[to + 1] = src[from + 1];
        dst[to + 2] = src[from + 2];
      }
    }
    return out;
  }
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
