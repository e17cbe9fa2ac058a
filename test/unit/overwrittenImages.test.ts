import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type AugImage, createImage, fromDecoded, unwrittenSamples } from '../../src/core/augment/augImage';
import { FILL_MODES, INTERPOLATIONS } from '../../src/core/augment/optionSpec';
import { applyColourChain } from '../../src/core/augment/ops/colourChain';
import { rotationMatrix, zoomMatrix } from '../../src/core/augment/ops/matrices';
import { cropResize } from '../../src/core/augment/ops/resize';
import { warpProjective } from '../../src/core/augment/ops/warp';
import type { ProjectiveMatrix } from '../../src/core/augment/ops/warpTypes';
import { createRng } from './helpers/images';

/**
 * The ops whose output memory is not zeroed first (createImageToOverwrite) must write every sample: with the
 * hook on, such memory starts as NaN, and no output below may keep one.
 */
before(() => {
  unwrittenSamples.showInTests = true;
});
after(() => {
  unwrittenSamples.showInTests = false;
});

function image(width: number, height: number, channels: 1 | 3, seed: number): AugImage {
  const rng = createRng(seed);
  const out = createImage(width, height, channels);
  for (let i = 0; i < out.data.length; i++) out.data[i] = rng.int(0, 255);
  return out;
}

function assertAllWritten(out: AugImage, what: string): void {
  const at = out.data.findIndex((v) => Number.isNaN(v));
  assert.equal(at, -1, `${what}: sample ${at} of ${out.data.length} was never written`);
}

test('the hook shows an unwritten sample', () => {
  const out = cropResize(image(4, 4, 3, 1), { top: 0, left: 0, height: 4, width: 4 }, 3, 3, 'bilinear');
  out.data[5] = NaN;
  assert.throws(() => assertAllWritten(out, 'poked'), /sample 5 of 27/);
});

test('cropResize writes every sample: crops whole and inside, enlarged, reduced, mirrored, grey and RGB', () => {
  for (const channels of [1, 3] as const) {
    const src = image(37, 23, channels, channels);
    for (const interpolation of INTERPOLATIONS)
      for (const mirror of [false, true])
        for (const [box, outHeight, outWidth] of [
          [{ top: 0, left: 0, height: 23, width: 37 }, 23, 37],
          [{ top: 3, left: 5, height: 10, width: 12 }, 40, 31],
          [{ top: 2, left: 1, height: 20, width: 30 }, 7, 5],
          [{ top: 0, left: 0, height: 1, width: 1 }, 1, 1],
        ] as const)
          assertAllWritten(
            cropResize(src, box, outHeight, outWidth, interpolation, mirror),
            `${channels} channels, ${interpolation}, mirror ${mirror}, ${outWidth}x${outHeight}`,
          );
  }
});

test('warps write every sample: every fill mode and interpolation, affine and projective, grey and RGB', () => {
  const projective: ProjectiveMatrix = [1.1, 0.2, -3, -0.1, 0.9, 2, 0.004, -0.003];
  for (const channels of [1, 3] as const) {
    const src = image(29, 17, channels, 10 + channels);
    const matrices: [string, ProjectiveMatrix][] = [
      ['rotate 0.4', rotationMatrix(0.4, 29, 17)],
      ['zoom out', zoomMatrix(1.6, 1.3, 29, 17)],
      ['projective', projective],
      // k = 0 on the first row: the kernel writes the fill value there.
      ['k = 0', [1, 0, 0, 0, 1, 0, -1, 0]],
    ];
    for (const [name, matrix] of matrices)
      for (const fill of FILL_MODES)
        for (const interpolation of INTERPOLATIONS)
          assertAllWritten(
            warpProjective(src, matrix, { fill, fillValue: 0, interpolation }),
            `${channels} channels, ${name}, fill ${fill}, ${interpolation}`,
          );
  }
});

test('the colour chain and fromDecoded write every sample, whatever the steps and the pixel stride', () => {
  for (const channels of [1, 3] as const) {
    const src = image(70, 70, channels, 20 + channels);
    for (const steps of [
      [{ kind: 'brightness', factor: 1.2, add: 3 }],
      [
        { kind: 'contrast', factor: 0.8, luma: true },
        { kind: 'saturation', factor: 1.3 },
      ],
      [{ kind: 'saturation', factor: 0.5 }],
    ] as const)
      assertAllWritten(
        applyColourChain(src, steps),
        `${channels} channels, ${steps.map((s) => s.kind).join(', ')}`,
      );
  }
  for (const [stride, colourChannels] of [
    [1, 1],
    [2, 1],
    [3, 3],
    [4, 3],
  ] as const) {
    const data = new Uint8Array(5 * 4 * stride).map((_, i) => i & 255);
    const decoded = {
      format: 'png',
      mode: 'RGB' as const,
      width: 5,
      height: 4,
      data,
      stride,
      colourChannels,
      hadAlpha: stride !== colourChannels,
    };
    assertAllWritten(fromDecoded(decoded), `stride ${stride}`);
  }
});
