import assert from 'node:assert/strict';
import { readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { analyzeDataset, type AnalyzeProgress } from '../../src/core/engine/analyzeDataset';
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
});
after(() => tmp.cleanup());

async function run(extra: { cacheDir?: string } = { cacheDir }) {
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
  const cacheFiles = readdirSync(cacheDir);
  assert.equal(cacheFiles.length, 1, `one cache file, no temp left: ${cacheFiles}`);
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
  const [name] = readdirSync(cacheDir);
  const file = path.join(cacheDir, name);
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
