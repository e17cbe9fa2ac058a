import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { CacheReader, CacheWriter, type CacheKey } from '../../src/core/cache/recordCache';
import { analyzeDataset } from '../../src/core/engine/analyzeDataset';
import type { FileResult } from '../../src/core/records/fileResult';
import { mergeShardParts } from '../../src/core/engine/shardPart';
import type { DatasetReport } from '../../src/core/engine/report';
import { UsageError } from '../../src/core/util/errors';
import { createRng, randomImage, tempDir, writePng } from './helpers/images';
import { flipSweep, range } from './helpers/flipSweep';
import { plainArrays } from './helpers/plainArrays';

/**
 * One flipped byte anywhere in a cache file or a shard part: a run from the damaged cache gives the report a
 * run without a cache gives (the damage may only add a warning about the cache); a merge of the damaged shard part
 * is refused with a one-line UsageError. Never another report, never a crash.
 */
const tmp = tempDir();
const root = path.join(tmp.dir, 'ds');
const cacheDir = path.join(tmp.dir, 'cache');
let expected: string;

/** A report as JSON, without what belongs to the run rather than the data: its duration, cache warnings. */
function comparable(report: DatasetReport): string {
  return JSON.stringify({
    ...report,
    durationMs: 0,
    warnings: report.warnings.filter((w) => !w.startsWith('cache ')),
  });
}

before(async () => {
  const rng = createRng(15);
  for (let i = 0; i < 40; i++)
    await writePng(
      path.join(root, i % 3 ? 'a' : 'b', `${i}.png`),
      randomImage(rng, 5 + (i % 4), 6, i % 4 ? 3 : 1),
    );
  writeFileSync(path.join(root, 'a', 'bad.png'), 'not a png');
  expected = comparable(await analyzeDataset(root, { workers: 0 }));
});
after(() => tmp.cleanup());

/** Where each frame of a cache or shard part starts (its 12-byte head), and where the end marker is. */
function frameStarts(bytes: Buffer, magicLength: number): number[] {
  let offset = magicLength + 12 + bytes.readUInt32LE(magicLength + 4);
  const starts = [offset];
  for (let length = bytes.readUInt32LE(offset); length > 0; length = bytes.readUInt32LE(offset)) {
    offset += 12 + length;
    starts.push(offset);
  }
  return starts;
}

/** The positions whose damage reads differently from a frame body's: magic and header fields, frame heads. */
function structure(bytes: Buffer, magic: string): number[] {
  return [
    ...range(0, magic.length + 12),
    ...frameStarts(bytes, magic.length).flatMap((start) => range(start, start + 12)),
  ];
}

const inCacheDir = (suffix: string) => readdirSync(cacheDir).filter((name) => name.endsWith(suffix));

test('a run from a cache with any one byte flipped gives the --no-cache report, and heals the cache', async () => {
  rmSync(cacheDir, { recursive: true, force: true });
  await analyzeDataset(root, { workers: 0, cacheDir });
  const [name] = inCacheDir('.cache');
  const file = path.join(cacheDir, name);
  const original = readFileSync(file);
  const summaries = () => inCacheDir('.summary.jsonl').forEach((s) => rmSync(path.join(cacheDir, s)));
  let runs = 0;
  const flips = flipSweep(original, {
    seed: 1,
    every: structure(original, 'DATASET-LENS-CACHE\n'),
    seeded: 50,
  });
  for (const { position, bytes } of flips) {
    // The run summary would answer an unchanged folder without reading a single record.
    summaries();
    writeFileSync(file, bytes);
    const report = await analyzeDataset(root, { workers: 0, cacheDir }).catch((error: Error) => error);
    assert.ok(!(report instanceof Error), `byte ${position}: ${(report as Error).message}`);
    assert.equal(comparable(report), expected, `byte ${position} of ${original.length}: another report`);
    // What the damaged run wrote is a sound cache: a later run gives the same report again.
    if (runs++ % 10 === 0) {
      summaries();
      assert.equal(comparable(await analyzeDataset(root, { workers: 0, cacheDir })), expected);
    }
  }
});

test('a merge of a shard part with any one byte flipped is refused with a one-line UsageError', async () => {
  const parts = [0, 1].map((index) => path.join(tmp.dir, `part${index}.dlp`));
  for (const [index, out] of parts.entries())
    await analyzeDataset(root, { workers: 0, shard: { index, count: 2 }, shardPartOut: out });
  assert.equal(
    comparable(mergeShardParts(parts)),
    expected,
    'undamaged shard parts merge to the single-run report',
  );
  const original = readFileSync(parts[1]);
  const flips = flipSweep(original, {
    seed: 2,
    every: structure(original, 'DATASET-LENS-PARTIAL\n'),
    seeded: 600,
  });
  for (const { position, bytes } of flips) {
    writeFileSync(parts[1], bytes);
    let outcome: unknown;
    try {
      outcome = comparable(mergeShardParts(parts));
    } catch (error) {
      outcome = error;
    }
    assert.ok(
      outcome instanceof UsageError,
      `byte ${position} of ${original.length}: ${String(outcome).slice(0, 300)}`,
    );
    assert.doesNotMatch(outcome.message, /\n/, `byte ${position}: one line`);
    assert.ok(outcome.message.includes(parts[1]), `byte ${position}: names the file: ${outcome.message}`);
  }
  // Cut short anywhere (copied in part): refused too.
  const rng = createRng(4);
  const cuts = new Set([...frameStarts(original, 'DATASET-LENS-PARTIAL\n'.length), original.length - 1]);
  while (cuts.size < 60) cuts.add(rng.int(0, original.length - 1));
  for (const cut of cuts) {
    writeFileSync(parts[1], original.subarray(0, cut));
    assert.throws(
      () => mergeShardParts(parts),
      (e: Error) => e instanceof UsageError && !e.message.includes('\n') && e.message.includes(parts[1]),
      `cut at ${cut}`,
    );
  }
  // The CLI says it in one line and exits 2.
  const damaged = Buffer.from(original);
  damaged[original.length >> 1] ^= 0x10;
  writeFileSync(parts[1], damaged);
  const cli = spawnSync(
    process.execPath,
    [path.join(__dirname, '..', '..', 'dist', 'cli.js'), 'merge', ...parts],
    {
      encoding: 'utf8',
    },
  );
  assert.equal(cli.status, 2, cli.stderr);
  assert.equal(cli.stdout, '');
  assert.match(
    cli.stderr,
    /^dataset-lens: .*part1\.dlp is damaged \(a checksum does not match\); run its shard again\n$/,
  );
  writeFileSync(parts[1], original);
});

test('a damaged frame costs only its own records: the frames after it are still read', () => {
  const file = path.join(tmp.dir, 'frames.cache');
  const key: CacheKey = { root: '/data', engineVersion: 1, maxPixels: 1000 };
  const count = 1100; // frames of 512, 512 and 76 records
  const resultOf = (i: number): FileResult =>
    i % 50
      ? { ok: false, file: `f${i}.png`, kind: 'corrupt', message: `bad ${i}` }
      : {
          ok: true,
          file: `f${i}.png`,
          format: 'png',
          mode: 'L',
          width: 2,
          height: 2,
          hadAlpha: false,
          histogram: { channels: 1, counts: new Uint32Array(256).fill(i % 3), channelsEqual: true },
          brightnessP5: 0.5,
          brightnessP99: 0.5,
          entropy: i / 1000,
          blur: null,
          phash: '0123456789abcdef',
          pixelHash: `${i}`.padStart(16, '0'),
          thumbnail: Uint8Array.from({ length: 256 }, (_, k) => (k + i) & 255),
        };
  const writer = new CacheWriter(file, key);
  for (let i = 0; i < count; i++) writer.put(i, `f${i}.png`, i, 1000 + i, resultOf(i));
  writer.commit();
  const original = readFileSync(file);
  const starts = frameStarts(original, 'DATASET-LENS-CACHE\n'.length);
  assert.equal(starts.length, 4, 'three frames and the end marker');
  const frameOfRecord = (i: number) => Math.floor(i / 512);

  // Every byte of the header (JSON included) and of every frame head, and seeded ones.
  const flips = flipSweep(original, {
    seed: 3,
    every: [...range(0, starts[0]), ...starts.flatMap((start) => range(start, start + 12))],
    seeded: 300,
  });
  for (const { position, bytes } of flips) {
    writeFileSync(file, bytes);
    const reader = new CacheReader(file, key);
    const damagedFrame = starts.findIndex(
      (start, k) => position >= start && position < (starts[k + 1] ?? Infinity),
    );
    const inFrameHead = damagedFrame >= 0 && position < starts[damagedFrame] + 12;
    for (let i = 0; i < count; i++) {
      const hit = reader.lookup(`f${i}.png`, i, 1000 + i);
      // Records next to the damage in full (where wrong values would come from), the others by their name.
      if (hit && Math.abs(frameOfRecord(i) - damagedFrame) <= 1)
        assert.deepEqual(plainArrays(hit.result), plainArrays(resultOf(i)), `byte ${position}: f${i}`);
      else if (hit) assert.equal(hit.result.file, `f${i}.png`);
      // A damaged body costs its frame; a damaged head (its length unsure) the frames from there on.
      const lost =
        damagedFrame < 0 ||
        frameOfRecord(i) === damagedFrame ||
        (inFrameHead && frameOfRecord(i) >= damagedFrame);
      if (!lost) assert.ok(hit, `byte ${position}: f${i} in a sound frame is read`);
    }
    reader.close();
    assert.equal(!!reader.damaged || !!reader.discarded, true, `byte ${position}: the damage is said`);
  }
});

test('a shard part of an earlier layout is refused with a one-line UsageError, not misread', async () => {
  const out = path.join(tmp.dir, 'current.dlp');
  await analyzeDataset(root, { workers: 0, shardPartOut: out });
  const magic = Buffer.from('DATASET-LENS-PARTIAL\n');
  const current = readFileSync(out);
  // Layout 1: the magic, then the header's length and the header, no checksums.
  const header = Buffer.from('{"engine":3}');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.length);
  const earlier = path.join(tmp.dir, 'earlier.dlp');
  writeFileSync(earlier, Buffer.concat([magic, length, header, current.subarray(magic.length)]));
  assert.throws(
    () => mergeShardParts([earlier]),
    (e: Error) =>
      e instanceof UsageError &&
      e.message ===
        `${earlier} cannot be merged: made by another version of Dataset Lens (another file layout); run its shard again`,
  );
});
