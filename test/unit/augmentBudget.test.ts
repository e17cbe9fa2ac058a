import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, test } from 'node:test';
import sharp from 'sharp';
import { DECODE_BUDGET_PIXELS } from '../../src/core/decode/decodeImage';
import { validatePipeline } from '../../src/core/pipeline/validatePipeline';
import { buildPreview } from '../../src/core/preview/buildPreview';
import { renderPreviewPng } from '../../src/core/preview/renderPreviewPng';
import { createRng, randomImage, tempDir, writePng } from './helpers/images';

const cli = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');
const work = tempDir('dataset-lens-budget-');
after(() => work.cleanup());
const preload = path.join(work.dir, 'report-rss.js');
writeFileSync(
  preload,
  "process.on('exit', () => process.stderr.write(`maxRSS ${process.resourceUsage().maxRSS}\\n`));",
);

test('augment in one process works on one large source at a time (peak memory)', async () => {
  // Four smooth 3000 x 2500 PNGs: 7.5 Mpx each, so two do not fit the decode budget together.
  assert.ok(2 * 7_500_000 > DECODE_BUDGET_PIXELS);
  const src = path.join(work.dir, 'large');
  mkdirSync(path.join(src, 'cat'), { recursive: true });
  for (let i = 0; i < 4; i++) {
    const background = { r: 40 * i, g: 90, b: 160 };
    await sharp({ create: { width: 3000, height: 2500, channels: 3, background } })
      .png()
      .toFile(path.join(src, 'cat', `${i}.png`));
  }
  const pipelineFile = path.join(work.dir, 'flip.json');
  writeFileSync(pipelineFile, JSON.stringify({ version: 1, transforms: [{ name: 'flipHorizontal', p: 1 }] }));
  const result = spawnSync(
    process.execPath,
    [
      '--require',
      preload,
      cli,
      'augment',
      src,
      '--pipeline',
      pipelineFile,
      '--out',
      path.join(work.dir, 'out'),
      '--workers',
      '0',
      '--concurrency',
      '4',
      '--format',
      'jpeg',
    ],
    { encoding: 'utf8' },
  );
  assert.equal(result.status, 0, result.stderr);
  const maxRssMb = Number(/maxRSS (\d+)/.exec(result.stderr)![1]) / 1024;
  // Each source's float working copies take ~270 MB; four at once (no budget) peaked at ~1000 MB.
  assert.ok(maxRssMb < 650, `peak RSS ${Math.round(maxRssMb)} MB`);
});

test('preview cells are shrunk to the cell as they are made, with the same rendered PNG', async () => {
  const src = path.join(work.dir, 'small');
  const rng = createRng(8);
  for (const file of ['cat/a.png', 'cat/b.png', 'dog/c.png'])
    await writePng(path.join(src, file), randomImage(rng, 20, 14, 3));
  const pipeline = validatePipeline({
    version: 1,
    seed: 5,
    transforms: [
      { name: 'randomCrop', size: [400, 600] },
      { name: 'rotate', degrees: [-10, 10] },
    ],
  });
  const small = await buildPreview(src, pipeline, { perClass: 2, variants: 2, cellSize: 64 });
  for (const row of small.rows)
    for (const cell of [row.original, ...row.variants])
      assert.ok(cell.width <= 64 && cell.height <= 64, `${cell.width}x${cell.height} kept`);
  const full = await buildPreview(src, pipeline, { perClass: 2, variants: 2, cellSize: 100_000 });
  assert.equal(full.rows[0].variants[0].width, 600, 'a box larger than the cells keeps them whole');
  assert.deepEqual(
    await renderPreviewPng(small, { cellSize: 64 }),
    await renderPreviewPng(full, { cellSize: 64 }),
  );
});

test('preview of a 16000 x 16000 image decodes it reduced to the decode budget, and says so', async () => {
  const src = path.join(work.dir, 'huge');
  mkdirSync(path.join(src, 'cat'), { recursive: true });
  const background = { r: 90, g: 120, b: 200 };
  await sharp({ create: { width: 16000, height: 16000, channels: 3, background } })
    .png()
    .toFile(path.join(src, 'cat', 'huge.png'));
  const pipelineFile = path.join(work.dir, 'crop.json');
  writeFileSync(
    pipelineFile,
    JSON.stringify({ version: 1, seed: 1, transforms: [{ name: 'randomCrop', size: [224, 224] }] }),
  );
  const out = path.join(work.dir, 'huge-preview.png');
  const args = ['preview', src, '--pipeline', pipelineFile, '--out', out, '--json'];
  const result = spawnSync(process.execPath, ['--require', preload, cli, ...args], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  const maxRssMb = Number(/maxRSS (\d+)/.exec(result.stderr)![1]) / 1024;
  // Decoded whole as a float image, it peaked at 4.6 GB.
  assert.ok(maxRssMb < 1024, `peak RSS ${Math.round(maxRssMb)} MB`);
  const row = JSON.parse(result.stdout).rows[0];
  assert.equal(row.error, undefined);
  const side = Math.floor(Math.sqrt(DECODE_BUDGET_PIXELS));
  const { scale, ...size } = row.reduced;
  assert.deepEqual(size, { sourceWidth: 16000, sourceHeight: 16000, width: side, height: side });
  assert.equal(scale, side / 16000);
  const cropSide = Math.round(224 * scale);
  assert.match(
    row.variants[0].caption,
    new RegExp(`crop ${cropSide}x${cropSide}`),
    'the crop at the same scale',
  );
});

test('preview of a 16000 x 16000 crop of a photo is made at a scale within the decode budget, and says so', async () => {
  const src = path.join(work.dir, 'photo');
  mkdirSync(path.join(src, 'cat'), { recursive: true });
  await writePng(path.join(src, 'cat', 'photo.png'), randomImage(createRng(3), 640, 480, 3));
  const pipelineFile = path.join(work.dir, 'big-crop.json');
  const transforms = [{ name: 'randomCrop', size: [16000, 16000] }, { name: 'gaussianBlur' }];
  writeFileSync(pipelineFile, JSON.stringify({ version: 1, seed: 1, transforms }));
  const out = path.join(work.dir, 'big-crop.png');
  const args = ['preview', src, '--pipeline', pipelineFile, '--out', out, '--json', '--variants', '1'];
  const result = spawnSync(process.execPath, ['--require', preload, cli, ...args], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  const maxRssMb = Number(/maxRSS (\d+)/.exec(result.stderr)![1]) / 1024;
  // Made at full size, the 16000 x 16000 float crop peaked at 3.8 GB.
  assert.ok(maxRssMb < 1024, `peak RSS ${Math.round(maxRssMb)} MB`);
  const row = JSON.parse(result.stdout).rows[0];
  const scale = Math.sqrt(DECODE_BUDGET_PIXELS / 16000 ** 2);
  assert.equal(row.reduced.sourceWidth, 640);
  assert.ok(Math.abs(row.reduced.scale - scale) < 1e-3, `scale ${row.reduced.scale}`);
  const crop = row.variants[0].applied.find((a: { name: string }) => a.name === 'randomCrop');
  assert.equal(
    crop.params.outWidth,
    Math.round(16000 * row.reduced.scale),
    'the crop is made at the same scale',
  );
});
