import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { toBytes } from '../../src/core/augment/augImage';
import { TRANSFORMS } from '../../src/core/augment/registry';
import { outputRng, replaySteps, runPipeline } from '../../src/core/pipeline/runPipeline';
import { validatePipeline } from '../../src/core/pipeline/validatePipeline';
import { TRANSFORM_CASES } from './augmentTable';
import { onePipeline, randomAugImage } from './helpers/augment';

test('every registered transform has a row in the test table', () => {
  const covered = new Set(TRANSFORM_CASES.map((c) => c.name));
  const missing = TRANSFORMS.map((t) => t.name).filter((name) => !covered.has(name));
  assert.deepEqual(missing, [], `add rows to test/unit/augmentTable.ts for: ${missing.join(', ')}`);
});

test('every transform documents itself and every option', () => {
  for (const t of TRANSFORMS) {
    assert.ok(t.doc.length > 40, `${t.name} doc`);
    assert.ok(t.defaultP >= 0 && t.defaultP <= 1, `${t.name} defaultP`);
    for (const [key, spec] of Object.entries(t.options))
      assert.ok(spec.doc.length > 5, `${t.name}.${key} doc`);
  }
});

describe('each transform, parametrised by the table', () => {
  for (const c of TRANSFORM_CASES) {
    const label = `${c.name} ${JSON.stringify(c.options)}`;
    for (const channels of [3, 1] as const) {
      test(`${label}, ${channels} channel(s)`, () => {
        const input = randomAugImage(11, 32, 24, channels);
        const before = Float32Array.from(input.data);
        const pipeline = onePipeline(c.name, c.options);
        const first = runPipeline(pipeline, input, outputRng(pipeline.seed, 'a.png', 0));
        const again = runPipeline(pipeline, input, outputRng(pipeline.seed, 'a.png', 0));

        assert.deepEqual(input.data, before, 'apply must not write into its input');
        assert.deepEqual(toBytes(first.image), toBytes(again.image), 'same seed, same bytes');
        const [h, w] = c.outSize ?? [24, 32];
        assert.equal(first.image.height, h);
        assert.equal(first.image.width, w);
        assert.equal(first.image.channels, channels);
        assert.ok(
          first.image.data.every((v) => Number.isFinite(v)),
          'finite samples',
        );
        assert.equal(first.applied.length, 1);
        // Params are plain JSON and reproduce the output on their own (the manifest promise).
        const params = JSON.parse(JSON.stringify(first.applied));
        assert.deepEqual(toBytes(replaySteps(input, params)), toBytes(first.image));
      });
    }
  }
});

test('p = 0 never applies and p = 1 always applies; a skipped step still consumes its draw', () => {
  const input = randomAugImage(3, 16, 16, 3);
  const never = validatePipeline({
    version: 1,
    transforms: [
      { name: 'rotate', p: 0 },
      { name: 'brightness', p: 1 },
    ],
  });
  const always = validatePipeline({ version: 1, transforms: [{ name: 'rotate', p: 1 }] });
  for (let k = 0; k < 20; k++) {
    const skipped = runPipeline(never, input, outputRng(1, 'x', k));
    assert.deepEqual(
      skipped.applied.map((a) => a.name),
      ['brightness'],
    );
    assert.equal(runPipeline(always, input, outputRng(1, 'x', k)).applied.length, 1);
  }
});

test('different copies of one file get different params; the same copy always the same', () => {
  const pipeline = onePipeline('rotate', { degrees: [-45, 45] });
  const input = randomAugImage(5, 8, 8, 1);
  const angles = [0, 1, 2, 3].map(
    (k) => runPipeline(pipeline, input, outputRng(pipeline.seed, 'f.png', k)).applied[0].params.degrees,
  );
  assert.equal(new Set(angles).size, 4);
  assert.equal(
    runPipeline(pipeline, input, outputRng(pipeline.seed, 'f.png', 2)).applied[0].params.degrees,
    angles[2],
  );
});

test('a full chain is byte-identical across runs (determinism of the whole pipeline)', () => {
  const pipeline = validatePipeline({
    version: 1,
    seed: 42,
    transforms: TRANSFORM_CASES.filter((c) => !c.outSize).map((c) => ({
      name: c.name,
      p: 0.7,
      ...c.options,
    })),
  });
  const input = randomAugImage(9, 40, 30, 3);
  const a = runPipeline(pipeline, input, outputRng(42, 'cat/1.png', 0));
  const b = runPipeline(pipeline, input, outputRng(42, 'cat/1.png', 0));
  assert.ok(a.applied.length > 5);
  assert.deepEqual(Buffer.from(toBytes(a.image)), Buffer.from(toBytes(b.image)));
});
