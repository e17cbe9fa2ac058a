import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { after, test } from 'node:test';
import sharp from 'sharp';
import { analyzeDataset } from '../../src/core/engine/analyzeDataset';
import { tempDir } from './helpers/images';

const tmp = tempDir('dataset-lens-unlabelled-split-');
after(() => tmp.cleanup());

async function png(file: string, shade: number): Promise<void> {
  mkdirSync(path.dirname(file), { recursive: true });
  await sharp({
    create: { width: 12, height: 9, channels: 3, background: { r: shade, g: 90, b: 200 - shade } },
  })
    .png()
    .toFile(file);
}

/**
 * Kaggle's layout: train/<class>/ and a test/ folder of loose, unlabelled images. The test split holds images (it
 * was reported with 0 files) and has no class distribution (it was said to differ from train's by a total
 * variation of 0.5, and to have "no images of" every class).
 */
test('a split of loose images: its files counted, said to be unlabelled, no class mismatch invented', async () => {
  const root = path.join(tmp.dir, 'kaggle');
  let shade = 0;
  for (const label of ['cat', 'dog'])
    for (let k = 0; k < 3; k++) await png(path.join(root, 'train', label, `${k}.png`), (shade += 20));
  for (let k = 0; k < 4; k++) await png(path.join(root, 'test', `${k}.png`), (shade += 20));
  const report = await analyzeDataset(root, { workers: 0 });
  assert.equal(report.images, 10);
  const test = report.splits.find((s) => s.name === 'test')!;
  assert.equal(test.files, 4);
  assert.equal(test.unlabelled, 4);
  assert.deepEqual(
    test.classes.map((c) => c.count),
    [0, 0],
  );
  const train = report.splits.find((s) => s.name === 'train')!;
  assert.equal(train.files, 6);
  assert.equal(train.unlabelled, undefined);
  assert.deepEqual(report.splitMismatch, []);
  assert.ok(
    !report.warnings.some((w) => /no images of|proportions differ/.test(w)),
    report.warnings.join('\n'),
  );
  assert.ok(
    report.warnings.includes(
      'Split "test" has 4 image(s) outside any class folder: analysed, but in no class count; with no class, its balance is not compared',
    ),
    report.warnings.join('\n'),
  );
});
