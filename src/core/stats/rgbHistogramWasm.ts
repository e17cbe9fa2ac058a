import {
  assembleModule,
  I32,
  instantiateOrNull,
  op,
  repeatWhileBelow,
  type WasmFunction,
} from '../util/wasmModule';

/**
 * imageHistogram's pass over packed RGB in WebAssembly: per-channel counts, the OR of the channel differences and
 * PIL's grey level (pilGrey) of each pixel, in one read of the colour bytes. The same integer operations as the
 * JavaScript loop (no SIMD needed), without a bounds check per byte load and count. Two pixels a step: the first
 * counted into one set of histograms, the second into another, added up at the end, so an increment rarely waits
 * for the one before it to the same bin (neighbouring pixels of a photo often share a value).
 */

/** Pixels copied into the module's memory at a time (even: each call takes whole pairs): its memory stays small. */
export const CHUNK_PIXELS = 1 << 16;
/** Memory layout: two sets of 768 counts, the OR of differences, then the colour bytes and the grey levels. */
const SECOND = 768 * 4;
const UNEQUAL = 2 * SECOND;
const SRC = 8192;
const GREY = SRC + 3 * CHUNK_PIXELS;
const PAGES = Math.ceil((GREY + CHUNK_PIXELS) / 65536);

// Parameters and locals.
const [P, PAIRS, Q, END, R, G, B, A, U] = [0, 1, 2, 3, 4, 5, 6, 7, 8];

/** The count of `value` at `offset` bytes (channel and set) incremented: its address kept in A for the store. */
const count = (value: number, offset: number) => [
  ...[...op.get(value), ...op.i32(2), ...op.i32Shl, ...op.tee(A)],
  ...[...op.get(A), ...op.i32Load(offset), ...op.i32(1), ...op.i32Add, ...op.i32Store(offset)],
];

/** One pixel at P + `at` (bytes): counted into the set at `set` bytes, its grey level stored at Q + `at / 3`. */
const pixel = (at: number, set: number) => [
  ...[
    ...op.get(P),
    ...op.i32Load8uAt(at),
    ...op.set(R),
    ...op.get(P),
    ...op.i32Load8uAt(at + 1),
    ...op.set(G),
  ],
  ...[...op.get(P), ...op.i32Load8uAt(at + 2), ...op.set(B)],
  ...[...count(R, set), ...count(G, set + 1024), ...count(B, set + 2048)],
  ...[...op.get(U), ...op.get(R), ...op.get(G), ...op.i32Xor, ...op.get(G), ...op.get(B), ...op.i32Xor],
  ...[...op.i32Or, ...op.i32Or, ...op.set(U)],
  // (r * 19595 + g * 38470 + b * 7471 + 0x8000) >>> 16, as pilGrey (below 2^31: exact in 32 bits)
  ...[
    ...op.get(Q),
    ...op.get(R),
    ...op.i32(19595),
    ...op.i32Mul,
    ...op.get(G),
    ...op.i32(38470),
    ...op.i32Mul,
  ],
  ...[
    ...op.i32Add,
    ...op.get(B),
    ...op.i32(7471),
    ...op.i32Mul,
    ...op.i32Add,
    ...op.i32(0x8000),
    ...op.i32Add,
  ],
  ...[...op.i32(16), ...op.i32ShrU, ...op.i32Store8At(at / 3)],
];

/**
 * histogramGrey(src, pairs, grey): 2 * pairs pixels (pairs > 0) of packed RGB from `src`, counted into the two
 * sets of histograms at address 0, their grey levels written from `grey`, the OR of their channel differences
 * OR-ed into the word at UNEQUAL.
 */
const histogramGreyKernel: WasmFunction = {
  name: 'histogramGrey',
  params: 3,
  locals: [{ count: 6, type: I32 }],
  body: [
    [...op.get(Q), ...op.get(PAIRS), ...op.i32(1), ...op.i32Shl, ...op.i32Add, ...op.set(END)],
    [...op.i32(0), ...op.i32Load(UNEQUAL), ...op.set(U)],
    op.loop,
    pixel(0, 0),
    pixel(3, SECOND),
    [...op.get(P), ...op.i32(6), ...op.i32Add, ...op.set(P)],
    repeatWhileBelow(Q, 2, op.get(END)),
    op.end,
    [...op.i32(0), ...op.get(U), ...op.i32Store(UNEQUAL)],
  ],
};

/** The module's bytes (exported for its test). */
export function rgbHistogramModule(): Uint8Array<ArrayBuffer> {
  return assembleModule([histogramGreyKernel], PAGES);
}

interface Kernel {
  memory: WebAssembly.Memory;
  histogramGrey: (src: number, pairs: number, grey: number) => void;
}

/** Instantiated on first use; null where WebAssembly is missing (the pass then runs in JavaScript). */
let kernel: Kernel | null | undefined;

/**
 * The first `pixels` pixels of packed RGB `data` (an even number of them, the rest left to the caller): their
 * counts added to `counts` (768, channel-major), their grey levels written to `grey`. Returns the OR of their
 * channel differences (0: every pixel grey), or -1 (nothing done) where WebAssembly is missing.
 */
export function wasmHistogramGrey(
  data: Uint8Array,
  pixels: number,
  counts: Uint32Array,
  grey: Uint8Array,
): number {
  if (kernel === undefined) kernel = instantiateOrNull<Kernel>(rgbHistogramModule());
  if (!kernel) return -1;
  const k = kernel;
  const bytes = new Uint8Array(k.memory.buffer);
  const words = new Uint32Array(k.memory.buffer, 0, UNEQUAL / 4 + 1);
  words.fill(0);
  for (let at = 0; at < pixels; at += CHUNK_PIXELS) {
    const n = Math.min(CHUNK_PIXELS, pixels - at) & ~1;
    if (n === 0) break;
    bytes.set(data.subarray(3 * at, 3 * (at + n)), SRC);
    k.histogramGrey(SRC, n >> 1, GREY);
    grey.set(bytes.subarray(GREY, GREY + n), at);
  }
  for (let i = 0; i < 768; i++) counts[i] += words[i] + words[768 + i];
  return words[UNEQUAL / 4];
}
