import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { DatasetReport } from '../../src/core/engine/report';
import type { LabelSafetyReport } from '../../src/core/probe/probeTypes';
import { formatLabelSafety } from '../../src/cli/formatLabelSafety';
import { tempDir } from './helpers/images';
import { DIGIT_GLYPHS, writeGlyphDataset } from './helpers/probeData';

const repo = path.resolve(__dirname, '..', '..');
const cli = path.join(repo, 'dist', 'cli.js');
const temp = tempDir('dataset-lens-probe-cli-');
const digits = path.join(temp.dir, 'digits');
const pipelineFile = path.join(temp.dir, 'digits.pipeline.json');
after(() => temp.cleanup());

before(async () => {
  await writeGlyphDataset(digits, DIGIT_GLYPHS, 40, 11);
  writeFileSync(
    pipelineFile,
    JSON.stringify({
      version: 1,
      seed: 3,
      transforms: [
        { name: 'rotate', degrees: [180, 180] },
        { name: 'brightness', delta: [-0.1, 0.1] },
      ],
    }),
  );
});

function run(...args: string[]) {
  return spawnSync(process.execPath, [cli, ...args], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, XDG_CACHE_HOME: path.join(temp.dir, 'cache') },
  });
}

test('probe --json: one JSON document, the 180° turn breaks 6 <-> 9, brightness is safe', () => {
  const result = run('probe', digits, '--pipeline', pipelineFile, '--json');
  assert.equal(result.status, 0, result.stderr);
  const report = JSON.parse(result.stdout) as LabelSafetyReport;
  for (const key of ['cleanAccuracy', 'judgeable', 'backend', 'sample', 'thresholds', 'transforms', 'rules'])
    assert.ok(key in report, key);
  assert.ok(report.judgeable);
  const [turn, bright] = report.transforms;
  assert.deepEqual(Object.keys(turn).slice(0, 4), ['index', 'name', 'p', 'verdict']);
  assert.equal(turn.verdict, 'breaks');
  assert.ok(turn.pairs.some((p) => p.from === '6' && p.to === '9' && p.rate >= 0.5));
  assert.equal(bright.verdict, 'safe');
  // The same JSON reads as a table.
  const text = formatLabelSafety(report);
  assert.match(text, /│ 0 │ rotate +│ BREAKS/);
  assert.match(text, /Why:\n {2}\[0\] rotate: measured/);
});

test('probe without --json prints the table; bad arguments exit 2 with a message', () => {
  const result = run('probe', digits, '--pipeline', pipelineFile, '--sample', '30', '--seed', '1');
  assert.equal(result.status, 0, result.stderr);
  assert.match(
    result.stdout,
    /Label safety \(measured on \d+ train \/ \d+ held-out images, 5 classes, grey, seed 1/,
  );
  const bad = run('probe', digits, '--pipeline', pipelineFile, '--thresholds', 'pairRate=2');
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /Expected a number between 0 and 1 for pairRate but received 2/);
  const unknown = run('probe', digits, '--pipeline', pipelineFile, '--thresholds', 'sinkrate=0.2');
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /Unknown probe threshold "sinkrate"\. Did you mean "sinkRate"\?/);
  assert.equal(run('probe', digits).status, 2, '--pipeline is required');
  const missing = run('probe', path.join(temp.dir, 'nope'), '--pipeline', pipelineFile);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /Dataset folder not found/);
});

test('analyze --pipeline adds rule-based labelSafety without a model, --probe measures, and needs --pipeline', () => {
  const result = run('analyze', digits, '--pipeline', pipelineFile, '--json', '--workers', '0');
  assert.equal(result.status, 0, result.stderr);
  const report = JSON.parse(result.stdout) as DatasetReport;
  const safety = report.labelSafety!;
  assert.equal(safety.mode, 'rules');
  assert.equal(safety.backend, null);
  assert.equal(safety.look?.greyFraction, 1);
  assert.equal(safety.transforms[0].verdict, 'breaks');
  assert.equal(safety.transforms[0].measuredVerdict, null);
  assert.deepEqual(safety.rules[0].pairs, [
    ['6', '9'],
    ['9', '6'],
  ]);
  assert.equal(safety.transforms[1].verdict, 'safe');
  // --probe measures after the analysis: the table then says so.
  const probed = run('analyze', digits, '--pipeline', pipelineFile, '--probe', '--workers', '0');
  assert.equal(probed.status, 0, probed.stderr);
  assert.match(probed.stdout, /Classes[\s\S]*Label safety \(measured on \d+ train/);
  assert.match(probed.stdout, /│ 0 │ rotate +│ BREAKS +│ breaks/);
  const lonely = run('analyze', digits, '--probe');
  assert.equal(lonely.status, 2);
  assert.match(lonely.stderr, /--probe needs --pipeline/);
});
