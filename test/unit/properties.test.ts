import assert from 'node:assert/strict';
import { test } from 'node:test';
import { distribution, PropertiesAccumulator } from '../../src/core/properties/properties';
import { ASPECT_EDGES, recommendedSide, SIDE_EDGES } from '../../src/core/properties/sizeShape';
import { quantile } from '../../src/core/properties/quantile';
import { createRng } from '../../src/core/util/rng';
import { NUMPY_PIL, pythonMissing, runPython } from './helpers/python';

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

test('common sizes: most images first, then narrower, then lower; every distinct size counted once', () => {
  const acc = new PropertiesAccumulator();
  const sizes: [number, number, number][] = [
    [640, 480, 3],
    [480, 640, 3],
    [640, 360, 3],
    [32, 32, 5],
    [1, 1, 1],
  ];
  for (const [w, h, n] of sizes) for (let i = 0; i < n; i++) acc.addImage('png', 'RGB', w, h);
  const p = acc.finish();
  assert.deepEqual(p.commonSizes, [
    { width: 32, height: 32, count: 5 },
    { width: 480, height: 640, count: 3 },
    { width: 640, height: 360, count: 3 },
    { width: 640, height: 480, count: 3 },
    { width: 1, height: 1, count: 1 },
  ]);
  assert.equal(p.distinctSizes, 5);
});

test('size and aspect histograms and the recommended input size agree with numpy', (t) => {
  const missing = pythonMissing(NUMPY_PIL);
  if (missing) return t.skip(missing);
  // Sizes on and around every bin edge, portrait and landscape, and a long tail.
  const sizes: [number, number][] = [];
  for (let i = 0; i < 400; i++) {
    const w = [15, 16, 17, 28, 32, 63, 64, 100, 250, 256, 375, 500, 640, 1024, 3000, 5000][i % 16];
    const h = [32, 28, 64, 500, 16, 375, 200, 4096, 333][i % 9];
    sizes.push([w, h]);
  }
  const acc = new PropertiesAccumulator();
  for (const [w, h] of sizes) acc.addImage('png', 'RGB', w, h);
  const shape = acc.finish().shape!;
  const expected = runPython<{
    width: number[];
    height: number[];
    aspect: number[];
    median: number;
  }>(
    `
import json, sys
import numpy as np
d = json.load(sys.stdin)
s = np.array(d["sizes"], dtype=np.float64)
inf = [np.inf]
hist = lambda v, e: np.histogram(v, bins=e + inf)[0].tolist()
print(json.dumps({
  "width": hist(s[:, 0], d["side"]), "height": hist(s[:, 1], d["side"]),
  "aspect": hist(s[:, 0] / s[:, 1], d["aspect"]), "median": float(np.median(s.min(axis=1))),
}))`,
    { sizes, side: SIDE_EDGES, aspect: ASPECT_EDGES },
  );
  assert.deepEqual(shape.widthCounts, expected.width);
  assert.deepEqual(shape.heightCounts, expected.height);
  assert.deepEqual(shape.aspectCounts, expected.aspect);
  assert.equal(shape.recommended.shorterSideMedian, expected.median);
  const shorter = sizes.map(([w, h]) => Math.min(w, h));
  const side = shape.recommended.side;
  assert.equal(side % 32, 0);
  assert.ok(side <= expected.median && expected.median < side + 32, `${side} from ${expected.median}`);
  assert.equal(shape.recommended.upsampledShare, shorter.filter((s) => s < side).length / sizes.length);
});

test('recommended input side: the median shorter side down to a multiple of 32, at most 512, small kept', () => {
  assert.equal(recommendedSide(28), 28, 'MNIST is not upsampled to 32');
  assert.equal(recommendedSide(31.5), 31);
  assert.equal(recommendedSide(32), 32);
  assert.equal(recommendedSide(250), 224);
  assert.equal(recommendedSide(375), 352);
  assert.equal(recommendedSide(3000), 512);
  const acc = new PropertiesAccumulator();
  assert.equal(acc.finish().shape, null, 'no image, no histogram');
});

test('size figures come from the counts of each size, equal to the last bit to those of every image sorted', () => {
  // A few common sizes and a long tail, as real folders have: aspects that need rounding, repeated thousands of times.
  const rng = createRng(11);
  const common = [28, 32, 224, 333, 480, 640, 1000, 7];
  const widths: number[] = [];
  const heights: number[] = [];
  const acc = new PropertiesAccumulator();
  for (let i = 0; i < 20000; i++) {
    const w = common[rng.int(0, common.length - 1)] + (rng.next() < 0.1 ? rng.int(1, 300) : 0);
    const h = common[rng.int(0, common.length - 1)] + (rng.next() < 0.1 ? rng.int(1, 300) : 0);
    widths.push(w);
    heights.push(h);
    acc.addImage('png', 'RGB', w, h);
  }
  const p = acc.finish();
  // deepEqual compares numbers with Object.is: a mean summed in another order would differ in its last bits.
  assert.deepEqual(p.width, distribution(Float64Array.from(widths)));
  assert.deepEqual(p.height, distribution(Float64Array.from(heights)));
  assert.deepEqual(p.aspect, distribution(Float64Array.from(widths, (w, i) => w / heights[i])));
  const shorter = Float64Array.from(widths, (w, i) => Math.min(w, heights[i])).sort();
  const median = quantile(shorter, 0.5);
  assert.equal(p.shape!.recommended.shorterSideMedian, median);
  const side = recommendedSide(median);
  assert.equal(p.shape!.recommended.upsampledShare, shorter.filter((s) => s < side).length / shorter.length);
});
