import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findTransform } from '../../src/core/augment/registry';
import type { AugImage } from '../../src/core/augment/augImage';
import type { Params } from '../../src/core/augment/transform';
import { gaussianKernel } from '../../src/core/augment/ops/blur';
import { createRng } from '../../src/core/util/rng';
import { image, randomAugImage, rounded } from './helpers/augment';

/** Runs a transform's pure apply with hand-written params. */
function apply(name: string, input: AugImage, params: Params): number[] {
  const transform = findTransform(name);
  assert.ok(transform, name);
  return rounded(transform.apply(input, params).data);
}

const grid3 = () => image(3, 3, 1, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
const warp = { fill: 'constant', fillValue: 0, interpolation: 'bilinear' } as const;

test('flipHorizontal mirrors each row of a 3x3 image', () => {
  assert.deepEqual(apply('flipHorizontal', grid3(), {}), [3, 2, 1, 6, 5, 4, 9, 8, 7]);
});

test('flipVertical mirrors the rows of a 3x3 image; colour pixels move whole', () => {
  assert.deepEqual(apply('flipVertical', grid3(), {}), [7, 8, 9, 4, 5, 6, 1, 2, 3]);
  const rgb = image(2, 1, 3, [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(apply('flipHorizontal', rgb, {}), [4, 5, 6, 1, 2, 3]);
});

test('rotate 90 degrees is a counter-clockwise quarter turn (numpy rot90), as Keras RandomRotation', () => {
  assert.deepEqual(apply('rotate', grid3(), { degrees: 90, ...warp }), [3, 6, 9, 2, 5, 8, 1, 4, 7]);
  assert.deepEqual(apply('rotate', grid3(), { degrees: -90, ...warp }), [7, 4, 1, 8, 5, 2, 9, 6, 3]);
  assert.deepEqual(apply('rotate', grid3(), { degrees: 180, ...warp }), [9, 8, 7, 6, 5, 4, 3, 2, 1]);
});

test('translate by one pixel with each fill mode follows TF fill semantics', () => {
  const row = image(4, 1, 1, [10, 20, 30, 40]);
  const right = (fill: string) =>
    apply('translate', row, { x: 0.25, y: 0, fill, fillValue: 0, interpolation: 'bilinear' });
  assert.deepEqual(right('constant'), [0, 10, 20, 30]);
  assert.deepEqual(right('reflect'), [10, 10, 20, 30]);
  assert.deepEqual(right('wrap'), [40, 10, 20, 30]);
  assert.deepEqual(right('nearest'), [10, 10, 20, 30]);
  // Two pixels left, reflect: positions 4 and 5 read d and c of "abcd|dcba".
  assert.deepEqual(
    apply('translate', row, { x: -0.5, y: 0, fill: 'reflect', fillValue: 0, interpolation: 'bilinear' }),
    [30, 40, 40, 30],
  );
  assert.deepEqual(
    apply('translate', row, { x: 0.25, y: 0, fill: 'constant', fillValue: 99, interpolation: 'nearest' }),
    [99, 10, 20, 30],
  );
  // Half a pixel, bilinear: each output is the mean of two neighbours.
  assert.deepEqual(
    apply('translate', row, { x: 0.125, y: 0, fill: 'nearest', fillValue: 0, interpolation: 'bilinear' }),
    [10, 15, 25, 35],
  );
});

test('zoom factor +1 samples twice the width about the centre (Keras RandomZoom zooms out)', () => {
  const row = image(5, 1, 1, [1, 2, 3, 4, 5]);
  assert.deepEqual(apply('zoom', row, { height: 0, width: 1, ...warp }), [0, 1, 3, 5, 0]);
  assert.deepEqual(apply('zoom', row, { height: 0, width: -0.5, ...warp }), [2, 2.5, 3, 3.5, 4]);
});

test('shear 45 degrees shifts each row by its distance from the centre row', () => {
  assert.deepEqual(apply('shear', grid3(), { x: 45, y: 0, ...warp }), [0, 1, 2, 4, 5, 6, 8, 9, 0]);
});

test('randomCrop and randomResizedCrop without resizing copy the window exactly', () => {
  const input = randomAugImage(1, 6, 5, 3);
  const crop = findTransform('randomCrop')!.apply(input, {
    top: 1,
    left: 2,
    height: 3,
    width: 4,
    outHeight: 3,
    outWidth: 4,
    interpolation: 'bilinear',
  });
  for (let y = 0; y < 3; y++) {
    for (let x = 0; x < 4; x++) {
      for (let c = 0; c < 3; c++)
        assert.equal(crop.data[(y * 4 + x) * 3 + c], input.data[((y + 1) * 6 + x + 2) * 3 + c]);
    }
  }
  // Upscaling 2 -> 4 with half-pixel centres: tf.image.resize gives [a, a + (b-a)/4, ..., b].
  const up = apply('randomResizedCrop', image(2, 1, 1, [0, 100]), {
    top: 0,
    left: 0,
    height: 1,
    width: 2,
    outHeight: 1,
    outWidth: 4,
    interpolation: 'bilinear',
  });
  assert.deepEqual(up, [0, 25, 75, 100]);
});

test('randomResizedCrop samples windows inside the image, with the area and aspect asked for', () => {
  const t = findTransform('randomResizedCrop')!;
  const rng = createRng(3);
  for (let i = 0; i < 200; i++) {
    const p = t.sampleParams(
      rng,
      { width: 100, height: 80 },
      { scale: [0.3, 0.6], ratio: [0.75, 1.333], interpolation: 'bilinear' },
    );
    const [top, left, h, w] = [p.top, p.left, p.height, p.width] as number[];
    assert.ok(top >= 0 && left >= 0 && top + h <= 80 && left + w <= 100);
    assert.ok((w * h) / 8000 > 0.27 && (w * h) / 8000 < 0.64, `area ${(w * h) / 8000}`);
    assert.equal(p.outWidth, 100);
  }
});

test('contrast: (x - mean) * f + mean per channel (Keras), or about the mean luma (torchvision), clipped', () => {
  const px = image(2, 1, 3, [0, 100, 200, 100, 100, 0]);
  assert.deepEqual(apply('contrast', px, { factor: 2, mean: 'channel' }), [0, 100, 255, 150, 100, 0]);
  const lumaMean = 0.299 * 50 + 0.587 * 100 + 0.114 * 100;
  const expected = [0, 100, 200, 100, 100, 0].map(
    (v) => Math.round(((v - lumaMean) * 0.5 + lumaMean) * 1000) / 1000,
  );
  assert.deepEqual(apply('contrast', px, { factor: 0.5, mean: 'luma' }), expected);
});

test('brightness: additive delta * 255 (Keras) or a factor (torchvision), clipped to 0..255', () => {
  const px = image(3, 1, 1, [0, 100, 250]);
  assert.deepEqual(apply('brightness', px, { delta: 0.1, factor: 1 }), [25.5, 125.5, 255]);
  assert.deepEqual(apply('brightness', px, { delta: 0, factor: 1.5 }), [0, 150, 255]);
});

test('saturation 0 gives the luma, 1 changes nothing; grayscale writes luma to every channel', () => {
  const px = image(1, 1, 3, [255, 0, 0]);
  const luma = Math.round(0.299 * 255 * 1000) / 1000;
  assert.deepEqual(apply('saturation', px, { factor: 0 }), [luma, luma, luma]);
  assert.deepEqual(apply('saturation', px, { factor: 1 }), [255, 0, 0]);
  assert.deepEqual(
    apply('grayscale', image(1, 1, 3, [10, 20, 30]), {}),
    Array(3).fill(Math.round((2.99 + 11.74 + 3.42) * 1000) / 1000),
  );
  assert.deepEqual(apply('grayscale', image(2, 1, 1, [10, 20]), {}), [10, 20]);
});

test('hue: a third of a turn sends red to green and green to blue; grey stays grey', () => {
  assert.deepEqual(apply('hue', image(1, 1, 3, [255, 0, 0]), { delta: 1 / 3 }), [0, 255, 0]);
  assert.deepEqual(apply('hue', image(1, 1, 3, [0, 200, 0]), { delta: 1 / 3 }), [0, 0, 200]);
  assert.deepEqual(apply('hue', image(1, 1, 3, [90, 90, 90]), { delta: 0.25 }), [90, 90, 90]);
  // Half a turn: orange (255, 128, 0) becomes azure (0, 127, 255).
  assert.deepEqual(apply('hue', image(1, 1, 3, [255, 128, 0]), { delta: 0.5 }), [0, 127, 255]);
});

test('gamma: 255 * (x / 255) ^ gamma', () => {
  assert.deepEqual(apply('gamma', image(3, 1, 1, [0, 127.5, 255]), { gamma: 2 }), [0, 63.75, 255]);
});

test('channelShift adds one shift per channel, clipped', () => {
  assert.deepEqual(
    apply('channelShift', image(1, 1, 3, [100, 100, 100]), { shifts: [10, -20, 300] }),
    [110, 80, 255],
  );
});

test('cutout fills exactly its rectangle', () => {
  const input = randomAugImage(2, 5, 4, 1);
  const out = findTransform('cutout')!.apply(input, {
    top: 1,
    left: 2,
    height: 2,
    width: 3,
    value: 7,
    fillSeed: 0,
  });
  for (let y = 0; y < 4; y++) {
    for (let x = 0; x < 5; x++) {
      const inside = y >= 1 && y < 3 && x >= 2 && x < 5;
      assert.equal(out.data[y * 5 + x], inside ? 7 : input.data[y * 5 + x], `(${x}, ${y})`);
    }
  }
});

test('gaussianBlur: the kernel matches torchvision, an impulse spreads as its outer product, flat stays flat', () => {
  const k = gaussianKernel(3, 1);
  const e = Math.exp(-0.5);
  assert.deepEqual(
    rounded(Float32Array.from(k), 6),
    rounded(Float32Array.from([e / (1 + 2 * e), 1 / (1 + 2 * e), e / (1 + 2 * e)]), 6),
  );
  const impulse = image(
    5,
    5,
    1,
    Array.from({ length: 25 }, (_, i) => (i === 12 ? 100 : 0)),
  );
  const out = apply('gaussianBlur', impulse, { sigma: 1, kernelSize: 3 });
  assert.equal(out[12], Math.round(100 * k[1] * k[1] * 1000) / 1000);
  assert.equal(out[6], Math.round(100 * k[0] * k[0] * 1000) / 1000);
  assert.equal(out[0], 0);
  assert.deepEqual(
    apply('gaussianBlur', image(4, 3, 3, Array(36).fill(77)), { sigma: 2, kernelSize: 13 }),
    Array(36).fill(77),
  );
});

test('gaussianNoise has the asked standard deviation and no bias', () => {
  const flat = image(100, 100, 1, Array(10000).fill(128));
  const out = apply('gaussianNoise', flat, { std: 0.04, noiseSeed: 5 });
  const mean = out.reduce((a, b) => a + b, 0) / out.length;
  const sd = Math.sqrt(out.reduce((a, b) => a + (b - mean) ** 2, 0) / out.length);
  assert.ok(Math.abs(mean - 128) < 0.3, `mean ${mean}`);
  assert.ok(Math.abs(sd - 0.04 * 255) < 0.3, `sd ${sd}`);
});
