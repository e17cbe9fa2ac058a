import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { exportAugmented, MANIFEST_FILE } from '../../src/core/export/exportDataset';
import { planExportClasses } from '../../src/core/export/exportPlanSummary';
import { validatePipeline } from '../../src/core/pipeline/validatePipeline';
import { createRng, randomImage, tempDir, writePng } from './helpers/images';

const pipeline = validatePipeline({
  version: 1,
  seed: 4,
  transforms: [{ name: 'brightness', delta: [-0.2, 0.2] }],
});

/** cat: 3 PNGs, dog: 1 JPEG (its bytes must come through unchanged, not re-encoded). */
async function makeDataset(root: string) {
  const rng = createRng(2);
  for (const file of ['cat/a.png', 'cat/b.png', 'cat/c.png'])
    await writePng(path.join(root, file), randomImage(rng, 12, 10, 3));
  mkdirSync(path.join(root, 'dog'));
  await sharp(Buffer.from(randomImage(rng, 16, 16, 3).data), { raw: { width: 16, height: 16, channels: 3 } })
    .jpeg({ quality: 70 })
    .toFile(path.join(root, 'dog', 'd.jpg'));
}

test('--keep-originals writes each source as it is beside its balanced copies; the plan says so first', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const src = path.join(dir, 'src');
    await makeDataset(src);
    const options = { copies: 1, balance: true, keepOriginals: true };
    const planned = await planExportClasses(src, { ...options, seed: pipeline.seed });
    const out = path.join(dir, 'out');
    const summary = await exportAugmented(src, pipeline, { out, ...options, workers: 0 });
    assert.deepEqual(planned, summary.classes, 'the plan shown before the run is the one it runs');
    assert.deepEqual(
      summary.classes.map((c) => [c.className, c.sources, c.outputs, c.originals]),
      [
        ['cat', 3, 3, 3],
        ['dog', 1, 3, 1],
      ],
    );
    assert.equal(summary.written, 10, '6 copies + 4 originals');
    for (const file of ['cat/a.png', 'dog/d.jpg'])
      assert.ok(readFileSync(path.join(out, file)).equals(readFileSync(path.join(src, file))), file);
    const manifest = JSON.parse(readFileSync(path.join(out, MANIFEST_FILE), 'utf8')) as {
      keepOriginals?: boolean;
      outputs: { file: string; copy: number; transforms: unknown[] }[];
    };
    assert.equal(manifest.keepOriginals, true);
    const original = manifest.outputs.find((o) => o.file === 'dog/d.jpg')!;
    assert.deepEqual([original.copy, original.transforms], [-1, []]);
    assert.equal(manifest.outputs.filter((o) => o.copy >= 0).length, 6);
    // Without the option nothing changes: only the augmented copies, and the plan counts no originals.
    const plain = await planExportClasses(src, { copies: 1, balance: true, seed: 4 });
    assert.deepEqual(
      plain.map((c) => c.originals),
      [undefined, undefined],
    );
  } finally {
    cleanup();
  }
});

test('--keep-originals with --format converts the originals too (a copy of the bytes would lie)', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const src = path.join(dir, 'src');
    await makeDataset(src);
    const out = path.join(dir, 'out');
    await exportAugmented(src, pipeline, { out, keepOriginals: true, format: 'png', workers: 0 });
    const meta = await sharp(path.join(out, 'dog', 'd.png')).metadata();
    assert.deepEqual([meta.format, meta.width, meta.height], ['png', 16, 16]);
  } finally {
    cleanup();
  }
});
