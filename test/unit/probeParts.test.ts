import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadTf } from '../../src/core/augment/backend/tfBackend';
import { findTransform, TRANSFORMS } from '../../src/core/augment/registry';
import { flipLeftRight } from '../../src/core/augment/ops/flip';
import { createImage, type AugImage } from '../../src/core/augment/augImage';
import { validatePipeline } from '../../src/core/pipeline/validatePipeline';
import { trainMlp } from '../../src/core/probe/mlp';
import { toWorkingSize } from '../../src/core/probe/loadProbeImages';
import { writeModelInput } from '../../src/core/probe/modelInput';
import {
  DEFAULT_PROBE_THRESHOLDS,
  judgeableThreshold,
  resolveProbeThresholds,
} from '../../src/core/probe/probeThresholds';
import { allocate, stratifiedFolds } from '../../src/core/probe/sampleEntries';
import { CONTENT_MODEL } from '../../src/core/content/contentModel';
import { contentFeatureSpace, contentPixels } from '../../src/core/probe/contentFeatures';
import { chooseFeatures, featureKind, fitScaler } from '../../src/core/probe/probeFeatures';
import type { DatasetLook } from '../../src/core/probe/probeTypes';
import { PIXEL_OPTIONS, scaleForWorking } from '../../src/core/probe/workingScale';
import type { FileEntry } from '../../src/core/scan/scanPlan';
import { UsageError } from '../../src/core/util/errors';
import { createRng } from '../../src/core/util/rng';
import { image } from './helpers/augment';

const T = DEFAULT_PROBE_THRESHOLDS;

test('thresholds: defaults, overrides, and errors naming the threshold and the value', () => {
  assert.deepEqual(resolveProbeThresholds(), T);
  assert.equal(resolveProbeThresholds({ marginShare: 0.5 }).marginShare, 0.5);
  assert.throws(
    () => resolveProbeThresholds({ pairShare: 2 }),
    (e: Error) => e instanceof UsageError && /for pairShare but received 2 of type number/.test(e.message),
  );
  assert.throws(() => resolveProbeThresholds({ alpha: 0 }), /above 0 and below 0\.5 for alpha/);
  assert.throws(() => resolveProbeThresholds({ marginshare: 0.5 } as object), /Did you mean "marginShare"\?/);
  const near = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-12, `${a} vs ${b}`);
  near(judgeableThreshold(T, 2), 0.75);
  near(judgeableThreshold(T, 5), 0.6);
  near(judgeableThreshold(T, 10), 0.55);
});

function entries(counts: Record<string, number>): FileEntry[] {
  return Object.entries(counts).flatMap(([label, n]) =>
    Array.from({ length: n }, (_, i) => ({
      file: `${label}/${i}.png`,
      open: '',
      size: 1,
      mtimeMs: 0,
      label,
    })),
  );
}

test('stratified folds: classes in proportion, each class dealt over the folds, seeded', () => {
  assert.deepEqual(allocate([900, 90, 10], 100), [89, 9, 2], 'the smallest class gets 2, from the largest');
  assert.deepEqual(allocate([5, 5], 100), [5, 5]);
  const all = [
    ...entries({ cat: 900, dog: 90, emu: 10, lone: 1 }),
    { ...entries({ x: 1 })[0], label: undefined },
  ];
  const a = stratifiedFolds(all, 100, 4, createRng(1));
  assert.deepEqual(a, stratifiedFolds(all, 100, 4, createRng(1)));
  assert.deepEqual(a.classes, ['cat', 'dog', 'emu', 'lone'], 'unlabelled entries are left out');
  const count = (c: number, fold?: number) =>
    a.entries.filter((e) => e.classIndex === c && (fold === undefined || e.fold === fold)).length;
  assert.deepEqual(
    [0, 1, 2, 3].map((c) => count(c)),
    [88, 9, 2, 1],
  );
  assert.deepEqual(
    [0, 1, 2, 3].map((fold) => count(0, fold)),
    [22, 22, 22, 22],
  );
  assert.deepEqual(
    [0, 1, 2, 3].map((fold) => count(1, fold)),
    [3, 2, 2, 2],
  );
  assert.equal(a.entries.find((e) => e.classIndex === 3)?.fold, -1, 'a class of one image is never held out');
  const b = stratifiedFolds(all, 100, 4, createRng(2));
  assert.notDeepEqual(
    b.entries.filter((e) => e.fold === 0).map((e) => e.entry.file),
    a.entries.filter((e) => e.fold === 0).map((e) => e.entry.file),
  );
});

test('working scale: sizes and pixel options follow the working / source ratio', () => {
  const [crop, blur] = validatePipeline({
    version: 1,
    transforms: [
      { name: 'randomCrop', size: [200, 100] },
      { name: 'gaussianBlur', sigma: [1, 2], kernelSize: 9 },
    ],
  }).steps;
  assert.deepEqual(scaleForWorking(findTransform('randomCrop')!, crop.options, 0.25, 0.25).size, [50, 25]);
  const scaled = scaleForWorking(findTransform('gaussianBlur')!, blur.options, 0.5, 0.5);
  assert.deepEqual(scaled.sigma, [0.5, 1]);
  assert.equal(scaled.kernelSize, 5);
});

test('every option documented in pixels is scaled (add it to PIXEL_OPTIONS)', () => {
  for (const transform of TRANSFORMS) {
    for (const [name, spec] of Object.entries(transform.options)) {
      if (spec.type === 'size' || !/pixel/i.test(spec.doc)) continue;
      assert.ok(PIXEL_OPTIONS[transform.name]?.includes(name), `${transform.name}.${name} is in pixels`);
    }
  }
});

test('model input: an exact area average at any ratio, 0..1, grey widened for an RGB model', () => {
  const src = image(4, 2, 1, [0, 255, 255, 255, 0, 0, 255, 255]);
  const out = new Float32Array(2);
  writeModelInput(src, 1, 1, out, 1);
  assert.ok(Math.abs(out[1] - 5 / 8) < 1e-6);
  const three = image(3, 3, 1, [0, 0, 0, 0, 255, 0, 0, 0, 0]);
  const half = new Float32Array(4);
  writeModelInput(three, 2, 1, half, 0);
  // Each 1.5x1.5 output cell covers a quarter of the centre pixel.
  for (const v of half) assert.ok(Math.abs(v - 0.25 / 2.25) < 1e-6);
  const rgb = new Float32Array(3);
  writeModelInput(image(1, 1, 1, [51]), 1, 3, rgb, 0);
  assert.deepEqual(
    Array.from(rgb, (v) => Math.round(v * 100) / 100),
    [0.2, 0.2, 0.2],
  );
});

test('working size: larger axes shrink by area, smaller ones grow bilinearly, any shape ends square', () => {
  const quadrants = image(4, 4, 1, [0, 0, 8, 8, 0, 0, 8, 8, 4, 4, 12, 12, 4, 4, 12, 12]);
  assert.deepEqual(Array.from(toWorkingSize(quadrants, 2).data), [0, 8, 4, 12]);
  const flat = image(2, 2, 3, new Array(12).fill(100));
  const grown = toWorkingSize(flat, 64);
  assert.deepEqual([grown.width, grown.height, grown.channels], [64, 64, 3]);
  assert.ok(grown.data.every((v) => Math.abs(v - 100) < 1e-4));
  const strip = toWorkingSize(image(100, 20, 1, new Array(2000).fill(50)), 64);
  assert.deepEqual([strip.width, strip.height], [64, 64]);
  assert.ok(strip.data.every((v) => Math.abs(v - 50) < 1e-4));
});

test('the MLP trains from our seed, predicts, and frees every tensor', async () => {
  const { tf } = await loadTf();
  const before = tf.memory().numTensors;
  const rng = createRng(3);
  const dim = 8;
  const n = 120;
  const inputs = new Float32Array(n * dim);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = i % 3;
    for (let j = 0; j < dim; j++) inputs[i * dim + j] = (j % 3 === labels[i] ? 0.8 : 0.1) + 0.1 * rng.next();
  }
  const options = {
    hidden: 16,
    batchSize: 32,
    learningRate: 0.01,
    targetSteps: 60,
    minEpochs: 5,
    maxEpochs: 20,
  };
  const first = await trainMlp(tf, { inputs, labels, dim, classes: 3 }, createRng(9), options);
  const second = await trainMlp(tf, { inputs, labels, dim, classes: 3 }, createRng(9), options);
  const predicted = first.predict(inputs);
  assert.deepEqual(Array.from(predicted), Array.from(labels));
  assert.deepEqual(Array.from(second.predict(inputs)), Array.from(predicted));
  first.dispose();
  second.dispose();
  assert.equal(tf.memory().numTensors, before);
  const aborted = new AbortController();
  aborted.abort();
  await assert.rejects(
    trainMlp(tf, { inputs, labels, dim, classes: 3 }, createRng(9), options, { signal: aborted.signal }),
    /Cancelled/,
  );
  assert.equal(tf.memory().numTensors, before, 'a cancelled training frees its tensors too');
});

const LOOK: DatasetLook = {
  images: 100,
  greyFraction: 0,
  medianWidth: 300,
  medianHeight: 200,
  medianAspect: 1.5,
  centred: false,
  inkCoverage: 0.85,
};

/** A 64x64 RGB image: grey background, one dark-red right triangle with its corner at (x, y). */
function triangleAt(x: number, y: number, mirrored = false): AugImage {
  const out = createImage(64, 64, 3);
  for (let py = 0; py < 64; py++) {
    for (let px = 0; px < 64; px++) {
      const dx = px - x;
      const dy = py - y;
      const inside = dx >= 0 && dy >= 0 && dx < 16 && dy < 16 && (mirrored ? 15 - dx : dx) <= dy;
      const rgb = inside ? [150, 20, 20] : [128, 128, 128];
      out.data.set(rgb, (py * 64 + px) * 3);
    }
  }
  return out;
}

test('features: pixels for centred objects, pooled where the position varies, content when those cannot judge', () => {
  const centred = { ...LOOK, centred: true, greyFraction: 1 };
  const weak = { accuracy: 0.51, needed: 0.625 };
  const strong = { accuracy: 0.97, needed: 0.625 };
  const table: [string, ReturnType<typeof featureKind>, string][] = [
    ['centred', featureKind('auto', centred), 'pixels'],
    ['centred, pixels judge', featureKind('auto', centred, strong), 'pixels'],
    ['centred, pixels too weak', featureKind('auto', centred, weak), 'content'],
    ['position varies, nothing measured yet', featureKind('auto', LOOK), 'pooled'],
    ['position varies, pooled judges', featureKind('auto', LOOK, strong), 'pooled'],
    [
      'position varies, pooled at the bar',
      featureKind('auto', LOOK, { accuracy: 0.625, needed: 0.625 }),
      'pooled',
    ],
    ['position varies, pooled too weak', featureKind('auto', LOOK, weak), 'content'],
    ['centring unknown, pooled too weak', featureKind('auto', { ...LOOK, centred: null }, weak), 'content'],
    ['forced pixels', featureKind('pixels', LOOK, weak), 'pixels'],
    ['forced content', featureKind('content', centred), 'content'],
  ];
  for (const [what, chosen, kind] of table) assert.equal(chosen.kind, kind, what);
  assert.match(featureKind('auto', LOOK).reason, /not centred on a plain background/);
  assert.match(
    featureKind('auto', LOOK, weak).reason,
    /^pooled features were too weak to judge \(null model 0\.51, judging needs 0\.63; the objects are not centred/,
  );
  assert.match(featureKind('content', LOOK).reason, /chosen with --features content/);
  const pooled = chooseFeatures('pooled', 'r', 3);
  assert.equal(pooled.info.dim, 5 * (64 + 8 + 1));
  const pixels = chooseFeatures('pixels', 'r', 1);
  assert.deepEqual(
    [pixels.info.kind, pixels.info.dim, pixels.info.detail],
    ['pixels', 576, '24x24 grey pixels (area average)'],
  );
});

test('content features: the working image as the model reads it, and a mirrored image gets another row', async () => {
  const grey = createImage(64, 64, 1);
  grey.data.fill(300);
  grey.data[0] = -5;
  const pixels = contentPixels(grey, 128);
  assert.equal(pixels.length, 128 * 128 * 3);
  assert.deepEqual(
    [pixels[0], pixels[1], pixels[2], pixels[pixels.length - 1]],
    [0, 0, 0, 1],
    'clamped, grey widened',
  );
  const space = await contentFeatureSpace('r');
  assert.deepEqual([space.info.kind, space.info.dim], ['content', CONTENT_MODEL.dims]);
  const shape = triangleAt(4, 8);
  const mirrored = flipLeftRight(shape);
  const rows = space.rows([shape, mirrored, shape]);
  const dim = space.info.dim;
  const row = (r: number) => Array.from(rows.subarray(r * dim, (r + 1) * dim));
  assert.deepEqual(row(2), row(0), 'the same image, the same row');
  const [a, b] = [row(0), row(1)];
  const apart = Math.sqrt(
    a.reduce((sum, v, j) => sum + (v - b[j]) ** 2, 0) / a.reduce((sum, v) => sum + v * v, 0),
  );
  assert.ok(apart > 0.01, `not mirror-averaged: a flip shows (relative distance ${apart})`);
});

test('pooled features: the whole-image histograms ignore where the object is; a mirror still shows', () => {
  const space = chooseFeatures('pooled', 'r', 3);
  const dim = space.info.dim;
  const cell = dim / 5;
  const [left, right, mirrored] = [triangleAt(4, 8), triangleAt(40, 40), triangleAt(4, 8, true)];
  const rows = space.rows([left, right, mirrored]);
  const whole = (r: number) => Array.from(rows.subarray(r * dim, r * dim + cell), (v) => v.toFixed(5));
  assert.deepEqual(whole(1), whole(0), 'the same triangle elsewhere: identical whole-image histograms');
  assert.notDeepEqual(whole(2), whole(0), 'mirrored: its edges turn the other way');
  assert.notDeepEqual(
    Array.from(rows.subarray(cell, dim)),
    Array.from(rows.subarray(dim + cell, 2 * dim)),
    'the 2x2 cells do see where it is',
  );
  for (const v of rows) assert.ok(v >= 0 && v <= 1, `histogram values are 0..1, got ${v}`);
  // Scaled to zero mean over the sample; a feature no image varies in stays 0.
  const scale = fitScaler(space, rows);
  const copy = rows.slice();
  scale(copy);
  for (let j = 0; j < dim; j++) {
    const mean = (copy[j] + copy[dim + j] + copy[2 * dim + j]) / 3;
    assert.ok(Math.abs(mean) < 1e-5, `feature ${j} mean ${mean}`);
  }
  assert.equal(copy[63], 0, 'a colour bin no image has stays 0');
});
