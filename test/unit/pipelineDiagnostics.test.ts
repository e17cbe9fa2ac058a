import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pipelineDiagnostics } from '../../src/core/pipeline/pipelineDiagnostics';
import { validatePipeline } from '../../src/core/pipeline/validatePipeline';
import { labelSafetyFromReport } from '../../src/core/probe/labelSafetyFromReport';
import { digitsReport } from './helpers/digitsReport';

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
  const source = text([
    { name: 'brightness', delta: [-0.1, 0.1] },
    { name: 'rotate', degrees: [180, 180] },
  ]);
  const found = pipelineDiagnostics(source, digitsReport);
  assert.equal(found.length, 1, JSON.stringify(found));
  assert.equal(found[0].severity, 'warning');
  assert.match(found[0].message, /Breaks labels/);
  assert.ok(source.slice(found[0].start).startsWith('{'), 'points at the rotate step');
  assert.ok(found[0].start > source.indexOf('"rotate"') - 40 && found[0].start < source.indexOf('"rotate"'));
  assert.deepEqual(pipelineDiagnostics(source), [], 'no dataset, no label warnings');
});

test('a flagged step names its pairs and what to do; a probe run brings the measured verdicts', () => {
  const transforms = [
    { name: 'rotate', degrees: [180, 180] },
    { name: 'flipHorizontal', p: 0.5 },
  ];
  const source = text(transforms);
  const [turn, mirror] = pipelineDiagnostics(source, digitsReport);
  assert.match(turn.message, /^Breaks labels \(digits rule\): 6→9, 9→6\./);
  assert.match(turn.message, /Remove the step or narrow its range/);
  assert.match(turn.message, /Probe Label Safety/, 'not measured yet: says how to measure');
  assert.equal(mirror.severity, 'information');
  assert.match(mirror.message, /^May change labels \(digits rule\)/);

  // The probe measured both: the turn costs accuracy, the mirror costs nothing (its risky rule is overruled).
  const pipeline = validatePipeline(JSON.parse(source));
  const rules = labelSafetyFromReport(digitsReport, pipeline);
  const cost = (value: number, decision: 'costs' | 'noCost') => ({
    cost: value,
    interval: [value - 0.05, value + 0.05] as [number, number],
    margin: 0.01,
    test: { name: 'McNemar' as const, pValue: decision === 'costs' ? 1e-6 : 1, worse: 20, better: 0 },
    decision,
    heldOut: 75,
    rounds: 1,
    nullAccuracy: 1,
    withAccuracy: 1 - value,
  });
  const probe = {
    pipeline,
    report: {
      ...rules,
      mode: 'probe' as const,
      transforms: [
        { ...rules.transforms[0], measuredVerdict: 'breaks' as const, measured: cost(0.2, 'costs') },
        {
          ...rules.transforms[1],
          verdict: 'safe' as const,
          measuredVerdict: 'safe' as const,
          overruled: ['digits' as const],
          measured: cost(0, 'noCost'),
        },
      ],
    },
  };
  const measured = pipelineDiagnostics(source, digitsReport, probe);
  assert.equal(measured.length, 1, JSON.stringify(measured));
  assert.match(measured[0].message, /^Breaks labels \(measured and digits rule\): 6→9, 9→6\./);
  assert.match(
    measured[0].message,
    /Training with it costs \+0\.200 of clean accuracy \(95% interval \+0\.150 to \+0\.250/,
  );
  assert.doesNotMatch(measured[0].message, /Probe Label Safety/);
});
