import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import ignore from 'ignore';
import { analyzeDataset } from '../../src/core/engine/analyzeDataset';
import { listDataset } from '../../src/core/export/listDataset';
import { EXCLUDE_FILE, excludePattern } from '../../src/core/scan/excludeList';
import { writeImageFolder, writeShards } from './helpers/containerFixtures';
import { createRng, randomImage, tempDir, writePng } from './helpers/images';
import { NUMPY_PIL, pythonMissing } from './helpers/python';

const tmp = tempDir();
const root = path.join(tmp.dir, 'ds');
const rng = createRng(3);
const put = (file: string) => writePng(path.join(root, file), randomImage(rng, 8, 8, 3));

before(async () => {
  for (const c of ['cat', 'dog', 'junk']) for (let i = 0; i < 3; i++) await put(`train/${c}/${c}${i}.png`);
  await put('train/cat/cat0_copy.png');
  await put('val/cat/v0.png');
  await put('val/dog/v1.png');
  writeFileSync(
    path.join(root, EXCLUDE_FILE),
    ['# triage, 5 December', 'train/junk/', '*_copy.png', '/val/dog/v1.png', ''].join('\n'),
  );
});

after(() => tmp.cleanup());

describe(`${EXCLUDE_FILE}: files a user excluded are left out everywhere`, () => {
  it('analyze leaves them out, counts them, and an excluded class folder is no class at all', async () => {
    const report = await analyzeDataset(root, { workers: 0 });
    assert.deepEqual(
      report.classes.map((c) => [c.name, c.count]),
      [
        ['cat', 4],
        ['dog', 3],
      ],
    );
    assert.equal(report.skipped.excluded, 5);
    assert.equal(report.files, 7);
    assert.match(report.warnings.join('\n'), /5 file\(s\) excluded by \.datasetlensignore/);
  });

  it('augment, preview and probe list the dataset without them (one listing for all three)', async () => {
    const { entries } = await listDataset(root);
    const files = entries.map((e) => e.file);
    assert.equal(files.length, 7);
    for (const f of files) assert.doesNotMatch(f, /junk|_copy|v1\.png/);
  });

  it('a change to the file changes the report of a cached re-run (the summary is not reused)', async () => {
    const cacheDir = path.join(tmp.dir, 'cache');
    const first = await analyzeDataset(root, { workers: 0, cacheDir });
    writeFileSync(path.join(root, EXCLUDE_FILE), 'train/junk/\n');
    const second = await analyzeDataset(root, { workers: 0, cacheDir });
    writeFileSync(
      path.join(root, EXCLUDE_FILE),
      ['train/junk/', '*_copy.png', '/val/dog/v1.png', ''].join('\n'),
    );
    assert.equal(first.files, 7);
    assert.equal(second.files, 9);
  });

  it('a pattern made for one file matches that file only, whatever characters its name holds', () => {
    const names = [
      'train/cat/#1.png',
      'train/cat/!important.png',
      'train/cat/a*b.png',
      'train/cat/what?.png',
      'train/cat/[x].png',
      'train/cat/trailing .png',
      'train/cat/back\\slash.png',
      'train/cat/ends with space ',
    ];
    const others = [
      'train/cat/1.png',
      'train/cat/axb.png',
      'train/cat/whatx.png',
      'train/cat/x.png',
      'other/train/cat/#1.png',
    ];
    for (const name of names) {
      const ig = ignore().add(excludePattern(name));
      assert.ok(ig.ignores(name), `${JSON.stringify(excludePattern(name))} matches ${name}`);
      for (const other of [...others, ...names.filter((n) => n !== name)])
        assert.ok(!ig.ignores(other), `${JSON.stringify(excludePattern(name))} must not match ${other}`);
    }
  });
});

describe(`${EXCLUDE_FILE} beside container files`, { skip: pythonMissing(NUMPY_PIL) ?? undefined }, () => {
  const shards = path.join(tmp.dir, 'shards');
  let members: string[] = [];

  before(() => {
    const images = writeImageFolder(path.join(tmp.dir, 'shard-images'), 4);
    const train = images.filter((f) => f.split === 'train');
    members = [
      ...writeShards(
        shards,
        path.join(tmp.dir, 'shard-images'),
        { 'train-000.tar': train.slice(0, 6), 'train-001.tar': train.slice(6) },
        'cls',
      ).keys(),
    ];
    writeFileSync(
      path.join(shards, EXCLUDE_FILE),
      [excludePattern(members[0]), excludePattern(members[1]), '/train-001.tar', ''].join('\n'),
    );
  });

  it('a member it names is left out and counted; a container it names is not read', async () => {
    const report = await analyzeDataset(shards, { workers: 0 });
    assert.equal(report.layout, 'webdataset');
    assert.equal(report.files, 4, 'six members of train-000.tar, two excluded, train-001.tar left out');
    assert.equal(report.skipped.excluded, 2);
    const { entries } = await listDataset(shards);
    const listed = entries.map((e) => e.file);
    assert.equal(listed.length, 4);
    for (const f of listed) assert.ok(f.startsWith('train-000.tar#') && f !== members[0] && f !== members[1]);
  });
});
