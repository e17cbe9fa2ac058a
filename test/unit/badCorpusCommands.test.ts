import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { DatasetReport } from '../../src/core/engine/report';
import type { LabelSafetyReport } from '../../src/core/probe/probeTypes';
import { writeBadCorpus, type CorpusFile } from '../fixtures/badCorpus';
import { LINKED_CLASS, linkedClassTargetOf } from '../fixtures/linkCases';
import { tempDir } from './helpers/images';

/**
 * Every command a user points at a folder, run as the CLI over the bad-input corpus: each must end (no hang), in
 * bounded memory, with a per-file issue for each bad file it meets or one line and exit 2 — never a stack trace.
 */
const cli = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');
const tmp = tempDir('dataset-lens-corpus-cli-');
const root = path.join(tmp.dir, 'corpus');
const pipelineFile = path.join(tmp.dir, 'flip.json');
const preload = path.join(tmp.dir, 'report-rss.js');
let corpus: CorpusFile[];

before(async () => {
  corpus = await writeBadCorpus(root);
  writeFileSync(
    pipelineFile,
    JSON.stringify({ version: 1, seed: 2, transforms: [{ name: 'flipHorizontal' }] }),
  );
  writeFileSync(
    preload,
    "process.on('exit', () => process.stderr.write(`maxRSS ${process.resourceUsage().maxRSS}\\n`));",
  );
});
// The corpus holds a path longer than PATH_MAX, which fs.rmSync (whole paths) cannot remove: rm goes folder by folder.
after(() => {
  spawnSync('rm', ['-rf', tmp.dir]);
  tmp.cleanup();
});

const DECODE_KINDS = new Set(['corrupt', 'unsupported', 'too_large', 'unreadable', 'unlistable']);
const display = (file: string | Buffer) => (typeof file === 'string' ? file : new TextDecoder().decode(file));
const isUnlistable = (c: CorpusFile) => 'issue' in c.expected && c.expected.issue === 'unlistable';

/** Runs the CLI; the process's peak RSS comes back apart from what it wrote on stderr. */
function run(...args: string[]) {
  const result = spawnSync(process.execPath, ['--require', preload, cli, ...args], {
    encoding: 'utf8',
    timeout: 180_000,
    env: { ...process.env, XDG_CACHE_HOME: path.join(tmp.dir, 'cache') },
  });
  assert.equal(result.signal, null, `${args[0]} ended by ${result.signal} (a hang?): ${result.stderr}`);
  const rss = /maxRSS (\d+)\n$/.exec(result.stderr);
  assert.ok(rss, result.stderr);
  const stderr = result.stderr.slice(0, rss.index);
  assert.doesNotMatch(stderr, /^\s+at /m, `${args[0]}: no stack trace`);
  const peakMb = Number(rss[1]) / 1024;
  assert.ok(peakMb < 1024, `${args[0]}: peak RSS ${Math.round(peakMb)} MB`);
  return { status: result.status, stdout: result.stdout, stderr };
}

test('analyze: a link to /dev/zero is not followed, and followed on request it is an unreadable file', () => {
  const plain = run('analyze', root, '--json', '--no-cache');
  assert.equal(plain.status, 0, plain.stderr);
  const report = JSON.parse(plain.stdout) as DatasetReport;
  assert.equal(report.skipped.outsideRoot, 4);
  // Kept as a class (ImageFolder follows the link and numbers it), never called an empty class folder.
  assert.equal(report.classes.find((c) => c.name === LINKED_CLASS)?.count, 0);
  const warnings = report.warnings.join('\n');
  assert.doesNotMatch(warnings, /Empty class folder\(s\):.*linked-class/);
  assert.match(warnings, /Class folder\(s\) linked outside the dataset, not followed: linked-class/);

  const followed = run('analyze', root, '--json', '--no-cache', '--follow-external-links');
  assert.equal(followed.status, 0, followed.stderr);
  const all = JSON.parse(followed.stdout) as DatasetReport;
  assert.equal(all.issues.find((i) => i.file === 'cls/zero.png')?.kind, 'unreadable');
  assert.equal(all.classes.find((c) => c.name === LINKED_CLASS)?.count, 1);
  for (const name of ['cls/new\nline.png', `cls/quote"d 'name'.png`, 'cls/back\\slash.png'])
    assert.ok(!all.issues.some((i) => i.file === name && DECODE_KINDS.has(i.kind)), name);
});

test('augment: an output inside the target of a linked class folder is refused when that folder is read', () => {
  const out = path.join(linkedClassTargetOf(root), 'augmented');
  const refused = run('augment', root, '--pipeline', pipelineFile, '--out', out, '--follow-external-links');
  assert.equal(refused.status, 2, refused.stderr);
  assert.equal(refused.stderr.split('\n').filter(Boolean).length, 1, refused.stderr);
  assert.match(refused.stderr, /^dataset-lens: .*linked-class/);

  assert.ok(!existsSync(out), 'nothing written');
});

interface PreviewJson {
  rows: { class: string; file: string; error?: string }[];
  unlistable: { file: string; message: string }[];
}

test('preview: every file it tried and could not read is a row with its error; unlistable paths are listed', () => {
  const out = path.join(tmp.dir, 'preview.png');
  const result = run(
    'preview',
    root,
    '--pipeline',
    pipelineFile,
    '--out',
    out,
    '--json',
    '--per-class',
    '64',
  );
  assert.equal(result.status, 0, result.stderr);
  const preview = JSON.parse(result.stdout) as PreviewJson;
  const rows = new Map(preview.rows.map((r) => [r.file, r]));
  for (const item of corpus.filter((c) => !isUnlistable(c))) {
    const name = display(item.file);
    const row = rows.get(name);
    assert.ok(row, `${JSON.stringify(name)} is in the preview`);
    if (item.good) assert.equal(row.error, undefined, `${name}: ${row.error}`);
    else assert.ok(row.error && row.error.length > 5, `${name} says why it is not shown`);
  }
  // Each error is the file's own reason, the one analyze gives (decodes side by side share libvips's errors).
  const analysed = JSON.parse(run('analyze', root, '--json', '--no-cache').stdout) as DatasetReport;
  for (const row of preview.rows.filter((r) => r.error)) {
    const issue = analysed.issues.find((i) => i.file === row.file && DECODE_KINDS.has(i.kind));
    assert.equal(row.error, issue?.message, row.file);
  }
  assert.deepEqual(
    preview.unlistable.map((u) => u.file),
    corpus.filter(isUnlistable).map((c) => display(c.file)),
  );

  const text = run('preview', root, '--pipeline', pipelineFile, '--out', out, '--per-class', '64');
  assert.equal(text.status, 0, text.stderr);
  for (const item of corpus.filter((c) => !c.good))
    assert.ok(
      text.stderr.includes(JSON.stringify(display(item.file))),
      `${display(item.file)} named on stderr`,
    );
});

test('preview and probe: a followed link to /dev/zero is an error of that file, never an endless read', () => {
  const out = path.join(tmp.dir, 'preview-zero.png');
  const args = ['--pipeline', pipelineFile, '--follow-external-links'];
  const preview = run('preview', root, ...args, '--out', out, '--json', '--per-class', '64');
  assert.equal(preview.status, 0, preview.stderr);
  const rows = (JSON.parse(preview.stdout) as PreviewJson).rows;
  assert.match(rows.find((r) => r.file === 'cls/zero.png')?.error ?? '', /not a regular file|unreadable/i);
  assert.equal(rows.find((r) => r.class === LINKED_CLASS)?.error, undefined);
  const probe = run('probe', root, ...args, '--json', '--rounds', '1');
  assert.equal(probe.status, 0, probe.stderr);
  const report = JSON.parse(probe.stdout) as LabelSafetyReport;
  assert.ok(report.failures.some((f) => f.file === 'cls/zero.png'));
});

test('probe: every sampled file it could not read and every unlistable path is a failure with its reason', () => {
  const result = run('probe', root, '--pipeline', pipelineFile, '--json', '--rounds', '1');
  assert.equal(result.status, 0, result.stderr);
  const report = JSON.parse(result.stdout) as LabelSafetyReport;
  const failed = new Map(report.failures.map((f) => [f.file, f.message]));
  for (const item of corpus.filter((c) => !c.good))
    assert.ok((failed.get(display(item.file)) ?? '').length > 5, `${display(item.file)} is a failure`);
  assert.equal(report.failures.length, corpus.filter((c) => !c.good).length);
  assert.equal(report.sample?.failed, report.failures.length);
  // Each failure gives the file's own reason, the one analyze gives (decodes side by side share libvips's errors).
  const analysed = JSON.parse(run('analyze', root, '--json', '--no-cache').stdout) as DatasetReport;
  for (const [file, message] of failed) {
    const issue = analysed.issues.find((i) => i.file === file && DECODE_KINDS.has(i.kind));
    assert.equal(message, issue?.message, file);
  }

  const text = run('probe', root, '--pipeline', pipelineFile, '--rounds', '1');
  assert.equal(text.status, 0, text.stderr);
  for (const item of corpus.filter((c) => !c.good))
    assert.ok(text.stdout.includes(JSON.stringify(display(item.file))), `${display(item.file)} named`);
});
