import type { AnalyzeFileOptions } from './analyzeFile';
import type { PackedResults } from '../records/resultPacking';
import type { MemberContent } from '../source/memberContent';

/** Parent -> analysis worker process: only what opening the files needs (names and labels stay with the parent). */
export interface AnalyzeBatchRequest {
  type: 'analyze';
  batchId: number;
  /** Paths to open (bytes when a name is not valid UTF-8). */
  opens: (string | Uint8Array)[];
  /** File sizes from the scan, -1 where unknown. */
  sizes: number[];
  /** Container members' bytes, by position (null for files to open); absent when the batch has none. */
  contents?: (MemberContent | null)[];
  options: AnalyzeFileOptions;
}

/** Analysis worker process -> parent: the results in request order (see resultPacking.ts). */
export interface AnalyzeBatchResponse {
  type: 'results';
  batchId: number;
  packed: PackedResults;
}

/** Analysis worker process -> parent: the batch could not be analysed at all (not a file's fault). */
export interface AnalyzeBatchFailure {
  type: 'failed';
  batchId: number;
  message: string;
}

export function isAnalyzeBatchRequest(message: unknown): message is AnalyzeBatchRequest {
  const m = message as Partial<AnalyzeBatchRequest> | null;
  return (
    !!m &&
    m.type === 'analyze' &&
    typeof m.batchId === 'number' &&
    Array.isArray(m.opens) &&
    Array.isArray(m.sizes) &&
    m.opens.length === m.sizes.length &&
    (m.contents === undefined || (Array.isArray(m.contents) && m.contents.length === m.opens.length))
  );
}
