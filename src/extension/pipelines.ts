import type { PipelineDocument } from '../protocol/messages';

/** The pipeline a new panel or "New Augmentation Pipeline" starts from: a common classification recipe. */
export function defaultPipeline(): PipelineDocument {
  return {
    version: 1,
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
