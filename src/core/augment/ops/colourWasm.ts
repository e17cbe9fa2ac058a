import { assembleModule, I32, instantiateOrNull, op, repeatWhileBelow, V128 } from '../../util/wasmModule';

/**
 * brightness, contrast and saturation in WebAssembly SIMD, twelve samples (four RGB pixels) an iteration: the
 * colour steps were a quarter of an export's CPU on photos, one scalar pass each. The same bytes as the loops of
 * colour.ts: each sample is widened to float64 (exact), the same operations run in the same order in float64
 * (WebAssembly never fuses a multiply and an add), the clamp is pmax/pmin, which keep NaN and -0 as the loops' `?:`
 * do, and the result is rounded to float32 to nearest, as a Float32Array store rounds it.
 * test/unit/colourWasm.test.ts compares every kernel with its loop, bit for bit.
 */

/** Samples per call: a multiple of 12, so a chunk starts on a pixel and on the centres' period. */
const CHUNK = 12 * 5461;
/** Where the float64 parameters are: after the samples. */
const PARAMS = CHUNK * 4;
/** Parameters: factor, 0, 255, then add (brightness), twelve centres (contrast) or three luma weights. */
const [FACTOR, ZERO, MAX, EXTRA] = [0, 8, 16, 24];

// The kernels' parameter (the end, in bytes) and locals: the address, then vectors.
const END = 0;
const I = 1;
const [F, Z, M] = [2, 3, 4];

/** A float64 parameter in both lanes. */
const splatParam = (offset: number, local: number) => [
  ...op.i32(0),
  ...op.v128Load64Splat(PARAMS + offset),
  ...op.set(local),
];

/** Bytes 8-15 of a vector in its low half: the upper two float32 lanes, for promoting. */
const HIGH_HALF = [8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15];
/** The low halves of two vectors, side by side: two demoted pairs of float32 joined into four. */
const LOW_HALVES = [0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23];

const clamp = [...op.get(Z), ...op.f64x2Pmax, ...op.get(M), ...op.f64x2Pmin];

/**
 * For each of the three vectors of an iteration (at I + 0, 16, 32): load, widen its two halves, run `each` on
 * each half (which gets its index 0-5 among the iteration's six halves), narrow and store in place.
 */
function perHalf(each: (half: number) => number[], V: number, LO: number): number[][] {
  return [0, 1, 2].map((k) => [
    ...op.get(I),
    ...op.get(I),
    ...op.v128Load(16 * k),
    ...op.tee(V),
    ...op.f64x2PromoteLowF32x4,
    ...each(2 * k),
    ...op.f32x4DemoteF64x2Zero,
    ...op.set(LO),
    ...op.get(LO),
    ...op.get(V),
    ...op.get(V),
    ...op.i8x16Shuffle(HIGH_HALF),
    ...op.f64x2PromoteLowF32x4,
    ...each(2 * k + 1),
    ...op.f32x4DemoteF64x2Zero,
    ...op.i8x16Shuffle(LOW_HALVES),
    ...op.v128Store(16 * k),
  ]);
}

const loopOver = (body: number[][]) => [op.loop, ...body, repeatWhileBelow(I, 48, op.get(END)), op.end];

/**
 * A kernel of one parameter (the end): the address, `vectors` v128 locals from F on (F, Z and M splatted from
 * their parameters, then `setup`), and `body` run over every twelve samples.
 */
function colourKernel(name: string, vectors: number, setup: number[][], body: number[][]) {
  return {
    name,
    params: 1,
    locals: [
      { count: 1, type: I32 },
      { count: vectors, type: V128 },
    ],
    body: [splatParam(FACTOR, F), splatParam(ZERO, Z), splatParam(MAX, M), ...setup, ...loopOver(body)],
  };
}

/** brighten: x * factor + add. */
function brightenKernel() {
  const [A, V, LO] = [5, 6, 7];
  const body = perHalf(() => [...op.get(F), ...op.f64x2Mul, ...op.get(A), ...op.f64x2Add, ...clamp], V, LO);
  return colourKernel('brighten', 6, [splatParam(EXTRA, A)], body);
}

/** contrast: (x - c) * factor + c, with sample k of every twelve centred on centre k (a channel's mean, or one). */
function contrastKernel() {
  const C = 5; // C .. C + 5: the six halves' centres
  const [V, LO] = [11, 12];
  const centres = [0, 1, 2, 3, 4, 5].map((h) => [
    ...op.i32(0),
    ...op.v128Load(PARAMS + EXTRA + 16 * h),
    ...op.set(C + h),
  ]);
  const body = perHalf(
    (half) => [
      ...op.get(C + half),
      ...op.f64x2Sub,
      ...op.get(F),
      ...op.f64x2Mul,
      ...op.get(C + half),
      ...op.f64x2Add,
      ...clamp,
    ],
    V,
    LO,
  );
  return colourKernel('contrast', 11, centres, body);
}

/**
 * saturate: per pixel grey = wr * r + wg * g + wb * b, then grey + factor * (x - grey). The twelve samples
 * [r0 g0 b0 r1 | g1 b1 r2 g2 | b2 r3 g3 b3] are widened to six pairs P0..P5 = [r0 g0] [b0 r1] [g1 b1] [r2 g2]
 * [b2 r3] [g3 b3], regrouped as [r0 r1] [g0 g1] [b0 b1] and [r2 r3] [g2 g3] [b2 b3], worked on, and put back.
 */
function saturateKernel() {
  const [WR, WG, WB] = [5, 6, 7];
  const P = 8; // P .. P + 5
  const [R, G, B, GREY, V] = [14, 15, 16, 17, 18];
  /** Lanes: the first vector's low (0-7) or high (8-15) half, then the second's (16-23, 24-31). */
  const pick = (a: number, aHalf: 0 | 1, b: number, bHalf: 0 | 1) => [
    ...op.get(a),
    ...op.get(b),
    ...op.i8x16Shuffle([...halfLanes(aHalf, 0), ...halfLanes(bHalf, 16)]),
  ];
  const widen = (k: number) => [
    ...op.get(I),
    ...op.v128Load(16 * k),
    ...op.tee(V),
    ...op.f64x2PromoteLowF32x4,
    ...op.set(P + 2 * k),
    ...op.get(V),
    ...op.get(V),
    ...op.i8x16Shuffle(HIGH_HALF),
    ...op.f64x2PromoteLowF32x4,
    ...op.set(P + 2 * k + 1),
  ];
  const saturated = (channel: number) => [
    ...op.get(GREY),
    ...op.get(F),
    ...op.get(channel),
    ...op.get(GREY),
    ...op.f64x2Sub,
    ...op.f64x2Mul,
    ...op.f64x2Add,
    ...clamp,
    ...op.set(channel),
  ];
  /** Two pixels: their channels from three of the pairs, saturated, and back into those pairs. */
  const twoPixels = (p: number) => [
    // [r r], [g g], [b b] of pairs p, p+1, p+2 = [r g] [b r] [g b].
    ...pick(p, 0, p + 1, 1),
    ...op.set(R),
    ...pick(p, 1, p + 2, 0),
    ...op.set(G),
    ...pick(p + 1, 0, p + 2, 1),
    ...op.set(B),
    ...[
      ...op.get(WR),
      ...op.get(R),
      ...op.f64x2Mul,
      ...op.get(WG),
      ...op.get(G),
      ...op.f64x2Mul,
      ...op.f64x2Add,
    ],
    ...[...op.get(WB), ...op.get(B), ...op.f64x2Mul, ...op.f64x2Add, ...op.set(GREY)],
    ...saturated(R),
    ...saturated(G),
    ...saturated(B),
    ...pick(R, 0, G, 0),
    ...op.set(p),
    ...pick(B, 0, R, 1),
    ...op.set(p + 1),
    ...pick(G, 1, B, 1),
    ...op.set(p + 2),
  ];
  const narrow = (k: number) => [
    ...op.get(I),
    ...op.get(P + 2 * k),
    ...op.f32x4DemoteF64x2Zero,
    ...op.get(P + 2 * k + 1),
    ...op.f32x4DemoteF64x2Zero,
    ...op.i8x16Shuffle(LOW_HALVES),
    ...op.v128Store(16 * k),
  ];
  const body = [
    widen(0),
    widen(1),
    widen(2),
    twoPixels(P),
    twoPixels(P + 3),
    narrow(0),
    narrow(1),
    narrow(2),
  ];
  const weights = [splatParam(EXTRA, WR), splatParam(EXTRA + 8, WG), splatParam(EXTRA + 16, WB)];
  return colourKernel('saturate', 17, weights, body);
}

/** The eight byte lanes of a float64 half (0: low, 1: high) of the vector whose lanes start at `base`. */
function halfLanes(half: 0 | 1, base: number): number[] {
  return Array.from({ length: 8 }, (_, b) => base + 8 * half + b);
}

/** The module's bytes (exported for its test). */
export function colourModule(): Uint8Array<ArrayBuffer> {
  return assembleModule(
    [brightenKernel(), contrastKernel(), saturateKernel()],
    Math.ceil((PARAMS + 256) / 65536),
  );
}

interface Kernels {
  memory: WebAssembly.Memory;
  brighten: (end: number) => void;
  contrast: (end: number) => void;
  saturate: (end: number) => void;
}

let kernels: Kernels | null | undefined;

function loaded(): Kernels | null {
  if (kernels === undefined) kernels = instantiateOrNull<Kernels>(colourModule());
  return kernels;
}

/** Runs `kernel` over `src` a chunk at a time into `dst` (which may be `src`), after `params` are written. */
function run(
  k: Kernels,
  kernel: (end: number) => void,
  params: readonly number[],
  src: Float32Array,
  dst: Float32Array,
): void {
  new Float64Array(k.memory.buffer, PARAMS, params.length).set(params);
  const samples = new Float32Array(k.memory.buffer, 0, CHUNK);
  for (let start = 0; start < src.length; start += CHUNK) {
    const n = Math.min(CHUNK, src.length - start);
    samples.set(src.subarray(start, start + n));
    // Up to 11 samples past n are worked on as the last chunk left them, and not copied out.
    kernel(Math.ceil(n / 12) * 48);
    dst.set(samples.subarray(0, n), start);
  }
}

/** brighten's pass; false (nothing written) without WebAssembly SIMD. */
export function wasmBrighten(src: Float32Array, dst: Float32Array, factor: number, add: number): boolean {
  const k = loaded();
  if (!k) return false;
  run(k, k.brighten, [factor, 0, 255, add], src, dst);
  return true;
}

/**
 * The contrast pass with sample i centred on centre[i % centre.length] (1 to 4 centres: 12 is a multiple of each);
 * false (nothing written) without WebAssembly SIMD or with another number of centres.
 */
export function wasmContrast(
  src: Float32Array,
  dst: Float32Array,
  factor: number,
  centre: readonly number[],
): boolean {
  if (centre.length < 1 || centre.length > 4) return false;
  const k = loaded();
  if (!k) return false;
  const pattern = Array.from({ length: 12 }, (_, i) => centre[i % centre.length]);
  run(k, k.contrast, [factor, 0, 255, ...pattern], src, dst);
  return true;
}

/** saturate's pass on interleaved RGB with luma weights `weights`; false (nothing written) without WebAssembly SIMD. */
export function wasmSaturate(
  src: Float32Array,
  dst: Float32Array,
  factor: number,
  weights: readonly [number, number, number],
): boolean {
  const k = loaded();
  if (!k) return false;
  run(k, k.saturate, [factor, 0, 255, ...weights], src, dst);
  return true;
}
