/**
 * Messages between the extension host and the job process (dist/jobs.js) that runs augmentation previews,
 * exports, code export and thumbnails off the extension host thread. Paths here are absolute and already checked.
 */
import type { DatasetReport } from '../../core/engine/report';
import type { DatasetFacts } from '../../core/codegen/datasetFacts';
import type { WireError } from '../../core/util/errorCodec';
import type {
  CodeTarget,
  ExportImageFormat,
  LabelWarningView,
  PipelineDocument,
  PipelineIssueView,
  PreviewRowView,
  Thumbnail,
  TransformInfo,
} from '../../protocol/messages';

/**
 * The parts of the analysis report the label-safety rules read (class names, modes, sizes, grey counts): sent
 * with each preview instead of the whole report, whose per-class histograms can run to megabytes.
 */
export type LabelContext = Pick<DatasetReport, 'images' | 'classes'> & {
  properties: Pick<DatasetReport['properties'], 'modes' | 'width' | 'height' | 'aspect'>;
  quality: { counts: Partial<DatasetReport['quality']['counts']> };
  stats: { channels: number } | null;
};

export function labelContextOf(report: DatasetReport): LabelContext {
  const { modes, width, height, aspect } = report.properties;
  return {
    images: report.images,
    classes: report.classes,
    properties: { modes, width, height, aspect },
    quality: { counts: { grayscale: report.quality.counts.grayscale } },
    stats: report.stats ? { channels: report.stats.channels } : null,
  };
}

export interface PreviewJob {
  type: 'preview';
  root: string;
  pipeline: PipelineDocument;
  perClass: number;
  variants: number;
  seed?: number;
  cellSize: number;
  /** Follow symbolic links that lead outside the dataset folder (the setting). */
  followExternalLinks?: boolean;
  /** When the dataset has been analysed: label-safety rules run on the pipeline too. */
  labelContext?: LabelContext;
}

export interface ThumbnailsJob {
  type: 'thumbnails';
  /** `file` is echoed back; `path` is the absolute path to read. */
  files: { file: string; path: string }[];
  size: number;
}

export interface ExportJob {
  type: 'export';
  root: string;
  pipeline: PipelineDocument;
  out: string;
  copies: number;
  balance: boolean;
  format: ExportImageFormat | null;
  concurrency: number;
  /** Follow symbolic links that lead outside the dataset folder (the setting). */
  followExternalLinks?: boolean;
}

export interface ExportCodeJob {
  type: 'exportCode';
  pipeline: PipelineDocument;
  target: CodeTarget;
  pipelineFile?: string;
  facts: DatasetFacts;
}

export interface ValidateJob {
  type: 'validate';
  pipeline: PipelineDocument;
}

export type Job = { type: 'catalog' } | PreviewJob | ThumbnailsJob | ExportJob | ExportCodeJob | ValidateJob;

export interface ExportJobResult {
  out: string;
  manifest: string;
  written: number;
  outputs: number;
  failed: number;
  seconds: number;
}

export interface JobResults {
  catalog: TransformInfo[];
  preview: { seed: number; rows: PreviewRowView[]; labelWarnings: LabelWarningView[] | null };
  thumbnails: Thumbnail[];
  export: ExportJobResult;
  exportCode: { code: string };
  validate: { pipeline: PipelineDocument };
}

export type ToJob = { type: 'run'; id: number; job: Job } | { type: 'cancel'; id: number };

export type FromJob =
  | { type: 'progress'; id: number; progress: { done: number; total: number; failed: number } }
  | { type: 'result'; id: number; result: unknown }
  | { type: 'error'; id: number; error: WireError; issues?: PipelineIssueView[] };
