import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { buildStandInVariant } from '../bench/content/standInBuild';
import { contentModelId, STAND_IN_MODEL_ID } from '../bench/content/standIn/contentModel';
import { loadEmbedder, standInVector } from '../bench/content/standIn/embedder';
import { benchDataDir } from '../bench/paths';
import { CONTENT_MODEL } from '../../src/core/content/contentModel';
import { createRng } from '../../src/core/util/rng';

const SIZE = CONTENT_MODEL.inputSize;

/** A model input: grey blob at (cx, cy) over seeded noise. */
function input(cx: number, cy: number, seed: number): Float32Array {
  const rng = createRng(seed);
  const pixels = new Float32Array(SIZE * SIZE * 3);
  for (let y = 0; y < SIZE; y++)
    for (let x = 0; x < SIZE; x++) {
      const value = (x - cx) ** 2 + (y - cy) ** 2 < 400 ? 0.9 : 0.1 * rng.next();
      pixels.fill(value, (y * SIZE + x) * 3, (y * SIZE + x) * 3 + 3);
    }
  return pixels;
}

function cosine(a: Float32Array, b: Float32Array): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let k = 0; k < a.length; k++) {
    ab += a[k] * b[k];
    aa += a[k] * a[k];
    bb += b[k] * b[k];
  }
  return ab / Math.sqrt(aa * bb);
}

test('the stand-in embedder: the real model dims, its own model id, deterministic vectors', async () => {
  const embedder = await loadEmbedder();
  assert.equal(embedder.modelId, STAND_IN_MODEL_ID);
  assert.equal(contentModelId(), STAND_IN_MODEL_ID);
  assert.notEqual(STAND_IN_MODEL_ID, (await import('../../src/core/content/contentModel')).contentModelId());
  const [a, again] = embedder.embed([input(40, 40, 1), input(40, 40, 1)]);
  assert.equal(a.length, CONTENT_MODEL.dims);
  assert.deepEqual(again, a);
  assert.throws(() => standInVector(new Float32Array(10), true), /expected 49152/);
});

test('stand-in vectors follow the pixels: a look-alike is nearer than another image', () => {
  const image = standInVector(input(40, 40, 1), true);
  const lookAlike = standInVector(input(42, 40, 2), true);
  const other = standInVector(input(100, 90, 3), true);
  assert.ok(
    cosine(image, lookAlike) > cosine(image, other) + 0.1,
    `${cosine(image, lookAlike)} ${cosine(image, other)}`,
  );
  // The mirrored blob's vector is close to the original's with the flip, not without it.
  const mirrored = input(SIZE - 1 - 40, 40, 1);
  assert.ok(cosine(image, standInVector(mirrored, true)) > 0.99);
  assert.ok(cosine(standInVector(input(40, 40, 1), false), standInVector(mirrored, false)) < 0.9);
});

test('the stand-in build swaps the embedder and the model id into the CLI and the worker', async () => {
  // Inside the repository, as the bench's own build (the bundles find node_modules from there); a fresh clone
  // has no bench-data/ yet.
  mkdirSync(benchDataDir, { recursive: true });
  const outdir = mkdtempSync(path.join(benchDataDir, 'stand-in-test-'));
  try {
    const cli = await buildStandInVariant(outdir);
    for (const bundle of [cli, path.join(outdir, 'worker.js')]) {
      const text = readFileSync(bundle, 'utf8');
      assert.match(text, /bench-stand-in\/grey-pixels@816/, bundle);
      assert.doesNotMatch(text, /loadGraphModel/, `${bundle} still holds the real embedder`);
    }
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
});
