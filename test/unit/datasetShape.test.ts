import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { datasetShape, datasetsInside, holdsNestedClasses } from '../../src/core/scan/datasetShape';
import { tempDir } from './helpers/images';

const tmp = tempDir();
after(() => tmp.cleanup());
const touch = (...parts: string[]) => {
  const file = path.join(tmp.dir, ...parts);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, '');
};

// A workspace of four datasets: two folders of class folders, one with splits, one of CSV-free loose images.
for (const c of ['cat', 'dog']) touch('ws', 'pets', c, '1.jpg');
for (const c of ['0', '1', '2']) touch('ws', 'digits', c, 'a.png');
for (const s of ['train', 'val']) for (const c of ['circle', 'star']) touch('ws', 'shapes', s, c, 'x.png');
touch('ws', 'loose', 'only.png');
touch('ws', 'notes', 'readme.txt');

describe('Analyze Folder…: which folders look like dataset roots', () => {
  it('folders of class folders, and split folders of class folders, are datasets', async () => {
    assert.deepEqual(await datasetShape(path.join(tmp.dir, 'ws', 'pets')), { kind: 'classes', classes: 2 });
    assert.deepEqual(await datasetShape(path.join(tmp.dir, 'ws', 'shapes')), {
      kind: 'splits',
      splits: ['train', 'val'],
    });
    assert.equal(await datasetShape(path.join(tmp.dir, 'ws', 'loose')), undefined);
  });

  it('a workspace of datasets is none itself, and names the datasets it holds', async () => {
    const ws = path.join(tmp.dir, 'ws');
    assert.equal(await datasetShape(ws), undefined, 'its "classes" would be datasets');
    assert.deepEqual(await datasetsInside(ws), ['digits', 'pets', 'shapes']);
  });

  it('a dataset whose classes hold sub-folders is one dataset, not a folder of datasets', async () => {
    for (const c of ['cat', 'dog']) for (const sub of ['indoor', 'outdoor']) touch('nested', c, sub, '1.jpg');
    touch('nested', 'bird', 'b.jpg');
    const nested = path.join(tmp.dir, 'nested');
    assert.deepEqual(await datasetsInside(nested), ['cat', 'dog'], 'its classes look like datasets');
    assert.equal(await holdsNestedClasses(nested), true);
    assert.deepEqual(await datasetShape(nested), { kind: 'classes', classes: 3, nested: true });
    assert.equal(
      await holdsNestedClasses(path.join(tmp.dir, 'ws')),
      false,
      'loose and notes hold no classes',
    );
    assert.equal(await holdsNestedClasses(path.join(tmp.dir, 'ws', 'shapes')), false, 'split folders');
  });
});
