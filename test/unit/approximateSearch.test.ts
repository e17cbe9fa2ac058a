import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { test } from 'node:test';
import * as path from 'node:path';
import { approximateNearest, loadUsearch } from '../../src/core/content/approximateNearest';
import { PROBES } from '../../src/core/content/coarseShards';
import { searchNeighbours, type UnitVectors } from '../../src/core/content/contentSearch';
import type { PairList } from '../../src/core/content/pairList';
import { createRng, type Rng } from '../../src/core/util/rng';
import { flatRowView } from '../../src/core/util/rowView';

/** Standard normal, by Box-Muller. */
function gauss(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
}

/**
 * `n` unit vectors around `clusters` random centres (spread: the noise's scale against the centres'), in a flat
 * array, and each one's cluster. Every tenth vector has a near copy right after it (noise 0.02).
 */
function clustered(n: number, dims: number, clusters: number, spread: number, seed: number) {
  const rng = createRng(seed);
  const centres = Array.from({ length: clusters }, () =>
    Float32Array.from({ length: dims }, () => gauss(rng)),
  );
  const rows = new Float32Array(n * dims);
  const cluster = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const copyOf = i % 10 === 1 ? i - 1 : -1;
    cluster[i] = copyOf >= 0 ? cluster[copyOf] : rng.int(0, clusters - 1);
    let norm = 0;
    for (let a = 0; a < dims; a++) {
      const base = copyOf >= 0 ? rows[copyOf * dims + a] : centres[cluster[i]][a];
      const v = base + (copyOf >= 0 ? 0.02 : spread) * gauss(rng);
      rows[i * dims + a] = v;
      norm += v * v;
    }
    for (let a = 0; a < dims; a++) rows[i * dims + a] /= Math.sqrt(norm);
  }
  return { rows, cluster };
}

/** Exact k nearest of row q by inner product (ties by index). */
function bruteForce(rows: Float32Array, dims: number, n: number, q: number, k: number): number[] {
  const scored: [number, number][] = [];
  for (let j = 0; j < n; j++) {
    if (j === q) continue;
    let s = 0;
    for (let a = 0; a < dims; a++) s += rows[q * dims + a] * rows[j * dims + a];
    scored.push([s, j]);
  }
  return scored
    .sort((x, y) => y[0] - x[0] || x[1] - y[1])
    .slice(0, k)
    .map((x) => x[1]);
}

function unitVectors(rows: Float32Array, dims: number, classOf: (i: number) => number): UnitVectors {
  return {
    count: rows.length / dims,
    dims,
    classOf,
    read: (i, out) => {
      out.set(rows.subarray(i * dims, (i + 1) * dims));
      return out;
    },
  };
}

test('the approximate index finds at least 95% of the exact 10 nearest neighbours on clustered vectors', () => {
  const n = 6000;
  const dims = 64;
  const k = 10;
  const { rows } = clustered(n, dims, 60, 0.9, 7);
  const found = Array.from({ length: n }, () => [] as number[]);
  const similarities = new Map<number, number>();
  approximateNearest(
    flatRowView(rows, dims),
    Int32Array.from({ length: n }, (_, i) => i),
    k,
    (i, j, s) => {
      found[i].push(j);
      if (i === 0) similarities.set(j, s);
    },
  );
  let hits = 0;
  let asked = 0;
  for (let q = 0; q < n; q += 20) {
    const exact = new Set(bruteForce(rows, dims, n, q, k));
    assert.ok(
      found[q].length <= k && !found[q].includes(q),
      `row ${q}: ${found[q].length} neighbours or itself`,
    );
    hits += found[q].filter((j) => exact.has(j)).length;
    asked += k;
  }
  const recall = hits / asked;
  assert.ok(recall >= 0.95, `recall@10 ${recall.toFixed(3)}`);
  // The similarity it reports is the inner product of the index's 16-bit copies: within 2e-3 of the exact one (the
  // search rescores its pairs and scores exactly; the reported value only picks candidates, 0.05 below the floor).
  for (const [j, s] of similarities) {
    let dot = 0;
    for (let a = 0; a < dims; a++) dot += rows[a] * rows[j * dims + a];
    assert.ok(Math.abs(dot - s) < 2e-3, `row 0 to ${j}: ${s} reported, ${dot} exact`);
  }
});

test('above `approximateAbove` images the search uses the index, at or below it compares every pair', () => {
  const dims = 96;
  const { rows, cluster } = clustered(400, dims, 8, 0.8, 3);
  const vectors = unitVectors(rows, dims, (i) => cluster[i] % 3);
  assert.equal(searchNeighbours(vectors, 0.95, { approximateAbove: 400 }).search, 'exact');
  assert.equal(searchNeighbours(vectors, 0.95).search, 'exact');
  const approximate = searchNeighbours(vectors, 0.95, { approximateAbove: 399 });
  assert.equal(approximate.search, 'approximate');
  const exact = searchNeighbours(vectors, 0.95, { approximateAbove: 400 });
  // Every near copy (every tenth vector and the one after it) is a pair either way; the scores agree.
  const key = (p: { i: number; j: number }) => `${p.i}-${p.j}`;
  const copies = Array.from({ length: 40 }, (_, c) => `${c * 10}-${c * 10 + 1}`);
  const listed = (pairs: PairList) => Array.from({ length: pairs.length }, (_, p) => pairs.at(p));
  const found = new Set(listed(approximate.pairs).map(key));
  for (const copy of copies) assert.ok(found.has(copy), `pair ${copy} not found by the index`);
  assert.deepEqual(listed(approximate.pairs).map(key).sort(), listed(exact.pairs).map(key).sort());
  let same = 0;
  for (let i = 0; i < 400; i++) {
    // The index can only miss neighbours: its distances are never below the exact ones.
    assert.ok(approximate.outlier[i] >= exact.outlier[i] - 1e-6, `image ${i}`);
    assert.ok(approximate.outlierInClass[i] >= exact.outlierInClass[i] - 1e-6, `image ${i} in class`);
    if (Math.abs(approximate.outlier[i] - exact.outlier[i]) < 1e-6) same++;
  }
  assert.ok(same >= 0.95 * 400, `${same} of 400 outlier scores as the exact search's`);
});

test('the approximate search gives the same neighbours, pairs and scores every run', () => {
  const dims = 64;
  const { rows, cluster } = clustered(3000, dims, 30, 1.2, 11);
  const vectors = unitVectors(rows, dims, (i) => cluster[i] % 4);
  const once = searchNeighbours(vectors, 0.9, { approximateAbove: 0 });
  const again = searchNeighbours(vectors, 0.9, { approximateAbove: 0, threads: 2 });
  assert.equal(once.search, 'approximate');
  const listed = (pairs: PairList) => Array.from({ length: pairs.length }, (_, p) => pairs.at(p));
  assert.deepEqual(listed(again.pairs), listed(once.pairs));
  assert.ok(once.pairs.length > 0);
  assert.deepEqual(again.outlier, once.outlier);
  assert.deepEqual(again.outlierInClass, once.outlierInClass);
});

test('a last batch of one query and a class of two images are searched like the rest', () => {
  // 4097 rows: the queries go in batches of 4096, the last one alone.
  const dims = 16;
  const n = 4097;
  const { rows } = clustered(n, dims, 20, 0.5, 2);
  const neighbours = new Int32Array(n).fill(-1);
  approximateNearest(
    flatRowView(rows, dims),
    Int32Array.from({ length: n }, (_, i) => i),
    1,
    (i, j) => (neighbours[i] = j),
  );
  assert.equal(neighbours[n - 1], bruteForce(rows, dims, n, n - 1, 1)[0]);
  assert.equal(neighbours.indexOf(-1), -1, 'every row has a neighbour');
  const pair: number[][] = [];
  approximateNearest(flatRowView(rows, dims), [5, 9], 3, (i, j) => pair.push([i, j]));
  assert.deepEqual(pair, [
    [5, 9],
    [9, 5],
  ]);
});

test('above `shardSize` members the index is split into saved shards, searched in turn, recall kept', () => {
  const n = 5000;
  const dims = 64;
  const k = 10;
  const { rows } = clustered(n, dims, 50, 0.9, 13);
  const usearch = loadUsearch()!;
  const save = usearch.Index.prototype.save;
  const saved: string[] = [];
  usearch.Index.prototype.save = function (this: typeof usearch.Index.prototype, file: string) {
    saved.push(path.basename(file));
    return save.call(this, file);
  };
  const found = Array.from({ length: n }, () => [] as number[]);
  const similarities: number[][] = Array.from({ length: n }, () => []);
  try {
    approximateNearest(
      flatRowView(rows, dims),
      Int32Array.from({ length: n }, (_, i) => i),
      k,
      (i, j, s) => {
        found[i].push(j);
        similarities[i].push(s);
      },
      1,
      2000,
    );
  } finally {
    usearch.Index.prototype.save = save;
  }
  assert.deepEqual(
    saved.filter((name) => name.startsWith('shard-')),
    ['shard-0.usearch', 'shard-1.usearch', 'shard-2.usearch'],
  );
  let hits = 0;
  let asked = 0;
  for (let q = 0; q < n; q += 20) {
    const exact = new Set(bruteForce(rows, dims, n, q, k));
    assert.ok(found[q].length === k && !found[q].includes(q), `row ${q}: ${found[q].length} or itself`);
    assert.equal(new Set(found[q]).size, k, `row ${q}: a neighbour twice`);
    assert.deepEqual(
      similarities[q],
      [...similarities[q]].sort((a, b) => b - a),
      `row ${q}: most similar first`,
    );
    hits += found[q].filter((j) => exact.has(j)).length;
    asked += k;
  }
  // Every member is found across shards: neighbours from each third.
  assert.ok(found.flat().some((j) => j >= 4000) && found.flat().some((j) => j < 2000));
  const recall = hits / asked;
  assert.ok(recall >= 0.95, `recall@10 ${recall.toFixed(3)}`);
});

test('above `shardSize` members a query searches its own shard and its nearest ones, not every shard', () => {
  // Every query used to search every shard: CPU growing as n² / shardSize (ten searches a query at 1M images).
  const n = 10_000;
  const dims = 64;
  const k = 10;
  const shardSize = 1000;
  const { rows } = clustered(n, dims, 50, 0.9, 17);
  const usearch = loadUsearch()!;
  const { add, save, search } = usearch.Index.prototype;
  let queried = 0;
  let added = 0;
  const shardSizes: number[] = [];
  usearch.Index.prototype.add = function (
    this: typeof usearch.Index.prototype,
    ...args: Parameters<typeof add>
  ) {
    added++;
    return add.apply(this, args);
  };
  usearch.Index.prototype.save = function (this: typeof usearch.Index.prototype, file: string) {
    if (path.basename(file).startsWith('shard-')) shardSizes.push(added);
    added = 0;
    return save.call(this, file);
  };
  // Counts the query vectors of every call (the code under test passes one packed Float32Array).
  const untyped = search as unknown as (this: unknown, ...args: unknown[]) => unknown;
  const counted = function (this: unknown, vectors: Float32Array, ...rest: unknown[]) {
    queried += vectors.length / dims;
    return untyped.call(this, vectors, ...rest);
  };
  usearch.Index.prototype.search = counted as unknown as typeof search;
  const run = (threads: number) => {
    const found = Array.from({ length: n }, () => [] as number[]);
    approximateNearest(
      flatRowView(rows, dims),
      Int32Array.from({ length: n }, (_, i) => i),
      k,
      (i, j) => found[i].push(j),
      threads,
      shardSize,
    );
    return found;
  };
  let found: number[][];
  let again: number[][];
  try {
    found = run(1);
    again = run(2);
  } finally {
    Object.assign(usearch.Index.prototype, { add, save, search });
  }
  // Each member in one shard of at most shardSize; each query in its own shard and its PROBES nearest, of 14.
  assert.equal(
    shardSizes.reduce((a, b) => a + b, 0),
    2 * n,
  );
  assert.ok(Math.max(...shardSizes) <= shardSize, `shards of ${shardSizes}`);
  assert.equal(shardSizes.length, 2 * 14);
  assert.ok(queried <= 2 * (PROBES + 1) * n, `${queried / 2} query searches for ${n} queries`);
  assert.deepEqual(again, found, 'the same neighbours on one thread or two');
  let hits = 0;
  let asked = 0;
  for (let q = 0; q < n; q += 50) {
    const exact = new Set(bruteForce(rows, dims, n, q, k));
    assert.equal(found[q].length, k);
    hits += found[q].filter((j) => exact.has(j)).length;
    asked += k;
  }
  const recall = hits / asked;
  assert.ok(recall >= 0.95, `recall@10 ${recall.toFixed(3)}`);
});

test('with `onPairs` the candidate pairs come in blocks, the same pairs in the same order as without', () => {
  const dims = 64;
  const { rows, cluster } = clustered(2000, dims, 20, 0.6, 17);
  const vectors = unitVectors(rows, dims, (i) => cluster[i] % 3);
  for (const approximateAbove of [5000, 0]) {
    const whole = searchNeighbours(vectors, 0.5, { approximateAbove });
    const blocks: number[] = [];
    const streamed: { i: number; j: number; similarity: number }[] = [];
    const inBlocks = searchNeighbours(vectors, 0.5, {
      approximateAbove,
      pairBlock: 100,
      onPairs: (block) => {
        blocks.push(block.length);
        for (let p = 0; p < block.length; p++) streamed.push(block.at(p));
      },
    });
    assert.ok(whole.pairs.length > 300, `${whole.pairs.length} pairs`);
    assert.equal(inBlocks.pairs.length, 0);
    assert.ok(blocks.every((size) => size > 0 && size <= 100) && blocks.length > 3, `${blocks}`);
    assert.deepEqual(
      streamed,
      Array.from({ length: whole.pairs.length }, (_, p) => whole.pairs.at(p)),
    );
    assert.deepEqual(inBlocks.outlier, whole.outlier);
    whole.projected.close();
    inBlocks.projected.close();
  }
});

test('above `approximateAbove` the projected rows are read back from the search, not held in one array', () => {
  const dims = 96;
  const { rows, cluster } = clustered(600, dims, 8, 0.8, 19);
  const vectors = unitVectors(rows, dims, (i) => cluster[i] % 3);
  const exact = searchNeighbours(vectors, 0.95);
  const approximate = searchNeighbours(vectors, 0.95, { approximateAbove: 0 });
  assert.ok(exact.projected.values, 'the exact search compares rows in memory');
  assert.equal(approximate.projected.values, undefined);
  assert.equal(approximate.projected.count, 600);
  for (const i of [0, 1, 299, 599])
    assert.deepEqual(approximate.projected.row(i), exact.projected.row(i), `row ${i}`);
  exact.projected.close();
  approximate.projected.close();
});

test('every index a process builds is one usearch object, emptied between builds, its shards and calls alike', () => {
  // A dropped usearch.Index keeps ~40 bytes a vector of native memory until V8 collects it and Node runs its
  // finalizer at a later turn of the event loop, which never comes during the synchronous search: over shards and
  // per-class indexes it added up (4 MB a shard of 100,000), and a full collection after each did not free it.
  const dims = 16;
  const { rows } = clustered(5000, dims, 20, 0.5, 23);
  const usearch = loadUsearch()!;
  const add = usearch.Index.prototype.add;
  const built = new Set<unknown>();
  usearch.Index.prototype.add = function (
    this: typeof usearch.Index.prototype,
    ...args: Parameters<typeof add>
  ) {
    built.add(this);
    return add.apply(this, args);
  };
  const neighbours = new Int32Array(5000).fill(-1);
  try {
    // Three shards, then two indexes of one class each.
    const all = Int32Array.from({ length: 5000 }, (_, i) => i);
    approximateNearest(flatRowView(rows, dims), all, 1, () => {}, 1, 2000);
    for (const members of [all.subarray(0, 1000), all.subarray(1000, 1500)])
      approximateNearest(flatRowView(rows, dims), members, 1, (i, j) => (neighbours[i] = j));
  } finally {
    usearch.Index.prototype.add = add;
  }
  assert.equal(built.size, 1);
  // Each class's index held that class only: emptied, not added to.
  for (const i of [0, 999, 1000, 1499]) {
    const low = i < 1000 ? 0 : 1000;
    assert.equal(
      neighbours[i],
      low + bruteForce(rows.subarray(low * dims), dims, i < 1000 ? 1000 : 500, i - low, 1)[0],
    );
  }
});

test('the index is emptied from one empty-index file a process, written once and removed at exit', () => {
  // Emptying used to write an empty index to a new temporary folder and delete it on every build (~25 times in a
  // run of 1M images); now the file is written on the first build of a process and kept until it exits.
  const tmp = mkdtempSync(path.join(tmpdir(), 'dataset-lens-empty-test-'));
  try {
    const script = [
      'const { approximateNearest, loadUsearch } = require(process.env.SOURCE);',
      'const usearch = loadUsearch();',
      'const save = usearch.Index.prototype.save;',
      'const saved = [];',
      'usearch.Index.prototype.save = function (file) { saved.push(file); return save.call(this, file); };',
      'const rows = Float32Array.from({ length: 400 * 8 }, (_, i) => Math.sin(i * 0.37));',
      'const view = { width: 8, row: (i) => rows.subarray(i * 8, (i + 1) * 8) };',
      'const members = Int32Array.from({ length: 400 }, (_, i) => i);',
      'let visits = 0;',
      'for (let build = 0; build < 5; build++) approximateNearest(view, members, 2, () => visits++);',
      'approximateNearest(view, members, 2, () => visits++, 1, 150);',
      "const fs = require('node:fs');",
      'console.log(JSON.stringify({ saved, visits, left: saved.filter((f) => fs.existsSync(f)) }));',
    ].join('\n');
    const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], {
      env: {
        ...process.env,
        TMPDIR: tmp,
        SOURCE: path.resolve(__dirname, '../../src/core/content/approximateNearest.ts'),
      },
      encoding: 'utf8',
    });
    const { saved, visits, left } = JSON.parse(out) as { saved: string[]; visits: number; left: string[] };
    assert.equal(visits, 6 * 400 * 2);
    const shards = saved.filter((file) => path.basename(file).startsWith('shard-'));
    const empties = saved.filter((file) => !shards.includes(file));
    assert.equal(shards.length, 3, `${saved}`);
    // Six builds and three shards emptied, from one file.
    assert.equal(empties.length, 1, `${empties}`);
    assert.ok(
      left.length === 1 && left[0] === empties[0],
      'the empty-index file is kept while the process runs',
    );
    assert.deepEqual(
      readdirSync(tmp).filter((name) => name.startsWith('dataset-lens-')),
      [],
      'nothing of ours left in the temporary folder after the process exits',
    );
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
