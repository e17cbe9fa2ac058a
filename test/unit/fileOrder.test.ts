import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { addedArrays, inFileOrder, type AddedArrays } from '../../src/core/content/fileOrder';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** `count` images with every field derived from the id, ids shuffled by a multiplicative hash. */
function added(count: number): AddedArrays {
  const arrays = addedArrays();
  for (let k = 0; k < count; k++) {
    const id = ((k * 2654435761) % 4294967291) >>> 0;
    arrays.ids.push(id);
    arrays.labels.push((id % 11) - 1);
    arrays.splits.push(id % 3);
    arrays.scales.push(1 / (1 + (id % 255)));
    arrays.sides.push(16 + (id % 600));
  }
  return arrays;
}

test('inFileOrder puts every field in the order compared, ties in the order added', () => {
  const arrays = added(5000);
  // Many ties: ids compared by their last two decimal digits only.
  const key = (k: number) => arrays.ids.get(k) % 100;
  const ordered = inFileOrder(arrays, (a, b) => key(a) - key(b));
  const expected = Array.from({ length: 5000 }, (_, k) => k).sort((a, b) => key(a) - key(b) || a - b);
  assert.deepEqual([...ordered.order], expected);
  assert.deepEqual(
    [...ordered.ids],
    expected.map((k) => arrays.ids.get(k)),
  );
  assert.deepEqual(
    [...ordered.labels],
    expected.map((k) => arrays.labels.get(k)),
  );
  assert.deepEqual(
    [...ordered.splits],
    expected.map((k) => arrays.splits.get(k)),
  );
  assert.deepEqual(
    [...ordered.scales],
    expected.map((k) => arrays.scales.get(k)),
  );
  assert.deepEqual(
    [...ordered.sides],
    expected.map((k) => arrays.sides.get(k)),
  );
});

test('inFileOrder leaves a few bytes an image of garbage in the V8 heap, not a list per field', () => {
  const count = 400_000;
  const arrays = added(count);
  gc();
  const before = process.memoryUsage().heapUsed;
  const ordered = inFileOrder(arrays, (a, b) => arrays.ids.get(a) - arrays.ids.get(b));
  // Measured before any collection: what the call left behind is what a million images would hold at once
  // (built through iterables, each field held a list of every value: ~30 bytes an image each, 113 MB at 1,000,000).
  const perImage = (process.memoryUsage().heapUsed - before) / count;
  assert.equal(ordered.ids.length, count);
  assert.ok(perImage < 24, `${perImage.toFixed(1)} bytes an image left in the V8 heap (at most 24)`);
});
