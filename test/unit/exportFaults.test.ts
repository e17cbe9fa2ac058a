import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import sharp from 'sharp';
import { createRng, randomImage, tempDir, writePng } from './helpers/images';
import { processesWith } from './helpers/processEnvironment';

const repo = path.resolve(__dirname, '..', '..');
const cli = path.join(repo, 'dist', 'cli.js');
const tmp = tempDir('dataset-lens-faults-');
const source = path.join(tmp.dir, 'source');
const pipelineFile = path.join(tmp.dir, 'p.json');

/** sha256 of every file under `dir` (relative path → hash), hidden bookkeeping included or not. */
function hashes(dir: string, withHidden = false): Map<string, string> {
  const out = new Map<string, string>();
  if (!existsSync(dir)) return out;
  const walk = (rel: string) => {
    for (const name of readdirSync(path.join(dir, rel))) {
      if (!withHidden && name.startsWith('.')) continue;
      const child = path.join(rel, name);
      if (statSync(path.join(dir, child)).isDirectory()) walk(child);
      else
        out.set(
          child,
          createHash('sha256')
            .update(readFileSync(path.join(dir, child)))
            .digest('hex'),
        );
    }
  };
  walk('');
  return out;
}

function augment(out: string, detached = false) {
  return spawn(
    process.execPath,
    [cli, 'augment', source, '--pipeline', pipelineFile, '--out', out, '--copies', '3', '--json'],
    {
      detached,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
}

function finished(child: ReturnType<typeof spawn>): Promise<{ code: number | null; stderr: string }> {
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  child.stdout!.resume();
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stderr })));
}

before(async () => {
  const rng = createRng(61);
  for (let i = 0; i < 40; i++)
    await writePng(path.join(source, i % 2 ? 'a' : 'b', `${i}.png`), randomImage(rng, 48, 40, 3));
  mkdirSync(path.join(source, 'a'), { recursive: true });
  await sharp({ create: { width: 64, height: 64, channels: 3, background: '#3a6' } })
    .jpeg()
    .toFile(path.join(source, 'a', 'photo.jpg'));
  writeFileSync(
    pipelineFile,
    JSON.stringify({
      version: 1,
      seed: 7,
      transforms: [
        { name: 'rotate', degrees: [-20, 20], fill: 'reflect' },
        { name: 'flipHorizontal', p: 0.5 },
        { name: 'brightness', delta: [-0.2, 0.2] },
      ],
    }),
  );
});
after(() => tmp.cleanup());

test('SIGKILL at random points, 10 times: no partial file at a final name, resumed output equals an uninterrupted run, sources untouched', async () => {
  const sourceBefore = hashes(source, true);
  const reference = path.join(tmp.dir, 'reference');
  const ref = await finished(augment(reference));
  assert.equal(ref.code, 0, ref.stderr);
  const expected = hashes(reference);

  const out = path.join(tmp.dir, 'killed');
  const rng = createRng(62);
  for (let k = 0; k < 10; k++) {
    const child = augment(out, true);
    const exited = finished(child);
    await new Promise((r) => setTimeout(r, rng.int(20, 600)));
    try {
      process.kill(-child.pid!, 'SIGKILL'); // the CLI and its export workers
    } catch {
      // already finished
    }
    await exited;
    // Every file visible at a final name must be whole: it decodes completely.
    for (const file of hashes(out).keys()) {
      if (file.endsWith('.json') || file.endsWith('.csv')) continue;
      await assert.doesNotReject(
        sharp(path.join(out, file), { failOn: 'truncated' }).raw().toBuffer(),
        `${file} after kill ${k}`,
      );
    }
  }
  const last = await finished(augment(out));
  assert.equal(last.code, 0, last.stderr);
  assert.deepEqual(hashes(out), expected);
  assert.deepEqual(hashes(source, true), sourceBefore);
  const leftovers = [...hashes(out, true).keys()].filter((f) => f.endsWith('.partial'));
  assert.deepEqual(leftovers, []);
});

test('Ctrl-C cancels with exit 130, leaving no worker process and no temporary file', async () => {
  const out = path.join(tmp.dir, 'cancelled');
  const marker = `${process.pid}-${Date.now()}`;
  const child = spawn(
    process.execPath,
    [cli, 'augment', source, '--pipeline', pipelineFile, '--out', out, '--copies', '3'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, DATASET_LENS_TEST_RUN: marker },
    },
  );
  const exited = finished(child);
  // Interrupt once the export is under way (its state folder exists), not while Node is still starting.
  const deadline = Date.now() + 20000;
  while (!existsSync(path.join(out, '.dataset-lens')) && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 20));
  child.kill('SIGINT');
  const { code, stderr } = await exited;
  assert.ok(code === 130 || code === 0, `exit ${code}: ${stderr}`);
  await new Promise((r) => setTimeout(r, 300));
  // Workers inherit the environment: any process still carrying the marker is an orphan.
  assert.deepEqual(processesWith('DATASET_LENS_TEST_RUN', marker), []);
  const partials = [...hashes(out, true).keys()].filter((f) => f.endsWith('.partial'));
  assert.deepEqual(partials, []);
});

test('a full or read-only output file system is one clear error, not a crash', async (t) => {
  if (process.getuid?.() !== 0) {
    t.skip('needs root to mount small and read-only tmpfs file systems');
    return;
  }
  const full = path.join(tmp.dir, 'full');
  const readOnly = path.join(tmp.dir, 'ro');
  mkdirSync(full);
  mkdirSync(readOnly);
  if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=48k', 'tmpfs', full]).status !== 0) {
    t.skip('mount is not permitted here');
    return;
  }
  try {
    assert.equal(spawnSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=64k', 'tmpfs', readOnly]).status, 0);
    const onFull = await finished(augment(path.join(full, 'out')));
    assert.equal(onFull.code, 2, onFull.stderr);
    assert.match(onFull.stderr, /Cannot write the export to .*full\/out: ENOSPC/);
    const onReadOnly = await finished(augment(path.join(readOnly, 'out')));
    assert.equal(onReadOnly.code, 2, onReadOnly.stderr);
    assert.match(onReadOnly.stderr, /Cannot write the export to .*ro\/out: EROFS/);
  } finally {
    spawnSync('umount', [full]);
    spawnSync('umount', [readOnly]);
  }
});
