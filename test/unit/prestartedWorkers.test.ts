import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { BatchRunner } from '../../src/core/engine/batchRunner';
import { prestartWorkers, releasePrestartedWorkers } from '../../src/core/engine/prestartedWorkers';
import type { FileEntry } from '../../src/core/scan/scanPlan';
import { createRng, randomImage, tempDir, writePng } from './helpers/images';
import { childPids, processesWith } from './helpers/processEnvironment';

const tmp = tempDir();
after(() => {
  releasePrestartedWorkers();
  tmp.cleanup();
});

/** Polls until `done()` or about 10 s; returns whether it came true. */
async function eventually(done: () => boolean): Promise<boolean> {
  for (let k = 0; k < 200 && !done(); k++) await sleep(50);
  return done();
}

const entry = (file: string): FileEntry => ({ file: path.basename(file), open: file, size: -1, mtimeMs: 0 });

async function images(count: number, seed: number): Promise<FileEntry[]> {
  const rng = createRng(seed);
  const entries: FileEntry[] = [];
  for (let i = 0; i < count; i++) {
    const file = path.join(tmp.dir, `${seed}-${i}.png`);
    await writePng(file, randomImage(rng, 6, 5, 1));
    entries.push(entry(file));
  }
  return entries;
}

test('a run takes the prestarted workers instead of forking its own', async () => {
  const batches = (await images(4, 1)).map((e) => [e]);
  const before = new Set(childPids());
  prestartWorkers(2);
  const prestarted = childPids().filter((pid) => !before.has(pid));
  assert.equal(prestarted.length, 2);
  const runner = new BatchRunner(2, {});
  try {
    runner.start();
    const results = await Promise.all(batches.map((batch) => runner.run(batch)));
    assert.ok(results.every(([r]) => r.ok));
    assert.deepEqual(
      childPids().filter((pid) => !before.has(pid)),
      prestarted,
      'the batches ran in the prestarted workers, and no other was forked',
    );
  } finally {
    await runner.close();
  }
  assert.ok(await eventually(() => childPids().every((pid) => before.has(pid))), 'the workers exited');
});

test('prestarted workers the run does not take are let go when it closes', async () => {
  const [only] = await images(1, 2);
  const before = new Set(childPids());
  prestartWorkers(2);
  const runner = new BatchRunner(1, {});
  try {
    const [result] = await runner.run([only]);
    assert.equal(result.ok, true);
  } finally {
    await runner.close();
  }
  assert.ok(await eventually(() => childPids().every((pid) => before.has(pid))), 'both exited');
});

test('a prestarted worker nobody takes keeps no process alive, and exits with it', async () => {
  const marker = `prestarted-${process.pid}-${Date.now()}`;
  const holder = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(__dirname, 'helpers', 'holdWorkers.ts'), '2'],
    { encoding: 'utf8', timeout: 30_000, env: { ...process.env, PRESTART_TEST_MARK: marker } },
  );
  assert.equal(holder.error, undefined, 'the process ended by itself');
  assert.equal(holder.status, 0, holder.stderr);
  assert.equal(holder.stdout, 'held\n');
  assert.ok(await eventually(() => processesWith('PRESTART_TEST_MARK', marker).length === 0), 'workers gone');
});
