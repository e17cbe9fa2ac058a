import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import { after, test } from 'node:test';
import type { DatasetReport } from '../../src/core/engine/report';
import { tempDir } from './helpers/images';

const repo = path.resolve(__dirname, '..', '..');
const cli = path.join(repo, 'dist', 'cli.js');
const sample = path.join(repo, 'media', 'sample');
const python = '/usr/bin/python3';

// The CLI caches per-image records in the user cache folder: keep the tests' out of the real one.
const cacheHome = tempDir('dataset-lens-cli-cache-');
after(() => cacheHome.cleanup());

function run(...args: string[]) {
  return spawnSync(process.execPath, [cli, ...args], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, XDG_CACHE_HOME: cacheHome.dir },
  });
}

test('the CLI bundle exists (npm test builds it first)', () => {
  assert.ok(existsSync(cli), `${cli} missing: run npm run build`);
});

test('a reader that closes the pipe early (| head) ends the CLI quietly, not with a stack trace', async () => {
  for (const json of [['--json'], []]) {
    const child = spawn(process.execPath, [cli, 'analyze', sample, '--no-cache', ...json], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Gone before the report is written: its first write meets a closed pipe.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const status = await new Promise((resolve) => child.on('close', resolve));
    assert.equal(status, 0, stderr);
    assert.doesNotMatch(stderr, /EPIPE|Unhandled|at /);
  }
});

test('analyze --json prints exactly one JSON document with the contracted fields', () => {
  const result = run('analyze', sample, '--json');
  assert.equal(result.status, 0, result.stderr);
  const report = JSON.parse(result.stdout);
  assert.equal(result.stdout.trimEnd().split('\n').length, 1, 'piped: compact, one line');
  for (const key of ['images', 'files', 'classes', 'splits', 'stats', 'imbalance', 'issues'])
    assert.ok(key in report, key);
  assert.equal(report.schemaVersion, 1);
  assert.ok(report.images > 200 && report.images < report.files, 'the sample has good and bad files');
  for (const c of report.classes) assert.deepEqual(Object.keys(c), ['name', 'index', 'count']);
  assert.deepEqual(
    report.classes.map((c: { index: number }) => c.index),
    report.classes.map((_: unknown, i: number) => i),
  );
  assert.ok(report.splits.length >= 2);
  for (const key of ['channels', 'mean', 'std', 'min', 'max', 'histogram'])
    assert.ok(key in report.stats, `stats.${key}`);
  assert.equal(report.stats.histogram.length, report.stats.channels);
  assert.ok(report.imbalance.ratio > 1);
  assert.deepEqual(
    Object.keys(report.imbalance.classWeights).sort(),
    report.classes.map((c: { name: string }) => c.name).sort(),
  );
  assert.ok(report.issues.length >= 3);
  for (const issue of report.issues)
    assert.deepEqual(Object.keys(issue).slice(0, 3), ['file', 'kind', 'message']);
  const kinds = new Set(report.issues.map((i: { kind: string }) => i.kind));
  for (const kind of ['corrupt', 'unsupported', 'exact_duplicate', 'leakage'])
    assert.ok(kinds.has(kind), `sample has ${kind}`);
});

test('the sample statistics equal an independent PIL + numpy computation to 1e-9', (t) => {
  const probe = spawnSync(python, ['-c', 'import numpy, PIL'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    t.skip('needs Debian python3-numpy and python3-pil (.ci/run installs them)');
    return;
  }
  const ours = JSON.parse(run('analyze', sample, '--json').stdout);
  const reference = spawnSync(python, [path.join(repo, 'test', 'reference', 'pil_numpy_stats.py'), sample], {
    encoding: 'utf8',
  });
  assert.equal(reference.status, 0, reference.stderr);
  const expected = JSON.parse(reference.stdout);
  assert.equal(ours.images, expected.images);
  assert.equal(ours.stats.channels, expected.channels);
  for (let c = 0; c < expected.channels; c++) {
    assert.ok(
      Math.abs(ours.stats.mean[c] - expected.mean[c]) < 1e-9,
      `mean[${c}]: ${ours.stats.mean[c]} vs ${expected.mean[c]}`,
    );
    assert.ok(
      Math.abs(ours.stats.std[c] - expected.std[c]) < 1e-9,
      `std[${c}]: ${ours.stats.std[c]} vs ${expected.std[c]}`,
    );
    assert.deepEqual(ours.stats.histogram[c], expected.histogram[c]);
  }
});

test('analyze without --json prints a readable summary', () => {
  const result = run('analyze', sample);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /Classes/);
  assert.match(result.stdout, /std \(featurewise\)/);
  const json = JSON.parse(run('analyze', sample, '--json').stdout) as DatasetReport;
  const side = json.properties.shape!.recommended.side;
  assert.match(result.stdout, new RegExp(`recommended input size ${side}x${side} \\(median shorter side`));
  assert.ok(!result.stdout.includes(String.fromCharCode(27)), 'no colour codes when piped');
});

test('exit code 2 with a clear message for a missing folder or a bad argument', () => {
  const missing = run('analyze', path.join(repo, 'no-such-folder'), '--json');
  assert.equal(missing.status, 2);
  assert.equal(missing.stdout, '');
  assert.match(missing.stderr, /Dataset folder not found/);
  const bad = run('analyze', sample, '--sample', 'many');
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /Expected an integer >= 1 for --sample but received "many"/);
  assert.equal(run('frobnicate').status, 2);
});

test('analyze --content where the model files are missing: exit code 2 and where they were looked for', () => {
  // The CLI's bundles alone (and the worker bundle its entry forks), outside the repository: no dist/models beside
  // them, no nsfwjs package on their path.
  const alone = tempDir('dataset-lens-cli-alone-');
  try {
    const copy = path.join(alone.dir, 'cli.js');
    for (const bundle of ['cli.js', 'cli-main.js', 'worker.js'])
      copyFileSync(path.join(path.dirname(cli), bundle), path.join(alone.dir, bundle));
    const result = spawnSync(
      process.execPath,
      [copy, 'analyze', sample, '--content', '--no-cache', '--json'],
      {
        encoding: 'utf8',
      },
    );
    assert.equal(result.status, 2);
    assert.equal(result.stdout, '');
    assert.equal(
      result.stderr.trim(),
      `dataset-lens: Content analysis cannot run: the embedding model's files are missing: not in ${path.join(alone.dir, 'models', 'mobilenet_v2_mid')} (where the build puts them), and the npm package nsfwjs is not installed. Reinstall Dataset Lens to restore them (from source: npm run build); the pixel checks run without them.`,
    );
  } finally {
    alone.cleanup();
  }
});

test('--quality changes thresholds, --shard/--out and merge reproduce the single run', () => {
  const strict = JSON.parse(run('analyze', sample, '--json', '--quality', 'blurry=0.9,dark=0.5').stdout);
  assert.equal(strict.quality.thresholds.blurry, 0.9);
  const normal = JSON.parse(run('analyze', sample, '--json').stdout);
  assert.ok(strict.quality.counts.blurry > normal.quality.counts.blurry);
  const badThreshold = run('analyze', sample, '--quality', 'dark=7');
  assert.equal(badThreshold.status, 2);
  assert.match(badThreshold.stderr, /Expected a number between 0 and 1 for quality.dark but received 7/);

  const parts = [1, 2].map((i) => path.join(cacheHome.dir, `part${i}.dlp`));
  for (const [k, out] of parts.entries())
    assert.equal(run('analyze', sample, '--shard', `${k + 1}/2`, '--out', out, '--no-cache').status, 0);
  const merged = JSON.parse(run('merge', ...parts, '--json').stdout);
  assert.deepEqual({ ...merged, durationMs: 0 }, { ...normal, durationMs: 0, warnings: normal.warnings });
  assert.equal(run('analyze', sample, '--shard', '1/2').status, 2, '--shard without --out');
});

test('help of every command that reads a dataset says it takes a folder, a container or a shard pattern', () => {
  for (const command of ['analyze', 'check', 'probe', 'preview', 'augment']) {
    const help = run(command, '--help');
    assert.equal(help.status, 0, help.stderr);
    assert.match(help.stdout, new RegExp(`Usage: dataset-lens ${command} \\[options\\] <source>`), command);
    assert.doesNotMatch(help.stdout, /\] <dir>/, command);
    assert.match(help.stdout, /\.parquet/, command);
    assert.match(help.stdout, /idx/, command);
    assert.match(help.stdout, /--class-names/, command);
  }
});
