import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SampleConfidenceCollector } from '../../src/core/stats/sampleConfidence';
import { createRng } from './helpers/images';

/** A population of 2000 grey "images" of varying size and brightness, as histograms. */
function population(seed: number): Uint32Array[] {
  const rng = createRng(seed);
  return Array.from({ length: 2000 }, () => {
    const counts = new Uint32Array(256);
    const centre = rng.int(20, 230);
    const pixels = rng.int(50, 400);
    for (let p = 0; p < pixels; p++) counts[Math.max(0, Math.min(255, centre + rng.int(-30, 30)))]++;
    return counts;
  });
}

test('95% intervals from random samples cover the true mean and std about 95% of the time', () => {
  const images = population(1);
  let n = 0;
  let s = 0;
  let q = 0;
  for (const h of images)
    for (let v = 0; v < 256; v++) {
      n += h[v];
      s += h[v] * v;
      q += h[v] * v * v;
    }
  const trueMean = s / n / 255;
  const trueStd = Math.sqrt(q / n - (s / n) ** 2) / 255;
  const rng = createRng(2);
  let meanHits = 0;
  let stdHits = 0;
  const trials = 300;
  for (let t = 0; t < trials; t++) {
    const collector = new SampleConfidenceCollector();
    const chosen = new Set<number>();
    while (chosen.size < 150) chosen.add(rng.int(0, images.length - 1));
    for (const i of chosen) collector.add({ channels: 1, counts: images[i], channelsEqual: true });
    const ci = collector.finish(1, images.length);
    if (ci.mean[0][0] <= trueMean && trueMean <= ci.mean[0][1]) meanHits++;
    if (ci.std[0][0] <= trueStd && trueStd <= ci.std[0][1]) stdHits++;
  }
  assert.ok(meanHits / trials > 0.9 && meanHits / trials < 0.99, `mean coverage ${meanHits / trials}`);
  assert.ok(stdHits / trials > 0.88 && stdHits / trials < 0.99, `std coverage ${stdHits / trials}`);
});

test('a sample that is the whole population has zero-width intervals (finite-population correction)', () => {
  const images = population(3).slice(0, 50);
  const collector = new SampleConfidenceCollector();
  for (const h of images) collector.add({ channels: 1, counts: h, channelsEqual: true });
  const ci = collector.finish(1, 50);
  assert.ok(Math.abs(ci.mean[0][1] - ci.mean[0][0]) < 1e-12);
});

test('the intervals do not depend on the order the images arrive in (workers finish in any order)', () => {
  const images = population(4).slice(0, 300);
  const intervals = (order: Uint32Array[]) => {
    const collector = new SampleConfidenceCollector();
    for (const counts of order) collector.add({ channels: 1, counts, channelsEqual: true });
    return collector.finish(1, 2000);
  };
  const rng = createRng(5);
  const shuffled = [...images];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
  }
  assert.deepEqual(intervals(shuffled), intervals(images));
  assert.deepEqual(intervals([...images].reverse()), intervals(images));
});
