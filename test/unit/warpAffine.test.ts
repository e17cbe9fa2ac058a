import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createImage, type AugImage } from '../../src/core/augment/augImage';
import {
  rotationMatrix,
  shearMatrix,
  translationMatrix,
  zoomMatrix,
} from '../../src/core/augment/ops/matrices';
import { warpProjective, warpProjectiveAsWritten } from '../../src/core/augment/ops/warp';
import type { ProjectiveMatrix, WarpOptions } from '../../src/core/augment/ops/warpTypes';
import { warpAffineBilinear, warpAffineNearest } from '../../src/core/augment/ops/warpAffine';
import { FILL_MODES, INTERPOLATIONS } from '../../src/core/augment/optionSpec';
import { createRng, type SeededRng } from '../../src/core/util/rng';

// The affine loops drop the division, hoist products and skip the fill mapping inside the image: each of those
// must leave every output bit as the kernel as written gives it, or an export's bytes change.

const SIZES: [number, number][] = [
  [1, 1],
  [1, 6],
  [7, 1],
  [2, 3],
  [7, 5],
  [19, 13],
  [24, 31],
];

/** Fractional samples, as images carry after a colour step; a few exact zeros and negatives. */
function randomImage(rng: SeededRng, width: number, height: number, channels: 1 | 3): AugImage {
  const image = createImage(width, height, channels);
  for (let i = 0; i < image.data.length; i++) image.data[i] = rng.next() < 0.05 ? 0 : rng.next() * 300 - 20;
  return image;
}

/**
 * Matrices that land coordinates exactly on the border (0, len - 1, -1, len), on half pixels (nearest's ties),
 * several periods away (reflect / wrap), with signed zeros, and random ones.
 */
function matricesFor(rng: SeededRng, width: number, height: number): [string, ProjectiveMatrix][] {
  const cases: [string, ProjectiveMatrix][] = [
    ['identity', [1, 0, 0, 0, 1, 0, 0, 0]],
    ['signed zeros', [1, -0, -0, -0, 1, -0, -0, -0]],
    ['mirror onto the border', [-1, 0, width - 1, 0, -1, height - 1, 0, 0]],
    ['translate by one pixel', translationMatrix(1, -1)],
    ['translate by the size', translationMatrix(width, -height)],
    ['translate by halves', translationMatrix(2.5, -1.5)],
    ['translate by negative halves', translationMatrix(-0.5, 3.5)],
    ['translate several periods', translationMatrix(4.5 * width + 0.25, -3 * height - 0.75)],
    ['rotate 90° (exact-ish corners)', rotationMatrix(Math.PI / 2, width, height)],
    ['rotate 180°', rotationMatrix(Math.PI, width, height)],
    ['zoom out 2x about the centre', zoomMatrix(2, 2, width, height)],
    ['zoom in by halves', zoomMatrix(0.5, 1.5, width, height)],
    ['shear', shearMatrix(30, -20, width, height)],
  ];
  for (let i = 0; i < 12; i++) {
    const degrees = rng.next() * 720 - 360;
    cases.push([`rotate ${degrees}°`, rotationMatrix((degrees * Math.PI) / 180, width, height)]);
  }
  for (let i = 0; i < 12; i++) {
    const r = () => (rng.next() - 0.5) * 4;
    const m: ProjectiveMatrix = [r(), r(), r() * width, r(), r(), r() * height, 0, 0];
    cases.push([`random affine ${m.join(',')}`, m]);
  }
  return cases;
}

function sameBits(a: Float32Array, b: Float32Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(
    Buffer.from(b.buffer, b.byteOffset, b.byteLength),
  );
}

function asWritten(image: AugImage, matrix: ProjectiveMatrix, options: WarpOptions): Float32Array {
  const out = createImage(image.width, image.height, image.channels);
  warpProjectiveAsWritten(image, out.data, matrix, options);
  return out.data;
}

for (const channels of [1, 3] as const) {
  for (const interpolation of INTERPOLATIONS) {
    test(`the affine ${interpolation} loop (${channels} channel(s)) has the bits of the kernel as written`, () => {
      const rng = createRng(channels * 10 + interpolation.length);
      const affine = interpolation === 'nearest' ? warpAffineNearest : warpAffineBilinear;
      let compared = 0;
      for (const [width, height] of SIZES) {
        const image = randomImage(rng, width, height, channels);
        for (const [name, matrix] of matricesFor(rng, width, height)) {
          for (const fill of FILL_MODES) {
            for (const fillValue of [17, -3.25]) {
              const options = { fill, fillValue, interpolation };
              const fast = createImage(width, height, channels);
              affine(image, fast.data, matrix, options);
              const reference = asWritten(image, matrix, options);
              assert.ok(sameBits(fast.data, reference), `${width}x${height} ${name} ${fill} ${fillValue}`);
              compared++;
            }
          }
        }
      }
      assert.equal(compared, SIZES.length * 37 * FILL_MODES.length * 2);
    });
  }
}

test('warpProjective takes the kernel as written for projective matrices and the affine loops otherwise', () => {
  const rng = createRng(3);
  const image = randomImage(rng, 19, 13, 3);
  const matrices: ProjectiveMatrix[] = [
    [1.1, 0.2, -3, -0.1, 0.9, 2, 0.01, -0.02],
    [1, 0, 0, 0, 1, 0, -1 / 18, 0], // k = 0 on the last column: the fill value
    rotationMatrix(0.4, 19, 13),
  ];
  for (const matrix of matrices)
    for (const fill of FILL_MODES)
      for (const interpolation of INTERPOLATIONS) {
        const options = { fill, fillValue: 5, interpolation };
        const ours = warpProjective(image, matrix, options).data;
        assert.ok(sameBits(ours, asWritten(image, matrix, options)), `${matrix.join(',')} ${fill}`);
      }
});
