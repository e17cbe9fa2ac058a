import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadTf } from '../../src/core/augment/backend/tfBackend';
import { findTransform, TRANSFORMS } from '../../src/core/augment/registry';
import { validatePipeline } from '../../src/core/pipeline/validatePipeline';
import { judgeVariant, type Baseline } from '../../src/core/probe/judgeVariant';
import { trainMlp } from '../../src/core/probe/mlp';
import { toWorkingSize } from '../../src/core/probe/loadProbeImages';
import { writeModelInput } from '../../src/core/probe/modelInput';
import {
  DEFAULT_PROBE_THRESHOLDS,
  judgeableThreshold,
  resolveProbeThresholds,
} from '../../src/core/probe/probeThresholds';
import { allocate, stratifiedSplit } from '../../src/core/probe/sampleEntries';
import { endpointSetting } from '../../src/core/probe/strongestSetting';
import { PIXEL_OPTIONS, scaleForWorking } from '../../src/core/probe/workingScale';
import type { FileEntry } from '../../src/core/scan/scanDataset';
import { UsageError } from '../../src/core/util/errors';
import { createRng } from '../../src/core/util/rng';
import { image } from './helpers/augment';

const T = DEFAULT_PROBE_THRESHOLDS;

test('thresholds: defaults, overrides, and errors naming the threshold and the value', () => {
  assert.deepEqual(resolveProbeThresholds(), T);
  assert.equal(resolveProbeThresholds({ pairRate: 0.7 }).pairRate, 0.7);
  assert.throws(
    () => resolveProbeThresholds({ pairRate: 2 }),
    (e: Error) => e instanceof UsageError && /for pairRate but received 2 of type number/.test(e.message),
  );
  assert.throws(() => resolveProbeThresholds({ minSupport: 2.5 }), /integer >= 1 for minSupport/);
  assert.throws(() => resolveProbeThresholds({ pairrate: 0.5 } as object), /Did you mean "pairRate"\?/);
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

test('stratified sample: classes in proportion, each class kept, split per class, seeded', () => {
  assert.deepEqual(allocate([900, 90, 10], 100), [89, 9, 2], 'the smallest class gets 2, from the largest');
  assert.deepEqual(allocate([5, 5], 100), [5, 5]);
  const all = [...entries({ cat: 900, dog: 90, emu: 10 }), { ...entries({ x: 1 })[0], label: undefined }];
  const a = stratifiedSplit(all, 100, 0.25, createRng(1));
  const b = stratifiedSplit(all, 100, 0.25, createRng(1));
  assert.deepEqual(a, b);
  assert.deepEqual(a.classes, ['cat', 'dog', 'emu'], 'unlabelled entries are left out');
  const count = (list: typeof a.train, c: number) => list.filter((e) => e.classIndex === c).length;
  assert.deepEqual(
    [0, 1, 2].map((c) => count(a.train, c) + count(a.heldOut, c)),
    [89, 9, 2],
  );
  assert.deepEqual(
    [0, 1, 2].map((c) => count(a.heldOut, c)),
    [22, 2, 1],
  );
  const c = stratifiedSplit(all, 100, 0.25, createRng(2));
  assert.notDeepEqual(
    c.heldOut.map((e) => e.entry.file),
    a.heldOut.map((e) => e.entry.file),
  );
});

test('strongest setting: each range collapsed to one end; implicit defaults through the sampler', () => {
  const [rotate, flip, rotateDefault, crop] = validatePipeline({
    version: 1,
    transforms: [
      { name: 'rotate', degrees: [-30, 90] },
      { name: 'flipVertical' },
      { name: 'rotate' },
      { name: 'cutout', scale: [0.1, 0.3] },
    ],
  }).steps;
  const t = (name: string) => findTransform(name)!;
  assert.deepEqual(endpointSetting(t('rotate'), rotate.options, 'min').shown, { degrees: -30 });
  assert.deepEqual(endpointSetting(t('rotate'), rotate.options, 'max').options.degrees, [90, 90]);
  assert.deepEqual(endpointSetting(t('flipVertical'), flip.options, 'max').shown, {});
  const implicit = endpointSetting(t('rotate'), rotateDefault.options, 'max');
  assert.ok(implicit.endpointSampler);
  assert.equal(implicit.shown.degrees, 15);
  const cut = endpointSetting(t('cutout'), crop.options, 'max');
  assert.deepEqual(cut.options.scale, [0.3, 0.3]);
  assert.ok(!cut.endpointSampler, 'positions stay random: only ranges collapse');
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

function baseline(classes: string[], perClass: number): Baseline {
  const truth = Int32Array.from({ length: classes.length * perClass }, (_, i) => Math.floor(i / perClass));
  return { truth, clean: truth.slice(), classes, cleanAccuracy: 1 };
}

/** Predictions after a transform: `moves[c] = [d, n]` sends the first n images of class c to d. */
function after(base: Baseline, perClass: number, moves: Record<number, [number, number]>): Int32Array {
  return base.truth.map((t, i) => (moves[t] && i % perClass < moves[t][1] ? moves[t][0] : t));
}

test('judge: a swap breaks, a sink or an unconvincing move is risky, small moves are safe', () => {
  const base = baseline(['0', '1', '6', '7', '9'], 10);
  const swap = judgeVariant(base, after(base, 10, { 2: [4, 10], 4: [2, 9] }), T);
  assert.equal(swap.verdict, 'breaks');
  assert.deepEqual(
    swap.pairs.map((p) => [p.from, p.to, p.rate]),
    [
      ['6', '9', 1],
      ['9', '6', 0.9],
    ],
  );
  assert.equal(swap.accuracyDrop, 0.38);
  const sink = judgeVariant(base, after(base, 10, { 0: [1, 10], 2: [1, 10], 3: [1, 8], 4: [1, 10] }), T);
  assert.equal(sink.verdict, 'risky');
  assert.match(sink.reason, /a sink, not a swap/);
  const strange = judgeVariant(base, after(base, 10, { 4: [0, 10] }), T, () => 2.5);
  assert.equal(strange.verdict, 'risky');
  assert.match(strange.reason, /look unlike real "0" images \(distance ratio 2\.50\)/);
  assert.equal(strange.pairs[0].distanceRatio, 2.5);
  const mild = judgeVariant(base, after(base, 10, { 1: [0, 3] }), T);
  assert.equal(mild.verdict, 'safe');
  assert.deepEqual(
    mild.pairs.map((p) => [p.from, p.to, p.rate]),
    [['1', '0', 0.3]],
  );
});

test('judge: two classes need a swap both ways; small classes are not judged', () => {
  const two = baseline(['up', 'down'], 10);
  assert.equal(judgeVariant(two, after(two, 10, { 0: [1, 10] }), T).verdict, 'risky');
  assert.equal(judgeVariant(two, after(two, 10, { 0: [1, 10], 1: [0, 10] }), T).verdict, 'breaks');
  const tiny = baseline(['a', 'b', 'c'], 4);
  const moved = judgeVariant(tiny, after(tiny, 4, { 0: [1, 4] }), T);
  assert.deepEqual(moved.pairs, [], 'fewer than minSupport images: no rates');
  assert.equal(moved.verdict, 'risky', 'the accuracy drop still counts');
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
