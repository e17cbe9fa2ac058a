import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { DatasetReport } from '../../src/core/engine/report';
import type { LabelSafetyReport } from '../../src/core/probe/probeTypes';
import { formatLabelSafety } from '../../src/cli/formatLabelSafety';
import { tempDir } from './helpers/images';
import { DIGIT_GLYPHS, writeGlyphDataset, writeScatteredShapeDataset } from './helpers/probeData';

const repo = path.resolve(__dirname, '..', '..');
const cli = path.join(repo, 'dist', 'cli.js');
const temp = tempDir('dataset-lens-probe-cli-');
const digits = path.join(temp.dir, 'digits');
const pipelineFile = path.join(temp.dir, 'digits.pipeline.json');
const shapes = path.join(temp.dir, 'shapes');
after(() => temp.cleanup());

before(async () => {
  await writeGlyphDataset(digits, DIGIT_GLYPHS, 40, 11);
  await writeScatteredShapeDataset(shapes, 40, 7);
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

test('probe --json: one JSON document with the measured cost, its interval and test; 6 <-> 9 breaks', () => {
  const result = run('probe', digits, '--pipeline', pipelineFile, '--json');
  assert.equal(result.status, 0, result.stderr);
  const report = JSON.parse(result.stdout) as LabelSafetyReport;
  for (const key of [
    'cleanAccuracy',
    'judgeable',
    'backend',
    'features',
    'sample',
    'thresholds',
    'transforms',
    'rules',
  ])
    assert.ok(key in report, key);
  assert.ok(report.judgeable);
  assert.equal(report.features?.kind, 'pixels');
  const [turn, bright] = report.transforms;
  assert.deepEqual(Object.keys(turn), [
    'index',
    'name',
    'p',
    'verdict',
    'measuredVerdict',
    'ruleVerdict',
    'measured',
    'pairs',
    'overruled',
    'reasons',
  ]);
  assert.equal(turn.verdict, 'breaks');
  assert.ok(turn.pairs.some((p) => p.from === '6' && p.to === '9' && p.rate !== null && p.rate > 0));
  const cost = turn.measured!;
  assert.deepEqual(Object.keys(cost.test), ['name', 'pValue', 'worse', 'better']);
  assert.ok(cost.interval[0] <= cost.cost && cost.cost <= cost.interval[1]);
  assert.equal(bright.verdict, 'safe');
  // The same JSON reads as a table.
  const text = formatLabelSafety(report);
  assert.match(text, /│ 0 │ rotate +│ BREAKS +│ breaks +│ breaks +│ \+0\.\d{3} \(\+0\.\d{3}\.\.\+0\.\d{3}\)/);
  assert.match(text, /6↔9 \+\d+% \(both\)/);
  assert.match(text, /Why:\n {2}\[0\] rotate: measured: training with it costs/);
  assert.match(text, /Features: 24x24 grey pixels/);
});

test('probe --features content: the embedding of each (transformed) image, named in the JSON and the table', () => {
  const args = ['probe', shapes, '--pipeline', pipelineFile, '--features', 'content', '--rounds', '1'];
  const result = run(...args, '--json');
  assert.equal(result.status, 0, result.stderr);
  const report = JSON.parse(result.stdout) as LabelSafetyReport;
  assert.deepEqual(Object.keys(report.features!), ['kind', 'dim', 'detail', 'reason']);
  assert.deepEqual(
    [report.features?.kind, report.features?.dim, report.features?.reason],
    ['content', 816, 'chosen with --features content'],
  );
  assert.ok(report.judgeable, `null model ${report.cleanAccuracy}`);
  assert.equal(report.transforms.length, 2);
  for (const t of report.transforms) assert.ok(t.measured && t.measured.heldOut > 0, t.reasons.join(' | '));
  const text = run(...args);
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /Features: MobileNetV2 1\.4 embedding \(.*not mirror-averaged\)/);
});

test('probe without --json prints the table; bad arguments exit 2 with a message', () => {
  const result = run('probe', digits, '--pipeline', pipelineFile, '--sample', '30', '--seed', '1');
  assert.equal(result.status, 0, result.stderr);
  assert.match(
    result.stdout,
    /Label safety \(measured on \d+ train \/ \d+ held-out images per round, up to 3 rounds, 5 classes, grey, seed 1/,
  );
  const bad = run('probe', digits, '--pipeline', pipelineFile, '--thresholds', 'pairShare=2');
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /Expected a number between 0 and 1 for pairShare but received 2/);
  const unknown = run('probe', digits, '--pipeline', pipelineFile, '--thresholds', 'marginshare=0.2');
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /Unknown probe threshold "marginshare"\. Did you mean "marginShare"\?/);
  const features = run('probe', digits, '--pipeline', pipelineFile, '--features', 'cnn');
  assert.equal(features.status, 2);
  assert.match(features.stderr, /--features.*cnn.*auto, pixels, pooled/);
  const rounds = run('probe', digits, '--pipeline', pipelineFile, '--rounds', '0');
  assert.equal(rounds.status, 2);
  assert.match(rounds.stderr, /integer between 1 and 10 for --rounds but received "0"/);
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
  assert.deepEqual(safety.transforms[0].pairs, [
    { from: '6', to: '9', rate: null, source: 'rule' },
    { from: '9', to: '6', rate: null, source: 'rule' },
  ]);
  assert.equal(safety.transforms[1].verdict, 'safe');
  // --probe measures after the analysis: the table then says so.
  const probed = run('analyze', digits, '--pipeline', pipelineFile, '--probe', '--workers', '0');
  assert.equal(probed.status, 0, probed.stderr);
  assert.match(probed.stdout, /Classes[\s\S]*Label safety \(measured on \d+ train/);
  assert.match(probed.stdout, /│ 0 │ rotate +│ BREAKS +│ breaks/);
  const probedJson = run(
    'analyze',
    digits,
    '--pipeline',
    pipelineFile,
    '--probe',
    '--json',
    '--workers',
    '0',
  );
  const measured = (JSON.parse(probedJson.stdout) as DatasetReport).labelSafety!;
  assert.equal(measured.mode, 'probe');
  assert.ok(measured.transforms[0].measured, 'analyze --probe carries the measured cost');
  const lonely = run('analyze', digits, '--probe');
  assert.equal(lonely.status, 2);
  assert.match(lonely.stderr, /--probe needs --pipeline/);
});
