import assert from 'node:assert/strict';
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { ToEngine } from '../../src/extension/jobs/engineProtocol';
import { createRng, randomImage, tempDir, writePng } from './helpers/images';
import { processesWith } from './helpers/processEnvironment';

/**
 * SIGTERM and SIGHUP (kill, a closed terminal or SSH session) stop the CLI and the extension's engine process as
 * Ctrl-C does: workers stopped, the cache's temporary file removed, exit 128 + the signal's number.
 */
const repo = path.resolve(__dirname, '..', '..');
const cli = path.join(repo, 'dist', 'cli.js');
const tmp = tempDir();
const root = path.join(tmp.dir, 'ds');

before(async () => {
  const rng = createRng(9);
  // Enough work for one worker that the run is still going when the signal comes.
  for (let i = 0; i < 1000; i++)
    await writePng(path.join(root, i % 2 ? 'a' : 'b', `${i}.png`), randomImage(rng, 16, 16, 3));
});
after(() => tmp.cleanup());

let runs = 0;
/** A fresh cache folder (so the run decodes) and an environment marker that its processes inherit. */
function freshRun() {
  runs++;
  const cacheHome = path.join(tmp.dir, `cache-home-${runs}`);
  const marker = `${process.pid}-${runs}-${Date.now()}`;
  return {
    cacheDir: path.join(cacheHome, 'dataset-lens'),
    marker,
    env: { ...process.env, XDG_CACHE_HOME: cacheHome, DATASET_LENS_TEST_RUN: marker },
  };
}

const temps = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.tmp')) : []);

/** Waits until the run has its cache's temporary file open: under way, past start-up. */
async function underWay(cacheDir: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60000;
  while (temps(cacheDir).length === 0) {
    assert.ok(child.exitCode === null, `the run ended (${child.exitCode}) before it could be stopped`);
    assert.ok(Date.now() < deadline, 'no cache temporary file within 60 s');
    await new Promise((r) => setTimeout(r, 10));
  }
}

function exited(child: ChildProcess): Promise<{ code: number | null; stderr: string }> {
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stderr })));
}

/** Processes still carrying the marker in their environment (workers inherit it): orphans. */
const orphans = (marker: string) => processesWith('DATASET_LENS_TEST_RUN', marker);

for (const [signal, code] of [
  ['SIGTERM', 143],
  ['SIGHUP', 129],
] as const) {
  test(`the CLI stopped by ${signal} cleans up like Ctrl-C and exits ${code}`, async () => {
    const { cacheDir, marker, env } = freshRun();
    const child = spawn(process.execPath, [cli, 'analyze', root, '--workers', '1', '--json'], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env,
    });
    const done = exited(child);
    await underWay(cacheDir, child);
    child.kill(signal);
    const result = await done;
    assert.equal(result.code, code, result.stderr);
    assert.equal(result.stderr, `dataset-lens: cancelled (${signal})\n`);
    assert.deepEqual(temps(cacheDir), [], 'no temporary file left');
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(orphans(marker), [], 'no worker left');
  });
}

/** The engine process as the extension starts it (engineClient.ts), running one analysis. */
function engine(env: NodeJS.ProcessEnv, cacheDir: string): ChildProcess {
  const child = fork(path.join(repo, 'src', 'extension', 'jobs', 'engineProcess.ts'), [], {
    execArgv: ['--import', 'tsx'],
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    env,
  });
  child.send({ type: 'analyze', id: 1, root, options: { workers: 1, cacheDir } } satisfies ToEngine);
  return child;
}

test('the engine process stopped by SIGTERM cleans up like a cancel and exits 143', async () => {
  const { cacheDir, marker, env } = freshRun();
  const child = engine(env, cacheDir);
  const done = exited(child);
  await underWay(cacheDir, child);
  child.kill('SIGTERM');
  const result = await done;
  assert.equal(result.code, 143, result.stderr);
  assert.deepEqual(temps(cacheDir), []);
  await new Promise((r) => setTimeout(r, 300));
  assert.deepEqual(orphans(marker), []);
});

test('the engine process whose host goes away (disconnect) cleans up before it exits', async () => {
  const { cacheDir, marker, env } = freshRun();
  const child = engine(env, cacheDir);
  const done = exited(child);
  await underWay(cacheDir, child);
  child.disconnect();
  const result = await done;
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(temps(cacheDir), []);
  await new Promise((r) => setTimeout(r, 300));
  assert.deepEqual(orphans(marker), []);
});
