import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { analysisSection, type RunContext } from '../bench/analyze/analysisReport';
import type { AnalysisSet } from '../bench/analyze/analysisSets';
import type { SetResult, ToolSummary } from '../bench/analyze/runSet';
import { augmentSection } from '../bench/augment/augmentReport';
import { updateBenchSection } from '../bench/report/benchSection';
import { historyRows } from './helpers/benchHistory';

function tool(name: string, ours: boolean, imagesPerS: number): ToolSummary {
  return {
    tool: name,
    ours,
    command: name,
    images: 1000,
    wallMsRuns: [],
    wallMs: (1000 / imagesPerS) * 1000,
    selfMs: 0,
    imagesPerS,
    cpuS: 1,
    peakRssMb: 200,
    peakPssMb: 100,
    processes: 3,
    monitorShare: 0.01,
    otherLoadRuns: [],
    otherLoad: 0.01,
    retries: 0,
  };
}

test('the committed BENCHMARKS.md has the history tables the benches append to (same headings and columns)', () => {
  const doc = readFileSync(path.join(__dirname, '..', '..', 'BENCHMARKS.md'), 'utf8');
  const context: RunContext = {
    date: new Date('2026-12-05T12:00:00Z'),
    commit: 'abc1234',
    reps: 3,
    cores: 2,
    node: 'v20',
    sharp: '0.35',
    loadAverageAtStart: 0.1,
    peerProblem: undefined,
  };
  const set = (label: string): AnalysisSet => ({
    name: 'x',
    label,
    lossless: false,
    prepare: async () => '',
  });
  const tools = [
    tool('dataset-lens', true, 1500),
    tool('dataset-lens first run', true, 1200),
    tool('dataset-lens warm cache', true, 50000),
    tool('peer cv2 x2', false, 2000),
    tool('peer cv2 x2 +quality', false, 1000),
  ];
  const results: SetResult[] = ['50,000 28x28 grey PNGs', '2,000 JPEG photos 256–640 px'].map((label) => ({
    set: set(label),
    dir: '',
    tools,
    check: null,
  }));
  const out = updateBenchSection(doc, analysisSection(context, results));
  const tiny = historyRows(out, '50,000 28x28 grey PNGs');
  assert.equal(tiny.length, 17, 'run 17 appended to the 16 recorded runs, in the same table');
  assert.deepEqual(tiny[16].slice(0, 9), [
    '17',
    '2026-12-05',
    'abc1234',
    '0.01',
    '1,500/s (0.67 s)',
    '2,000/s',
    '1,000/s',
    '**0.75x**',
    '**1.50x**',
  ]);
  assert.equal(historyRows(out, '2,000 JPEG photos 256–640 px').length, 17);

  const augment = augmentSection({
    date: context.date,
    commit: 'abc1234',
    loadAverageAtStart: 3,
    count: 300,
    copies: 2,
    reps: 3,
    ours: { written: 600, seconds: 5, wall: 6 },
    peer: { written: 600, seconds: 4, wall: 5 },
    peerProblem: undefined,
    previewMs: [500, 150],
    previewWarmMedianMs: 150,
  });
  const rows = historyRows(updateBenchSection(doc, augment), "300 JPEGs 256x256, 2 copies, the peer's chain");
  assert.equal(rows.length, 7);
  assert.deepEqual(rows[6], [
    '7',
    '2026-12-05',
    'abc1234',
    '3.00',
    '120',
    '150',
    '**0.80x**',
    '150',
    '500',
    'under load',
  ]);
});
