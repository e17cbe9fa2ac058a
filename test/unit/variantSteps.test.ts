import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toBytes } from '../../src/core/augment/augImage';
import { outputRng, runPipelineAtScale } from '../../src/core/pipeline/runPipeline';
import { validatePipeline } from '../../src/core/pipeline/validatePipeline';
import { areaResize } from '../../src/core/probe/areaResize';
import { runVariant } from '../../src/core/preview/variantSteps';
import { createRng } from '../../src/core/util/rng';
import { fromBytes } from '../../src/core/augment/augImage';
import { randomImage } from './helpers/images';

const FULL = { width: 120, height: 80 };
const raw = randomImage(createRng(1), FULL.width, FULL.height, 3);
const full = fromBytes(FULL.width, FULL.height, 3, raw.data);
const working = areaResize(full, 60, 40);

const steps = (brightness: number, degrees: number, cropScale: number) =>
  validatePipeline({
    version: 1,
    seed: 2,
    transforms: [
      { name: 'randomResizedCrop', scale: [cropScale, 1] },
      { name: 'flipHorizontal', p: 0.5 },
      { name: 'rotate', degrees: [-degrees, degrees], fill: 'reflect' },
      { name: 'brightness', factor: [1 - brightness, 1 + brightness] },
    ],
  });

test('runVariant: after an edit, only the edited step and those after it run again', () => {
  const id = 'a.png#0';
  const first = runVariant(id, steps(0.2, 15, 0.5), working, FULL, outputRng(2, 'a.png', 0));
  assert.equal(first.ran, 4);
  assert.equal(runVariant(id, steps(0.3, 15, 0.5), working, FULL, outputRng(2, 'a.png', 0)).ran, 1);
  assert.equal(runVariant(id, steps(0.3, 20, 0.5), working, FULL, outputRng(2, 'a.png', 0)).ran, 2);
  assert.equal(runVariant(id, steps(0.3, 20, 0.5), working, FULL, outputRng(2, 'a.png', 0)).ran, 0);
  assert.equal(runVariant(id, steps(0.3, 20, 0.6), working, FULL, outputRng(2, 'a.png', 0)).ran, 4);
  const other = areaResize(full, 30, 20);
  assert.equal(
    runVariant(id, steps(0.3, 20, 0.6), other, FULL, outputRng(2, 'a.png', 0)).ran,
    4,
    'new source',
  );
});

test('runVariant: whatever was kept, the same params and bytes as runPipelineAtScale', () => {
  const rng = createRng(9);
  for (let edit = 0; edit < 40; edit++) {
    const pipeline = steps(rng.int(1, 3) / 10, rng.int(1, 3) * 10, rng.int(4, 6) / 10);
    for (let k = 0; k < 3; k++) {
      const got = runVariant(`b.png#${k}`, pipeline, working, FULL, outputRng(2, 'b.png', k));
      const want = runPipelineAtScale(pipeline, working, FULL, outputRng(2, 'b.png', k));
      assert.deepEqual(got.applied, want.applied);
      assert.deepEqual(got.steps, want.steps);
      assert.deepEqual(toBytes(got.image), toBytes(want.image));
    }
  }
});
