import { findTransform } from '../augment/registry';
import type { Pipeline } from '../pipeline/pipelineTypes';

/** Options measured in pixels besides `size` options: scaled with the image so a step looks the same. */
const PIXEL_RANGES: Readonly<Record<string, string>> = { gaussianBlur: 'sigma' };

/**
 * The scale at which the preview can make every output of `pipeline` within `budget` pixels: 1, or less when a
 * step asks for an output `size` larger than the budget (a 16000 x 16000 crop would be a 3 GB float image).
 */
export function outputScale(pipeline: Pipeline, budget: number): number {
  let scale = 1;
  for (const step of pipeline.steps) {
    for (const [name, spec] of Object.entries(findTransform(step.name)?.options ?? {})) {
      const value = step.options[name];
      if (spec.type !== 'size' || !Array.isArray(value)) continue;
      const [height, width] = value as [number, number];
      scale = Math.min(scale, Math.sqrt(budget / (height * width)));
    }
  }
  return scale;
}

/** `pipeline` with every pixel measure (output sizes, blur sigma) times `scale`: the same look on a smaller image. */
export function scaledPipeline(pipeline: Pipeline, scale: number): Pipeline {
  if (scale >= 1) return pipeline;
  const steps = pipeline.steps.map((step) => {
    const options = { ...step.options };
    for (const [name, spec] of Object.entries(findTransform(step.name)?.options ?? {})) {
      const value = options[name];
      if (!Array.isArray(value)) continue;
      const [a, b] = value as [number, number];
      if (spec.type === 'size')
        options[name] = [Math.max(1, Math.round(a * scale)), Math.max(1, Math.round(b * scale))];
      else if (PIXEL_RANGES[step.name] === name)
        options[name] = [Math.max(0.01, a * scale), Math.max(0.01, b * scale)];
    }
    return { ...step, options };
  });
  return { ...pipeline, steps };
}
