import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { augmentSection, type AugmentResult } from '../bench/augment/augmentReport';
import type { ExportComparison } from '../bench/augment/exportCompare';
import { parseAugmentArgs } from '../bench/augmentBench';
import { BenchUsageError } from '../bench/paths';
import { updateBenchSection } from '../bench/report/benchSection';
import { historyRows } from './helpers/benchHistory';

test('bench:augment --source compares the export on each real folder; the generated set stays the default', () => {
  const a = mkdtempSync(path.join(os.tmpdir(), 'bench-aug-'));
  const b = mkdtempSync(path.join(os.tmpdir(), 'bench-aug-'));
  const options = parseAugmentArgs(['--source', a, '--source', b, '--no-preview']);
  assert.deepEqual(options.sources, [a, b]);
  assert.equal(options.preview, false);
  const defaults = parseAugmentArgs([]);
  assert.deepEqual(defaults.sources, []);
  assert.equal(defaults.preview, true);
  assert.throws(() => parseAugmentArgs(['--source', '/no/such/folder']), BenchUsageError);
  assert.throws(() => parseAugmentArgs(['--source']), BenchUsageError);
});

function comparison(root: string, sources: number, oursCpuS: number, peerCpuS: number): ExportComparison {
  return {
    set: { root, label: `real data: ${root}`, generated: false },
    sources,
    ours: { written: sources * 2, seconds: 10, wall: 11, cpuS: oursCpuS, otherLoad: 0.5 },
    peer: { written: sources * 2, seconds: 20, wall: 21, cpuS: peerCpuS, otherLoad: 0.4 },
  };
}

test('real-data export runs get a history table each, with CPU per image; earlier tables keep every row', () => {
  const doc = readFileSync(path.join(__dirname, '..', '..', 'BENCHMARKS.md'), 'utf8');
  const result: AugmentResult = {
    date: new Date('2026-12-06T13:00:00Z'),
    commit: 'abc1234',
    loadAverageAtStart: 4,
    otherLoad: 0.45,
    count: 300,
    copies: 2,
    reps: 2,
    exports: [comparison('/data/photos', 2000, 40, 60), comparison('/data/digits', 1797, 7.188, 14.376)],
    peerProblem: undefined,
    stepCosts: [],
    preview: [],
  };
  const section = augmentSection(result);
  const once = updateBenchSection(doc, section);
  const twice = updateBenchSection(once, { ...section, history: section.history });
  const generated = "300 JPEGs 256x256, 2 copies, the peer's chain";
  assert.deepEqual(historyRows(twice, generated), historyRows(doc, generated), 'not run: left as it was');
  const photos = historyRows(twice, "real data: /data/photos, 2 copies, the peer's chain");
  assert.equal(photos.length, 2, 'one row per run');
  // 4,000 written in 10 s against 20 s; 40 s of CPU for 4,000 images is 10 ms each, the peer's 15 ms.
  assert.deepEqual(photos[0].slice(4), [
    '2,000',
    '400',
    '200',
    '**2.00x**',
    '10.0',
    '15.0',
    '1.50x',
    'under load (other load 0.45)',
  ]);
  const digits = historyRows(twice, "real data: /data/digits, 2 copies, the peer's chain");
  assert.deepEqual(digits[1].slice(8, 11), ['2.0', '4.0', '2.00x']);
  assert.equal(Number(digits[1][0]), Number(digits[0][0]) + 1);
  assert.match(once, /Preview edits: not timed in this run/);
});

test('the step table lists every step of each chain, marks steps that did not always fire, and both totals', () => {
  const costs = (steps: [string, number, number][], oneByOneMs: number, fusedMs: number) => ({
    sampled: 10,
    steps: steps.map(([step, images, cpuMs]) => ({ step, images, cpuMs })),
    oneByOneMs,
    fusedMs,
  });
  const result: AugmentResult = {
    date: new Date('2026-12-06T13:00:00Z'),
    commit: 'abc1234',
    loadAverageAtStart: 0.1,
    otherLoad: 0,
    count: 300,
    copies: 2,
    reps: 2,
    exports: [],
    stepCosts: [
      {
        set: 'real data: /data/photos',
        chains: [
          {
            chain: 'A',
            costs: costs(
              [
                ['read + decode', 10, 4],
                ['flipHorizontal', 6, 0.5],
                ['saturation', 10, 1.25],
              ],
              3,
              2,
            ),
          },
          { chain: 'B', costs: costs([['read + decode', 10, 5]], 1, 1) },
        ],
      },
    ],
    peerProblem: undefined,
    preview: [],
  };
  const latest = augmentSection(result).latest;
  const text = typeof latest === 'function' ? latest(1) : latest;
  const row = (name: string) =>
    text
      .split('\n')
      .find((line) => line.startsWith(`| ${name} `))
      ?.split('|')
      .slice(2, -1)
      .map((cell) => cell.trim());
  assert.deepEqual(row('read + decode'), ['4.00', '5.00']);
  assert.deepEqual(row('flipHorizontal'), ['0.50 (6 fired)', '-']);
  assert.deepEqual(row('saturation'), ['1.25', '-']);
  assert.deepEqual(row('pipeline steps one by one (sum)'), ['3.00', '1.00']);
  assert.deepEqual(row('pipeline steps as export applies them'), ['2.00', '1.00']);
});
