/**
 * Messages between the extension host and the job process (dist/jobs.js) that runs augmentation previews,
 * exports, code export and thumbnails off the extension host thread. Paths here are absolute and already checked.
 */
import type { BrowseIndex } from '../../core/browse/browseIndex';
import type { ImageDetails } from '../../core/browse/imageDetails';
import type { ClassNamesOption } from '../../core/scan/scanPlan';
import type { LabelSafetyReport, TransformSafety } from '../../core/probe/probeTypes';
import type { DatasetFacts } from '../../core/codegen/datasetFacts';
import type { WireError } from '../../core/util/errorCodec';
import type {
  CodeTarget,
  ExportImageFormat,
  PipelineDocument,
  PipelineIssueView,
  PreviewParams,
  PreviewRowView,
  PreviewTiming,
  SimilarView,
  Thumbnail,
  TransformInfo,
  UnlistablePathView,
} from '../../protocol/messages';
import type { ExportPlanView } from '../../protocol/exportPlanView';

/** The panel's preview request (its params, spread in by the host) in the dataset at `root`, with its settings. */
export interface PreviewJob extends PreviewParams {
  type: 'preview';
  root: string;
  /** Follow symbolic links that lead outside the dataset folder (the setting). */
  followExternalLinks?: boolean;
  /** Names of numbered classes (the classNamesFile setting). */
  classNames?: ClassNamesOption;
}

export interface ThumbnailsJob {
  type: 'thumbnails';
  /** `file` is echoed back; `path` is the absolute path to read. */
  files: { file: string; path: string }[];
  /** Container members (`container#member`) the report lists, read from the analysed source `source`. */
  members?: { source: string; files: string[] };
  size: number;
}

/** A container member written out as a PNG in `dir` (to open it in an editor); the result is its path. */
export interface MemberFileJob {
  type: 'memberFile';
  source: string;
  file: string;
  dir: string;
}

export interface ExportJob {
  type: 'export';
  root: string;
  pipeline: PipelineDocument;
  out: string;
  copies: number;
  balance: boolean;
  keepOriginals: boolean;
  format: ExportImageFormat | null;
  concurrency: number;
  /** Follow symbolic links that lead outside the dataset folder (the setting). */
  followExternalLinks?: boolean;
  /** Names of numbered classes (the classNamesFile setting). */
  classNames?: ClassNamesOption;
}

export interface ExportCodeJob {
  type: 'exportCode';
  pipeline: PipelineDocument;
  target: CodeTarget;
  pipelineFile?: string;
  facts: DatasetFacts;
  /** Verdicts of the pipeline's steps: flagged ones carry their warning as comments. */
  labelSafety?: TransformSafety[];
}

/** The label-safety probe (`dataset-lens probe`): what training with each step costs, on a sample. */
export interface ProbeJob {
  type: 'probe';
  root: string;
  pipeline: PipelineDocument;
  followExternalLinks?: boolean;
  classNames?: ClassNamesOption;
}

/** `dataset-lens similar`: reads the cache the content checks wrote. */
export interface SimilarJob {
  type: 'similar';
  root: string;
  file: string;
  k: number;
  cacheDir: string;
}

/** Every image of `root` for the Browse tab (browseIndex). */
export interface BrowseJob {
  type: 'browse';
  root: string;
  cacheDir?: string;
  followExternalLinks?: boolean;
}

/** One image measured for the Browse tab's large view: a checked file path, or a member of `source`. */
export interface ImageDetailsJob {
  type: 'imageDetails';
  file: string;
  path?: string;
  source?: string;
}

/** The plan of an export (counts per class) without writing: the same listing and planner. */
export interface ExportPlanJob {
  type: 'exportPlan';
  root: string;
  copies: number;
  balance: boolean;
  keepOriginals: boolean;
  followExternalLinks?: boolean;
}

export interface ValidateJob {
  type: 'validate';
  pipeline: PipelineDocument;
}

export type Job =
  | { type: 'catalog' }
  | PreviewJob
  | ThumbnailsJob
  | MemberFileJob
  | ExportJob
  | ExportPlanJob
  | ExportCodeJob
  | ValidateJob
  | ProbeJob
  | SimilarJob
  | BrowseJob
  | ImageDetailsJob;

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
  preview: {
    seed: number;
    rows: PreviewRowView[];
    unlistable: UnlistablePathView[];
    timing: Pick<PreviewTiming, 'jobIn' | 'built' | 'encoded' | 'jobCpuMs'>;
  };
  thumbnails: Thumbnail[];
  memberFile: { path: string };
  export: ExportJobResult;
  exportPlan: ExportPlanView;
  exportCode: { code: string };
  validate: { pipeline: PipelineDocument };
  probe: LabelSafetyReport;
  similar: SimilarView;
  browse: BrowseIndex;
  imageDetails: ImageDetails;
}

/** Progress of a job: exports count images (`failed` among them), the probe names its phase too. */
export interface JobProgress {
  done: number;
  total: number;
  failed: number;
  phase?: string;
}

export type ToJob = { type: 'run'; id: number; job: Job } | { type: 'cancel'; id: number };

export type FromJob =
  | { type: 'progress'; id: number; progress: JobProgress }
  | { type: 'result'; id: number; result: unknown }
  | { type: 'error'; id: number; error: WireError; issues?: PipelineIssueView[] };
