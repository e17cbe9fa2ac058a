import type { AnalyzeOptions, AnalyzeProgress } from '../../core/engine/analyzeOptions';
import type { DatasetReport } from '../../core/engine/report';
import type { WireError } from '../../core/util/errorCodec';

/** Messages between a host (the VS Code extension) and the engine process that runs analyses for it. */
export type ToEngine =
  | {
      type: 'analyze';
      id: number;
      root: string;
      options: AnalyzeOptions;
      /** Send `snapshot` messages while the run goes on, at most every `snapshotIntervalMs` (default 1.5 s). */
      snapshots?: boolean;
      snapshotIntervalMs?: number;
    }
  | { type: 'cancel'; id: number };

export type FromEngine =
  | { type: 'progress'; id: number; progress: AnalyzeProgress }
  /** The report so far (it carries `partial`); the `result` that follows replaces it. */
  | { type: 'snapshot'; id: number; report: DatasetReport }
  /** Something the user should know about how the run goes (AnalyzeHooks.onNotice). */
  | { type: 'notice'; id: number; message: string }
  | { type: 'result'; id: number; report: DatasetReport }
  | { type: 'error'; id: number; error: WireError };
