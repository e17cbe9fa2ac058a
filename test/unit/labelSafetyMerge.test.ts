import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validatePipeline } from '../../src/core/pipeline/validatePipeline';
import { labelSafetyFromReport } from '../../src/core/probe/labelSafetyFromReport';
import type { LabelSafetyReport, StepCost, TransformSafety } from '../../src/core/probe/probeTypes';
import { withMeasurements } from '../../src/core/probe/withMeasurements';
import { digitsReport } from './helpers/digitsReport';

const turn = { name: 'rotate', degrees: [180, 180] };
const light = { name: 'brightness', delta: [-0.1, 0.1] };
const mirror = { name: 'flipHorizontal', p: 0.5 };
const pipelineOf = (...transforms: object[]) => validatePipeline({ version: 1, seed: 2, transforms });

/** A measured step as the probe reports it (what the merge copies, not what it computes). */
function measuredStep(index: number, name: string, verdict: TransformSafety['verdict']): TransformSafety {
  const cost: StepCost = {
    cost: verdict === 'safe' ? 0 : 0.2,
    interval: verdict === 'safe' ? [-0.01, 0.009] : [0.15, 0.3],
    margin: 0.01,
    test: { name: 'McNemar', pValue: verdict === 'safe' ? 1 : 1e-6, worse: 15, better: 0 },
    decision: verdict === 'safe' ? 'noCost' : 'costs',
    heldOut: 75,
    rounds: 1,
    nullAccuracy: 1,
    withAccuracy: 0.8,
  };
  return {
    index,
    name,
    p: 1,
    verdict,
    measuredVerdict: verdict,
    ruleVerdict: 'safe',
    measured: cost,
    pairs: [],
    overruled: [],
    reasons: [`measured ${name}`],
  };
}

function probeOf(pipeline: ReturnType<typeof pipelineOf>, steps: TransformSafety[]): LabelSafetyReport {
  return {
    ...labelSafetyFromReport(digitsReport, pipeline),
    mode: 'probe',
    judgeable: true,
    cleanAccuracy: 1,
    backend: 'wasm',
    features: { kind: 'pixels', dim: 576, detail: '24x24 grey pixels', reason: 'centred glyphs' },
    transforms: steps,
  };
}

test('a step measured in the same form keeps its measurement wherever it moved; other steps keep the rules', () => {
  const probed = pipelineOf(turn, light);
  const probe = {
    pipeline: probed,
    report: probeOf(probed, [measuredStep(0, 'rotate', 'breaks'), measuredStep(1, 'brightness', 'safe')]),
  };
  // The user moved brightness first and added a mirror the probe never saw.
  const now = pipelineOf(light, turn, mirror);
  const merged = withMeasurements(labelSafetyFromReport(digitsReport, now), now, probe);
  assert.equal(merged.mode, 'probe');
  assert.equal(merged.features?.detail, '24x24 grey pixels');
  assert.deepEqual(
    merged.transforms.map((t) => [t.index, t.name, t.verdict, t.measured?.decision ?? null]),
    [
      [0, 'brightness', 'safe', 'noCost'],
      [1, 'rotate', 'breaks', 'costs'],
      [2, 'flipHorizontal', 'risky', null],
    ],
  );
  assert.ok(merged.transforms[2].reasons.some((r) => /digits rule/.test(r)));
  // The rules' findings are those of the current pipeline: on the turn (now step 1), none on brightness.
  assert.ok(merged.rules.some((r) => r.index === 1 && r.rule === 'digits'));
  assert.ok(!merged.rules.some((r) => r.index === 0));
});

test('a step whose options changed since the probe is judged by the rules again', () => {
  const probed = pipelineOf(turn);
  const probe = { pipeline: probed, report: probeOf(probed, [measuredStep(0, 'rotate', 'safe')]) };
  const now = pipelineOf({ name: 'rotate', degrees: [170, 190] });
  const rules = labelSafetyFromReport(digitsReport, now, 'not measured: run Probe Label Safety');
  const merged = withMeasurements(rules, now, probe);
  assert.equal(merged.mode, 'rules', 'nothing of this pipeline was measured');
  assert.equal(merged.transforms[0].measured, null);
  assert.equal(merged.transforms[0].verdict, 'breaks');
  assert.ok(merged.transforms[0].reasons.includes('not measured: run Probe Label Safety'));
  assert.equal(withMeasurements(rules, now, null), rules);
});
