import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { analyzeDataset } from '../../src/core/engine/analyzeDataset';
import { mergeShardParts } from '../../src/core/engine/shardPart';
import { parseShard, shardOf } from '../../src/core/engine/shard';
import { UsageError } from '../../src/core/util/errors';
import { createRng, randomImage, tempDir, writePng } from './helpers/images';

const tmp = tempDir();
const root = path.join(tmp.dir, 'ds');

before(async () => {
  const rng = createRng(41);
  for (let i = 0; i < 30; i++) {
    const split = i % 5 === 0 ? 'test' : 'train';
    await writePng(
      path.join(root, split, ['x', 'y', 'z'][i % 3], `${i}.png`),
      randomImage(rng, 6 + (i % 4), 8, i % 2 ? 3 : 1),
    );
  }
  // Duplicates across shards and splits, and a bad file, must survive the merge.
  const dup = randomImage(rng, 8, 8, 3);
  await writePng(path.join(root, 'train', 'x', 'dup-a.png'), dup);
  await writePng(path.join(root, 'test', 'y', 'dup-b.png'), dup);
  writeFileSync(path.join(root, 'train', 'z', 'broken.png'), 'nope');
  writeFileSync(path.join(root, 'train', 'z', 'notes.txt'), 'not an image');
});
after(() => tmp.cleanup());

test('merging the shard parts of 3 shards gives the report of a single run', async () => {
  const single = await analyzeDataset(root, { workers: 0 });
  const parts = [];
  for (let i = 0; i < 3; i++) {
    const out = path.join(tmp.dir, `part${i}.dlp`);
    await analyzeDataset(root, { workers: 0, shard: { index: i, count: 3 }, shardPartOut: out });
    parts.push(out);
  }
  const merged = mergeShardParts(parts.reverse());
  assert.deepEqual({ ...merged, durationMs: 0 }, { ...single, durationMs: 0 });
  assert.ok(merged.quality.leakage.length > 0, 'the cross-shard duplicate is found');
});

test('merge refuses missing shards, foreign files and incomplete shard parts', async () => {
  const out = path.join(tmp.dir, 'only.dlp');
  await analyzeDataset(root, { workers: 0, shard: { index: 0, count: 2 }, shardPartOut: out });
  assert.throws(
    () => mergeShardParts([out]),
    (e: Error) => e instanceof UsageError && /expected shards 1..2 exactly once, got 1/.test(e.message),
  );
  const foreign = path.join(tmp.dir, 'foreign.dlp');
  writeFileSync(foreign, 'hello');
  assert.throws(() => mergeShardParts([foreign]), /not a Dataset Lens shard part/);
  assert.throws(() => mergeShardParts([]), /at least one shard part/);
});

test('shard specs are parsed and validated; ownership is stable and covers every file once', () => {
  assert.deepEqual(parseShard('2/4'), { index: 1, count: 4 });
  assert.throws(
    () => parseShard('5/4'),
    /Expected "i\/n" with 1 <= i <= n .* for --shard but received "5\/4"/,
  );
  assert.throws(() => parseShard('x'), /for --shard/);
  const owners = ['a/1.png', 'b/2.png', 'c/3.png'].map((f) => shardOf(f, 4));
  assert.deepEqual(
    owners,
    ['a/1.png', 'b/2.png', 'c/3.png'].map((f) => shardOf(f, 4)),
  );
  for (const owner of owners) assert.ok(owner >= 0 && owner < 4);
});
