import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createImage, toBytes, type AugImage } from '../../src/core/augment/augImage';
import { outputRng, runPipeline, runPipelineAtScale } from '../../src/core/pipeline/runPipeline';
import { validatePipeline } from '../../src/core/pipeline/validatePipeline';
import { areaResize } from '../../src/core/probe/areaResize';
import { TRANSFORM_CASES } from './augmentTable';

/** Smooth content with detail of a few tens of pixels: what a shrunk photo keeps, so shrinking compares. */
function smoothImage(width: number, height: number): AugImage {
  const image = createImage(width, height, 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      for (let c = 0; c < 3; c++)
        image.data[(y * width + x) * 3 + c] =
          128 + 60 * Math.sin((x + 7 * c) / 9) * Math.cos(y / 13) + 40 * Math.sin((x + y) / 23 + c);
  return image;
}

function meanAbsDiff(a: AugImage, b: AugImage): number {
  assert.deepEqual([a.width, a.height, a.channels], [b.width, b.height, b.channels]);
  const x = toBytes(a);
  const y = toBytes(b);
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += Math.abs(x[i] - y[i]);
  return sum / x.length;
}

/** Steps whose output is per-pixel random (noise, a random fill): only their block means can agree. */
const PER_PIXEL_RANDOM = (name: string, options: Record<string, unknown>) =>
  name === 'gaussianNoise' || (name === 'cutout' && options.fill === 'random');

const FULL = { width: 384, height: 256 };
const full = smoothImage(FULL.width, FULL.height);

for (const [row, { name, options }] of TRANSFORM_CASES.entries()) {
  const pipeline = validatePipeline({ version: 1, seed: 3, transforms: [{ name, p: 1, ...options }] });
  test(`runPipelineAtScale ${name} #${row}: at scale 1 the same bytes and params as runPipeline`, () => {
    for (let copy = 0; copy < 4; copy++) {
      const exact = runPipeline(pipeline, full, outputRng(3, 'a.png', copy));
      const scaled = runPipelineAtScale(pipeline, full, FULL, outputRng(3, 'a.png', copy));
      assert.deepEqual(scaled.applied, exact.applied);
      assert.deepEqual(toBytes(scaled.image), toBytes(exact.image));
    }
  });

  // As the preview: never below a size the output could be shown at (here 48 px), so fixed output sizes stay whole.
  const size = options.size as [number, number] | undefined;
  const scale = size ? Math.min(1, Math.max(1 / 4, 48 / Math.max(...size))) : 1 / 4;
  test(`runPipelineAtScale ${name} #${row}: at scale ${scale} export's params, and its output shrunk`, () => {
    const working = areaResize(full, FULL.width * scale, FULL.height * scale);
    for (let copy = 0; copy < 4; copy++) {
      const exact = runPipeline(pipeline, full, outputRng(3, 'a.png', copy));
      const scaled = runPipelineAtScale(pipeline, working, FULL, outputRng(3, 'a.png', copy));
      assert.deepEqual(scaled.applied, exact.applied, 'params sampled at the full size');
      const { width, height } = scaled.image;
      assert.ok(
        Math.abs(width - exact.image.width * scale) <= 1 &&
          Math.abs(height - exact.image.height * scale) <= 1,
        `${width}x${height} for ${exact.image.width}x${exact.image.height}`,
      );
      const shrunk = areaResize(exact.image, width, height);
      if (PER_PIXEL_RANDOM(name, options)) {
        const blocks = (image: AugImage) => areaResize(image, 6, 4);
        assert.ok(meanAbsDiff(blocks(scaled.image), blocks(shrunk)) < 8, `block means, copy ${copy}`);
      } else {
        const diff = meanAbsDiff(scaled.image, shrunk);
        // Nearest picks whole pixels of the working image, four times coarser than the source's; a crop window's
        // edges are rounded to working pixels (up to half a pixel off, a shift of the whole output).
        const bound = options.interpolation === 'nearest' || name === 'randomResizedCrop' ? 6 : 3;
        assert.ok(diff < bound, `mean |difference| ${diff.toFixed(2)} of 255, copy ${copy}`);
      }
    }
  });
}
