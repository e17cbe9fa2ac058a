import { Growable } from './growable';
import { allIndices } from './indices';

/** Bytes per arena chunk; a name longer than this gets a chunk of its own. */
const CHUNK_BYTES = 1 << 20;
const MAX_CHUNKS = 2 ** 32 / CHUNK_BYTES;

/**
 * Many strings (file names) kept as UTF-8 in a few large byte chunks instead of a million V8 strings: ~1 byte per
 * character plus 10 bytes per name, against ~50 bytes per short string on the heap. UTF-8 byte order is code-point
 * order, so names compare without being decoded (the order of compareNames and of Python's sorted()).
 */
export class NameTable {
  private readonly chunks: Buffer[] = [];
  private used = CHUNK_BYTES;
  /** chunk index * CHUNK_BYTES + offset, in 32 bits: up to 4 GB of names (some 100 million files). */
  private readonly starts = new Growable(Uint32Array);
  private readonly lengths = new Growable(Uint32Array);

  get length(): number {
    return this.starts.length;
  }

  /** Appends a name and returns its index. */
  add(name: string): number {
    // A UTF-16 unit never takes more than 3 UTF-8 bytes.
    const room = name.length * 3;
    if (this.used + room > CHUNK_BYTES || this.chunks.length === 0) {
      this.chunks.push(Buffer.alloc(Math.max(CHUNK_BYTES, room)));
      this.used = 0;
    }
    const chunk = this.chunks.length - 1;
    if (chunk >= MAX_CHUNKS) throw new Error(`more than ${MAX_CHUNKS * CHUNK_BYTES} bytes of file names`);
    // Buffer.write encodes as TextEncoder does (lone surrogates as U+FFFD), without a view per name.
    const written = this.chunks[chunk].write(name, this.used, 'utf8');
    this.starts.push(chunk * CHUNK_BYTES + this.used);
    this.lengths.push(written);
    this.used += written;
    return this.starts.length - 1;
  }

  get(i: number): string {
    const start = this.starts.get(i);
    const offset = start % CHUNK_BYTES;
    // Not TextDecoder: it drops a leading U+FEFF as a byte order mark, and costs twice as much per name.
    return this.chunks[Math.floor(start / CHUNK_BYTES)].toString(
      'utf8',
      offset,
      offset + this.lengths.get(i),
    );
  }

  /** Code-point order of names i and j (negative, 0, positive). */
  compare(i: number, j: number): number {
    const si = this.starts.get(i);
    const sj = this.starts.get(j);
    const a = this.chunks[Math.floor(si / CHUNK_BYTES)];
    const b = this.chunks[Math.floor(sj / CHUNK_BYTES)];
    const ai = si % CHUNK_BYTES;
    const bj = sj % CHUNK_BYTES;
    const la = this.lengths.get(i);
    const lb = this.lengths.get(j);
    const n = Math.min(la, lb);
    for (let k = 0; k < n; k++) {
      const d = a[ai + k] - b[bj + k];
      if (d !== 0) return d;
    }
    return la - lb;
  }

  /** Indices 0..length-1 in name order (ties, i.e. equal names, by index). */
  sortedOrder(): Uint32Array {
    return allIndices(this.length).sort((i, j) => this.compare(i, j) || i - j);
  }
}
