import assert from 'node:assert/strict';
import { test } from 'node:test';
import { imageHistogram } from '../../src/core/stats/imageHistogram';
import { CHUNK_PIXELS, rgbHistogramModule, wasmHistogramGrey } from '../../src/core/stats/rgbHistogramWasm';
import { colourImage } from './helpers/colourImage';
import { referenceHistogram } from './helpers/histogramReference';
import { createRng } from './helpers/images';

const rng = createRng(20);

/** Photo-like RGB: runs of equal pixels (the same bin counted twice in a row), noise, the extremes 0 and 255. */
function photoLike(pixels: number, grey: boolean): Uint8Array {
  const data = new Uint8Array(3 * pixels);
  let rgb = [0, 0, 0];
  for (let p = 0; p < pixels; p++) {
    if (rng.int(0, 3) === 0) {
      const v = rng.int(0, 255);
      rgb = grey ? [v, v, v] : [v, rng.int(0, 1) * 255, rng.int(0, 255)];
    }
    data.set(rgb, 3 * p);
  }
  return data;
}

test('the histogram module validates', () => {
  assert.ok(WebAssembly.validate(rgbHistogramModule()));
});

test('the WebAssembly pass counts, compares channels and converts to grey as PIL does, across chunks', () => {
  for (const pixels of [2, 6, 1000, CHUNK_PIXELS, CHUNK_PIXELS + 2, 2 * CHUNK_PIXELS + 6]) {
    for (const grey of [false, true]) {
      const data = photoLike(pixels, grey);
      const expected = referenceHistogram(data, pixels);
      // Counts are added to what is there; grey levels written only for the pixels given.
      const counts = new Uint32Array(768).fill(1);
      const out = new Uint8Array(pixels + 3).fill(7);
      const unequal = wasmHistogramGrey(data, pixels, counts, out);
      const where = `${pixels} px, ${grey ? 'grey' : 'colour'}`;
      assert.ok(unequal >= 0, `${where}: ran in WebAssembly`);
      assert.deepEqual(
        Array.from(counts),
        expected.counts.map((c) => c + 1),
        where,
      );
      assert.equal(unequal === 0, expected.channelsEqual, where);
      assert.deepEqual(out.subarray(0, pixels), expected.grey, where);
      assert.deepEqual(Array.from(out.subarray(pixels)), [7, 7, 7], `${where}: nothing past the pixels`);
    }
  }
});

test('one pixel whose blue alone differs makes a grey picture colour, wherever it is (first, last, in either of a pair, across chunks)', () => {
  const pixels = CHUNK_PIXELS + 4;
  for (const at of [0, 1, CHUNK_PIXELS - 1, CHUNK_PIXELS, pixels - 1]) {
    const data = photoLike(pixels, true);
    data[3 * at + 2] ^= 1;
    const unequal = wasmHistogramGrey(data, pixels, new Uint32Array(768), new Uint8Array(pixels));
    assert.ok(unequal > 0, `pixel ${at}`);
  }
});

test('imageHistogram over a colour image of any size gives the plain counts and grey levels (odd pixel last)', () => {
  for (const [width, height] of [
    [1, 1],
    [3, 1],
    [481, 436],
    [1001, 131],
  ]) {
    const pixels = width * height;
    const data = photoLike(pixels, false);
    const image = colourImage(width, height, data);
    const grey = new Uint8Array(pixels);
    const histogram = imageHistogram(image, grey);
    const expected = referenceHistogram(data, pixels);
    const where = `${width}x${height}`;
    assert.deepEqual(Array.from(histogram.counts), expected.counts, where);
    assert.equal(histogram.channelsEqual, expected.channelsEqual, where);
    assert.deepEqual(grey, expected.grey, where);
  }
});
