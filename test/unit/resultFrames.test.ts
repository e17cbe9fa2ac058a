import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deserialize, serialize } from 'node:v8';
import { deserializeResultFrame, serializeResultFrame } from '../../src/core/records/resultFrames';
import type { FileResult } from '../../src/core/records/fileResult';
import { plainArrays } from './helpers/plainArrays';

/** An image of width x height whose first bin holds every pixel but a few: the largest count such an image has. */
function image(file: string, channels: 1 | 3, width = 4, height = 4): FileResult {
  const counts = new Uint32Array(channels * 256);
  for (let c = 0; c < channels; c++) {
    counts[c * 256] = width * height - 2;
    counts[c * 256 + 1 + ((file.length + c) % 200)] = 2;
  }
  return {
    ok: true,
    file,
    format: 'png',
    mode: channels === 3 ? 'RGB' : 'L',
    width,
    height,
    hadAlpha: false,
    histogram: { channels, counts, channelsEqual: channels === 1 },
    brightnessP5: 0.25,
    brightnessP99: 0.75,
    entropy: 1.5,
    blur: null,
    phash: '0123456789abcdef',
    pixelHash: 'fedcba9876543210',
    thumbnail: Uint8Array.from({ length: 256 }, (_, k) => (k + file.charCodeAt(0)) & 255),
  };
}

const records = [
  { file: 'a.png', size: 10, mtimeMs: 1.5, result: image('a.png', 1, 255, 257) },
  {
    file: 'b.png',
    size: 11,
    mtimeMs: 2.5,
    result: { ok: false, file: 'b.png', kind: 'corrupt', message: 'bad' },
  },
  { file: 'c.png', size: 12, mtimeMs: 3.5, result: image('c.png', 3) },
  { trailer: true, counters: { hidden: 1 } },
  { file: 'd.png', size: 13, mtimeMs: 4.5, result: image('d.png', 1) },
];
const frameOf = (bytes: Buffer) =>
  deserialize(bytes) as { records: unknown[]; counts: Uint16Array | Uint32Array; thumbnails: Uint8Array };

test('a frame keeps its histograms in one typed array, reads back the same and leaves the records as they were', () => {
  const bytes = serializeResultFrame(records);
  const frame = frameOf(bytes);
  assert.equal(frame.counts.length, (1 + 3 + 1) * 256, 'ok results only');
  assert.ok(frame.counts instanceof Uint16Array, 'every image under 65,536 pixels (255 x 257): 16-bit');
  assert.deepEqual(plainArrays(deserializeResultFrame(bytes)), plainArrays(records));
  // The histograms are back in the records given: the builder and the cache writer may still hold them.
  const first = records[0].result as Extract<FileResult, { ok: true }>;
  assert.ok(first.histogram.counts instanceof Uint32Array && first.histogram.counts[0] === 255 * 257 - 2);
});

test('a frame keeps its thumbnails in one byte array and puts them back in the records', () => {
  const bytes = serializeResultFrame(records);
  const frame = frameOf(bytes);
  assert.ok(frame.thumbnails instanceof Uint8Array && frame.thumbnails.length === 3 * 256, 'ok results only');
  const third = records[4].result as Extract<FileResult, { ok: true }>;
  assert.deepEqual(Array.from(frame.thumbnails.subarray(512)), Array.from(third.thumbnail));
  assert.ok(third.thumbnail instanceof Uint8Array && third.thumbnail.length === 256, 'given back');
  const read = deserializeResultFrame(bytes) as typeof records;
  const readThird = read[4].result as Extract<FileResult, { ok: true }>;
  assert.ok(readThird.thumbnail.buffer === frame.thumbnails.buffer || readThird.thumbnail.length === 256);
  assert.deepEqual(plainArrays(read), plainArrays(records));
  const short = image('g.png', 1);
  if (short.ok) short.thumbnail = short.thumbnail.subarray(1);
  assert.throws(() => serializeResultFrame([{ result: short }]), /g\.png: a thumbnail of 255 bytes/);
});

test('an image of 2^16 pixels keeps the frame 32-bit; a frame written before pooling (a plain array) still reads', () => {
  const big = [{ file: 'e.png', size: 1, mtimeMs: 1, result: image('e.png', 3, 256, 256) }, ...records];
  const bytes = serializeResultFrame(big);
  assert.ok(frameOf(bytes).counts instanceof Uint32Array);
  assert.deepEqual(plainArrays(deserializeResultFrame(bytes)), plainArrays(big));
  assert.deepEqual(deserializeResultFrame(serialize(records)), records, 'legacy frame');
});

test('a frame whose counts do not match its records is refused, not misread', () => {
  const frame = frameOf(serializeResultFrame(records));
  const reread = (changed: object) => deserializeResultFrame(serialize({ ...frame, ...changed }));
  assert.throws(() => reread({ counts: frame.counts.subarray(256) }), /fewer counts/);
  assert.throws(() => reread({ counts: new Uint16Array(frame.counts.length + 1) }), /more counts/);
  assert.throws(() => reread({ records: 'x' }), /not a frame/);
  assert.throws(() => reread({ thumbnails: frame.thumbnails.subarray(1) }), /fewer thumbnails/);
  assert.throws(
    () => reread({ thumbnails: new Uint8Array(frame.thumbnails.length + 256) }),
    /more thumbnails/,
  );
  assert.throws(() => reread({ thumbnails: 'x' }), /not a frame/);
  const odd = image('f.png', 1);
  if (odd.ok) odd.histogram = { ...odd.histogram, channels: 3 };
  assert.throws(() => serializeResultFrame([{ result: odd }]), /f\.png: 256 histogram counts for 3 channel/);
});

test('a frame written when thumbnails were strings of char codes reads back with byte thumbnails', () => {
  // As frames were written before thumbnails were pooled: each record's thumbnail a string, histograms pooled.
  const asCodes = (r: FileResult) =>
    r.ok
      ? {
          ...r,
          histogram: { ...r.histogram, counts: undefined },
          thumbnail: String.fromCharCode(...r.thumbnail),
        }
      : r;
  const old = records.map((r) => ('result' in r ? { ...r, result: asCodes(r.result as FileResult) } : r));
  const counts = frameOf(serializeResultFrame(records)).counts;
  const read = deserializeResultFrame(serialize({ records: old, counts }));
  assert.deepEqual(plainArrays(read), plainArrays(records));
  const first = (read[0] as { result: FileResult }).result;
  assert.ok(first.ok && first.thumbnail instanceof Uint8Array);
});
