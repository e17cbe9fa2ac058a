import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DecodedImage } from '../../src/core/decode/decodedImage';
import { BRIGHTNESS_BINS } from '../../src/core/quality/brightness';
import { sampledThumbnail } from '../../src/core/quality/imageMeasures';
import { THUMBNAIL_SIDE } from '../../src/core/quality/thumbnailSide';
import { sampleGridModule, wasmSampleColour } from '../../src/core/quality/sampleGridWasm';
import { colourImage } from './helpers/colourImage';
import { createRng } from './helpers/images';

const rng = createRng(21);

/**
 * The grid written out plainly, sample by sample: every step-th pixel of every step-th row (step = ceil(sqrt(pixels /
 * 65536))), its 1000 x luma averaged into its thumbnail cell (an empty cell copies its left, else upper, neighbour),
 * its 1000 x brightness squared counted in bin >> 16.
 */
function referenceGrid(image: DecodedImage) {
  const { width, height, data, stride } = image;
  const step = Math.max(1, Math.ceil(Math.sqrt((width * height) / 65536)));
  const scale = Math.min(1, THUMBNAIL_SIDE / Math.max(width, height));
  const tw = Math.max(1, Math.round(width * scale));
  const th = Math.max(1, Math.round(height * scale));
  const sums = new Array<number>(tw * th).fill(0);
  const counts = new Array<number>(tw * th).fill(0);
  const brightness = new Array<number>(BRIGHTNESS_BINS).fill(0);
  for (let y = 0; y < height; y += step)
    for (let x = 0; x < width; x += step) {
      const i = (y * width + x) * stride;
      const [r, g, b] = [data[i], data[i + 1], data[i + 2]];
      const cell =
        Math.min(th - 1, Math.floor((y * th) / height)) * tw + Math.min(tw - 1, Math.floor((x * tw) / width));
      sums[cell] += 299 * r + 587 * g + 114 * b;
      counts[cell]++;
      brightness[Math.floor((241 * r * r + 691 * g * g + 68 * b * b) / 65536)]++;
    }
  const thumbnail = sums.map((s, k) => (counts[k] ? s / (1000 * counts[k]) : 0));
  for (let k = 0; k < tw * th; k++) {
    if (counts[k]) continue;
    if (k % tw > 0) thumbnail[k] = thumbnail[k - 1];
    else if (k >= tw) thumbnail[k] = thumbnail[k - tw];
  }
  return { tw, th, thumbnail, brightness };
}

test('the sampling module validates', () => {
  assert.ok(WebAssembly.validate(sampleGridModule()));
});

test('the sampling grid of a colour image is the plain sample-by-sample grid: photos, thin, wide, RGBA, large', () => {
  for (const [width, height] of [
    [481, 436],
    [129, 5000],
    [5000, 129],
    [70000, 3],
    [2000, 1500],
    [300, 200],
  ]) {
    for (const stride of [3, 4] as const) {
      const data = new Uint8Array(width * height * stride);
      // Smooth regions with noise and saturated pixels: sums of many samples, brightness bins at both ends.
      for (let p = 0; p < width * height; p++)
        for (let c = 0; c < 3; c++)
          data[p * stride + c] = rng.int(0, 9) === 0 ? 255 * rng.int(0, 1) : ((p % width) * (c + 1)) % 256;
      const image = colourImage(width, height, data, stride);
      const thumbnail = new Float64Array(THUMBNAIL_SIDE * THUMBNAIL_SIDE);
      const brightness = new Uint32Array(BRIGHTNESS_BINS);
      const size = sampledThumbnail(image, thumbnail, brightness);
      const expected = referenceGrid(image);
      const where = `${width}x${height}x${stride}`;
      assert.deepEqual(size, { tw: expected.tw, th: expected.th }, where);
      assert.deepEqual(Array.from(thumbnail.subarray(0, size.tw * size.th)), expected.thumbnail, where);
      assert.deepEqual(Array.from(brightness), expected.brightness, where);
    }
  }
});

test("a row too wide for a kernel's memory (hostile: 6 million pixels) is left to JavaScript, with the same grid", () => {
  const width = 6_000_000;
  const data = Uint8Array.from({ length: width * 3 }, (_, i) => (i * 7) % 251);
  const image = colourImage(width, 1, data);
  const columnCell = Uint32Array.from({ length: width }, (_, x) => Math.floor((x * THUMBNAIL_SIDE) / width));
  const grid = { ...image, step: 1, tw: THUMBNAIL_SIDE, th: 1, columnCell };
  assert.equal(wasmSampleColour(grid, new Uint32Array(BRIGHTNESS_BINS)), null);
  const thumbnail = new Float64Array(THUMBNAIL_SIDE * THUMBNAIL_SIDE);
  const brightness = new Uint32Array(BRIGHTNESS_BINS);
  const size = sampledThumbnail(image, thumbnail, brightness);
  const expected = referenceGrid(image);
  assert.deepEqual(size, { tw: expected.tw, th: expected.th });
  assert.deepEqual(Array.from(thumbnail.subarray(0, size.tw * size.th)), expected.thumbnail);
  assert.deepEqual(Array.from(brightness), expected.brightness);
});
