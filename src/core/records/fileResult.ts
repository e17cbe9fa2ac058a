import type { ContentRecord } from './contentRecord';
import type { DecodeFailureKind, SourceMode } from '../decode/decodedImage';
import type { ImageMeasures } from '../quality/imageMeasures';

/** What analysing one file produced: the per-image record is the unit of merging and caching. */
export type FileResult = ImageRecord | FileFailure;

export interface ImageRecord extends ImageMeasures {
  ok: true;
  file: string;
  format: string;
  mode: SourceMode;
  width: number;
  height: number;
  hadAlpha: boolean;
  /** File size, reported when the scan did not stat the file (FileEntry.size -1). */
  bytes?: number;
  /** Modification time, reported when the run asked for it (AnalyzeFileOptions.stampUnsized). */
  mtimeMs?: number;
  /** Content vector and confirmation thumbnail, with `analyze --content` (AnalyzeFileOptions.content). */
  content?: ContentRecord;
}

export interface FileFailure {
  ok: false;
  file: string;
  kind: DecodeFailureKind;
  message: string;
  /** As ImageRecord.bytes; absent also when the file could not even be stat'ed. */
  bytes?: number;
  /** As ImageRecord.mtimeMs; absent when the file could not be opened. */
  mtimeMs?: number;
}
