import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DatasetReport } from '../../src/core/engine/report';
import { pipelineDiagnostics } from '../../src/core/pipeline/pipelineDiagnostics';

const text = (transforms: unknown[]) => JSON.stringify({ version: 1, seed: 1, transforms }, null, 2);

test('validation problems point at the option they concern', () => {
  const source = text([{ name: 'flipHorizontal' }, { name: 'rotate', degrees: [10, -5] }]);
  const [d] = pipelineDiagnostics(source);
  assert.equal(d.severity, 'error');
  assert.match(d.message, /degrees/);
  assert.match(source.slice(d.start, d.end), /"degrees"/);
});

test('unknown transforms get a "did you mean" at the step; bad JSON is a syntax error', () => {
  const source = text([{ name: 'rotat' }]);
  const [d] = pipelineDiagnostics(source);
  assert.match(d.message, /rotate/);
  assert.ok(d.start > source.indexOf('transforms'));
  const broken = pipelineDiagnostics('{ "version": 1, ');
  assert.ok(broken.length > 0 && broken.every((x) => x.severity === 'error'));
});

test('with an analysed digits dataset, a 180° rotation is flagged on its transform; mild steps are not', () => {
  const report = {
    classes: ['0', '1', '6', '9'].map((name, index) => ({ name, index, count: 100 })),
    properties: { modes: { L: 400 }, width: { median: 28 }, height: { median: 28 }, aspect: { median: 1 } },
    quality: { counts: { grayscale: 0 } },
    stats: { channels: 1 },
    images: 400,
  } as unknown as DatasetReport;
  const source = text([
    { name: 'brightness', delta: [-0.1, 0.1] },
    { name: 'rotate', degrees: [180, 180] },
  ]);
  const found = pipelineDiagnostics(source, report);
  assert.equal(found.length, 1, JSON.stringify(found));
  assert.equal(found[0].severity, 'warning');
  assert.match(found[0].message, /Breaks labels/);
  assert.ok(source.slice(found[0].start).startsWith('{'), 'points at the rotate step');
  assert.ok(found[0].start > source.indexOf('"rotate"') - 40 && found[0].start < source.indexOf('"rotate"'));
  assert.deepEqual(pipelineDiagnostics(source), [], 'no dataset, no label warnings');
});
