type TypedArray = Float64Array | Float32Array | Uint32Array | Uint8Array;
type TypedArrayConstructor<T extends TypedArray> = { new (length: number): T };

/** An append-only typed array that doubles when full: a million numbers cost 8 MB, not a million objects. */
export class Growable<T extends TypedArray> {
  private data: T;
  length = 0;

  constructor(private readonly make: TypedArrayConstructor<T>) {
    this.data = new make(1024);
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new this.make(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }

  get(i: number): number {
    return this.data[i];
  }

  /** A view of the filled part (shares memory). */
  view(): T {
    return this.data.subarray(0, this.length) as T;
  }
}
