import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsListText, type FindingRow } from '../../src/protocol/findingRows';

const rows: FindingRow[] = [
  {
    file: 'train/cat/a,b "c".png',
    kind: 'dark',
    label: 'Dark',
    class: 'cat',
    split: 'train',
    severity: 0.123456,
    reason: 'line one\nline two',
  },
  {
    file: 'train/dog/d.png',
    kind: 'low_information',
    label: 'Low information',
    class: 'dog',
    split: '',
    severity: 1,
    reason: 'entropy 1 bits < 3',
    worstOf: 640,
  },
];

/** RFC 4180 fields, read back the way a spreadsheet reads them (quotes doubled, breaks inside quotes). */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  const endField = () => {
    record.push(field);
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (quoted && c === '"') quoted = false;
    else if (quoted) field += c;
    else if (c === '"') quoted = true;
    else if (c === ',') endField();
    else if (c === '\r' && text[i + 1] === '\n') {
      endField();
      records.push(record);
      record = [];
      i++;
    } else field += c;
  }
  return records;
}

describe('Export list…: the selected findings as CSV or JSON', () => {
  it('CSV: a header, one record per finding, commas, quotes and line breaks survive', () => {
    const records = parseCsv(findingsListText(rows, 'csv'));
    assert.deepEqual(records[0], ['file', 'kind', 'finding', 'class', 'split', 'score', 'reason', 'worstOf']);
    assert.deepEqual(records[1], [
      'train/cat/a,b "c".png',
      'dark',
      'Dark',
      'cat',
      'train',
      '0.1235',
      'line one\nline two',
      '',
    ]);
    assert.deepEqual(records[2], [
      'train/dog/d.png',
      'low_information',
      'Low information',
      'dog',
      '',
      '1',
      'entropy 1 bits < 3',
      '640',
    ]);
    assert.equal(records.length, 3);
  });

  it('JSON: the same records as objects', () => {
    const parsed = JSON.parse(findingsListText(rows, 'json')) as Record<string, unknown>[];
    assert.equal(parsed.length, 2);
    assert.deepEqual(parsed[1], {
      file: 'train/dog/d.png',
      kind: 'low_information',
      finding: 'Low information',
      class: 'dog',
      split: '',
      score: 1,
      reason: 'entropy 1 bits < 3',
      worstOf: 640,
    });
  });
});
