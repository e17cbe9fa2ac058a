import type { DecodedImage } from '../decode/decodedImage';
import { pilGrey } from '../decode/pilGrey';
import { simdDctLow } from './dctSimd';
import { pilLanczosResize, type GreyRows } from './pilLanczos';
import { kthSmallest } from '../util/kthSmallest';

/** Side of the grey image the hash is computed from (imagehash: hash_size 8 x highfreq_factor 4). */
export const PHASH_SIDE = 32;
const LOW = 8;

/** phashInput's result, reused from image to image. */
const grey32 = new Uint8Array(PHASH_SIDE * PHASH_SIDE);

/**
 * The 32x32 grey image imagehash's phash starts from: PIL's `convert('L')` (ITU-R 601-2 luma in PIL's fixed
 * point, alpha ignored) then `resize((32, 32), LANCZOS)` from full resolution. 16-bit sources arrive here
 * scaled to 8 bits by the decoder (PIL would clip them at 255, a white image). `grey`: the image's grey levels
 * already converted (pilGrey, one byte per pixel, row after row), when the caller has them. The array returned is
 * reused: it is valid until the next call (copy it to keep it).
 */
export function phashInput(image: DecodedImage, grey?: Uint8Array): Uint8Array {
  const rows = grey ? grey.subarray(0, image.width * image.height) : greyRows(image);
  return pilLanczosResize(image.width, image.height, rows, PHASH_SIDE, PHASH_SIDE, grey32);
}

/** PIL's convert('L') of the decoded pixels, row by row; a grey image of one byte per pixel is read in place. */
function greyRows(image: DecodedImage): GreyRows {
  const { width, height, data, stride } = image;
  if (image.colourChannels === 3)
    return (y, count, into) => {
      for (let o = 0, i = y * width * stride, end = count * width; o < end; o++, i += stride)
        into[o] = pilGrey(data[i], data[i + 1], data[i + 2]);
    };
  if (stride === 1) return data.length === width * height ? data : data.subarray(0, width * height);
  return (y, count, into) => {
    for (let o = 0, i = y * width * stride, end = count * width; o < end; o++, i += stride) into[o] = data[i];
  };
}

/**
 * cos((2n + 1) k π / (2 len)) for the butterfly stages below, flat: [k * half + n]. Only the frequencies the
 * hash keeps are computed.
 */
function cosines(len: number, freqs: number[]): Float64Array {
  const half = len / 2;
  const t = new Float64Array(freqs.length * half);
  freqs.forEach((k, f) => {
    for (let n = 0; n < half; n++) t[f * half + n] = Math.cos(((2 * n + 1) * k * Math.PI) / (2 * len));
  });
  return t;
}
const ODD32 = cosines(32, [1, 3, 5, 7]);
const ODD16 = cosines(16, [1, 3]);
const ODD8 = cosines(8, [1]);
/** The three, one after the other (dctSimd). */
const ALL_COSINES = Float64Array.of(...ODD32, ...ODD16, ...ODD8);

// Scratch buffers reused across calls (a worker hashes tens of thousands of images a second).
const pixels = new Float64Array(PHASH_SIDE * PHASH_SIDE);
const s1 = new Float64Array(16);
const s2 = new Float64Array(8);
/** The 8 lowest vertical frequencies of each column: [x * 8 + v]. */
const columns = new Float64Array(PHASH_SIDE * LOW);
const lowScratch = new Float64Array(LOW * LOW);
const sorted = new Float64Array(LOW * LOW);

/**
 * The 8 lowest DCT-II frequencies (up to scipy's factor 2) of the 32 values src[offset + n * stride], written to
 * out[at .. at + 8]. Computed through the even/odd halves (x[n] ± x[31-n], then again on the even part): a
 * constant or mirror-symmetric input gives exact zeros where the transform is zero, as scipy's FFT-based dct
 * does. Hash bits depend on those zeros: a flat image has 63 coefficients equal to the median, and rounding noise
 * there would decide its bits. Frequencies sharing a stage are summed side by side (one load per value).
 */
function dctLow(src: Float64Array, offset: number, stride: number, out: Float64Array, at: number): void {
  let f1 = 0, f3 = 0, f5 = 0, f7 = 0; // prettier-ignore
  for (let n = 0; n < 16; n++) {
    const a = src[offset + n * stride];
    const b = src[offset + (31 - n) * stride];
    s1[n] = a + b;
    const d = a - b;
    f1 += d * ODD32[n];
    f3 += d * ODD32[16 + n];
    f5 += d * ODD32[32 + n];
    f7 += d * ODD32[48 + n];
  }
  // Even frequencies 2, 6 of the 32 are the odd ones (1, 3) of the 16-point transform of s1.
  let f2 = 0, f6 = 0; // prettier-ignore
  for (let n = 0; n < 8; n++) {
    const a = s1[n];
    const b = s1[15 - n];
    s2[n] = a + b;
    const d = a - b;
    f2 += d * ODD16[n];
    f6 += d * ODD16[8 + n];
  }
  // Frequencies 0 and 4: the 8-point transform of s2 at 0 and 1.
  let f0 = 0, f4 = 0; // prettier-ignore
  for (let n = 0; n < 4; n++) {
    const a = s2[n];
    const b = s2[7 - n];
    f0 += a + b;
    f4 += (a - b) * ODD8[n];
  }
  out[at] = f0;
  out[at + 1] = f1;
  out[at + 2] = f2;
  out[at + 3] = f3;
  out[at + 4] = f4;
  out[at + 5] = f5;
  out[at + 6] = f6;
  out[at + 7] = f7;
}

/**
 * imagehash.phash of the 32x32 grey image from phashInput: 2-D DCT-II, the 8x8 lowest frequencies (vertical
 * frequency major, as numpy's dct[:8, :8].flatten()) compared with their median. 16 hex digits, most significant
 * bit first, as imagehash prints it.
 */
export function dctHash(grey: Uint8Array): string {
  // Columns first, as scipy (axis 0, then 1): the first pass sums exact integers, so the zeros a column's
  // symmetry implies come out exact, and the second pass sees identical values where scipy does.
  const low = simdDctLow(grey, ALL_COSINES) ?? jsDctLow(grey);
  const median = middleOf64(low, sorted);
  let hex = '';
  for (let nibble = 0; nibble < 16; nibble++) {
    const k = nibble * 4;
    const value =
      (low[k] > median ? 8 : 0) |
      (low[k + 1] > median ? 4 : 0) |
      (low[k + 2] > median ? 2 : 0) |
      (low[k + 3] > median ? 1 : 0);
    hex += HEX[value];
  }
  return hex;
}

const HEX = '0123456789abcdef';

/** dctHash's 8x8 lowest frequencies in JavaScript, where WebAssembly SIMD is missing (and for dctSimd's test). */
export function jsDctLow(grey: Uint8Array): Float64Array {
  pixels.set(grey);
  for (let x = 0; x < PHASH_SIDE; x++) dctLow(pixels, x, PHASH_SIDE, columns, x * LOW);
  for (let v = 0; v < LOW; v++) dctLow(columns, v, LOW, lowScratch, v * LOW);
  return lowScratch;
}

/**
 * The median of 64 values, (32nd + 33rd smallest) / 2, as numpy.median gives it: selecting the 32nd in a scratch
 * copy leaves the 32 larger values after it, the smallest of which is the 33rd.
 */
export function middleOf64(values: Float64Array, scratch: Float64Array): number {
  scratch.set(values);
  const lower = kthSmallest(scratch, 31);
  let next = Infinity;
  for (let m = 32; m < 64; m++) if (scratch[m] < next) next = scratch[m];
  return (lower + next) / 2;
}
