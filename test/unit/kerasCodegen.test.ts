import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { createImage, type AugImage } from '../../src/core/augment/augImage';
import { shearMatrix, zoomMatrix } from '../../src/core/augment/ops/matrices';
import { fillStandardNormal } from '../../src/core/augment/ops/normal';
import { findTransform } from '../../src/core/augment/registry';
import { exportCode } from '../../src/core/codegen/exportCode';
import { validatePipeline } from '../../src/core/pipeline/validatePipeline';
import { createRng, type Rng } from '../../src/core/util/rng';
import { pythonMissing, runPython } from './helpers/python';

/**
 * Generated Keras code run on a numpy stand-in for Keras (test/unit/helpers/keras_shim, names and argument
 * checks from keras-team/keras 3.16.0): every custom layer is replayed with the random numbers dataset-lens drew
 * and must give dataset-lens' output; every built-in must sample the pipeline's range under Keras' own rules.
 */

const RUN = readFileSync(path.join(__dirname, 'helpers', 'keras_run.py'), 'utf8').replace(
  '__file__',
  JSON.stringify(path.join(__dirname, 'helpers', 'keras_run.py')),
);

const W = 9;
const H = 7;

function testImage(seed: number, channels: 1 | 3 = 3): AugImage {
  const rng = createRng(seed);
  const image = createImage(W, H, channels);
  for (let i = 0; i < image.data.length; i++) image.data[i] = rng.int(0, 255) + rng.next() * 0.5;
  return image;
}

/** An Rng that hands out the given unit draws; int(a, b) = a + floor(u (b - a + 1)), as the layers compute. */
function replay(units: number[], ints: number[] = []): Rng {
  const u = [...units];
  const n = [...ints];
  return {
    next: () => {
      assert.ok(u.length, 'dataset-lens asked for more draws than scripted');
      return u.shift()!;
    },
    int: (from, to) => {
      assert.ok(n.length, 'dataset-lens asked for more integer draws than scripted');
      return from + Math.floor(n.shift()! * (to - from + 1));
    },
  };
}

interface Case {
  /** The pipeline step (p defaults to 1). */
  step: Record<string, unknown>;
  /** Unit draws the Keras layer takes, in its order. */
  keras?: number[];
  /** dataset-lens' draws for the same values, in its order (default: same as keras). */
  ours?: number[];
  ints?: number[];
  /** Standard normals for the layer (noise). */
  normal?: number[];
  image?: AugImage;
  /** A built-in: the range Keras must sample, compared with what the shim derived from the arguments. */
  samples?: Record<string, unknown>;
  /** A warp: the 8-number matrix Keras must be handed. */
  matrix?: (params: Record<string, number>) => readonly number[];
}

const area10 = (first: number[]) => [...first, ...Array(10 - first.length).fill(0.5)];
const interleave = (a: number[], b: number[]) => a.flatMap((v, i) => [v, b[i]]);

const CASES: Case[] = [
  { step: { name: 'flipHorizontal', p: 1 } },
  { step: { name: 'flipVertical', p: 0.3 }, keras: [0.1], ours: [] },
  { step: { name: 'flipHorizontal', p: 0.5 }, samples: { mode: 'horizontal', p: 0.5 } },
  { step: { name: 'rotate', degrees: [-30, 20] }, samples: { degrees: [-30, 20] } },
  {
    step: { name: 'rotate', factor: [-0.1, 0.05], fill: 'wrap' },
    samples: { degrees: [-36, 18], fill: 'wrap' },
  },
  {
    step: { name: 'translate', x: [-0.2, 0.1], y: [0, 0.3], fill: 'constant', fillValue: 9 },
    samples: { x: [-0.2, 0.1], y: [0, 0.3], fill: 'constant', fillValue: 9 },
  },
  {
    step: { name: 'zoom', height: [-0.3, 0.5], width: [0.1, 0.2] },
    samples: { height: [-0.3, 0.5], width: [0.1, 0.2] },
  },
  {
    step: { name: 'shear', x: [-15, 15], y: [-5, 5], fill: 'nearest' },
    keras: [0.8, 0.3],
    ours: [0.3, 0.8],
    matrix: (p) => shearMatrix(p.x, p.y, W, H),
  },
  {
    step: { name: 'zoom', height: [-1, 0.5] },
    keras: [0.7],
    matrix: (p) => zoomMatrix(1 + p.width, 1 + p.height, W, H),
  },
  {
    // The first try does not fit (aspect 3 is too wide for 9 x 7); the second does.
    step: { name: 'randomResizedCrop', size: [5, 6], scale: [0.2, 0.9], ratio: [0.3, 3] },
    keras: [...area10([0.99, 0.4]), ...area10([0.999, 0.6]), 0.37, 0.81],
    ours: interleave([0.99, 0.4], [0.999, 0.6]),
    ints: [0.37, 0.81],
  },
  {
    // No try fits: the centre crop of the largest allowed aspect.
    step: { name: 'randomResizedCrop', scale: [0.95, 1], ratio: [2.5, 3], interpolation: 'nearest' },
    keras: [...Array(20).fill(0.5), 0.2, 0.2],
    ours: Array(20).fill(0.5),
  },
  {
    // A window exactly as wide as the image fits (w <= W); dataset-lens then draws its row.
    step: { name: 'randomResizedCrop', scale: [0.9, 0.9], ratio: [10 / 7, 10 / 7] },
    keras: [...area10([0.5]), ...area10([0.5]), 0.9, 0.5],
    ours: [0.5, 0.5],
    ints: [0.9, 0.5],
  },
  {
    // sqrt(63 / 2) = 5.61: the window is 6 x 6 (torchvision rounds both sides), resized to the output size.
    step: { name: 'randomResizedCrop', size: [4, 3], scale: [0.5, 0.5], ratio: [1, 1] },
    keras: [...area10([0.5]), ...area10([0.5]), 0.3, 0.6],
    ours: [0.5, 0.5],
    ints: [0.3, 0.6],
  },
  {
    // A rectangle as tall as the image never fits an erasing (h < H): the image stays as it is.
    step: { name: 'cutout', scale: [0.5, 0.5], ratio: [14 / 9, 14 / 9], p: 1 },
    keras: [...Array(20).fill(0.5), 0.5, 0.5],
    ours: Array(20).fill(0.5),
  },
  { step: { name: 'randomCrop', size: [4, 5] }, keras: [0.6, 0.3], ours: [], ints: [0.6, 0.3] },
  { step: { name: 'randomCrop', size: [10, 12] }, keras: [0.6, 0.3], ours: [] },
  { step: { name: 'brightness', factor: [0.5, 1.5] }, keras: [0.8] },
  { step: { name: 'brightness', delta: [-0.3, 0.2] }, samples: { add255: [-0.3 * 255, 0.2 * 255] } },
  { step: { name: 'contrast', factor: [0.5, 1.5] }, samples: { factor: [0.5, 1.5] } },
  { step: { name: 'contrast', factor: [0.5, 1.2] }, keras: [0.9] },
  { step: { name: 'contrast', factor: [0.5, 1.5], mean: 'luma' }, keras: [0.1] },
  { step: { name: 'saturation', factor: [0, 2] }, keras: [0.85] },
  { step: { name: 'hue', delta: [-0.4, 0.4] }, samples: { delta: [-0.4, 0.4] } },
  { step: { name: 'hue', delta: [0, 0.3] }, keras: [0.7] },
  { step: { name: 'gamma', gamma: [0.5, 2] }, keras: [0.3] },
  { step: { name: 'gaussianNoise', std: [0.02, 0.1] }, keras: [0.4], ints: [0.123] },
  { step: { name: 'gaussianBlur', sigma: [0.5, 1.5] }, keras: [0.9] },
  { step: { name: 'gaussianBlur', sigma: [1, 1], kernelSize: 5 }, keras: [0.2] },
  {
    step: { name: 'cutout', scale: [0.1, 0.3], value: 77, p: 1 },
    keras: [...area10([0.5]), ...area10([0.2]), 0.45, 0.66],
    ours: [0.5, 0.2],
    ints: [0.45, 0.66],
  },
  { step: { name: 'grayscale', p: 1 } },
  { step: { name: 'channelShift', shift: [-40, 40] }, keras: [0.1, 0.5, 0.9] },
  {
    step: { name: 'channelShift', shift: [-40, 40], perChannel: false },
    keras: [0.7],
    ours: [0.7, 0.2, 0.3],
  },
  { step: { name: 'contrast', factor: [0.5, 1.2], mean: 'luma' }, keras: [0.4], image: testImage(9, 1) },
];

interface Result {
  image?: number[][][];
  affine?: { transform: number[][]; fill_mode: string; interpolation: string; fill_value: number }[];
  unused?: number;
  samples?: Record<string, unknown>;
}

describe('Keras code: custom layers replayed against dataset-lens, built-ins checked against Keras rules', () => {
  it('gives dataset-lens output for every step (numpy stand-in for keras.ops)', (t) => {
    const missing = pythonMissing({ numpy: 'python3-numpy' });
    if (missing) return t.skip(missing);
    const pipeline = validatePipeline({
      version: 1,
      seed: 1,
      transforms: CASES.map((c) => ({ p: 1, ...c.step })),
    });
    const code = exportCode(pipeline, 'keras');
    const expected = CASES.map((c, index) => {
      const step = pipeline.steps[index];
      const transform = findTransform(step.name)!;
      const image = c.image ?? testImage(index);
      const rng = c.samples ? createRng(index) : replay(c.ours ?? c.keras ?? [], c.ints);
      const params = transform.sampleParams(rng, image, step.options);
      const normal = new Float32Array(image.data.length);
      if (step.name === 'gaussianNoise') fillStandardNormal(createRng(params.noiseSeed as number), normal);
      return { image, params, out: transform.apply(image, params), normal: [...normal] };
    });
    const results = runPython<Result[]>(RUN, {
      code,
      cases: CASES.map((c, index) => ({
        index,
        image: toNested(expected[index].image),
        uniform: c.keras ?? [],
        normal: expected[index].normal,
      })),
    });
    for (const [index, c] of CASES.entries()) {
      const name = `${index} ${JSON.stringify(c.step)}`;
      const result = results[index];
      if (c.samples) {
        for (const [key, value] of Object.entries(c.samples)) {
          const got = result.samples?.[key];
          if (Array.isArray(value)) assertClose(got as number[], value as number[], 1e-9, `${name} ${key}`);
          else assert.deepEqual(got, value, `${name} ${key}`);
        }
        continue;
      }
      const params = expected[index].params as Record<string, number>;
      if (c.matrix) {
        assert.equal(result.affine?.length, 1, name);
        assertClose(result.affine![0].transform[0], [...c.matrix(params)], 1e-9, name);
        assert.equal(result.affine![0].fill_mode, params.fill, name);
        continue;
      }
      const out = expected[index].out;
      assert.deepEqual(shapeOf(result.image!), [out.height, out.width, out.channels], name);
      assertClose(result.image!.flat(2), [...out.data], 2e-3, name);
    }
  });

  it('runs no layer Keras would refuse or run differently (main before this change: RandomShear ValueError)', (t) => {
    const missing = pythonMissing({ numpy: 'python3-numpy' });
    if (missing) return t.skip(missing);
    const defaults = validatePipeline({
      version: 1,
      seed: 1,
      transforms: ['shear', 'contrast', 'hue', 'zoom', 'rotate', 'brightness', 'translate'].map((name) => ({
        name,
      })),
    });
    // The shim's built-ins raise ValueError as Keras does on arguments it refuses; executing the file runs them all.
    assert.deepEqual(runPython<Result[]>(RUN, { code: exportCode(defaults, 'keras'), cases: [] }), []);
  });
});

function toNested(image: AugImage): number[][][] {
  const rows: number[][][] = [];
  for (let y = 0; y < image.height; y++) {
    const row: number[][] = [];
    for (let x = 0; x < image.width; x++) {
      const i = (y * image.width + x) * image.channels;
      row.push([...image.data.subarray(i, i + image.channels)]);
    }
    rows.push(row);
  }
  return rows;
}

function shapeOf(image: number[][][]): number[] {
  return [image.length, image[0].length, image[0][0].length];
}

function assertClose(
  actual: readonly number[],
  expected: readonly number[],
  tolerance: number,
  name: string,
) {
  assert.equal(actual.length, expected.length, `${name}: length`);
  const worst = actual.reduce((m, v, i) => Math.max(m, Math.abs(v - expected[i])), 0);
  assert.ok(worst <= tolerance, `${name}: differs by ${worst}`);
}
