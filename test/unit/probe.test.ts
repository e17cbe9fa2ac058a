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
import {
  DIGIT_GLYPHS,
  SYMMETRIC_SHAPES,
  writeGlyphDataset,
  writeNoiseDataset,
  writeScatteredShapeDataset,
} from './helpers/probeData';

// Generated data where the answer is known: 0 1 6 7 9 glyphs (a 180°-turned 6 is exactly the 9 template),
// mirror-symmetric shapes, and classes of pure noise; and the bundled sample.
const temp = tempDir('dataset-lens-probe-');
const digits = path.join(temp.dir, 'digits');
const shapes = path.join(temp.dir, 'shapes');
const noise = path.join(temp.dir, 'noise');
const scattered = path.join(temp.dir, 'scattered');
after(() => temp.cleanup());

before(async () => {
  await Promise.all([
    writeGlyphDataset(digits, DIGIT_GLYPHS, 60, 3),
    writeGlyphDataset(shapes, SYMMETRIC_SHAPES, 60, 4),
    writeNoiseDataset(noise, ['alpha', 'beta', 'gamma', 'delta'], 40, 5),
    writeScatteredShapeDataset(scattered, 40, 7),
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

function pair(t: TransformSafety, from: string, to: string) {
  return t.pairs.find((p) => p.from === from && p.to === to);
}

let first: LabelSafetyReport | undefined;

test('digits: training with a 180° turn costs accuracy as 6 <-> 9 confusions; the rest costs nothing', async () => {
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
  assert.deepEqual([report.sample?.train, report.sample?.heldOut, report.sample?.folds], [225, 75, 4]);
  assert.equal(report.features?.kind, 'pixels', report.features?.reason);

  // The 9 template is the 6 turned: copies of turned 6s labelled 6 teach the model that 9s are 6s.
  const half = step(report, 0);
  assert.deepEqual([half.measuredVerdict, half.verdict], ['breaks', 'breaks']);
  assert.equal(half.measured?.decision, 'costs');
  assert.ok(half.measured!.test.pValue < report.thresholds.alpha);
  assert.ok(half.measured!.interval[0] > 0);
  assert.equal(pair(half, '6', '9')?.source, 'both', 'measured, and named by the digits rule');
  assert.ok(pair(half, '6', '9')!.rate! > 0.3, JSON.stringify(half.pairs));
  assert.ok(pair(half, '9', '6'));
  assert.ok(half.reasons.some((r) => /mostly confusions 6 <-> 9/.test(r)));
  assert.ok(half.reasons.some((r) => /digits rule: a 6 rotated by 180° reads as a 9/.test(r)));

  // An upside-down 6 is a mirrored 9, not a 9: the model keeps them apart, but the rule's pair stands.
  const flip = step(report, 1);
  assert.equal(flip.verdict, 'breaks');
  assert.equal(flip.ruleVerdict, 'breaks');
  assert.ok(pair(flip, '6', '9'));

  for (const index of [2, 3]) {
    const mild = step(report, index);
    assert.equal(mild.verdict, 'safe', `${mild.name}: ${mild.reasons.join(' | ')}`);
    assert.equal(mild.measuredVerdict, 'safe');
    assert.equal(mild.measured?.decision, 'noCost');
    assert.ok(mild.measured!.interval[1] < mild.measured!.margin);
  }

  const never = step(report, 4);
  assert.deepEqual(
    [never.verdict, never.measuredVerdict, never.measured, never.reasons],
    ['safe', null, null, ['p is 0: the step never runs']],
  );
});

test('the probe is reproducible: same seed, identical JSON (but for durationMs)', async () => {
  assert.ok(first, 'needs the digits run');
  const options = { seed: 6, sample: 150, rounds: 1 };
  const strip = (r: LabelSafetyReport) => JSON.stringify({ ...r, durationMs: 0 });
  const once = await probeLabelSafety(digits, digitPipeline, options);
  assert.equal(strip(await probeLabelSafety(digits, digitPipeline, options)), strip(once));
  assert.notEqual(strip(once), strip(first), 'another seed and sample give another run');
});

test('symmetric shapes: training with a left-right mirror costs nothing, which overrules the look rule', async () => {
  const pipeline = validatePipeline({ version: 1, seed: 2, transforms: [{ name: 'flipHorizontal' }] });
  const report = await probeLabelSafety(shapes, pipeline);
  assert.ok(report.judgeable, `clean accuracy ${report.cleanAccuracy}`);
  const mirror = step(report, 0);
  assert.equal(mirror.measuredVerdict, 'safe', mirror.reasons.join(' | '));
  assert.equal(mirror.measured?.decision, 'noCost');
  assert.equal(mirror.ruleVerdict, 'risky', 'the look rule guesses that mirrored glyphs change');
  assert.deepEqual(mirror.overruled, ['glyphLook']);
  assert.equal(mirror.verdict, 'safe');
  assert.deepEqual(mirror.pairs, []);
});

test('noise classes: the model cannot judge, so it says so and guesses nothing', async () => {
  const pipeline = validatePipeline({ version: 1, transforms: [{ name: 'flipVertical' }, { name: 'hue' }] });
  const report = await probeLabelSafety(noise, pipeline);
  assert.equal(report.judgeable, false);
  assert.ok(report.cleanAccuracy! < report.judgeableThreshold!);
  for (const t of report.transforms) {
    assert.equal(t.measuredVerdict, null);
    assert.equal(t.measured, null);
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
    /above 0 and at most 0\.5 for heldOutFraction but received 1/,
  );
  await assert.rejects(
    probeLabelSafety(digits, digitPipeline, { rounds: 5 }),
    /integer between 1 and 4 \(the folds\) for rounds but received 5/,
  );
  const flat = path.join(temp.dir, 'flat');
  mkdirSync(flat);
  writeFileSync(path.join(flat, 'readme.txt'), 'no images');
  await assert.rejects(probeLabelSafety(flat, digitPipeline), /No labelled images/);
});

test('the bundled sample: pooled features cannot judge shapes anywhere on textured backgrounds; content can', async () => {
  const sample = path.resolve(__dirname, '..', '..', 'media', 'sample');
  const pipeline = validatePipeline({ version: 1, seed: 1, transforms: [{ name: 'flipHorizontal' }] });
  const report = await probeLabelSafety(sample, pipeline, { rounds: 1 });
  assert.equal(report.features?.kind, 'content');
  assert.match(report.features!.reason, /pooled features were too weak to judge \(null model 0\.\d\d/);
  assert.deepEqual(report.sample?.classes, ['circle', 'square', 'star', 'triangle']);
  assert.equal(report.sample?.failed, 3, 'the three broken files are left out, each named with its reason');
  assert.deepEqual(
    report.failures.map((f) => f.file),
    ['train/circle/broken_empty.png', 'train/square/broken_truncated.jpg', 'val/star/broken_text.jpg'],
  );
  assert.match(report.warnings.join('\n'), /3 file\(s\) could not be read and were left out of the probe/);
  assert.ok(report.judgeable, `content features judge the sample (null model ${report.cleanAccuracy})`);
  const mirror = step(report, 0);
  assert.equal(mirror.ruleVerdict, 'safe');
  assert.ok(mirror.measured, 'measured');
  assert.equal(mirror.measuredVerdict, 'safe', mirror.reasons.join(' | '));
  assert.equal(mirror.verdict, 'safe');
});

test('shapes anywhere on stripes: auto moves from pooled to content features, the same run as --features content', async () => {
  const pipeline = validatePipeline({
    version: 1,
    seed: 2,
    transforms: [{ name: 'flipHorizontal' }, { name: 'brightness', delta: [-0.1, 0.1] }],
  });
  const options = { seed: 3, rounds: 1 };
  const pooled = await probeLabelSafety(scattered, pipeline, { ...options, features: 'pooled' });
  assert.ok(
    !pooled.judgeable,
    `pooled features cannot tell the shapes apart (null model ${pooled.cleanAccuracy})`,
  );
  const auto = await probeLabelSafety(scattered, pipeline, options);
  assert.equal(auto.features?.kind, 'content');
  assert.match(auto.features!.reason, new RegExp(`null model ${pooled.cleanAccuracy!.toFixed(2)}`));
  assert.ok(auto.judgeable, `content features judge (null model ${auto.cleanAccuracy})`);
  assert.ok(
    auto.transforms.every((t) => t.measured),
    'every step measured',
  );
  const forced = await probeLabelSafety(scattered, pipeline, { ...options, features: 'content' });
  assert.match(forced.features!.reason, /chosen with --features content/);
  const strip = (r: LabelSafetyReport) =>
    JSON.stringify({ ...r, durationMs: 0, features: r.features?.detail });
  assert.equal(strip(forced), strip(auto), 'same seed, same features: the same JSON');
});
