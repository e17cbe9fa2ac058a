import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import Ajv from 'ajv-draft-04';
import { createRng, randomImage, tempDir, writePng } from './helpers/images';

const repo = path.resolve(__dirname, '..', '..');
const cli = path.join(repo, 'dist', 'cli.js');
const sample = path.join(repo, 'media', 'sample');
/** The OASIS schema as published (sarif-2.1/schema/sarif-schema-2.1.0.json of the SARIF TC's repository). */
const schemaFile = path.join(repo, 'test', 'fixtures', 'sarif-schema-2.1.0.json');

const work = tempDir('dataset-lens-sarif-');
after(() => work.cleanup());
/** A name with a space, '#', '%' and non-ASCII: each must survive as a percent-encoded URI. */
const oddName = 'a b#1%é.png';

interface SarifLog {
  version: string;
  runs: {
    tool: { driver: { name: string; rules: { id: string }[] } };
    results: {
      ruleId: string;
      level: string;
      message: { text: string };
      locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
    }[];
  }[];
}

function check(cwd: string, ...args: string[]) {
  return spawnSync(process.execPath, [cli, 'check', ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, XDG_CACHE_HOME: path.join(work.dir, 'cache') },
  });
}

function validate(file: string): SarifLog {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const isValid = ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8')));
  const log = JSON.parse(readFileSync(file, 'utf8')) as SarifLog;
  assert.ok(isValid(log), JSON.stringify(isValid.errors, null, 1));
  return log;
}

before(async () => {
  // One picture in train and val under a hostile name: a leak, so the SARIF has a result naming that file.
  const rng = createRng(5);
  const leaked = path.join(work.dir, 'odd', 'train', 'cat', oddName);
  await writePng(leaked, randomImage(rng, 8, 8, 3));
  mkdirSync(path.join(work.dir, 'odd', 'val', 'cat'), { recursive: true });
  copyFileSync(leaked, path.join(work.dir, 'odd', 'val', 'cat', oddName));
  await writePng(path.join(work.dir, 'odd', 'train', 'dog', 'd.png'), randomImage(rng, 8, 8, 3));
  await writePng(path.join(work.dir, 'odd', 'val', 'dog', 'd.png'), randomImage(rng, 8, 8, 3));
});

test('check --sarif writes a SARIF 2.1.0 log that validates against the OASIS schema', () => {
  const out = path.join(work.dir, 'sample.sarif');
  const result = check(repo, 'media/sample', '--sarif', out);
  assert.equal(result.status, 1, result.stderr);
  const log = validate(out);
  assert.equal(log.version, '2.1.0');
  const [run] = log.runs;
  assert.equal(run.tool.driver.name, 'dataset-lens');
  const errors = run.results.filter((r) => r.level === 'error');
  const where = (r: SarifLog['runs'][0]['results'][0]) =>
    r.locations[0].physicalLocation.artifactLocation.uri;
  // The failing findings are errors, located relative to the working folder (the repository root in CI).
  assert.deepEqual(errors.map((r) => `${r.ruleId} ${where(r)}`).sort(), [
    'corrupt media/sample/train/circle/broken_empty.png',
    'corrupt media/sample/train/square/broken_truncated.jpg',
    'leakage media/sample/train/star/star_train_005.png',
    'leakage media/sample/val/star/star_train_005.png',
  ]);
  // Findings of kinds the gate does not fail on are listed too, as notes.
  const dark = run.results.filter((r) => r.ruleId === 'dark');
  assert.equal(dark.length, 1);
  assert.equal(dark[0].level, 'note');
  for (const r of run.results) assert.ok(run.tool.driver.rules.some((rule) => rule.id === r.ruleId));
});

test('--sarif with --max-imbalance reports the imbalance as a result on the dataset folder', () => {
  const out = path.join(work.dir, 'imbalance.sarif');
  assert.equal(check(sample, '.', '--fail-on', 'none', '--max-imbalance', '5', '--sarif', out).status, 1);
  const run = validate(out).runs[0];
  const imbalance = run.results.filter((r) => r.ruleId === 'imbalance');
  assert.equal(imbalance.length, 1);
  assert.equal(imbalance[0].level, 'error');
  assert.match(imbalance[0].message.text, /11\.67/);
});

test('file names with spaces, # and % are percent-encoded URIs that decode to the file', () => {
  const out = path.join(work.dir, 'odd.sarif');
  assert.equal(check(work.dir, 'odd', '--sarif', out).status, 1);
  const uris = validate(out)
    .runs[0].results.filter((r) => r.ruleId === 'leakage')
    .map((r) => r.locations[0].physicalLocation.artifactLocation.uri)
    .sort();
  assert.deepEqual(
    uris.map(decodeURI).map((u) => u.replace(/%23/g, '#')),
    [`odd/train/cat/${oddName}`, `odd/val/cat/${oddName}`],
  );
  for (const uri of uris) assert.doesNotMatch(uri, /[ #]|%(?![0-9A-F]{2})/);
});

test('a passing dataset still gets a valid log, with no error results', () => {
  const out = path.join(work.dir, 'pass.sarif');
  assert.equal(check(work.dir, 'odd', '--fail-on', 'corrupt', '--sarif', out).status, 0);
  const run = validate(out).runs[0];
  assert.equal(run.results.filter((r) => r.level === 'error').length, 0);
});

test('an unwritable --sarif path is exit 2 with one line', () => {
  // Below a regular file: no folder can be made there (ENOTDIR).
  const result = check(repo, 'media/sample', '--sarif', path.join(schemaFile, 'x.sarif'));
  assert.equal(result.status, 2, result.stderr);
  assert.match(result.stderr, /--sarif/);
  assert.equal(result.stderr.trim().split('\n').length, 1);
});
