import * as path from 'node:path';

/**
 * A pipeline file may name the dataset it was made for (`"dataset": "../flowers"`), relative to the file's folder
 * or absolute: the editor's Preview Augmentations opens that dataset instead of guessing. The augmentation itself
 * never reads it, so it is no part of a validated Pipeline (an export's settings do not change with it).
 */
export const DATASET_KEY = 'dataset';

/** Why a `dataset` value is unusable, or undefined when it is a usable path. */
export function datasetFieldProblem(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '' || value.includes('\0'))
    return `Expected a folder path (relative to the pipeline file, or absolute) for dataset but received ${JSON.stringify(value) ?? String(value)}`;
  return undefined;
}

/** The absolute dataset path a pipeline document names, or undefined when it names none (or an unusable one). */
export function datasetOfPipeline(document: unknown, pipelineFile: string): string | undefined {
  if (!document || typeof document !== 'object' || Array.isArray(document)) return undefined;
  const value = (document as Record<string, unknown>)[DATASET_KEY];
  if (value === undefined || datasetFieldProblem(value)) return undefined;
  return path.resolve(path.dirname(pipelineFile), value as string);
}

/** The `dataset` value to write in `pipelineFile` for `root`: relative to the file's folder, '/'-separated. */
export function datasetFieldFor(root: string, pipelineFile: string): string {
  const relative = path.relative(path.dirname(pipelineFile), root);
  if (relative === '') return '.';
  return path.isAbsolute(relative) ? root : relative.split(path.sep).join('/');
}
