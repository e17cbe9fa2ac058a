import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { WorkerPool } from '../../src/core/engine/workerPool';
import type { FileEntry } from '../../src/core/scan/scanPlan';
import { createRng, randomImage, tempDir, writePng } from './helpers/images';
import { childPids, environmentOf } from './helpers/processEnvironment';

const tmp = tempDir();
after(() => tmp.cleanup());

function childProcesses(): number {
  return childPids().length;
}

const entry = (file: string): FileEntry => ({ file: path.basename(file), open: file, size: -1, mtimeMs: 0 });

test('a pool starts workers as batches need them: one batch, one worker process', async () => {
  const rng = createRng(5);
  const files: string[] = [];
  for (let i = 0; i < 8; i++) {
    files.push(path.join(tmp.dir, `${i}.png`));
    await writePng(files[i], randomImage(rng, 6, 5, 1));
  }
  const before = childProcesses();
  const pool = new WorkerPool(2, {});
  try {
    assert.equal(childProcesses() - before, 0, 'no worker before the first batch');
    const [result] = await pool.run([entry(files[0])]);
    assert.equal(result.ok, true);
    // A re-run that finds one changed file in the cache: the second worker would sit idle for the whole run.
    assert.equal(childProcesses() - before, 1, 'one batch, one worker');
    // Batches at once: the pool grows to its size, and no further.
    const results = await Promise.all(files.map((file) => pool.run([entry(file)])));
    assert.ok(results.every(([r]) => r.ok));
    assert.equal(childProcesses() - before, 2, 'as many workers as the pool size');
  } finally {
    await pool.close();
  }
});

test('workers start with the malloc tuning and the rest of our environment', async () => {
  const rng = createRng(6);
  const file = path.join(tmp.dir, 'env.png');
  await writePng(file, randomImage(rng, 6, 5, 1));
  const before = new Set(childPids());
  const pool = new WorkerPool(1, {});
  try {
    const [result] = await pool.run([entry(file)]);
    assert.equal(result.ok, true);
    const workers = childPids().filter((pid) => !before.has(pid));
    assert.equal(workers.length, 1);
    const env = environmentOf(workers[0]);
    assert.equal(env.get('MALLOC_ARENA_MAX'), process.env.MALLOC_ARENA_MAX ?? '2', 'the worker environment');
    assert.equal(env.get('PATH'), process.env.PATH, 'the rest of the environment is passed on');
  } finally {
    await pool.close();
  }
});

test('start() starts every worker before any batch, for a run that will decode every file', async () => {
  const rng = createRng(7);
  const file = path.join(tmp.dir, 'started.png');
  await writePng(file, randomImage(rng, 6, 5, 1));
  const before = new Set(childPids());
  const pool = new WorkerPool(2, {});
  try {
    pool.start();
    const started = childPids().filter((pid) => !before.has(pid));
    assert.equal(started.length, 2, 'both workers, no batch yet');
    const [result] = await pool.run([entry(file)]);
    assert.equal(result.ok, true);
    assert.deepEqual(
      childPids().filter((pid) => !before.has(pid)),
      started,
      'the batch ran in a started worker',
    );
  } finally {
    await pool.close();
  }
});
