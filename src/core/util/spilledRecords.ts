import { closeSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/** Records per chunk: at most 4096, and at most CHUNK_BYTES of them (4096 records of 256 bytes make 1 MB). */
const RECORDS_PER_CHUNK = 4096;
/**
 * Chunks of larger records hold fewer of them: the chunk being filled and the spare stay in memory whatever the
 * budget, and at 4096 records of a 48x48 thumbnail they were 9 MB each.
 */
const CHUNK_BYTES = 1 << 20;
/** Bytes of records kept in memory before later chunks go to a temporary file. */
export const DEFAULT_MEMORY_BYTES = 16 << 20;

/** Spill files still on disk (where an open file cannot be unlinked) and their descriptors: removed at exit. */
const leftOver = new Map<string, number>();
let exitHook = false;

/**
 * An append-only list of fixed-size byte records (thumbnails, content vectors). The first `memoryBytes` of them stay in memory;
 * later chunks are appended to a temporary file and read back a record at a time, so memory stays flat however
 * many images a run has (a check reads back only the few records it needs). The file is unlinked as soon as it is
 * open where the system allows it, so nothing is left even if the process is killed; elsewhere close(), or the
 * process's exit, removes it. If no temporary file can be written, records stay in memory.
 */
export class SpilledRecords {
  private readonly perChunk: number;
  private readonly chunkBytes: number;
  private readonly memoryChunks: number;
  /**
   * Chunks held in memory, by index: the first memoryChunks, the one being filled, any that could not be spilled.
   */
  private readonly resident = new Map<number, Buffer>();
  private spare: Buffer | undefined;
  /** The chunk the last record went to. */
  private filling: Buffer | undefined;
  private fd: number | undefined;
  private file: string | undefined;
  /** Set when a spill failed: every later chunk stays in memory. */
  private noFile = false;
  length = 0;

  constructor(
    private readonly size: number,
    memoryBytes = DEFAULT_MEMORY_BYTES,
  ) {
    this.perChunk = Math.max(1, Math.min(RECORDS_PER_CHUNK, Math.floor(CHUNK_BYTES / size)));
    this.chunkBytes = this.perChunk * size;
    this.memoryChunks = Math.max(1, Math.floor(memoryBytes / this.chunkBytes));
  }

  /** Appends a record given as bytes (exactly `size` of them). */
  push(bytes: Uint8Array): void {
    if (bytes.length !== this.size)
      throw new Error(`a record of ${bytes.length} bytes where ${this.size} fit`);
    // The chunk being filled is kept at hand: a Map lookup or two per record showed in the main process's CPU.
    const slot = this.length % this.perChunk;
    const chunkIndex = (this.length - slot) / this.perChunk;
    if (slot === 0) this.filling = this.freshChunk(chunkIndex);
    this.filling!.set(bytes, slot * this.size);
    this.length++;
    if (slot === this.perChunk - 1 && chunkIndex >= this.memoryChunks && !this.noFile)
      this.spill(chunkIndex, this.filling!);
  }

  /** A zeroed chunk for records from `chunkIndex * perChunk` on, held in memory until it is spilled. */
  private freshChunk(chunkIndex: number): Buffer {
    const reuse = chunkIndex >= this.memoryChunks && this.spare;
    const chunk = reuse ? this.spare!.fill(0) : Buffer.alloc(this.chunkBytes);
    this.spare = undefined;
    this.resident.set(chunkIndex, chunk);
    return chunk;
  }

  /**
   * Record i: a view into memory or a copy read from the file, valid until the next push. `into` (`size` bytes):
   * where a record from the file is read, instead of a new array (a million reads of fresh arrays left their memory
   * to the allocator faster than V8 collected them).
   */
  get(i: number, into?: Uint8Array): Uint8Array {
    if (!(i >= 0 && i < this.length)) throw new RangeError(`record ${i} of ${this.length}`);
    const chunkIndex = Math.floor(i / this.perChunk);
    const at = (i % this.perChunk) * this.size;
    const chunk = this.resident.get(chunkIndex);
    // A plain Uint8Array view (a Buffer's subarray would be a Buffer).
    if (chunk) return new Uint8Array(chunk.buffer, chunk.byteOffset + at, this.size);
    const out = into ?? new Uint8Array(this.size);
    readSync(this.fd!, out, 0, this.size, this.offsetOf(chunkIndex) + at);
    return out;
  }

  /** Bytes of records held in memory (the first chunks, the one being filled, any that could not be spilled). */
  get bytesInMemory(): number {
    return this.resident.size * this.chunkBytes + (this.spare ? this.chunkBytes : 0);
  }

  /**
   * Frees every record: removes the temporary file, if any, and drops the chunks held in memory (up to
   * `memoryBytes` and a spare: the content vectors and thumbnails hold ~35 MB that the map and the report after the
   * content search would otherwise keep). Nothing can be read after it.
   */
  close(): void {
    this.resident.clear();
    this.spare = undefined;
    this.filling = undefined;
    this.length = 0;
    if (this.fd !== undefined) closeSync(this.fd);
    if (this.file) {
      leftOver.delete(this.file);
      removeQuietly(this.file);
    }
    this.fd = undefined;
    this.file = undefined;
  }

  private offsetOf(chunkIndex: number): number {
    return (chunkIndex - this.memoryChunks) * this.chunkBytes;
  }

  private spill(chunkIndex: number, chunk: Buffer): void {
    try {
      if (this.fd === undefined) this.open();
      let written = 0;
      const offset = this.offsetOf(chunkIndex);
      while (written < this.chunkBytes)
        written += writeSync(this.fd!, chunk, written, this.chunkBytes - written, offset + written);
    } catch {
      this.noFile = true;
      return;
    }
    this.resident.delete(chunkIndex);
    this.spare = chunk;
  }

  private open(): void {
    const name = `dataset-lens-records-${process.pid}-${Math.random().toString(36).slice(2)}`;
    const file = path.join(tmpdir(), name);
    this.fd = openSync(file, 'wx+', 0o600);
    try {
      unlinkSync(file);
    } catch {
      this.file = file;
      leftOver.set(file, this.fd);
      if (!exitHook) {
        exitHook = true;
        process.once('exit', () => {
          for (const [left, fd] of leftOver) {
            try {
              closeSync(fd);
            } catch {
              // Closed already.
            }
            removeQuietly(left);
          }
        });
      }
    }
  }
}

function removeQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // Already gone.
  }
}
