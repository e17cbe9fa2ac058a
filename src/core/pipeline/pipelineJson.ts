import { parseJsonInput, readInputText } from '../util/inputFile';
import { PIPELINE_VERSION, type Pipeline, type StepJson } from './pipelineTypes';
import { validatePipeline } from './validatePipeline';

/** Far above any real pipeline (a few KB), far below what could hurt to read. */
export const MAX_PIPELINE_BYTES = 1024 * 1024;

/** Reads and validates a pipeline file; every problem is a UsageError naming the file. */
export function loadPipelineFile(file: string): Pipeline {
  return parsePipeline(readInputText(file, 'pipeline', MAX_PIPELINE_BYTES), file);
}

export function parsePipeline(text: string, source = 'pipeline'): Pipeline {
  return validatePipeline(parseJsonInput(text, source), source);
}

/**
 * The canonical JSON document of a pipeline: every option written out, defaults included, so the file keeps its
 * meaning even if a default changes later. parsePipeline(serializePipeline(p)) deep-equals p.
 */
export function pipelineToJson(pipeline: Pipeline): {
  version: number;
  seed: number;
  transforms: StepJson[];
} {
  return {
    version: PIPELINE_VERSION,
    seed: pipeline.seed,
    transforms: pipeline.steps.map((step) => {
      const json: StepJson = { name: step.name, p: step.p };
      for (const [key, value] of Object.entries(step.options)) if (value !== undefined) json[key] = value;
      return json;
    }),
  };
}

export function serializePipeline(pipeline: Pipeline): string {
  return JSON.stringify(pipelineToJson(pipeline), null, 2) + '\n';
}
