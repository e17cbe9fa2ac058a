import type { AnalyzeOptions, AnalyzeProgress } from './analyzeDataset';
import type { DatasetReport } from './report';

/** Messages between a host (the VS Code extension) and the engine process that runs analyses for it. */
export type ToEngine =
  { type: 'analyze'; id: number; root: string; options: AnalyzeOptions } | { type: 'cancel'; id: number };

export type FromEngine =
  | { type: 'progress'; id: number; progress: AnalyzeProgress }
  | { type: 'result'; id: number; report: DatasetReport }
  | { type: 'error'; id: number; name: string; message: string };
