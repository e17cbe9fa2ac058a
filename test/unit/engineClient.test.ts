import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { analyzeDataset } from '../../src/core/engine/analyzeDataset';
import { analyzeInEngineProcess } from '../../src/core/engine/engineClient';
import { CancelledError, UsageError } from '../../src/core/util/errors';
import { createRng, randomImage, tempDir, writePng } from './helpers/images';

const tmp = tempDir();
const root = path.join(tmp.dir, 'ds');

before(async () => {
  const rng = createRng(51);
  for (let i = 0; i < 300; i++)
    await writePng(path.join(root, i % 2 ? 'a' : 'b', `${i}.png`), randomImage(rng, 16, 16, 3));
});
after(() => tmp.cleanup());

test('the engine process returns the same report as an in-process run, with progress', async () => {
  const seen: number[] = [];
  const remote = await analyzeInEngineProcess(root, { workers: 1 }, { onProgress: (p) => seen.push(p.done) });
  const local = await analyzeDataset(root, { workers: 0 });
  assert.deepEqual({ ...remote, durationMs: 0 }, { ...local, durationMs: 0 });
  assert.ok(seen.length > 0 && seen[seen.length - 1] === 300);
});

test('errors keep their kind across the process boundary', async () => {
  await assert.rejects(
    analyzeInEngineProcess(path.join(tmp.dir, 'missing'), {}),
    (e: Error) => e instanceof UsageError && /not found/.test(e.message),
  );
});

test('cancelling stops the engine process and its workers', async () => {
  const controller = new AbortController();
  const run = analyzeInEngineProcess(
    root,
    { workers: 2 },
    { signal: controller.signal, onProgress: () => controller.abort() },
  );
  await assert.rejects(run, CancelledError);
  await new Promise((r) => setTimeout(r, 1500));
  const tree = execFileSync('ps', ['-eo', 'pid,ppid,args'], { encoding: 'utf8' });
  const mine = tree
    .split('\n')
    .filter((line) => line.includes(`${process.pid}`) && /engine(Process)?\.(js|ts)/.test(line));
  assert.deepEqual(mine, [], 'no engine process left');
});
