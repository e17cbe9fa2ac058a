import {
  alignOf,
  isDelimiterRow,
  isTableLine,
  parseTableRow,
  renderTable,
  type Align,
} from './markdownTable';

/**
 * A benchmark's part of BENCHMARKS.md, between `<!-- bench:<id>:start -->` and `<!-- bench:<id>:end -->`: the
 * latest run's results, replaced on every run, then history tables (one per data set) that gain a row per run.
 * Everything outside the markers, and every earlier history row, is kept as it is.
 */
export interface BenchSection {
  /** Letters, digits and dashes: names the markers. */
  id: string;
  /** The `##` heading written above the markers when the file has no such section yet. */
  title: string;
  /** This run's results (markdown); given the run's number when a function. */
  latest: string | ((run: number) => string);
  /** One row per history table; the writer adds the leading "run" column. */
  history?: readonly HistoryRow[];
}

export interface HistoryRow {
  /** The table's `####` heading (e.g. the data set). */
  table: string;
  header: readonly string[];
  row: readonly string[];
  align?: readonly Align[];
}

/** New sections go just above this line when the file has it, else at its end. */
export const NEW_SECTIONS_ANCHOR = '<!-- bench-results -->';

const startMarker = (id: string): string => `<!-- bench:${id}:start -->`;
const endMarker = (id: string): string => `<!-- bench:${id}:end -->`;
const historyMarker = (id: string): string => `<!-- bench:${id}:history -->`;
const RUN = 'run';

/** `doc` with `section`'s latest results replaced and a row appended to each of its history tables. */
export function updateBenchSection(doc: string, section: BenchSection): string {
  if (!/^[a-z0-9-]+$/.test(section.id))
    throw new Error(`Bench section id "${section.id}": use a-z, 0-9 and -`);
  const lines = doc.split('\n');
  const start = lines.indexOf(startMarker(section.id));
  const end = lines.indexOf(endMarker(section.id));
  if (start < 0 && end < 0) return insertSection(lines, section.title, renderSection(section, [])).join('\n');
  if (start < 0 || end < start)
    throw new Error(`BENCHMARKS.md: the markers of section "${section.id}" are missing or out of order`);
  const inner = lines.slice(start + 1, end);
  const historyAt = inner.indexOf(historyMarker(section.id));
  const history = historyAt < 0 ? [] : trimBlank(inner.slice(historyAt + 1));
  return [...lines.slice(0, start), ...renderSection(section, history), ...lines.slice(end + 1)].join('\n');
}

function renderSection(section: BenchSection, history: string[]): string[] {
  const run = lastRun(history) + 1;
  let updated = history;
  for (const row of section.history ?? []) updated = appendRow(updated, row, run);
  const latest = typeof section.latest === 'function' ? section.latest(run) : section.latest;
  return [
    startMarker(section.id),
    '',
    latest.trim(),
    '',
    ...(updated.length ? [historyMarker(section.id), '', ...updated, ''] : []),
    endMarker(section.id),
  ];
}

function insertSection(lines: string[], title: string, section: string[]): string[] {
  const block = [`## ${title}`, '', ...section, ''];
  const anchor = lines.indexOf(NEW_SECTIONS_ANCHOR);
  if (anchor >= 0) return [...lines.slice(0, anchor), ...block, ...lines.slice(anchor)];
  const before = trimEndBlank(lines);
  return before.length ? [...before, '', ...block] : block;
}

/** The highest run number in the history tables' first column (0 when there is none). */
function lastRun(history: readonly string[]): number {
  let last = 0;
  for (const table of tablesIn(history)) {
    if (table.header[0] !== RUN) continue;
    for (const row of table.rows) {
      const run = Number(row[0]);
      if (Number.isInteger(run)) last = Math.max(last, run);
    }
  }
  return last;
}

interface ParsedTable {
  heading: string;
  /** Line indexes: the table's first line and one past its last. */
  from: number;
  to: number;
  header: string[];
  align: ReturnType<typeof alignOf>;
  rows: string[][];
}

/** Each `#### heading` directly followed (blank lines apart) by a table. */
function tablesIn(lines: readonly string[]): ParsedTable[] {
  const tables: ParsedTable[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].startsWith('#### ')) continue;
    let from = i + 1;
    while (from < lines.length && lines[from].trim() === '') from++;
    let to = from;
    while (to < lines.length && isTableLine(lines[to])) to++;
    if (to - from < 2) continue;
    const [header, delimiter, ...rows] = lines.slice(from, to).map(parseTableRow);
    if (!isDelimiterRow(delimiter)) continue;
    tables.push({ heading: lines[i].slice(5).trim(), from, to, header, align: alignOf(delimiter), rows });
  }
  return tables;
}

/**
 * Appends `row` (numbered `run`) to the last table headed `row.table` with the same columns; a table with other
 * columns is left as it is and a new one with the same heading follows it, so no earlier row is ever lost.
 */
function appendRow(lines: readonly string[], row: HistoryRow, run: number): string[] {
  const header = [RUN, ...row.header];
  const cells = [String(run), ...row.row];
  const align: Align[] = ['left', ...(row.align ?? [])];
  const same = tablesIn(lines).filter((t) => t.heading === row.table);
  const last = same[same.length - 1];
  if (last && sameCells(last.header, header)) {
    const table = renderTable(header, [...last.rows, cells], last.align).split('\n');
    return [...lines.slice(0, last.from), ...table, ...lines.slice(last.to)];
  }
  const block = [`#### ${row.table}`, '', ...renderTable(header, [cells], align).split('\n')];
  if (!last) return [...lines, ...(lines.length ? [''] : []), ...block];
  return [...lines.slice(0, last.to), '', ...block, ...lines.slice(last.to)];
}

function sameCells(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((cell, i) => cell === b[i]);
}

function trimBlank(lines: string[]): string[] {
  let from = 0;
  while (from < lines.length && lines[from].trim() === '') from++;
  return trimEndBlank(lines.slice(from));
}

function trimEndBlank(lines: string[]): string[] {
  let to = lines.length;
  while (to > 0 && lines[to - 1].trim() === '') to--;
  return lines.slice(0, to);
}
