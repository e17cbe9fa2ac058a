import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { mergeAugmentShards } from '../../src/core/export/augmentShards';
import { exportAugmented, MANIFEST_FILE } from '../../src/core/export/exportDataset';
import { validatePipeline } from '../../src/core/pipeline/validatePipeline';
import { UsageError } from '../../src/core/util/errors';
import { createRng, randomImage, tempDir, writePng } from './helpers/images';
import { outputTree } from './helpers/outputTree';

const pipeline = validatePipeline({
  version: 1,
  seed: 9,
  transforms: [
    { name: 'rotate', degrees: [-20, 20], p: 0.7 },
    { name: 'flipHorizontal' },
    { name: 'brightness', delta: [-0.1, 0.1] },
  ],
});

const tmp = tempDir('dataset-lens-augment-shards-');
const src = path.join(tmp.dir, 'src');
after(() => tmp.cleanup());

before(async () => {
  // Unequal classes in two splits, so --balance picks extra copies: the plan must agree across shards.
  const rng = createRng(3);
  for (const [split, counts] of [
    ['train', { cat: 7, dog: 3 }],
    ['val', { cat: 2, dog: 4 }],
  ] as const)
    for (const [label, n] of Object.entries(counts))
      for (let k = 0; k < n; k++)
        await writePng(path.join(src, split, label, `${label}${k}.png`), randomImage(rng, 10, 9, 3));
});

test('3 augment shards and a merge give the files and manifest of a single run, byte for byte', async () => {
  const options = { copies: 2, balance: true, workers: 0 };
  const single = path.join(tmp.dir, 'single');
  await exportAugmented(src, pipeline, { ...options, out: single });
  const sharded = path.join(tmp.dir, 'sharded');
  const written: number[] = [];
  for (const index of [2, 0, 1]) {
    const summary = await exportAugmented(src, pipeline, {
      ...options,
      out: sharded,
      shard: { index, count: 3 },
    });
    written.push(summary.written);
  }
  assert.ok(
    written.every((n) => n > 0),
    `every shard writes a part: ${written}`,
  );
  const merged = mergeAugmentShards(sharded);
  assert.equal(
    merged.outputs,
    written.reduce((a, b) => a + b),
  );
  const a = outputTree(single);
  const b = outputTree(sharded);
  assert.deepEqual([...b.keys()].sort(), [...a.keys()].sort());
  for (const [file, bytes] of a) assert.ok(bytes.equals(b.get(file)!), file);
  assert.ok(a.has(MANIFEST_FILE));
});

test('a shard re-run skips what it wrote; merge refuses missing or mixed shards', async () => {
  const out = path.join(tmp.dir, 'partial');
  await exportAugmented(src, pipeline, { out, workers: 0, shard: { index: 0, count: 2 } });
  const again = await exportAugmented(src, pipeline, { out, workers: 0, shard: { index: 0, count: 2 } });
  assert.equal(again.written, 0);
  assert.ok(again.skipped > 0);
  assert.throws(
    () => mergeAugmentShards(out),
    (e: Error) => e instanceof UsageError && /shard 2 of 2/.test(e.message),
  );
  await exportAugmented(src, pipeline, { out, workers: 0, shard: { index: 1, count: 2 }, seed: 4 }).then(
    () => assert.fail('another seed in the same folder must be refused'),
    (e: Error) => assert.ok(e instanceof UsageError && /seed|pipeline/.test(e.message), e.message),
  );
  await exportAugmented(src, pipeline, { out, workers: 0, shard: { index: 1, count: 3 } }).then(
    () => assert.fail('another shard count in the same folder must be refused'),
    (e: Error) => assert.ok(e instanceof UsageError && /shard/.test(e.message), e.message),
  );
});

test('a shard never writes into a whole export, nor a whole export into shards', async () => {
  const whole = path.join(tmp.dir, 'whole');
  await exportAugmented(src, pipeline, { out: whole, workers: 0 });
  await assert.rejects(
    exportAugmented(src, pipeline, { out: whole, workers: 0, shard: { index: 0, count: 2 } }),
    UsageError,
  );
  const parts = path.join(tmp.dir, 'parts');
  await exportAugmented(src, pipeline, { out: parts, workers: 0, shard: { index: 0, count: 2 } });
  await assert.rejects(exportAugmented(src, pipeline, { out: parts, workers: 0 }), UsageError);
  assert.throws(() => mergeAugmentShards(path.join(tmp.dir, 'src')), UsageError);
});
