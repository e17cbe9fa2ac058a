import { sharp } from '../util/lazySharp';

/** Size of an image scaled to fit a square box (up or down), and the scale used. */
export function fittedSize(
  width: number,
  height: number,
  box: number,
): { width: number; height: number; scale: number } {
  const scale = Math.min(box / width, box / height);
  return {
    width: Math.max(1, Math.round(width * scale)),
    height: Math.max(1, Math.round(height * scale)),
    scale,
  };
}

/** Resamples raw 8-bit pixels to `to` (nearest when enlarging 2x or more, so pixels stay visible). */
export async function resizePixels(
  pixels: Uint8Array,
  from: { width: number; height: number; channels: 1 | 3 },
  to: { width: number; height: number; scale: number },
): Promise<Uint8Array> {
  const raw = { width: from.width, height: from.height, channels: from.channels };
  const resized = await sharp(pixels, { raw })
    .resize(to.width, to.height, { kernel: to.scale >= 2 ? 'nearest' : 'lanczos3', fit: 'fill' })
    .raw()
    .toBuffer();
  return new Uint8Array(resized.buffer, resized.byteOffset, resized.byteLength);
}
