import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, test } from 'node:test';
import sharp from 'sharp';
import { areaResize } from '../../src/core/probe/areaResize';
import { loadProbeImages } from '../../src/core/probe/loadProbeImages';
import { tempDir } from './helpers/images';

const temp = tempDir('dataset-lens-probe-load-');
after(() => temp.cleanup());

/** A 600x400 RGB photo-like gradient with a dark disc, as a JPEG. */
async function writePhoto(file: string): Promise<void> {
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="400">` +
    `<defs><linearGradient id="g"><stop offset="0" stop-color="#2a6"/><stop offset="1" stop-color="#fd4"/></linearGradient></defs>` +
    `<rect width="600" height="400" fill="url(#g)"/><circle cx="200" cy="220" r="90" fill="#302020"/></svg>`;
  await sharp(Buffer.from(svg)).jpeg({ quality: 92 }).toFile(file);
}

test('a large photo is decoded shrunk, yet keeps its source size and nearly the same working pixels', async () => {
  const file = path.join(temp.dir, 'photo.jpg');
  await writePhoto(file);
  const entry = { file: 'photo.jpg', open: file, size: -1, mtimeMs: 0 };
  const { images, failed } = await loadProbeImages([{ entry, classIndex: 0 }], 64);
  assert.deepEqual(failed, []);
  const loaded = images[0]!;
  assert.deepEqual([loaded.sourceWidth, loaded.sourceHeight], [600, 400], 'the look reads the source size');
  assert.deepEqual([loaded.image.width, loaded.image.height, loaded.image.channels], [64, 64, 3]);
  // Reference: the whole image decoded and area-averaged to 64x64.
  const { data, info } = await sharp(file).raw().toBuffer({ resolveWithObject: true });
  const full = {
    width: info.width,
    height: info.height,
    channels: 3 as const,
    data: Float32Array.from(data),
  };
  const reference = areaResize(full, 64, 64);
  let worst = 0;
  let sum = 0;
  for (let i = 0; i < reference.data.length; i++) {
    const d = Math.abs(reference.data[i] - loaded.image.data[i]);
    worst = Math.max(worst, d);
    sum += d;
  }
  assert.ok(sum / reference.data.length < 2, `mean difference ${sum / reference.data.length} grey levels`);
  assert.ok(worst < 40, `largest difference ${worst} (edges of the disc)`);
});
