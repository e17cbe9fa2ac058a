import { BRIGHTNESS_BINS } from './brightness';
import { THUMBNAIL_SIDE } from './thumbnailSide';
import {
  assembleModule,
  I32,
  instantiateOrNull,
  op,
  repeatWhileBelow,
  reserveMemory,
  type WasmFunction,
} from '../util/wasmModule';

/**
 * imageMeasures' sampling grid over a colour image in WebAssembly: for each sample, 1000 x luma added to its
 * thumbnail cell (a double, as in JavaScript: sums of integers, exact), the cell's count and the brightness bin of
 * 1000 x CleanVision's brightness squared (>> 16, brightnessBin). The same integer operations as sampleColour,
 * whose speed in JavaScript depended on what V8 made of it (up to four times slower in one process than in
 * another, measured); here it does not.
 */

/** Memory layout: brightness bins, cell counts, cell sums, then the sampled columns' cells and the row. */
const BINS = 0;
const COUNTS = BINS + BRIGHTNESS_BINS * 4;
/** Cells of the largest thumbnail; a larger grid is left to JavaScript. */
const MAX_CELLS = THUMBNAIL_SIDE * THUMBNAIL_SIDE;
const SUMS = COUNTS + MAX_CELLS * 4;
const COLUMNS = SUMS + MAX_CELLS * 8;

// Parameters and locals.
const [SRC, END, ADVANCE, ROW_CELL, I, R, G, B, A] = [0, 1, 2, 3, 4, 5, 6, 7, 8];

/** The word at A + `offset` incremented. */
const increment = (offset: number) => [
  ...[...op.get(A), ...op.get(A), ...op.i32Load(offset), ...op.i32(1), ...op.i32Add, ...op.i32Store(offset)],
];

/**
 * sampleRow(src, end, advance, rowCell): samples at src, src + advance, ... (RGB first), the i-th in cell rowCell
 * + columns[i] (u32 at COLUMNS), for 4i < end.
 */
const sampleRowKernel: WasmFunction = {
  name: 'sampleRow',
  params: 4,
  locals: [{ count: 5, type: I32 }],
  body: [
    op.loop,
    [...op.get(SRC), ...op.i32Load8uAt(0), ...op.set(R), ...op.get(SRC), ...op.i32Load8uAt(1), ...op.set(G)],
    [...op.get(SRC), ...op.i32Load8uAt(2), ...op.set(B)],
    // A = cell, then the cell's sum (8 bytes) += 299 r + 587 g + 114 b
    [...op.get(ROW_CELL), ...op.get(I), ...op.i32Load(COLUMNS), ...op.i32Add, ...op.set(A)],
    [...op.get(A), ...op.i32(3), ...op.i32Shl, ...op.get(A), ...op.i32(3), ...op.i32Shl, ...op.f64Load(SUMS)],
    [...op.get(R), ...op.i32(299), ...op.i32Mul, ...op.get(G), ...op.i32(587), ...op.i32Mul, ...op.i32Add],
    [...op.get(B), ...op.i32(114), ...op.i32Mul, ...op.i32Add, ...op.f64ConvertI32U, ...op.f64Add],
    op.f64Store(SUMS),
    [...op.get(A), ...op.i32(2), ...op.i32Shl, ...op.set(A), ...increment(COUNTS)],
    // A = bin of 241 r² + 691 g² + 68 b² (below 2^26) >> 16, as a byte offset
    [...op.get(R), ...op.get(R), ...op.i32Mul, ...op.i32(241), ...op.i32Mul],
    [...op.get(G), ...op.get(G), ...op.i32Mul, ...op.i32(691), ...op.i32Mul, ...op.i32Add],
    [...op.get(B), ...op.get(B), ...op.i32Mul, ...op.i32(68), ...op.i32Mul, ...op.i32Add],
    [...op.i32(16), ...op.i32ShrU, ...op.i32(2), ...op.i32Shl, ...op.set(A), ...increment(BINS)],
    [...op.get(SRC), ...op.get(ADVANCE), ...op.i32Add, ...op.set(SRC)],
    repeatWhileBelow(I, 4, op.get(END)),
    op.end,
  ],
};

/** The module's bytes (exported for its test). */
export function sampleGridModule(): Uint8Array<ArrayBuffer> {
  return assembleModule([sampleRowKernel], Math.ceil(COLUMNS / 65536) + 1);
}

interface Kernel {
  memory: WebAssembly.Memory;
  sampleRow: (src: number, end: number, advance: number, rowCell: number) => void;
}

let kernel: Kernel | null | undefined;

/** What sampleColour is given: the image and its grid. */
export interface ColourGrid {
  width: number;
  height: number;
  data: Uint8Array;
  stride: number;
  step: number;
  tw: number;
  th: number;
  /** Thumbnail cell column of each sampled image column (indexed by the image column). */
  columnCell: Uint32Array;
}

/**
 * imageMeasures' sampleColour: each sample's luma summed and counted per cell of the grid (returned: views of
 * this module's memory, valid until the next call), its brightness counted in `brightness` (BRIGHTNESS_BINS, added
 * to). Null (nothing done) where WebAssembly is missing, the grid has more cells than a thumbnail or a row does
 * not fit MAX_KERNEL_MEMORY.
 */
export function wasmSampleColour(
  g: ColourGrid,
  brightness: Uint32Array,
): { sums: Float64Array; counts: Uint32Array } | null {
  if (kernel === undefined) kernel = instantiateOrNull<Kernel>(sampleGridModule());
  if (!kernel) return null;
  const k = kernel;
  const { width, height, data, stride, step, tw, th, columnCell } = g;
  const cells = tw * th;
  if (cells > MAX_CELLS) return null;
  const samples = Math.ceil(width / step);
  const row = COLUMNS + samples * 4;
  if (!reserveMemory(k.memory, row + width * stride)) return null;
  const buffer = k.memory.buffer;
  const bins = new Uint32Array(buffer, BINS, BRIGHTNESS_BINS);
  const cellCounts = new Uint32Array(buffer, COUNTS, cells);
  const cellSums = new Float64Array(buffer, SUMS, cells);
  bins.fill(0);
  cellCounts.fill(0);
  cellSums.fill(0);
  const columns = new Uint32Array(buffer, COLUMNS, samples);
  for (let i = 0; i < samples; i++) columns[i] = columnCell[i * step];
  const bytes = new Uint8Array(buffer);
  for (let y = 0; y < height; y += step) {
    const rowCell = Math.min(th - 1, Math.floor((y * th) / height)) * tw;
    const from = y * width * stride;
    bytes.set(data.subarray(from, from + width * stride), row);
    k.sampleRow(row, samples * 4, step * stride, rowCell);
  }
  for (let b = 0; b < BRIGHTNESS_BINS; b++) brightness[b] += bins[b];
  return { sums: cellSums, counts: cellCounts };
}
