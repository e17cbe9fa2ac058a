import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kthSmallest } from '../../src/core/util/kthSmallest';
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
