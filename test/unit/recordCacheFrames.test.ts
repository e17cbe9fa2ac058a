import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { deserialize } from 'node:v8';
import { FramedWriter } from '../../src/core/cache/framedFile';
import { CacheReader, CacheWriter, type CacheKey } from '../../src/core/cache/recordCache';
import type { FileResult } from '../../src/core/records/fileResult';
import { tempDir } from './helpers/images';
import { plainArrays } from './helpers/plainArrays';

const tmp = tempDir();
after(() => tmp.cleanup());

const MAGIC_LENGTH = 'DATASET-LENS-CACHE\n'.length;

/** The frames of a cache file, as stored (after the magic, layout and header; each behind its 12-byte head). */
function framesOf(bytes: Buffer): Buffer[] {
  let offset = MAGIC_LENGTH + 12 + bytes.readUInt32LE(MAGIC_LENGTH + 4);
  const frames: Buffer[] = [];
  for (let length = bytes.readUInt32LE(offset); length > 0; length = bytes.readUInt32LE(offset)) {
    frames.push(bytes.subarray(offset + 12, offset + 12 + length));
    offset += 12 + length;
  }
  return frames;
}

function resultOf(i: number, version = 1): FileResult {
  if (i % 7 === 0) return { ok: false, file: `f${i}.png`, kind: 'corrupt', message: `bad ${i} v${version}` };
  const counts = new Uint32Array(256);
  counts[(i + version) % 256] = 16;
  return {
    ok: true,
    file: `f${i}.png`,
    format: 'png',
    mode: 'L',
    width: 4,
    height: 4,
    hadAlpha: false,
    histogram: { channels: 1, counts, channelsEqual: true },
    brightnessP5: 0.5,
    brightnessP99: 0.5,
    entropy: 0,
    blur: null,
    phash: '0123456789abcdef',
    pixelHash: `${version}`.padStart(16, '0'),
    thumbnail: Uint8Array.from({ length: 256 }, (_, k) => (k * version) & 255),
  };
}

test('a new cache copies the old frames whose records all come back unchanged and rewrites the others', () => {
  const file = path.join(tmp.dir, 'records.cache');
  const key: CacheKey = { root: '/data', engineVersion: 1, maxPixels: 1000 };
  const count = 1100; // frames of 512, 512 and 76 records
  // Written as a version before pooled histograms did (plain arrays of records): a copied frame stays so, a
  // rewritten one does not, which tells the two apart (the same records serialise to the same bytes).
  const header = { format: 2, engine: 1, maxPixels: 1000, root: '/data', variant: '' };
  const first = new FramedWriter(file, Buffer.from('DATASET-LENS-CACHE\n'), header);
  for (let i = 0; i < count; i++)
    first.push({ file: `f${i}.png`, size: i, mtimeMs: 1000 + i, result: resultOf(i) });
  first.commit();
  const before = readFileSync(file);

  const reader = new CacheReader(file, key);
  const hits = Array.from({ length: count }, (_, i) => reader.lookup(`f${i}.png`, i, 1000 + i)!);
  reader.close();
  assert.ok(hits.every((hit, i) => hit && hit.result.file === `f${i}.png`));

  // File 600 (second frame) changed; results arrive in any order, as from workers.
  const changed = 600;
  const second = new CacheWriter(file, key);
  for (let i = count - 1; i >= 0; i--) {
    if (i === changed) second.put(i, `f${i}.png`, i, 5000, resultOf(i, 2));
    else second.put(i, `f${i}.png`, i, 1000 + i, hits[i].result, hits[i].origin);
  }
  second.commit();
  assert.equal(second.failure, undefined);

  const [old, now] = [framesOf(before), framesOf(readFileSync(file))];
  assert.equal(now.length, 3);
  assert.ok(now[0].equals(old[0]) && now[2].equals(old[2]), 'unchanged frames copied as they were');
  assert.ok(Array.isArray(deserialize(now[0])), 'a copied frame keeps its old form');
  assert.ok(
    !Array.isArray(deserialize(now[1])),
    'the frame holding the changed file is written anew, pooled',
  );

  const reread = new CacheReader(file, key);
  for (let i = 0; i < count; i++) {
    const hit = reread.lookup(`f${i}.png`, i, i === changed ? 5000 : 1000 + i);
    assert.deepEqual(plainArrays(hit?.result), plainArrays(resultOf(i, i === changed ? 2 : 1)), `f${i}.png`);
  }
  reread.close();
});

/** A cache of `count` records f0.png … written by a CacheWriter (frames of 512). */
function cacheOf(name: string, count: number): { file: string; key: CacheKey } {
  const file = path.join(tmp.dir, name);
  const key: CacheKey = { root: '/data', engineVersion: 1, maxPixels: 1000 };
  const writer = new CacheWriter(file, key);
  for (let i = 0; i < count; i++) writer.put(i, `f${i}.png`, i, 1000 + i, resultOf(i));
  writer.commit();
  assert.equal(writer.failure, undefined);
  return { file, key };
}

test('a reader keeps at most one frame decoded ahead while the files match in order', () => {
  // It used to decode 4,096 records ahead of every lookup: on a re-run of 200,000 small images their results
  // outlived the young generation and grew the main process by ~30 MB (issue 20).
  const count = 5000;
  const { file, key } = cacheOf('ahead.cache', count);
  const reader = new CacheReader(file, key);
  let most = 0;
  for (let i = 0; i < count; i++) {
    assert.equal(reader.lookup(`f${i}.png`, i, 1000 + i)?.result.file, `f${i}.png`);
    most = Math.max(most, reader.readAhead);
  }
  reader.close();
  assert.ok(most < 512, `${most} records decoded ahead`);
});

test('a reader still finds the files after up to 4,096 gone ones, and after a new one', () => {
  const count = 6000;
  const { file, key } = cacheOf('gone.cache', count);
  const reader = new CacheReader(file, key);
  const found = (i: number) => reader.lookup(`f${i}.png`, i, 1000 + i)?.result.file === `f${i}.png`;
  assert.ok(found(0));
  assert.equal(reader.lookup('new.png', 1, 1), undefined, 'a file the cache never saw');
  assert.ok(found(1), 'the next file after the new one');
  // f2 … f4001 are gone (4,000 records skipped): f4002 is within the look-ahead.
  assert.ok(found(4002));
  assert.ok(found(4003));
  // f4004 … f5999 minus one: 1,996 gone, then the last file.
  assert.ok(found(count - 1));
  assert.equal(reader.lookup('f3.png', 3, 1003), undefined, 'records passed are not matched again');
  reader.close();
});

test('a reader collects garbage as the frames it read add up, and still answers every lookup', () => {
  // Each frame is read into a buffer of its own; V8 counts these outside its heap and, left alone, let ~40 MB of
  // frames already answered pile up on a re-run of 50,000 small images after one file changed (issue 20).
  const count = 3000; // six frames
  const { file, key } = cacheOf('collect.cache', count);
  let collections = 0;
  let buffers = 0;
  const reader = new CacheReader(file, key, {
    collect: () => collections++,
    stepBytes: 1,
    arrayBuffers: () => (buffers += 1 << 20),
  });
  for (let i = 0; i < count; i++)
    assert.equal(reader.lookup(`f${i}.png`, i, 1000 + i)?.result.file, `f${i}.png`);
  reader.close();
  assert.ok(collections >= 5, `${collections} collections over six frames`);
});
