/**
 * PIL's `Image.resize(size, Image.LANCZOS)` for 8-bit grey images, reproduced operation for operation (Pillow's
 * libImaging/Resample.c): filter weights computed in double and normalised per output, then rounded to fixed
 * point (PRECISION_BITS); a horizontal pass into an 8-bit intermediate, then a vertical pass; each sum starts at
 * half a unit and is clipped to 0..255. imagehash's phash is defined on this resize, so the hash can only be the
 * same if every rounding step is.
 */

const PRECISION_BITS = 32 - 8 - 2;
const HALF = 1 << (PRECISION_BITS - 1);
const SUPPORT = 3;

/** Where each output's taps start, how many there are, and their fixed-point weights (`taps` per output). */
export interface AxisWeights {
  start: Int32Array;
  count: Int32Array;
  taps: number;
  weights: Int32Array;
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
  const weights = new Int32Array(outSize * taps);
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

/** Weights per input size: a dataset has few distinct sizes, and each table is small (32 outputs). */
const cache = new Map<number, AxisWeights>();
const CACHE_LIMIT = 256;

function weightsFor(inSize: number, outSize: number): AxisWeights {
  const key = inSize * 65536 + outSize;
  let w = cache.get(key);
  if (!w) {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    w = lanczosWeights(inSize, outSize);
    cache.set(key, w);
  }
  return w;
}

function clip8(sum: number): number {
  const v = sum >> PRECISION_BITS;
  return v < 0 ? 0 : v > 255 ? 255 : v;
}

/** Rows resized horizontally together: each weight is loaded once for four rows. */
const BLOCK = 4;
let lines = Array.from({ length: BLOCK }, () => new Uint8Array(1024));
/** Sums of one output row of the vertical pass. */
const sums = new Int32Array(1024);

/**
 * Grey image resized to `outWidth` x `outHeight` (at most 1024 wide) as PIL's LANCZOS resize does. `row(y, into)`
 * fills `into` with row y's grey values: the caller converts colour rows on the fly, so a large photo never has
 * a whole grey copy. A pass whose size does not change is skipped, as in PIL. Every sum is an exact integer, so
 * the order they are added in does not change the result.
 */
export function pilLanczosResize(
  width: number,
  height: number,
  row: (y: number, into: Uint8Array) => void,
  outWidth: number,
  outHeight: number,
): Uint8Array {
  const vertical = weightsFor(height, outHeight);
  // Only the rows the vertical pass reads are resized horizontally (PIL's ybox_first..ybox_last).
  const first = vertical.start[0];
  const rows = vertical.start[outHeight - 1] + vertical.count[outHeight - 1] - first;
  let temp: Uint8Array;
  if (width === outWidth) {
    temp = new Uint8Array(rows * width);
    for (let y = 0; y < rows; y++) row(first + y, temp.subarray(y * width, (y + 1) * width));
  } else {
    temp = new Uint8Array(rows * outWidth);
    horizontalPass(width, first, rows, row, weightsFor(width, outWidth), temp, outWidth);
  }
  if (height === outHeight) return temp;
  const out = new Uint8Array(outWidth * outHeight);
  verticalPass(temp, first, vertical, out, outWidth, outHeight);
  return out;
}

function horizontalPass(
  width: number,
  first: number,
  rows: number,
  row: (y: number, into: Uint8Array) => void,
  { start, count, taps, weights }: AxisWeights,
  temp: Uint8Array,
  outWidth: number,
): void {
  if (lines[0].length < width) lines = lines.map(() => new Uint8Array(width));
  const [a, b, c, d] = lines;
  let y = 0;
  for (; y + BLOCK <= rows; y += BLOCK) {
    row(first + y, a);
    row(first + y + 1, b);
    row(first + y + 2, c);
    row(first + y + 3, d);
    const base = y * outWidth;
    for (let xx = 0; xx < outWidth; xx++) {
      const x0 = start[xx];
      const end = x0 + count[xx];
      const w = xx * taps - x0;
      let sa = HALF, sb = HALF, sc = HALF, sd = HALF; // prettier-ignore
      for (let x = x0; x < end; x++) {
        const k = weights[w + x];
        sa += a[x] * k;
        sb += b[x] * k;
        sc += c[x] * k;
        sd += d[x] * k;
      }
      temp[base + xx] = clip8(sa);
      temp[base + outWidth + xx] = clip8(sb);
      temp[base + 2 * outWidth + xx] = clip8(sc);
      temp[base + 3 * outWidth + xx] = clip8(sd);
    }
  }
  for (; y < rows; y++) {
    row(first + y, a);
    const base = y * outWidth;
    for (let xx = 0; xx < outWidth; xx++) {
      const x0 = start[xx];
      const end = x0 + count[xx];
      const w = xx * taps - x0;
      let sum = HALF;
      for (let x = x0; x < end; x++) sum += a[x] * weights[w + x];
      temp[base + xx] = clip8(sum);
    }
  }
}

/** Output row by output row, each input row added to all columns at once (contiguous reads). */
function verticalPass(
  temp: Uint8Array,
  first: number,
  { start, count, taps, weights }: AxisWeights,
  out: Uint8Array,
  width: number,
  outHeight: number,
): void {
  for (let yy = 0; yy < outHeight; yy++) {
    sums.fill(HALF, 0, width);
    const w0 = yy * taps;
    const y0 = start[yy] - first;
    for (let y = 0; y < count[yy]; y++) {
      const k = weights[w0 + y];
      const r = (y0 + y) * width;
      for (let x = 0; x < width; x++) sums[x] += temp[r + x] * k;
    }
    const o = yy * width;
    for (let x = 0; x < width; x++) out[o + x] = clip8(sums[x]);
  }
}
