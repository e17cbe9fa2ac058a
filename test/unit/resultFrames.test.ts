import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deserialize, serialize } from 'node:v8';
import { packResultFrame, unpackResultFrame } from '../../src/core/cache/resultFrames';
import type { FileResult } from '../../src/core/engine/fileResult';

function image(file: string, channels: 1 | 3, top: number): FileResult {
  const counts = new Uint32Array(channels * 256).map((_, v) => (v * 7 + file.length) % 5);
  counts[0] = top;
  return {
    ok: true,
    file,
    format: 'png',
    mode: channels === 3 ? 'RGB' : 'L',
    width: 4,
    height: 4,
    hadAlpha: false,
    histogram: { channels, counts, channelsEqual: channels === 1 },
    brightnessP5: 0.25,
    brightnessP99: 0.75,
    entropy: 1.5,
    blur: null,
    phash: '0123456789abcdef',
    pixelHash: 'fedcba9876543210',
  };
}

const records = [
  { file: 'a.png', size: 10, mtimeMs: 1.5, result: image('a.png', 1, 9) },
  {
    file: 'b.png',
    size: 11,
    mtimeMs: 2.5,
    result: { ok: false, file: 'b.png', kind: 'corrupt', message: 'bad' },
  },
  { file: 'c.png', size: 12, mtimeMs: 3.5, result: image('c.png', 3, 9) },
  { trailer: true, counters: { hidden: 1 } },
  { file: 'd.png', size: 13, mtimeMs: 4.5, result: image('d.png', 1, 9) },
];
const roundTrip = (frame: unknown) => unpackResultFrame(deserialize(serialize(frame)));

test('a frame of records keeps its histograms in one typed array and reads back the same', () => {
  const frame = packResultFrame(records);
  assert.equal(frame.counts.length, (1 + 3 + 1) * 256, 'ok results only');
  assert.ok(frame.counts instanceof Uint16Array, 'counts under 2^16: 16-bit');
  assert.deepEqual(roundTrip(frame), records);
  // The records given are untouched: the builder and the cache writer may still hold them.
  const first = records[0].result as Extract<FileResult, { ok: true }>;
  assert.ok(first.histogram.counts instanceof Uint32Array && first.histogram.counts[0] === 9);
});

test('counts of 2^16 or more keep the frame 32-bit; a frame written before pooling (a plain array) still reads', () => {
  const big = [{ file: 'e.png', size: 1, mtimeMs: 1, result: image('e.png', 3, 65536) }, ...records];
  const frame = packResultFrame(big);
  assert.ok(frame.counts instanceof Uint32Array);
  assert.deepEqual(roundTrip(frame), big);
  assert.deepEqual(roundTrip(records), records, 'legacy frame');
});

test('a frame whose counts do not match its records is refused, not misread', () => {
  const frame = packResultFrame(records);
  assert.throws(() => roundTrip({ ...frame, counts: frame.counts.subarray(256) }), /fewer counts/);
  assert.throws(
    () => roundTrip({ ...frame, counts: new Uint16Array(frame.counts.length + 1) }),
    /more counts/,
  );
  assert.throws(() => roundTrip({ records: 'x', counts: frame.counts }), /not a frame/);
  const odd = {
    ...records[0],
    result: {
      ...image('f.png', 1, 1),
      histogram: { channels: 3, counts: new Uint32Array(256), channelsEqual: true },
    },
  };
  assert.throws(() => packResultFrame([odd]), /f\.png: 256 histogram counts for 3 channel/);
});
