import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GroupedStats } from '../../src/core/stats/groupedStats';
import type { ImageHistogram } from '../../src/core/stats/imageHistogram';
import { StatsAccumulator, type GroupStats } from '../../src/core/stats/statsAccumulator';
import { createRng } from './helpers/images';

interface Image {
  histogram: ImageHistogram;
  hadAlpha: boolean;
  label?: string;
  split?: string;
}

function randomImages(count: number, seed: number): Image[] {
  const random = createRng(seed);
  const rng = () => random.next();
  const pick = <T>(values: T[]) => values[Math.floor(rng() * values.length)];
  return Array.from({ length: count }, () => {
    const channels = rng() < 0.3 ? 3 : 1;
    const counts = new Uint32Array(channels * 256);
    const pixels = 1 + Math.floor(rng() * 900);
    for (let c = 0; c < channels; c++)
      for (let p = 0; p < pixels; p++) counts[c * 256 + Math.floor(rng() * rng() * 256)]++;
    return {
      histogram: { channels, counts, channelsEqual: false },
      hadAlpha: rng() < 0.2,
      label: pick(['cat', 'dog', 'bird', undefined]),
      split: pick(['train', 'test', undefined]),
    };
  });
}

/** The reference: each image added straight to the whole set, its class and its split. */
function direct(images: Image[], channels: 1 | 3) {
  const all = new StatsAccumulator();
  const byClass = new Map<string, StatsAccumulator>();
  const bySplit = new Map<string, StatsAccumulator>();
  const group = (groups: Map<string, StatsAccumulator>, key: string) => {
    if (!groups.has(key)) groups.set(key, new StatsAccumulator());
    return groups.get(key)!;
  };
  for (const image of images) {
    all.add(image.histogram, image.hadAlpha);
    if (image.label !== undefined) group(byClass, image.label).add(image.histogram, image.hadAlpha);
    if (image.split !== undefined) group(bySplit, image.split).add(image.histogram, image.hadAlpha);
  }
  return finished(all, byClass, bySplit, channels);
}

/** What the report reads from a run's accumulators: each finished, with the image count and colour flag. */
function finished(
  all: StatsAccumulator,
  byClass: Map<string, StatsAccumulator>,
  bySplit: Map<string, StatsAccumulator>,
  channels: 1 | 3,
) {
  const finish = (groups: Map<string, StatsAccumulator>) =>
    new Map([...groups].map(([k, acc]) => [k, acc.finish(channels)] as [string, GroupStats]));
  return {
    images: all.images,
    hasColour: all.hasColour,
    all: all.finish(channels),
    byClass: finish(byClass),
    bySplit: finish(bySplit),
  };
}

function grouped(images: Image[], channels: 1 | 3) {
  const stats = new GroupedStats();
  for (const image of images) stats.add(image.histogram, image.hadAlpha, image.label, image.split);
  const { all, byClass, bySplit } = stats.groups();
  return finished(all, byClass, bySplit, channels);
}

test('GroupedStats gives, bit for bit, the statistics of adding each image to its groups directly', () => {
  const images = randomImages(500, 7);
  for (const channels of [1, 3] as const)
    assert.deepEqual(grouped(images, channels), direct(images, channels));
});

test('GroupedStats: grey-only images, no classes or splits, and no images at all', () => {
  const grey = randomImages(300, 11)
    .filter((image) => image.histogram.channels === 1)
    .map((image) => ({ ...image, label: undefined, split: undefined }));
  assert.deepEqual(grouped(grey, 1), direct(grey, 1));
  const empty = new GroupedStats().groups();
  assert.equal(empty.all.images, 0);
  assert.equal(empty.byClass.size, 0);
  assert.equal(empty.bySplit.size, 0);
});

test('GroupedStats.groups() leaves it unchanged: later images and calls still add up', () => {
  const images = randomImages(200, 3);
  const stats = new GroupedStats();
  images.slice(0, 120).forEach((i) => stats.add(i.histogram, i.hadAlpha, i.label, i.split));
  stats.groups();
  stats.groups();
  images.slice(120).forEach((i) => stats.add(i.histogram, i.hadAlpha, i.label, i.split));
  const { all, byClass } = stats.groups();
  const reference = direct(images, 3);
  assert.deepEqual(all.finish(3), reference.all);
  assert.deepEqual(byClass.get('cat')?.finish(3), reference.byClass.get('cat'));
});
