import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderAugmentSource } from '../bench/data/augmentSource';
import { addNoise } from '../bench/data/paint';
import { renderPhoto } from '../bench/data/photo';
import { renderScaleImage } from '../bench/data/scalePng';
import { renderTiny, TINY_CLASSES } from '../bench/data/tinyImage';
import { createRng } from '../../src/core/util/rng';

test('a generated tiny image depends on its index only: the same whatever was generated before', () => {
  const first = renderTiny(7, 3);
  for (let i = 0; i < 20; i++) renderTiny(i, i % TINY_CLASSES);
  assert.deepEqual(renderTiny(7, 3), first);
  assert.equal(first.length, 28 * 28);
  assert.notDeepEqual(renderTiny(8, 3), first, 'another index, another image');
  // A silhouette on a dark background, not a flat or empty canvas.
  assert.ok(Math.max(...first) > 60 && Math.min(...first) < 20);
});

test('classes of the tiny set have different silhouettes', () => {
  const coverage = (cls: number): number => renderTiny(1, cls).filter((v) => v > 40).length;
  const sizes = new Set(Array.from({ length: TINY_CLASSES }, (_, cls) => coverage(cls)));
  assert.ok(sizes.size >= 8, `only ${sizes.size} distinct silhouette sizes`);
});

test('a generated photo depends on its index only, and has the promised size', () => {
  const photo = renderPhoto(11);
  renderPhoto(12);
  assert.deepEqual(renderPhoto(11), photo);
  assert.ok(photo.width >= 256 && photo.width <= 640 && photo.height >= 256 && photo.height <= 480);
  assert.equal(photo.pixels.length, photo.width * photo.height * 3);
  const other = renderPhoto(12);
  assert.ok(
    other.width !== photo.width || other.height !== photo.height || !other.pixels.equals(photo.pixels),
  );
});

test('augmentation sources depend on their index only', () => {
  const source = renderAugmentSource(3);
  renderAugmentSource(4);
  assert.ok(renderAugmentSource(3).equals(source));
  assert.ok(!renderAugmentSource(4).equals(source));
});

test('the scale set is one seeded stream: the same seed gives the same images, each image differs', () => {
  const stream = (n: number): Buffer[] => {
    const rng = createRng(1);
    return Array.from({ length: n }, () => {
      const image = Buffer.alloc(28 * 28);
      renderScaleImage(rng, image);
      return image;
    });
  };
  const a = stream(50);
  assert.deepEqual(stream(50), a);
  assert.equal(new Set(a.map((image) => image.toString('hex'))).size, 50);
});

test('addNoise adds zero-mean noise of the standard deviation asked for, only where weighted', () => {
  const n = 200_000;
  const buf = new Float32Array(n);
  const weight = new Float32Array(n).map((_, i) => (i < n / 2 ? 1 : 0));
  addNoise(buf, 10, createRng(5), weight);
  const noisy = buf.subarray(0, n / 2);
  const mean = noisy.reduce((s, v) => s + v, 0) / noisy.length;
  const std = Math.sqrt(noisy.reduce((s, v) => s + (v - mean) ** 2, 0) / noisy.length);
  assert.ok(Math.abs(mean) < 0.2, `mean ${mean}`);
  assert.ok(Math.abs(std - 10) < 0.5, `std ${std}`);
  assert.ok(buf.subarray(n / 2).every((v) => v === 0));
});
