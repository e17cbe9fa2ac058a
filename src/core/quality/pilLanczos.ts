/**
 * PIL's `Image.resize(size, Image.LANCZOS)` for 8-bit grey images, reproduced operation for operation (Pillow's
 * libImaging/Resample.c): filter weights computed in double and normalised per output, then rounded to fixed
 * point (PRECISION_BITS); a horizontal pass into an 8-bit intermediate, then a vertical pass; each sum starts at
 * half a unit and is clipped to 0..255. imagehash's phash is defined on this resize, so the hash can only be the
 * same if every rounding step is.
 */

import { dotTaps, plainTaps, simdHorizontal, simdReduce, type DotTaps } from './lanczosDotSimd';
import { simdResize } from './lanczosSimd';
import { sixTaps, type SixTaps } from './lanczosSixTaps';
import { HALF, PRECISION_BITS } from './pillowFixedPoint';

const SUPPORT = 3;

/**
 * Where each output's taps start, how many there are, and their fixed-point weights (`taps` per output). The
 * weights are integers held as doubles: products (< 2^30) and sums (< 2^31) stay exact, and the passes' multiply-adds
 * run as floating point, without the overflow check V8 puts on each 32-bit integer operation (faster, measured).
 */
export interface AxisWeights {
  start: Int32Array;
  count: Int32Array;
  taps: number;
  /** Empty in a cached table that has dot taps (see plain). */
  weights: Float64Array;
  /** The same taps widened to six per output, when none reads more (lanczosSixTaps); set by the cache. */
  six?: SixTaps;
  /** Otherwise the taps in lanczosDotSimd's layout, for a reduction's passes; set by the cache. */
  dot?: DotTaps;
}

function sinc(x: number): number {
  if (x === 0) return 1;
  const px = x * Math.PI;
  return Math.sin(px) / px;
}

function lanczos(x: number): number {
  return -3 <= x && x < 3 ? sinc(x) * sinc(x / 3) : 0;
}

/** Pillow's precompute_coeffs + normalize_coeffs_8bpc for a whole axis (box 0..inSize). */
export function lanczosWeights(inSize: number, outSize: number): AxisWeights {
  // The box edges are C floats in Pillow.
  const scale = Math.fround(inSize) / outSize;
  const filterScale = Math.max(1, scale);
  const support = SUPPORT * filterScale;
  const taps = Math.ceil(support) * 2 + 1;
  const start = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  const weights = new Float64Array(outSize * taps);
  const k = new Float64Array(taps);
  const ss = 1 / filterScale;
  for (let xx = 0; xx < outSize; xx++) {
    const center = (xx + 0.5) * scale;
    const xmin = Math.max(0, Math.trunc(center - support + 0.5));
    const xmax = Math.min(inSize, Math.trunc(center + support + 0.5)) - xmin;
    let ww = 0;
    for (let x = 0; x < xmax; x++) {
      const w = lanczos((x + xmin - center + 0.5) * ss);
      k[x] = w;
      ww += w;
    }
    for (let x = 0; x < xmax; x++) {
      const w = ww !== 0 ? k[x] / ww : k[x];
      weights[xx * taps + x] = Math.trunc(
        w < 0 ? -0.5 + w * (1 << PRECISION_BITS) : 0.5 + w * (1 << PRECISION_BITS),
      );
    }
    start[xx] = xmin;
    count[xx] = xmax;
  }
  return { start, count, taps, weights };
}

/**
 * Weights per input size, most recently used last. A folder of photos can have hundreds of sizes (each table
 * costs thousands of sines to make); the tables are kept up to a budget of bytes, the least recently used going
 * first past it.
 */
const cache = new Map<number, AxisWeights>();
const CACHE_BYTES = 8 << 20;
let cachedBytes = 0;

/**
 * The tables of the last two lookups (a resize asks for one per axis): a folder of images of one size asks for the
 * same ones again and again, which then cost no reordering of the cache.
 */
let lastKey = -1;
let lastWeights: AxisWeights | undefined;
let otherKey = -1;
let otherWeights: AxisWeights | undefined;

function weightsFor(inSize: number, outSize: number): AxisWeights {
  const key = inSize * 65536 + outSize;
  if (key === lastKey && lastWeights) return lastWeights;
  if (key === otherKey && otherWeights) return otherWeights;
  otherKey = lastKey;
  otherWeights = lastWeights;
  lastKey = key;
  lastWeights = recentWeights(key, inSize, outSize);
  return lastWeights;
}

function recentWeights(key: number, inSize: number, outSize: number): AxisWeights {
  let w = cache.get(key);
  if (w) {
    cache.delete(key);
    cache.set(key, w);
    return w;
  }
  w = lanczosWeights(inSize, outSize);
  w.six = sixTaps(inSize, w.start, w.count, w.taps, w.weights);
  if (!w.six) {
    w.dot = dotTaps(w.start, w.count, w.taps, w.weights);
    // The JavaScript passes' copy goes (plain() makes it again when one runs): two thirds of a reduction's table,
    // so that photos of every size from 256 to 640 px fit the budget instead of making their tables again and again.
    w.weights = NO_WEIGHTS;
  }
  cache.set(key, w);
  cachedBytes += bytesOf(w);
  for (const [oldest, table] of cache) {
    if (cachedBytes <= CACHE_BYTES || oldest === key) break;
    cache.delete(oldest);
    cachedBytes -= bytesOf(table);
  }
  return w;
}

const NO_WEIGHTS = new Float64Array(0);
/** The last table plain() made weights for, and the result (the horizontal pass asks again every few rows). */
let plainOf: AxisWeights | undefined;
let plainMade: AxisWeights | undefined;

/** `w` with the weights the JavaScript passes read, made again from its dot taps if the cache let them go. */
function plain(w: AxisWeights): AxisWeights {
  if (w.weights.length > 0 || !w.dot) return w;
  if (plainOf !== w || !plainMade) {
    plainMade = { ...w, weights: plainTaps(w.dot, w.count, w.taps) };
    plainOf = w;
  }
  return plainMade;
}

function bytesOf(w: AxisWeights): number {
  const six = w.six ? w.six.start.byteLength + w.six.weights.byteLength : 0;
  const dot = w.dot ? w.dot.start.byteLength + w.dot.hi.byteLength + w.dot.lo.byteLength : 0;
  return w.weights.byteLength + w.start.byteLength + w.count.byteLength + six + dot;
}

function clip8(sum: number): number {
  const v = sum >> PRECISION_BITS;
  return v < 0 ? 0 : v > 255 ? 255 : v;
}

/**
 * Where a resize reads its grey input: the whole grey image (row y at y * width, read in place), or a function
 * that writes rows y .. y + count - 1 one after the other into `into` (a colour image converted a few rows at a
 * time, so a large photo never has a whole grey copy).
 */
export type GreyRows = Uint8Array | ((y: number, count: number, into: Uint8Array) => void);

/** Rows resized horizontally together: each weight is loaded once for eight rows. */
const BLOCK = 8;
/** Converted rows of the block being resized (GreyRows given as a function). */
let block = new Uint8Array(BLOCK * 1024);
/** The horizontal pass's output, grown to the largest needed (a resize allocates nothing per image). */
let scratchTemp = new Uint8Array(64 * 64);

/**
 * Grey image resized to `outWidth` x `outHeight` as PIL's LANCZOS resize does. A pass whose size does not change
 * is skipped, as in PIL. Every sum is an exact integer, so the order they are added in does not change the result.
 * Written into `out` when given (at least `outWidth * outHeight` long; the result is then a view of it), else
 * into a new array.
 */
export function pilLanczosResize(
  width: number,
  height: number,
  rows: GreyRows,
  outWidth: number,
  outHeight: number,
  out?: Uint8Array,
): Uint8Array {
  const vertical = weightsFor(height, outHeight);
  if (vertical.six && height !== outHeight && width !== outWidth && typeof rows !== 'function') {
    const horizontal = weightsFor(width, outWidth).six;
    const into = out ?? new Uint8Array(outWidth * outHeight);
    if (horizontal && simdResize(width, height, rows, outWidth, outHeight, horizontal, vertical.six, into))
      return out ? into.subarray(0, outWidth * outHeight) : into;
  }
  // Only the rows the vertical pass reads are resized horizontally (PIL's ybox_first..ybox_last).
  const first = vertical.start[0];
  const count = vertical.start[outHeight - 1] + vertical.count[outHeight - 1] - first;
  const result = out ? out.subarray(0, outWidth * outHeight) : new Uint8Array(outWidth * outHeight);
  if (vertical.dot && height !== outHeight && width !== outWidth && typeof rows !== 'function') {
    const horizontal = weightsFor(width, outWidth).dot;
    if (
      horizontal &&
      simdReduce(rows, width, first, count, horizontal, vertical.dot, outWidth, outHeight, result)
    )
      return result;
  }
  // Without a vertical pass the horizontal one writes the result itself.
  const direct = height === outHeight;
  if (!direct && scratchTemp.length < count * outWidth) scratchTemp = new Uint8Array(count * outWidth);
  const temp = direct ? result : scratchTemp;
  if (width === outWidth) {
    if (typeof rows === 'function') rows(first, count, temp);
    else temp.set(rows.subarray(first * width, (first + count) * width));
  } else {
    const weights = weightsFor(width, outWidth);
    if (typeof rows !== 'function') horizontal(rows, first * width, width, count, weights, temp, 0, outWidth);
    else {
      if (block.length < BLOCK * width) block = new Uint8Array(BLOCK * width);
      for (let y = 0; y < count; y += BLOCK) {
        const n = Math.min(BLOCK, count - y);
        rows(first + y, n, block);
        horizontal(block, 0, width, n, weights, temp, y * outWidth, outWidth);
      }
    }
  }
  if (!direct) verticalPass(temp, first, plain(vertical), result, outWidth, outHeight);
  return result;
}

/** horizontalPass, in WebAssembly SIMD where the taps are in its layout and it is available. */
function horizontal(
  src: Uint8Array,
  offset: number,
  width: number,
  count: number,
  weights: AxisWeights,
  temp: Uint8Array,
  tempOffset: number,
  outWidth: number,
): void {
  if (weights.dot && simdHorizontal(src, offset, width, count, weights.dot, temp, tempOffset, outWidth))
    return;
  horizontalPass(src, offset, width, count, plain(weights), temp, tempOffset, outWidth);
}

/**
 * `count` rows of `src` from `offset` (`width` apart) resized to `outWidth` into `temp` from `tempOffset`, eight
 * rows at a time, then four, then one: the sums of an output stay in registers and each weight is loaded once for
 * them.
 */
function horizontalPass(
  src: Uint8Array,
  offset: number,
  width: number,
  count: number,
  { start, count: taps, taps: stride, weights }: AxisWeights,
  temp: Uint8Array,
  tempOffset: number,
  outWidth: number,
): void {
  let y = 0;
  for (; y + 8 <= count; y += 8) {
    const a = offset + y * width;
    const a1 = a + width;
    const a2 = a1 + width;
    const a3 = a2 + width;
    const a4 = a3 + width;
    const a5 = a4 + width;
    const a6 = a5 + width;
    const a7 = a6 + width;
    const base = tempOffset + y * outWidth;
    for (let xx = 0; xx < outWidth; xx++) {
      const x0 = start[xx];
      const end = x0 + taps[xx];
      const w = xx * stride - x0;
      let s0 = HALF, s1 = HALF, s2 = HALF, s3 = HALF, s4 = HALF, s5 = HALF, s6 = HALF, s7 = HALF; // prettier-ignore
      for (let x = x0; x < end; x++) {
        const k = weights[w + x];
        s0 += src[a + x] * k;
        s1 += src[a1 + x] * k;
        s2 += src[a2 + x] * k;
        s3 += src[a3 + x] * k;
        s4 += src[a4 + x] * k;
        s5 += src[a5 + x] * k;
        s6 += src[a6 + x] * k;
        s7 += src[a7 + x] * k;
      }
      const o = base + xx;
      temp[o] = clip8(s0);
      temp[o + outWidth] = clip8(s1);
      temp[o + 2 * outWidth] = clip8(s2);
      temp[o + 3 * outWidth] = clip8(s3);
      temp[o + 4 * outWidth] = clip8(s4);
      temp[o + 5 * outWidth] = clip8(s5);
      temp[o + 6 * outWidth] = clip8(s6);
      temp[o + 7 * outWidth] = clip8(s7);
    }
  }
  for (; y + 4 <= count; y += 4) {
    const a = offset + y * width;
    const b = a + width;
    const c = b + width;
    const d = c + width;
    const base = tempOffset + y * outWidth;
    for (let xx = 0; xx < outWidth; xx++) {
      const x0 = start[xx];
      const end = x0 + taps[xx];
      const w = xx * stride - x0;
      let sa = HALF, sb = HALF, sc = HALF, sd = HALF; // prettier-ignore
      for (let x = x0; x < end; x++) {
        const k = weights[w + x];
        sa += src[a + x] * k;
        sb += src[b + x] * k;
        sc += src[c + x] * k;
        sd += src[d + x] * k;
      }
      temp[base + xx] = clip8(sa);
      temp[base + outWidth + xx] = clip8(sb);
      temp[base + 2 * outWidth + xx] = clip8(sc);
      temp[base + 3 * outWidth + xx] = clip8(sd);
    }
  }
  for (; y < count; y++) {
    const a = offset + y * width;
    const base = tempOffset + y * outWidth;
    for (let xx = 0; xx < outWidth; xx++) {
      const x0 = start[xx];
      const end = x0 + taps[xx];
      const w = xx * stride - x0;
      let sum = HALF;
      for (let x = x0; x < end; x++) sum += src[a + x] * weights[w + x];
      temp[base + xx] = clip8(sum);
    }
  }
}

/** Output row by output row, four columns at a time: their sums stay in registers, each weight loaded once. */
function verticalPass(
  temp: Uint8Array,
  first: number,
  { start, count, taps, weights }: AxisWeights,
  out: Uint8Array,
  width: number,
  outHeight: number,
): void {
  for (let yy = 0; yy < outHeight; yy++) {
    const w = yy * taps;
    const n = count[yy];
    const r0 = (start[yy] - first) * width;
    const o = yy * width;
    let x = 0;
    for (; x + 4 <= width; x += 4) {
      let sa = HALF, sb = HALF, sc = HALF, sd = HALF; // prettier-ignore
      for (let y = 0, r = r0 + x; y < n; y++, r += width) {
        const k = weights[w + y];
        sa += temp[r] * k;
        sb += temp[r + 1] * k;
        sc += temp[r + 2] * k;
        sd += temp[r + 3] * k;
      }
      out[o + x] = clip8(sa);
      out[o + x + 1] = clip8(sb);
      out[o + x + 2] = clip8(sc);
      out[o + x + 3] = clip8(sd);
    }
    for (; x < width; x++) {
      let sum = HALF;
      for (let y = 0, r = r0 + x; y < n; y++, r += width) sum += temp[r] * weights[w + y];
      out[o + x] = clip8(sum);
    }
  }
}
