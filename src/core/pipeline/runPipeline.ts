import type { AugImage } from '../augment/augImage';
import { findTransform } from '../augment/registry';
import type { Params } from '../augment/transform';
import { createRng, type Rng } from '../util/rng';
import type { Pipeline } from './pipelineTypes';

/** A transform that fired, with the exact params it was applied with: a manifest entry. */
export interface AppliedStep {
  name: string;
  params: Params;
}

export interface AugmentResult {
  image: AugImage;
  applied: AppliedStep[];
  /** The pipeline index of each applied step (two steps may share a name). */
  steps: number[];
}

/**
 * Runs the pipeline once on `image`. For each step one draw decides `p` (always drawn, so a skipped step does not
 * shift later draws' meaning), then the sampler draws its params from the current image size, then apply runs.
 */
export function runPipeline(pipeline: Pipeline, image: AugImage, rng: Rng): AugmentResult {
  const applied: AppliedStep[] = [];
  const steps: number[] = [];
  let current = image;
  for (const [index, step] of pipeline.steps.entries()) {
    const transform = findTransform(step.name);
    if (!transform) throw new Error(`runPipeline: transform "${step.name}" is not registered`);
    if (!(rng.next() < step.p)) continue;
    const params = transform.sampleParams(rng, current, step.options);
    current = transform.apply(current, params);
    applied.push({ name: step.name, params });
    steps.push(index);
  }
  return { image: current, applied, steps };
}

/** Re-applies recorded steps (from a manifest): no randomness involved, so the output is reproduced exactly. */
export function replaySteps(image: AugImage, applied: readonly AppliedStep[]): AugImage {
  let current = image;
  for (const step of applied) {
    const transform = findTransform(step.name);
    if (!transform) throw new Error(`replaySteps: transform "${step.name}" is not registered`);
    current = transform.apply(current, step.params);
  }
  return current;
}

/**
 * The seed of one output, from the pipeline seed, the source's relative path and the copy number (FNV-1a).
 * Outputs do not depend on processing order or on the other files, so export can run in parallel, resume, and
 * preview variant k shows exactly what export writes as copy k.
 */
export function outputSeed(seed: number, file: string, copy: number): number {
  let hash = 0x811c9dc5;
  const text = `${seed}\u0000${file}\u0000${copy}`;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 1;
}

export function outputRng(seed: number, file: string, copy: number): Rng {
  return createRng(outputSeed(seed, file, copy));
}
