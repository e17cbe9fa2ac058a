import {
  assembleModule,
  I32,
  instantiateOrNull,
  op,
  repeatWhileBelow,
  V128,
  type WasmFunction,
} from '../util/wasmModule';

/**
 * perceptualHash's two passes of dctLow in WebAssembly SIMD: two columns (then two rows) at a time in the two
 * lanes of a f64x2, with the same operations in the same order as the JavaScript (each lane an IEEE double: the
 * same bits), fully unrolled. The 32x32 grey image goes in as doubles; the columns' 8 lowest frequencies are kept
 * column major ([x * 8 + v]) so that the row pass reads two rows side by side; out come the 8x8 lowest
 * frequencies, vertical major ([v * 8 + u]), as dctHash compares them.
 */

const SIDE = 32;
const LOW = 8;
/** Bytes of one row of doubles. */
const ROW = SIDE * 8;

/** Memory: the cosines (perceptualHash's ODD32, ODD16, ODD8, one after the other), the image, the passes. */
const COSINES = 0;
const PIXELS = 1024;
const COLUMNS = PIXELS + SIDE * ROW;
const RESULT = COLUMNS + SIDE * LOW * 8;
/** Where ODD16 and ODD8 start among the cosines. */
const ODD16_AT = 64;
const ODD8_AT = 80;

// Parameters and locals of a pass.
const [SRC, DST, COS, PAIR, P, Q, A, B, D] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
const F = 9; // f0 .. f7
const S1 = F + LOW; // 16 sums of the first stage
const S2 = S1 + 16; // 8 of the second

/** acc = acc + d * cos[at] (the cosine in both lanes). */
const multiplyAdd = (acc: number, at: number) => [
  ...op.get(acc),
  ...op.get(D),
  ...op.get(COS),
  ...op.v128Load64Splat(8 * at),
  ...op.f64x2Mul,
  ...op.f64x2Add,
  ...op.set(acc),
];

/** a = x, b = y, sum = a + b, d = a - b (x, y: instructions that push a value). */
const butterfly = (x: number[], y: number[], sum: number[]) => [
  ...x,
  ...op.set(A),
  ...y,
  ...op.set(B),
  ...op.get(A),
  ...op.get(B),
  ...op.f64x2Add,
  ...sum,
  ...op.get(A),
  ...op.get(B),
  ...op.f64x2Sub,
  ...op.set(D),
];

const zero = (...locals: number[]) => locals.flatMap((l) => [...op.v128Zero, ...op.set(l)]);

/**
 * A pass: for each of `pairs` pairs of lanes, the values n = 0..31 at src + 16 * pair + n * `stride` (bytes); the
 * 8 frequencies of lane l go to dst + 64 * (2 * pair + l) + 8 * v.
 */
const pass = (name: string, pairs: number, stride: number): WasmFunction => ({
  name,
  params: 3,
  locals: [
    { count: 3, type: I32 },
    { count: 3 + LOW + 16 + 8, type: V128 },
  ],
  body: [
    op.loop,
    [...op.get(SRC), ...op.get(PAIR), ...op.i32(16), ...op.i32Mul, ...op.i32Add, ...op.set(P)],
    [...op.get(DST), ...op.get(PAIR), ...op.i32(2 * LOW * 8), ...op.i32Mul, ...op.i32Add, ...op.set(Q)],
    zero(F + 1, F + 3, F + 5, F + 7),
    ...Array.from({ length: 16 }, (_, n) => [
      ...butterfly(
        [...op.get(P), ...op.v128Load(n * stride)],
        [...op.get(P), ...op.v128Load((31 - n) * stride)],
        op.set(S1 + n),
      ),
      ...multiplyAdd(F + 1, n),
      ...multiplyAdd(F + 3, 16 + n),
      ...multiplyAdd(F + 5, 32 + n),
      ...multiplyAdd(F + 7, 48 + n),
    ]),
    zero(F + 2, F + 6),
    ...Array.from({ length: 8 }, (_, n) => [
      ...butterfly(op.get(S1 + n), op.get(S1 + 15 - n), op.set(S2 + n)),
      ...multiplyAdd(F + 2, ODD16_AT + n),
      ...multiplyAdd(F + 6, ODD16_AT + 8 + n),
    ]),
    zero(F, F + 4),
    ...Array.from({ length: 4 }, (_, n) => [
      // f0 = f0 + (a + b)
      ...butterfly(op.get(S2 + n), op.get(S2 + 7 - n), [...op.get(F), ...op.f64x2Add, ...op.set(F)]),
      ...multiplyAdd(F + 4, ODD8_AT + n),
    ]),
    ...Array.from({ length: LOW }, (_, v) => [
      ...[...op.get(Q), ...op.get(F + v), ...op.v128Store64Lane(8 * v, 0)],
      ...[...op.get(Q), ...op.get(F + v), ...op.v128Store64Lane(LOW * 8 + 8 * v, 1)],
    ]),
    repeatWhileBelow(PAIR, 1, op.i32(pairs)),
    op.end,
  ],
});

/** The module's bytes (exported for its test). */
export function dctSimdModule(): Uint8Array<ArrayBuffer> {
  return assembleModule([pass('columns', SIDE / 2, ROW), pass('rows', LOW / 2, LOW * 8)], 1);
}

interface Kernel {
  memory: WebAssembly.Memory;
  columns: (src: number, dst: number, cos: number) => void;
  rows: (src: number, dst: number, cos: number) => void;
}

interface Views {
  columns: Kernel['columns'];
  rows: Kernel['rows'];
  pixels: Float64Array;
  result: Float64Array;
}

/** Instantiated on first use; null where WebAssembly SIMD is missing. */
let views: Views | null | undefined;

function instantiate(cosines: Float64Array): Views | null {
  const k = instantiateOrNull<Kernel>(dctSimdModule());
  if (!k) return null;
  new Float64Array(k.memory.buffer, COSINES, ODD8_AT + 4).set(cosines);
  return {
    columns: k.columns,
    rows: k.rows,
    pixels: new Float64Array(k.memory.buffer, PIXELS, SIDE * SIDE),
    result: new Float64Array(k.memory.buffer, RESULT, LOW * LOW),
  };
}

/**
 * The 8x8 lowest DCT-II frequencies of the 32x32 grey image, [v * 8 + u] (valid until the next call), or undefined
 * where WebAssembly SIMD is missing. `cosines`: ODD32, ODD16 and ODD8 of perceptualHash, one after the other (84
 * values; read on the first call).
 */
export function simdDctLow(grey: Uint8Array, cosines: Float64Array): Float64Array | undefined {
  if (views === undefined) views = instantiate(cosines);
  if (!views) return undefined;
  views.pixels.set(grey);
  views.columns(PIXELS, COLUMNS, COSINES);
  views.rows(COLUMNS, RESULT, COSINES);
  return views.result;
}
