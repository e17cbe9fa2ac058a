import type { DecodeFailureKind, SourceMode } from '../decode/decodedImage';
import type { ImageHistogram } from '../stats/imageHistogram';

/** What analysing one file produced: the per-image record is the unit of merging (and, later, caching). */
export type FileResult = ImageRecord | FileFailure;

export interface ImageRecord {
  ok: true;
  file: string;
  format: string;
  mode: SourceMode;
  width: number;
  height: number;
  hadAlpha: boolean;
  histogram: ImageHistogram;
}

export interface FileFailure {
  ok: false;
  file: string;
  kind: DecodeFailureKind;
  message: string;
}
