import { PIPELINE_VERSION, type StepJson } from './pipelineTypes';

/** A pipeline as written in a file (before validation). */
export interface PipelineJson {
  version: number;
  seed: number;
  transforms: StepJson[];
}

/**
 * The recipe a new pipeline starts from when nothing is known about the dataset: a common classification recipe.
 * A fresh copy each call, so callers may edit it. See defaultPipelineFor for the dataset-aware version.
 */
export function defaultPipelineJson(): PipelineJson {
  return {
    version: PIPELINE_VERSION,
    seed: 42,
    transforms: [
      { name: 'randomResizedCrop', scale: [0.6, 1], ratio: [0.75, 1.3333], p: 1 },
      { name: 'flipHorizontal', p: 0.5 },
      { name: 'rotate', degrees: [-15, 15], fill: 'reflect', p: 0.5 },
      { name: 'brightness', delta: [-0.15, 0.15], p: 0.8 },
      { name: 'contrast', factor: [0.8, 1.2], p: 0.8 },
    ],
  };
}
