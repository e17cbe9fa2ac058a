import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { exportAugmented } from '../../src/core/export/exportDataset';
import { validatePipeline } from '../../src/core/pipeline/validatePipeline';
import { createRng, randomImage, tempDir, writePng } from './helpers/images';

const pipeline = validatePipeline({ version: 1, seed: 1, transforms: [{ name: 'flipHorizontal' }] });

/** ds/cat holds its images; ds/dog is a link to a folder elsewhere (followed when asked). */
async function linkedClassDataset(dir: string) {
  const rng = createRng(5);
  const src = path.join(dir, 'ds');
  const elsewhere = path.join(dir, 'elsewhere');
  await writePng(path.join(src, 'cat', 'a.png'), randomImage(rng, 8, 8, 3));
  await writePng(path.join(elsewhere, 'dog', 'b.png'), randomImage(rng, 8, 8, 3));
  symlinkSync(path.join(elsewhere, 'dog'), path.join(src, 'dog'));
  return { src, elsewhere };
}

test('an output inside the target of a linked class folder is refused, nothing written there', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const { src, elsewhere } = await linkedClassDataset(dir);
    const out = path.join(elsewhere, 'dog', 'aug');
    await assert.rejects(
      exportAugmented(src, pipeline, { out, workers: 0, followExternalLinks: true }),
      /--out .* is inside .*elsewhere\/dog, a folder the dataset reads through a symbolic link/,
    );
    assert.ok(!existsSync(out), 'nothing created in the linked folder');
    assert.deepEqual(readdirSync(path.join(elsewhere, 'dog')), ['b.png']);
  } finally {
    cleanup();
  }
});

test('an output containing the target of a linked class folder is refused', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const { src, elsewhere } = await linkedClassDataset(dir);
    await assert.rejects(
      exportAugmented(src, pipeline, { out: elsewhere, workers: 0, followExternalLinks: true }),
      /--out .* contains .*elsewhere\/dog, a folder the dataset reads through a symbolic link/,
    );
    mkdirSync(path.join(dir, 'fresh'));
    const summary = await exportAugmented(src, pipeline, {
      out: path.join(dir, 'fresh'),
      workers: 0,
      followExternalLinks: true,
    });
    assert.equal(summary.written, 2, 'a folder outside every source folder is fine');
    const unfollowed = await exportAugmented(src, pipeline, { out: path.join(elsewhere, 'aug'), workers: 0 });
    assert.equal(unfollowed.written, 1, 'a link not followed is not read: its target may take outputs');
  } finally {
    cleanup();
  }
});
