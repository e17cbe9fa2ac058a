import assert from 'node:assert/strict';
import { test } from 'node:test';
import { flatRowView, SpilledRows, type FloatRow, type FloatRowType } from '../../src/core/util/rowView';

/** Row i's values, distinct for every row and column (exact in float32). */
const rowOf = (i: number, width: number) => Array.from({ length: width }, (_, c) => i * 8 + c + 0.5);

test('a flat array read as rows: row i is values[i * width .. (i + 1) * width), a view, not a copy', () => {
  const values = Float64Array.from([...rowOf(0, 3), ...rowOf(1, 3), ...rowOf(2, 3)]);
  const rows = flatRowView(values, 3);
  assert.equal(rows.count, 3);
  assert.equal(rows.width, 3);
  for (let i = 0; i < 3; i++) assert.deepEqual(Array.from(rows.row(i)), rowOf(i, 3), `row ${i}`);
  values[4] = -1;
  assert.equal(rows.row(1)[1], -1, 'the view sees its array');
  assert.equal(flatRowView(new Float32Array(0), 0).count, 0, 'no columns: no rows');
});

/** Pushes rows of `type` past a memory budget smaller than a chunk, then reads them back out of order. */
function spillsAndReadsBack<Row extends FloatRow>(name: string, type: FloatRowType<Row>): void {
  const width = 5;
  // One chunk of 4096 rows stays in memory (the budget is smaller than a chunk): the rest are spilled.
  const rows = new SpilledRows(type, width, 1024);
  const n = 4096 * 3 + 17;
  const row = new type(new ArrayBuffer(width * type.BYTES_PER_ELEMENT));
  for (let i = 0; i < n; i++) {
    row.set(rowOf(i, width));
    rows.push(row);
  }
  assert.equal(rows.count, n);
  assert.equal(rows.width, width);
  for (const i of [n - 1, 0, 4095, 4096, 9000, 5, n - 2]) {
    const read = rows.row(i);
    assert.ok(read instanceof type, `row ${i} is a ${name} array`);
    assert.deepEqual(Array.from(read), rowOf(i, width), `row ${i}`);
  }
  rows.close();
  assert.throws(() => rows.row(0), RangeError, 'nothing is read after close');
}

test('float32 rows past the memory budget go to a file and read back unchanged, in any order', () =>
  spillsAndReadsBack('float32', Float32Array));

test('float64 rows past the memory budget go to a file and read back unchanged, in any order', () =>
  spillsAndReadsBack('float64', Float64Array));

test('a row pushed from a view into a larger array stores only its own values', () => {
  const big = Float32Array.from([...rowOf(0, 2), ...rowOf(1, 2), ...rowOf(2, 2)]);
  const rows = new SpilledRows(Float32Array, 2);
  rows.push(big.subarray(2, 4));
  assert.deepEqual(Array.from(rows.row(0)), rowOf(1, 2));
  rows.close();
});
