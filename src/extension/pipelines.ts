import type { DatasetReport } from '../core/engine/report';
import { defaultPipelineJson } from '../core/pipeline/defaultPipeline';
import { defaultPipelineForReport } from '../core/probe/defaultPipelineFor';
import type { PipelineDocument } from '../protocol/messages';

/**
 * The pipeline a new panel or "New Augmentation Pipeline" starts from: a common classification recipe, without
 * the steps the label-safety rules flag for the analysed dataset (no horizontal flip for digits).
 */
export function defaultPipeline(report?: DatasetReport | null): PipelineDocument {
  return { ...(report ? defaultPipelineForReport(report).pipeline : defaultPipelineJson()) };
}

/** File text of a new pipeline; `$schema` is left out: the extension contributes the schema for *.pipeline.json. */
export function pipelineFileText(pipeline: PipelineDocument = defaultPipeline()): string {
  return JSON.stringify(pipeline, null, 2) + '\n';
}

/** `augment.pipeline.json`, or `augment-2.pipeline.json`... : the first name `exists` says is free. */
export function freePipelineName(exists: (name: string) => boolean, base = 'augment'): string {
  for (let i = 1; i < 1000; i++) {
    const name = i === 1 ? `${base}.pipeline.json` : `${base}-${i}.pipeline.json`;
    if (!exists(name)) return name;
  }
  return `${base}-${Date.now()}.pipeline.json`;
}
