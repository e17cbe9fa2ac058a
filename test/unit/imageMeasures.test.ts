import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DecodedImage } from '../../src/core/decode/decodedImage';
import { BRIGHTNESS_BINS } from '../../src/core/quality/brightness';
import { ownThumbnail, sampledThumbnail } from '../../src/core/quality/imageMeasures';
import { THUMBNAIL_SIDE } from '../../src/core/quality/thumbnailSide';
import { phashInput } from '../../src/core/quality/perceptualHash';
import { imageHistogram } from '../../src/core/stats/imageHistogram';
import { referenceHistogram } from './helpers/histogramReference';
import { createRng, randomImage } from './helpers/images';

const rng = createRng(5);

function decoded(width: number, height: number, channels: 1 | 2 | 3 | 4): DecodedImage {
  const raw = randomImage(rng, width, height, channels);
  return {
    format: 'png',
    mode: (['L', 'LA', 'RGB', 'RGBA'] as const)[channels - 1],
    width,
    height,
    data: raw.data,
    stride: channels,
    colourChannels: channels <= 2 ? 1 : 3,
    hadAlpha: channels % 2 === 0,
  };
}

test('a small image used as its own thumbnail gives exactly what the sampling grid gives', () => {
  const sizes: [number, number][] = [
    [1, 1],
    [28, 28],
    [1, THUMBNAIL_SIDE],
    [THUMBNAIL_SIDE, 3],
    [THUMBNAIL_SIDE, THUMBNAIL_SIDE],
    [17, 101],
  ];
  for (const [width, height] of sizes) {
    for (const channels of [1, 2, 3, 4] as const) {
      const image = decoded(width, height, channels);
      const own = {
        thumbnail: new Float64Array(width * height),
        brightness: new Uint32Array(BRIGHTNESS_BINS),
      };
      const grid = {
        thumbnail: new Float64Array(width * height),
        brightness: new Uint32Array(BRIGHTNESS_BINS),
      };
      assert.deepEqual(ownThumbnail(image, own.thumbnail, own.brightness), { tw: width, th: height });
      assert.deepEqual(sampledThumbnail(image, grid.thumbnail, grid.brightness), { tw: width, th: height });
      const where = `${width}x${height}x${channels}`;
      assert.deepEqual(Array.from(own.thumbnail), Array.from(grid.thumbnail), where);
      assert.deepEqual(Array.from(own.brightness), Array.from(grid.brightness), where);
    }
  }
});

test("the histogram's pass over a colour image writes PIL's grey levels and counts what the plain pass counts", () => {
  for (const [width, height] of [
    [1, 1],
    [28, 28],
    [97, 31],
  ]) {
    for (const channels of [3, 4] as const) {
      const image = decoded(width, height, channels);
      const grey = new Uint8Array(width * height + 5).fill(7);
      const withGrey = imageHistogram(image, grey);
      const plain = imageHistogram(image);
      const where = `${width}x${height}x${channels}`;
      assert.deepEqual(withGrey, plain, where);
      const expected = referenceHistogram(image.data, width * height, image.stride);
      assert.deepEqual(grey.subarray(0, width * height), expected.grey, where);
      assert.deepEqual(
        Array.from(grey.subarray(width * height)),
        [7, 7, 7, 7, 7],
        `${where}: nothing past the pixels`,
      );
      // The perceptual hash's input is the same from those grey levels as from the colour pixels.
      const fromGrey = phashInput(image, grey).slice();
      assert.deepEqual(fromGrey, phashInput(image), where);
    }
  }
  // PIL's grey levels of the primaries and of white.
  const primaries: DecodedImage = {
    ...decoded(4, 1, 3),
    data: Uint8Array.of(255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255),
  };
  const grey = new Uint8Array(4);
  imageHistogram(primaries, grey);
  assert.deepEqual(Array.from(grey), [76, 150, 29, 255]);
});

test('the colour pass reads four pixels at a time, the rest one by one, whatever the alignment', () => {
  for (const pixels of [1, 3, 4, 5, 6, 7, 8, 61, 64, 1023]) {
    for (const offset of [0, 1, 2, 3, 4]) {
      // Grey pictures stored as RGB, with the one colour pixel first, last, in the last full quad, or nowhere.
      for (const colourAt of [-1, 0, pixels - 1, Math.max(0, 4 * Math.floor(pixels / 4) - 1)]) {
        const backing = new Uint8Array(offset + 3 * pixels);
        const data = backing.subarray(offset);
        for (let p = 0; p < pixels; p++) data.fill(rng.int(0, 255), 3 * p, 3 * p + 3);
        if (colourAt >= 0) data[3 * colourAt + 2] ^= 1 << (colourAt % 8);
        const image: DecodedImage = { ...decoded(pixels, 1, 3), data };
        const grey = new Uint8Array(pixels);
        const histogram = imageHistogram(image, grey);
        const where = `${pixels} px at offset ${offset}, colour pixel ${colourAt}`;
        const expected = referenceHistogram(data, pixels);
        assert.deepEqual(Array.from(histogram.counts), expected.counts, where);
        assert.equal(histogram.channelsEqual, expected.channelsEqual, where);
        assert.deepEqual(grey, expected.grey, where);
      }
    }
  }
});
