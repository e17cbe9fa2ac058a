import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PairList } from '../../src/core/content/pairList';

test('pairs read back as pushed, similarities as full doubles', () => {
  const pairs = new PairList();
  const n = 70_000;
  for (let p = 0; p < n; p++) pairs.push(p, p + 1 + (p % 13), 0.5 + p / 3 / n);
  assert.equal(pairs.length, n);
  for (const p of [0, 1, 65_535, 65_536, n - 1]) {
    assert.deepEqual(pairs.at(p), { i: p, j: p + 1 + (p % 13), similarity: 0.5 + p / 3 / n });
    assert.equal(pairs.i(p), p);
    assert.equal(pairs.similarity(p), 0.5 + p / 3 / n);
  }
});

test('a million pairs take about 16 MB, not an object each', () => {
  const before = process.memoryUsage();
  const pairs = new PairList();
  for (let p = 0; p < 1_000_000; p++) pairs.push(p, p + 1, p / 1_000_000);
  const after = process.memoryUsage();
  const grown = after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers;
  assert.ok(grown < 24 * 2 ** 20, `${(grown / 2 ** 20).toFixed(1)} MB for a million pairs`);
  assert.equal(pairs.length, 1_000_000);
});
