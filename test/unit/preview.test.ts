import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { exportAugmented, MANIFEST_FILE } from '../../src/core/export/exportDataset';
import { validatePipeline } from '../../src/core/pipeline/validatePipeline';
import { buildPreview } from '../../src/core/preview/buildPreview';
import { renderPreviewPng, wrap } from '../../src/core/preview/renderPreviewPng';
import { createRng, randomImage, tempDir, writePng } from './helpers/images';

const pipeline = validatePipeline({
  version: 1,
  seed: 4,
  transforms: [
    { name: 'rotate', degrees: [-30, 30] },
    { name: 'hue', p: 0.5 },
  ],
});

async function dataset(root: string) {
  const rng = createRng(2);
  for (const cls of ['ant', 'bee', 'cow']) {
    for (let i = 0; i < 4; i++) await writePng(path.join(root, cls, `${i}.png`), randomImage(rng, 20, 14, 3));
  }
}

test('preview: k seeded files per class, each with n variants, variant k = export copy k', async () => {
  const { dir, cleanup } = tempDir();
  try {
    await dataset(dir + '/src');
    const preview = await buildPreview(dir + '/src', pipeline, { perClass: 2, variants: 3 });
    assert.deepEqual(
      preview.rows.map((r) => r.className),
      ['ant', 'ant', 'bee', 'bee', 'cow', 'cow'],
    );
    assert.ok(preview.rows.every((r) => r.variants.length === 3));
    const again = await buildPreview(dir + '/src', pipeline, { perClass: 2, variants: 3 });
    assert.deepEqual(
      again.rows.map((r) => r.file),
      preview.rows.map((r) => r.file),
      'same seed, same sample',
    );
    assert.deepEqual(
      Buffer.from(again.rows[0].variants[2].pixels),
      Buffer.from(preview.rows[0].variants[2].pixels),
    );
    const other = await buildPreview(dir + '/src', pipeline, { perClass: 2, variants: 3, seed: 99 });
    assert.notDeepEqual(
      other.rows.map((r) => r.variants[0].caption),
      preview.rows.map((r) => r.variants[0].caption),
    );

    await exportAugmented(dir + '/src', pipeline, { out: dir + '/out', copies: 3 });
    const manifest = JSON.parse(readFileSync(path.join(dir, 'out', MANIFEST_FILE), 'utf8'));
    const row = preview.rows[1];
    for (let k = 0; k < 3; k++) {
      const record = manifest.outputs.find(
        (r: { source: string; copy: number }) => r.source === row.file && r.copy === k,
      );
      assert.deepEqual(record.transforms, row.variants[k].applied, `variant ${k}`);
      const written = await sharp(path.join(dir, 'out', record.file))
        .raw()
        .toBuffer();
      assert.deepEqual(new Uint8Array(written), row.variants[k].pixels);
    }
  } finally {
    cleanup();
  }
});

test('the grid PNG has one column per variant plus the original and one row per file', async () => {
  const { dir, cleanup } = tempDir();
  try {
    await dataset(dir);
    const preview = await buildPreview(dir, pipeline, { perClass: 1, variants: 2 });
    const png = await renderPreviewPng(preview, { cellSize: 64 });
    const meta = await sharp(png).metadata();
    assert.equal(meta.format, 'png');
    assert.equal(meta.width, 6 + 3 * (64 + 6));
    assert.equal(meta.height, 26 + 3 * (64 + 34 + 6) + 6);
  } finally {
    cleanup();
  }
});

test('captions wrap on commas and are ellipsised past two lines', () => {
  assert.deepEqual(wrap('rotate 12.0°, flip H, hue +5°', 14, 2), ['rotate 12.0°,', 'flip H,…']);
  assert.deepEqual(wrap('short', 20, 2), ['short']);
});

test('CLI: preview writes the PNG and reports what it drew', async () => {
  const { dir, cleanup } = tempDir();
  try {
    await dataset(path.join(dir, 'src'));
    const pipelineFile = path.join(dir, 'p.json');
    writeFileSync(
      pipelineFile,
      JSON.stringify({ version: 1, seed: 1, transforms: [{ name: 'flipHorizontal' }] }),
    );
    const cli = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');
    const out = path.join(dir, 'grid.png');
    const result = spawnSync(
      process.execPath,
      [cli, 'preview', path.join(dir, 'src'), '--pipeline', pipelineFile, '--out', out, '--json'],
      { encoding: 'utf8' },
    );
    assert.equal(result.status, 0, result.stderr);
    const report = JSON.parse(result.stdout);
    assert.equal(report.rows.length, 3);
    assert.equal((await sharp(out).metadata()).format, 'png');
  } finally {
    cleanup();
  }
});

test('each preview variant says which pipeline steps fired (the panel marks the ones a flagged step changed)', async () => {
  const { dir, cleanup } = tempDir();
  try {
    await dataset(dir + '/src');
    // Two steps of one name: only the index tells which fired.
    const twice = validatePipeline({
      version: 1,
      seed: 4,
      transforms: [
        { name: 'rotate', degrees: [5, 5], p: 0.5 },
        { name: 'rotate', degrees: [180, 180], p: 0.5 },
      ],
    });
    const preview = await buildPreview(dir + '/src', twice, { perClass: 2, variants: 8 });
    const cells = preview.rows.flatMap((r) => r.variants);
    for (const cell of cells) {
      assert.equal(cell.steps.length, cell.applied.length);
      cell.steps.forEach((index, k) =>
        assert.equal(cell.applied[k].params.degrees, index === 0 ? 5 : 180, cell.caption),
      );
    }
    const fired = new Set(cells.map((c) => c.steps.join(',')));
    assert.ok(fired.has('1') && fired.has('0'), [...fired].join(' | '));
  } finally {
    cleanup();
  }
});

test('an edit makes no original again: the next grid reuses each original cell, until its file changes', async () => {
  const { dir, cleanup } = tempDir();
  try {
    await dataset(dir + '/src');
    const first = await buildPreview(dir + '/src', pipeline, { perClass: 1, variants: 2 });
    const edited = validatePipeline({
      version: 1,
      seed: 4,
      transforms: [{ name: 'rotate', degrees: [-10, 10] }],
    });
    const again = await buildPreview(dir + '/src', edited, { perClass: 1, variants: 2 });
    assert.equal(again.rows.length, first.rows.length);
    again.rows.forEach((row, i) =>
      assert.equal(row.original, first.rows[i].original, `${row.file}: made again`),
    );
    assert.notDeepEqual(
      again.rows.map((r) => r.variants[0].caption),
      first.rows.map((r) => r.variants[0].caption),
      'the variants follow the edit',
    );
    // The file changes on disk (new pixels, new size): its original is made from the new file.
    const file = path.join(dir, 'src', first.rows[0].file);
    await writePng(file, randomImage(createRng(9), 21, 14, 3));
    const changed = await buildPreview(dir + '/src', edited, { perClass: 1, variants: 2 });
    assert.notEqual(changed.rows[0].original, first.rows[0].original);
    assert.equal(changed.rows[0].original.width, 21);
    assert.equal(changed.rows[1].original, first.rows[1].original);
  } finally {
    cleanup();
  }
});
