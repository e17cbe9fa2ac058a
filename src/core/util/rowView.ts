import { DEFAULT_MEMORY_BYTES, SpilledRecords } from './spilledRecords';

/** The typed arrays rows are read as. */
export type FloatRow = Float32Array | Float64Array;

/** Float32Array or Float64Array itself: how rows read back from bytes are made. */
export interface FloatRowType<Row extends FloatRow> {
  readonly BYTES_PER_ELEMENT: number;
  new (buffer: ArrayBufferLike, byteOffset?: number, length?: number): Row;
}

/**
 * `count` rows of `width` numbers read one at a time, wherever they are kept (one flat array, a temporary file):
 * the content vectors on their principal axes, the label check's class probabilities.
 */
export interface RowView<Row extends FloatRow> {
  readonly count: number;
  readonly width: number;
  /** Row i: a view valid until the next read. */
  row(i: number): Row;
}

/** The rows of one flat array, row after row. */
export function flatRowView<Row extends FloatRow>(values: Row, width: number): RowView<Row> {
  return {
    count: width > 0 ? values.length / width : 0,
    width,
    row: (i) => values.subarray(i * width, (i + 1) * width) as Row,
  };
}

/**
 * Rows appended one after another (each once, in order) and read back one at a time: the first `memoryBytes` stay
 * in memory, later ones go to a temporary file (SpilledRecords), so a million rows need not stay in memory.
 */
export class SpilledRows<Row extends FloatRow> implements RowView<Row> {
  private readonly records: SpilledRecords;
  /** Where rows read back from the file go, and the same bytes as numbers (one buffer serves every read). */
  private readonly readBuffer: Uint8Array;
  private readonly readRow: Row;

  constructor(
    private readonly type: FloatRowType<Row>,
    readonly width: number,
    memoryBytes = DEFAULT_MEMORY_BYTES,
  ) {
    this.records = new SpilledRecords(width * type.BYTES_PER_ELEMENT, memoryBytes);
    this.readBuffer = new Uint8Array(width * type.BYTES_PER_ELEMENT);
    this.readRow = new type(this.readBuffer.buffer);
  }

  /** Rows appended so far. */
  get count(): number {
    return this.records.length;
  }

  /** Appends the next row (`width` values). */
  push(row: Row): void {
    this.records.push(new Uint8Array(row.buffer, row.byteOffset, this.readBuffer.length));
  }

  row(i: number): Row {
    const record = this.records.get(i, this.readBuffer);
    return record === this.readBuffer
      ? this.readRow
      : new this.type(record.buffer, record.byteOffset, this.width);
  }

  /** Frees the rows (the file, if any): nothing can be read after it. */
  close(): void {
    this.records.close();
  }
}
