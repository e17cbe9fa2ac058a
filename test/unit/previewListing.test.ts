import assert from 'node:assert/strict';
import { existsSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { listDataset } from '../../src/core/export/listDataset';
import { listForPreview } from '../../src/core/preview/previewListing';
import { createRng, randomImage, tempDir, writePng } from './helpers/images';

const files = (listed: { entries: { file: string }[] }) => listed.entries.map((e) => e.file);

test('listForPreview: the listing is kept while no folder changes, and made again when one does', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const rng = createRng(1);
    for (const file of ['train/ant/1.png', 'train/bee/2.png', 'val/ant/3.png'])
      await writePng(path.join(dir, file), randomImage(rng, 4, 4, 3));
    // Folders stamped in the past, so a change made now moves their mtime whatever the clock's resolution.
    const past = new Date(Date.now() - 60_000);
    const stampFolders = () => {
      for (const folder of ['', 'train', 'val', 'train/ant', 'train/bee', 'val/ant', 'val/cow'])
        if (existsSync(path.join(dir, folder))) utimesSync(path.join(dir, folder), past, past);
    };
    stampFolders();

    const first = await listForPreview(dir);
    assert.deepEqual(files(first), files(await listDataset(dir)));
    assert.equal(await listForPreview(dir), first, 'nothing changed: the same listing');

    const changes: [string, () => Promise<void> | void][] = [
      [
        'a file added to a class',
        () => writePng(path.join(dir, 'train/ant/4.png'), randomImage(rng, 4, 4, 3)),
      ],
      ['a file removed', () => rmSync(path.join(dir, 'train/bee/2.png'))],
      ['a class added', () => writePng(path.join(dir, 'val/cow/5.png'), randomImage(rng, 4, 4, 3))],
      ['a file renamed', () => renameSync(path.join(dir, 'val/ant/3.png'), path.join(dir, 'val/ant/6.png'))],
    ];
    let last = first;
    for (const [change, make] of changes) {
      await make();
      const again = await listForPreview(dir);
      assert.notEqual(again, last, change);
      assert.deepEqual(files(again), files(await listDataset(dir)), change);
      stampFolders();
      last = await listForPreview(dir);
    }
  } finally {
    cleanup();
  }
});

test('listForPreview: a labels CSV edited makes the listing again', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const rng = createRng(2);
    await writePng(path.join(dir, 'img', 'a.png'), randomImage(rng, 4, 4, 3));
    await writePng(path.join(dir, 'img', 'b.png'), randomImage(rng, 4, 4, 3));
    const csv = path.join(dir, 'labels.csv');
    writeFileSync(csv, 'file,label\nimg/a.png,cat\nimg/b.png,cat\n');
    const past = new Date(Date.now() - 60_000);
    utimesSync(csv, past, past);
    const first = await listForPreview(path.join(dir), { labelsCsv: csv });
    assert.deepEqual(
      first.entries.map((e) => e.label),
      ['cat', 'cat'],
    );
    writeFileSync(csv, 'file,label\nimg/a.png,cat\nimg/b.png,dog\n');
    const again = await listForPreview(path.join(dir), { labelsCsv: csv });
    assert.deepEqual(
      again.entries.map((e) => e.label),
      ['cat', 'dog'],
    );
  } finally {
    cleanup();
  }
});
