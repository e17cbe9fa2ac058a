import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { exportAugmented, MANIFEST_FILE } from '../../src/core/export/exportDataset';
import { SETTINGS_FILE, STATE_DIR } from '../../src/core/export/exportState';
import { encodeImage } from '../../src/core/export/outputFormat';
import { validatePipeline } from '../../src/core/pipeline/validatePipeline';
import { createRng, tempDir } from './helpers/images';

// JPEG outputs are written with plain Huffman tables (PIL's default) unless `optimizeJpeg` asks for tables built
// per image, as sharp's default did before. Huffman coding is lossless: both files must decode to the same pixels,
// those of the encoding export wrote before (sharp's `jpeg({ quality })`).

type Size = { width: number; height: number; channels: 1 | 3 };

/** A photo-like image: smooth gradients, an edge and some noise (all-noise would hide the tables' effect). */
function photoLike(size: Size, seed: number): Uint8Array {
  const rng = createRng(seed);
  const { width, height, channels } = size;
  const pixels = new Uint8Array(width * height * channels);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      for (let c = 0; c < channels; c++) {
        const base = (x * (2 + c) + y * 3) % 256;
        const edge = x > width / 2 ? 60 : 0;
        pixels[(y * width + x) * channels + c] = Math.min(255, base / 2 + edge + rng.int(0, 20));
      }
  return pixels;
}

/** What export wrote before plain coding: sharp's JPEG defaults at `quality`. */
function sharpDefaultJpeg(pixels: Uint8Array, size: Size, quality: number): Promise<Buffer> {
  const image = sharp(pixels, { raw: size });
  if (size.channels === 1) image.toColourspace('b-w');
  return image.jpeg({ quality }).toBuffer();
}

/** The file's pixels as sharp decodes them, grey kept one band. */
async function decodedPixels(file: Buffer): Promise<Buffer> {
  const image = sharp(file);
  if ((await image.metadata()).channels === 1) image.toColourspace('b-w');
  return image.raw().toBuffer();
}

for (const channels of [3, 1] as const) {
  for (const quality of [75, 90]) {
    test(`JPEG ${channels === 3 ? 'RGB' : 'grey'} q${quality}: plain and optimised coding decode to the pixels export wrote before`, async () => {
      const size: Size = { width: 96, height: 72, channels };
      const pixels = photoLike(size, quality + channels);
      const before = await sharpDefaultJpeg(pixels, size, quality);
      const plain = await encodeImage(pixels, size, 'jpeg', { quality });
      const optimised = await encodeImage(pixels, size, 'jpeg', { quality, optimizeJpeg: true });

      assert.deepEqual(optimised, before, 'optimizeJpeg writes the file export wrote before');
      assert.notDeepEqual(plain, optimised, 'plain coding is another file');
      assert.ok(plain.length > optimised.length, `plain ${plain.length} B, optimised ${optimised.length} B`);
      const reference = await decodedPixels(before);
      assert.equal(reference.length, pixels.length);
      assert.ok((await decodedPixels(plain)).equals(reference), 'plain coding: the same pixels');
    });
  }
}

test('export: optimizeJpeg changes file sizes, not pixels, and is recorded only when asked', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const src = path.join(dir, 'src');
    const size: Size = { width: 80, height: 64, channels: 3 };
    for (const [i, file] of ['cat/a.jpg', 'cat/b.jpg', 'dog/c.jpg'].entries()) {
      mkdirSync(path.dirname(path.join(src, file)), { recursive: true });
      await sharp(photoLike(size, i), { raw: size }).jpeg({ quality: 92 }).toFile(path.join(src, file));
    }
    const pipeline = validatePipeline({
      version: 1,
      seed: 4,
      transforms: [
        { name: 'rotate', degrees: [-15, 15] },
        { name: 'brightness', factor: [0.7, 1.3] },
      ],
    });
    const plainOut = path.join(dir, 'plain');
    const optimisedOut = path.join(dir, 'optimised');
    await exportAugmented(src, pipeline, { out: plainOut, copies: 2, quality: 80, workers: 0 });
    await exportAugmented(src, pipeline, {
      out: optimisedOut,
      copies: 2,
      quality: 80,
      workers: 0,
      optimizeJpeg: true,
    });

    const files = ['cat/a_aug0.jpg', 'cat/a_aug1.jpg', 'cat/b_aug0.jpg', 'cat/b_aug1.jpg'];
    files.push('dog/c_aug0.jpg', 'dog/c_aug1.jpg');
    assert.deepEqual(
      ['cat', 'dog'].flatMap((c) => readdirSync(path.join(plainOut, c)).map((f) => `${c}/${f}`)).sort(),
      files,
    );
    for (const file of files) {
      const plain = readFileSync(path.join(plainOut, file));
      const optimised = readFileSync(path.join(optimisedOut, file));
      assert.ok(plain.length > optimised.length, `${file}: ${plain.length} B, ${optimised.length} B`);
      assert.ok((await decodedPixels(plain)).equals(await decodedPixels(optimised)), `${file}: same pixels`);
    }

    const settingsOf = (out: string) =>
      JSON.parse(readFileSync(path.join(out, STATE_DIR, SETTINGS_FILE), 'utf8')) as Record<string, unknown>;
    assert.equal(settingsOf(plainOut).optimizeJpeg, undefined, 'earlier exports stay resumable');
    assert.equal(settingsOf(optimisedOut).optimizeJpeg, true);
    const manifest = JSON.parse(readFileSync(path.join(optimisedOut, MANIFEST_FILE), 'utf8'));
    assert.equal(manifest.optimizeJpeg, true);
    await assert.rejects(
      exportAugmented(src, pipeline, { out: optimisedOut, copies: 2, quality: 80, workers: 0 }),
      /optimizeJpeg/,
    );
  } finally {
    cleanup();
  }
});
