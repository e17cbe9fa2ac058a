import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { tempDir } from './helpers/images';
import { resolveShard } from '../../src/core/engine/shard';
import { UsageError } from '../../src/core/util/errors';

const slurm = (id: number, count: number, min = 0, step?: number) => ({
  SLURM_ARRAY_TASK_ID: String(id),
  SLURM_ARRAY_TASK_COUNT: String(count),
  SLURM_ARRAY_TASK_MIN: String(min),
  ...(step === undefined ? {} : { SLURM_ARRAY_TASK_STEP: String(step) }),
});

test('--shard auto reads a Slurm array task: index from the id less the array minimum', () => {
  assert.deepEqual(resolveShard('auto', undefined, slurm(0, 4)), { index: 0, count: 4 });
  assert.deepEqual(resolveShard('auto', undefined, slurm(3, 4)), { index: 3, count: 4 });
  // sbatch --array=1-4: ids 1..4 are shards 0..3.
  assert.deepEqual(resolveShard('auto', undefined, slurm(1, 4, 1)), { index: 0, count: 4 });
  assert.deepEqual(resolveShard('auto', undefined, slurm(4, 4, 1)), { index: 3, count: 4 });
  // sbatch --array=0-6:2 (ids 0, 2, 4, 6).
  assert.deepEqual(resolveShard('auto', undefined, slurm(4, 4, 0, 2)), { index: 2, count: 4 });
});

test('--shard auto reads a Kubernetes Indexed Job: JOB_COMPLETION_INDEX with --shard-count', () => {
  assert.deepEqual(resolveShard('auto', 5, { JOB_COMPLETION_INDEX: '0' }), { index: 0, count: 5 });
  assert.deepEqual(resolveShard('auto', 5, { JOB_COMPLETION_INDEX: '4' }), { index: 4, count: 5 });
});

test('--shard i/n still works and ignores the environment', () => {
  assert.deepEqual(resolveShard('2/3', undefined, slurm(0, 4)), { index: 1, count: 3 });
});

test('--shard auto without a scheduler, or with inconsistent values, is a one-line UsageError', () => {
  const cases: [number | undefined, Record<string, string>, RegExp][] = [
    [undefined, {}, /SLURM_ARRAY_TASK_ID.*JOB_COMPLETION_INDEX/],
    [undefined, { JOB_COMPLETION_INDEX: '2' }, /--shard-count/],
    [3, { JOB_COMPLETION_INDEX: '3' }, /JOB_COMPLETION_INDEX 3/],
    [3, { JOB_COMPLETION_INDEX: 'x' }, /JOB_COMPLETION_INDEX/],
    [undefined, { SLURM_ARRAY_TASK_ID: '2' }, /SLURM_ARRAY_TASK_COUNT/],
    [undefined, slurm(9, 4), /SLURM_ARRAY_TASK_ID 9/],
    [undefined, slurm(3, 4, 0, 2), /SLURM_ARRAY_TASK_ID 3/],
    [5, slurm(1, 4), /--shard-count 5.*SLURM_ARRAY_TASK_COUNT 4/],
  ];
  for (const [count, env, message] of cases) {
    assert.throws(
      () => resolveShard('auto', count, env),
      (error: Error) =>
        error instanceof UsageError && message.test(error.message) && !error.message.includes('\n'),
      JSON.stringify(env),
    );
  }
  assert.throws(() => resolveShard('2/3', 3, {}), /--shard-count.*--shard auto/);
});

const repo = path.resolve(__dirname, '..', '..');
const cli = path.join(repo, 'dist', 'cli.js');
const sample = path.join(repo, 'media', 'sample');
const tmp = tempDir('dataset-lens-shard-auto-');
after(() => tmp.cleanup());

function run(env: Record<string, string>, ...args: string[]) {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('SLURM_') && k !== 'JOB_COMPLETION_INDEX'),
  );
  return spawnSync(process.execPath, [cli, ...args], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...clean, ...env, XDG_CACHE_HOME: path.join(tmp.dir, 'cache') },
  });
}

test('analyze --shard auto as Slurm array tasks 1-3, then merge: the report of a single run', () => {
  const parts = [1, 2, 3].map((id) => {
    const out = path.join(tmp.dir, `part-${id}.dlp`);
    const env = { SLURM_ARRAY_TASK_ID: String(id), SLURM_ARRAY_TASK_COUNT: '3', SLURM_ARRAY_TASK_MIN: '1' };
    const result = run(env, 'analyze', sample, '--shard', 'auto', '--out', out, '--no-cache');
    assert.equal(result.status, 0, result.stderr);
    return out;
  });
  const merged = run({}, 'merge', ...parts, '--json');
  assert.equal(merged.status, 0, merged.stderr);
  const single = run({}, 'analyze', sample, '--json', '--no-cache');
  const strip = (text: string) => ({ ...JSON.parse(text), durationMs: 0 });
  assert.deepEqual(strip(merged.stdout), strip(single.stdout));
});

test('--shard auto outside a scheduler: exit 2 with one line', () => {
  for (const command of [
    ['analyze', sample, '--shard', 'auto', '--out', path.join(tmp.dir, 'x.dlp')],
    [
      'augment',
      sample,
      '--pipeline',
      path.join(repo, 'examples', 'augment.pipeline.json'),
      '--out',
      path.join(tmp.dir, 'aug'),
      '--shard',
      'auto',
    ],
  ]) {
    const result = run({}, ...command);
    assert.equal(result.status, 2, result.stderr);
    assert.match(
      result.stderr,
      /^dataset-lens: --shard auto needs SLURM_ARRAY_TASK_ID .* JOB_COMPLETION_INDEX/,
    );
    assert.equal(result.stderr.trim().split('\n').length, 1);
  }
});
