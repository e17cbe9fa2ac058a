/**
 * Every message between the extension host and the Dataset Lens panel. One interface per payload; requests are
 * `XRequest`, one-way messages `XCommand` (webview -> host) or `DidXNotification` (host -> webview).
 * Params of messages from the webview are checked by `validateWebviewMessage` before any handler sees them.
 */
import type { AnalyzeProgress } from '../core/engine/analyzeDataset';
import type { DatasetReport } from '../core/engine/report';
import type { OptionSpec } from '../core/augment/optionSpec';
import { notificationType, requestType } from './rpc';

export type TabId = 'overview' | 'classes' | 'statistics' | 'quality' | 'augment';
export const TAB_IDS: readonly TabId[] = ['overview', 'classes', 'statistics', 'quality', 'augment'];

export type StatsFormat = 'json' | 'keras' | 'pytorch';
export const STATS_FORMATS: readonly StatsFormat[] = ['json', 'keras', 'pytorch'];

export type CodeTarget = 'keras' | 'torchvision' | 'albumentations';
export const CODE_TARGETS: readonly CodeTarget[] = ['keras', 'torchvision', 'albumentations'];

export type ExportImageFormat = 'png' | 'jpeg' | 'webp' | 'tiff';
export const EXPORT_IMAGE_FORMATS: readonly ExportImageFormat[] = ['png', 'jpeg', 'webp', 'tiff'];

/** A pipeline document as JSON (validated by the pipeline validator on the host side, never trusted here). */
export type PipelineDocument = Record<string, unknown>;

/** One transform the Augment tab can add: what the registry declares, as plain JSON. */
export interface TransformInfo {
  name: string;
  kind: string;
  doc: string;
  defaultP: number;
  options: Record<string, OptionSpec>;
}

export interface PanelSettings {
  thumbnailSize: number;
  previewPerClass: number;
  previewVariants: number;
}

/** Everything the webview needs to draw itself, sent whenever it (re)loads. */
export interface PanelSnapshot {
  root: string;
  rootName: string;
  /** The last finished report. */
  report: DatasetReport | null;
  /** While an analysis runs: its latest partial report (it carries `partial`), null before the first. */
  partial: DatasetReport | null;
  analysing: boolean;
  progress: AnalyzeProgress | null;
  error: string | null;
  pipeline: PipelineDocument | null;
  pipelineFile: string | null;
  settings: PanelSettings;
  /** Set when a command asked for a particular tab (e.g. "Augment Image Dataset…"). */
  tab: TabId | null;
}

export interface ReadyParams {
  /** What the webview had persisted (its own tab, pipeline draft) so the host can pick up after a reload. */
  restoredTab: TabId | null;
}

export interface ThumbnailParams {
  /** Paths relative to the dataset root, '/'-separated, as the report gives them. */
  files: string[];
  size: number;
}

export interface Thumbnail {
  file: string;
  /** A `data:image/png;base64,...` URL, or absent when the file could not be decoded. */
  src?: string;
  width?: number;
  height?: number;
  error?: string;
}

export interface PreviewParams {
  pipeline: PipelineDocument;
  perClass: number;
  variants: number;
  /** Overrides the pipeline's seed. */
  seed?: number;
  cellSize: number;
}

export interface PreviewImage {
  src: string;
  caption: string;
  width: number;
  height: number;
}

export interface PreviewRowView {
  className: string;
  file: string;
  error?: string;
  original: PreviewImage | null;
  variants: PreviewImage[];
}

export interface PipelineIssueView {
  path: string;
  message: string;
}

/** A transform that may change what a label means (label-safety rules, from the class names and the images' look). */
export interface LabelWarningView {
  index: number;
  name: string;
  verdict: 'risky' | 'breaks';
  reasons: string[];
  /** Label pairs the transform maps onto each other, e.g. ["6", "9"]. */
  pairs: [string, string][];
}

export type PreviewResult =
  | { ok: true; seed: number; rows: PreviewRowView[]; ms: number; labelWarnings: LabelWarningView[] | null }
  | { ok: false; issues: PipelineIssueView[] };

export interface ExportAugmentedParams {
  pipeline: PipelineDocument;
  copies: number;
  balance: boolean;
  format: ExportImageFormat | null;
}

export type ExportAugmentedResult =
  | { status: 'done'; out: string; written: number; outputs: number; failed: number; seconds: number }
  | { status: 'cancelled' }
  | { status: 'invalid'; issues: PipelineIssueView[] };

export interface ExportCodeParams {
  pipeline: PipelineDocument;
  target: CodeTarget;
}

export interface ExportStatsParams {
  format: StatsFormat;
}

export interface CopyTextParams {
  text: string;
  /** Shown in the status bar: "Copied class weights". */
  label: string;
}

// ---- webview -> host requests ----
export const ReadyRequest = requestType<ReadyParams, PanelSnapshot>('ready', 10_000);
export const OpenFileRequest = requestType<{ file: string }, void>('openFile', 10_000);
export const ThumbnailsRequest = requestType<ThumbnailParams, Thumbnail[]>('thumbnails', 60_000);
export const CopyTextRequest = requestType<CopyTextParams, void>('copyText', 5_000);
export const CatalogRequest = requestType<Record<string, never>, TransformInfo[]>('catalog', 30_000);
export const PreviewRequest = requestType<PreviewParams, PreviewResult>('preview', 120_000);
/** Waits for a folder dialog and the whole export: no timeout (the export itself can be cancelled). */
export const ExportAugmentedRequest = requestType<ExportAugmentedParams, ExportAugmentedResult>(
  'exportAugmented',
  0,
);
export const ExportCodeRequest = requestType<ExportCodeParams, { ok: boolean; issues?: PipelineIssueView[] }>(
  'exportCode',
  60_000,
);
/** Waits for a save dialog: no timeout. */
export const ExportStatsRequest = requestType<ExportStatsParams, { savedTo: string | null }>(
  'exportStats',
  0,
);
/** Waits for a save dialog when the pipeline has no file yet: no timeout. */
export const SavePipelineRequest = requestType<{ pipeline: PipelineDocument }, { file: string | null }>(
  'savePipeline',
  0,
);

// ---- webview -> host commands ----
export const AnalyzeCommand = notificationType<Record<string, never>>('analyze');
export const CancelAnalysisCommand = notificationType<Record<string, never>>('cancelAnalysis');
export const CancelExportCommand = notificationType<Record<string, never>>('cancelExport');
/** Every edit in the Augment tab, so the host's copy (what commands and a re-shown panel use) stays current. */
export const EditPipelineCommand = notificationType<{ pipeline: PipelineDocument }>('editPipeline');

// ---- host -> webview notifications ----
export const DidStartAnalysisNotification = notificationType<{ root: string }>('didStartAnalysis');
export const DidProgressNotification = notificationType<AnalyzeProgress>('didProgress');
/** While an analysis runs (every ~1.5 s or less often): the report so far; DidFinishAnalysis replaces it. */
export const DidPartialAnalysisNotification = notificationType<{ report: DatasetReport }>(
  'didPartialAnalysis',
);
export const DidFinishAnalysisNotification = notificationType<{ report: DatasetReport }>('didFinishAnalysis');
export const DidFailAnalysisNotification = notificationType<{ message: string; cancelled: boolean }>(
  'didFailAnalysis',
);
export const DidChangePipelineNotification = notificationType<{
  pipeline: PipelineDocument;
  file: string | null;
}>('didChangePipeline');
export const DidRequestTabNotification = notificationType<{ tab: TabId }>('didRequestTab');
export const DidExportProgressNotification = notificationType<{
  done: number;
  total: number;
  failed: number;
}>('didExportProgress');
export const DidChangeSettingsNotification = notificationType<PanelSettings>('didChangeSettings');

/** The methods the webview may send, and whether each is a request or a one-way command. */
export const WEBVIEW_REQUESTS = [
  ReadyRequest,
  OpenFileRequest,
  ThumbnailsRequest,
  CopyTextRequest,
  CatalogRequest,
  PreviewRequest,
  ExportAugmentedRequest,
  ExportCodeRequest,
  ExportStatsRequest,
  SavePipelineRequest,
].map((t) => t.method);
export const WEBVIEW_COMMANDS = [AnalyzeCommand, CancelAnalysisCommand, CancelExportCommand].map(
  (t) => t.method,
);

/** The persisted webview state (vscode.setState), also what the serializer gets back after a reload. */
export interface WebviewState {
  root: string;
  tab: TabId;
  pipeline: PipelineDocument | null;
  pipelineFile: string | null;
  qualityKind: string | null;
  statsScope: string;
}
