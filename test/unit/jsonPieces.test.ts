import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { analyzeDataset } from '../../src/core/engine/analyzeDataset';
import { jsonPieces } from '../../src/core/util/jsonPieces';

const sample = path.resolve(__dirname, '..', '..', 'media', 'sample');

/** The pieces, joined, against JSON.stringify: the independent computation. */
function assertSameJson(value: unknown): Buffer[] {
  const pieces = jsonPieces(value);
  assert.equal(Buffer.concat(pieces).toString('utf8'), JSON.stringify(value));
  return pieces;
}

test('jsonPieces writes what JSON.stringify writes, for what JSON.stringify treats specially', () => {
  const boxed = { n: new Number(3), s: new String('x'), b: new Boolean(false) };
  const withToJson = { toJSON: () => ({ inner: { toJSON: () => 'not called again' } }) };
  assertSameJson({
    empty: {},
    list: [],
    skipped: undefined,
    fn: () => 1,
    holes: [undefined, () => 1, Symbol('s'), null, NaN, -0, Infinity, 1e21, 5e-7],
    nested: [[[]], [{}], [{ a: [1, [2, { b: undefined }]] }]],
    date: new Date(Date.UTC(2026, 11, 7)),
    buffer: Buffer.from([1, 2, 3]),
    typed: new Float32Array([0.1, 2]),
    map: new Map([[1, 2]]),
    boxed,
    withToJson,
    text: 'quote " backslash \\ newline \n tab \t nul \u0000 é 中 😀 lone \ud800 \udc00',
    'key "quoted"\n': 1,
    1: 'numeric key',
  });
  for (const top of [null, 0, 'x', true, [], {}, [1, 2], new Date(0)]) assertSameJson(top);
  assert.throws(() => jsonPieces(undefined), /no JSON form/);
});

test('jsonPieces cuts a large value into pieces of about a megabyte, no matter where its arrays split', () => {
  const issues = Array.from({ length: 30_001 }, (_, i) => ({
    file: `class ${i % 7}/image_${i}.png`,
    given: 'cat',
    suggested: i % 3 ? 'dog' : undefined,
    score: i / 30_001,
  }));
  const pieces = assertSameJson({
    content: { labelIssues: issues, embedded: 30_001 },
    after: [issues.slice(0, 5)],
  });
  assert.ok(pieces.length >= 2, `${pieces.length} pieces`);
  for (const piece of pieces.slice(0, -1)) assert.ok(piece.length < 1.5 * (1 << 20), `${piece.length} bytes`);
});

test("jsonPieces writes an analysis report's JSON byte for byte", async () => {
  const report = await analyzeDataset(sample, { workers: 0 });
  assertSameJson(report);
  assertSameJson({ ...report, durationMs: undefined });
});
