import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { exportAugmented, MANIFEST_FILE } from '../../src/core/export/exportDataset';
import { validatePipeline } from '../../src/core/pipeline/validatePipeline';
import { createRng, randomImage, tempDir, writePng } from './helpers/images';

const cli = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');
const work = tempDir('dataset-lens-lock-');
after(() => work.cleanup());
const src = path.join(work.dir, 'src');
const pipelineFile = path.join(work.dir, 'p.json');
const IMAGES = 24;

before(async () => {
  const rng = createRng(11);
  for (let i = 0; i < IMAGES; i++)
    await writePng(path.join(src, i % 2 ? 'cat' : 'dog', `${i}.png`), randomImage(rng, 64, 48, 3));
  writeFileSync(
    pipelineFile,
    JSON.stringify({ version: 1, seed: 2, transforms: [{ name: 'rotate', degrees: [-20, 20], p: 1 }] }),
  );
});

const lockOf = (out: string) => path.join(out, '.dataset-lens', 'augment.lock');
const augmentArgs = (out: string, ...extra: string[]) => [
  cli,
  'augment',
  src,
  '--pipeline',
  pipelineFile,
  '--out',
  out,
  '--workers',
  '0',
  '--concurrency',
  '1',
  ...extra,
];

function runSync(out: string, ...extra: string[]) {
  return spawnSync(process.execPath, augmentArgs(out, ...extra), { encoding: 'utf8', timeout: 120_000 });
}

/** Starts a run, waits for its lock, then freezes it (SIGSTOP): it holds the folder for as long as we like. */
async function startAndFreeze(
  out: string,
): Promise<{ child: ChildProcess; done: Promise<{ code: number | null; stderr: string }> }> {
  const child = spawn(process.execPath, augmentArgs(out, '--copies', '40'), {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const done = new Promise<{ code: number | null; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stderr })),
  );
  const deadline = Date.now() + 60_000;
  while (!existsSync(lockOf(out))) {
    if (Date.now() > deadline) throw new Error(`no lock appeared: ${stderr}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  child.kill('SIGSTOP');
  return { child, done };
}

test('two concurrent runs into one folder: the second exits 2 naming the first, the first completes', async () => {
  const out = path.join(work.dir, 'shared');
  const first = await startAndFreeze(out);
  const second = runSync(out, '--copies', '40');
  first.child.kill('SIGCONT');
  assert.equal(second.status, 2, second.stderr);
  const lines = second.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, second.stderr);
  assert.match(
    lines[0],
    new RegExp(`output folder .*shared is in use by dataset-lens pid ${first.child.pid} \\(started \\d{4}-`),
  );
  const result = await first.done;
  assert.equal(result.code, 0, result.stderr);
  const manifest = JSON.parse(readFileSync(path.join(out, MANIFEST_FILE), 'utf8'));
  assert.equal(manifest.outputs.length, IMAGES * 40, 'the first run wrote and listed every output');
  assert.ok(!existsSync(lockOf(out)), 'released on exit');
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  test(`${signal} releases the lock; the next run resumes`, async () => {
    const out = path.join(work.dir, `stopped-${signal}`);
    const run = await startAndFreeze(out);
    run.child.kill(signal);
    run.child.kill('SIGCONT');
    const result = await run.done;
    assert.equal(result.code, { SIGINT: 130, SIGTERM: 143 }[signal], result.stderr);
    assert.ok(!existsSync(lockOf(out)), 'lock removed');
    const again = runSync(out, '--copies', '40');
    assert.equal(again.status, 0, again.stderr);
  });
}

test("a dead run's lock on this host is taken over with a warning; another host's is refused", () => {
  const out = path.join(work.dir, 'stale');
  mkdirSync(path.dirname(lockOf(out)), { recursive: true });
  const dead = spawnSync(process.execPath, ['-e', 'process.pid']).pid!;
  writeFileSync(
    lockOf(out),
    JSON.stringify({ pid: dead, host: hostname(), started: '2020-01-01T00:00:00Z' }),
  );
  const taken = runSync(out);
  assert.equal(taken.status, 0, taken.stderr);
  assert.match(
    taken.stderr,
    new RegExp(`warning: took over .*stale from dataset-lens pid ${dead} \\(started 2020`),
  );
  assert.ok(!existsSync(lockOf(out)));

  const far = path.join(work.dir, 'far');
  mkdirSync(path.dirname(lockOf(far)), { recursive: true });
  writeFileSync(
    lockOf(far),
    JSON.stringify({ pid: dead, host: 'elsewhere.example', started: '2020-01-01T00:00:00Z' }),
  );
  const refused = runSync(far);
  assert.equal(refused.status, 2, refused.stderr);
  assert.match(
    refused.stderr,
    /in use by dataset-lens pid \d+ on elsewhere\.example .*delete .*augment\.lock/,
  );
});

test('in one process: a second export into a folder being written is refused, and nothing is left locked', async () => {
  const out = path.join(work.dir, 'in-process');
  const pipeline = validatePipeline({ version: 1, transforms: [{ name: 'flipHorizontal' }] });
  // Long enough to be still writing when the second has listed the source (small outputs are written fast).
  const first = exportAugmented(src, pipeline, { out, workers: 0, copies: 20 });
  // The second run must start while the first holds the lock, not merely after the first was called.
  let firstSettled = false;
  first.then(
    () => (firstSettled = true),
    () => (firstSettled = true),
  );
  while (!existsSync(lockOf(out)) && !firstSettled) await new Promise((r) => setImmediate(r));
  assert.ok(!firstSettled, 'the first export finished before its lock was seen');
  const results = await Promise.allSettled([
    first,
    exportAugmented(src, pipeline, { out, workers: 0, copies: 20 }),
  ]);
  assert.equal(results[0].status, 'fulfilled');
  assert.equal(results[1].status, 'rejected');
  assert.match(String((results[1] as PromiseRejectedResult).reason), /is in use by dataset-lens pid/);
  assert.ok(!existsSync(lockOf(out)));
  await assert.rejects(exportAugmented(src, pipeline, { out, workers: 0, copies: 2 }), /different copies/);
  assert.ok(!existsSync(lockOf(out)), 'released after a refusal too');
});
