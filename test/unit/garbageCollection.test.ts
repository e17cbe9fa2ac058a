import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ExternalGrowth } from '../../src/core/util/garbageCollection';

test('a worker collects once its external memory has grown by the step over what the last collection left', () => {
  let external = 5_000;
  let collections = 0;
  const growth = new ExternalGrowth(
    1_000,
    () => {
      collections++;
      external = 5_200; // what is still alive
    },
    () => external,
  );
  external = 5_999;
  assert.equal(growth.due, false, 'below the step');
  external = 6_000;
  assert.equal(growth.due, true, 'the step reached');
  growth.collectNow();
  assert.equal(collections, 1);
  external = 7_000; // freed buffers not yet counted down: no second collection meanwhile
  assert.equal(growth.due, false, 'not again before the first has settled');
  external = 5_200;
  growth.settled();
  external = 6_100;
  assert.equal(growth.due, false, 'measured from what the collection left, not from the start');
  external = 6_200;
  assert.equal(growth.due, true);
});

test('without an exposed gc a collection is never due', () => {
  const growth = new ExternalGrowth(1, undefined, () => Date.now());
  assert.equal(growth.due, false);
});
