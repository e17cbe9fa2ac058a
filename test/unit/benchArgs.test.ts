import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { analysisSets } from '../bench/analyze/analysisSets';
import { parseAnalysisArgs } from '../bench/analyzeBench';
import { BenchUsageError } from '../bench/paths';
import { scaleSetArgs } from '../bench/scale/scaleSetArgs';

test('--data adds each real-data folder besides the generated sets, as it is', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-real-'));
  const options = parseAnalysisArgs(['--data', dir, '--data', `${dir}/.`]);
  assert.deepEqual(options.data, [dir, dir]);
  const sets = analysisSets('/unused', options);
  assert.deepEqual(
    sets.map((s) => s.name),
    ['tiny', 'photos', `data:${path.basename(dir)}`, `data:${path.basename(dir)}`],
  );
  const real = sets[2];
  assert.equal(real.lossless, false, 'real data is compared with the peer, not required to match it');
  assert.equal(await real.prepare(), dir, 'never generated or copied');
  assert.equal(real.label, `real data: ${dir}`);
});

test('bad bench options are usage errors (one line, exit 2), not stack traces', () => {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'bench-real-')), 'a.png');
  writeFileSync(file, '');
  assert.throws(() => parseAnalysisArgs(['--data', file]), BenchUsageError);
  assert.throws(() => parseAnalysisArgs(['--data', '/no/such/folder']), /not a folder/);
  assert.throws(() => parseAnalysisArgs(['--reps', '0']), /integer >= 1 for --reps/);
  assert.throws(() => parseAnalysisArgs(['--timeout', 'soon']), /number > 0 for --timeout/);
  assert.throws(() => parseAnalysisArgs(['--bogus']), BenchUsageError);
  assert.deepEqual(parseAnalysisArgs([]), { quick: false, large: false, data: [], reps: 3, timeoutS: 900 });
});

test("--cache-dir keeps bench:content-scale's cache in a folder; bench:scale has no such option", () => {
  const kept = scaleSetArgs(['--files', '20', '--cache-dir', 'kept-cache'], { cacheDir: true });
  assert.equal(kept.cacheDir, path.resolve('kept-cache'));
  assert.equal(kept.files, 20);
  assert.equal(scaleSetArgs(['--files', '20'], { cacheDir: true }).cacheDir, undefined, 'a temporary one');
  assert.throws(() => scaleSetArgs(['--cache-dir', 'kept-cache']), /Unknown option '--cache-dir'/);
});
