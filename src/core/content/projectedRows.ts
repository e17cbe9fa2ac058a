import { SpilledRecords } from '../util/spilledRecords';

/** Rows of `dims` floats read one at a time: the content vectors on their principal axes, in memory or on disk. */
export interface Rows {
  count: number;
  dims: number;
  /** Row i: a view valid until the next read. */
  read(i: number): Float32Array;
}

/** Rows given as one flat array. */
export function rowsOf(values: Float32Array, dims: number): Rows {
  return {
    count: dims > 0 ? values.length / dims : 0,
    dims,
    read: (i) => values.subarray(i * dims, (i + 1) * dims),
  };
}

/**
 * The projected vectors of the search (contentSearch.ts): 256 bytes an image at 64 dimensions. In one flat array
 * (`values`) up to the size the exact search compares (every pair, fast only in memory); above it in a
 * SpilledRecords, whose first 16 MB stay in memory and the rest go to a temporary file read back a row at a time,
 * so a million images do not hold 256 MB through the index, the label check and the map.
 */
export class ProjectedRows implements Rows {
  /** Set when the rows are in memory. */
  readonly values: Float32Array | undefined;
  private readonly file: SpilledRecords | undefined;
  private readonly bytes: Uint8Array;
  /** Where rows read back from the file go (read() returns a view valid until the next read). */
  private readonly readBuffer: Uint8Array;
  private readonly readRow: Float32Array;
  private filled = 0;

  constructor(
    readonly count: number,
    readonly dims: number,
    spill: boolean,
  ) {
    if (spill) this.file = new SpilledRecords(dims * 4);
    else this.values = new Float32Array(count * dims);
    this.bytes = new Uint8Array(dims * 4);
    this.readBuffer = new Uint8Array(dims * 4);
    this.readRow = new Float32Array(this.readBuffer.buffer);
  }

  /** Appends the next row (rows are written in order, each once). */
  push(row: Float32Array): void {
    if (this.values) this.values.set(row, this.filled * this.dims);
    else {
      this.bytes.set(new Uint8Array(row.buffer, row.byteOffset, this.dims * 4));
      this.file!.push(this.bytes);
    }
    this.filled++;
  }

  read(i: number): Float32Array {
    if (this.values) return this.values.subarray(i * this.dims, (i + 1) * this.dims);
    const record = this.file!.get(i, this.readBuffer);
    return record === this.readBuffer
      ? this.readRow
      : new Float32Array(record.buffer, record.byteOffset, this.dims);
  }

  /** Frees the rows (the file, if any): nothing can be read after it. */
  close(): void {
    this.file?.close();
  }
}
