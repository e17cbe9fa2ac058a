import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { analyzeDataset } from '../../src/core/engine/analyzeDataset';
import type { DatasetReport } from '../../src/core/engine/report';
import { writeBadCorpus, type CorpusFile } from '../fixtures/badCorpus';
import { tempDir } from './helpers/images';

const tmp = tempDir();
const root = path.join(tmp.dir, 'corpus');
let corpus: CorpusFile[];
let report: DatasetReport;
const display = (file: string | Buffer) => (typeof file === 'string' ? file : new TextDecoder().decode(file));

before(async () => {
  corpus = await writeBadCorpus(root);
  report = await analyzeDataset(root, { workers: 2 });
});
// The corpus holds a path longer than PATH_MAX, which fs.rmSync (whole paths) cannot remove: rm goes folder by folder.
after(() => {
  spawnSync('rm', ['-rf', tmp.dir]);
  tmp.cleanup();
});

test('every file of the bad-input corpus gets its treatment: a clear issue, or a correct analysis', () => {
  const decodeKinds = new Set(['corrupt', 'unsupported', 'too_large', 'unreadable', 'unlistable']);
  for (const item of corpus) {
    const name = display(item.file);
    const issues = report.issues.filter((i) => i.file === name && decodeKinds.has(i.kind));
    if ('issue' in item.expected) {
      assert.equal(issues.length, 1, `${name}: expected one ${item.expected.issue} issue`);
      assert.equal(issues[0].kind, item.expected.issue, `${name}: ${issues[0].message}`);
      assert.ok(issues[0].message.length > 5, `${name}: a reason is given`);
    } else {
      assert.deepEqual(issues, [], `${name} must decode`);
    }
  }
  const goods = corpus.filter((c) => c.good).length;
  assert.equal(report.images, goods);
  // A folder that cannot be listed holds no file the scan could count.
  const listed = corpus.filter((c) => !('issue' in c.expected && c.expected.issue === 'unlistable'));
  assert.equal(report.files, listed.length);
});

test('modes, orientation and odd shapes are reported as they are', () => {
  const modes = report.properties.modes;
  for (const mode of ['LA', 'RGBA', 'P', 'CMYK', 'L'])
    assert.ok(modes[mode] >= 1, `mode ${mode} counted: ${JSON.stringify(modes)}`);
  assert.ok(report.stats!.alphaDropped >= 2);
  assert.equal(report.stats!.channels, 3);
  assert.ok(report.issues.some((i) => i.file === 'cls/extreme-aspect.png' && i.kind === 'odd_aspect_ratio'));
  assert.ok(report.issues.some((i) => i.file === 'cls/all-black.png' && i.kind === 'dark'));
  assert.ok(report.issues.some((i) => i.file === 'cls/all-white.png' && i.kind === 'light'));
  assert.equal(report.skipped.symlinkLoops, 2); // cls/loop, cls/up
  assert.equal(report.skipped.outsideRoot, 4); // cls/etc, cls/passwd.png, cls/zero.png, linked-class
  assert.equal(report.skipped.hidden, 1);
  assert.equal(report.skipped.nonImage, 1);
  assert.match(report.warnings.join('\n'), /Empty class folder\(s\): empty-class/);
});

test('the figures for the good files are unchanged by the bad ones', async () => {
  const clean = path.join(tmp.dir, 'clean');
  // tar: fs.cpSync cannot copy names that are not valid UTF-8, cp -a no path longer than PATH_MAX (left out here);
  // -S keeps the sparse file sparse.
  const leftOut = corpus.flatMap((c) => (c.removeFromCopy ? [`--exclude=./${c.removeFromCopy}`] : []));
  const copy = spawnSync(
    'bash',
    [
      '-c',
      'mkdir "$2" && tar -C "$1" -cSf - "${@:3}" . | tar -C "$2" -xf -',
      'bash',
      root,
      clean,
      ...leftOut,
    ],
    { encoding: 'utf8' },
  );
  assert.equal(copy.status, 0, copy.stderr);
  for (const item of corpus.filter((c) => !c.good && !c.removeFromCopy))
    unlinkSync(path.join(clean, display(item.file)));
  const cleanReport = await analyzeDataset(clean, { workers: 0 });
  assert.deepEqual(cleanReport.stats, report.stats);
  assert.deepEqual(cleanReport.statsByClass, report.statsByClass);
  rmSync(clean, { recursive: true, force: true });
});

test('an unreadable file is an "unreadable" issue (checked as an unprivileged user)', async (t) => {
  const dir = path.join(tmp.dir, 'perm');
  await writeBadCorpus(dir, { unreadable: true });
  if (process.getuid?.() !== 0) {
    const r = await analyzeDataset(dir, { workers: 0 });
    assert.equal(r.issues.find((i) => i.file === 'cls/unreadable.png')?.kind, 'unreadable');
    return;
  }
  // Root reads everything: run the CLI as "nobody" over a world-readable copy.
  chmodSync(tmp.dir, 0o755);
  const cli = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');
  const who = spawnSync('id', ['-u', 'nobody'], { encoding: 'utf8' });
  if (who.status !== 0) {
    t.skip('no "nobody" user to drop privileges to');
    return;
  }
  spawnSync('chmod', ['-R', 'a+rX', path.dirname(cli), dir]);
  // A checkout inside a private folder (mktemp -d makes them 0700) cannot be reached by "nobody" at all.
  const reach = spawnSync('test', ['-r', cli], {
    uid: Number(who.stdout.trim()),
    gid: Number(who.stdout.trim()),
  });
  if (reach.status !== 0) {
    t.skip(`"nobody" cannot read ${cli} (a parent folder is private)`);
    return;
  }
  chmodSync(path.join(dir, 'cls', 'unreadable.png'), 0o000);
  const run = spawnSync(process.execPath, [cli, 'analyze', dir, '--json', '--no-cache', '--workers', '0'], {
    encoding: 'utf8',
    uid: Number(who.stdout.trim()),
    gid: Number(who.stdout.trim()),
    env: { ...process.env, HOME: tmp.dir },
  });
  assert.equal(run.status, 0, run.stderr);
  const r = JSON.parse(run.stdout) as DatasetReport;
  const issue = r.issues.find((i) => i.file === 'cls/unreadable.png');
  assert.equal(issue?.kind, 'unreadable');
  assert.match(issue!.message, /EACCES/);
});

test('augment over the bad-input corpus exports every good file and lists every bad one, without crashing', async () => {
  const { exportAugmented } = await import('../../src/core/export/exportDataset');
  const { validatePipeline } = await import('../../src/core/pipeline/validatePipeline');
  const pipeline = validatePipeline({
    version: 1,
    seed: 3,
    transforms: [
      { name: 'flipHorizontal', p: 1 },
      { name: 'rotate', degrees: [-10, 10] },
    ],
  });
  const out = path.join(tmp.dir, 'augmented');
  const summary = await exportAugmented(root, pipeline, { out, workers: 2 });
  const bad = corpus
    .filter((c) => !c.good)
    .map((c) => display(c.file))
    .sort();
  assert.deepEqual(summary.failed.map((f) => f.file).sort(), bad);
  for (const failure of summary.failed) assert.ok(failure.message.length > 5, `${failure.file} has a reason`);
  assert.equal(summary.written, corpus.filter((c) => c.good).length);
});

test('the corpus labels file: rows that disagree or give no label are issues, the header-less split column is said', async () => {
  const { labelsFileOf } = await import('../fixtures/hostileCases');
  const labelled = await analyzeDataset(root, { workers: 0, labelsCsv: labelsFileOf(root) });
  const unusable = labelled.issues.filter((i) => i.kind === 'unusable_label');
  assert.deepEqual(
    unusable.map((i) => i.file),
    ['cls/palette.png', 'cls/rgba.png'],
  );
  assert.deepEqual(
    labelled.classes.map((c) => [c.name, c.count]),
    [
      ['colour', 1],
      ['grey', 1],
    ],
  );
  assert.deepEqual(
    labelled.splits.map((s) => s.name),
    ['train', 'val'],
  );
  const warnings = labelled.warnings.join('\n');
  assert.match(warnings, /third column was read as the split \(train, val\)/);
  assert.match(warnings, /1 file\(s\) are listed more than once .* cls\/webp\.webp/);
  assert.match(warnings, /2 image file\(s\) are left unlabelled/);
});

test('augment (CLI) over the corpus exits 3, saying in one line how many outputs failed', () => {
  const cli = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');
  const pipelineFile = path.join(tmp.dir, 'flip.json');
  writeFileSync(pipelineFile, JSON.stringify({ version: 1, transforms: [{ name: 'flipHorizontal' }] }));
  const out = path.join(tmp.dir, 'augmented-cli');
  const run = spawnSync(process.execPath, [cli, 'augment', root, '--pipeline', pipelineFile, '--out', out], {
    encoding: 'utf8',
  });
  const bad = corpus.filter((c) => !c.good).length;
  // A path the scan cannot list is a failed source with no planned output: reported, never dropped.
  const unlisted = corpus.filter((c) => 'issue' in c.expected && c.expected.issue === 'unlistable').length;
  assert.ok(unlisted >= 1);
  const planned = corpus.length - unlisted;
  assert.equal(run.status, 3, run.stderr);
  assert.equal(
    run.stderr,
    `dataset-lens: ${bad - unlisted} of ${planned} output(s) failed (${bad} of ${corpus.length} source(s)); ` +
      `see "failures" in ${path.join(out, 'augment-manifest.json')}\n`,
  );
  const manifest = JSON.parse(readFileSync(path.join(out, 'augment-manifest.json'), 'utf8'));
  assert.equal(manifest.failures.length, bad);
  assert.ok(manifest.failures.some((f: { message: string }) => /ENAMETOOLONG|too long/i.test(f.message)));
  assert.equal(manifest.outputs.length, corpus.length - bad, 'long names included');
});
