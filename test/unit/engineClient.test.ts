import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { analyzeDataset } from '../../src/core/engine/analyzeDataset';
import { planWorkers } from '../../src/core/engine/workerBudget';
import { analyzeInEngineProcess } from '../../src/extension/jobs/engineClient';
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

test('snapshots stream from the engine process before the result, growing', async () => {
  const events: { kind: 'snapshot' | 'progress'; done: number; total: number; images?: number }[] = [];
  const report = await analyzeInEngineProcess(
    root,
    { workers: 1 },
    {
      onProgress: (p) => events.push({ kind: 'progress', done: p.done, total: p.total }),
      // -1: not marked partial (asserted below, not here: this runs in the IPC message handler).
      onSnapshot: (r) =>
        events.push({
          kind: 'snapshot',
          done: r.partial?.done ?? -1,
          total: r.partial?.total ?? -1,
          images: r.images,
        }),
      snapshotIntervalMs: 0,
    },
  );
  const snapshots = events.filter((e) => e.kind === 'snapshot');
  // With a 0 ms interval the first comes at the first file; how many follow depends on the machine's speed (each
  // snapshot makes the next wait 20x its cost): growth is checked on every one that came.
  assert.ok(snapshots.length >= 1, `${snapshots.length} snapshots`);
  assert.equal(report.partial, undefined, 'the result is not marked partial');
  for (const [i, p] of snapshots.entries()) {
    assert.ok(p.done >= 1 && p.done < 300 && p.total <= 300, `${p.done}/${p.total}`);
    assert.ok(p.images! <= p.done);
    if (i > 0) assert.ok(p.done > snapshots[i - 1].done && p.images! >= snapshots[i - 1].images!);
  }
  // Every snapshot came before the last progress message (300/300), which came before the result.
  assert.deepEqual(events.at(-1), { kind: 'progress', done: 300, total: 300 });
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

test('a notice of the run (fewer --content workers than asked) reaches the host, once', async () => {
  const small = path.join(tmp.dir, 'small');
  const rng = createRng(52);
  for (let i = 0; i < 4; i++)
    await writePng(path.join(small, i % 2 ? 'a' : 'b', `${i}.png`), randomImage(rng, 20, 20, 1));
  const notices: string[] = [];
  const report = await analyzeInEngineProcess(
    small,
    { workers: 8, content: true },
    { onNotice: (message) => notices.push(message) },
  );
  assert.equal(report.content?.embedded, 4);
  const expected = planWorkers(8, true).notice;
  assert.ok(expected, 'the budget caps 8 workers');
  assert.deepEqual(notices, [expected]);
});
