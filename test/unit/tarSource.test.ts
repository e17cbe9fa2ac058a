import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import sharp from 'sharp';
import { pack } from 'tar-stream';
import { analyzeDataset } from '../../src/core/engine/analyzeDataset';
import { braceExpand } from '../../src/core/source/braceExpand';
import { comparable } from './helpers/comparableReport';
import { writeImageFolder, writeShards } from './helpers/containerFixtures';
import { tempDir } from './helpers/images';
import { NUMPY_PIL, pythonMissing } from './helpers/python';

const tmp = tempDir();
const folder = path.join(tmp.dir, 'folder');
const shardsDir = path.join(tmp.dir, 'shards');
const patternDir = path.join(tmp.dir, 'pattern');
const skip = pythonMissing(NUMPY_PIL) ?? undefined;
let folderFileOf = new Map<string, string>();

before(() => {
  if (skip) return;
  const files = writeImageFolder(folder, 8);
  const train = files.filter((f) => f.split === 'train');
  const half = train.length >> 1;
  folderFileOf = new Map([
    ...writeShards(
      shardsDir,
      folder,
      { 'train-000.tar': train.slice(0, half), 'train-001.tar': train.slice(half) },
      'cls',
    ),
    ...writeShards(shardsDir, folder, { 'test-000.tar': files.filter((f) => f.split === 'test') }, 'json'),
  ]);
  writeShards(
    patternDir,
    folder,
    { 'shard-000.tar': train.slice(0, 5), 'shard-001.tar': train.slice(5, 9) },
    'cls-index',
    ['cat', 'dog', 'eel'],
  );
});
after(() => tmp.cleanup());

/** Members are named by their tar names: `test-000.tar#sample/s0_0003.png`. */
const rename = (file: string) => folderFileOf.get(file) ?? file;

test(
  'WebDataset: a folder of shards, labels from .cls and .json, splits from shard names; statistics equal the folder to the bit',
  { skip },
  async () => {
    const shards = await analyzeDataset(shardsDir, { workers: 2 });
    const images = await analyzeDataset(folder, { workers: 2 });
    assert.equal(shards.layout, 'webdataset');
    assert.deepEqual(shards.splits.map((s) => s.name).sort(), ['test', 'train']);
    assert.ok(shards.issues.some((i) => i.file.startsWith('test-000.tar#sample/') && i.kind === 'leakage'));
    const renamedComparable = comparable(shards, rename);
    assert.deepEqual(renamedComparable, comparable(images));
  },
);

test(
  'WebDataset: a brace pattern names the shards; a shard it names that is missing is one issue',
  { skip },
  async () => {
    const report = await analyzeDataset(path.join(patternDir, 'shard-{000..002}.tar'), { workers: 0 });
    assert.equal(report.files, 9);
    assert.equal(report.images, 9);
    assert.deepEqual(
      report.classes.map((c) => c.name),
      ['0', '1'],
    );
    const missing = report.issues.filter((i) => i.kind === 'unlistable');
    assert.equal(missing.length, 1);
    assert.equal(missing[0].file, 'shard-002.tar');
    assert.match(missing[0].message, /ENOENT/);
  },
);

test('shard patterns expand as braceexpand does: padded ranges, lists, several braces, a bound', () => {
  assert.deepEqual(braceExpand('s-{08..10}.tar'), ['s-08.tar', 's-09.tar', 's-10.tar']);
  assert.deepEqual(braceExpand('{a,b}-{0..1}.tar'), ['a-0.tar', 'a-1.tar', 'b-0.tar', 'b-1.tar']);
  assert.equal(braceExpand('plain.tar'), undefined);
  assert.throws(() => braceExpand('s-{0..99999999}.tar'), /more than 100000 files/);
});

test('WebDataset: a label file that gives no label is an unusable_label issue; other members are skipped', async () => {
  const dir = path.join(tmp.dir, 'odd');
  const png = await sharp({ create: { width: 4, height: 3, channels: 3, background: '#336699' } })
    .png()
    .toBuffer();
  const archive = pack();
  archive.entry({ name: 'a/1.png' }, png);
  archive.entry({ name: 'a/1.json' }, '{"caption": "no label here"}');
  archive.entry({ name: 'a/1.txt' }, 'a caption');
  archive.entry({ name: 'a/2.png' }, png);
  archive.entry({ name: 'a/2.cls' }, '7\n');
  archive.finalize();
  const pieces: Buffer[] = [];
  for await (const piece of archive) pieces.push(piece as Buffer);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'only.tar'), Buffer.concat(pieces));
  const report = await analyzeDataset(path.join(dir, 'only.tar'), { workers: 0 });
  assert.equal(report.files, 2);
  assert.deepEqual(
    report.classes.map((c) => [c.name, c.count]),
    [['7', 1]],
  );
  assert.deepEqual(
    report.issues.map((i) => [i.file, i.kind, i.message]),
    [['only.tar#a/1.png', 'unusable_label', 'a/1.json gives no label']],
  );
});
