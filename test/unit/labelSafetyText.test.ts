import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validatePipeline } from '../../src/core/pipeline/validatePipeline';
import { labelSafetyFromReport } from '../../src/core/probe/labelSafetyFromReport';
import { exportQuestion, variantMark } from '../../src/core/probe/safetyText';
import { digitsReport } from './helpers/digitsReport';

test('a preview variant is marked when a flagged step fired on it and its class is one the step turns into another', () => {
  const pipeline = validatePipeline({
    version: 1,
    seed: 1,
    transforms: [
      { name: 'brightness', delta: [-0.1, 0.1] },
      { name: 'rotate', degrees: [180, 180] },
      { name: 'flipHorizontal', p: 0.5 },
    ],
  });
  const safety = labelSafetyFromReport(digitsReport, pipeline);
  assert.deepEqual(variantMark(safety, '6', [0, 1]), { verdict: 'breaks', text: 'may read as 9' });
  assert.equal(variantMark(safety, '6', [0]), null, 'the turn did not fire');
  assert.equal(variantMark(safety, '0', [1]), null, '0 turned is still 0 for the rules: no pair names it');
  // The mirror is risky for every digit (no pair): any variant it fired on may have changed class.
  assert.deepEqual(variantMark(safety, '0', [2]), { verdict: 'risky', text: 'label may change' });
  assert.deepEqual(variantMark(safety, '9', [1, 2]), { verdict: 'breaks', text: 'may read as 6' });
});

test('export asks first while a step breaks labels, naming each such step and its pairs', () => {
  const pipeline = validatePipeline({
    version: 1,
    seed: 1,
    transforms: [
      { name: 'flipHorizontal', p: 0.5 },
      { name: 'rotate', degrees: [180, 180] },
    ],
  });
  const question = exportQuestion(labelSafetyFromReport(digitsReport, pipeline));
  assert.ok(question);
  assert.equal(question.message, 'Export with a step that breaks labels?');
  assert.match(question.detail, /^2\. rotate \(digits rule\): 6→9, 9→6$/m);
  assert.doesNotMatch(question.detail, /flipHorizontal/, 'a risky step does not stop an export');
  const mild = validatePipeline({ version: 1, seed: 1, transforms: [{ name: 'flipHorizontal', p: 0.5 }] });
  assert.equal(exportQuestion(labelSafetyFromReport(digitsReport, mild)), null);
  assert.equal(exportQuestion(null), null);
});
