/**
 * A few bytes of the WebAssembly binary format (core spec, "Binary Format"), enough to write small modules of
 * numeric kernels in TypeScript: the module is assembled when first used, so there is no binary file to build or
 * to keep in step with its source. Functions take i32 parameters, return nothing and export under their names;
 * the module has one memory, exported as `memory`.
 */

/** Unsigned LEB128. */
export function uleb(value: number): number[] {
  const out: number[] = [];
  let v = value >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

/** Signed LEB128 of a 32-bit integer. */
export function sleb(value: number): number[] {
  const out: number[] = [];
  let v = value | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

export const I32 = 0x7f;
export const V128 = 0x7b;

/** Instructions, as byte arrays to concatenate (`op.x(...)` for those with immediates). */
export const op = {
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  end: [0x0b],
  brIf: (depth: number) => [0x0d, ...uleb(depth)],
  get: (local: number) => [0x20, ...uleb(local)],
  set: (local: number) => [0x21, ...uleb(local)],
  tee: (local: number) => [0x22, ...uleb(local)],
  i32: (value: number) => [0x41, ...sleb(value)],
  /** i32.load at the address plus `offset`. */
  i32Load: (offset: number) => [0x28, 2, ...uleb(offset)],
  i32Load8u: [0x2d, 0, 0],
  i32Store8: [0x3a, 0, 0],
  /** The same at the address plus `offset`, and i32.store. */
  i32Load8uAt: (offset: number) => [0x2d, 0, ...uleb(offset)],
  i32Store8At: (offset: number) => [0x3a, 0, ...uleb(offset)],
  i32Store: (offset: number) => [0x36, 2, ...uleb(offset)],
  i32Add: [0x6a],
  i32Mul: [0x6c],
  i32Shl: [0x74],
  i32ShrS: [0x75],
  i32GtS: [0x4a],
  i32LtS: [0x48],
  i32Sub: [0x6b],
  i32Or: [0x72],
  i32Xor: [0x73],
  i32ShrU: [0x76],
  /** a, b, condition -> condition ? a : b */
  select: [0x1b],
  i32x4ExtractLane: (lane: number) => [0xfd, ...uleb(0x1b), lane],
  i32x4DotI16x8s: [0xfd, ...uleb(0xba)],
  i32LtU: [0x49],
  /** SIMD: the 0xfd prefix, then the instruction's number in LEB128. */
  v128Load8x8u: [0xfd, ...uleb(0x02), 0, 0],
  i32x4Splat: [0xfd, ...uleb(0x11)],
  i8x16NarrowI16x8u: [0xfd, ...uleb(0x66)],
  i16x8NarrowI32x4s: [0xfd, ...uleb(0x85)],
  i32x4ExtendLowI16x8u: [0xfd, ...uleb(0xa9)],
  i32x4ExtendHighI16x8u: [0xfd, ...uleb(0xaa)],
  i32x4ShrS: [0xfd, ...uleb(0xac)],
  i32x4Add: [0xfd, ...uleb(0xae)],
  i32x4Mul: [0xfd, ...uleb(0xb5)],
  i32x4Sub: [0xfd, ...uleb(0xb1)],
  i32x4TruncSatF32x4s: [0xfd, ...uleb(0xf8)],
  /** f32.const: the value's IEEE bits, little-endian. */
  f32: (value: number) => {
    const bits = new DataView(new ArrayBuffer(4));
    bits.setFloat32(0, value, true);
    return [0x43, ...new Uint8Array(bits.buffer)];
  },
  f32x4Splat: [0xfd, ...uleb(0x13)],
  f32x4Ge: [0xfd, ...uleb(0x46)],
  f32x4Trunc: [0xfd, ...uleb(0x69)],
  f32x4Sub: [0xfd, ...uleb(0xe5)],
  /** v128 load and store at the address plus `offset`; a 64-bit value loaded into both lanes. */
  v128Load: (offset: number) => [0xfd, ...uleb(0x00), 0, ...uleb(offset)],
  v128Store: (offset: number) => [0xfd, ...uleb(0x0b), 0, ...uleb(offset)],
  v128Load64Splat: (offset: number) => [0xfd, ...uleb(0x0a), 0, ...uleb(offset)],
  /** Stores lane `lane` (0 or 1) of a f64x2 / i64x2 at the address plus `offset`. */
  v128Store64Lane: (offset: number, lane: number) => [0xfd, ...uleb(0x5b), 0, ...uleb(offset), lane],
  v128Zero: [0xfd, ...uleb(0x0c), ...Array<number>(16).fill(0)],
  /** f64 load and store at the address plus `offset`. */
  f64Load: (offset: number) => [0x2b, 3, ...uleb(offset)],
  f64Store: (offset: number) => [0x39, 3, ...uleb(offset)],
  f64Add: [0xa0],
  f64ConvertI32U: [0xb8],
  f64x2Add: [0xfd, ...uleb(0xf0)],
  f64x2Sub: [0xfd, ...uleb(0xf1)],
  f64x2Mul: [0xfd, ...uleb(0xf2)],
  /** Pseudo-minimum and -maximum: pmin(a, b) = b < a ? b : a, pmax(a, b) = a < b ? b : a (NaN and -0 as JS's ?:). */
  f64x2Pmin: [0xfd, ...uleb(0xf6)],
  f64x2Pmax: [0xfd, ...uleb(0xf7)],
  /** The low two float32 lanes widened to float64 (exact). */
  f64x2PromoteLowF32x4: [0xfd, ...uleb(0x5f)],
  /** Both float64 lanes rounded to float32 (to nearest, as a Float32Array store) in the low lanes, zeros above. */
  f32x4DemoteF64x2Zero: [0xfd, ...uleb(0x5e)],
  /** Bytes of two vectors picked by 16 lane indices (0-15: the first, 16-31: the second). */
  i8x16Shuffle: (lanes: readonly number[]) => [0xfd, ...uleb(0x0d), ...lanes],
};

/**
 * A counted loop's tail: `counter` += `step`, then back to the start of the innermost loop while `counter` is below
 * `limit` (instructions that push it), unsigned.
 */
export function repeatWhileBelow(counter: number, step: number, limit: number[]): number[] {
  return [
    ...op.get(counter),
    ...op.i32(step),
    ...op.i32Add,
    ...op.tee(counter),
    ...limit,
    ...op.i32LtU,
    ...op.brIf(0),
  ];
}

/** A module's exports, or null where it does not compile here (no WebAssembly, or no SIMD: callers use JavaScript). */
export function instantiateOrNull<Exports>(bytes: Uint8Array<ArrayBuffer>): Exports | null {
  try {
    return new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as unknown as Exports;
  } catch {
    return null;
  }
}

/**
 * The most a kernel's memory grows to. A module never gives memory back, so what one image needed its process
 * holds for the rest of the run: an image whose rows would need more (hostile: a PNG millions of pixels wide; no
 * JPEG comes close, 65,535 pixels of 4 bytes a row) is left to the JavaScript paths, which give the same results.
 */
export const MAX_KERNEL_MEMORY = 16 << 20;

/** Grows `memory` to at least `end` bytes; false (left as it is) when that is more than MAX_KERNEL_MEMORY. */
export function reserveMemory(memory: WebAssembly.Memory, end: number): boolean {
  if (end > MAX_KERNEL_MEMORY) return false;
  const have = memory.buffer.byteLength;
  if (have < end) memory.grow(Math.ceil((end - have) / 65536));
  return true;
}

export interface WasmFunction {
  name: string;
  params: number;
  /** Extra locals after the parameters, by type. */
  locals: { count: number; type: number }[];
  body: number[][];
}

function section(id: number, content: number[]): number[] {
  return [id, ...uleb(content.length), ...content];
}

function vector(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function name(text: string): number[] {
  const bytes = [...Buffer.from(text, 'utf8')];
  return [...uleb(bytes.length), ...bytes];
}

/** The bytes of a module with these functions and one memory of `pages` 64 KiB pages. */
export function assembleModule(functions: WasmFunction[], pages: number): Uint8Array<ArrayBuffer> {
  const types = functions.map((f) => [0x60, ...uleb(f.params), ...Array<number>(f.params).fill(I32), 0]);
  const exports = [
    [...name('memory'), 0x02, 0],
    ...functions.map((f, k) => [...name(f.name), 0x00, ...uleb(k)]),
  ];
  const bodies = functions.map((f) => {
    const content = [...vector(f.locals.map((l) => [...uleb(l.count), l.type])), ...f.body.flat(), ...op.end];
    return [...uleb(content.length), ...content];
  });
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vector(types)),
    ...section(3, vector(functions.map((_, k) => uleb(k)))),
    ...section(5, vector([[0x00, ...uleb(pages)]])),
    ...section(7, vector(exports)),
    ...section(10, vector(bodies)),
  ]);
}
