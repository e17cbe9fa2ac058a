import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { test } from 'node:test';
import { UMAP } from 'umap-js';
import { MAP_POINTS, nearestRows } from '../../src/core/content/contentMap';
import { fuzzyUnion, umapReadyToStep } from '../../src/core/content/umapFit';
import { createRng } from '../../src/core/util/rng';

const DIMS = 16;

/** `n` unit rows around 3 random centres, every seventh row a copy of the one before (distances of 0). */
function rows(n: number, seed: number): Float32Array {
  const rng = createRng(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
  const centres = Array.from({ length: 3 }, () => Array.from({ length: DIMS }, gauss));
  const values = new Float32Array(n * DIMS);
  for (let i = 0; i < n; i++) {
    if (i % 7 === 6) {
      values.copyWithin(i * DIMS, (i - 1) * DIMS, i * DIMS);
      continue;
    }
    let norm = 0;
    for (let d = 0; d < DIMS; d++) norm += (values[i * DIMS + d] = centres[i % 3][d] + 0.7 * gauss()) ** 2;
    for (let d = 0; d < DIMS; d++) values[i * DIMS + d] /= Math.sqrt(norm);
  }
  return values;
}

test("umapReadyToStep gives umap-js's own embedding, from the start and after every epoch", () => {
  for (const [n, k, epochs] of [
    [20, 5, 50],
    [300, 15, 200],
  ]) {
    const values = rows(n, n);
    const { indices, distances } = nearestRows(values, DIMS, k);
    const theirs = createRng(0);
    const reference = new UMAP({
      nComponents: 2,
      nNeighbors: k,
      minDist: 0.1,
      nEpochs: epochs,
      random: () => theirs.next(),
    });
    reference.setPrecomputedKNN(indices, distances);
    const total = reference.initializeFit(
      Array.from({ length: n }, (_, i) => Array.from(values.subarray(i * DIMS, (i + 1) * DIMS))),
    );
    const mine = createRng(0);
    const ours = umapReadyToStep({
      indices,
      distances,
      nNeighbors: k,
      minDist: 0.1,
      nEpochs: epochs,
      random: () => mine.next(),
    });
    assert.equal(ours.epochs, total);
    assert.deepEqual(ours.umap.getEmbedding(), reference.getEmbedding(), `${n} points: the start`);
    for (let e = 0; e < total; e++) {
      reference.step();
      ours.umap.step();
      if (e % 25 === 0 || e === total - 1)
        assert.deepEqual(ours.umap.getEmbedding(), reference.getEmbedding(), `${n} points: epoch ${e + 1}`);
    }
  }
});

test('the fuzzy union: each entry of A or its transpose once, row-major, a later duplicate replacing an earlier', () => {
  // A: (0,1) = 0.5 then again 0.75, (1,0) = 0.25, (0,2) = 1, (2,2) = 0.
  const union = fuzzyUnion(3, [0, 1, 0, 2, 0], [1, 0, 2, 2, 1], [0.5, 0.25, 1, 0, 0.75], 1);
  assert.deepEqual([...union.rows], [0, 0, 1, 2, 2]);
  assert.deepEqual([...union.cols], [1, 2, 0, 0, 2]);
  // a + b - ab: 0.75 + 0.25 - 0.1875 both ways; 1 + 0 - 0 both ways; the explicit zero stays.
  assert.deepEqual([...union.values], [0.8125, 1, 0.8125, 1, 0]);
  // mix 0: the fuzzy intersection a * b.
  assert.deepEqual([...fuzzyUnion(3, [0, 1, 0], [1, 0, 2], [0.5, 0.25, 1], 0).values], [0.125, 0, 0.125, 0]);
});

test(`the map of ${MAP_POINTS} points fits in a 40 MB V8 heap`, () => {
  const child = spawnSync(
    process.execPath,
    ['--max-old-space-size=40', '--import', 'tsx', path.join(__dirname, 'helpers', 'mapUnderHeapLimit.ts')],
    { encoding: 'utf8', timeout: 300_000 },
  );
  assert.equal(child.status, 0, child.stderr.slice(-2000));
  const out = JSON.parse(child.stdout) as { shown: number; peakRssMb: number };
  assert.equal(out.shown, MAP_POINTS);
});
