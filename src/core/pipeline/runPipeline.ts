import type { AugImage, ImageSize } from '../augment/augImage';
import { applySteps, type StepToApply } from '../augment/fusedSteps';
import { findTransform } from '../augment/registry';
import type { Params } from '../augment/transform';
import { createRng, type Rng, type SeededRng } from '../util/rng';
import type { Pipeline, PipelineStep } from './pipelineTypes';

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
 * shift later draws' meaning), then the sampler draws its params from the current image size. Samplers see only
 * sizes, so every step is drawn first and the fired steps are then applied together (applySteps: the bytes of
 * applying them one by one, in fewer passes).
 */
export function runPipeline(pipeline: Pipeline, image: AugImage, rng: Rng): AugmentResult {
  const applied: AppliedStep[] = [];
  const steps: number[] = [];
  const toApply: StepToApply[] = [];
  let size: ImageSize = { width: image.width, height: image.height };
  for (const [index, step] of pipeline.steps.entries()) {
    const transform = findTransform(step.name);
    if (!transform) throw new Error(`runPipeline: transform "${step.name}" is not registered`);
    if (!(rng.next() < step.p)) continue;
    const params = transform.sampleParams(rng, size, step.options);
    size = transform.outputSize?.(params, size) ?? size;
    toApply.push({ transform, params });
    applied.push({ name: step.name, params });
    steps.push(index);
  }
  return { image: applySteps(image, toApply), applied, steps };
}

/** Re-applies recorded steps (from a manifest): no randomness involved, so the output is reproduced exactly. */
export function replaySteps(image: AugImage, applied: readonly AppliedStep[]): AugImage {
  return applySteps(
    image,
    applied.map((step) => {
      const transform = findTransform(step.name);
      if (!transform) throw new Error(`replaySteps: transform "${step.name}" is not registered`);
      return { transform, params: step.params };
    }),
  );
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

export function outputRng(seed: number, file: string, copy: number): SeededRng {
  return createRng(outputSeed(seed, file, copy));
}

/**
 * runPipeline on a resized copy of the source (`working`, the source being `size`): each step draws its params as
 * runPipeline would on the full-size image (the same draws, so the same params and captions as export), then
 * applies them with pixel measures scaled to the working image (Transform.atScale). The preview shows export's
 * outputs made at the size of its cells; at scale 1 the bytes are runPipeline's.
 */
export function runPipelineAtScale(
  pipeline: Pipeline,
  working: AugImage,
  size: ImageSize,
  rng: Rng,
): AugmentResult {
  let state: ScaledState = { image: working, full: size, applied: [], steps: [] };
  for (const [index, step] of pipeline.steps.entries()) state = stepAtScale(state, step, index, rng);
  return { image: state.image, applied: [...state.applied], steps: [...state.steps] };
}

/** Where runPipelineAtScale is between steps: the working image, the size it stands for, the steps applied. */
export interface ScaledState {
  image: AugImage;
  full: ImageSize;
  applied: readonly AppliedStep[];
  steps: readonly number[];
}

/** One step of runPipelineAtScale (`index` is the step's place in its pipeline); `state` is left as it was. */
export function stepAtScale(state: ScaledState, step: PipelineStep, index: number, rng: Rng): ScaledState {
  const transform = findTransform(step.name);
  if (!transform) throw new Error(`runPipelineAtScale: transform "${step.name}" is not registered`);
  if (!(rng.next() < step.p)) return state;
  const { image, full } = state;
  const params = transform.sampleParams(rng, full, step.options);
  const same = image.width === full.width && image.height === full.height;
  const scaled = same || !transform.atScale ? params : transform.atScale(params, full, image);
  return {
    image: transform.apply(image, scaled),
    full: transform.outputSize?.(params, full) ?? full,
    applied: [...state.applied, { name: step.name, params }],
    steps: [...state.steps, index],
  };
}
