import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AugImage } from '../../src/core/augment/augImage';
import { findTransform } from '../../src/core/augment/registry';
import { replaySteps, runPipeline, type AppliedStep } from '../../src/core/pipeline/runPipeline';
import { validatePipeline } from '../../src/core/pipeline/validatePipeline';
import { createRng } from '../../src/core/util/rng';
import { ISSUE_CHAIN, PEER_CHAIN } from '../bench/augment/chains';

// runPipeline applies fired steps together (src/core/augment/fusedSteps.ts): a flip folded into a crop, colour
// steps in one chain. Export bytes for a seed must not change with that: every result must equal, bit for bit,
// each step's own apply run one after the other on the previous step's output.

/** Fractional samples (as after a resize), some at the clamp limits, so every float32 rounding shows. */
function image(seed: number, width: number, height: number, channels: 1 | 3): AugImage {
  const rng = createRng(seed);
  const data = new Float32Array(width * height * channels);
  for (let i = 0; i < data.length; i++) {
    const u = rng.next();
    data[i] = u < 0.05 ? 0 : u > 0.95 ? 255 : rng.next() * 255;
  }
  return { width, height, channels, data };
}

function oneByOne(source: AugImage, applied: readonly AppliedStep[]): AugImage {
  let current = source;
  for (const step of applied) current = findTransform(step.name)!.apply(current, step.params);
  return current;
}

function assertSameBits(actual: AugImage, expected: AugImage, what: string): void {
  assert.equal(actual.width, expected.width, what);
  assert.equal(actual.height, expected.height, what);
  assert.equal(actual.channels, expected.channels, what);
  const bits = (a: AugImage) => Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength);
  assert.ok(bits(actual).equals(bits(expected)), `${what}: not the same float32 bits`);
}

const COLOUR = [
  { name: 'brightness', factor: [0.5, 1.6] },
  { name: 'brightness', delta: [-0.3, 0.3] },
  { name: 'contrast', factor: [0.5, 1.8], mean: 'luma' },
  { name: 'contrast', factor: [0.5, 1.8], mean: 'channel' },
  { name: 'saturation', factor: [0, 2] },
];

const CHAINS: Record<string, Record<string, unknown>[]> = {
  "the bench's chain (the peer's)": PEER_CHAIN.transforms,
  "the issue's chain": ISSUE_CHAIN.transforms,
  'a resizing crop to another size, flipped, then colour': [
    { name: 'randomResizedCrop', size: [13, 21], interpolation: 'nearest' },
    { name: 'flipHorizontal', p: 1 },
    { name: 'saturation', factor: [0.2, 1.8] },
    { name: 'contrast', factor: [0.2, 1.8] },
  ],
  'randomCrop, flip, colour steps twice over, a step between': [
    { name: 'randomCrop', size: [11, 9] },
    { name: 'flipHorizontal', p: 1 },
    ...COLOUR,
    { name: 'hue', delta: [-0.1, 0.1] },
    ...COLOUR.slice().reverse(),
  ],
  'contrast first, contrast twice in a row, a flip before a crop': [
    { name: 'contrast', factor: [0, 3], mean: 'luma' },
    { name: 'contrast', factor: [0, 3], mean: 'channel' },
    { name: 'brightness', factor: [0, 3] },
    { name: 'flipHorizontal', p: 1 },
    { name: 'randomResizedCrop', scale: [0.3, 1] },
  ],
};

for (const [name, transforms] of Object.entries(CHAINS)) {
  test(`runPipeline gives the bits of each step applied in turn: ${name}`, () => {
    const pipeline = validatePipeline({ version: 1, seed: 1, transforms });
    for (const [w, h, channels] of [
      [23, 17, 3],
      [16, 16, 1],
      [9, 30, 3],
    ] as const) {
      const source = image(w * h + channels, w, h, channels);
      const before = Float32Array.from(source.data);
      for (let seed = 1; seed <= 12; seed++) {
        const result = runPipeline(pipeline, source, createRng(seed));
        const what = `${w}x${h}x${channels}, seed ${seed}`;
        assertSameBits(result.image, oneByOne(source, result.applied), what);
        assertSameBits(replaySteps(source, result.applied), result.image, `replayed, ${what}`);
      }
      assert.deepEqual(source.data, before, 'the source is never written');
    }
  });
}
