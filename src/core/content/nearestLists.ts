import { SpilledRecords } from '../util/spilledRecords';

/** Nearest neighbours whose mean cosine distance makes an image's outlier score. */
export const OUTLIER_K = 5;

/** Each image's kept neighbours, as the search reads them back. */
export interface KeptNeighbours {
  /** The similarity with which row i keeps j; -Infinity when it does not. */
  similarityOf(i: number, j: number): number;
  /** Every kept neighbour, row after row, each row's in the order they were kept. */
  forEachKept(visit: (i: number, j: number, similarity: number) => void): void;
  /** Mean exact cosine distance to the OUTLIER_K nearest of the kept neighbours; NaN with fewer kept. */
  scores(exact: (i: number, j: number) => number): Float32Array;
}

/** The outlier score of one image from the exact similarities of its kept neighbours (NaN with too few). */
function outlierScore(
  i: number,
  ids: ArrayLike<number>,
  count: number,
  exact: (i: number, j: number) => number,
): number {
  if (count < OUTLIER_K) return NaN;
  const sims: number[] = [];
  for (let s = 0; s < count; s++) sims.push(exact(i, ids[s]));
  sims.sort((a, b) => b - a);
  let sum = 0;
  for (let s = 0; s < OUTLIER_K; s++) sum += 1 - sims[s];
  return sum / OUTLIER_K;
}

/** Index of the first least similar of `count` similarities from `base`. */
function worstOf(sims: Float32Array, base: number, count: number): number {
  let w = 0;
  for (let s = 1; s < count; s++) if (sims[base + s] < sims[base + w]) w = s;
  return w;
}

/**
 * Per image, the `size` most similar others seen so far (projected similarity), in flat typed arrays: offered in
 * any order (the exact search offers every pair). ~100 bytes an image at 12 kept.
 */
/**
 * Offers neighbour j to one row's best list (`ids`/`sims`, `filled` of their length used): appended while there is
 * room, else it replaces the least similar if more similar. Returns the new count.
 */
function keepBest(
  ids: Int32Array,
  sims: Float32Array,
  filled: number,
  j: number,
  similarity: number,
): number {
  if (filled < sims.length) {
    ids[filled] = j;
    sims[filled] = similarity;
    return filled + 1;
  }
  const w = worstOf(sims, 0, sims.length);
  if (similarity > sims[w]) {
    ids[w] = j;
    sims[w] = similarity;
  }
  return filled;
}

export class NearestList implements KeptNeighbours {
  private readonly ids: Int32Array;
  private readonly sims: Float32Array;
  private readonly filled: Uint16Array;
  /** Index (within its row) of the least similar kept neighbour, once the row is full. */
  private readonly worst: Uint16Array;

  constructor(
    private readonly n: number,
    private readonly size: number,
  ) {
    this.ids = new Int32Array(n * size);
    this.sims = new Float32Array(n * size);
    this.filled = new Uint16Array(n);
    this.worst = new Uint16Array(n);
  }

  offer(i: number, j: number, similarity: number): void {
    const base = i * this.size;
    const f = this.filled[i];
    if (f < this.size) {
      this.ids[base + f] = j;
      this.sims[base + f] = similarity;
      this.filled[i] = f + 1;
      if (f + 1 === this.size) this.findWorst(i);
      return;
    }
    const w = this.worst[i];
    if (similarity <= this.sims[base + w]) return;
    this.ids[base + w] = j;
    this.sims[base + w] = similarity;
    this.findWorst(i);
  }

  private findWorst(i: number): void {
    this.worst[i] = worstOf(this.sims, i * this.size, this.size);
  }

  similarityOf(i: number, j: number): number {
    const base = i * this.size;
    for (let s = 0; s < this.filled[i]; s++) if (this.ids[base + s] === j) return this.sims[base + s];
    return -Infinity;
  }

  forEachKept(visit: (i: number, j: number, similarity: number) => void): void {
    for (let i = 0; i < this.n; i++)
      for (let s = 0; s < this.filled[i]; s++)
        visit(i, this.ids[i * this.size + s], this.sims[i * this.size + s]);
  }

  scores(exact: (i: number, j: number) => number): Float32Array {
    const out = new Float32Array(this.n);
    for (let i = 0; i < this.n; i++)
      out[i] = outlierScore(i, this.ids.subarray(i * this.size), this.filled[i], exact);
    return out;
  }
}

/**
 * The kept neighbours of rows offered row after row (all of a row's offers together, rows in increasing order, as
 * the approximate index answers its queries), each row written to a SpilledRecords once complete: the first 16 MB
 * stay in memory, the rest go to a temporary file. The same lists as a NearestList given the same offers.
 */
export class SpilledNearestList implements KeptNeighbours {
  private readonly records: SpilledRecords;
  private readonly record: Uint8Array;
  private readonly ids: Int32Array;
  private readonly sims: Float32Array;
  private readonly readBuffer: Uint8Array;
  private filled = 0;
  /** The row being offered; rows before it are written. */
  private row = 0;

  /** `memoryBytes`: of lists kept in memory before the rest go to the file (SpilledRecords' default). */
  constructor(
    private readonly n: number,
    private readonly size: number,
    memoryBytes?: number,
  ) {
    this.records = new SpilledRecords(size * 8, memoryBytes);
    this.record = new Uint8Array(size * 8);
    this.ids = new Int32Array(this.record.buffer, 0, size);
    this.sims = new Float32Array(this.record.buffer, size * 4, size);
    this.readBuffer = new Uint8Array(size * 8);
  }

  offer(i: number, j: number, similarity: number): void {
    if (i < this.row) throw new Error(`SpilledNearestList: row ${i} offered after row ${this.row}`);
    while (this.row < i) this.writeRow();
    this.filled = keepBest(this.ids, this.sims, this.filled, j, similarity);
  }

  /** Writes the remaining rows: call once every offer is made. */
  finish(): this {
    while (this.row < this.n) this.writeRow();
    return this;
  }

  private writeRow(): void {
    this.ids.fill(-1, this.filled);
    this.records.push(this.record);
    this.filled = 0;
    this.row++;
  }

  /** Row i (a view valid until the next read). */
  private rowOf(i: number): { ids: Int32Array; sims: Float32Array; count: number } {
    const bytes = this.records.get(i, this.readBuffer);
    const ids = new Int32Array(bytes.buffer, bytes.byteOffset, this.size);
    const sims = new Float32Array(bytes.buffer, bytes.byteOffset + this.size * 4, this.size);
    let count = 0;
    while (count < this.size && ids[count] >= 0) count++;
    return { ids, sims, count };
  }

  similarityOf(i: number, j: number): number {
    const { ids, sims, count } = this.rowOf(i);
    for (let s = 0; s < count; s++) if (ids[s] === j) return sims[s];
    return -Infinity;
  }

  forEachKept(visit: (i: number, j: number, similarity: number) => void): void {
    for (let i = 0; i < this.n; i++) {
      const { ids, sims, count } = this.rowOf(i);
      // Copied: a row read from the file is valid until the next read, which `visit` may make.
      const kept = Array.from(ids.subarray(0, count));
      const similarities = Array.from(sims.subarray(0, count));
      for (let s = 0; s < count; s++) visit(i, kept[s], similarities[s]);
    }
  }

  scores(exact: (i: number, j: number) => number): Float32Array {
    const out = new Float32Array(this.n);
    for (let i = 0; i < this.n; i++) {
      const { ids, count } = this.rowOf(i);
      out[i] = outlierScore(i, Int32Array.from(ids), count, exact);
    }
    return out;
  }

  /** Frees the lists (the file, if any). */
  close(): void {
    this.records.close();
  }
}

/**
 * Outlier scores computed as each row's neighbours are offered (a row's offers together, rows in any order): what
 * NearestList.scores gives for the same offers, without holding the lists.
 */
export class StreamedScores {
  readonly scores: Float32Array;
  private readonly ids: Int32Array;
  private readonly sims: Float32Array;
  private filled = 0;
  private row = -1;

  constructor(
    n: number,
    size: number,
    private readonly exact: (i: number, j: number) => number,
  ) {
    this.scores = new Float32Array(n).fill(NaN);
    this.ids = new Int32Array(size);
    this.sims = new Float32Array(size);
  }

  offer(i: number, j: number, similarity: number): void {
    if (i !== this.row) {
      this.flush();
      this.row = i;
    }
    this.filled = keepBest(this.ids, this.sims, this.filled, j, similarity);
  }

  /** Scores the last row: call once every offer is made. */
  finish(): Float32Array {
    this.flush();
    return this.scores;
  }

  private flush(): void {
    if (this.row >= 0) this.scores[this.row] = outlierScore(this.row, this.ids, this.filled, this.exact);
    this.filled = 0;
    this.row = -1;
  }
}
