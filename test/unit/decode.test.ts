import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { crc32, inflateSync } from 'node:zlib';
import { PNG } from 'pngjs';
import * as path from 'node:path';
import { after, test } from 'node:test';
import sharp from 'sharp';
import { decodeImage, decodeWithoutSharp } from '../../src/core/decode/decodeImage';
import { DecodeFailure } from '../../src/core/decode/decodedImage';
import { decodeSmallPng, readPngHeader } from '../../src/core/decode/pngFastPath';
import { createRng, randomImage, tempDir, writePng } from './helpers/images';

const tmp = tempDir();
after(() => tmp.cleanup());
const rng = createRng(11);

/** Colour channels of every pixel, dropping alpha and stride, to compare decoders. */
function colourPixels(image: {
  data: Uint8Array;
  stride: number;
  colourChannels: number;
  width: number;
  height: number;
}): number[] {
  const out: number[] = [];
  for (let p = 0; p < image.width * image.height; p++) {
    for (let c = 0; c < image.colourChannels; c++) out.push(image.data[p * image.stride + c]);
  }
  return out;
}

for (const channels of [1, 2, 3, 4] as const) {
  test(`PNG fast path and sharp decode ${channels}-channel images to the same pixels`, async () => {
    const raw = randomImage(rng, 17, 9, channels);
    const file = path.join(tmp.dir, `c${channels}.png`);
    await writePng(file, raw);
    const fast = decodeSmallPng(readFileSync(file));
    assert.ok(fast, 'small 8-bit PNG takes the fast path');
    const viaSharp = await decodeImage(file, { maxPixels: 10_000_000 });
    const reference: number[] = [];
    const colour = channels <= 2 ? 1 : 3;
    for (let p = 0; p < raw.width * raw.height; p++)
      for (let c = 0; c < colour; c++) reference.push(raw.data[p * channels + c]);
    assert.deepEqual(colourPixels(fast), reference);
    assert.deepEqual(colourPixels(viaSharp), reference);
    assert.equal(fast.hadAlpha, channels % 2 === 0);
    assert.equal(fast.mode, ['L', 'LA', 'RGB', 'RGBA'][channels - 1]);
  });
}

test('a grey + alpha PNG too large for the fast path decodes through sharp as one grey channel', async () => {
  const raw = randomImage(rng, 300, 300, 2);
  const file = path.join(tmp.dir, 'la-large.png');
  await writePng(file, raw);
  assert.equal(decodeWithoutSharp(readFileSync(file)), undefined, 'not the fast path');
  const image = await decodeImage(file);
  assert.deepEqual([image.mode, image.colourChannels, image.hadAlpha], ['LA', 1, true]);
  const grey = Array.from({ length: 300 * 300 }, (_, p) => raw.data[p * 2]);
  assert.deepEqual(colourPixels(image), grey);
});

test('large files and JPEGs go through sharp with EXIF orientation applied', async () => {
  const file = path.join(tmp.dir, 'rotated.jpg');
  await sharp({ create: { width: 40, height: 20, channels: 3, background: { r: 200, g: 10, b: 10 } } })
    .jpeg()
    .withMetadata({ orientation: 6 })
    .toFile(file);
  const image = await decodeImage(file);
  assert.equal(image.format, 'jpeg');
  assert.equal(image.width, 20, 'orientation 6 turns 40x20 into 20x40');
  assert.equal(image.height, 40);
  assert.equal(image.mode, 'RGB');
});

async function failure(file: string, maxPixels?: number): Promise<DecodeFailure> {
  try {
    await decodeImage(file, { maxPixels });
  } catch (error) {
    assert.ok(error instanceof DecodeFailure, `expected DecodeFailure, got ${error}`);
    return error;
  }
  assert.fail(`${file} decoded but should not have`);
}

test('bad files fail with a kind and a reason', async () => {
  const empty = path.join(tmp.dir, 'empty.png');
  writeFileSync(empty, '');
  assert.deepEqual(
    [(await failure(empty)).kind, (await failure(empty)).message],
    ['corrupt', 'empty file (0 bytes)'],
  );

  const text = path.join(tmp.dir, 'text.png');
  writeFileSync(text, 'this is not a picture');
  assert.equal((await failure(text)).kind, 'unsupported');

  const good = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#336699' } })
    .jpeg()
    .toBuffer();
  const truncated = path.join(tmp.dir, 'truncated.jpg');
  writeFileSync(truncated, good.subarray(0, good.length >> 1));
  const t = await failure(truncated);
  assert.equal(t.kind, 'corrupt');
  assert.ok(t.message.length > 0);

  const missing = await failure(path.join(tmp.dir, 'does-not-exist.png'));
  assert.equal(missing.kind, 'unreadable');
  assert.match(missing.message, /ENOENT/);
});

test('a decompression bomb is refused from its header, before decoding', async () => {
  const png = Buffer.from(
    await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } })
      .png()
      .toBuffer(),
  );
  png.writeUInt32BE(100000, 16);
  png.writeUInt32BE(100000, 20);
  const bomb = path.join(tmp.dir, 'bomb.png');
  writeFileSync(bomb, png);
  const f = await failure(bomb);
  assert.equal(f.kind, 'too_large');
  assert.match(f.message, /100000x100000 exceeds the pixel limit/);

  const jpeg = path.join(tmp.dir, 'big.jpg');
  await sharp({ create: { width: 30, height: 30, channels: 3, background: '#fff' } })
    .jpeg()
    .toFile(jpeg);
  assert.equal((await failure(jpeg, 100)).kind, 'too_large');
});

test('a PNG with a bad CRC is not silently accepted by the fast path', async () => {
  const raw = randomImage(rng, 6, 6, 3);
  const file = path.join(tmp.dir, 'crc.png');
  await writePng(file, raw);
  const bytes = readFileSync(file);
  bytes[bytes.length - 5] ^= 0xff; // last byte of the IEND CRC
  const idat = bytes.indexOf('IDAT');
  bytes[idat + 6] ^= 0x01; // damage compressed data too
  writeFileSync(file, bytes);
  assert.throws(() => decodeSmallPng(bytes));
  const f = await failure(file);
  assert.equal(f.kind, 'corrupt');
});

test('JPEG modes come from the frame header without a metadata call: grey, colour, CMYK', async () => {
  const base = sharp({ create: { width: 12, height: 8, channels: 3, background: '#a05020' } });
  const cases: [string, Buffer][] = [
    ['L', await base.clone().toColourspace('b-w').jpeg().toBuffer()],
    ['RGB', await base.clone().jpeg().toBuffer()],
    ['CMYK', await base.clone().toColourspace('cmyk').jpeg().toBuffer()],
  ];
  for (const [mode, bytes] of cases) {
    const file = path.join(tmp.dir, `mode-${mode}.jpg`);
    writeFileSync(file, bytes);
    const image = await decodeImage(file);
    assert.equal(image.mode, mode);
    assert.equal(image.colourChannels, mode === 'L' ? 1 : 3);
    assert.deepEqual([image.width, image.height], [12, 8]);
  }
});

/** A PNG written by pngjs with one filter type on every row, and the filter bytes actually used (inflated). */
function pngWithFilter(raw: ReturnType<typeof randomImage>, filterType: number): Buffer {
  const colorType = ([0, 4, 2, 6] as const)[raw.channels - 1];
  const png = new PNG({ width: raw.width, height: raw.height, colorType, inputColorType: colorType });
  png.data = Buffer.from(raw.data);
  return PNG.sync.write(png, {
    colorType,
    inputColorType: colorType,
    filterType,
    inputHasAlpha: raw.channels % 2 === 0,
  });
}

function filterBytes(png: Buffer, rowBytes: number, height: number): number[] {
  const start = png.indexOf('IDAT') + 4;
  const inflated = inflateSync(png.subarray(start, start + png.readUInt32BE(start - 8)));
  return Array.from({ length: height }, (_, y) => inflated[y * (rowBytes + 1)]);
}

test('PNG fast path undoes each filter type (None, Sub, Up, Average, Paeth) in every channel layout', () => {
  for (const channels of [1, 2, 3, 4] as const) {
    const raw = randomImage(rng, 13, 7, channels);
    for (const filterType of [0, 1, 2, 3, 4]) {
      const png = pngWithFilter(raw, filterType);
      assert.deepEqual(
        new Set(filterBytes(png, 13 * channels, 7)),
        new Set([filterType]),
        'the file uses it',
      );
      const fast = decodeSmallPng(png);
      assert.ok(fast, `${channels} channels, filter ${filterType} takes the fast path`);
      assert.equal(fast.stride, channels);
      assert.deepEqual(
        Array.from(fast.data),
        Array.from(raw.data),
        `${channels} channels, filter ${filterType}`,
      );
    }
  }
});

test('PNG fast path: image data split over several IDAT chunks decodes whole', () => {
  const raw = randomImage(rng, 20, 20, 3);
  const png = pngWithFilter(raw, 4);
  const start = png.indexOf('IDAT') - 4;
  const length = png.readUInt32BE(start);
  const data = png.subarray(start + 8, start + 8 + length);
  const chunk = (bytes: Buffer) => {
    const typeAndData = Buffer.concat([Buffer.from('IDAT'), bytes]);
    const out = Buffer.alloc(12 + bytes.length);
    out.writeUInt32BE(bytes.length, 0);
    typeAndData.copy(out, 4);
    out.writeUInt32BE(crc32(typeAndData), 8 + bytes.length);
    return out;
  };
  const half = length >> 1;
  const split = Buffer.concat([
    png.subarray(0, start),
    chunk(data.subarray(0, half)),
    chunk(data.subarray(half)),
    png.subarray(start + 12 + length),
  ]);
  assert.deepEqual(Array.from(decodeSmallPng(split)!.data), Array.from(raw.data));
});

test('PNG fast path leaves to sharp what it does not handle, and throws on damage', async () => {
  const raw = randomImage(rng, 9, 9, 3);
  const interlaced = await sharp(Buffer.from(raw.data), { raw: { width: 9, height: 9, channels: 3 } })
    .png({ progressive: true })
    .toBuffer();
  assert.equal(interlaced[28], 1, 'Adam7');
  assert.equal(decodeSmallPng(interlaced), undefined);
  const palette = await sharp(Buffer.from(raw.data), { raw: { width: 9, height: 9, channels: 3 } })
    .png({ palette: true })
    .toBuffer();
  assert.equal(decodeSmallPng(palette), undefined);
  const sixteen = await sharp(Buffer.from(raw.data), { raw: { width: 9, height: 9, channels: 3 } })
    .png()
    .toColourspace('rgb16')
    .toBuffer();
  assert.equal(sixteen[24], 16);
  assert.equal(decodeSmallPng(sixteen), undefined);

  // A flat 3000x3000 image is a tiny file but 9 MB of pixels: too big to inflate on the fast path.
  const flat = await sharp({ create: { width: 3000, height: 3000, channels: 3, background: '#777' } })
    .toColourspace('b-w')
    .png()
    .toBuffer();
  assert.ok(flat.length < 64 * 1024);
  assert.equal(decodeSmallPng(flat), undefined);

  const good = pngWithFilter(raw, 1);
  assert.throws(() => decodeSmallPng(good.subarray(0, good.length - 20)), /truncated/);
  const wrongSize = Buffer.from(good);
  wrongSize.writeUInt32BE(10, 16); // IHDR says 10 wide: the data no longer fits (CRC fixed up)
  wrongSize.writeUInt32BE(crc32(wrongSize.subarray(12, 29)), 29);
  assert.throws(() => decodeSmallPng(wrongSize), /wrong length/);
});

test('float and 32-bit integer TIFFs are unsupported with the reason, not cast to black or clipped', async () => {
  const { writeTiff32 } = await import('./helpers/tiffWriter');
  const dir = tempDir();
  try {
    const grey = Array.from({ length: 12 * 8 }, (_, i) => (i % 10) / 10);
    const cases: [string, Buffer][] = [
      ['float-grey.tif', writeTiff32(12, 8, 1, grey, 'float')],
      ['float-rgb.tif', writeTiff32(12, 8, 3, [...grey, ...grey, ...grey], 'float')],
      [
        'int32-grey.tif',
        writeTiff32(
          12,
          8,
          1,
          grey.map((v) => v * 70000),
          'int',
        ),
      ],
    ];
    for (const [name, bytes] of cases) {
      const file = path.join(dir.dir, name);
      writeFileSync(file, bytes);
      await assert.rejects(
        decodeImage(file),
        (e: Error) => e instanceof DecodeFailure && e.kind === 'unsupported' && /32-bit/.test(e.message),
        name,
      );
    }
  } finally {
    dir.cleanup();
  }
});

test('a damaged file decoded beside others says what is wrong, not only that a warning was an error', async () => {
  const good = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#369' } })
    .png()
    .toBuffer();
  const bad = Buffer.from(
    await sharp(Buffer.from(Array.from({ length: 300 * 200 * 3 }, (_, i) => (i * 37) & 255)), {
      raw: { width: 300, height: 200, channels: 3 },
    })
      .png()
      .toBuffer(),
  );
  bad[bad.indexOf('IDAT') + 40] ^= 0xff;
  writeFileSync(path.join(tmp.dir, 'side-good.png'), good);
  writeFileSync(path.join(tmp.dir, 'side-bad.png'), bad);
  // libvips keeps one error buffer per process: side by side, a decode may only see the generic sharp message.
  const results = await Promise.allSettled(
    Array.from({ length: 12 }, (_, i) =>
      decodeImage(path.join(tmp.dir, i % 2 ? 'side-good.png' : 'side-bad.png')),
    ),
  );
  const messages = results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as Error).message] : []));
  assert.equal(messages.length, 6, messages.join(' | '));
  for (const message of messages) {
    assert.doesNotMatch(message, /^Warning treated as error due to failOn setting$/);
    assert.ok(message.length > 10, message);
  }
});

test("a PNG header's size is read big-endian and unsigned, and any other signature is no PNG", async () => {
  const png = await sharp({ create: { width: 3, height: 2, channels: 3, background: '#123456' } })
    .png()
    .toBuffer();
  assert.deepEqual(readPngHeader(png), { width: 3, height: 2, bitDepth: 8, colourType: 2 });
  // Width and height as stored, past 2^31 too (the pixel limit refuses them, so they must not read negative).
  const huge = Uint8Array.from(png);
  huge.set([0x80, 0x00, 0x01, 0x02, 0xff, 0xff, 0xff, 0xfe], 16);
  assert.deepEqual(readPngHeader(huge), {
    width: 0x80000102,
    height: 0xfffffffe,
    bitDepth: 8,
    colourType: 2,
  });
  // At an offset into a larger buffer, as a shared read buffer's view is.
  const backing = new Uint8Array(png.length + 5);
  backing.set(png, 5);
  assert.equal(readPngHeader(backing.subarray(5))?.width, 3);
  for (let k = 0; k < 8; k++) {
    const wrong = Uint8Array.from(png);
    wrong[k] ^= 0x20;
    assert.equal(readPngHeader(wrong), undefined, `signature byte ${k} changed`);
  }
  assert.equal(readPngHeader(png.subarray(0, 32)), undefined, 'shorter than a header');
});
