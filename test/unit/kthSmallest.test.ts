import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kthSmallest, kthSmallestBinned } from '../../src/core/util/kthSmallest';
import { createRng } from '../../src/core/util/rng';

test('kthSmallest gives the value a sort puts at k, for every k, with ties, sorted or reversed input', () => {
  const rng = createRng(9);
  const inputs = [
    Float32Array.from({ length: 301 }, () => rng.next()),
    // Few distinct values: long runs of ties.
    Float32Array.from({ length: 200 }, () => rng.int(0, 4) / 4),
    Float32Array.from({ length: 150 }, (_, i) => i),
    Float32Array.from({ length: 150 }, (_, i) => 150 - i),
    Float32Array.of(0.5),
    new Float32Array(64),
  ];
  for (const values of inputs) {
    const sorted = values.slice().sort();
    for (let k = 0; k < values.length; k++) {
      const reordered = values.slice();
      const kth = kthSmallest(reordered, k);
      assert.equal(kth, sorted[k], `k ${k} of ${values.length}`);
      // middleOf64 (perceptualHash.ts) takes the next rank as the smallest value after k.
      assert.ok(
        reordered.subarray(k + 1).every((v) => v >= kth),
        `a value after k ${k} of ${values.length} is smaller`,
      );
    }
  }
});

test('kthSmallest refuses a rank outside the array', () => {
  assert.throws(
    () => kthSmallest(Float32Array.of(1, 2), 2),
    /Expected an integer from 0 to 1 for k but received 2/,
  );
  assert.throws(
    () => kthSmallest(new Float32Array(0), 0),
    /Expected an integer from 0 to -1 for k but received 0/,
  );
});

test('kthSmallestBinned gives the value a sort puts at k, whatever the spread of values below its bound', () => {
  const rng = createRng(12);
  const inputs: [Float32Array, number][] = [
    [Float32Array.from({ length: 2304 }, () => rng.next() * 255), 255],
    // Most values in one bin: the selection within it does the work.
    [Float32Array.from({ length: 2304 }, (_, i) => (i % 97 === 0 ? 200 : rng.next() * 1e-3)), 200],
    [Float32Array.from({ length: 500 }, () => rng.int(0, 3)), 3],
    [Float32Array.from({ length: 300 }, (_, i) => i), 299],
    [new Float32Array(100), 0],
    [Float32Array.of(7), 7],
  ];
  for (const [values, max] of inputs) {
    const sorted = values.slice().sort();
    for (let k = 0; k < values.length; k += values.length > 400 ? 37 : 1)
      assert.equal(kthSmallestBinned(values, k, max), sorted[k], `k ${k} of ${values.length}`);
    assert.deepEqual(values.slice().sort(), sorted, 'the values are left as they were, in some order');
  }
  assert.throws(() => kthSmallestBinned(Float32Array.of(1, 2), 2, 2), /for k but received 2/);
});
