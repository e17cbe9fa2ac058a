import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ImageHistogram } from '../../src/core/stats/imageHistogram';
import { addChannel } from '../../src/core/stats/statsAccumulator';
import type { Rng } from '../../src/core/util/rng';
import { createRng } from './helpers/images';

/** Each channel's std as StatsAccumulator.add takes it from addChannel (into sums of its own, here thrown away). */
function perImageStd(histogram: ImageHistogram): number[] {
  const sums = new Float64Array(768);
  return Array.from({ length: histogram.channels }, (_, c) =>
    addChannel(histogram.counts, c * 256, sums, c * 256),
  );
}

/** The two passes over all 256 bins of every channel, as the per-image std was written before it skipped empty bins. */
function everyBinStd(histogram: ImageHistogram): number[] {
  const out: number[] = [];
  for (let c = 0; c < histogram.channels; c++) {
    const base = c * 256;
    let n = 0;
    let sum = 0;
    for (let v = 0; v < 256; v++) {
      n += histogram.counts[base + v];
      sum += histogram.counts[base + v] * v;
    }
    const mean = sum / n;
    let squares = 0;
    for (let v = 0; v < 256; v++) squares += histogram.counts[base + v] * (v - mean) * (v - mean);
    out.push(Math.sqrt(squares / n) / 255);
  }
  return out;
}

/** Population std of the pixel values themselves, 0..1 scale (no histogram). */
function pixelStd(values: number[]): number {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length) / 255;
}

/** A histogram of `pixels` random values drawn from `levels` distinct grey levels (the other bins empty). */
function sparseHistogram(
  rng: Rng,
  channels: 1 | 3,
  pixels: number,
  levels: number,
): { histogram: ImageHistogram; values: number[][] } {
  const counts = new Uint32Array(channels * 256);
  const values: number[][] = [];
  for (let c = 0; c < channels; c++) {
    const palette = Array.from({ length: levels }, () => Math.floor(rng.next() * 256));
    const channel: number[] = [];
    for (let p = 0; p < pixels; p++) {
      const v = palette[Math.floor(rng.next() * levels)];
      counts[c * 256 + v]++;
      channel.push(v);
    }
    values.push(channel);
  }
  return { histogram: { channels, counts, channelsEqual: false }, values };
}

test("addChannel's std equals the two passes over every bin bit for bit, empty bins or not", () => {
  const rng = createRng(20);
  for (let k = 0; k < 400; k++) {
    const channels = k % 2 === 0 ? 1 : 3;
    const levels = 1 + Math.floor(rng.next() * 256);
    const { histogram } = sparseHistogram(rng, channels, 1 + Math.floor(rng.next() * 2000), levels);
    assert.deepEqual(perImageStd(histogram), everyBinStd(histogram), `histogram ${k}, ${levels} levels`);
  }
});

test("addChannel's std is the std of the pixel values (both ends of the range included)", () => {
  const rng = createRng(21);
  const { histogram, values } = sparseHistogram(rng, 3, 784, 40);
  histogram.counts[0] += 3;
  histogram.counts[255] += 5;
  values[0].push(0, 0, 0, 255, 255, 255, 255, 255);
  const stds = perImageStd(histogram);
  values.forEach((channel, c) => assert.ok(Math.abs(stds[c] - pixelStd(channel)) < 1e-12, `channel ${c}`));
});

test('addChannel reads a 16-bit histogram view as the batch and cache give it', () => {
  const pooled = new Uint16Array(512);
  pooled[256 + 10] = 3;
  pooled[256 + 250] = 1;
  const histogram: ImageHistogram = { channels: 1, counts: pooled.subarray(256), channelsEqual: true };
  assert.deepEqual(perImageStd(histogram), [pixelStd([10, 10, 10, 250])]);
  assert.deepEqual(perImageStd(histogram), everyBinStd(histogram));
});

test('addChannel adds every count of its channel, empty bins or not, to sums that hold anything', () => {
  const rng = createRng(22);
  for (let k = 0; k < 100; k++) {
    const { histogram } = sparseHistogram(
      rng,
      3,
      1 + Math.floor(rng.next() * 2000),
      1 + Math.floor(rng.next() * 256),
    );
    const start = Float64Array.from({ length: 768 }, () => Math.floor(rng.next() * 1e12));
    const sums = start.slice();
    for (let c = 0; c < 3; c++) addChannel(histogram.counts, c * 256, sums, c * 256);
    assert.deepEqual(
      sums,
      start.map((x, i) => x + histogram.counts[i]),
      `histogram ${k}`,
    );
  }
});
