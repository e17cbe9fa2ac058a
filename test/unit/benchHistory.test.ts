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

/** A bench run's context on 2 cores: when it ran and the load average when it started. */
function runContext(isoDate: string, loadAverageAtStart: number): RunContext {
  return {
    date: new Date(isoDate),
    commit: 'abc1234',
    reps: 3,
    cores: 2,
    node: 'v20',
    sharp: '0.35',
    loadAverageAtStart,
    peerProblem: undefined,
  };
}

test('the committed BENCHMARKS.md has the history tables the benches append to (same headings and columns)', () => {
  const doc = readFileSync(path.join(__dirname, '..', '..', 'BENCHMARKS.md'), 'utf8');
  const context = runContext('2026-12-05T12:00:00Z', 0.1);
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
  // The committed tables gain one row each, numbered after the highest run there; earlier rows stay as they are.
  const tinyLabel = '50,000 28x28 grey PNGs';
  const before = historyRows(doc, tinyLabel);
  assert.ok(before.length >= 16, 'the hand-recorded runs 1-16 are in the table');
  const tiny = historyRows(out, tinyLabel);
  assert.deepEqual(tiny.slice(0, -1), before);
  assert.deepEqual(tiny[tiny.length - 1].slice(0, 9), [
    String(Number(before[before.length - 1][0]) + 1),
    '2026-12-05',
    'abc1234',
    '0.01',
    '1,500/s (0.67 s)',
    '2,000/s',
    '1,000/s',
    '**0.75x**',
    '**1.50x**',
  ]);
  const photosLabel = '2,000 JPEG photos 256–640 px';
  assert.equal(historyRows(out, photosLabel).length, historyRows(doc, photosLabel).length + 1);

  const augment = augmentSection({
    date: context.date,
    commit: 'abc1234',
    loadAverageAtStart: 3,
    otherLoad: 0.6,
    count: 300,
    copies: 2,
    reps: 3,
    exports: [
      {
        set: { root: '/g', label: '300 JPEG 256x256 sources (generated)', generated: true },
        sources: 300,
        ours: { written: 600, seconds: 5, wall: 6, cpuS: 9, otherLoad: 0 },
        peer: { written: 600, seconds: 4, wall: 5, cpuS: 8, otherLoad: 0 },
      },
    ],
    stepCosts: [],
    peerProblem: undefined,
    preview: [
      {
        kind: 'photos',
        set: 'photos10',
        rows: 10,
        firstMs: 900,
        edits: {
          last: { ms: 80, cpuMs: 70 },
          middle: { ms: 120, cpuMs: 100 },
          first: { ms: 150, cpuMs: 140 },
        },
      },
    ],
  });
  const augmentLabel = "300 JPEGs 256x256, 2 copies, the peer's chain";
  const augmentBefore = historyRows(doc, augmentLabel);
  assert.ok(augmentBefore.length >= 6, 'the hand-recorded runs 1-6 are in the table');
  const rows = historyRows(updateBenchSection(doc, augment), augmentLabel);
  assert.deepEqual(rows.slice(0, -1), augmentBefore);
  // Runs are numbered per section: a run that skipped the generated set (--source only) left no row here.
  const lastAugmentRun = Number(/bench:augment:start -->\s*### Latest: run (\d+)/.exec(doc)![1]);
  assert.deepEqual(rows[rows.length - 1], [
    String(lastAugmentRun + 1),
    '2026-12-05',
    'abc1234',
    '3.00',
    '120',
    '150',
    '**0.80x**',
    '-',
    '-',
    'under load (other load 0.60)',
  ]);
  const previewLabel = 'Preview edit, 10-class grid of 160 px cells, job process';
  const previewRows = historyRows(updateBenchSection(doc, augment), previewLabel);
  assert.deepEqual(previewRows.slice(0, -1), historyRows(doc, previewLabel));
  assert.deepEqual(previewRows[previewRows.length - 1].slice(1), [
    '2026-12-05',
    'abc1234',
    '3.00',
    'photos: photos10',
    '900',
    '150',
    '140',
    '< 300',
    'under load (other load 0.60)',
  ]);
});

test('a run is marked under load by the cores other processes used during it, not by the load average at its start', () => {
  const doc = readFileSync(path.join(__dirname, '..', '..', 'BENCHMARKS.md'), 'utf8');
  // A previous bench had just ended: the load average is high, but nothing else ran during the measured runs.
  const context = runContext('2026-12-06T12:00:00Z', 1.9);
  const label = '50,000 28x28 grey PNGs';
  const section = (otherLoad: number) =>
    analysisSection(context, [
      {
        set: { name: 'tiny', label, lossless: true, prepare: async () => '' },
        dir: '',
        tools: ['dataset-lens', 'peer cv2 x2', 'peer cv2 x2 +quality'].map((name, k) => ({
          ...tool(name, k === 0, 1000),
          otherLoad,
        })),
        check: null,
      },
    ]);
  const note = (otherLoad: number) =>
    historyRows(updateBenchSection(doc, section(otherLoad)), label)
      .pop()!
      .pop();
  const latest = (otherLoad: number) => {
    const text = section(otherLoad).latest;
    return typeof text === 'string' ? text : text(99);
  };
  assert.equal(note(0.03), '-');
  assert.ok(!latest(0.03).includes('Taken under load'));
  assert.equal(note(0.6), 'under load (other load 0.60)');
  assert.ok(latest(0.6).includes('Taken under load'));

  const augment = (otherLoad: number) =>
    augmentSection({
      date: context.date,
      commit: 'abc1234',
      loadAverageAtStart: 1.9,
      otherLoad,
      count: 300,
      copies: 2,
      reps: 3,
      exports: [
        {
          set: { root: '/g', label: '300 JPEG 256x256 sources (generated)', generated: true },
          sources: 300,
          ours: { written: 600, seconds: 5, wall: 6, cpuS: 9, otherLoad },
          peer: { written: 600, seconds: 4, wall: 5, cpuS: 8, otherLoad },
        },
      ],
      stepCosts: [],
      peerProblem: undefined,
      preview: [],
    });
  const augmentLabel = "300 JPEGs 256x256, 2 copies, the peer's chain";
  const augmentNote = (otherLoad: number) =>
    historyRows(updateBenchSection(doc, augment(otherLoad)), augmentLabel)
      .pop()!
      .pop();
  assert.equal(augmentNote(0.03), '-');
  assert.equal(augmentNote(0.6), 'under load (other load 0.60)');
  const augmentLatest = augment(0.03).latest;
  assert.ok(
    !(typeof augmentLatest === 'string' ? augmentLatest : augmentLatest(99)).includes('Taken under load'),
  );
});
