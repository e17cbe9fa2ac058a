import type { DecodedImage } from '../decode/decodedImage';
import { CONTENT_MODEL } from './contentModel';
import { resample } from './resample';

/** Side of the grey thumbnail that confirms a near-duplicate pair pixel by pixel (see confirmPair.ts). */
export const CONFIRM_THUMB_SIZE = 48;

/** What the embedding needs of one decoded image, taken before its pixels are freed. */
export interface ContentInput {
  /** inputSize x inputSize x 3 RGB samples in 0..1 (the whole image, squeezed to a square: nothing cropped). */
  pixels: Float32Array;
  /** CONFIRM_THUMB_SIZE² grey levels (0..255, ITU-R 601 luma as PIL's "L"), from `pixels`. */
  thumb: Uint8Array;
}

/**
 * The model's input for a decoded image: colour channels only (alpha dropped, as the analysis does), grey
 * repeated into R, G and B, resized to a square (area average when shrinking, bilinear when enlarging). The
 * samples go into `into` when given (size * size * 3 of them: a buffer the caller reuses), else a new array.
 */
export function contentInput(
  image: DecodedImage,
  size: number = CONTENT_MODEL.inputSize,
  into?: Float32Array,
): ContentInput {
  const channels = image.colourChannels;
  const resized = resample(image.data, image.width, image.height, image.stride, channels, size, size);
  if (into && into.length !== size * size * 3)
    throw new Error(`contentInput: the buffer holds ${into.length} values, expected ${size * size * 3}`);
  const pixels = into ?? new Float32Array(size * size * 3);
  const grey = new Float32Array(size * size);
  for (let i = 0; i < size * size; i++) {
    const r = resized[i * channels] / 255;
    const g = channels === 3 ? resized[i * 3 + 1] / 255 : r;
    const b = channels === 3 ? resized[i * 3 + 2] / 255 : r;
    pixels[i * 3] = r;
    pixels[i * 3 + 1] = g;
    pixels[i * 3 + 2] = b;
    grey[i] = 0.299 * r + 0.587 * g + 0.114 * b;
  }
  const small = resample(grey, size, size, 1, 1, CONFIRM_THUMB_SIZE, CONFIRM_THUMB_SIZE);
  const thumb = new Uint8Array(small.length);
  for (let i = 0; i < small.length; i++) thumb[i] = Math.round(Math.min(1, Math.max(0, small[i])) * 255);
  return { pixels, thumb };
}
