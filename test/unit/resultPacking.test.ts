import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deserialize, serialize } from 'node:v8';
import type { FileResult } from '../../src/core/records/fileResult';
import { packResults, unpackResults } from '../../src/core/records/resultPacking';
import { plainArrays } from './helpers/plainArrays';

const grey = new Uint32Array(256).map((_, v) => (v * 7) % 13);
const colour = new Uint32Array(768).map((_, v) => (v * 5) % 11);

const results: FileResult[] = [
  {
    ok: true,
    file: 'a/grey.png',
    format: 'png',
    mode: 'L',
    width: 28,
    height: 28,
    hadAlpha: false,
    histogram: { channels: 1, counts: grey, channelsEqual: true },
    brightnessP5: 0.125,
    brightnessP99: NaN,
    entropy: 2.5,
    blur: null,
    phash: '0123456789abcdef',
    pixelHash: 'fedcba9876543210',
    thumbnail: Uint8Array.from({ length: 256 }, (_, k) => k),
  },
  // Stamped by its worker (a first cached run), an mtime before 1970: negative.
  { ok: false, file: 'a/broken.png', kind: 'corrupt', message: 'bad CRC', bytes: 7, mtimeMs: -86_400_000.5 },
  {
    ok: true,
    file: 'b/colour.jpg',
    format: 'jpeg',
    mode: 'RGBA',
    width: 640,
    height: 3,
    hadAlpha: true,
    histogram: { channels: 3, counts: colour, channelsEqual: false },
    brightnessP5: 0,
    brightnessP99: 1,
    entropy: 7.75,
    blur: 0.0625,
    phash: 'ffffffffffffffff',
    pixelHash: '0000000000000000',
    thumbnail: Uint8Array.from({ length: 256 }, (_, k) => 255 - k),
    bytes: 123456,
    mtimeMs: 1_764_000_000_123.456,
  },
  { ok: false, file: 'b/gone.png', kind: 'unreadable', message: 'ENOENT: no such file' },
];

test('results packed in a worker unpack to the same results, named by the parent', () => {
  // Through structured clone, as across the process boundary.
  const packed = deserialize(serialize(packResults(results)));
  const unpacked = unpackResults(
    packed,
    results.map((r) => r.file),
  );
  assert.deepEqual(plainArrays(unpacked), plainArrays(results));
});

test('a batch sends its thumbnails as one byte array and no per-image string but the hashes', () => {
  const packed = deserialize(serialize(packResults(results)));
  assert.ok(
    packed.thumbnails instanceof Uint8Array && packed.thumbnails.length === 2 * 256,
    'ok results only',
  );
  assert.deepEqual(
    Array.from(packed.thumbnails.subarray(256, 512)),
    Array.from({ length: 256 }, (_, k) => 255 - k),
  );
  assert.ok(
    packed.strings.every((s: string) => s.length < 256),
    'no thumbnail among the strings',
  );
  const unpacked = unpackResults(
    packed,
    results.map((r) => r.file),
  );
  const colour = unpacked[2];
  assert.ok(
    colour.ok && colour.thumbnail.buffer === packed.thumbnails.buffer,
    'a view into the batch, no copy',
  );
});

test('a record whose histogram is a view into its batch is cached with only its own counts', () => {
  const many = Array.from({ length: 64 }, () => results[2]);
  const unpacked = unpackResults(
    packResults(many),
    many.map((r) => r.file),
  );
  assert.ok(
    unpacked[5].ok && unpacked[5].histogram.counts.buffer.byteLength === 64 * 768 * 2,
    'a view (16-bit: 640x3 px)',
  );
  // v8.serialize (cache and partial files) writes a typed array's own range, not its whole buffer.
  const bytes = serialize(unpacked[5]).length;
  assert.ok(bytes < 4000, `${bytes} bytes`);
  assert.deepEqual(deserialize(serialize(unpacked[5])), unpacked[5]);
});

test('histograms travel in 16 bits while every image of the batch has fewer than 65,536 pixels', () => {
  const withCounts = (r: FileResult, width: number, height: number, top: number): FileResult => {
    if (!r.ok) return r;
    const counts = new Uint32Array(r.histogram.counts.length);
    counts[0] = top; // one bin holding (nearly) every pixel: the largest count an image of that size can give
    return { ...r, width, height, histogram: { ...r.histogram, counts } };
  };
  const small = [withCounts(results[0], 255, 257, 65535), results[1], withCounts(results[2], 1, 3, 3)];
  const big = [small[0], withCounts(results[2], 256, 256, 65536)];
  for (const [batch, width] of [
    [small, Uint16Array],
    [big, Uint32Array],
  ] as const) {
    // Through structured clone, as across the process boundary.
    const packed = deserialize(serialize(packResults(batch)));
    assert.ok(packed.counts instanceof width, `${width.name} for ${batch.length} results`);
    const files = batch.map((r) => r.file);
    assert.deepEqual(plainArrays(unpackResults(packed, files)), plainArrays(batch));
  }
});
