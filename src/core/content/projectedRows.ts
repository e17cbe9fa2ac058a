import { SpilledRows, type RowView } from '../util/rowView';

/**
 * The projected vectors of the search (contentSearch.ts): 256 bytes an image at 64 dimensions. In one flat array
 * (`values`) up to the size the exact search compares (every pair, fast only in memory); above it in SpilledRows,
 * whose first 16 MB stay in memory and the rest go to a temporary file read back a row at a time, so a million
 * images do not hold 256 MB through the index, the label check and the map.
 */
export class ProjectedRows implements RowView<Float32Array> {
  /** Set when the rows are in memory. */
  readonly values: Float32Array | undefined;
  private readonly spilled: SpilledRows<Float32Array> | undefined;
  private filled = 0;

  constructor(
    readonly count: number,
    readonly width: number,
    spill: boolean,
  ) {
    if (spill) this.spilled = new SpilledRows(Float32Array, width);
    else this.values = new Float32Array(count * width);
  }

  /** Appends the next row (rows are written in order, each once). */
  push(row: Float32Array): void {
    if (this.values) this.values.set(row, this.filled++ * this.width);
    else this.spilled!.push(row);
  }

  row(i: number): Float32Array {
    if (this.values) return this.values.subarray(i * this.width, (i + 1) * this.width);
    return this.spilled!.row(i);
  }

  /** Frees the rows (the file, if any): nothing can be read after it. */
  close(): void {
    this.spilled?.close();
  }
}
