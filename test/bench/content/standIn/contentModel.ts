/**
 * Bench stand-in for src/core/content/contentModel.ts (swapped in by standInBuild.ts): the real module, but with
 * a model id of its own, so the stand-in's vectors are never taken for the real model's in a cache.
 */
export * from '../../../../src/core/content/contentModel';

export const STAND_IN_MODEL_ID = 'bench-stand-in/grey-pixels@816';

export function contentModelId(): string {
  return STAND_IN_MODEL_ID;
}
