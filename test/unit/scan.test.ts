import assert from 'node:assert/strict';
import { mkdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { listDataset } from '../../src/core/export/listDataset';
import { planScan } from '../../src/core/scan/scanDataset';
import type { FileEntry } from '../../src/core/scan/scanPlan';
import { emptyCounters } from '../../src/core/scan/walk';
import { UsageError } from '../../src/core/util/errors';
import { tempDir } from './helpers/images';

const tmp = tempDir();
after(() => tmp.cleanup());

function touch(...parts: string[]): void {
  const file = path.join(tmp.dir, ...parts);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, 'x');
}

async function collect(root: string, labelsCsv?: string) {
  const plan = await planScan(root, { labelsCsv });
  const counters = emptyCounters();
  const entries: FileEntry[] = [];
  for await (const entry of plan.entries(counters)) entries.push(entry);
  return { plan, counters, entries };
}

test('ImageFolder: class folders, nested files, hidden and non-image files counted, empty class kept', async () => {
  const root = path.join(tmp.dir, 'folder');
  touch('folder', 'dog', 'b.JPG');
  touch('folder', 'dog', 'a.png');
  touch('folder', 'cat', 'sub', 'x.webp');
  touch('folder', 'cat', '.hidden.png');
  touch('folder', 'cat', 'notes.txt');
  touch('folder', 'loose.png');
  mkdirSync(path.join(root, 'empty'), { recursive: true });
  const { plan, counters, entries } = await collect(root);
  assert.equal(plan.layout, 'imagefolder');
  assert.deepEqual([...plan.classFolders.get('')!], ['cat', 'dog', 'empty']);
  assert.deepEqual(
    entries.map((e) => [e.file, e.label]),
    [
      ['cat/sub/x.webp', 'cat'],
      ['dog/a.png', 'dog'],
      ['dog/b.JPG', 'dog'],
    ],
  );
  assert.equal(counters.hidden, 1);
  assert.equal(counters.nonImage, 1);
  assert.equal(counters.ignoredLoose, 1);
  assert.match(plan.warnings.join('\n'), /1 image file\(s\) at the top level were ignored/);
});

test('one class folder holding split folders (images/train/<class>): read as ImageFolder, with a warning saying so', async () => {
  touch('wrapped', 'images', 'train', 'cat', '1.png');
  touch('wrapped', 'images', 'train', 'dog', '2.png');
  touch('wrapped', 'images', 'val', 'cat', '3.png');
  const { plan, entries } = await collect(path.join(tmp.dir, 'wrapped'));
  assert.equal(plan.layout, 'imagefolder');
  assert.deepEqual(
    entries.map((e) => e.label),
    ['images', 'images', 'images'],
  );
  assert.ok(
    plan.warnings.includes(
      'The only class folder, "images", holds split folders (train, val): to read them as splits and their folders as classes, analyse "images" itself',
    ),
    plan.warnings.join('\n'),
  );
  // Two class folders are a dataset of two classes, whatever their sub-folders are called.
  touch('two', 'a', 'train', '1.png');
  touch('two', 'b', '2.png');
  const two = await collect(path.join(tmp.dir, 'two'));
  assert.deepEqual(two.plan.warnings, []);
});

test('split folders: train|valid|test with classes; split names kept as on disk', async () => {
  const root = path.join(tmp.dir, 'splits');
  touch('splits', 'train', 'a', '1.png');
  touch('splits', 'train', 'b', '2.png');
  touch('splits', 'valid', 'a', '3.png');
  touch('splits', 'test', '4.png');
  const { plan, entries } = await collect(root);
  assert.equal(plan.layout, 'splits');
  assert.deepEqual(plan.splitNames, ['test', 'train', 'valid']);
  assert.deepEqual(
    entries.map((e) => [e.file, e.split, e.label]),
    [
      ['test/4.png', 'test', undefined],
      ['train/a/1.png', 'train', 'a'],
      ['train/b/2.png', 'train', 'b'],
      ['valid/a/3.png', 'valid', 'a'],
    ],
  );
});

test('CSV labels: header optional, split column honoured, missing files listed', async () => {
  const root = path.join(tmp.dir, 'csv');
  touch('csv', 'img', '1.png');
  touch('csv', 'img', '2.png');
  touch('csv', 'img', '3.png');
  const withHeader = path.join(tmp.dir, 'labels.csv');
  writeFileSync(
    withHeader,
    'filename,label,split\nimg/1.png,cat,train\n"img/2.png",dog,val\nimg/gone.png,dog,train\n',
  );
  const a = await collect(root, withHeader);
  assert.equal(a.plan.layout, 'csv');
  assert.deepEqual(
    a.entries.map((e) => [e.file, e.label, e.split]),
    [
      ['img/1.png', 'cat', 'train'],
      ['img/2.png', 'dog', 'val'],
      ['img/3.png', undefined, undefined],
    ],
  );
  assert.deepEqual(a.plan.missingFromDisk(), ['img/gone.png']);
  const noHeader = path.join(tmp.dir, 'plain.csv');
  writeFileSync(noHeader, 'img/1.png,cat\nimg/3.png,bird\n');
  const b = await collect(root, noHeader);
  assert.deepEqual(
    b.entries.map((e) => e.label),
    ['cat', undefined, 'bird'],
  );
  const bad = path.join(tmp.dir, 'bad.csv');
  writeFileSync(bad, 'only-one-column\n');
  await assert.rejects(
    collect(root, bad),
    (e: Error) => e instanceof UsageError && /expected "file,label"/.test(e.message),
  );
});

test('flat folder without subfolders is unlabelled', async () => {
  touch('flat', 'a.png');
  touch('flat', 'b.gif');
  const { plan, entries } = await collect(path.join(tmp.dir, 'flat'));
  assert.equal(plan.layout, 'flat');
  assert.deepEqual(
    entries.map((e) => e.label),
    [undefined, undefined],
  );
});

test('symlink loops end, and names that are not valid UTF-8 are still opened by their bytes', async () => {
  const root = path.join(tmp.dir, 'odd');
  touch('odd', 'cls', 'ok.png');
  symlinkSync(path.join(root, 'cls'), path.join(root, 'cls', 'loop'));
  const badName = Buffer.concat([
    Buffer.from(path.join(root, 'cls') + path.sep),
    Buffer.from([0x62, 0xff, 0x2e, 0x70, 0x6e, 0x67]),
  ]);
  writeFileSync(badName, 'x');
  const { counters, entries } = await collect(root);
  assert.equal(counters.symlinkLoops, 1);
  assert.equal(entries.length, 2);
  const odd = entries.find((e) => e.file.includes('\uFFFD'))!;
  assert.equal(odd.file, 'cls/b\uFFFD.png');
  assert.ok(Buffer.isBuffer(odd.open), 'opened by bytes');
  assert.deepEqual(Buffer.from(odd.open as Uint8Array), badName);
});

test('files come in byte order, whether a folder is listed as text or (holding an undecodable name) by bytes', async () => {
  // U+1F600 (a surrogate pair in JS) sorts after U+FF21 by bytes, before it by JS's default string order.
  // A leading U+FEFF is part of a name, not a byte order mark to drop (the file would not open).
  const names = ['b', 'a', 'B', '\uFF21', '\u{1F600}', 'ab', 'a\u00e9', '10', '9', '\uFEFFz'].map(
    (n) => `${n}.png`,
  );
  const bytesOrder = (list: Buffer[]) => [...list].sort(Buffer.compare);
  const asText = new TextDecoder('utf-8', { ignoreBOM: true });
  for (const [folder, extra] of [
    ['text', []],
    [
      'bytes',
      [
        Buffer.from([0x62, 0xff, 0x2e, 0x70, 0x6e, 0x67]),
        Buffer.from('\uFFFD.png'),
        Buffer.from([0xef, 0xbb, 0xbf, 0x79, 0xff, 0x2e, 0x70, 0x6e, 0x67]),
      ],
    ],
  ] as const) {
    const dir = path.join(tmp.dir, 'order', folder, 'cls');
    mkdirSync(dir, { recursive: true });
    const onDisk = [...names.map((n) => Buffer.from(n)), ...extra];
    for (const name of onDisk) writeFileSync(Buffer.concat([Buffer.from(dir + path.sep), name]), 'x');
    const { entries } = await collect(path.join(tmp.dir, 'order', folder));
    const expected = bytesOrder(onDisk).map((name) => `cls/${asText.decode(name)}`);
    assert.deepEqual(
      entries.map((e) => e.file),
      expected,
      folder,
    );
    for (const { open, file } of entries) {
      const openable = typeof open === 'string' ? open : Buffer.from(open);
      assert.equal(statSync(openable).size, 1, `${file} opens`);
    }
  }
});

test('a missing folder or a file is a usage error', async () => {
  await assert.rejects(
    planScan(path.join(tmp.dir, 'nope')),
    (e: Error) => e instanceof UsageError && /not found/.test(e.message),
  );
  touch('file.png');
  await assert.rejects(
    planScan(path.join(tmp.dir, 'file.png')),
    (e: Error) => e instanceof UsageError && /Not a folder/.test(e.message),
  );
});

test('chunks hold the entries in order, a big folder in several; without stat sizes are -1', async () => {
  const root = path.join(tmp.dir, 'chunks');
  for (let i = 0; i < 600; i++) touch('chunks', 'cat', `${String(i).padStart(4, '0')}.png`);
  touch('chunks', 'dog', 'only.png');
  const { entries } = await collect(root);
  const plan = await planScan(root, { statFiles: false });
  const chunks: FileEntry[][] = [];
  for await (const chunk of plan.entryChunks(emptyCounters())) chunks.push(chunk);
  assert.deepEqual(
    chunks.map((c) => c.length),
    [256, 256, 88, 1],
  );
  const flat = chunks.flat();
  assert.deepEqual(
    flat.map((e) => [e.file, e.label, e.size, e.mtimeMs]),
    entries.map((e) => [e.file, e.label, -1, -1]),
  );
  assert.ok(
    entries.every((e) => e.size === 1 && e.mtimeMs > 0),
    'stat by default',
  );
});

test('a folder reached again through a link is walked once, at its own path (loops, aliases, links into splits)', async () => {
  const root = path.join(tmp.dir, 'aliases');
  touch('aliases', 'cat', 'c.png');
  touch('aliases', 'dog', 'd.png');
  touch('aliases', 'dog', 'sub', 'e.png');
  touch('aliases', 'loose.png');
  symlinkSync('..', path.join(root, 'cat', 'loop')); // the dataset root: every class again, under `cat`
  symlinkSync('../dog/sub', path.join(root, 'cat', 'alias')); // another class's folder
  symlinkSync('dog', path.join(root, 'pup')); // a whole class folder under a second name
  const { counters, entries } = await collect(root);
  assert.deepEqual(
    entries.map((e) => [e.file, e.label]),
    [
      ['cat/c.png', 'cat'],
      ['dog/d.png', 'dog'],
      ['dog/sub/e.png', 'dog'],
    ],
  );
  assert.equal(counters.symlinkLoops, 3);
  assert.equal(counters.outsideRoot, 0);

  // Splits: a link from train into val is the same images again (false leakage); a link into a folder no split
  // walks is the only path to its images, and is followed.
  const splits = path.join(tmp.dir, 'split-aliases');
  touch('split-aliases', 'val', 'cat', 'v.png');
  touch('split-aliases', 'train', 'cat', 't.png');
  touch('split-aliases', 'all', 'dog', 'a.png');
  symlinkSync('../../val/cat', path.join(splits, 'train', 'cat', 'more'));
  symlinkSync('../all/dog', path.join(splits, 'train', 'dog'));
  symlinkSync('../all/dog', path.join(splits, 'val', 'dog'));
  const s = await collect(splits);
  assert.deepEqual(
    s.entries.map((e) => [e.file, e.split, e.label]),
    [
      ['train/cat/t.png', 'train', 'cat'],
      ['train/dog/a.png', 'train', 'dog'],
      ['val/cat/v.png', 'val', 'cat'],
    ],
  );
  // train/cat/more (val/cat again) and val/dog (all/dog, entered already through train/dog).
  assert.equal(s.counters.symlinkLoops, 2);
});

test('links that leave the dataset folder are not followed unless asked, and are counted', async () => {
  const outside = path.join(tmp.dir, 'elsewhere');
  touch('elsewhere', 'far', 'x.png');
  touch('elsewhere', 'secret.png');
  const root = path.join(tmp.dir, 'leaving');
  touch('leaving', 'cat', 'c.png');
  symlinkSync(path.join(outside, 'far'), path.join(root, 'cat', 'far'));
  symlinkSync(path.join(outside, 'secret.png'), path.join(root, 'cat', 'secret.png'));
  symlinkSync(outside, path.join(root, 'dog')); // a class folder that is a link outside
  const { plan, counters, entries } = await collect(root);
  assert.deepEqual(
    entries.map((e) => e.file),
    ['cat/c.png'],
  );
  assert.equal(counters.outsideRoot, 3);
  assert.equal(counters.nonImage, 0);
  assert.deepEqual([...plan.classFolders.get('')!], ['cat', 'dog']);

  const followed = await planScan(root, { followExternalLinks: true });
  const all = emptyCounters();
  const files: string[] = [];
  for await (const entry of followed.entries(all)) files.push(entry.file);
  // dog/far is elsewhere/far again, entered already as cat/far. (A file reached by two names is two files, as a
  // copy would be: an exact duplicate, which ImageFolder would load twice too.)
  assert.deepEqual(files, ['cat/c.png', 'cat/secret.png', 'cat/far/x.png', 'dog/secret.png']);
  assert.equal(all.outsideRoot, 0);
  assert.equal(all.symlinkLoops, 1);
  // augment, preview and probe list through listDataset: the same rule and the same option.
  assert.deepEqual(
    (await listDataset(root)).entries.map((e) => e.file),
    ['cat/c.png'],
  );
  assert.equal((await listDataset(root, { followExternalLinks: true })).entries.length, 4);

  // The dataset root given through a link: its real folder is the dataset, links inside it stay inside.
  const viaLink = path.join(tmp.dir, 'leaving-link');
  symlinkSync(root, viaLink);
  const v = await collect(viaLink);
  assert.equal(v.counters.outsideRoot, 3);
  assert.equal(v.entries.length, 1);
});

test('CSV labels: repeated rows, an empty label and a third column without a header are never a silent choice', async () => {
  const root = path.join(tmp.dir, 'csv-rows');
  for (const name of ['a', 'b', 'c', 'd', 'e']) touch('csv-rows', `${name}.png`);
  const write = (name: string, text: string) => {
    const file = path.join(tmp.dir, name);
    writeFileSync(file, text);
    return file;
  };
  const rows = write(
    'rows.csv',
    'file,label\na.png,cat\nb.png,cat\nb.png,dog\nc.png,\nd.png,dog\nd.png,dog\ngone.png,cat\ngone.png,dog\n',
  );
  const { plan, entries } = await collect(root, rows);
  assert.deepEqual(
    entries.map((e) => [e.file, e.label, e.labelIssue]),
    [
      ['a.png', 'cat', undefined],
      [
        'b.png',
        undefined,
        'listed 2 times in the labels file (lines 3, 4) with different labels ("cat", "dog"): left unlabelled rather than one picked',
      ],
      ['c.png', undefined, 'the labels file gives it an empty label (line 5): left unlabelled'],
      ['d.png', 'dog', undefined],
      ['e.png', undefined, undefined],
    ],
  );
  assert.match(
    plan.warnings.join('\n'),
    /1 file\(s\) are listed more than once .* same label.*d\.png \(lines 6, 7\)/,
  );
  // A file that is not on disk is missing, whatever its rows say.
  assert.deepEqual(plan.missingFromDisk(), ['gone.png']);

  // No header: a third column of split names is the split, said in a warning; any other third column is left out,
  // said too.
  const splits = await collect(root, write('splits.csv', 'a.png,cat,train\nb.png,dog,val\nd.png,dog\n'));
  assert.deepEqual(
    splits.entries.filter((e) => e.label).map((e) => [e.file, e.label, e.split]),
    [
      ['a.png', 'cat', 'train'],
      ['b.png', 'dog', 'val'],
      ['d.png', 'dog', undefined],
    ],
  );
  assert.deepEqual(splits.plan.splitNames, ['train', 'val']);
  assert.match(
    splits.plan.warnings.join('\n'),
    /no header row: its third column was read as the split \(train, val\)/,
  );
  const other = await collect(root, write('other.csv', 'a.png,cat,0.93\nb.png,dog,0.41\n'));
  assert.deepEqual(
    other.entries.filter((e) => e.label).map((e) => [e.file, e.split]),
    [
      ['a.png', undefined],
      ['b.png', undefined],
    ],
  );
  assert.match(other.plan.warnings.join('\n'), /third column \(0\.93, 0\.41\) was ignored/);
});
