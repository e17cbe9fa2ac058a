import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { loadTf, type Tf } from '../../src/core/augment/backend/tfBackend';
import {
  rotationMatrix,
  shearMatrix,
  translationMatrix,
  zoomMatrix,
} from '../../src/core/augment/ops/matrices';
import { cropResize } from '../../src/core/augment/ops/resize';
import { warpProjective } from '../../src/core/augment/ops/warp';
import type { ProjectiveMatrix } from '../../src/core/augment/ops/warpTypes';
import { cropResizeTf, warpProjectiveTf } from '../../src/core/augment/ops/warpTf';
import { FILL_MODES, INTERPOLATIONS } from '../../src/core/augment/optionSpec';
import type { AugImage } from '../../src/core/augment/augImage';
import { randomAugImage } from './helpers/augment';

// The reference is tfjs' cpu backend: a line-by-line port of TF's ImageProjectiveTransformV3 kernel. (The wasm
// backend's Transform disagrees with TF for fill "reflect", so it cannot serve as the reference.)
let tf: Tf;
before(async () => {
  process.env.DATASET_LENS_TF_BACKEND = 'cpu';
  ({ tf } = await loadTf());
  assert.equal(tf.getBackend(), 'cpu');
});

function maxDiff(a: Float32Array, b: Float32Array): number {
  assert.equal(a.length, b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

const matrices: [string, ProjectiveMatrix][] = [
  ['rotate 33°', rotationMatrix(0.576, 19, 13)],
  ['rotate -170°', rotationMatrix(-2.967, 19, 13)],
  ['translate', translationMatrix(-7.3, 4.6)],
  ['translate far (several periods)', translationMatrix(45.5, -31.2)],
  ['zoom out', zoomMatrix(1.7, 1.4, 19, 13)],
  ['zoom in', zoomMatrix(0.6, 0.8, 19, 13)],
  ['shear', shearMatrix(25, -10, 19, 13)],
  ['projective', [1.1, 0.2, -3, -0.1, 0.9, 2, 0.01, -0.02]],
];

for (const [name, matrix] of matrices) {
  test(`warpProjective equals tf.image.transform: ${name}, every fill mode and interpolation`, () => {
    const input = randomAugImage(4, 19, 13, 3);
    // tfjs holds the matrix as float32: give ours the same numbers, or coordinates landing exactly on a wrap
    // boundary or a .5 (nearest) can fall on different sides.
    const matrix32 = matrix.map((v) => Math.fround(v)) as unknown as ProjectiveMatrix;
    for (const fill of FILL_MODES) {
      for (const interpolation of INTERPOLATIONS) {
        const options = { fill, fillValue: 17, interpolation };
        const ours = warpProjective(input, matrix32, options);
        const theirs = warpProjectiveTf(tf, input, matrix32, options);
        assert.ok(
          maxDiff(ours.data, theirs.data) < 1e-3,
          `${fill}/${interpolation}: ${maxDiff(ours.data, theirs.data)}`,
        );
      }
    }
  });
}

test('cropResize equals tf.image.resizeBilinear with half-pixel centres (down and up)', () => {
  const input = randomAugImage(8, 30, 20, 3);
  for (const [box, h, w] of [
    [{ top: 2, left: 3, height: 15, width: 20 }, 9, 11],
    [{ top: 0, left: 0, height: 20, width: 30 }, 41, 57],
    [{ top: 5, left: 7, height: 1, width: 1 }, 4, 4],
  ] as const) {
    const ours = cropResize(input, box, h, w, 'bilinear');
    const theirs = cropResizeTf(tf, input, box, h, w);
    assert.ok(maxDiff(ours.data, theirs.data) < 1e-3, JSON.stringify(box));
  }
});

test('the tfjs paths leave no tensors behind', () => {
  const input = randomAugImage(1, 16, 16, 3);
  const before = tf.memory().numTensors;
  for (let i = 0; i < 5; i++) {
    warpProjectiveTf(tf, input, rotationMatrix(0.3, 16, 16), {
      fill: 'reflect',
      fillValue: 0,
      interpolation: 'bilinear',
    });
    cropResizeTf(tf, input, { top: 1, left: 1, height: 10, width: 12 }, 16, 16);
  }
  assert.equal(tf.memory().numTensors, before);
});

test('the backend ladder reports what it skipped and loads once', async () => {
  const first = await loadTf();
  const second = await loadTf();
  assert.equal(first, second);
  assert.ok(['tensorflow', 'wasm', 'cpu'].includes(first.backend));
});

/** TF's kernel for nearest / constant as written (k, the division, std::round), on float64 coordinates. */
function nearestConstantReference(input: AugImage, m: ProjectiveMatrix, fillValue: number): Float32Array {
  const { width, height } = input;
  const out = new Float32Array(width * height * 3);
  const round = (v: number) => (v < 0 ? -Math.round(-v) : Math.round(v));
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const k = m[6] * x + m[7] * y + 1;
      const nx = round((m[0] * x + m[1] * y + m[2]) / k);
      const ny = round((m[3] * x + m[4] * y + m[5]) / k);
      const inside = nx >= 0 && nx < width && ny >= 0 && ny < height;
      for (let c = 0; c < 3; c++)
        out[(y * width + x) * 3 + c] = inside ? input.data[(ny * width + nx) * 3 + c] : fillValue;
    }
  return out;
}

test('warpProjective, nearest with fill constant: the bits of the kernel as written (affine fast path)', () => {
  const input = randomAugImage(6, 31, 23, 3);
  const cases: [string, ProjectiveMatrix][] = [
    ...matrices,
    ['rotate 12.3° (float64)', rotationMatrix((12.3 * Math.PI) / 180, 31, 23)],
    ['translate by halves', translationMatrix(7.5, -4.5)],
    ['translate by negative halves', translationMatrix(-7.5, 4.5)],
  ];
  for (const [name, matrix] of cases) {
    const ours = warpProjective(input, matrix, { fill: 'constant', fillValue: 9, interpolation: 'nearest' });
    const reference = nearestConstantReference(input, matrix, 9);
    assert.ok(Buffer.from(ours.data.buffer).equals(Buffer.from(reference.buffer)), name);
  }
});
