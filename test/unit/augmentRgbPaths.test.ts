import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fromDecoded, type AugImage } from '../../src/core/augment/augImage';
import { channelMeans } from '../../src/core/augment/ops/colour';
import { flipLeftRight } from '../../src/core/augment/ops/flip';
import { rotationMatrix } from '../../src/core/augment/ops/matrices';
import { cropResize } from '../../src/core/augment/ops/resize';
import { warpProjective } from '../../src/core/augment/ops/warp';
import type { ProjectiveMatrix } from '../../src/core/augment/ops/warpTypes';
import { FILL_MODES, INTERPOLATIONS } from '../../src/core/augment/optionSpec';
import { createRng } from '../../src/core/util/rng';
import { randomAugImage } from './helpers/augment';

// The ops have unrolled loops for RGB. Each channel of an RGB result must equal, bit for bit, the same op on that
// channel alone (the general loop): export bytes for a seed must not depend on which loop ran. fromDecoded copies
// natively when there is no alpha to drop.

function channel(image: AugImage, c: number): AugImage {
  const pixels = image.width * image.height;
  const data = new Float32Array(pixels);
  for (let p = 0; p < pixels; p++) data[p] = image.data[p * 3 + c];
  return { width: image.width, height: image.height, channels: 1, data };
}

function assertPerChannel(rgb: AugImage, input: AugImage, op: (image: AugImage) => AugImage): void {
  for (let c = 0; c < 3; c++) {
    const grey = op(channel(input, c));
    assert.equal(grey.width, rgb.width);
    assert.equal(grey.height, rgb.height);
    assert.deepEqual(channel(rgb, c).data, grey.data, `channel ${c}`);
  }
}

const matrices: [string, ProjectiveMatrix][] = [
  ['rotate 12.3°', rotationMatrix(0.2147, 23, 17)],
  ['rotate -170°', rotationMatrix(-2.967, 23, 17)],
  ['projective', [1.1, 0.2, -3, -0.1, 0.9, 2, 0.01, -0.02]],
  ['singular row', [1, 0, 0, 0, 1, 0, 0, -0.1]],
];

for (const [name, matrix] of matrices) {
  test(`warpProjective on RGB equals it on each channel: ${name}`, () => {
    const input = randomAugImage(11, 23, 17, 3);
    for (const fill of FILL_MODES) {
      for (const interpolation of INTERPOLATIONS) {
        const options = { fill, fillValue: 17, interpolation };
        const rgb = warpProjective(input, matrix, options);
        assertPerChannel(rgb, input, (image) => warpProjective(image, matrix, options));
      }
    }
  });
}

test('cropResize on RGB equals it on each channel, up and down, both interpolations', () => {
  const input = randomAugImage(12, 31, 22, 3);
  const box = { top: 3, left: 5, height: 15, width: 21 };
  for (const interpolation of INTERPOLATIONS) {
    for (const [h, w] of [
      [40, 33],
      [9, 7],
      [15, 21],
    ]) {
      const rgb = cropResize(input, box, h, w, interpolation);
      assertPerChannel(rgb, input, (image) => cropResize(image, box, h, w, interpolation));
    }
  }
});

test('flipLeftRight on RGB equals it on each channel, odd and even widths', () => {
  for (const width of [1, 8, 13]) {
    const input = randomAugImage(13, width, 5, 3);
    assertPerChannel(flipLeftRight(input), input, flipLeftRight);
  }
});

test('fromDecoded copies each byte to its float, and only the image (the buffer may run on)', () => {
  const bytes = Uint8Array.from([0, 1, 127, 128, 254, 255, 9, 8, 7, 99, 98]);
  const decoded = (stride: number, colourChannels: 1 | 3, width: number) => ({
    format: 'png',
    mode: 'RGB' as const,
    width,
    height: 1,
    data: bytes,
    stride,
    colourChannels,
    hadAlpha: stride === 4 || stride === 2,
  });
  assert.deepEqual(Array.from(fromDecoded(decoded(3, 3, 3)).data), [0, 1, 127, 128, 254, 255, 9, 8, 7]);
  assert.deepEqual(Array.from(fromDecoded(decoded(1, 1, 5)).data), [0, 1, 127, 128, 254]);
  assert.deepEqual(Array.from(fromDecoded(decoded(4, 3, 2)).data), [0, 1, 127, 254, 255, 9]);
  assert.deepEqual(Array.from(fromDecoded(decoded(2, 1, 3)).data), [0, 127, 254]);
});

test('channelMeans of RGB equals it on each channel alone, bit for bit (samples whose order of addition shows)', () => {
  const rng = createRng(5);
  const input = randomAugImage(5, 97, 61, 3);
  // Float32 samples of 1..255 sum exactly in float64 in any order: tiny ones among them make the order show.
  for (let i = 0; i < input.data.length; i++)
    input.data[i] = i % 5 ? input.data[i] + rng.next() : rng.next() * 1e-9;
  const means = channelMeans(input.data, 3);
  for (let c = 0; c < 3; c++)
    assert.equal(means[c], channelMeans(channel(input, c).data, 1)[0], `channel ${c}`);
});
