import assert from 'node:assert/strict';
import { test } from 'node:test';
import { statsFromHistogram } from '../../src/core/stats/channelStats';
import { createRng } from '../../src/core/util/rng';

test('statsFromHistogram matches a two-pass float64 loop over the raw values', () => {
  const rng = createRng(7);
  const values = Array.from({ length: 5000 }, () => Math.min(255, Math.floor(rng.next() * rng.next() * 300)));
  const counts = new Uint32Array(256);
  for (const v of values) counts[v]++;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length;
  const stats = statsFromHistogram(counts, 1);
  assert.ok(Math.abs(stats.mean[0] - mean / 255) < 1e-13);
  assert.ok(Math.abs(stats.std[0] - Math.sqrt(variance) / 255) < 1e-13);
  assert.equal(stats.min[0], Math.min(...values) / 255);
  assert.equal(stats.max[0], Math.max(...values) / 255);
  assert.equal(stats.pixels, 5000);
});

test('statsFromHistogram stays exact at 2.56e14 pixels (a million 16-megapixel images)', () => {
  // k pixels at every value 0..255: mean 127.5, variance (256^2 - 1) / 12, in closed form.
  const k = 1e12;
  const counts = new Float64Array(256).fill(k);
  const stats = statsFromHistogram(counts, 1);
  assert.equal(stats.mean[0], 127.5 / 255);
  assert.ok(Math.abs(stats.std[0] - Math.sqrt((256 * 256 - 1) / 12) / 255) < 1e-15);
});

test('statsFromHistogram keeps tiny variances on top of huge counts (no cancellation)', () => {
  // 1e13 pixels at 200 and 1 pixel at 201: variance ~ 1e-13, lost by E[x^2] - E[x]^2 in float64.
  const counts = new Float64Array(256);
  counts[200] = 1e13;
  counts[201] = 1;
  const stats = statsFromHistogram(counts, 1);
  const n = 1e13 + 1;
  const exactVariance = (1e13 * 1) / (n * n); // p(1-p) with p = 1/n, in value units
  assert.ok(stats.std[0] > 0);
  assert.ok(
    Math.abs(stats.std[0] - Math.sqrt(exactVariance) / 255) / (Math.sqrt(exactVariance) / 255) < 1e-9,
  );
});

test('statsFromHistogram reports NaN for a channel with no pixels instead of 0', () => {
  const stats = statsFromHistogram(new Uint32Array(256), 1);
  assert.ok(Number.isNaN(stats.mean[0]));
  assert.equal(stats.pixels, 0);
});
