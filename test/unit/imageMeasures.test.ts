import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DecodedImage } from '../../src/core/decode/decodedImage';
import { BRIGHTNESS_BINS } from '../../src/core/quality/brightness';
import { ownThumbnail, sampledThumbnail, THUMBNAIL_SIDE } from '../../src/core/quality/imageMeasures';
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
