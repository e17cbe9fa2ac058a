import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createImage } from '../../src/core/augment/augImage';
import { areaResize } from '../../src/core/probe/areaResize';

test('areaResize averages the area each output pixel covers: whole blocks, a ratio of 3 to 2, an enlargement', () => {
  // 4x2 grey to 2x1: the mean of each 2x2 block.
  const grey = createImage(4, 2, 1);
  grey.data.set([0, 10, 20, 30, 40, 50, 60, 70]);
  assert.deepEqual(Array.from(areaResize(grey, 2, 1).data), [
    (0 + 10 + 40 + 50) / 4,
    (20 + 30 + 60 + 70) / 4,
  ]);

  // One row of 3 RGB pixels to 2: each output covers one and a half inputs, (a + b / 2) / 1.5 and (b / 2 + c) / 1.5.
  const rgb = createImage(3, 1, 3);
  rgb.data.set([30, 0, 255, 60, 90, 0, 120, 9, 3]);
  const expected = [0, 1, 2].flatMap((k) => [
    (rgb.data[k] + rgb.data[3 + k] / 2) / 1.5,
    (rgb.data[3 + k] / 2 + rgb.data[6 + k]) / 1.5,
  ]);
  const got = areaResize(rgb, 2, 1).data;
  const interleaved = [expected[0], expected[2], expected[4], expected[1], expected[3], expected[5]];
  interleaved.forEach((v, i) => assert.ok(Math.abs(got[i] - v) < 1e-4, `sample ${i}: ${got[i]} vs ${v}`));

  // 1 pixel to 3: every output covers part of the same pixel.
  const one = createImage(1, 1, 1);
  one.data[0] = 77;
  assert.deepEqual(Array.from(areaResize(one, 3, 1).data), [77, 77, 77]);
});
