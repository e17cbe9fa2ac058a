import { SpilledRecords } from '../util/spilledRecords';
import type { Probabilities } from './confidentLearning';

/**
 * Bytes of probabilities kept in memory before the rest go to a temporary file: at 8 bytes a class an image, ten
 * classes and a million images would otherwise hold 80 MB through the label check (a thousand classes, 8 GB).
 */
export const PROBABILITIES_IN_MEMORY = 4 << 20;

/**
 * Out-of-fold probabilities appended row after row (each row once, in order) and read back a row at a time: the
 * first PROBABILITIES_IN_MEMORY bytes stay in memory, later rows go to a temporary file (SpilledRecords).
 */
export class SpilledProbabilities implements Probabilities {
  private readonly records: SpilledRecords;
  /** Where rows read back from the file go, and the same bytes as floats. */
  private readonly readBuffer: Uint8Array;
  private readonly readRow: Float64Array;

  constructor(
    readonly n: number,
    readonly classes: number,
    memoryBytes = PROBABILITIES_IN_MEMORY,
  ) {
    this.records = new SpilledRecords(classes * 8, memoryBytes);
    this.readBuffer = new Uint8Array(classes * 8);
    this.readRow = new Float64Array(this.readBuffer.buffer);
  }

  /** Appends the next row (`classes` values). */
  push(row: Float64Array): void {
    this.records.push(new Uint8Array(row.buffer, row.byteOffset, this.classes * 8));
  }

  row(i: number): Float64Array {
    const record = this.records.get(i, this.readBuffer);
    return record === this.readBuffer
      ? this.readRow
      : new Float64Array(record.buffer, record.byteOffset, this.classes);
  }

  /** Frees the rows (the file, if any): nothing can be read after it. */
  close(): void {
    this.records.close();
  }
}
