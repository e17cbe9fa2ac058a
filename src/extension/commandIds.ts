/** Every command the extension contributes (package.json lists the same ids; a unit test checks both agree). */
export const COMMAND_IDS = [
  'datasetLens.analyzeFolder',
  'datasetLens.analyzeDataset',
  'datasetLens.openPanel',
  'datasetLens.newPipeline',
  'datasetLens.previewAugmentations',
  'datasetLens.augmentDataset',
  'datasetLens.exportAugmented',
  'datasetLens.exportStats',
  'datasetLens.probeLabelSafety',
  'datasetLens.clearCache',
] as const;

export type CommandId = (typeof COMMAND_IDS)[number];
