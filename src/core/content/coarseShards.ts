import { createRng } from '../util/rng';
import type { RowView } from '../util/rowView';

/**
 * Share of `shardSize` a shard holds on average: the rest is room for members whose nearest centre's shard is
 * full, so few of them go to their second nearest.
 */
const FILL = 0.75;
/** Rows (evenly spaced) the centres are fitted on, at least; and at least this many per centre. */
const SAMPLE = 16_384;
const SAMPLE_PER_CENTRE = 256;
/** Lloyd iterations of the centres' fit. */
const ITERATIONS = 15;
/**
 * Nearest centres whose shards a query searches, besides the shard its own vector is in: one fewer kept recall@10
 * too close to 0.95 on Fashion-MNIST-like vectors in 13 shards (docs/cache-and-scale.md).
 */
export const PROBES = 3;

/**
 * Members split into shards of nearby vectors (IVF-style): one centre per shard, fitted by spherical k-means on a
 * sample, each member in the shard of its nearest centre with room (at most `shardSize`, in the order of
 * `members`). A query then searches its own shard and those of its PROBES nearest centres, not every shard, so the
 * search's CPU grows as n log n, not as n² / shardSize. Up to (PROBES + 1) × shardSize members, where a query
 * would search every shard anyway, the fewest shards of consecutive members instead (as before the centres: the
 * same answer). Seeded: the same rows give the same shards.
 */
export class CoarseShards {
  /** Shard of each member (by position in `members`). */
  readonly shardOf: Uint16Array;
  /** Members in each shard. */
  readonly sizes: number[];
  private readonly centres: Float32Array;
  private readonly count: number;
  private readonly width: number;
  private readonly scores: Float32Array;
  private readonly order: Int32Array;

  constructor(rows: RowView<Float32Array>, members: ArrayLike<number>, shardSize: number) {
    const n = members.length;
    this.width = rows.width;
    this.shardOf = new Uint16Array(n);
    const fewest = Math.ceil(n / shardSize);
    if (fewest <= PROBES + 1) {
      // Every query would search every shard anyway: the fewest shards, of consecutive members, all searched.
      this.count = fewest;
      this.centres = new Float32Array(0);
      this.sizes = Array.from({ length: fewest }, (_, s) => Math.min(shardSize, n - s * shardSize));
      for (let m = 0; m < n; m++) this.shardOf[m] = Math.floor(m / shardSize);
      this.scores = new Float32Array(0);
      this.order = new Int32Array(0);
      return;
    }
    this.count = Math.min(0xffff, Math.ceil(n / Math.max(1, Math.floor(shardSize * FILL))));
    if (this.count * shardSize < n)
      throw new Error(`CoarseShards: ${n} members do not fit ${this.count} shards`);
    this.scores = new Float32Array(this.count);
    this.order = new Int32Array(this.count);
    this.centres = fitCentres(rows, members, this.count);
    this.sizes = new Array<number>(this.count).fill(0);
    const order = this.order;
    for (let m = 0; m < n; m++) {
      this.rank(rows.row(members[m]), order);
      let s = 0;
      while (this.sizes[order[s]] >= shardSize) s++;
      this.shardOf[m] = order[s];
      this.sizes[order[s]]++;
    }
  }

  /** Number of shards. */
  get length(): number {
    return this.count;
  }

  /**
   * The shards member `m` (its vector `row`) is searched in, into `out` from `at` on: its own, then its PROBES
   * nearest centres' (each once); every shard when there are at most PROBES + 1. Returns how many.
   */
  probes(m: number, row: Float32Array, out: Uint16Array, at = 0): number {
    if (this.centres.length === 0) {
      for (let s = 0; s < this.count; s++) out[at + s] = s;
      return this.count;
    }
    const order = this.order;
    this.rank(row, order);
    const own = this.shardOf[m];
    out[at] = own;
    let filled = 1;
    for (let p = 0; p < Math.min(PROBES, this.count); p++)
      if (order[p] !== own) out[at + filled++] = order[p];
    return Math.min(filled, PROBES + 1);
  }

  /** Centres by decreasing inner product with `row`, into `order` (ties: the lower centre first). */
  private rank(row: Float32Array, order: Int32Array): void {
    const scores = this.scores;
    for (let c = 0; c < this.count; c++) {
      scores[c] = dot(this.centres, c * this.width, row, this.width);
      order[c] = c;
    }
    order.sort((a, b) => scores[b] - scores[a] || a - b);
  }
}

function dot(centres: Float32Array, base: number, row: Float32Array, width: number): number {
  let s = 0;
  for (let a = 0; a < width; a++) s += centres[base + a] * row[a];
  return s;
}

/**
 * `count` unit centres by spherical k-means (inner product) on an evenly spaced sample of the members, started by
 * k-means++ from a fixed seed.
 */
function fitCentres(rows: RowView<Float32Array>, members: ArrayLike<number>, count: number): Float32Array {
  const n = members.length;
  const width = rows.width;
  const size = Math.min(n, Math.max(SAMPLE, SAMPLE_PER_CENTRE * count));
  const sample = new Float32Array(size * width);
  for (let s = 0; s < size; s++) sample.set(rows.row(members[Math.floor((s * n) / size)]), s * width);
  const centres = new Float32Array(count * width);
  const rng = createRng(count);
  // k-means++: each next centre drawn with probability growing with its distance (1 - cosine) to the nearest so far.
  const nearest = new Float64Array(size).fill(Infinity);
  let pick = rng.int(0, size - 1);
  for (let c = 0; c < count; c++) {
    centres.set(sample.subarray(pick * width, (pick + 1) * width), c * width);
    let total = 0;
    for (let s = 0; s < size; s++) {
      const distance = Math.max(0, 1 - dot(centres, c * width, sample.subarray(s * width), width));
      if (distance < nearest[s]) nearest[s] = distance;
      total += nearest[s];
    }
    let target = rng.next() * total;
    pick = size - 1;
    for (let s = 0; s < size; s++) {
      target -= nearest[s];
      if (target < 0) {
        pick = s;
        break;
      }
    }
  }
  const label = new Int32Array(size);
  const sums = new Float64Array(count * width);
  for (let iteration = 0; iteration < ITERATIONS; iteration++) {
    sums.fill(0);
    for (let s = 0; s < size; s++) {
      const row = sample.subarray(s * width, (s + 1) * width);
      let best = 0;
      let bestScore = -Infinity;
      for (let c = 0; c < count; c++) {
        const score = dot(centres, c * width, row, width);
        if (score > bestScore) {
          bestScore = score;
          best = c;
        }
      }
      label[s] = best;
      for (let a = 0; a < width; a++) sums[best * width + a] += row[a];
    }
    for (let c = 0; c < count; c++) {
      let norm = 0;
      for (let a = 0; a < width; a++) norm += sums[c * width + a] ** 2;
      // A centre left without members keeps its place.
      if (norm === 0) continue;
      const inv = 1 / Math.sqrt(norm);
      for (let a = 0; a < width; a++) centres[c * width + a] = sums[c * width + a] * inv;
    }
  }
  return centres;
}
