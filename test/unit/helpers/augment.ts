import type { AugImage } from '../../../src/core/augment/augImage';
import { validatePipeline } from '../../../src/core/pipeline/validatePipeline';
import type { Pipeline } from '../../../src/core/pipeline/pipelineTypes';
import { createRng } from '../../../src/core/util/rng';

/** An image from explicit values (row-major, interleaved), for hand-computed expectations. */
export function image(width: number, height: number, channels: 1 | 3, values: number[]): AugImage {
  if (values.length !== width * height * channels) throw new Error('image(): wrong number of values');
  return { width, height, channels, data: Float32Array.from(values) };
}

export function randomAugImage(seed: number, width: number, height: number, channels: 1 | 3): AugImage {
  const rng = createRng(seed);
  const data = new Float32Array(width * height * channels);
  for (let i = 0; i < data.length; i++) data[i] = rng.int(0, 255);
  return { width, height, channels, data };
}

/** A one-step pipeline, validated like a file would be (p = 1 unless given). */
export function onePipeline(name: string, options: Record<string, unknown>, seed = 7): Pipeline {
  return validatePipeline({ version: 1, seed, transforms: [{ name, p: 1, ...options }] });
}

export function rounded(data: Float32Array, digits = 3): number[] {
  const f = 10 ** digits;
  return Array.from(data, (v) => Math.round(v * f) / f);
}
