import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import sharp, { type Sharp } from 'sharp';
import { analyzeDataset } from '../../src/core/engine/analyzeDataset';
import type { AnalyzeOptions, AnalyzeProgress } from '../../src/core/engine/analyzeOptions';
import { mergeShardParts, mergeShardPartsWithMap } from '../../src/core/engine/shardPart';
import type { DatasetReport } from '../../src/core/engine/report';
import { createRng } from '../../src/core/util/rng';
import { tempDir } from './helpers/images';

const tmp = tempDir();
const root = path.join(tmp.dir, 'ds');
const cacheDir = path.join(tmp.dir, 'cache');
/** original -> its edited copies (relative paths). */
const copies = new Map<string, string[]>();

/** A random scene: coloured ellipses and bars on a gradient, with grain. Distinct seeds, distinct pictures. */
async function scene(seed: number, width: number, height: number): Promise<Buffer> {
  const rng = createRng(seed);
  const colour = () => `rgb(${rng.int(0, 255)},${rng.int(0, 255)},${rng.int(0, 255)})`;
  const shapes = Array.from({ length: 14 }, () =>
    rng.next() < 0.5
      ? `<ellipse cx="${rng.int(0, width)}" cy="${rng.int(0, height)}" rx="${rng.int(8, 90)}" ry="${rng.int(8, 90)}" fill="${colour()}"/>`
      : `<rect x="${rng.int(0, width)}" y="${rng.int(0, height)}" width="${rng.int(6, 120)}" height="${rng.int(6, 120)}" fill="${colour()}" transform="rotate(${rng.int(0, 90)})"/>`,
  ).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><defs><linearGradient id="g"><stop offset="0" stop-color="${colour()}"/><stop offset="1" stop-color="${colour()}"/></linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/>${shapes}</svg>`;
  const { data, info } = await sharp(Buffer.from(svg))
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  for (let i = 0; i < data.length; i++) data[i] = Math.max(0, Math.min(255, data[i] + rng.int(-12, 12)));
  return sharp(data, { raw: info }).png().toBuffer();
}

before(async () => {
  for (const split of ['train', 'test'])
    for (const label of ['a', 'b']) mkdirSync(path.join(root, split, label), { recursive: true });
  for (let k = 0; k < 6; k++) {
    const label = k < 3 ? 'a' : 'b';
    const png = await scene(100 + k, 320 + 16 * k, 280);
    const name = `${label}/s${k}.jpg`;
    await sharp(png)
      .jpeg({ quality: 95 })
      .toFile(path.join(root, 'train', name));
    const meta = await sharp(png).metadata();
    const w = meta.width!;
    const h = meta.height!;
    const edits: [string, Sharp][] = [
      ['q60', sharp(png).jpeg({ quality: 60 })],
      [
        'resize90',
        sharp(png)
          .resize(Math.round(w * 0.9), Math.round(h * 0.9))
          .jpeg({ quality: 95 }),
      ],
      ['mirror', sharp(png).flop().jpeg({ quality: 95 })],
      // As PIL's ImageEnhance.Brightness(1.3): every sample times 1.3, clipped.
      ['bright130', sharp(png).linear(1.3, 0).jpeg({ quality: 95 })],
      [
        'crop',
        sharp(png)
          .extract({ left: 8, top: 7, width: w - 16, height: h - 14 })
          .jpeg({ quality: 95 }),
      ],
    ];
    // Two originals' copies go to the test split: near duplicates across splits are leakage.
    const split = k % 3 === 0 ? 'test' : 'train';
    const written: string[] = [];
    for (const [edit, pipeline] of edits) {
      const copy = `${label}/s${k}_${edit}.jpg`;
      await pipeline.toFile(path.join(root, split, copy));
      written.push(`${split}/${copy}`);
    }
    copies.set(`train/${name}`, written);
  }
  // Distinct pictures, each alone.
  for (let k = 0; k < 10; k++) {
    const png = await scene(500 + k, 300, 300 + 8 * k);
    await sharp(png)
      .jpeg({ quality: 92 })
      .toFile(path.join(root, 'train', k % 2 ? 'a' : 'b', `x${k}.jpg`));
  }
});

after(() => tmp.cleanup());

async function run(options: AnalyzeOptions): Promise<{ report: DatasetReport; progress: AnalyzeProgress }> {
  let progress: AnalyzeProgress = { done: 0, total: 0, scanning: true, cached: 0 };
  const report = await analyzeDataset(root, options, { onProgress: (p) => (progress = p) });
  return { report, progress };
}

test('without --content: no model is loaded, no content in the report, near duplicates by perceptual hash', async () => {
  const { report } = await run({ workers: 0, cacheDir });
  assert.equal(report.content, undefined);
  assert.equal(report.labelIssues, undefined);
  assert.ok(report.quality.duplicates.near.every((g) => g.method === 'perceptual-hash'));
  const loaded = Object.keys(require.cache).filter((m) => /tfjs-converter|tfjs-core|nsfwjs/.test(m));
  assert.deepEqual(loaded, [], 'TensorFlow.js and the model stay unloaded');
});

test('--content: every copy (re-encoded, resized, mirrored, brightened, cropped) grouped with its original, nothing else', async () => {
  const { report, progress } = await run({ workers: 2, cacheDir, content: true });
  assert.equal(progress.cached, 0, 'records made without content are analysed again');
  assert.equal(report.content?.embedded, report.images);
  assert.match(
    report.content!.model.id,
    /^nsfwjs@.+\/mobilenet_v2_mid\/expanded_conv_13\/expand\/Relu6@128\+flip$/,
  );
  const groups = report.quality.duplicates.near;
  const expected = [...copies].map(([original, edits]) => [original, ...edits].sort());
  assert.deepEqual(
    groups.map((g) => [...g.files].sort()).sort(),
    expected.sort(),
    JSON.stringify(groups.map((g) => [g.files, g.similarity, g.pixelAgreement])),
  );
  for (const g of groups) {
    assert.equal(g.method, 'content');
    assert.ok(
      g.similarity! >= 0.5 && g.pixelAgreement! >= 0.75 && g.distance === +(1 - g.similarity!).toFixed(4),
    );
  }
  assert.equal(
    report.quality.leakage.filter((l) => l.kind === 'near').length,
    2,
    'two groups span the splits',
  );
  // Outliers: every class lists its most atypical images, scored within the class and overall.
  const outliers = report.content!.outliers!;
  assert.deepEqual(
    outliers.byClass.map((c) => c.class),
    ['a', 'b'],
  );
  for (const c of outliers.byClass) {
    assert.ok(c.images.length > 0);
    for (const e of c.images) assert.ok(e.score > 0 && e.scoreInClass !== null && e.scoreInClass > 0);
    const scores = c.images.map((e) => e.scoreInClass!);
    assert.deepEqual(
      scores,
      [...scores].sort((x, y) => y - x),
    );
  }
  // The label check ran on every labelled image; what it flags names another class and is ranked.
  const check = report.content!.labelIssues!;
  assert.equal(check.method, 'confident learning');
  assert.ok(check.examined > 0 && check.examined <= report.images, `${check.examined}`);
  const issues = report.labelIssues!;
  for (const issue of issues) {
    assert.ok(['a', 'b'].includes(issue.given) && ['a', 'b'].includes(issue.suggested));
    assert.notEqual(issue.given, issue.suggested);
    assert.equal(issue.file.split('/').at(-2), issue.given);
  }
  assert.deepEqual(
    issues.map((i) => i.score),
    issues.map((i) => i.score).sort((x, y) => y - x),
  );
});

test('--content records are cached: a re-run reads them, a run without --content keeps them', async () => {
  const again = await run({ workers: 2, cacheDir, content: true });
  assert.equal(again.progress.cached, again.report.files, 'nothing decoded again');
  const plain = await run({ workers: 0, cacheDir });
  assert.equal(plain.progress.cached, plain.report.files);
  const third = await run({ workers: 0, cacheDir, content: true });
  assert.equal(third.progress.cached, third.report.files, 'the plain run kept the content records');
  assert.deepEqual(third.report.quality.duplicates.near, again.report.quality.duplicates.near);
  assert.deepEqual(third.report.content, again.report.content);
});

test('--content shards merge into the report of a single run', async () => {
  const single = await run({ workers: 0, content: true });
  const parts = [0, 1].map((index) => path.join(tmp.dir, `part${index}.partial`));
  for (const [index, out] of parts.entries())
    await analyzeDataset(root, { workers: 0, content: true, shard: { index, count: 2 }, shardPartOut: out });
  const merged = await mergeShardPartsWithMap(parts);
  assert.ok(single.report.content?.map, 'a map');
  assert.deepEqual(merged.quality.duplicates.near, single.report.quality.duplicates.near);
  assert.deepEqual(merged.content, single.report.content);
  const plainPart = path.join(tmp.dir, 'plain.partial');
  await analyzeDataset(root, { workers: 0, shard: { index: 1, count: 2 }, shardPartOut: plainPart });
  assert.throws(() => mergeShardParts([parts[0], plainPart]), /--content differ/);
});
