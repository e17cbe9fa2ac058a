type TypedArray = Float64Array | Float32Array | Int32Array | Uint32Array | Uint16Array | Uint8Array;
type TypedArrayConstructor<T extends TypedArray> = { new (length: number): T };

/** Elements per chunk: 64k (512 KB of float64), small next to a million-image run, large enough to be cheap. */
const CHUNK_BITS = 16;
const CHUNK = 1 << CHUNK_BITS;
const MASK = CHUNK - 1;

/**
 * An append-only array of numbers stored in fixed-size typed-array chunks: a million numbers cost 8 MB, not a
 * million objects, and growing never copies (a doubling array would briefly hold 3x its size and leave the old
 * buffers to the allocator, which keeps the memory).
 */
export class Growable<T extends TypedArray> {
  private readonly chunks: T[] = [];
  length = 0;

  constructor(private readonly make: TypedArrayConstructor<T>) {}

  push(value: number): void {
    const slot = this.length & MASK;
    if (slot === 0) this.chunks.push(new this.make(CHUNK));
    this.chunks[this.chunks.length - 1][slot] = value;
    this.length++;
  }

  get(i: number): number {
    return this.chunks[i >>> CHUNK_BITS][i & MASK];
  }

  /** A contiguous copy of the values (for sorting and quantiles at the end of a run). */
  toArray(): T {
    const out = new this.make(this.length);
    this.chunks.forEach((chunk, k) => {
      const start = k * CHUNK;
      out.set(chunk.subarray(0, Math.min(CHUNK, this.length - start)), start);
    });
    return out;
  }
}
