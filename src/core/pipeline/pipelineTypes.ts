import type { OptionValue, ResolvedOptions } from '../augment/optionSpec';

/** The pipeline file format version this build reads and writes. */
export const PIPELINE_VERSION = 1;

/** One step after validation: the transform name, its probability and every option with defaults filled in. */
export interface PipelineStep {
  name: string;
  p: number;
  options: ResolvedOptions;
}

/** A validated pipeline: what every consumer (preview, export, code export) takes. */
export interface Pipeline {
  version: typeof PIPELINE_VERSION;
  seed: number;
  steps: PipelineStep[];
}

/** The JSON shape of one step as written in a pipeline file. */
export type StepJson = { name: string; p?: number } & Record<string, OptionValue>;
