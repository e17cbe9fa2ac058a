import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { analyzeDataset } from '../../src/core/engine/analyzeDataset';
import type { DatasetReport } from '../../src/core/engine/report';
import { listDataset } from '../../src/core/export/listDataset';
import { validatePipeline } from '../../src/core/pipeline/validatePipeline';
import { labelSafetyFromReport } from '../../src/core/probe/labelSafetyFromReport';
import { writeIdxAndPngs } from './helpers/containerFixtures';
import { tempDir } from './helpers/images';
import { NUMPY_PIL, pythonMissing } from './helpers/python';

const repo = path.resolve(__dirname, '..', '..');
const cli = path.join(repo, 'dist', 'cli.js');
const tmp = tempDir();
const skip = pythonMissing(NUMPY_PIL) ?? undefined;
// Three label numbers (0, 1, 2), as an idx labels file holds them: what they stand for is not in the file.
const numbered = path.join(tmp.dir, 'numbered');
const sidecar = path.join(tmp.dir, 'sidecar');
const digitsNamed = path.join(tmp.dir, 'digits-named');
const FASHION = ['T-shirt/top', 'Trouser', 'Pullover'];
const mirrorAndTurn = validatePipeline({
  version: 1,
  transforms: [
    { name: 'flipHorizontal', p: 1 },
    { name: 'rotate', degrees: [180, 180] },
  ],
});

before(() => {
  if (skip) return;
  for (const dir of [numbered, sidecar, digitsNamed]) {
    writeIdxAndPngs(dir, path.join(tmp.dir, 'png', path.basename(dir)), { train: 30 });
  }
  writeFileSync(path.join(sidecar, 'classes.txt'), FASHION.join('\n') + '\n');
  writeFileSync(path.join(digitsNamed, 'classes.txt'), '0\n1\n2\n');
});
after(() => tmp.cleanup());

const digitFindings = (report: DatasetReport) =>
  labelSafetyFromReport(report, mirrorAndTurn).rules.filter((r) => r.rule === 'digits');

test(
  'idx label numbers are not read as digits: no digits finding, and the report says why',
  { skip },
  async () => {
    const report = await analyzeDataset(numbered, { workers: 0 });
    assert.deepEqual(
      report.classes.map((c) => c.name),
      ['0', '1', '2'],
    );
    assert.equal(report.numberedClasses, true);
    const safety = labelSafetyFromReport(report, mirrorAndTurn);
    assert.deepEqual(digitFindings(report), []);
    assert.ok(
      safety.warnings.some((w) => /label numbers/.test(w) && /classes\.txt/.test(w)),
      safety.warnings.join('\n'),
    );
  },
);

test(
  'classes.txt beside the idx files names the classes everywhere (report, listing)',
  { skip },
  async () => {
    const report = await analyzeDataset(sidecar, { workers: 0 });
    assert.deepEqual(
      report.classes.map((c) => c.name),
      [...FASHION].sort(),
    );
    assert.equal(report.numberedClasses, undefined);
    assert.ok(report.warnings.some((w) => w.includes('classes.txt')));
    const { entries } = await listDataset(sidecar);
    assert.ok(entries.every((e) => e.label !== undefined && FASHION.includes(e.label)));
  },
);

test('names the user gives as digits are digits: the digits rule applies', { skip }, async () => {
  const report = await analyzeDataset(digitsNamed, { workers: 0 });
  assert.equal(report.numberedClasses, undefined);
  assert.ok(digitFindings(report).length > 0);
});

test('--class-names names the classes; a file naming too few stops with one line, exit 2', { skip }, () => {
  const names = path.join(tmp.dir, 'names.txt');
  writeFileSync(names, FASHION.join('\n'));
  const ok = spawnSync(
    process.execPath,
    [cli, 'analyze', numbered, '--class-names', names, '--json', '--no-cache'],
    {
      encoding: 'utf8',
    },
  );
  assert.equal(ok.status, 0, ok.stderr);
  const report = JSON.parse(ok.stdout) as DatasetReport;
  assert.deepEqual(
    report.classes.map((c) => c.name),
    [...FASHION].sort(),
  );
  const short = path.join(tmp.dir, 'short.txt');
  writeFileSync(short, 'one\ntwo\n');
  const bad = spawnSync(process.execPath, [cli, 'analyze', numbered, '--class-names', short, '--no-cache'], {
    encoding: 'utf8',
  });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr.trim(), /^[^\n]*names 2 classes \(0-1\); the labels also hold 2$/);
  const folder = path.join(tmp.dir, 'folder', 'cat');
  mkdirSync(folder, { recursive: true });
  const onFolder = spawnSync(
    process.execPath,
    [cli, 'analyze', path.dirname(folder), '--class-names', names],
    {
      encoding: 'utf8',
    },
  );
  assert.equal(onFolder.status, 2);
  assert.match(onFolder.stderr, /--class-names applies to idx and Parquet files/);
});
