import type { DatasetReport } from '../../../src/core/engine/report';

/** What the label-safety rules read of an analysed digits folder (classes 0, 1, 6 and 9; grey 28x28 images). */
export const digitsReport = {
  classes: ['0', '1', '6', '9'].map((name, index) => ({ name, index, count: 100 })),
  properties: { modes: { L: 400 }, width: { median: 28 }, height: { median: 28 }, aspect: { median: 1 } },
  quality: { counts: { grayscale: 0 } },
  stats: { channels: 1 },
  images: 400,
} as unknown as DatasetReport;
