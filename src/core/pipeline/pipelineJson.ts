import { readFileSync } from 'node:fs';
import { UsageError, messageOf } from '../util/errors';
import { PIPELINE_VERSION, type Pipeline, type StepJson } from './pipelineTypes';
import { validatePipeline } from './validatePipeline';

/** Reads and validates a pipeline file; every problem is a UsageError naming the file. */
export function loadPipelineFile(file: string): Pipeline {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`Cannot read pipeline ${file}: ${messageOf(error)}`);
  }
  return parsePipeline(text, file);
}

export function parsePipeline(text: string, source = 'pipeline'): Pipeline {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${source} is not valid JSON: ${messageOf(error)}`);
  }
  return validatePipeline(document, source);
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
