import { UMAP } from 'umap-js';

/** What UMAP is given: each row's neighbours (itself first) and their distances, and its parameters. */
export interface UmapGraphInput {
  indices: number[][];
  distances: number[][];
  nNeighbors: number;
  minDist: number;
  nEpochs: number;
  random: () => number;
}

/**
 * The private members of umap-js 1.4's UMAP (dist/umap.js) that umapReadyToStep reads and sets. Its own
 * initializeFit builds the graph in `SparseMatrix`es, Maps keyed by "row:col" strings of one object per entry, about
 * a dozen of them alive at once (the fuzzy union, its transpose and products, a search graph only `transform` reads):
 * at 4,000 points that raised the analysis process's peak RSS by 190-265 MB, more than the whole search of 70,000
 * images. `test/unit/umapFit.test.ts` checks that both give the same embedding.
 */
interface UmapInternals {
  localConnectivity: number;
  setOpMixRatio: number;
  nComponents: number;
  random: () => number;
  graph: { nRows: number; nCols: number };
  embedding: number[][];
  isInitialized: boolean;
  optimizationState: { head: number[]; tail: number[]; epochsPerSample: number[] };
  getNEpochs(): number;
  smoothKNNDistance(
    distances: number[][],
    k: number,
    localConnectivity: number,
  ): { sigmas: number[]; rhos: number[] };
  computeMembershipStrengths(
    indices: number[][],
    distances: number[][],
    sigmas: number[],
    rhos: number[],
  ): { rows: number[]; cols: number[]; vals: number[] };
  makeEpochsPerSample(weights: number[], nEpochs: number): number[];
  initializeOptimization(): void;
  prepareForOptimizationLoop(): void;
}

/**
 * A umap-js UMAP on precomputed neighbours, initialised as `setPrecomputedKNN` + `initializeFit` leave it (the same
 * graph, the same random draws in the same order, so the same embedding after each `step()`), with the graph built
 * in typed arrays: at most ~25 MB more RSS at 4,000 points. Its `transform` is not available (no search graph).
 */
export function umapReadyToStep(input: UmapGraphInput): { umap: UMAP; epochs: number } {
  const n = input.indices.length;
  const umap = new UMAP({
    nComponents: 2,
    nNeighbors: input.nNeighbors,
    minDist: input.minDist,
    nEpochs: input.nEpochs,
    random: input.random,
  });
  const u = umap as unknown as UmapInternals;
  if (n <= input.nNeighbors)
    throw new Error(`umapReadyToStep: ${n} points, at least ${input.nNeighbors + 1} needed`);
  // fuzzySimplicialSet: membership strengths, then the fuzzy union with the transpose.
  const { sigmas, rhos } = u.smoothKNNDistance(input.distances, input.nNeighbors, u.localConnectivity);
  const { rows, cols, vals } = u.computeMembershipStrengths(input.indices, input.distances, sigmas, rhos);
  const graph = fuzzyUnion(n, rows, cols, vals, u.setOpMixRatio);
  u.graph = { nRows: n, nCols: n };
  // initializeSimplicialSetEmbedding: weak edges dropped, random start, edges in row-major order.
  const epochs = u.getNEpochs();
  let graphMax = 0;
  for (let e = 0; e < graph.values.length; e++) if (graphMax < graph.values[e]) graphMax = graph.values[e];
  u.embedding = Array.from({ length: n }, () =>
    Array.from({ length: u.nComponents }, () => u.random() * 20 + -10),
  );
  const weights: number[] = [];
  const head: number[] = [];
  const tail: number[] = [];
  for (let e = 0; e < graph.values.length; e++) {
    const value = graph.values[e] < graphMax / epochs ? 0 : graph.values[e];
    if (!value) continue;
    weights.push(value);
    tail.push(graph.rows[e]);
    head.push(graph.cols[e]);
  }
  u.optimizationState.head = head;
  u.optimizationState.tail = tail;
  u.optimizationState.epochsPerSample = u.makeEpochsPerSample(weights, epochs);
  u.initializeOptimization();
  u.prepareForOptimizationLoop();
  u.isInitialized = true;
  return { umap, epochs };
}

/**
 * The fuzzy union of a sparse matrix A with its transpose, as umap-js computes it entry by entry:
 * ((a + b) - a * b) * mix + (a * b) * (1 - mix) with a = A[r][c], b = A[c][r] (0 where absent), over every entry
 * of A or its transpose, explicit zeros kept, in row-major order.
 */
export function fuzzyUnion(
  n: number,
  rows: ArrayLike<number>,
  cols: ArrayLike<number>,
  vals: ArrayLike<number>,
  mix: number,
): { rows: Uint32Array; cols: Uint32Array; values: Float64Array } {
  // A's entries by key (row * n + col); a later entry of the same key replaces an earlier one, as in a Map.
  const m = vals.length;
  const keys = new Float64Array(m);
  for (let e = 0; e < m; e++) keys[e] = rows[e] * n + cols[e];
  const order = Uint32Array.from(keys.keys()).sort((x, y) => keys[x] - keys[y] || y - x);
  const aKeys = new Float64Array(m);
  const aValues = new Float64Array(m);
  let count = 0;
  for (let at = 0; at < m; at++) {
    const e = order[at];
    if (count > 0 && aKeys[count - 1] === keys[e]) continue;
    aKeys[count] = keys[e];
    aValues[count++] = vals[e];
  }
  const valueAt = (key: number): number => {
    let lo = 0;
    let hi = count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (aKeys[mid] === key) return aValues[mid];
      if (aKeys[mid] < key) lo = mid + 1;
      else hi = mid - 1;
    }
    return 0;
  };
  // Keys of A and of its transpose, sorted, each once.
  const both = new Float64Array(2 * count);
  for (let e = 0; e < count; e++) {
    const row = Math.floor(aKeys[e] / n);
    both[2 * e] = aKeys[e];
    both[2 * e + 1] = (aKeys[e] - row * n) * n + row;
  }
  both.sort();
  let unique = 0;
  for (let e = 0; e < both.length; e++) if (e === 0 || both[e] !== both[e - 1]) both[unique++] = both[e];
  const out = {
    rows: new Uint32Array(unique),
    cols: new Uint32Array(unique),
    values: new Float64Array(unique),
  };
  for (let e = 0; e < unique; e++) {
    const row = Math.floor(both[e] / n);
    const col = both[e] - row * n;
    const a = valueAt(both[e]);
    const b = valueAt(col * n + row);
    const product = a * b;
    out.rows[e] = row;
    out.cols[e] = col;
    out.values[e] = (a + b - product) * mix + product * (1 - mix);
  }
  return out;
}
