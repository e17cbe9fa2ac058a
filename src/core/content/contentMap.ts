import { throwIfAborted } from '../util/errors';
import { allIndices } from '../util/indices';
import { createRng } from '../util/rng';
import { umapReadyToStep } from './umapFit';

/**
 * Images drawn on the map at most (a seeded sample above it). The graph umap-js steps through is built in typed
 * arrays (umapFit.ts), not by umap-js's own initializeFit, whose string-keyed maps took 190-265 MB at this size.
 */
export const MAP_POINTS = 4000;
/** UMAP's neighbourhood (umap-learn's default), the tightest packing of points, and its passes. */
export const MAP_NEIGHBOURS = 15;
export const MAP_MIN_DIST = 0.1;
export const MAP_EPOCHS = 200;
export const MAP_SEED = 0;
/** Epochs between two yields (a cancel is seen there, progress is told there). */
const EPOCHS_PER_TICK = 10;

/** What the map is computed from: unit rows (the centred content vectors on their principal axes), one per image. */
export interface MapInput {
  dims: number;
  /** `files.length` rows of `dims` values, each of unit length. */
  values: Float32Array;
  files: string[];
  classes: (string | null)[];
  splits: (string | null)[];
}

/** `content.map` of the report: a 2-D UMAP projection of the content vectors, in columns. */
export interface ContentMap {
  method: 'umap';
  library: 'umap-js';
  /** What was projected. */
  input: {
    dims: number;
    vectors: 'principal axes of the centred content vectors, unit length';
    metric: 'cosine';
  };
  params: { nNeighbors: number; minDist: number; nEpochs: number; seed: number };
  /** Images on the map, and of how many with a vector (a seeded sample when more than MAP_POINTS). */
  shown: number;
  of: number;
  /** Per image on the map: x and y in [0, 1] (the longer extent spans 0..1, the aspect kept), class, split. */
  points: { file: string[]; x: number[]; y: number[]; class: (string | null)[]; split: (string | null)[] };
}

export interface MapHooks {
  signal?: AbortSignal;
  onEpoch?(done: number, total: number): void;
}

/** `limit` of `0..n-1`, seeded (a partial Fisher-Yates shuffle), in increasing order; all of them when n <= limit. */
export function sampleIndices(n: number, limit: number, seed: number): Uint32Array {
  const all = allIndices(n);
  if (n <= limit) return all;
  const rng = createRng(seed);
  for (let i = 0; i < limit; i++) {
    const j = rng.int(i, n - 1);
    const t = all[i];
    all[i] = all[j];
    all[j] = t;
  }
  return all.subarray(0, limit).sort();
}

/**
 * The `k` nearest rows of each row (itself first), by cosine distance (1 - dot product of unit rows): exact, every
 * pair, as umap-js takes them precomputed. Ties go to the lower index, so the answer does not depend on timing.
 */
export function nearestRows(
  values: Float32Array,
  dims: number,
  k: number,
): { indices: number[][]; distances: number[][] } {
  const n = values.length / dims;
  const indices: number[][] = [];
  const distances: number[][] = [];
  const ids = new Int32Array(k);
  const sims = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    // The row itself first, then the best others kept sorted by insertion (most similar first).
    ids.fill(-1);
    sims.fill(-Infinity);
    ids[0] = i;
    sims[0] = Infinity;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      let s = 0;
      for (let c = 0; c < dims; c++) s += values[i * dims + c] * values[j * dims + c];
      if (s <= sims[k - 1]) continue;
      let at = k - 1;
      while (at > 1 && sims[at - 1] < s) {
        sims[at] = sims[at - 1];
        ids[at] = ids[at - 1];
        at--;
      }
      sims[at] = s;
      ids[at] = j;
    }
    indices.push(Array.from(ids));
    distances.push(Array.from(sims, (s, at) => (at === 0 ? 0 : Math.max(0, 1 - s))));
  }
  return { indices, distances };
}

/**
 * The map: UMAP (umap-js) of the rows, on their exact cosine neighbours, seeded by the project's rng so the same
 * rows give the same map. Yields every EPOCHS_PER_TICK epochs (progress, cancel). Null below 3 rows.
 */
export async function projectMap(
  input: MapInput,
  of: number,
  hooks: MapHooks = {},
): Promise<ContentMap | null> {
  const n = input.files.length;
  if (n < 3) return null;
  const k = Math.min(MAP_NEIGHBOURS, n - 1);
  const { indices, distances } = nearestRows(input.values, input.dims, k);
  throwIfAborted(hooks.signal);
  const rng = createRng(MAP_SEED);
  const { umap, epochs: total } = umapReadyToStep({
    indices,
    distances,
    nNeighbors: k,
    minDist: MAP_MIN_DIST,
    nEpochs: MAP_EPOCHS,
    random: () => rng.next(),
  });
  for (let epoch = 0; epoch < total;) {
    const end = Math.min(total, epoch + EPOCHS_PER_TICK);
    for (; epoch < end; epoch++) umap.step();
    hooks.onEpoch?.(epoch, total);
    await new Promise((resolve) => setImmediate(resolve));
    throwIfAborted(hooks.signal);
  }
  const { x, y } = fitUnitSquare(umap.getEmbedding());
  return {
    method: 'umap',
    library: 'umap-js',
    input: {
      dims: input.dims,
      vectors: 'principal axes of the centred content vectors, unit length',
      metric: 'cosine',
    },
    params: { nNeighbors: k, minDist: MAP_MIN_DIST, nEpochs: total, seed: MAP_SEED },
    shown: n,
    of,
    points: { file: input.files, x, y, class: input.classes, split: input.splits },
  };
}

/** The points moved and scaled into [0, 1] (the longer extent spans it, centred on the other), 4 decimals. */
function fitUnitSquare(points: number[][]): { x: number[]; y: number[] } {
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const [px, py] of points) {
    minX = Math.min(minX, px);
    maxX = Math.max(maxX, px);
    minY = Math.min(minY, py);
    maxY = Math.max(maxY, py);
  }
  const span = Math.max(maxX - minX, maxY - minY) || 1;
  const offX = (1 - (maxX - minX) / span) / 2;
  const offY = (1 - (maxY - minY) / span) / 2;
  const round = (v: number) => Math.round(v * 1e4) / 1e4;
  return {
    x: points.map(([px]) => round(offX + (px - minX) / span)),
    y: points.map(([, py]) => round(offY + (py - minY) / span)),
  };
}
