const RECORDS_PER_CHUNK = 1024;

/**
 * Append-only records of a fixed byte size, in chunks (growing never copies): the content vectors and
 * thumbnails of a run, one typed array per thousand images instead of two per image.
 */
export class FixedRecords {
  private readonly chunks: Uint8Array[] = [];
  length = 0;

  constructor(readonly size: number) {}

  push(bytes: Uint8Array): void {
    if (bytes.length !== this.size)
      throw new Error(`a record of ${bytes.length} bytes where ${this.size} fit`);
    const slot = this.length % RECORDS_PER_CHUNK;
    if (slot === 0) this.chunks.push(new Uint8Array(RECORDS_PER_CHUNK * this.size));
    this.chunks[this.chunks.length - 1].set(bytes, slot * this.size);
    this.length++;
  }

  /** Record i, as a view (valid as long as this store). */
  get(i: number): Uint8Array {
    const chunk = this.chunks[Math.floor(i / RECORDS_PER_CHUNK)];
    const at = (i % RECORDS_PER_CHUNK) * this.size;
    return chunk.subarray(at, at + this.size);
  }

  clear(): void {
    this.chunks.length = 0;
    this.length = 0;
  }
}
