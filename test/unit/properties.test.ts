import assert from 'node:assert/strict';
import { test } from 'node:test';
import { distribution, PropertiesAccumulator } from '../../src/core/properties/properties';

test('distribution quantiles interpolate linearly like numpy.percentile', () => {
  // np.percentile([1, 2, 3, 4, 10], [5, 50, 95]) == [1.2, 3.0, 8.8]
  const d = distribution(Float64Array.from([10, 1, 4, 2, 3]))!;
  assert.equal(d.min, 1);
  assert.equal(d.max, 10);
  assert.equal(d.mean, 4);
  assert.equal(d.median, 3);
  assert.ok(Math.abs(d.p5 - 1.2) < 1e-12);
  assert.ok(Math.abs(d.p95 - 8.8) < 1e-12);
  assert.equal(distribution(new Float64Array(0)), null);
});

test('properties count formats, modes and sizes, most common first, growing past the initial capacity', () => {
  const acc = new PropertiesAccumulator();
  for (let i = 0; i < 3000; i++) {
    acc.addImage(i % 3 ? 'png' : 'jpeg', 'RGB', i % 2 ? 32 : 64, 32);
    acc.addFile(100 + i);
  }
  const p = acc.finish();
  assert.deepEqual(p.formats, { png: 2000, jpeg: 1000 });
  assert.deepEqual(p.commonSizes[0], { width: 32, height: 32, count: 1500 });
  assert.equal(p.distinctSizes, 2);
  assert.equal(p.aspect!.max, 2);
  assert.equal(p.fileSize!.min, 100);
  assert.equal(p.fileSize!.max, 3099);
});
