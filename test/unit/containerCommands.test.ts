import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import sharp from 'sharp';
import { exportAugmented } from '../../src/core/export/exportDataset';
import { listDataset } from '../../src/core/export/listDataset';
import { validatePipeline } from '../../src/core/pipeline/validatePipeline';
import { buildPreview } from '../../src/core/preview/buildPreview';
import { writeBadContainers } from '../fixtures/badContainers';
import { tempDir } from './helpers/images';
import { rowsOfFiles, writeHubParquet } from './helpers/parquetFixtures';
import { writeImageFolder } from './helpers/containerFixtures';
import { NUMPY_PIL, pythonMissing } from './helpers/python';

const tmp = tempDir();
const folder = path.join(tmp.dir, 'folder');
const hub = path.join(tmp.dir, 'hub');
const skip = pythonMissing(NUMPY_PIL) ?? undefined;
const CLASSES = ['cat', 'dog', 'eel'];
const pipeline = validatePipeline({ version: 1, seed: 3, transforms: [{ name: 'flipHorizontal', p: 1 }] });

before(async () => {
  if (skip) return;
  const files = writeImageFolder(folder, 5);
  mkdirSync(hub, { recursive: true });
  for (const split of ['train', 'test']) {
    const rows = rowsOfFiles(
      folder,
      files.filter((f) => f.split === split),
      CLASSES,
    );
    writeHubParquet(path.join(hub, `${split}-00000-of-00001.parquet`), rows, CLASSES, 4);
  }
  await writeBadContainers(path.join(tmp.dir, 'bad'));
});
after(() => tmp.cleanup());

test('a listing holds members without their bytes', { skip }, async () => {
  const { entries } = await listDataset(hub);
  assert.equal(entries.length, 15 + 6);
  assert.ok(entries.every((e) => e.member && e.content === undefined));
});

test('preview draws container members, named container#member', { skip }, async () => {
  const preview = await buildPreview(hub, pipeline, { perClass: 2, variants: 1 });
  assert.equal(preview.rows.length, 6);
  for (const row of preview.rows) {
    assert.match(row.file, /^(train|test)-00000-of-00001\.parquet#\d+$/);
    assert.equal(row.error, undefined);
  }
});

test(
  'augment from Parquet writes an image folder (split/class/container_member) whose pixels are the flipped members',
  { skip },
  async () => {
    const out = path.join(tmp.dir, 'out');
    const summary = await exportAugmented(hub, pipeline, { out, copies: 1, workers: 1 });
    assert.equal(summary.written, 21);
    assert.deepEqual(summary.failed, []);
    const manifest = JSON.parse(readFileSync(summary.manifest, 'utf8')) as {
      outputs: { file: string; source: string }[];
    };
    const first = manifest.outputs.find((o) => o.source === 'train-00000-of-00001.parquet#0')!;
    assert.equal(first.file, 'train/cat/train-00000-of-00001_0_aug0.png');
    assert.ok(existsSync(path.join(out, 'train', 'eel')));
    // The member is row 0 of train: the folder's first train file. Flipped back, the output is its pixels.
    const source = await sharp(path.join(folder, 'train/cat/cat_00.png')).raw().toBuffer();
    const flippedBack = await sharp(path.join(out, first.file)).flop().raw().toBuffer();
    assert.ok(source.equals(flippedBack));
  },
);

test(
  'augment from a damaged container stops with the container named, or writes what could be read',
  { skip },
  async () => {
    const out = path.join(tmp.dir, 'out-bad');
    const summary = await exportAugmented(path.join(tmp.dir, 'bad', 'parquet-bad-page'), pipeline, {
      out,
      copies: 1,
      workers: 0,
    });
    assert.equal(summary.written, 10);
  },
);
