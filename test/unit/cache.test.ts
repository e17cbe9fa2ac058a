import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { analyzeDataset, analyzeDatasetJson } from '../../src/core/engine/analyzeDataset';
import type { AnalyzeOptions, AnalyzeProgress } from '../../src/core/engine/analyzeOptions';
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
const summaryFile = () => cacheFileEndingWith('.summary.jsonl');

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
  assert.match(cacheFiles[1], /\.summary\.jsonl$/);
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
  assert.match(
    truncated.report.warnings.join('\n'),
    /cache .*: 1 damaged frame skipped \(checksum mismatch\); their images were analysed again/,
  );
  assert.deepEqual(
    withoutRunFacts(truncated.report),
    withoutRunFacts(await analyzeDataset(root, { workers: 0 })),
  );
  // A run with a warning about its cache writes no run summary: the next reads the records.
  assert.equal(readdirSync(cacheDir).filter((name) => name.endsWith('.summary.jsonl')).length, 0);
  writeFileSync(file, 'garbage garbage garbage');
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

/** The JSON of a report with its duration set to 0, as text: key order counts. */
const jsonWithoutDuration = (json: string) => json.replace(/"durationMs":\d+\}$/, '"durationMs":0}');
const reportAsJson = (report: DatasetReport) => jsonWithoutDuration(JSON.stringify(report));
const jsonRun = async () =>
  jsonWithoutDuration(Buffer.concat(await analyzeDatasetJson(root, { workers: 2, cacheDir })).toString());

test('analyzeDatasetJson gives the bytes of JSON.stringify(report), fresh and from the run summary', async () => {
  rmSync(cacheDir, { recursive: true, force: true });
  const fromRun = await jsonRun();
  const report = await analyzeDataset(root, { workers: 0 });
  assert.equal(fromRun, reportAsJson(report));
  // Records are garbage: only the run summary can give this answer.
  writeFileSync(recordCacheFile(), 'garbage garbage garbage');
  const fromSummary = await jsonRun();
  assert.equal(fromSummary, reportAsJson(report));
  assert.equal(reportAsJson((await run()).report), reportAsJson(report));
  assert.doesNotMatch(readFileSync(summaryFile(), 'utf8'), /durationMs/, "a run's duration is its own");
});

test('a damaged or foreign run summary is not used: the run goes on from the records', async () => {
  const expected = reportAsJson(await analyzeDataset(root, { workers: 0 }));
  rmSync(cacheDir, { recursive: true, force: true });
  await run();
  const stored = readFileSync(summaryFile());
  // One byte of a file name changed: still valid JSON, and a wrong report if it were printed.
  const at = stored.indexOf('"file":"a/');
  assert.ok(at > 0);
  const damaged = Buffer.from(stored);
  damaged[at + 9] = 'z'.charCodeAt(0);
  writeFileSync(summaryFile(), damaged);
  assert.equal(await jsonRun(), expected);
  writeFileSync(summaryFile(), damaged);
  assert.equal(reportAsJson((await run()).report), expected);
  // A summary of the earlier format (one JSON document) and plain garbage are not used either.
  const report = JSON.parse(stored.subarray(stored.indexOf(0x0a) + 1).toString());
  const fingerprint = JSON.parse(stored.subarray(0, stored.indexOf(0x0a)).toString()).fingerprint;
  writeFileSync(summaryFile(), JSON.stringify({ format: 1, fingerprint, report: { ...report, images: 1 } }));
  assert.equal(await jsonRun(), expected);
  writeFileSync(summaryFile(), 'garbage\n{}');
  assert.equal(await jsonRun(), expected);
  assert.equal(readFileSync(summaryFile()).compare(stored), 0, 'rewritten as it was');
});

test('a cache of an earlier format is not read, makes no warning, and is removed once the new one is written', async () => {
  rmSync(cacheDir, { recursive: true, force: true });
  await run();
  const records = recordCacheFile();
  const id = path.basename(records).split('.')[0];
  // What an earlier version left for this folder (and for another folder, which stays).
  rmSync(cacheDir, { recursive: true, force: true });
  mkdirSync(cacheDir);
  const earlier = [`${id}.v1.cache`, `${id}.v1.summary.jsonl`];
  for (const name of earlier) writeFileSync(path.join(cacheDir, name), 'DATASET-LENS-CACHE\nan older layout');
  writeFileSync(path.join(cacheDir, '0123456789abcdef0123.v1.cache'), 'another folder');
  const upgraded = await run();
  assert.equal(upgraded.progress.cached, 0);
  assert.deepEqual(
    upgraded.report.warnings.filter((w) => w.startsWith('cache ')),
    [],
  );
  assert.deepEqual(
    readdirSync(cacheDir).sort(),
    [
      '0123456789abcdef0123.v1.cache',
      path.basename(records),
      path.basename(records).replace(/\.cache$/, '.summary.jsonl'),
    ].sort(),
  );
});

test('one changed file early in a large folder is analysed during the walk: later records are not all held back', async () => {
  // The cache and the run's fingerprint are written in scan order: records answered from the cache wait behind
  // the changed file until its result is in. Its part batch used to go to the workers only after the walk, so a
  // re-run held every later record (931 MB instead of 262 MB for 200,000 tiny PNGs).
  const large = path.join(tmp.dir, 'large');
  const files = 4200;
  const pixel = { width: 2, height: 2, channels: 1 as const, data: new Uint8Array(4) };
  for (let i = 0; i < files; i++) {
    pixel.data.fill(i % 256);
    await writePng(path.join(large, `c${i % 2}`, `${String(i).padStart(5, '0')}.png`), pixel);
  }
  const largeCache = path.join(tmp.dir, 'large-cache');
  await analyzeDataset(large, { workers: 1, cacheDir: largeCache });
  const first = path.join(large, 'c0', '00000.png');
  utimesSync(first, new Date(), new Date(Date.now() + 5000));
  const seen: AnalyzeProgress[] = [];
  const report = await analyzeDataset(
    large,
    { workers: 1, cacheDir: largeCache },
    { onProgress: (p) => seen.push({ ...p }) },
  );
  const analysed = seen.find((p) => p.done > p.cached);
  assert.ok(analysed, 'a progress after the changed file was analysed');
  assert.equal(analysed.scanning, true, `analysed after ${analysed.done} of ${files} records, walk over`);
  assert.equal(seen.at(-1)!.cached, files - 1);
  const fresh = await analyzeDataset(large, { workers: 1 });
  assert.deepEqual(withoutRunFacts(report), withoutRunFacts(fresh));
});
