import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { analyzeDataset } from '../../src/core/engine/analyzeDataset';
import { comparable } from './helpers/comparableReport';
import { writeImageFolder } from './helpers/containerFixtures';
import { tempDir } from './helpers/images';
import { rowsOfFiles, writeHubParquet } from './helpers/parquetFixtures';
import { NUMPY_PIL, pythonMissing } from './helpers/python';

const tmp = tempDir();
const folder = path.join(tmp.dir, 'folder');
const hub = path.join(tmp.dir, 'hub');
/** A Hugging Face dataset repository as cloned: a dataset card and the Parquet files under data/. */
const repo = path.join(tmp.dir, 'repo');
const skip = pythonMissing(NUMPY_PIL) ?? undefined;
const CLASSES = ['cat', 'dog', 'eel'];
/** `train-00000-of-00001.parquet#3` -> the folder's file of that row. */
const folderFileOf = new Map<string, string>();

before(() => {
  if (skip) return;
  const files = writeImageFolder(folder, 9);
  mkdirSync(hub, { recursive: true });
  for (const split of ['train', 'test']) {
    const name = `${split}-00000-of-00001.parquet`;
    const ofSplit = files.filter((f) => f.split === split);
    writeHubParquet(path.join(hub, name), rowsOfFiles(folder, ofSplit, CLASSES), CLASSES);
    ofSplit.forEach((f, k) => folderFileOf.set(`${name}#${k}`, f.file));
  }
  mkdirSync(path.join(repo, 'data'), { recursive: true });
  for (const split of ['train', 'test']) {
    const name = `${split}-00000-of-00001.parquet`;
    copyFileSync(path.join(hub, name), path.join(repo, 'data', name));
  }
  writeFileSync(
    path.join(repo, 'README.md'),
    '---\nconfigs:\n- config_name: default\n  data_files:\n  - split: train\n    path: data/train-*\n---\n# pets\n',
  );
  writeFileSync(path.join(repo, '.gitattributes'), '*.parquet filter=lfs diff=lfs merge=lfs -text\n');
});
after(() => tmp.cleanup());

const rename = (file: string) => folderFileOf.get(file) ?? file;

test(
  'Hugging Face Parquet: splits from file names, class names from the metadata, statistics equal the folder to the bit',
  { skip },
  async () => {
    const parquet = await analyzeDataset(hub, { workers: 2 });
    const images = await analyzeDataset(folder, { workers: 2 });
    assert.equal(parquet.layout, 'parquet');
    assert.deepEqual(parquet.splits.map((s) => s.name).sort(), ['test', 'train']);
    assert.deepEqual(
      parquet.classes.map((c) => c.name),
      CLASSES,
    );
    assert.ok(parquet.quality.leakage.length > 0, 'the duplicate across splits is found');
    assert.deepEqual(comparable(parquet, rename), comparable(images));
  },
);

test('Hugging Face Parquet: one file alone, read in process, gives its split', { skip }, async () => {
  const one = await analyzeDataset(path.join(hub, 'test-00000-of-00001.parquet'), { workers: 0 });
  assert.deepEqual(
    one.splits.map((s) => s.name),
    ['test'],
  );
  assert.equal(one.files, 9);
  assert.equal(one.images, 9);
});

test('Hugging Face Parquet: a row without image bytes and one without a label are said, not dropped', async () => {
  const dir = path.join(tmp.dir, 'odd');
  mkdirSync(dir, { recursive: true });
  writeHubParquet(
    path.join(dir, 'train-00000-of-00001.parquet'),
    [
      { bytes: null, path: 'elsewhere/a.jpg', label: 0 },
      { bytes: null, path: null, label: -1 },
    ],
    ['only'],
  );
  const report = await analyzeDataset(dir, { workers: 0 });
  assert.equal(report.files, 2);
  assert.deepEqual(
    report.issues.map((i) => [i.file, i.kind, i.message]),
    [
      [
        'train-00000-of-00001.parquet#0',
        'unsupported',
        'no image bytes in this row, only a path (elsewhere/a.jpg): not read',
      ],
      ['train-00000-of-00001.parquet#1', 'unsupported', 'no image in this row (null)'],
    ],
  );
  assert.equal(report.skipped.unlabelled, 1);
});

test(
  'A Hugging Face repository (README.md, data/*.parquet) reads as one dataset, its data/ files as splits',
  { skip },
  async () => {
    const fromRepo = await analyzeDataset(repo, { workers: 0 });
    const fromData = await analyzeDataset(hub, { workers: 0 });
    assert.equal(fromRepo.layout, 'parquet');
    assert.deepEqual(fromRepo.splits.map((s) => s.name).sort(), ['test', 'train']);
    assert.ok(
      fromRepo.issues.every((i) => i.file.startsWith('data/')),
      'members are named under data/',
    );
    assert.deepEqual(
      comparable(fromRepo, (file) => file.replace(/^data\//, '')),
      comparable(fromData),
    );
  },
);
