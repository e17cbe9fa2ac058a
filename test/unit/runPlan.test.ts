import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  listedEntries,
  resolveRunPlan,
  type RunPlan,
  type RunPlanOptions,
} from '../../src/core/engine/runPlan';

const cacheDir = '/tmp/cache';
const shard = { index: 1, count: 3 };

/** options, whether the cache file exists, the plan. One row per way a run can go. */
const TABLE: [string, RunPlanOptions, boolean, RunPlan][] = [
  [
    'no cache: nothing stat’ed, sizes from the workers’ reads',
    {},
    false,
    { kind: 'plain', stat: 'workerReads', readCache: false, writeCache: false, summary: false },
  ],
  [
    'a cache folder on a first run: workers stat, cache and summary written, nothing read',
    { cacheDir },
    false,
    { kind: 'firstCached', stat: 'workerStats', readCache: false, writeCache: true, summary: true },
  ],
  [
    'a cache file: stats beside the walk, summary checked first',
    { cacheDir },
    true,
    { kind: 'warm', stat: 'besideWalk', readCache: true, writeCache: true, summary: true },
  ],
  [
    'a sample without cache: the walk stats (the reservoir takes entries one by one), seed 0 by default',
    { sample: 100 },
    false,
    {
      kind: 'sample',
      stat: 'inWalk',
      readCache: false,
      writeCache: false,
      summary: false,
      sample: { size: 100, seed: 0 },
      shard: undefined,
      shardPartOut: undefined,
    },
  ],
  [
    'a sample reads a cache but never writes it, and is never summarised',
    { sample: 100, seed: 7, cacheDir },
    true,
    {
      kind: 'sample',
      stat: 'inWalk',
      readCache: true,
      writeCache: false,
      summary: false,
      sample: { size: 100, seed: 7 },
      shard: undefined,
      shardPartOut: undefined,
    },
  ],
  [
    'a sample written as a shard part',
    { sample: 100, shardPartOut: 'p.dlp' },
    false,
    {
      kind: 'sample',
      stat: 'inWalk',
      readCache: false,
      writeCache: false,
      summary: false,
      sample: { size: 100, seed: 0 },
      shard: undefined,
      shardPartOut: 'p.dlp',
    },
  ],
  [
    'a shard without cache: stats beside the walk (it reports the sizes of files it does not own)',
    { shard, shardPartOut: 'p.dlp' },
    false,
    {
      kind: 'shard',
      stat: 'besideWalk',
      readCache: false,
      writeCache: false,
      summary: false,
      shard,
      shardPartOut: 'p.dlp',
    },
  ],
  [
    'a shard with a cache reads and writes its own, first run or not, and is never summarised',
    { shard, shardPartOut: 'p.dlp', cacheDir },
    false,
    {
      kind: 'shard',
      stat: 'besideWalk',
      readCache: true,
      writeCache: true,
      summary: false,
      shard,
      shardPartOut: 'p.dlp',
    },
  ],
  [
    'a warm shard',
    { shard, shardPartOut: 'p.dlp', cacheDir },
    true,
    {
      kind: 'shard',
      stat: 'besideWalk',
      readCache: true,
      writeCache: true,
      summary: false,
      shard,
      shardPartOut: 'p.dlp',
    },
  ],
  [
    'the whole folder as one part (--out without --shard)',
    { shardPartOut: 'p.dlp', cacheDir },
    true,
    {
      kind: 'shard',
      stat: 'besideWalk',
      readCache: true,
      writeCache: true,
      summary: false,
      shard: undefined,
      shardPartOut: 'p.dlp',
    },
  ],
];

for (const [name, options, cacheFileExists, plan] of TABLE) {
  test(`run plan: ${name}`, () => {
    assert.deepEqual(resolveRunPlan(options, cacheFileExists), plan);
  });
}

test('run plan: every kind has a row in the table', () => {
  const kinds = new Set(TABLE.map((row) => row[3].kind));
  assert.deepEqual([...kinds].sort(), ['firstCached', 'plain', 'sample', 'shard', 'warm']);
});

test('run plan: a cache file that exists changes nothing without a cache folder', () => {
  assert.deepEqual(resolveRunPlan({}, true), resolveRunPlan({}, false));
});

test('run plan: only whole runs are summarised, and only they have workers stat files', () => {
  for (const [, options, exists] of TABLE) {
    const plan = resolveRunPlan(options, exists);
    const whole = plan.sample === undefined && plan.shard === undefined && plan.shardPartOut === undefined;
    if (plan.summary) assert.ok(whole && plan.writeCache, JSON.stringify(plan));
    if (plan.stat === 'workerStats') assert.ok(plan.summary && !plan.readCache, JSON.stringify(plan));
  }
});

test('run plan: entries listed with their size and mtime (container members) are stat’ed by nobody', () => {
  for (const [, options, exists] of TABLE) {
    const plan = resolveRunPlan(options, exists);
    assert.deepEqual(listedEntries(plan), { ...plan, stat: 'listing' });
  }
});
