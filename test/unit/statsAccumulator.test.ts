import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DecodedImage } from '../../src/core/decode/decodedImage';
import { imageHistogram } from '../../src/core/stats/imageHistogram';
import { addChannel, StatsAccumulator } from '../../src/core/stats/statsAccumulator';
import { createRng, randomImage, referenceStats, type RawImage } from './helpers/images';

function decoded(raw: RawImage): DecodedImage {
  const colourChannels = raw.channels <= 2 ? 1 : 3;
  return {
    format: 'png',
    mode: (['L', 'LA', 'RGB', 'RGBA'] as const)[raw.channels - 1],
    width: raw.width,
    height: raw.height,
    data: raw.data,
    stride: raw.channels,
    colourChannels,
    hadAlpha: raw.channels === 2 || raw.channels === 4,
  };
}

test('imageHistogram skips alpha and counts each colour channel', () => {
  const image = decoded({
    width: 2,
    height: 1,
    channels: 4,
    data: Uint8Array.from([1, 2, 3, 9, 1, 5, 3, 9]),
  });
  const h = imageHistogram(image);
  assert.equal(h.channels, 3);
  assert.equal(h.counts[1], 2);
  assert.equal(h.counts[256 + 2], 1);
  assert.equal(h.counts[256 + 5], 1);
  assert.equal(h.counts[512 + 3], 2);
  assert.equal(h.counts[9], 0, 'alpha value must not be counted');
  assert.equal(h.channelsEqual, false);
});

test('imageHistogram flags colour images whose channels are all equal', () => {
  const image = decoded({
    width: 2,
    height: 1,
    channels: 3,
    data: Uint8Array.from([7, 7, 7, 200, 200, 200]),
  });
  assert.equal(imageHistogram(image).channelsEqual, true);
});

test('a mixed grey/colour/alpha dataset is pooled as RGB like ImageFolder convert("RGB")', () => {
  const rng = createRng(3);
  const raws = [
    randomImage(rng, 13, 7, 1),
    randomImage(rng, 5, 11, 3),
    randomImage(rng, 9, 9, 4),
    randomImage(rng, 4, 6, 2),
  ];
  const acc = new StatsAccumulator();
  for (const raw of raws) acc.add(imageHistogram(decoded(raw)), raw.channels % 2 === 0);
  const stats = acc.finish(3);
  const expected = referenceStats(raws, 3);
  for (let c = 0; c < 3; c++) {
    assert.ok(Math.abs(stats.mean[c] - expected.mean[c]) < 1e-12, `mean[${c}]`);
    assert.ok(Math.abs(stats.std[c] - expected.std[c]) < 1e-12, `std[${c}]`);
    assert.deepEqual(stats.histogram[c], expected.histogram[c]);
  }
  assert.equal(stats.images, 4);
  assert.equal(stats.greyConvertedToRgb, 2);
  assert.equal(stats.alphaDropped, 2);
});

test('an all-grey dataset keeps one channel, and meanOfImageStd is the mean of per-image stds', () => {
  const rng = createRng(4);
  const raws = [randomImage(rng, 8, 8, 1), randomImage(rng, 3, 17, 1)];
  const acc = new StatsAccumulator();
  for (const raw of raws) acc.add(imageHistogram(decoded(raw)), false);
  const stats = acc.finish(1);
  assert.equal(stats.channels, 1);
  const perImage = raws.map((raw) => referenceStats([raw], 1).std[0]);
  assert.ok(Math.abs(stats.meanOfImageStd[0] - (perImage[0] + perImage[1]) / 2) < 1e-13);
  assert.ok(Math.abs(stats.std[0] - referenceStats(raws, 1).std[0]) < 1e-13);
});

test('merging two accumulators equals adding every image to one', () => {
  const rng = createRng(5);
  const raws = Array.from({ length: 6 }, (_, i) => randomImage(rng, 5 + i, 4, i % 2 ? 3 : 1));
  const one = new StatsAccumulator();
  const left = new StatsAccumulator();
  const right = new StatsAccumulator();
  raws.forEach((raw, i) => {
    one.add(imageHistogram(decoded(raw)), false);
    (i < 3 ? left : right).add(imageHistogram(decoded(raw)), false);
  });
  left.merge(right);
  assert.deepEqual(left.finish(3), one.finish(3));
});

test('meanOfImageStd over hundreds of images is exact whatever the order and the merges', () => {
  // More images than one exact double holds (63), so the BigInt carries are exercised, with merges mid-carry.
  const rng = createRng(6);
  const raws = Array.from({ length: 300 }, (_, i) => randomImage(rng, 3 + (i % 7), 2 + (i % 5), 1));
  const perImage = raws.map((raw) => referenceStats([raw], 1).std[0]);
  const expected = perImage.reduce((a, b) => a + b, 0) / raws.length;

  const forward = new StatsAccumulator();
  for (const raw of raws) forward.add(imageHistogram(decoded(raw)), false);
  const backward = new StatsAccumulator();
  for (const raw of [...raws].reverse()) backward.add(imageHistogram(decoded(raw)), false);
  const merged = new StatsAccumulator();
  for (let start = 0; start < raws.length; start += 41) {
    const part = new StatsAccumulator();
    for (const raw of raws.slice(start, start + 41)) part.add(imageHistogram(decoded(raw)), false);
    merged.merge(part);
  }

  const mean = forward.finish(1).meanOfImageStd[0];
  assert.ok(Math.abs(mean - expected) < 1e-12, `${mean} vs ${expected}`);
  assert.equal(backward.finish(1).meanOfImageStd[0], mean, 'order of arrival does not matter');
  assert.equal(merged.finish(1).meanOfImageStd[0], mean, 'merging does not matter');
});

test("addChannel adds a channel's counts into the sums and returns its population std on the 0..1 scale", () => {
  const counts = new Uint16Array(512);
  counts[256 + 10] = 3;
  counts[256 + 250] = 1;
  const sums = new Float64Array(768).fill(0.5);
  const std = addChannel(counts, 256, sums, 512);
  // Values 10, 10, 10, 250: mean 70, population variance (3 * 60^2 + 180^2) / 4.
  assert.equal(std, Math.sqrt((3 * 60 * 60 + 180 * 180) / 4) / 255);
  assert.equal(sums[512 + 10], 3.5);
  assert.equal(sums[512 + 250], 1.5);
  assert.equal(sums[512 + 11], 0.5, 'empty bins add nothing');
  assert.equal(sums[10], 0.5, 'only the target channel changes');
});
