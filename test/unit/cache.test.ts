import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import {
  analyzeDataset,
  type AnalyzeOptions,
  type AnalyzeProgress,
} from '../../src/core/engine/analyzeDataset';
import type { DatasetReport } from '../../src/core/engine/report';
import { createRng, randomImage, tempDir, writePng } from './helpers/images';

const tmp = tempDir();
const root = path.join(tmp.dir, 'ds');
const cacheDir = path.join(tmp.dir, 'cache');
const withoutRunFacts = (r: DatasetReport) => ({
  ...r,
  durationMs: 0,
  warnings: r.warnings.filter((w) => !w.startsWith('cache ')),
});

before(async () => {
  const rng = createRng(31);
  for (let i = 0; i < 40; i++)
    await writePng(
      path.join(root, i % 3 ? 'a' : 'b', `${i}.png`),
      randomImage(rng, 9 + (i % 5), 7, i % 4 ? 3 : 1),
    );
  writeFileSync(path.join(root, 'a', 'bad.png'), 'not a png');
  // Counted by the walk, not analysed: a run that goes on from the unchanged-folder check's listing must keep them.
  writeFileSync(path.join(root, 'a', 'notes.txt'), 'not an image');
  writeFileSync(path.join(root, 'b', '.hidden.png'), 'hidden');
});
after(() => tmp.cleanup());

const cacheFileEndingWith = (suffix: string) =>
  path.join(
    cacheDir,
    readdirSync(cacheDir).find((name) => name.endsWith(suffix))!,
  );
const recordCacheFile = () => cacheFileEndingWith('.cache');
const summaryFile = () => cacheFileEndingWith('.summary.json');

async function run(extra: AnalyzeOptions = { cacheDir }) {
  let last: AnalyzeProgress | undefined;
  const report = await analyzeDataset(root, { workers: 2, ...extra }, { onProgress: (p) => (last = p) });
  return { report, progress: last! };
}

test('a re-run of an unchanged folder takes every record from the cache and gives the same report', async () => {
  const first = await run();
  assert.equal(first.progress.cached, 0);
  const second = await run();
  assert.equal(second.progress.cached, 41, 'every file, the bad one included, comes from the cache');
  assert.deepEqual(withoutRunFacts(second.report), withoutRunFacts(first.report));
  const cacheFiles = readdirSync(cacheDir).sort();
  assert.equal(cacheFiles.length, 2, `records and run summary, no temp left: ${cacheFiles}`);
  assert.match(cacheFiles[0], /\.cache$/);
  assert.match(cacheFiles[1], /\.summary\.json$/);
});

test('one changed file costs one decode, and its new content is what the report shows', async () => {
  const before = (await run()).report;
  const changed = path.join(root, 'a', '1.png');
  await writePng(changed, { width: 5, height: 5, channels: 3, data: new Uint8Array(75).fill(255) });
  utimesSync(changed, new Date(), new Date(Date.now() + 5000));
  const after = await run();
  assert.equal(after.progress.cached, 40);
  assert.equal(after.progress.done, 41);
  assert.notDeepEqual(after.report.stats!.mean, before.stats!.mean);
  const fresh = await analyzeDataset(root, { workers: 0 });
  assert.deepEqual(withoutRunFacts(after.report), withoutRunFacts(fresh));
});

test('a truncated or garbage cache file is discarded with a warning and rebuilt, never fatal', async () => {
  await run();
  const file = recordCacheFile();
  // Without the run summary, which would answer an unchanged folder without reading any record.
  rmSync(summaryFile());
  const bytes = readFileSync(file);
  writeFileSync(file, bytes.subarray(0, bytes.length >> 1));
  const truncated = await run();
  // Records are framed by 512: the damaged only frame is dropped, and the run decodes everything instead.
  assert.equal(truncated.progress.cached, 0);
  assert.deepEqual(
    withoutRunFacts(truncated.report),
    withoutRunFacts(await analyzeDataset(root, { workers: 0 })),
  );
  writeFileSync(file, 'garbage garbage garbage');
  rmSync(summaryFile());
  const garbage = await run();
  assert.equal(garbage.progress.cached, 0);
  assert.match(garbage.report.warnings.join('\n'), /cache .* discarded: not a file of this kind/);
  const rebuilt = await run();
  assert.equal(rebuilt.progress.cached, 41);
});

test('without a cache folder nothing is read or written', async () => {
  const { progress } = await run({ cacheDir: undefined });
  assert.equal(progress.cached, 0);
});

test('a cache folder that cannot be written is a warning, not a failure', async () => {
  const blocked = path.join(tmp.dir, 'not-a-folder');
  writeFileSync(blocked, 'a file where the cache folder should be');
  const report = await analyzeDataset(root, { workers: 0, cacheDir: path.join(blocked, 'cache') });
  assert.equal(report.images, 40);
  assert.match(report.warnings.join('\n'), /cache not written: .*(ENOTDIR|EEXIST)/);
});

test('an unchanged folder is answered from the run summary, without reading a single record', async () => {
  const first = await run();
  // Garbage in place of the records: a run that read them would say so in a warning.
  writeFileSync(recordCacheFile(), 'garbage garbage garbage');
  const second = await run();
  assert.equal(second.progress.cached, 41);
  assert.deepEqual(second.report.warnings, first.report.warnings);
  assert.deepEqual(withoutRunFacts(second.report), withoutRunFacts(first.report));
  rmSync(summaryFile());
  const third = await run();
  assert.match(third.report.warnings.join('\n'), /discarded/, 'so the test above could fail');
});

test('the run summary is not reused once anything it was made from changes', async () => {
  await run();
  const fresh = (extra: AnalyzeOptions = {}) => analyzeDataset(root, { workers: 0, ...extra });

  // A new empty class folder: no file changed, but the classes did.
  mkdirSync(path.join(root, 'c'));
  const withEmptyClass = await run();
  assert.deepEqual(
    withEmptyClass.report.classes.map((c) => c.name),
    ['a', 'b', 'c'],
  );
  assert.deepEqual(withoutRunFacts(withEmptyClass.report), withoutRunFacts(await fresh()));

  // Other thresholds: same files, other findings.
  const strict = { quality: { dark: 0.99 } };
  const stricter = await run({ cacheDir, ...strict });
  assert.deepEqual(withoutRunFacts(stricter.report), withoutRunFacts(await fresh(strict)));
  assert.ok(stricter.report.quality.counts.dark > withEmptyClass.report.quality.counts.dark);

  // A file renamed: same bytes, another name.
  const renamed = await run({ cacheDir, ...strict });
  assert.equal(renamed.progress.cached, 41, 'the summary made with these thresholds answers');
  const { renameSync } = await import('node:fs');
  renameSync(path.join(root, 'a', '1.png'), path.join(root, 'a', '1-renamed.png'));
  const afterRename = await run({ cacheDir, ...strict });
  assert.ok(afterRename.report.issues.some((i) => i.file === 'a/1-renamed.png'));
  assert.deepEqual(withoutRunFacts(afterRename.report), withoutRunFacts(await fresh(strict)));
});
