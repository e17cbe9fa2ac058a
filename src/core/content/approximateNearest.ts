import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type * as UsearchModule from 'usearch';

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
 * For each of `members` (rows of `rows`, `dims` floats each, unit length), its `k` nearest other members by inner
 * product, from an HNSW graph (usearch): `visit(i, j, similarity)` with row numbers. Inserted one at a time in the
 * order of `members`, on this thread, so the graph (and the answer) is the same for the same rows; the queries, which
 * only read it, run on `threads` threads. Throws when usearch does not load (see loadUsearch).
 */
export function approximateNearest(
  rows: Float32Array,
  dims: number,
  members: ArrayLike<number>,
  k: number,
  visit: (i: number, j: number, similarity: number) => void,
  threads = 1,
): void {
  const usearch = loadUsearch();
  if (!usearch) throw new Error('the approximate index (usearch) does not load on this platform');
  const n = members.length;
  if (n < 2) return;
  const config = {
    dimensions: dims,
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
  const index = new usearch.Index(config);
  try {
    searchAll(index, rows, dims, members, k, visit, threads);
  } finally {
    release(usearch, index, config);
  }
}

/** Adds every member to `index`, then queries each (see approximateNearest). */
function searchAll(
  index: UsearchModule.Index,
  rows: Float32Array,
  dims: number,
  members: ArrayLike<number>,
  k: number,
  visit: (i: number, j: number, similarity: number) => void,
  threads: number,
): void {
  const n = members.length;
  const row = (m: number) => rows.subarray(members[m] * dims, (members[m] + 1) * dims);
  for (let m = 0; m < n; m++) index.add(BigInt(m), row(m));

  const wanted = Math.min(k + 1, n);
  const queries = new Float32Array(Math.min(n, QUERY_BATCH) * dims);
  for (let start = 0; start < n; start += QUERY_BATCH) {
    const end = Math.min(n, start + QUERY_BATCH);
    for (let m = start; m < end; m++) queries.set(row(m), (m - start) * dims);
    const found = index.search(queries.subarray(0, (end - start) * dims), wanted, threads) as
      UsearchModule.BatchMatches | UsearchModule.Matches;
    // One query gives Matches (its found keys only), more give BatchMatches (`wanted` slots a query).
    const counts = 'counts' in found ? found.counts : [BigInt(found.keys.length)];
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
 * Frees the index's memory now (~430 bytes a vector at 64 dimensions). usearch's binding has no close(): its memory
 * goes when V8 collects the wrapper, and V8 does not see that memory (an index of 100,000 vectors, 41 MB, was still
 * held after 16 MB of later allocations), so the per-class indexes were built while the one over every image still
 * held its memory. Viewing an empty index in its place resets it. If that fails the memory goes at collection.
 */
function release(
  usearch: typeof UsearchModule,
  index: UsearchModule.Index,
  config: ConstructorParameters<typeof UsearchModule.Index>[0],
): void {
  // Windows cannot delete a file that is mapped: there the memory goes at collection.
  if (process.platform === 'win32') return;
  let dir: string | undefined;
  try {
    dir = mkdtempSync(path.join(tmpdir(), 'dataset-lens-index-'));
    const empty = path.join(dir, 'empty.usearch');
    new usearch.Index(config).save(empty);
    index.view(empty);
  } catch {
    // Freed when the wrapper is collected.
  } finally {
    try {
      if (dir) rmSync(dir, { recursive: true, force: true });
    } catch {
      // A temporary folder left behind costs less than a failed search.
    }
  }
}

/** Queries per call into usearch: their results (k keys and distances each) are all that is held at once. */
const QUERY_BATCH = 4096;
