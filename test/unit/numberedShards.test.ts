import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { analyzeDataset } from '../../src/core/engine/analyzeDataset';
import { evaluateGate } from '../../src/core/gate/gateRules';
import { htmlReport } from '../../src/core/gate/htmlReport';
import { escapeXml } from '../../src/core/util/escapeXml';
import { writeImageFolder, writeShards } from './helpers/containerFixtures';
import { tempDir } from './helpers/images';
import { NUMPY_PIL, pythonMissing } from './helpers/python';

const repo = path.resolve(__dirname, '..', '..');
const cli = path.join(repo, 'dist', 'cli.js');
const tmp = tempDir();
const folder = path.join(tmp.dir, 'folder');
/** Shards whose .cls files hold class numbers, as WebDataset writers usually store them. */
const numbered = path.join(tmp.dir, 'numbered');
const sidecar = path.join(tmp.dir, 'sidecar');
/** Shards whose .cls files hold the class names. */
const named = path.join(tmp.dir, 'named');
const skip = pythonMissing(NUMPY_PIL) ?? undefined;
const CLASSES = ['cat', 'dog', 'eel'];

before(() => {
  if (skip) return;
  const train = writeImageFolder(folder, 4).filter((f) => f.split === 'train');
  for (const dir of [numbered, sidecar])
    writeShards(
      dir,
      folder,
      { 'shard-000.tar': train.slice(0, 6), 'shard-001.tar': train.slice(6) },
      'cls-index',
      CLASSES,
    );
  writeFileSync(path.join(sidecar, 'classes.txt'), CLASSES.join('\n') + '\n');
  writeShards(named, folder, { 'shard-000.tar': train }, 'cls');
});
after(() => tmp.cleanup());

const analyzeText = (...args: string[]) =>
  spawnSync(process.execPath, [cli, 'analyze', ...args, '--no-cache'], { encoding: 'utf8' });

test(
  'WebDataset .cls class numbers are numbered classes: the report says so and how to name them',
  { skip },
  async () => {
    const report = await analyzeDataset(numbered, { workers: 0 });
    assert.deepEqual(
      report.classes.map((c) => c.name),
      ['0', '1', '2'],
    );
    assert.equal(report.numberedClasses, true);
    const note = report.warnings.find((w) => /label numbers/.test(w));
    assert.ok(note, report.warnings.join('\n'));
    assert.match(note, /classes\.txt/);
    assert.match(note, /--class-names/);
    assert.match(note, /datasetLens\.classNamesFile/);
    const text = analyzeText(numbered);
    assert.equal(text.status, 0, text.stderr);
    assert.ok(text.stdout.includes(note), text.stdout);
    // The check command's HTML report says it too, escaped like every string from the data.
    const html = htmlReport(report, evaluateGate(report, { failOn: [] }), new Map());
    assert.ok(html.includes(`<li>${escapeXml(note)}</li>`), 'the HTML report lists the warning');
  },
);

test('classes.txt beside numbered shards names their classes', { skip }, async () => {
  const report = await analyzeDataset(sidecar, { workers: 0 });
  assert.deepEqual(
    report.classes.map((c) => c.name),
    CLASSES,
  );
  assert.equal(report.numberedClasses, undefined);
  assert.ok(!report.warnings.some((w) => /label numbers/.test(w)), report.warnings.join('\n'));
});

test(
  'shards whose .cls files hold names are not numbered; --class-names on them is exit 2',
  { skip },
  async () => {
    const report = await analyzeDataset(named, { workers: 0 });
    assert.deepEqual(
      report.classes.map((c) => c.name),
      CLASSES,
    );
    assert.equal(report.numberedClasses, undefined);
    const names = path.join(tmp.dir, 'names.txt');
    writeFileSync(names, 'a\nb\nc\n');
    const refused = analyzeText(named, '--class-names', names);
    assert.equal(refused.status, 2);
    assert.match(refused.stderr.trim(), /^[^\n]*--class-names does not apply[^\n]*$/);
  },
);

test(
  'a names file set for any source (the panel setting) names numbered shards and is left aside for named ones',
  { skip },
  async () => {
    const names = path.join(tmp.dir, 'setting-names.txt');
    writeFileSync(names, CLASSES.join('\n'));
    const option = { file: names, whereNumbered: true } as const;
    const report = await analyzeDataset(numbered, { workers: 0, classNames: option });
    assert.deepEqual(
      report.classes.map((c) => c.name),
      CLASSES,
    );
    assert.equal(report.numberedClasses, undefined);
    const untouched = await analyzeDataset(named, { workers: 0, classNames: option });
    assert.deepEqual(
      untouched.classes.map((c) => c.name),
      CLASSES,
    );
    assert.ok(!untouched.warnings.some((w) => w.includes(names)), untouched.warnings.join('\n'));
  },
);
