import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { test } from 'node:test';
import { SpilledRecords } from '../../src/core/util/spilledRecords';

const record = (i: number) => Uint8Array.of(i & 255, (i >> 8) & 255, (i * 7) & 255, 255 - (i & 255));
const spillFiles = () =>
  readdirSync(tmpdir()).filter((f) => f.startsWith(`dataset-lens-records-${process.pid}-`));

test('records past the memory budget go to a temporary file and read back unchanged; nothing is left on disk', () => {
  // 4-byte records: one 16 KB chunk (4096 records) in memory, the rest spilled.
  const records = new SpilledRecords(4, 16 * 1024);
  const n = 4096 * 5 + 123;
  for (let i = 0; i < n; i++) records.push(record(i));
  assert.equal(records.length, n);
  for (const i of [0, 4095, 4096, 8191, 12_000, 4096 * 5 - 1, 4096 * 5, n - 1]) {
    assert.deepEqual(Array.from(records.get(i)), Array.from(record(i)), `record ${i}`);
  }
  // Unlinked as soon as it was opened (Linux): not even visible while in use.
  assert.deepEqual(spillFiles(), []);
  records.close();
  assert.throws(() => records.get(n), RangeError);
});

test('without a writable temporary folder the records stay in memory', () => {
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = '/nonexistent/dataset-lens';
  try {
    const records = new SpilledRecords(4, 16 * 1024);
    const n = 4096 * 3;
    for (let i = 0; i < n; i++) records.push(record(i));
    for (const i of [0, 5000, n - 1]) assert.deepEqual(Array.from(records.get(i)), Array.from(record(i)));
    records.close();
  } finally {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
  }
});

test('records pushed as bytes read back unchanged past the memory budget; a wrong size is refused', () => {
  const records = new SpilledRecords(3, 3 * 4096);
  const bytes = (i: number) => Uint8Array.of(i & 255, (i >> 8) & 255, (i * 5) & 255);
  const n = 4096 * 3 + 7;
  for (let i = 0; i < n; i++) records.push(bytes(i));
  for (const i of [0, 4095, 4096, 9000, n - 1]) assert.deepEqual(records.get(i), bytes(i), `record ${i}`);
  assert.throws(() => records.push(new Uint8Array(4)), /4 bytes where 3 fit/);
  records.close();
});

test('close frees the records held in memory, not only the temporary file', () => {
  // 4-byte records, a 16 KB budget: one chunk in memory, a spare after the first spill, the one being filled.
  const records = new SpilledRecords(4, 16 * 1024);
  for (let i = 0; i < 4096 * 3 + 5; i++) records.push(record(i));
  assert.ok(records.bytesInMemory >= 2 * 16 * 1024, `${records.bytesInMemory} bytes in memory`);
  records.close();
  assert.equal(records.bytesInMemory, 0);
  assert.throws(() => records.get(0), RangeError);
  records.close();
});

test('large records: memory holds the budget and two chunks of about a megabyte, not 4096 records a chunk', () => {
  // 48x48 thumbnails: 4096 of them made 9 MB chunks, three of which (budget, spare, the one being filled) stayed.
  const size = 48 * 48;
  const records = new SpilledRecords(size, 1 << 20);
  const bytes = (i: number) => new Uint8Array(size).fill(i & 255);
  const n = 5000;
  for (let i = 0; i < n; i++) records.push(bytes(i));
  assert.ok(records.bytesInMemory <= 3 << 20, `${records.bytesInMemory} bytes in memory`);
  for (const i of [0, 454, 455, 4095, 4096, n - 1]) assert.deepEqual(records.get(i), bytes(i), `record ${i}`);
  records.close();
});

test('a record read from the file goes into the buffer given, one in memory is a view', () => {
  // 4096 records of 8 bytes make a 32 KB chunk: with a 32 KB budget the first chunk stays, the rest are spilled.
  const records = new SpilledRecords(8, 32 << 10);
  for (let i = 0; i < 3 * 4096; i++)
    records.push(Uint8Array.from({ length: 8 }, (_, c) => (i * 7 + c) & 255));
  const into = new Uint8Array(8);
  const spilled = records.get(2 * 4096 + 5, into);
  assert.equal(spilled, into);
  assert.deepEqual(
    [...into],
    Array.from({ length: 8 }, (_, c) => ((2 * 4096 + 5) * 7 + c) & 255),
  );
  const resident = records.get(5, into);
  assert.notEqual(resident, into);
  assert.deepEqual(
    [...resident],
    Array.from({ length: 8 }, (_, c) => (5 * 7 + c) & 255),
  );
  records.close();
});
