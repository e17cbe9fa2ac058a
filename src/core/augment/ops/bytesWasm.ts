import { assembleModule, I32, instantiateOrNull, op, repeatWhileBelow, V128 } from '../../util/wasmModule';

/**
 * toBytes in WebAssembly SIMD, 16 samples an iteration: the working image's one quantisation step, a pass over
 * every output sample that cost as much as a colour step in JavaScript. Exactly toBytes' rounding, without adding
 * 0.5 in float32 (which would round 0.49999997 up): t = trunc(v), then + 1 where v - t >= 0.5 (v - t is exact for
 * every float32), then converted with saturation (NaN to 0) and narrowed with saturation to 0..255.
 */

/** Samples converted per call: the floats at 0, the bytes after them. */
const CHUNK = 64 * 1024;
const OUT = CHUNK * 4;

// Parameter and locals.
const [END, I, O, V, T, HALF] = [0, 1, 2, 3, 4, 5];

/** The four rounded samples at I + `offset` as i32x4: trunc(v) - (v - trunc(v) >= 0.5 ? -1 : 0). */
const roundedFour = (offset: number) => [
  ...[
    ...op.get(I),
    ...op.v128Load(offset),
    ...op.tee(V),
    ...op.f32x4Trunc,
    ...op.tee(T),
    ...op.i32x4TruncSatF32x4s,
  ],
  ...[...op.get(V), ...op.get(T), ...op.f32x4Sub, ...op.get(HALF), ...op.f32x4Ge, ...op.i32x4Sub],
];

/** toBytes(end): bytes at OUT + o for the floats at 4 o, for o < end (a multiple of 16). */
const toBytesKernel = {
  name: 'toBytes',
  params: 1,
  locals: [
    { count: 2, type: I32 },
    { count: 3, type: V128 },
  ],
  body: [
    [...op.f32(0.5), ...op.f32x4Splat, ...op.set(HALF)],
    op.loop,
    [...op.get(O), ...roundedFour(0), ...roundedFour(16), ...op.i16x8NarrowI32x4s],
    [...roundedFour(32), ...roundedFour(48), ...op.i16x8NarrowI32x4s, ...op.i8x16NarrowI16x8u],
    op.v128Store(OUT),
    [...op.get(I), ...op.i32(64), ...op.i32Add, ...op.set(I)],
    repeatWhileBelow(O, 16, op.get(END)),
    op.end,
  ],
};

/** The module's bytes (exported for its test). */
export function bytesModule(): Uint8Array<ArrayBuffer> {
  return assembleModule([toBytesKernel], (OUT + CHUNK) / 65536);
}

interface Kernel {
  memory: WebAssembly.Memory;
  toBytes: (end: number) => void;
}

let kernel: Kernel | null | undefined;

/** toBytes of `src` into `out` (as long), a chunk at a time; false (nothing written) without WebAssembly SIMD. */
export function wasmToBytes(src: Float32Array, out: Uint8Array): boolean {
  if (kernel === undefined) kernel = instantiateOrNull<Kernel>(bytesModule());
  if (!kernel) return false;
  const floats = new Float32Array(kernel.memory.buffer, 0, CHUNK);
  const bytes = new Uint8Array(kernel.memory.buffer, OUT, CHUNK);
  for (let start = 0; start < src.length; start += CHUNK) {
    const n = Math.min(CHUNK, src.length - start);
    floats.set(src.subarray(start, start + n));
    // Up to 15 samples past n are converted from what the last chunk left there, and not copied out.
    kernel.toBytes(Math.ceil(n / 16) * 16);
    out.set(bytes.subarray(0, n), start);
  }
  return true;
}
