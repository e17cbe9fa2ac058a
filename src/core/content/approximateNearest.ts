import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type * as UsearchModule from 'usearch';
import type { RowView } from '../util/rowView';
import { CoarseShards, PROBES } from './coarseShards';

/**
 * HNSW parameters (usearch's names): links per node, candidates kept while inserting and while searching. Measured
 * on the 70,000 Fashion-MNIST content vectors projected to 64 dimensions (BENCHMARKS.md, "Content"): recall@10 against
 * the exact search above 0.99.
 */
const CONNECTIVITY = 16;
const EXPANSION_ADD = 128;
const EXPANSION_SEARCH = 64;

let loaded: typeof UsearchModule | null | undefined;

/**
 * usearch (its N-API binary, prebuilt in its npm package), loaded on first use; null where no binary of the package
 * loads (e.g. Alpine's musl libc: usearch ships glibc builds only).
 */
export function loadUsearch(): typeof UsearchModule | null {
  if (loaded === undefined) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      loaded = require('usearch') as typeof UsearchModule;
    } catch {
      loaded = null;
    }
  }
  return loaded;
}

/**
 * Vectors per HNSW index, at most (~335 bytes each at 64 dimensions: 34 MB). More members are split into shards of
 * nearby vectors (CoarseShards), each built, saved to a temporary file and emptied, then searched through a
 * memory-mapped view of its file (released after each pass) by the queries near it: the memory of the search does
 * not grow with the number of images, and a query searches a few shards, not all.
 */
export const SHARD_SIZE = 100_000;
/** Queries answered against their shards before their lists are handed on: ~5 MB of results and lists at once. */
const QUERY_BLOCK = 1 << 16;

/**
 * For each of `members` (rows of `rows`, unit length), its `k` nearest other members by inner product, from an
 * HNSW graph (usearch): `visit(i, j, similarity)` with row numbers, most similar first. Inserted one at a time in
 * the order of `members`, on this thread, so the graph (and the answer) is the same for the same rows; the
 * queries, which only read it, run on `threads` threads. Above `shardSize` members, one graph per shard of nearby
 * members (see SHARD_SIZE), each query searching its own shard and its nearest ones (CoarseShards), its `k` best
 * kept. Throws when usearch does not load (see loadUsearch).
 */
export function approximateNearest(
  rows: RowView<Float32Array>,
  members: ArrayLike<number>,
  k: number,
  visit: (i: number, j: number, similarity: number) => void,
  threads = 1,
  shardSize = SHARD_SIZE,
): void {
  const usearch = loadUsearch();
  if (!usearch) throw new Error('the approximate index (usearch) does not load on this platform');
  const n = members.length;
  if (n < 2) return;
  const config = {
    dimensions: rows.width,
    metric: usearch.MetricKind.IP,
    // Vectors kept as 16-bit floats: ~335 bytes a vector with its links, against ~430 as 32-bit floats. recall@10
    // against the exact search on 10,000 real content vectors (MobileNetV2, Fashion-MNIST) projected to 64
    // dimensions: 0.9952 (32-bit floats: 0.9996; 8-bit integers: 0.92, too low).
    quantization: usearch.ScalarKind.F16,
    connectivity: CONNECTIVITY,
    expansion_add: EXPANSION_ADD,
    expansion_search: EXPANSION_SEARCH,
    multi: false,
  };
  if (n > shardSize) {
    searchShards(usearch, config, rows, members, k, visit, threads, shardSize);
    return;
  }
  const index = reusedIndex(usearch, config);
  try {
    searchAll(index, rows, members, k, visit, threads);
  } finally {
    empty(usearch, index, config);
  }
}

/**
 * The one index every build of the process fills and then empties (see empty()). A usearch.Index let go keeps
 * ~40 bytes a vector of native memory (4 MB a shard of 100,000) until V8 collects its wrapper and Node runs its
 * finalizer, at a later turn of the event loop: never during the search, which is synchronous, so one new index
 * per shard and per class added up (ten shards of 1M images: 40 MB), and a full collection after each shard did
 * not free it (measured). Reused, the index's buffers serve the next build.
 */
let reused: { config: string; index: UsearchModule.Index } | undefined;

function reusedIndex(usearch: typeof UsearchModule, config: IndexConfig): UsearchModule.Index {
  const key = JSON.stringify(config);
  if (reused?.config !== key) reused = { config: key, index: new usearch.Index(config) };
  return reused.index;
}

/**
 * Empties the reused index now, freeing its graph (~335 bytes a vector) or unmapping the file it views: V8 does not
 * see that memory, so nothing else frees it soon (an index of 100,000 vectors, 41 MB, was still held after 16 MB of
 * later allocations, while the per-class indexes were built). Loading an empty index in its place resets it
 * (usearch's binding has no clear()); loaded, not viewed, so the empty file is never mapped. If that fails, the
 * next search starts on a new index.
 */
function empty(usearch: typeof UsearchModule, index: UsearchModule.Index, config: IndexConfig): void {
  try {
    index.load(emptyIndexFile(usearch, config));
  } catch {
    if (reused?.index === index) reused = undefined;
  }
}

/**
 * The process's empty index for `config`: written on first use to a temporary folder of its own (rewritten when the
 * config changes), which is removed when the process exits.
 */
let emptyFile: { config: string; file: string } | undefined;
let emptyDir: string | undefined;

function emptyIndexFile(usearch: typeof UsearchModule, config: IndexConfig): string {
  const key = JSON.stringify(config);
  if (emptyFile?.config === key) return emptyFile.file;
  if (!emptyDir) {
    const dir = mkdtempSync(path.join(tmpdir(), 'dataset-lens-index-'));
    emptyDir = dir;
    process.once('exit', () => {
      try {
        rmSync(dir, { recursive: true, force: true });
      } catch {
        // A temporary folder left behind costs less than a failed exit.
      }
    });
  }
  emptyFile = undefined;
  const file = path.join(emptyDir, 'empty.usearch');
  new usearch.Index(config).save(file);
  emptyFile = { config: key, file };
  return file;
}

type IndexConfig = ConstructorParameters<typeof UsearchModule.Index>[0];

/** Adds every member to `index`, then queries each (see approximateNearest). */
function searchAll(
  index: UsearchModule.Index,
  rows: RowView<Float32Array>,
  members: ArrayLike<number>,
  k: number,
  visit: (i: number, j: number, similarity: number) => void,
  threads: number,
): void {
  const n = members.length;
  for (let m = 0; m < n; m++) index.add(BigInt(m), rows.row(members[m]));

  const wanted = Math.min(k + 1, n);
  const positions = new Int32Array(Math.min(n, QUERY_BATCH));
  const queries = new Float32Array(Math.min(n, QUERY_BATCH) * rows.width);
  for (let start = 0; start < n; start += QUERY_BATCH) {
    const end = Math.min(n, start + QUERY_BATCH);
    for (let m = start; m < end; m++) positions[m - start] = m;
    const batch = positions.subarray(0, end - start);
    const { found, counts } = searchRows(index, rows, members, batch, wanted, threads, queries);
    for (let q = 0; q < end - start; q++) {
      const self = start + q;
      const count = Number(counts[q]);
      let kept = 0;
      for (let r = 0; r < count && kept < k; r++) {
        const other = Number(found.keys[q * wanted + r]);
        if (other === self) continue;
        visit(members[self], members[other], 1 - found.distances[q * wanted + r]);
        kept++;
      }
    }
  }
}

/**
 * approximateNearest over more than `shardSize` members: the members split into shards of nearby vectors
 * (CoarseShards), an index per shard built and saved one at a time; then, block after block of QUERY_BLOCK queries,
 * each saved index viewed (memory-mapped) and searched by the queries of the block that probe it (their own shard
 * and their nearest centres'), each query keeping its `k` best over its shards (ties to the earlier shard).
 */
function searchShards(
  usearch: typeof UsearchModule,
  config: IndexConfig,
  rows: RowView<Float32Array>,
  members: ArrayLike<number>,
  k: number,
  visit: (i: number, j: number, similarity: number) => void,
  threads: number,
  shardSize: number,
): void {
  const n = members.length;
  const coarse = new CoarseShards(rows, members, shardSize);
  const dir = mkdtempSync(path.join(tmpdir(), 'dataset-lens-shards-'));
  try {
    const files: string[] = [];
    for (let s = 0; s < coarse.length; s++) {
      const file = path.join(dir, `shard-${s}.usearch`);
      const index = reusedIndex(usearch, config);
      try {
        // Keys are positions in `members`, as in searchAll.
        for (let m = 0; m < n; m++) if (coarse.shardOf[m] === s) index.add(BigInt(m), rows.row(members[m]));
        index.save(file);
      } finally {
        empty(usearch, index, config);
      }
      files.push(file);
    }
    const viewer = reusedIndex(usearch, config);
    try {
      const block = Math.min(n, QUERY_BLOCK);
      const ids = new Int32Array(block * k);
      const sims = new Float32Array(block * k);
      const filled = new Uint8Array(block);
      const width = PROBES + 1;
      const probed = new Uint16Array(block * width);
      const probeCount = new Uint8Array(block);
      const asking = new Int32Array(block);
      const queries = new Float32Array(Math.min(block, QUERY_BATCH) * rows.width);
      for (let start = 0; start < n; start += block) {
        const end = Math.min(n, start + block);
        filled.fill(0);
        for (let m = start; m < end; m++)
          probeCount[m - start] = coarse.probes(m, rows.row(members[m]), probed, (m - start) * width);
        for (let s = 0; s < coarse.length; s++) {
          let asked = 0;
          for (let q = 0; q < end - start; q++)
            for (let p = 0; p < probeCount[q]; p++)
              if (probed[q * width + p] === s) {
                asking[asked++] = start + q;
                break;
              }
          // A centre nearest to no member leaves its shard empty: nothing to search.
          if (asked === 0 || coarse.sizes[s] === 0) continue;
          viewer.view(files[s]);
          const wanted = Math.min(k + 1, coarse.sizes[s]);
          for (let from = 0; from < asked; from += QUERY_BATCH) {
            const batch = asking.subarray(from, Math.min(asked, from + QUERY_BATCH));
            const { found, counts } = searchRows(viewer, rows, members, batch, wanted, threads, queries);
            for (let q = 0; q < batch.length; q++) {
              const self = batch[q];
              const count = Number(counts[q]);
              for (let r = 0; r < count; r++) {
                const other = Number(found.keys[q * wanted + r]);
                if (other === self) continue;
                keepBest(ids, sims, filled, self - start, k, other, 1 - found.distances[q * wanted + r]);
              }
            }
          }
        }
        for (let q = 0; q < end - start; q++)
          for (let r = 0; r < filled[q]; r++)
            visit(members[start + q], members[ids[q * k + r]], sims[q * k + r]);
      }
    } finally {
      empty(usearch, viewer, config);
    }
  } finally {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // A temporary folder left behind costs less than a failed search.
    }
  }
}

/**
 * Searches `index` for the rows of members at `positions` (packed into `queries`), `wanted` neighbours each.
 * `counts[q]` is how many of query q's `wanted` slots in `found.keys`/`found.distances` hold a match: one query
 * gives Matches (its found keys only), more give BatchMatches (`wanted` slots a query).
 */
function searchRows(
  index: UsearchModule.Index,
  rows: RowView<Float32Array>,
  members: ArrayLike<number>,
  positions: ArrayLike<number>,
  wanted: number,
  threads: number,
  queries: Float32Array,
): { found: UsearchModule.BatchMatches | UsearchModule.Matches; counts: ArrayLike<bigint> } {
  const dims = rows.width;
  const count = positions.length;
  for (let q = 0; q < count; q++) queries.set(rows.row(members[positions[q]]), q * dims);
  const found = index.search(queries.subarray(0, count * dims), wanted, threads) as
    UsearchModule.BatchMatches | UsearchModule.Matches;
  return { found, counts: 'counts' in found ? found.counts : [BigInt(found.keys.length)] };
}

/** Inserts (other, similarity) into query q's list of at most k, kept most similar first (ties: first come first). */
function keepBest(
  ids: Int32Array,
  sims: Float32Array,
  filled: Uint8Array,
  q: number,
  k: number,
  other: number,
  similarity: number,
): void {
  const base = q * k;
  let at = filled[q];
  if (at === k) {
    if (similarity <= sims[base + k - 1]) return;
    at = k - 1;
  } else filled[q]++;
  while (at > 0 && sims[base + at - 1] < similarity) {
    ids[base + at] = ids[base + at - 1];
    sims[base + at] = sims[base + at - 1];
    at--;
  }
  ids[base + at] = other;
  sims[base + at] = similarity;
}

/** Queries per call into usearch: their results (k keys and distances each) are all that is held at once. */
const QUERY_BATCH = 4096;
