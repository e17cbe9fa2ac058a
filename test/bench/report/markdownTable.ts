/** Markdown tables as prettier lays them out (so a written BENCHMARKS.md passes `npm run format:check`). */

export type Align = 'left' | 'right';

/** One cell's text, with the characters that would break a table row escaped. */
function cellText(value: string): string {
  return value.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/**
 * A table with every column padded to its widest cell (at least 3, the delimiter's minimum). `align` gives each
 * column's alignment (left when absent). Rows shorter than the header are padded with empty cells.
 */
export function renderTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  align: readonly Align[] = [],
): string {
  const body = rows.map((row) => header.map((_, i) => cellText(row[i] ?? '')));
  const head = header.map(cellText);
  const widths = head.map((h, i) => Math.max(3, h.length, ...body.map((row) => row[i].length)));
  const pad = (cell: string, i: number): string =>
    align[i] === 'right' ? cell.padStart(widths[i]) : cell.padEnd(widths[i]);
  const line = (cells: readonly string[]): string => `| ${cells.map(pad).join(' | ')} |`;
  const delimiter = widths.map((w, i) => (align[i] === 'right' ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w)));
  return [line(head), `| ${delimiter.join(' | ')} |`, ...body.map(line)].join('\n');
}

export function isTableLine(line: string): boolean {
  return line.trimStart().startsWith('|');
}

/** The cells of one table row, unescaped and trimmed. */
export function parseTableRow(line: string): string[] {
  const inner = line
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '');
  return inner.split(/(?<!\\)\|/).map((cell) => cell.trim().replace(/\\\|/g, '|'));
}

/** Whether a row is a table's delimiter row (`| --- | ---: |`). */
export function isDelimiterRow(cells: readonly string[]): boolean {
  return cells.length > 0 && cells.every((cell) => /^:?-+:?$/.test(cell));
}

/** The column alignments a delimiter row declares. */
export function alignOf(delimiter: readonly string[]): Align[] {
  return delimiter.map((cell) => (cell.endsWith(':') && !cell.startsWith(':') ? 'right' : 'left'));
}
