import assert from 'node:assert/strict';
import { parseTableRow } from '../../bench/report/markdownTable';

/** The rows of the history table headed `heading` (the last one with that heading). */
export function historyRows(doc: string, heading: string): string[][] {
  const lines = doc.split('\n');
  const at = lines.lastIndexOf(`#### ${heading}`);
  assert.ok(at >= 0, `no table "${heading}"`);
  const rows: string[][] = [];
  for (let i = at + 2; i < lines.length && lines[i].startsWith('|'); i++) rows.push(parseTableRow(lines[i]));
  return rows.slice(2);
}
