import type { DecodeOptions } from '../decode/decodeImage';
import type { FileEntry } from '../scan/scanDataset';
import type { FileResult } from './fileResult';

/** Parent -> analysis worker process. */
export interface AnalyzeBatchRequest {
  type: 'analyze';
  batchId: number;
  entries: FileEntry[];
  options: DecodeOptions;
}

/** Analysis worker process -> parent. */
export interface AnalyzeBatchResponse {
  type: 'results';
  batchId: number;
  results: FileResult[];
}

export function isAnalyzeBatchRequest(message: unknown): message is AnalyzeBatchRequest {
  const m = message as Partial<AnalyzeBatchRequest> | null;
  return !!m && m.type === 'analyze' && typeof m.batchId === 'number' && Array.isArray(m.entries);
}
