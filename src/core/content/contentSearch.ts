import { allIndices } from '../util/indices';
import { approximateNearest } from './approximateNearest';
import { NearestList, SpilledNearestList, StreamedScores, type KeptNeighbours } from './nearestLists';
import { PairList } from './pairList';
import { principalAxes } from './principalAxes';
import { ProjectedRows } from './projectedRows';

/** The dataset's vectors as the search reads them: centred on the dataset mean, unit length. */
export interface UnitVectors {
  count: number;
  dims: number;
  /** Vector i into `out` (dims floats). */
  read(i: number, out: Float32Array): Float32Array;
  /** Class id of image i (-1: none): neighbours within the class are kept too. */
  classOf(i: number): number;
}

/** Axes of the projection the all-pairs pass runs in, and rows of the sample they are estimated from. */
const PROJECTED_DIMS = 64;
const PCA_SAMPLE = 2048;
/** Neighbours kept per image while scanning (projected), rescored exactly; the nearest OUTLIER_K make the score. */
const KEPT = 12;
export { OUTLIER_K } from './nearestLists';
/**
 * Above this many images the neighbours come from an approximate index (HNSW, approximateNearest) instead of every
 * pair: at 50,000 the all-pairs pass takes about a minute of CPU, and it grows with the square of the count.
 */
export const APPROXIMATE_ABOVE = 50_000;

export interface SearchOptions {
  /** Candidate pairs are rescored when their projected cosine is within this of `pairFloor` (default 0.05). */
  margin?: number;
  /** Exact all-pairs search up to this many images, the approximate index above (default APPROXIMATE_ABOVE). */
  approximateAbove?: number;
  /** Threads for the approximate index's queries (default 1). */
  threads?: number;
  /** Vectors per approximate index: more are split into indexes of this size, searched in turn (approximateNearest). */
  shardSize?: number;
  /**
   * Receives the candidate pairs in blocks of at most PAIR_BLOCK, in the order they are found, while the search runs
   * (the returned `pairs` is then empty): they need not all be held at once.
   */
  onPairs?: (block: PairList) => void;
  /** Pairs per block handed to `onPairs` (default PAIR_BLOCK). */
  pairBlock?: number;
}

/** Candidate pairs handed to `onPairs` at once: 16 bytes each, 4 MB a block. */
export const PAIR_BLOCK = 1 << 18;

export interface Neighbours {
  /** Pairs i < j whose exact cosine is at least `pairFloor`, in the order the lists are visited (empty with `onPairs`). */
  pairs: PairList;
  /** Mean cosine distance to the OUTLIER_K nearest images, overall and within the class (NaN: too few). */
  outlier: Float32Array;
  outlierInClass: Float32Array;
  /**
   * Each vector on the principal axes, unit length: `width` values per image (the label check's features), in memory
   * for the exact search, in a temporary file above `approximateAbove`. The caller closes it.
   */
  projected: ProjectedRows;
  /** How the neighbours were found: every pair compared, or an approximate (HNSW) index. */
  search: 'exact' | 'approximate';
}

/**
 * Every pair of images, compared in a 64-dimensional principal subspace (a 2,048-vector sample estimates it):
 * exact search, quadratic in the number of images, 13x cheaper than in the full 816 dimensions; above
 * `approximateAbove` images, an HNSW index over the same projected vectors (one over all, one per class) gives each
 * image its KEPT nearest instead, in n log n. Each image keeps
 * its KEPT nearest others; those are rescored with the full vectors, for its outlier scores and, when within
 * `margin` of `pairFloor` (the projection overstates the cosine of similar pairs: measured on Fashion-MNIST and
 * photos, never understated by more than 0.001 for pairs above 0.8), as near-duplicate candidates.
 */
export function searchNeighbours(
  vectors: UnitVectors,
  pairFloor: number,
  options: SearchOptions = {},
): Neighbours {
  const margin = options.margin ?? 0.05;
  const n = vectors.count;
  const d = vectors.dims;
  const scratch = new Float32Array(d);
  const approximate = n > (options.approximateAbove ?? APPROXIMATE_ABOVE);
  const projected = projectVectors(vectors, approximate);
  const k = projected.width;

  const other = new Float32Array(d);
  // Callers ask for one image's pairs in a row: its vector is read once for them.
  let current = -1;
  const exact = (i: number, j: number) => {
    if (i !== current) {
      vectors.read(i, scratch);
      current = i;
    }
    const a = scratch;
    const b = vectors.read(j, other);
    let s = 0;
    for (let c = 0; c < d; c++) s += a[c] * b[c];
    return s;
  };
  const found = (overall: KeptNeighbours) => ({
    pairs: candidatePairs(
      overall,
      pairFloor,
      margin,
      exact,
      options.onPairs,
      options.pairBlock ?? PAIR_BLOCK,
    ),
    outlier: overall.scores(exact),
  });
  let near: { pairs: PairList; outlier: Float32Array };
  let outlierInClass: Float32Array;
  try {
    if (approximate) {
      // One list (and one index) at a time: the overall list is let go before the per-class indexes are built.
      const threads = options.threads ?? 1;
      const overall = approximateOverall(projected, n, threads, options.shardSize);
      try {
        near = found(overall);
      } finally {
        overall.close();
      }
      outlierInClass = approximateInClass(vectors, projected, threads, options.shardSize, exact);
    } else {
      const overall = new NearestList(n, KEPT);
      const inClass = new NearestList(n, KEPT);
      exactLists(vectors, projected.values!, k, overall, inClass);
      near = found(overall);
      outlierInClass = inClass.scores(exact);
    }
  } catch (error) {
    projected.close();
    throw error;
  }
  return {
    pairs: near.pairs,
    outlier: near.outlier,
    outlierInClass,
    projected,
    search: approximate ? 'approximate' : 'exact',
  };
}

/**
 * Candidate pairs: each image with those of its kept neighbours near enough (a group of near duplicates larger
 * than KEPT + 1 distinct pictures is only partly found: complete linkage needs every pair of it). A pair kept by
 * both images is taken once, from the smaller index's list (visited first): no set of pairs seen.
 */
function candidatePairs(
  overall: KeptNeighbours,
  pairFloor: number,
  margin: number,
  exact: (i: number, j: number) => number,
  onPairs: ((block: PairList) => void) | undefined,
  pairBlock: number,
): PairList {
  let pairs = new PairList();
  const floor = pairFloor - margin;
  overall.forEachKept((i, j, projectedSimilarity) => {
    if (projectedSimilarity < floor) return;
    if (j < i && overall.similarityOf(j, i) >= floor) return;
    const [a, b] = i < j ? [i, j] : [j, i];
    const similarity = exact(a, b);
    if (similarity < pairFloor) return;
    pairs.push(a, b, similarity);
    if (onPairs && pairs.length >= pairBlock) {
      onPairs(pairs);
      pairs = new PairList();
    }
  });
  if (!onPairs) return pairs;
  if (pairs.length > 0) onPairs(pairs);
  return new PairList();
}

/**
 * The vectors on their PROJECTED_DIMS leading principal axes (estimated from an evenly spaced sample of
 * PCA_SAMPLE), each made unit length again: what both searches compare. `spill`: rows beyond the first 16 MB go to
 * a temporary file (ProjectedRows).
 */
export function projectVectors(vectors: UnitVectors, spill = false): ProjectedRows {
  const n = vectors.count;
  const d = vectors.dims;
  const scratch = new Float32Array(d);
  const stride = Math.max(1, Math.floor(n / PCA_SAMPLE));
  const sample: Float32Array[] = [];
  for (let i = 0; i < n && sample.length < PCA_SAMPLE; i += stride)
    sample.push(vectors.read(i, new Float32Array(d)));
  const axes = principalAxes(sample, PROJECTED_DIMS);
  const k = axes.length;
  const projected = new ProjectedRows(n, k, spill);
  const row = new Float32Array(k);
  for (let i = 0; i < n; i++) {
    const v = vectors.read(i, scratch);
    let norm = 0;
    for (let a = 0; a < k; a++) {
      let s = 0;
      const axis = axes[a];
      for (let c = 0; c < d; c++) s += axis[c] * v[c];
      row[a] = s;
      norm += s * s;
    }
    const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let a = 0; a < k; a++) row[a] *= inv;
    projected.push(row);
  }
  return projected;
}

/** Fills the lists by comparing every pair of projected vectors. */
function exactLists(
  vectors: UnitVectors,
  projected: Float32Array,
  k: number,
  overall: NearestList,
  inClass: NearestList,
): void {
  const n = vectors.count;
  for (let i = 0; i < n; i++) {
    const ci = vectors.classOf(i);
    const pi = i * k;
    for (let j = i + 1; j < n; j++) {
      const pj = j * k;
      let s = 0;
      for (let a = 0; a < k; a++) s += projected[pi + a] * projected[pj + a];
      overall.offer(i, j, s);
      overall.offer(j, i, s);
      if (ci >= 0 && ci === vectors.classOf(j)) {
        inClass.offer(i, j, s);
        inClass.offer(j, i, s);
      }
    }
  }
}

/** Each image's KEPT nearest among every image, from an HNSW index (the index answers row after row). */
function approximateOverall(
  projected: ProjectedRows,
  n: number,
  threads: number,
  shardSize: number | undefined,
): SpilledNearestList {
  const overall = new SpilledNearestList(n, KEPT);
  const all = allIndices(n);
  approximateNearest(projected, all, KEPT, (i, j, s) => overall.offer(i, j, s), threads, shardSize);
  return overall.finish();
}

/**
 * Each labelled image's outlier score within its class, from its KEPT nearest there (one HNSW index per class,
 * built one at a time), scored as each image's neighbours come.
 */
function approximateInClass(
  vectors: UnitVectors,
  projected: ProjectedRows,
  threads: number,
  shardSize: number | undefined,
  exact: (i: number, j: number) => number,
): Float32Array {
  const n = vectors.count;
  const inClass = new StreamedScores(n, KEPT, exact);
  // Members of one class at a time, in increasing order (4 bytes each, not a list per class).
  const sizes = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const c = vectors.classOf(i);
    if (c >= 0) sizes.set(c, (sizes.get(c) ?? 0) + 1);
  }
  for (const c of [...sizes.keys()].sort((a, b) => a - b)) {
    const members = new Int32Array(sizes.get(c)!);
    for (let i = 0, m = 0; i < n; i++) if (vectors.classOf(i) === c) members[m++] = i;
    approximateNearest(projected, members, KEPT, (i, j, s) => inClass.offer(i, j, s), threads, shardSize);
  }
  return inClass.finish();
}
