import assert from 'node:assert/strict';
import { test } from 'node:test';
import sharp from 'sharp';
import { encodeImage } from '../../src/core/export/outputFormat';
import { encodeSmallPng, SMALL_PNG_MAX_BYTES } from '../../src/core/export/smallPng';
import { createRng } from './helpers/images';

// Small PNG outputs are encoded without sharp (its fixed cost per call was most of a 32x32 output's CPU). The
// file must be the one sharp writes but for the deflate stream: same chunks, same header, the same pixels as
// sharp (libpng and zlib-ng, not our code) reads them back.

type Size = { width: number; height: number; channels: 1 | 3 };

function pixelsOf(size: Size, kind: 'noise' | 'smooth', seed: number): Uint8Array {
  const rng = createRng(seed);
  const pixels = new Uint8Array(size.width * size.height * size.channels);
  for (let i = 0; i < pixels.length; i++)
    pixels[i] = kind === 'noise' ? Math.floor(rng.next() * 256) : (i * 7) % 13 === 0 ? 255 : i % 5;
  return pixels;
}

async function sharpPng(pixels: Uint8Array, size: Size): Promise<Buffer> {
  const image = sharp(pixels, { raw: size });
  if (size.channels === 1) image.toColourspace('b-w');
  return image.png({ compressionLevel: 6 }).toBuffer();
}

/** Each chunk's bytes, but the deflate stream's: a run of IDAT chunks (how many depends on its length) is one. */
function chunksOf(png: Buffer): string[] {
  const chunks: string[] = [];
  for (let offset = 8; offset < png.length;) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    if (type !== 'IDAT') chunks.push(png.subarray(offset + 4, offset + 12 + length).toString('hex'));
    else if (chunks.at(-1) !== 'IDAT') chunks.push('IDAT');
    offset += 12 + length;
  }
  return chunks;
}

const SIZES: Size[] = [
  { width: 1, height: 1, channels: 1 },
  { width: 20, height: 7, channels: 1 },
  { width: 32, height: 32, channels: 1 },
  { width: 28, height: 28, channels: 3 },
  { width: 120, height: 90, channels: 3 },
];

test('small PNGs: sharp reads back the same pixels, and the chunks are those sharp writes', async () => {
  for (const [i, size] of SIZES.entries()) {
    for (const kind of ['noise', 'smooth'] as const) {
      const what = `${size.width}x${size.height}x${size.channels} ${kind}`;
      const pixels = pixelsOf(size, kind, i + 1);
      const ours = encodeSmallPng(pixels, size);
      assert.ok(ours, what);
      assert.deepEqual(ours.subarray(0, 8), (await sharpPng(pixels, size)).subarray(0, 8), what);
      assert.deepEqual(chunksOf(ours), chunksOf(await sharpPng(pixels, size)), what);
      const stored = await sharp(ours).metadata();
      assert.deepEqual(
        [stored.width, stored.height, stored.channels],
        [size.width, size.height, size.channels],
      );
      // sharp reads grey as sRGB unless asked to keep it grey.
      const read = sharp(ours, { failOn: 'warning' });
      if (size.channels === 1) read.toColourspace('b-w');
      const data = await read.raw().toBuffer();
      assert.ok(data.equals(pixels), `${what}: other pixels`);
    }
  }
});

test("the export's PNG encoder takes this path for small images only", async () => {
  const small: Size = { width: 32, height: 32, channels: 1 };
  const pixels = pixelsOf(small, 'smooth', 9);
  assert.deepEqual(await encodeImage(pixels, small, 'png', { quality: 90 }), encodeSmallPng(pixels, small));
  // One row more than the limit: sharp's file.
  const width = 256;
  const large: Size = { width, height: Math.floor(SMALL_PNG_MAX_BYTES / (width * 3 + 1)) + 1, channels: 3 };
  const largePixels = pixelsOf(large, 'smooth', 3);
  assert.equal(encodeSmallPng(largePixels, large), undefined);
  assert.deepEqual(
    await encodeImage(largePixels, large, 'png', { quality: 90 }),
    await sharpPng(largePixels, large),
  );
});

test('encodeSmallPng refuses pixels that do not match the size', () => {
  assert.throws(
    () => encodeSmallPng(new Uint8Array(10), { width: 4, height: 4, channels: 1 }),
    /encodeSmallPng: 10 bytes for 4x4x1/,
  );
});
