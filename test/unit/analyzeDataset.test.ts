import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, mock, test } from 'node:test';
import sharp from 'sharp';
import { analyzeDataset } from '../../src/core/engine/analyzeDataset';
import type { DatasetReport } from '../../src/core/engine/report';
import { ReportBuilder } from '../../src/core/engine/reportBuilder';
import { CancelledError } from '../../src/core/util/errors';
import { createRng, randomImage, referenceStats, tempDir, writePng, type RawImage } from './helpers/images';

const tmp = tempDir();
const root = path.join(tmp.dir, 'ds');
const written: { split: string; label: string; raw: RawImage }[] = [];

before(async () => {
  const rng = createRng(21);
  const plan: [string, string, number][] = [
    ['train', 'ant', 12],
    ['train', 'bee', 4],
    ['val', 'ant', 3],
    ['val', 'bee', 3],
  ];
  for (const [split, label, n] of plan) {
    for (let i = 0; i < n; i++) {
      // Mixed modes: grey, grey+alpha, RGB, RGBA; one big enough to skip the PNG fast path.
      const channels = ([1, 2, 3, 4] as const)[i % 4];
      const side = i === 0 && split === 'train' ? 160 : 8 + i;
      const raw = randomImage(rng, side, side + 3, channels);
      await writePng(path.join(root, split, label, `${i}.png`), raw);
      written.push({ split, label, raw });
    }
  }
  writeFileSync(path.join(root, 'train', 'ant', 'broken.png'), 'garbage');
  // Truncated files of two formats: libvips error messages must not leak from one file to another.
  const big = sharp({
    create: {
      width: 300,
      height: 200,
      channels: 3,
      background: '#808080',
      noise: { type: 'gaussian', mean: 128, sigma: 40 },
    },
  });
  const jpeg = await big.clone().jpeg().toBuffer();
  const png = await big.clone().png().toBuffer();
  writeFileSync(path.join(root, 'val', 'bee', 'cut.jpg'), jpeg.subarray(0, jpeg.length >> 1));
  writeFileSync(path.join(root, 'val', 'bee', 'cut.png'), png.subarray(0, png.length >> 1));
});
after(() => tmp.cleanup());

const withoutTiming = (r: DatasetReport) => ({ ...r, durationMs: 0 });

test('whole-dataset, per-split and per-class statistics equal an independent pixel loop', async () => {
  const report = await analyzeDataset(root, { workers: 2 });
  assert.equal(report.layout, 'splits');
  assert.equal(report.files, 25);
  assert.equal(report.images, 22);
  assert.deepEqual(report.classes, [
    { name: 'ant', index: 0, count: 16 },
    { name: 'bee', index: 1, count: 9 },
  ]);
  const decodeKinds = ['corrupt', 'unsupported', 'unreadable', 'too_large'];
  assert.deepEqual(
    report.issues.filter((i) => decodeKinds.includes(i.kind)).map((i) => [i.file, i.kind]),
    [
      ['train/ant/broken.png', 'unsupported'],
      ['val/bee/cut.jpg', 'corrupt'],
      ['val/bee/cut.png', 'corrupt'],
    ],
  );
  assert.match(report.issues.find((i) => i.file === 'val/bee/cut.jpg')!.message, /jpe?g/i);
  assert.match(report.issues.find((i) => i.file === 'val/bee/cut.png')!.message, /png/i);
  const check = (actual: { mean: number[]; std: number[]; histogram: number[][] }, raws: RawImage[]) => {
    const expected = referenceStats(raws, 3);
    for (let c = 0; c < 3; c++) {
      assert.ok(
        Math.abs(actual.mean[c] - expected.mean[c]) < 1e-12,
        `mean[${c}] ${actual.mean[c]} vs ${expected.mean[c]}`,
      );
      assert.ok(Math.abs(actual.std[c] - expected.std[c]) < 1e-12, `std[${c}]`);
      assert.deepEqual(actual.histogram[c], expected.histogram[c]);
    }
  };
  check(
    report.stats!,
    written.map((w) => w.raw),
  );
  check(
    report.statsBySplit.val,
    written.filter((w) => w.split === 'val').map((w) => w.raw),
  );
  check(
    report.statsByClass.bee,
    written.filter((w) => w.label === 'bee').map((w) => w.raw),
  );
  assert.equal(report.stats!.greyConvertedToRgb, written.filter((w) => w.raw.channels <= 2).length);
  assert.equal(report.stats!.alphaDropped, written.filter((w) => w.raw.channels % 2 === 0).length);
  // Class weights come from the train split: ant 13 files (incl. the broken one), bee 4.
  assert.equal(report.imbalance!.basis, 'train');
  assert.equal(report.imbalance!.classWeights.ant, 17 / (2 * 13));
  assert.equal(report.imbalance!.classWeights.bee, 17 / (2 * 4));
  assert.equal(report.splitMismatch[0].split, 'val');
});

test('worker processes and in-process analysis give the identical report, run after run', async () => {
  const inProcess = await analyzeDataset(root, { workers: 0 });
  for (let run = 0; run < 3; run++) {
    const pooled = await analyzeDataset(root, { workers: 2 });
    assert.deepEqual(withoutTiming(pooled), withoutTiming(inProcess));
  }
});

test("the run's duration includes the dataset-wide checks that make the report", async () => {
  // finish() runs the duplicate, leakage and content checks; made slow here, it must show in durationMs.
  const slowCheckMs = 1500;
  let finishStart = 0;
  let finishEnd = 0;
  const finish = ReportBuilder.prototype.finish;
  const slowed = mock.method(
    ReportBuilder.prototype,
    'finish',
    function (this: ReportBuilder, ...args: Parameters<typeof finish>) {
      finishStart = Date.now();
      while (Date.now() - finishStart < slowCheckMs);
      const report = finish.apply(this, args);
      finishEnd = Date.now();
      return report;
    },
  );
  try {
    const report = await analyzeDataset(root, { workers: 0 });
    assert.ok(finishEnd > 0, 'finish() ran');
    assert.ok(
      report.durationMs >= finishEnd - finishStart,
      `durationMs ${report.durationMs} covers the ${finishEnd - finishStart} ms of finish()`,
    );
  } finally {
    slowed.mock.restore();
  }
});

test("a run without a cache stats no file, yet reports what a stat'ing run does, file sizes included", async () => {
  const cacheDir = path.join(tmp.dir, 'stat-cache');
  const stating = await analyzeDataset(root, { workers: 2, cacheDir });
  for (const workers of [0, 2]) {
    const unstated = await analyzeDataset(root, { workers });
    // File sizes (of corrupt files too) come back from the workers' reads instead of a stat in the scan.
    assert.deepEqual(withoutTiming(unstated), withoutTiming(stating), `workers: ${workers}`);
  }
  assert.ok(stating.properties.fileSize!.max > 0);
});

test('--sample with a seed is reproducible, covers class counts fully, and changes with the seed', async () => {
  const a = await analyzeDataset(root, { sample: 6, seed: 1, workers: 0 });
  const b = await analyzeDataset(root, { sample: 6, seed: 1, workers: 0 });
  const c = await analyzeDataset(root, { sample: 6, seed: 2, workers: 0 });
  assert.deepEqual(withoutTiming(a), withoutTiming(b));
  assert.deepEqual(a.sample, { size: 6, seed: 1, population: 25 });
  assert.equal(a.classes[0].count, 16, 'class counts describe the whole dataset');
  assert.ok(a.images <= 6);
  assert.notDeepEqual(a.stats!.mean, c.stats!.mean);
});

test('cancelling stops the run with CancelledError and leaves no worker process behind', async () => {
  const controller = new AbortController();
  const run = analyzeDataset(
    root,
    { workers: 2 },
    { signal: controller.signal, onProgress: () => controller.abort() },
  );
  await assert.rejects(run, CancelledError);
  await new Promise((r) => setTimeout(r, 200));
  const children = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], {
    encoding: 'utf8',
  });
  assert.doesNotMatch(children, /worker\.(js|ts)/);
});

test('an aborted signal refuses to start, and bad options name the option and the value', async () => {
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(analyzeDataset(root, {}, { signal: controller.signal }), CancelledError);
  await assert.rejects(
    analyzeDataset(root, { sample: 0 }),
    /Expected an integer >= 1 for sample but received 0 of type number/,
  );
});

test('CSV rows that cannot be used as written are per-file issues, and the warning counts only unlisted files', async () => {
  const dir = tempDir();
  try {
    const root = path.join(dir.dir, 'images');
    const rng = createRng(4);
    for (const name of ['a', 'b', 'c', 'd'])
      await writePng(path.join(root, `${name}.png`), randomImage(rng, 6, 6, 3));
    const csv = path.join(dir.dir, 'labels.csv');
    writeFileSync(csv, 'file,label\na.png,cat\nb.png,cat\nb.png,dog\nc.png,\n');
    const report = await analyzeDataset(root, { labelsCsv: csv, workers: 0 });
    const unusable = report.issues.filter((i) => i.kind === 'unusable_label');
    assert.deepEqual(
      unusable.map((i) => i.file),
      ['b.png', 'c.png'],
    );
    assert.match(unusable[0].message, /different labels \("cat", "dog"\)/);
    assert.deepEqual(
      report.classes.map((c) => [c.name, c.count]),
      [['cat', 1]],
    );
    assert.equal(report.skipped.unlabelled, 3);
    assert.ok(
      report.warnings.includes('1 image file(s) are not listed in the labels file'),
      report.warnings.join('\n'),
    );
    assert.ok(
      report.warnings.some((w) => /2 image file\(s\) are left unlabelled/.test(w)),
      report.warnings.join('\n'),
    );
  } finally {
    dir.cleanup();
  }
});

test('a class without images in train is no "empty class folder" where no such folder exists (CSV, splits)', async () => {
  const dir = tempDir();
  try {
    const rng = createRng(5);
    const csvRoot = path.join(dir.dir, 'images');
    for (const name of ['a', 'b', 'c'])
      await writePng(path.join(csvRoot, `${name}.png`), randomImage(rng, 6, 6, 3));
    const csv = path.join(dir.dir, 'labels.csv');
    writeFileSync(csv, 'file,label,split\na.png,one,train\nb.png,one,val\nc.png,four,val\n');
    const splitsRoot = path.join(dir.dir, 'splits');
    for (const [split, label] of [
      ['train', 'one'],
      ['val', 'one'],
      ['val', 'four'],
    ])
      await writePng(path.join(splitsRoot, split, label, 'x.png'), randomImage(rng, 6, 6, 3));
    for (const report of [
      await analyzeDataset(csvRoot, { labelsCsv: csv, workers: 0 }),
      await analyzeDataset(splitsRoot, { workers: 0 }),
    ]) {
      const warnings = report.warnings.join('\n');
      assert.doesNotMatch(warnings, /Empty class folder/);
      assert.match(warnings, /Class\(es\) without images in train: four/);
    }
  } finally {
    dir.cleanup();
  }
});
