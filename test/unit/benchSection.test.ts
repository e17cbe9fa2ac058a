import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as prettier from 'prettier';
import { writeBenchSection } from '../bench/report/benchmarksFile';
import { updateBenchSection, type BenchSection } from '../bench/report/benchSection';
import { parseTableRow, renderTable } from '../bench/report/markdownTable';
import { historyRows } from './helpers/benchHistory';

// 'MB' is right-aligned and 3 wide: its delimiter is `--:`, which must still read as a table.
const HISTORY = { table: 'tiny', header: ['date', 'MB'], align: ['left', 'right'] as const };

function section(latest: string, date: string, rate: string): BenchSection {
  return { id: 'analyze', title: 'Analysis', latest, history: [{ ...HISTORY, row: [date, rate] }] };
}

test('renderTable pads columns to their widest cell and lays tables out as prettier does', async () => {
  const table = renderTable(
    ['dataset', 'images/s', 'note'],
    [
      ['50,000 28x28 grey PNGs', '17,525', 'a | b'],
      ['photos', '312', ''],
    ],
    ['left', 'right'],
  );
  assert.equal(
    table,
    [
      '| dataset                | images/s | note   |',
      '| ---------------------- | -------: | ------ |',
      '| 50,000 28x28 grey PNGs |   17,525 | a \\| b |',
      '| photos                 |      312 |        |',
    ].join('\n'),
  );
  assert.equal(await prettier.format(table, { parser: 'markdown' }), table + '\n');
  assert.deepEqual(parseTableRow(table.split('\n')[2]), ['50,000 28x28 grey PNGs', '17,525', 'a | b']);
});

test('a new section goes above the anchor with its heading; the rest of the file is kept byte for byte', () => {
  const doc = '# Benchmarks\n\nHand-written notes.\n\n<!-- bench-results -->\n\n## Earlier\n\nOld text.\n';
  const out = updateBenchSection(doc, section('Latest: run A', '2026-12-01', '100'));
  assert.ok(
    out.startsWith('# Benchmarks\n\nHand-written notes.\n\n## Analysis\n\n<!-- bench:analyze:start -->'),
  );
  assert.ok(
    out.endsWith('<!-- bench:analyze:end -->\n\n<!-- bench-results -->\n\n## Earlier\n\nOld text.\n'),
  );
  assert.deepEqual(historyRows(out, 'tiny'), [['1', '2026-12-01', '100']]);
});

test('a second run replaces the latest results, appends a history row and keeps other sections', () => {
  const other: BenchSection = { id: 'augment', title: 'Augment', latest: 'augment results', history: [] };
  let doc = updateBenchSection('# Benchmarks\n\nNotes stay.\n', section('first latest', '2026-12-01', '100'));
  doc = updateBenchSection(doc, other);
  const second = updateBenchSection(doc, {
    ...section('', '2026-12-02', '120'),
    latest: (run) => `second latest (run ${run})`,
  });
  assert.ok(!second.includes('first latest'), 'the previous latest results are replaced');
  assert.ok(second.includes('second latest (run 2)'));
  assert.deepEqual(historyRows(second, 'tiny'), [
    ['1', '2026-12-01', '100'],
    ['2', '2026-12-02', '120'],
  ]);
  // Everything outside the analyze markers is unchanged.
  const outside = (text: string): string =>
    text.replace(/<!-- bench:analyze:start -->[\s\S]*<!-- bench:analyze:end -->/, '');
  assert.equal(outside(second), outside(doc));
  assert.ok(second.includes('augment results') && second.includes('Notes stay.'));
});

test('history rows the writer did not write (migrated by hand) are kept, and runs are numbered after them', () => {
  const doc = [
    '<!-- bench:analyze:start -->',
    'old latest',
    '<!-- bench:analyze:history -->',
    '#### tiny',
    '',
    '| run | date | MB |',
    '| --- | --- | --- |',
    '| 15 | 2026-11-26 | 17,525/s (2.9 s) |',
    '| 16 | 2026-11-26 | **0.91x** |',
    '',
    'A note under the table.',
    '',
    '#### photos',
    '',
    '| run | date | MB |',
    '| --- | --- | --- |',
    '| 16 | 2026-11-26 | 312 |',
    '<!-- bench:analyze:end -->',
  ].join('\n');
  const out = updateBenchSection(doc, section('new', '2026-12-05', '99'));
  assert.deepEqual(historyRows(out, 'tiny'), [
    ['15', '2026-11-26', '17,525/s (2.9 s)'],
    ['16', '2026-11-26', '**0.91x**'],
    ['17', '2026-12-05', '99'],
  ]);
  assert.deepEqual(historyRows(out, 'photos'), [['16', '2026-11-26', '312']]);
  assert.ok(out.includes('A note under the table.'));
});

test('a history table with other columns is kept as it is and a new one follows it', () => {
  const first = updateBenchSection('', section('a', '2026-12-01', '100'));
  const out = updateBenchSection(first, {
    id: 'analyze',
    title: 'Analysis',
    latest: 'b',
    history: [{ table: 'tiny', header: ['date', 'MB', 'RSS'], row: ['2026-12-02', '120', '200 MB'] }],
  });
  assert.ok(out.includes('| 1   | 2026-12-01 | 100 |'), 'the old table and its row are still there');
  assert.deepEqual(historyRows(out, 'tiny'), [['2', '2026-12-02', '120', '200 MB']]);
});

test('markers out of order are an error, not a guess', () => {
  const doc = '<!-- bench:analyze:end -->\nx\n<!-- bench:analyze:start -->\n';
  assert.throws(() => updateBenchSection(doc, section('a', 'd', '1')), /out of order/);
  assert.throws(() => updateBenchSection('', { ...section('a', 'd', '1'), id: 'Bad Id' }), /a-z/);
});

test('writeBenchSection leaves a file prettier accepts as it is (npm run format:check stays green)', async () => {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'bench-md-')), 'BENCHMARKS.md');
  writeFileSync(file, '# Benchmarks\n\nNotes.\n\n<!-- bench-results -->\n');
  await writeBenchSection(section('Latest', '2026-12-01', '100'), file);
  // A latest table as a caller might write it, not padded: the file must still come out formatted.
  const unpadded = '| a |\n|---|\n| long cell |';
  await writeBenchSection({ ...section('', '2026-12-02', '99999'), latest: unpadded }, file);
  const written = readFileSync(file, 'utf8');
  assert.equal(await prettier.format(written, { filepath: file }), written);
  assert.deepEqual(historyRows(written, 'tiny'), [
    ['1', '2026-12-01', '100'],
    ['2', '2026-12-02', '99999'],
  ]);
});
