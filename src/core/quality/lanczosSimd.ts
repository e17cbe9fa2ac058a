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
import { SIX, type SixTaps } from './lanczosSixTaps';
import { HALF, PRECISION_BITS as SHIFT } from './pillowFixedPoint';

/**
 * pilLanczos' two passes in WebAssembly SIMD, for images whose both axes have six-tap weights (lanczosSixTaps:
 * small images enlarged to the hash's 32x32, such as 28x28 digits). One kernel, `rows`, makes each output row from
 * six input rows, eight columns at a time in 32-bit lanes (Pillow's integer sums, exact: every product and sum is
 * below 2^31), rounded and clipped to 0..255 by two saturating narrowings. The horizontal pass is that kernel on
 * the transposed image, whose result is transposed back for the vertical pass:
 *
 *   input (h x w) -> transposed (w x h) -> rows: horizontal (outW x h) -> transposed (h x outW) -> rows: result
 */

// Parameters and locals of `rows`, by index.
const [SRC, STRIDE, ROWS, LANES, STARTS, WEIGHTS, DST, DST_STRIDE] = [0, 1, 2, 3, 4, 5, 6, 7];
const [R, X, O] = [8, 9, 10];
const Q = 11; // six row addresses, Q .. Q + 5
const W = Q + SIX; // six weights splatted, W .. W + 5 (v128)
const [LO, HI, V, HALF_V] = [W + SIX, W + SIX + 1, W + SIX + 2, W + SIX + 3];

/**
 * rows(src, stride, rows, lanes, starts, weights, dst, dstStride): for r < rows, dst row r (at dst + r * dstStride)
 * = clip8((HALF + sum over t < 6 of weights[6r + t] * src row (starts[r] + t)) >> 22), for `lanes` columns (a
 * multiple of 8; rows `stride` bytes apart). starts and weights are i32 arrays.
 */
const rowsKernel: WasmFunction = {
  name: 'rows',
  params: 8,
  locals: [
    { count: 3 + SIX, type: I32 },
    { count: SIX + 4, type: V128 },
  ],
  body: [
    [...op.i32(HALF), ...op.i32x4Splat, ...op.set(HALF_V)],
    op.loop,
    // Q + t = src + (starts[r] + t) * stride
    [...op.get(STARTS), ...op.get(R), ...op.i32(2), ...op.i32Shl, ...op.i32Add, ...op.i32Load(0)],
    [...op.get(STRIDE), ...op.i32Mul, ...op.get(SRC), ...op.i32Add, ...op.set(Q)],
    ...Array.from({ length: SIX - 1 }, (_, t) => [
      ...op.get(Q + t),
      ...op.get(STRIDE),
      ...op.i32Add,
      ...op.set(Q + t + 1),
    ]),
    // W + t = splat(weights[6r + t])
    ...Array.from({ length: SIX }, (_, t) => [
      ...op.get(WEIGHTS),
      ...op.get(R),
      ...op.i32(4 * SIX),
      ...op.i32Mul,
      ...op.i32Add,
      ...op.i32Load(4 * t),
      ...op.i32x4Splat,
      ...op.set(W + t),
    ]),
    [...op.get(DST), ...op.get(R), ...op.get(DST_STRIDE), ...op.i32Mul, ...op.i32Add, ...op.set(O)],
    [...op.i32(0), ...op.set(X)],
    op.loop,
    [...op.get(HALF_V), ...op.set(LO), ...op.get(HALF_V), ...op.set(HI)],
    ...Array.from({ length: SIX }, (_, t) => [
      ...op.get(Q + t),
      ...op.get(X),
      ...op.i32Add,
      ...op.v128Load8x8u,
      ...op.set(V),
      ...[...op.get(LO), ...op.get(V), ...op.i32x4ExtendLowI16x8u, ...op.get(W + t), ...op.i32x4Mul],
      ...[...op.i32x4Add, ...op.set(LO)],
      ...[...op.get(HI), ...op.get(V), ...op.i32x4ExtendHighI16x8u, ...op.get(W + t), ...op.i32x4Mul],
      ...[...op.i32x4Add, ...op.set(HI)],
    ]),
    // dst[o + x .. + 8] = clip8 of the eight sums
    [...op.get(O), ...op.get(X), ...op.i32Add],
    [...op.get(LO), ...op.i32(SHIFT), ...op.i32x4ShrS, ...op.get(HI), ...op.i32(SHIFT), ...op.i32x4ShrS],
    [
      ...op.i16x8NarrowI32x4s,
      ...op.tee(V),
      ...op.get(V),
      ...op.i8x16NarrowI16x8u,
      ...op.v128Store64Lane(0, 0),
    ],
    repeatWhileBelow(X, 8, op.get(LANES)),
    op.end,
    repeatWhileBelow(R, 1, op.get(ROWS)),
    op.end,
  ],
};

// Parameters and locals of `transpose`.
const [T_SRC, T_W, T_H, T_SRC_STRIDE, T_DST, T_DST_STRIDE, T_Y, T_X, T_S, T_D] = [
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
];

/** transpose(src, w, h, srcStride, dst, dstStride): dst[x * dstStride + y] = src[y * srcStride + x] (bytes). */
const transposeKernel: WasmFunction = {
  name: 'transpose',
  params: 6,
  locals: [{ count: 4, type: I32 }],
  body: [
    op.loop,
    [...op.get(T_SRC), ...op.get(T_Y), ...op.get(T_SRC_STRIDE), ...op.i32Mul, ...op.i32Add, ...op.set(T_S)],
    [...op.get(T_DST), ...op.get(T_Y), ...op.i32Add, ...op.set(T_D), ...op.i32(0), ...op.set(T_X)],
    op.loop,
    [...op.get(T_D), ...op.get(T_S), ...op.get(T_X), ...op.i32Add, ...op.i32Load8u, ...op.i32Store8],
    [...op.get(T_D), ...op.get(T_DST_STRIDE), ...op.i32Add, ...op.set(T_D)],
    repeatWhileBelow(T_X, 1, op.get(T_W)),
    op.end,
    repeatWhileBelow(T_Y, 1, op.get(T_H)),
    op.end,
  ],
};

/** The module's bytes (exported for its test). */
export function lanczosSimdModule(): Uint8Array<ArrayBuffer> {
  return assembleModule([rowsKernel, transposeKernel], 1);
}

interface Kernels {
  memory: WebAssembly.Memory;
  rows: (...args: number[]) => void;
  transpose: (...args: number[]) => void;
}

/** Instantiated on first use; null where WebAssembly SIMD is missing (the resize then runs in JavaScript). */
let kernels: Kernels | null | undefined;
let bytes = new Uint8Array(0);
/** The weights now in memory (loaded again only when the sizes change). */
let loadedH: SixTaps | undefined;
let loadedV: SixTaps | undefined;

const up8 = (n: number) => (n + 7) & ~7;

/**
 * The LANCZOS resize of a `width` x `height` grey image (row y at y * width in `grey`) to `outWidth` x
 * `outHeight` into `out`, both axes having six-tap weights. False (nothing written) where WebAssembly SIMD is
 * missing or the image does not fit MAX_KERNEL_MEMORY.
 */
export function simdResize(
  width: number,
  height: number,
  grey: Uint8Array,
  outWidth: number,
  outHeight: number,
  horizontal: SixTaps,
  vertical: SixTaps,
  out: Uint8Array,
): boolean {
  if (kernels === undefined) kernels = instantiateOrNull<Kernels>(lanczosSimdModule());
  if (!kernels) return false;
  const k = kernels;
  // Layout: starts and weights of both axes, then the input and the four stages, each row padded to 8 lanes.
  const hWeights = outWidth * 4;
  const vStarts = hWeights + outWidth * SIX * 4;
  const vWeights = vStarts + outHeight * 4;
  const input = up8(vWeights + outHeight * SIX * 4);
  const hp = up8(height);
  const wp = up8(outWidth);
  const transposed = up8(input + width * height);
  const across = transposed + width * hp;
  const back = across + outWidth * hp;
  const result = back + height * wp;
  const end = result + outHeight * wp;
  if (!reserveMemory(k.memory, end)) return false;
  // Grown: a new buffer, the taps loaded again.
  if (bytes.buffer !== k.memory.buffer) {
    bytes = new Uint8Array(k.memory.buffer);
    loadedH = loadedV = undefined;
  }
  if (loadedH !== horizontal || loadedV !== vertical) {
    const ints = new Int32Array(k.memory.buffer, 0, vWeights / 4 + outHeight * SIX);
    ints.set(horizontal.start, 0);
    ints.set(horizontal.weights, hWeights / 4);
    ints.set(vertical.start, vStarts / 4);
    ints.set(vertical.weights, vWeights / 4);
    loadedH = horizontal;
    loadedV = vertical;
  }
  const pixels = width * height;
  bytes.set(grey.length === pixels ? grey : grey.subarray(0, pixels), input);
  k.transpose(input, width, height, width, transposed, hp);
  k.rows(transposed, hp, outWidth, hp, 0, hWeights, across, hp);
  k.transpose(across, height, outWidth, hp, back, wp);
  k.rows(back, wp, outHeight, wp, vStarts, vWeights, result, wp);
  if (wp === outWidth) out.set(bytes.subarray(result, result + outWidth * outHeight));
  else
    for (let y = 0; y < outHeight; y++)
      out.set(bytes.subarray(result + y * wp, result + y * wp + outWidth), y * outWidth);
  return true;
}
