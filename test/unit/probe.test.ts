import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { loadTf } from '../../src/core/augment/backend/tfBackend';
import { validatePipeline } from '../../src/core/pipeline/validatePipeline';
import { probeLabelSafety } from '../../src/core/probe/probeLabelSafety';
import type { LabelSafetyReport, TransformSafety } from '../../src/core/probe/probeTypes';
import { CancelledError, UsageError } from '../../src/core/util/errors';
import { tempDir } from './helpers/images';
import { DIGIT_GLYPHS, SYMMETRIC_SHAPES, writeGlyphDataset, writeNoiseDataset } from './helpers/probeData';

// Generated data where the answer is known: 0 1 6 7 9 glyphs (a 180°-turned 6 is exactly the 9 template),
// mirror-symmetric shapes, and classes of pure noise.
const temp = tempDir('dataset-lens-probe-');
const digits = path.join(temp.dir, 'digits');
const shapes = path.join(temp.dir, 'shapes');
const noise = path.join(temp.dir, 'noise');
after(() => temp.cleanup());

before(async () => {
  await Promise.all([
    writeGlyphDataset(digits, DIGIT_GLYPHS, 60, 3),
    writeGlyphDataset(shapes, SYMMETRIC_SHAPES, 60, 4),
    writeNoiseDataset(noise, ['alpha', 'beta', 'gamma', 'delta'], 40, 5),
  ]);
});

const digitPipeline = validatePipeline({
  version: 1,
  seed: 5,
  transforms: [
    { name: 'rotate', degrees: [180, 180] },
    { name: 'flipVertical' },
    { name: 'brightness', delta: [-0.1, 0.1] },
    { name: 'rotate', degrees: [-10, 10] },
    { name: 'flipVertical', p: 0 },
  ],
});

function step(report: LabelSafetyReport, index: number): TransformSafety {
  return report.transforms[index];
}

function rateOf(t: TransformSafety, from: string, to: string): number {
  return t.pairs.find((p) => p.from === from && p.to === to)?.rate ?? 0;
}

let first: LabelSafetyReport | undefined;

test('digits: a 180° turn breaks 6 <-> 9, a vertical flip is flagged, mild brightness and ±10° are safe, p = 0 is skipped', async () => {
  const { tf } = await loadTf();
  const tensors = tf.memory().numTensors;
  const report = await probeLabelSafety(digits, digitPipeline);
  first = report;
  assert.equal(tf.memory().numTensors, tensors, 'every tensor is freed');
  assert.equal(report.mode, 'probe');
  assert.ok(report.judgeable);
  assert.ok(report.cleanAccuracy! >= 0.9, `clean accuracy ${report.cleanAccuracy}`);
  assert.deepEqual(report.sample?.classes, ['0', '1', '6', '7', '9']);
  assert.equal(report.sample?.channels, 1);
  assert.deepEqual([report.sample?.train, report.sample?.heldOut], [225, 75]);

  const half = step(report, 0);
  assert.equal(half.measuredVerdict, 'breaks');
  assert.equal(half.verdict, 'breaks');
  assert.deepEqual(half.strongest?.params, { degrees: 180 });
  assert.ok(rateOf(half, '6', '9') >= 0.8, JSON.stringify(half.pairs));
  assert.ok(rateOf(half, '9', '6') >= 0.8, JSON.stringify(half.pairs));
  const sixToNine = half.pairs.find((p) => p.from === '6' && p.to === '9')!;
  assert.ok(sixToNine.distanceRatio! <= report.thresholds.maxDistanceRatio, 'turned 6s look like real 9s');
  assert.ok(half.reasons.some((r) => /"6" images .* become "9"/.test(r)));
  assert.ok(half.reasons.some((r) => /digits rule: a 6 rotated by 180° reads as a 9/.test(r)));

  const flip = step(report, 1);
  assert.ok(flip.measuredVerdict === 'risky' || flip.measuredVerdict === 'breaks', flip.measuredVerdict!);
  assert.ok(flip.accuracyDrop! >= report.thresholds.riskyDrop);
  assert.equal(flip.verdict, 'breaks', 'the digits rule knows an upside-down 6 passes for a 9');

  for (const index of [2, 3]) {
    const mild = step(report, index);
    assert.equal(mild.verdict, 'safe', `${mild.name}: ${mild.reasons.join(' | ')}`);
    assert.equal(mild.measuredVerdict, 'safe');
    assert.ok(mild.accuracyDrop! < 0.1);
  }

  const never = step(report, 4);
  assert.deepEqual(
    [never.verdict, never.measuredVerdict, never.reasons],
    ['safe', null, ['p is 0: the step never runs']],
  );
});

test('the probe is reproducible: same seed, identical JSON (but for durationMs)', async () => {
  assert.ok(first, 'needs the digits run');
  const again = await probeLabelSafety(digits, digitPipeline);
  const strip = (r: LabelSafetyReport) => JSON.stringify({ ...r, durationMs: 0 });
  assert.equal(strip(again), strip(first));
  const other = await probeLabelSafety(digits, digitPipeline, { seed: 6, sample: 150 });
  assert.notEqual(strip(other), strip(first), 'another seed and sample give another run');
});

test('symmetric shapes: a left-right mirror is safe (no false alarm)', async () => {
  const pipeline = validatePipeline({ version: 1, seed: 2, transforms: [{ name: 'flipHorizontal' }] });
  const report = await probeLabelSafety(shapes, pipeline);
  assert.ok(report.judgeable, `clean accuracy ${report.cleanAccuracy}`);
  const mirror = step(report, 0);
  assert.equal(mirror.measuredVerdict, 'safe', mirror.reasons.join(' | '));
  assert.equal(mirror.verdict, 'safe', 'the look rule guesses; the measurement decides');
  assert.ok(mirror.pairs.every((p) => p.rate < report.thresholds.pairRate));
  assert.ok(mirror.accuracyDrop! < report.thresholds.riskyDrop);
});

test('noise classes: the model cannot judge, so it says so and guesses nothing', async () => {
  const pipeline = validatePipeline({ version: 1, transforms: [{ name: 'flipVertical' }, { name: 'hue' }] });
  const report = await probeLabelSafety(noise, pipeline);
  assert.equal(report.judgeable, false);
  assert.ok(report.cleanAccuracy! < report.judgeableThreshold!);
  for (const t of report.transforms) {
    assert.equal(t.measuredVerdict, null);
    assert.equal(t.strongest, null);
    assert.equal(t.verdict, 'safe', 'no rule applies to these names either');
    assert.match(
      t.reasons[0],
      /could not judge: clean held-out accuracy .* verdicts come from the rules only/,
    );
  }
  assert.ok(report.warnings.some((w) => /could not judge/.test(w)));
});

test('cancellation and bad input: CancelledError, UsageErrors naming the problem', async () => {
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(
    probeLabelSafety(digits, digitPipeline, { signal: controller.signal }),
    CancelledError,
  );
  await assert.rejects(
    probeLabelSafety(digits, digitPipeline, { sample: 1 }),
    (e: Error) => e instanceof UsageError && /integer >= 2 for sample but received 1/.test(e.message),
  );
  await assert.rejects(
    probeLabelSafety(digits, digitPipeline, { heldOutFraction: 1 }),
    /for heldOutFraction but received 1/,
  );
  const flat = path.join(temp.dir, 'flat');
  mkdirSync(flat);
  writeFileSync(path.join(flat, 'readme.txt'), 'no images');
  await assert.rejects(probeLabelSafety(flat, digitPipeline), /No labelled images/);
});
