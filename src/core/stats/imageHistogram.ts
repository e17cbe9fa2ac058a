import type { DecodedImage } from '../decode/decodedImage';
import { pilGrey } from '../decode/pilGrey';
import { wasmHistogramGrey } from './rgbHistogramWasm';

/** Per-channel 256-bin counts of one image (channel-major: channel c, value v at c*256+v), alpha excluded. */
export interface ImageHistogram {
  channels: 1 | 3;
  /**
   * Uint32Array as counted. A histogram read back from a worker's batch or a cache frame is a view into that
   * batch's or frame's array, which is 16-bit when every image in it has fewer than 65,536 pixels: widening each
   * to 32 bits raised the peak memory of a cached re-run of small images (measured), and readers only index.
   */
  counts: Uint32Array | Uint16Array;
  /** True for a colour image whose three channels are equal at every pixel (a grey picture stored as RGB). */
  channelsEqual: boolean;
}

/**
 * One pass over the pixels: the histogram is all that exact mean/std/min/max need. Given `greyInto` (at least one
 * byte per pixel), a colour image's pass also writes each pixel's PIL grey level there (pilGrey), for the
 * perceptual hash: one pass over the colour bytes instead of two.
 */
export function imageHistogram(image: DecodedImage, greyInto?: Uint8Array): ImageHistogram {
  const { data, stride } = image;
  const n = image.width * image.height * stride;
  if (image.colourChannels === 1) {
    const counts = new Uint32Array(256);
    for (let i = 0; i < n; i += stride) counts[data[i]]++;
    return { channels: 1, counts, channelsEqual: true };
  }
  if (greyInto) return colourHistogramAndGrey(image, greyInto);
  const counts = new Uint32Array(768);
  let unequal = 0;
  for (let i = 0; i < n; i += stride) {
    const r = data[i];
    const g = data[i + 1];
    const b = data[i + 2];
    counts[r]++;
    counts[256 + g]++;
    counts[512 + b]++;
    unequal |= (r ^ g) | (g ^ b);
  }
  return { channels: 3, counts, channelsEqual: unequal === 0 };
}

function colourHistogramAndGrey(image: DecodedImage, grey: Uint8Array): ImageHistogram {
  const { data, stride } = image;
  const pixels = image.width * image.height;
  const counts = new Uint32Array(768);
  let unequal = 0;
  let p = 0;
  // Packed RGB in WebAssembly (rgbHistogramWasm); where it is missing, four pixels at a time in JavaScript.
  const wasm = stride === 3 ? wasmHistogramGrey(data, pixels & ~1, counts, grey) : -1;
  if (wasm >= 0) {
    unequal = wasm;
    p = pixels & ~1;
  } else if (stride === 3 && LITTLE_ENDIAN && data.byteOffset % 4 === 0) {
    const quads = pixels >> 2;
    p = quads * 4;
    unequal = packedRgbQuads(new Uint32Array(data.buffer, data.byteOffset, quads * 3), counts, grey);
  }
  for (let i = p * stride; p < pixels; p++, i += stride) {
    const r = data[i];
    const g = data[i + 1];
    const b = data[i + 2];
    counts[r]++;
    counts[256 + g]++;
    counts[512 + b]++;
    unequal |= (r ^ g) | (g ^ b);
    grey[p] = pilGrey(r, g, b);
  }
  return { channels: 3, counts, channelsEqual: unequal === 0 };
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Two histograms for packedRgbQuads, pixels 0 and 2 of a quad in the first, 1 and 3 in the second. */
const pairCounts = new Uint32Array(2 * 768);

/**
 * colourHistogramAndGrey's loop over packed RGB, four pixels (three 32-bit words, little-endian) at a time: three
 * loads instead of twelve byte loads and their bounds checks (a fifth less time for the whole pass, measured).
 * Neighbouring pixels of a photo often share a value: counting them into two histograms, added at the end, spares
 * an increment waiting for the one before it to the same bin (6-11% less time for this loop on real photos).
 * Returns the OR of the channel differences (0: every pixel grey).
 */
function packedRgbQuads(words: Uint32Array, counts: Uint32Array, grey: Uint8Array): number {
  const pair = pairCounts.fill(0);
  let unequal = 0;
  for (let w = 0, p = 0; w < words.length; w += 3, p += 4) {
    const a = words[w];
    const b = words[w + 1];
    const c = words[w + 2];
    const r0 = a & 255, g0 = (a >>> 8) & 255, b0 = (a >>> 16) & 255, r1 = a >>> 24; // prettier-ignore
    const g1 = b & 255, b1 = (b >>> 8) & 255, r2 = (b >>> 16) & 255, g2 = b >>> 24; // prettier-ignore
    const b2 = c & 255, r3 = (c >>> 8) & 255, g3 = (c >>> 16) & 255, b3 = c >>> 24; // prettier-ignore
    pair[r0]++;
    pair[256 + g0]++;
    pair[512 + b0]++;
    pair[768 + r1]++;
    pair[1024 + g1]++;
    pair[1280 + b1]++;
    pair[r2]++;
    pair[256 + g2]++;
    pair[512 + b2]++;
    pair[768 + r3]++;
    pair[1024 + g3]++;
    pair[1280 + b3]++;
    unequal |= (r0 ^ g0) | (g0 ^ b0) | (r1 ^ g1) | (g1 ^ b1) | (r2 ^ g2) | (g2 ^ b2) | (r3 ^ g3) | (g3 ^ b3);
    grey[p] = pilGrey(r0, g0, b0);
    grey[p + 1] = pilGrey(r1, g1, b1);
    grey[p + 2] = pilGrey(r2, g2, b2);
    grey[p + 3] = pilGrey(r3, g3, b3);
  }
  for (let i = 0; i < 768; i++) counts[i] += pair[i] + pair[768 + i];
  return unequal;
}

/**
 * Histograms of several images end to end, in order, in one array (what goes through a worker's pipe and into a
 * cache frame): 16-bit when every image has fewer than 65,536 pixels, as then no count can reach 2^16 (a histogram
 * counts each pixel once per channel), which halves the bytes for small images.
 */
export function pooledCounts(
  images: readonly { width: number; height: number; histogram: ImageHistogram }[],
): Uint32Array | Uint16Array {
  let length = 0;
  let small = true;
  for (const image of images) {
    length += image.histogram.counts.length;
    if (image.width * image.height > 0xffff) small = false;
  }
  const counts = small ? new Uint16Array(length) : new Uint32Array(length);
  let offset = 0;
  for (const image of images) {
    counts.set(image.histogram.counts, offset);
    offset += image.histogram.counts.length;
  }
  return counts;
}
