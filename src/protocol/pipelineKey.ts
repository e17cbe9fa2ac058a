import type { PipelineDocument } from './messages';

/**
 * What host and panel compare to tell whether a label-safety view is about the pipeline on screen: the
 * document's transforms (edits keep key order; a reseed does not change the verdicts).
 */
export function transformsKey(document: PipelineDocument): string {
  return JSON.stringify(document.transforms ?? null);
}
