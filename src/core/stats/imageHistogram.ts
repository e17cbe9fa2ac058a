import type { DecodedImage } from '../decode/decodedImage';
import { pilGrey } from '../decode/pilGrey';

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
  for (let p = 0, i = 0; p < pixels; p++, i += stride) {
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
