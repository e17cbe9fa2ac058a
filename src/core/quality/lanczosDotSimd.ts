import {
  assembleModule,
  I32,
  instantiateOrNull,
  op,
  repeatWhileBelow,
  reserveMemory,
  V128,
  type WasmFunction,
} from '../util/wasmModule';
import { HALF, PRECISION_BITS as SHIFT } from './pillowFixedPoint';

/**
 * pilLanczos' horizontal pass in WebAssembly SIMD for reductions (a photo to 32 wide: a hundred taps or more per
 * output). Each output's taps are contiguous in its row: eight at a time, pixels as 16-bit lanes times the
 * weights split in two 16-bit halves (w = hi * 2^11 + lo, lo in 0..2047), summed by i32x4.dot_i16x8_s. The sum
 * 2^11 * sum(p * hi) + sum(p * lo) is Pillow's integer sum exactly (32-bit arithmetic, which wraps, gives the
 * true value since that fits, as in Pillow's C int), then rounded and clipped as Pillow does.
 */

const SPLIT = 11;

/** An axis' weights in the kernel's layout: `chunks` x 8 taps per output from start[xx], zero past its count. */
export interface DotTaps {
  start: Int32Array;
  chunks: number;
  hi: Int16Array;
  lo: Int16Array;
}

/** Pillow's taps (start, count, weights `taps` apart per output) as DotTaps. */
export function dotTaps(start: Int32Array, count: Int32Array, taps: number, weights: Float64Array): DotTaps {
  const outSize = start.length;
  let most = 0;
  for (let xx = 0; xx < outSize; xx++) most = Math.max(most, count[xx]);
  const chunks = Math.ceil(most / 8);
  const hi = new Int16Array(outSize * chunks * 8);
  const lo = new Int16Array(outSize * chunks * 8);
  for (let xx = 0; xx < outSize; xx++)
    for (let t = 0; t < count[xx]; t++) {
      const w = weights[xx * taps + t];
      hi[xx * chunks * 8 + t] = w >> SPLIT;
      lo[xx * chunks * 8 + t] = w & ((1 << SPLIT) - 1);
    }
  return { start: Int32Array.from(start), chunks, hi, lo };
}

/** Pillow's weights (`taps` apart per output, `count` each) back from DotTaps: dotTaps' inverse. */
export function plainTaps(dot: DotTaps, count: Int32Array, taps: number): Float64Array {
  const { start, chunks, hi, lo } = dot;
  const weights = new Float64Array(start.length * taps);
  for (let xx = 0; xx < start.length; xx++)
    for (let t = 0; t < count[xx]; t++) {
      const k = xx * chunks * 8 + t;
      weights[xx * taps + t] = hi[k] * (1 << SPLIT) + lo[k];
    }
  return weights;
}

// Parameters and locals.
const [SRC, WIDTH, ROWS, OUT_WIDTH, STARTS, CHUNKS, HI, LO, DST, DST_ROW, DST_COL] = [
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
];
const [Y, XX, ROW, P, WH, WL, C, SUM, O] = [11, 12, 13, 14, 15, 16, 17, 18, 19];
const [ACC_H, ACC_L, V] = [20, 21, 22];

/** The four lanes of a i32x4 local added up. */
const lanes = (local: number) => [
  ...[...op.get(local), ...op.i32x4ExtractLane(0), ...op.get(local), ...op.i32x4ExtractLane(1), ...op.i32Add],
  ...[...op.get(local), ...op.i32x4ExtractLane(2), ...op.i32Add, ...op.get(local), ...op.i32x4ExtractLane(3)],
  ...op.i32Add,
];

/**
 * horizontal(src, width, rows, outWidth, starts, chunks, hi, lo, dst, dstRow, dstCol): output xx of row y at
 * dst + y * dstRow + xx * dstCol, for y < rows and xx < outWidth (dstRow 1 and dstCol rows: written transposed).
 * Reads up to chunks * 8 bytes from src + y * width + starts[xx] (past a row's end: zero weights).
 */
const horizontalKernel: WasmFunction = {
  name: 'horizontal',
  params: 11,
  locals: [
    { count: 9, type: I32 },
    { count: 3, type: V128 },
  ],
  body: [
    op.loop,
    [...op.get(SRC), ...op.get(Y), ...op.get(WIDTH), ...op.i32Mul, ...op.i32Add, ...op.set(ROW)],
    [...op.get(DST), ...op.get(Y), ...op.get(DST_ROW), ...op.i32Mul, ...op.i32Add, ...op.set(O)],
    [...op.i32(0), ...op.set(XX), ...op.get(HI), ...op.set(WH), ...op.get(LO), ...op.set(WL)],
    op.loop,
    [...op.get(ROW), ...op.get(STARTS), ...op.get(XX), ...op.i32(2), ...op.i32Shl, ...op.i32Add],
    [...op.i32Load(0), ...op.i32Add, ...op.set(P)],
    [...op.v128Zero, ...op.set(ACC_H), ...op.v128Zero, ...op.set(ACC_L), ...op.get(CHUNKS), ...op.set(C)],
    op.loop,
    [...op.get(P), ...op.v128Load8x8u, ...op.set(V)],
    [...op.get(ACC_H), ...op.get(V), ...op.get(WH), ...op.v128Load(0), ...op.i32x4DotI16x8s, ...op.i32x4Add],
    [...op.set(ACC_H)],
    [...op.get(ACC_L), ...op.get(V), ...op.get(WL), ...op.v128Load(0), ...op.i32x4DotI16x8s, ...op.i32x4Add],
    [...op.set(ACC_L)],
    [...op.get(P), ...op.i32(8), ...op.i32Add, ...op.set(P)],
    [...op.get(WH), ...op.i32(16), ...op.i32Add, ...op.set(WH), ...op.get(WL), ...op.i32(16), ...op.i32Add],
    [...op.set(WL)],
    [...op.get(C), ...op.i32(-1), ...op.i32Add, ...op.tee(C), ...op.brIf(0)],
    op.end,
    // sum = (HALF + (sum of hi << 11) + sum of lo) >> 22, clipped to 0..255
    [...op.i32(HALF), ...lanes(ACC_H), ...op.i32(SPLIT), ...op.i32Shl, ...op.i32Add, ...lanes(ACC_L)],
    [...op.i32Add, ...op.i32(SHIFT), ...op.i32ShrS, ...op.set(SUM)],
    [...op.get(SUM), ...op.i32(0), ...op.get(SUM), ...op.i32(0), ...op.i32GtS, ...op.select, ...op.set(SUM)],
    [
      ...op.get(O),
      ...op.get(SUM),
      ...op.i32(255),
      ...op.get(SUM),
      ...op.i32(255),
      ...op.i32LtS,
      ...op.select,
    ],
    [...op.i32Store8, ...op.get(O), ...op.get(DST_COL), ...op.i32Add, ...op.set(O)],
    repeatWhileBelow(XX, 1, op.get(OUT_WIDTH)),
    op.end,
    repeatWhileBelow(Y, 1, op.get(ROWS)),
    op.end,
  ],
};

/** The module's bytes (exported for its test). */
export function lanczosDotModule(): Uint8Array<ArrayBuffer> {
  return assembleModule([horizontalKernel], 1);
}

interface Kernel {
  memory: WebAssembly.Memory;
  horizontal: (...args: number[]) => void;
}

let kernel: Kernel | null | undefined;
let bytes = new Uint8Array(0);
/** The taps now in memory, as simdHorizontal or as simdReduce laid them out (loaded again only when they change). */
let loaded: DotTaps | undefined;
let loadedPair: [DotTaps, DotTaps] | undefined;

/** The kernel, instantiated on first use; null where WebAssembly SIMD is missing. */
function instance(): Kernel | null {
  if (kernel === undefined) kernel = instantiateOrNull<Kernel>(lanczosDotModule());
  return kernel;
}

/**
 * Grows the memory to `end` bytes and keeps `bytes` a view of all of it (a new buffer: the taps are loaded again);
 * false (nothing changed) where that is more than MAX_KERNEL_MEMORY.
 */
function reserve(k: Kernel, end: number): boolean {
  if (!reserveMemory(k.memory, end)) return false;
  if (bytes.buffer !== k.memory.buffer) {
    bytes = new Uint8Array(k.memory.buffer);
    loaded = loadedPair = undefined;
  }
  return true;
}

const up16 = (n: number) => (n + 15) & ~15;

/** Input bytes copied into the module's memory at a time (whole rows; at least one): its memory stays small. */
const INPUT_BYTES = 1 << 16;

/**
 * `rows` rows of `src` from `offset` (`width` apart) resized to `outWidth` into `temp` from `tempOffset`, as
 * pilLanczos' horizontalPass. False (nothing written) where WebAssembly SIMD is missing or a row does not fit
 * MAX_KERNEL_MEMORY.
 */
export function simdHorizontal(
  src: Uint8Array,
  offset: number,
  width: number,
  rows: number,
  taps: DotTaps,
  temp: Uint8Array,
  tempOffset: number,
  outWidth: number,
): boolean {
  const k = instance();
  if (!k) return false;
  const step = Math.max(1, Math.min(rows, Math.floor(INPUT_BYTES / width)));
  const weightBytes = outWidth * taps.chunks * 16;
  const hi = up16(outWidth * 4);
  const lo = hi + weightBytes;
  const input = lo + weightBytes;
  const output = up16(input + step * width + taps.chunks * 8);
  if (!reserve(k, output + step * outWidth)) return false;
  if (loaded !== taps) {
    new Int32Array(k.memory.buffer, 0, outWidth).set(taps.start);
    new Int16Array(k.memory.buffer, hi, weightBytes / 2).set(taps.hi);
    new Int16Array(k.memory.buffer, lo, weightBytes / 2).set(taps.lo);
    loaded = taps;
    loadedPair = undefined;
  }
  for (let y = 0; y < rows; y += step) {
    const n = Math.min(step, rows - y);
    const from = offset + y * width;
    bytes.set(src.subarray(from, from + n * width), input);
    k.horizontal(input, width, n, outWidth, 0, taps.chunks, hi, lo, output, outWidth, 1);
    temp.set(bytes.subarray(output, output + n * outWidth), tempOffset + y * outWidth);
  }
  return true;
}

/** simdReduce keeps the horizontal pass's whole output in memory up to this size, else it leaves the resize. */
const TRANSPOSED_BYTES = 1 << 18;

/**
 * Both passes of a reduction (pilLanczos with dot taps on both axes), without the vertical pass in JavaScript:
 * the horizontal pass writes its output transposed (one row per output column), so the vertical pass is the same
 * kernel run along those rows, its output transposed back. Rows first .. first + count - 1 of the `width`-wide
 * grey image are read (the rows the vertical taps `v` read, v.start[0] being `first`); the `outWidth` x `outHeight`
 * result is written to `out`. False (nothing written) where WebAssembly SIMD is missing, the image is so tall
 * that the transposed rows would not fit TRANSPOSED_BYTES or a row does not fit MAX_KERNEL_MEMORY.
 */
export function simdReduce(
  grey: Uint8Array,
  width: number,
  first: number,
  count: number,
  h: DotTaps,
  v: DotTaps,
  outWidth: number,
  outHeight: number,
  out: Uint8Array,
): boolean {
  if (outWidth * count > TRANSPOSED_BYTES) return false;
  const k = instance();
  if (!k) return false;
  const step = Math.max(1, Math.min(count, Math.floor(INPUT_BYTES / width)));
  const hBytes = outWidth * h.chunks * 16;
  const vBytes = outHeight * v.chunks * 16;
  const hHi = up16(outWidth * 4);
  const hLo = hHi + hBytes;
  const vStarts = hLo + hBytes;
  const vHi = up16(vStarts + outHeight * 4);
  const vLo = vHi + vBytes;
  const input = vLo + vBytes;
  const transposed = up16(input + step * width + h.chunks * 8);
  const result = up16(transposed + outWidth * count + v.chunks * 8);
  if (!reserve(k, result + outWidth * outHeight)) return false;
  if (loadedPair?.[0] !== h || loadedPair[1] !== v) {
    new Int32Array(k.memory.buffer, 0, outWidth).set(h.start);
    new Int16Array(k.memory.buffer, hHi, hBytes / 2).set(h.hi);
    new Int16Array(k.memory.buffer, hLo, hBytes / 2).set(h.lo);
    // The vertical taps start from the first row read: row 0 of the transposed rows.
    const starts = new Int32Array(k.memory.buffer, vStarts, outHeight);
    for (let yy = 0; yy < outHeight; yy++) starts[yy] = v.start[yy] - first;
    new Int16Array(k.memory.buffer, vHi, vBytes / 2).set(v.hi);
    new Int16Array(k.memory.buffer, vLo, vBytes / 2).set(v.lo);
    loadedPair = [h, v];
    loaded = undefined;
  }
  for (let y = 0; y < count; y += step) {
    const n = Math.min(step, count - y);
    const from = (first + y) * width;
    bytes.set(grey.subarray(from, from + n * width), input);
    k.horizontal(input, width, n, outWidth, 0, h.chunks, hHi, hLo, transposed + y, 1, count);
  }
  k.horizontal(transposed, count, outWidth, outHeight, vStarts, v.chunks, vHi, vLo, result, 1, outWidth);
  out.set(bytes.subarray(result, result + outWidth * outHeight));
  return true;
}
