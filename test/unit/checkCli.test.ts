import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { createRng, randomImage, tempDir, writePng } from './helpers/images';

const repo = path.resolve(__dirname, '..', '..');
const cli = path.join(repo, 'dist', 'cli.js');
/** The sample holds 2 corrupt files, 2 leaked files (train vs val), 6 exact duplicates, imbalance 11.67. */
const sample = path.join(repo, 'media', 'sample');

const cacheHome = tempDir('dataset-lens-check-cache-');
const clean = tempDir('dataset-lens-check-clean-');
after(() => {
  cacheHome.cleanup();
  clean.cleanup();
});

function check(...args: string[]) {
  return spawnSync(process.execPath, [cli, 'check', ...args], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, XDG_CACHE_HOME: cacheHome.dir },
  });
}

before(async () => {
  // Distinct random pictures, 3 per class and split: nothing to find, balanced.
  const rng = createRng(21);
  for (const split of ['train', 'val'])
    for (const label of ['cat', 'dog'])
      for (let k = 0; k < 3; k++)
        await writePng(path.join(clean.dir, split, label, `${k}.png`), randomImage(rng, 16, 12, 3));
});

test('check passes a clean dataset with exit 0 and says so', () => {
  const result = check(clean.dir);
  assert.equal(result.status, 0, result.stdout + result.stderr);
  assert.match(result.stdout, /^PASS/m);
  assert.doesNotMatch(result.stdout, /FAIL/);
});

test('check fails the sample by default (leakage, corrupt) with exit 1, listing the failing files', () => {
  const result = check(sample);
  assert.equal(result.status, 1, result.stderr);
  assert.match(result.stdout, /^FAIL leakage: 2 /m);
  assert.match(result.stdout, /^FAIL corrupt: 2 /m);
  // The failing findings themselves, one line each, naming the file.
  assert.match(result.stdout, /^ {2}train\/.+: same pixels across splits/m);
  assert.match(result.stdout, /^ {2}train\/circle\/broken_empty\.png: empty file/m);
  assert.match(result.stdout, /^ {2}train\/square\/broken_truncated\.jpg: .*premature end/m);
  // Kinds the user did not ask about do not fail the gate.
  assert.doesNotMatch(result.stdout, /FAIL (exact_duplicate|dark)/);
  assert.doesNotMatch(result.stderr, /internal error|at /);
});

test('--fail-on picks the rules: a kind the data has fails, one it lacks passes', () => {
  const dup = check(sample, '--fail-on', 'exact_duplicate');
  assert.equal(dup.status, 1);
  assert.match(dup.stdout, /^FAIL exact_duplicate: 6 /m);
  assert.doesNotMatch(dup.stdout, /FAIL (leakage|corrupt)/);
  assert.equal(check(sample, '--fail-on', 'blurry,near_duplicate').status, 0);
  assert.equal(check(sample, '--fail-on', 'none').status, 0);
});

test('--max-imbalance fails when the largest/smallest class ratio exceeds it', () => {
  const tight = check(sample, '--fail-on', 'none', '--max-imbalance', '5');
  assert.equal(tight.status, 1);
  assert.match(tight.stdout, /^FAIL imbalance: ratio 11\.67 > 5/m);
  assert.equal(check(sample, '--fail-on', 'none', '--max-imbalance', '12').status, 0);
  assert.equal(check(clean.dir, '--max-imbalance', '1').status, 0, 'balanced classes: ratio 1');
});

test('bad arguments: exit 2 with one line, no stack', () => {
  for (const args of [
    [sample, '--fail-on', 'leakage,bogus'],
    [sample, '--fail-on', ''],
    [sample, '--max-imbalance', '0.5'],
    [sample, '--max-imbalance', 'lots'],
    [path.join(sample, 'no-such-folder')],
  ]) {
    const result = check(...args);
    assert.equal(result.status, 2, `${args.join(' ')}: ${result.stdout}${result.stderr}`);
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    assert.doesNotMatch(result.stderr, /\bat \S+:\d+/);
  }
  assert.match(check(sample, '--fail-on', 'leakage,bogus').stderr, /bogus/);
});
