import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { ownedTempName, parseOwnedTempName, removeDeadOwnersTemps } from '../../src/core/cache/ownedTemp';
import { analyzeDataset } from '../../src/core/engine/analyzeDataset';
import { createRng, randomImage, tempDir, writePng } from './helpers/images';

const tmp = tempDir();
const root = path.join(tmp.dir, 'ds');
const children: ChildProcess[] = [];

before(async () => {
  const rng = createRng(7);
  // More than one frame of 512 records: a killed run has written frames into its temporary file.
  for (let i = 0; i < 600; i++)
    await writePng(path.join(root, i % 2 ? 'a' : 'b', `${i}.png`), randomImage(rng, 3, 3, 1));
});
after(() => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  tmp.cleanup();
});

const temps = (dir: string) => readdirSync(dir).filter((name) => name.endsWith('.tmp'));

/** A run in a child process, blocked mid-write (see helpers/blockedCacheRun.ts). */
async function blockedRun(cacheDir: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(__dirname, 'helpers', 'blockedCacheRun.ts'), root, cacheDir, '520'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('writing') && resolve());
    child.once('exit', (code) => reject(new Error(`the child run ended (${code}) before blocking`)));
  });
  return child;
}

const killed = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });

/** A pid that no process has: one of a process that has exited. */
function deadPid(): number {
  const pid = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  }).stdout;
  return Number(pid);
}

test('the temporary file of a run killed with SIGKILL is removed by the next run, never that of a live run', async () => {
  const cacheDir = path.join(tmp.dir, 'cache');
  const [dead, alive] = [await blockedRun(cacheDir), await blockedRun(cacheDir)];
  const tempsOf = (child: ChildProcess) => temps(cacheDir).filter((name) => name.includes(`.${child.pid}.`));
  assert.equal(tempsOf(dead).length, 1, 'each run writes its cache under a temporary name');
  assert.equal(tempsOf(alive).length, 1);
  await killed(dead);

  const report = await analyzeDataset(root, { workers: 0, cacheDir });
  assert.equal(report.images, 600);
  assert.deepEqual(tempsOf(dead), [], "the dead run's temporary file is gone");
  assert.equal(tempsOf(alive).length, 1, "the live run's is kept");
  // An unchanged folder is answered from the run summary, writing nothing: the dead run's file goes all the same.
  await killed(alive);
  await analyzeDataset(root, { workers: 0, cacheDir });
  assert.deepEqual(temps(cacheDir), []);
});

test('temporary files of other hosts, of live processes and of other targets are left alone', () => {
  const dir = path.join(tmp.dir, 'mixed');
  mkdirSync(dir);
  const pid = deadPid();
  const target = path.join(dir, 'part.dlp');
  const names = {
    deadHere: ownedTempName(target, { host: hostname(), pid }),
    deadElsewhere: ownedTempName(target, { host: 'node-07.cluster.example', pid }),
    liveHere: ownedTempName(target, { host: hostname(), pid: process.pid }),
    otherTarget: ownedTempName(path.join(dir, 'other.dlp'), { host: hostname(), pid }),
    notOurs: path.join(dir, 'part.dlp.backup.tmp'),
  };
  for (const file of Object.values(names)) writeFileSync(file, 'x');
  assert.deepEqual(parseOwnedTempName(path.basename(names.deadElsewhere)), {
    target: 'part.dlp',
    owner: { host: 'node-07.cluster.example', pid },
  });

  assert.deepEqual(removeDeadOwnersTemps(dir, 'part.dlp'), [path.basename(names.deadHere)]);
  const left = readdirSync(dir).sort();
  assert.deepEqual(
    left,
    [names.deadElsewhere, names.liveHere, names.otherTarget, names.notOurs]
      .map((f) => path.basename(f))
      .sort(),
  );
  // Without a target (the cache folder, which is ours): every dead owner's file of this host.
  assert.deepEqual(removeDeadOwnersTemps(dir), [path.basename(names.otherTarget)]);
});

test('a shard run removes what a killed run left for the same partial, and nothing else in that folder', async () => {
  const dir = path.join(tmp.dir, 'parts');
  mkdirSync(dir);
  const out = path.join(dir, 'part1.dlp');
  const pid = deadPid();
  const stale = ownedTempName(out, { host: hostname(), pid });
  const otherPart = ownedTempName(path.join(dir, 'part2.dlp'), { host: hostname(), pid });
  writeFileSync(stale, 'left by a killed shard run');
  writeFileSync(otherPart, 'not this run’s business');
  await analyzeDataset(root, { workers: 0, shard: { index: 0, count: 2 }, shardPartOut: out });
  assert.deepEqual(readdirSync(dir).sort(), ['part1.dlp', path.basename(otherPart)].sort());
});
