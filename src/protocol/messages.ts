/**
 * Every message between the extension host and the Dataset Lens panel: one interface per payload, and two
 * registries keyed by method, `ToHost` (requests and one-way commands from the webview, each with the check of its
 * params) and `ToWebview` (notifications from the host, `didX`).
 */
import type { BrowseIndex } from '../core/browse/browseIndex';
import type { ImageDetails } from '../core/browse/imageDetails';
import type { AnalyzeProgress } from '../core/engine/analyzeOptions';
import type { DatasetReport } from '../core/engine/report';
import type { OptionSpec } from '../core/augment/optionSpec';
import type { LabelSafetyReport } from '../core/probe/probeTypes';
import { exportPlanParams, type ExportPlanParams, type ExportPlanView } from './exportPlanView';
import {
  checkedNotification,
  checkedRequest,
  defineCheckedMessages,
  defineMessages,
  notification,
  type MessageOf,
} from './messageTypes';
import {
  describe,
  fail,
  fileList,
  integer,
  LIMITS,
  noParams,
  oneOf,
  pictureKeys,
  pipelineDocument,
  pipelineParams,
  plainObject,
  relativePath,
  string,
} from './paramChecks';

/** `similar`'s answer: the query and the images most like it, most similar first (centred cosine). */
export interface SimilarView {
  file: string;
  compared: number;
  similar: { file: string; similarity: number }[];
}

export type TabId = 'overview' | 'classes' | 'statistics' | 'quality' | 'browse' | 'content' | 'augment';
export const TAB_IDS: readonly TabId[] = [
  'overview',
  'classes',
  'statistics',
  'quality',
  'browse',
  'content',
  'augment',
];

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

/**
 * What the panel shows about its dataset, declared once: the host keeps it, sends it whole when the webview
 * (re)loads (PanelSnapshot) and its changes as ToWebview notifications, which both sides apply with the same
 * transitions (panelState.ts).
 */
export interface PanelState {
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
  /** The user changed the pipeline in the Augment tab: the default no longer follows the dataset. */
  pipelineEdited: boolean;
  settings: PanelSettings;
}

/** Everything the webview needs to draw itself, sent whenever it (re)loads. */
export interface PanelSnapshot extends PanelState {
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
  /**
   * Keys of the cell pictures the panel holds (the grid on screen): a cell with one of them comes back with an
   * empty `src`, so an edit sends only the cells it changed (never the originals). Absent: every `src` is sent.
   */
  held?: string[];
}

export interface PreviewImage {
  /**
   * A data URL: PNG, or JPEG (quality 90) for colour cells over 96 x 96 pixels. Empty when the request said the
   * panel holds `key`: the panel shows the picture it holds under that key.
   */
  src: string;
  /** Names the picture: the hash of its pixels and of the box it was fitted to (same key, same `src`). */
  key: string;
  caption: string;
  width: number;
  height: number;
  /** Variants: the pipeline index of each step that fired (the panel marks those a flagged step changed). */
  steps: number[];
}

export interface PreviewRowView {
  className: string;
  file: string;
  error?: string;
  /** Made at a reduced scale (a source or output size over the decode budget): variants are not export's outputs. */
  reduced?: { sourceWidth: number; sourceHeight: number; width: number; height: number; scale: number };
  original: PreviewImage | null;
  variants: PreviewImage[];
}

export interface PipelineIssueView {
  path: string;
  message: string;
}

/**
 * Label safety of the Augment tab's pipeline: the rules' verdicts (class names, the images' look) and, for each
 * step the panel's last probe measured in the same form, the measurement (see withMeasurements).
 */
export interface LabelSafetyView {
  /** JSON of the pipeline document's `transforms` it judged: the panel shows it only while they are unchanged. */
  transforms: string;
  report: LabelSafetyReport;
}

/** The panel's label-safety probe: its phase while it runs, and why the last run ended without a result. */
export interface ProbeStatusView {
  running: { phase: string; done: number; total: number } | null;
  error: string | null;
}

/** A path the scan found but could not list (longer than PATH_MAX, a folder that cannot be read). */
export interface UnlistablePathView {
  file: string;
  message: string;
}

/**
 * When a preview passed each hop, in ms since the epoch (`performance.timeOrigin + performance.now()` of the
 * process that noted it: one clock on one machine), and the job process's CPU time for it. The panel adds its own
 * marks; the studio e2e prints them per edit.
 */
export interface PreviewTiming {
  /** The extension host received the request. */
  hostIn: number;
  /** The job process started the job. */
  jobIn: number;
  /** The grid's pixels were made. */
  built: number;
  /** Its pictures were encoded; the answer leaves the job process. */
  encoded: number;
  /** The extension host had the job's answer. */
  jobBack: number;
  /** The job process's user + system CPU ms for the job. */
  jobCpuMs: number;
}

export type PreviewResult =
  | {
      ok: true;
      seed: number;
      rows: PreviewRowView[];
      unlistable: UnlistablePathView[];
      ms: number;
      labelSafety: LabelSafetyView | null;
      timing: PreviewTiming;
    }
  | { ok: false; issues: PipelineIssueView[] };

export interface ExportAugmentedParams extends ExportPlanParams {
  pipeline: PipelineDocument;
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

/** What the Quality tab does with the files selected in its table (nothing is ever deleted). */
export type FileAction = 'exclude' | 'moveToClass' | 'quarantine';
export const FILE_ACTIONS: readonly FileAction[] = ['exclude', 'moveToClass', 'quarantine'];

export interface FileActionParams {
  action: FileAction;
  /** Dataset-relative paths the report lists as findings. */
  files: string[];
}

export interface FileActionResult {
  /** Files excluded or moved. */
  done: number;
  /** Files left as they were, and why (a name taken, a container's member, a layout without class folders). */
  refused: { file: string; reason: string }[];
  /** The user closed the class picker or the confirmation. */
  cancelled: boolean;
}

export interface CopyTextParams {
  text: string;
  /** Shown in the status bar: "Copied class weights". */
  label: string;
}

// ---- webview -> host: each message carries the check the host runs on its params (the webview is untrusted) ----

/**
 * Every message the webview may send, by method. `validateWebviewMessage` runs a message's `check` before any
 * handler sees it; the protocol tests and the fuzzer iterate this registry, so a new message is covered as it is
 * added, and one without a check does not compile.
 */
export const ToHost = defineCheckedMessages({
  ready: checkedRequest<ReadyParams, PanelSnapshot>(10_000, (params) => {
    const p = plainObject(params, 'params');
    const tab = p.restoredTab;
    if (tab !== null && tab !== undefined && !TAB_IDS.includes(tab as TabId))
      fail(`Unknown tab ${describe(tab)}`);
    return { restoredTab: (tab ?? null) as TabId | null };
  }),
  openFile: checkedRequest<{ file: string }, void>(10_000, (params) => {
    const p = plainObject(params, 'params');
    return { file: relativePath(p.file, 'file') };
  }),
  /** The images most like `file` by content, from the vectors the content checks cached. */
  similar: checkedRequest<{ file: string; k: number }, SimilarView>(60_000, (params) => {
    const p = plainObject(params, 'params');
    return { file: relativePath(p.file, 'file'), k: integer(p.k, 'k', 1, 100) };
  }),
  thumbnails: checkedRequest<ThumbnailParams, Thumbnail[]>(60_000, (params) => {
    const p = plainObject(params, 'params');
    if (!Array.isArray(p.files)) fail(`Expected an array for files but received ${describe(p.files)}`);
    if (p.files.length > LIMITS.filesPerThumbnailRequest) {
      fail(`Expected at most ${LIMITS.filesPerThumbnailRequest} files but received ${p.files.length}`);
    }
    const files = p.files.map((f, i) => relativePath(f, `files[${i}]`));
    return { files, size: integer(p.size, 'size', 16, 1024) };
  }),
  copyText: checkedRequest<CopyTextParams, void>(5_000, (params) => {
    const p = plainObject(params, 'params');
    return { text: string(p.text, 'text', LIMITS.copyTextChars), label: string(p.label, 'label', 200) };
  }),
  catalog: checkedRequest<Record<string, never>, TransformInfo[]>(30_000, noParams),
  preview: checkedRequest<PreviewParams, PreviewResult>(120_000, (params) => {
    const p = plainObject(params, 'params');
    return {
      pipeline: pipelineDocument(p.pipeline),
      perClass: integer(p.perClass, 'perClass', 1, 16),
      variants: integer(p.variants, 'variants', 1, 8),
      seed: p.seed === undefined || p.seed === null ? undefined : integer(p.seed, 'seed', 0, LIMITS.maxSeed),
      cellSize: integer(p.cellSize, 'cellSize', 32, 512),
      ...(p.held !== undefined && { held: pictureKeys(p.held) }),
    };
  }),
  /** Waits for a folder dialog and the whole export: no timeout (the export itself can be cancelled). */
  exportAugmented: checkedRequest<ExportAugmentedParams, ExportAugmentedResult>(0, (params) => {
    const p = plainObject(params, 'params');
    const format =
      p.format === null || p.format === undefined
        ? null
        : oneOf<ExportImageFormat>(p.format, 'format', EXPORT_IMAGE_FORMATS);
    return { ...exportPlanParams(p), pipeline: pipelineDocument(p.pipeline), format };
  }),
  /** What an export with these settings writes per class, before it runs (listing only). */
  exportPlan: checkedRequest<ExportPlanParams, ExportPlanView>(120_000, (params) =>
    exportPlanParams(plainObject(params, 'params')),
  ),
  exportCode: checkedRequest<ExportCodeParams, { ok: boolean; issues?: PipelineIssueView[] }>(
    60_000,
    (params) => {
      const p = plainObject(params, 'params');
      return {
        pipeline: pipelineDocument(p.pipeline),
        target: oneOf<CodeTarget>(p.target, 'target', CODE_TARGETS),
      };
    },
  ),
  /** Waits for a save dialog: no timeout. */
  exportStats: checkedRequest<ExportStatsParams, { savedTo: string | null }>(0, (params) => {
    const p = plainObject(params, 'params');
    return { format: oneOf<StatsFormat>(p.format, 'format', STATS_FORMATS) };
  }),
  /** Waits for a save dialog when the pipeline has no file yet: no timeout. */
  savePipeline: checkedRequest<{ pipeline: PipelineDocument }, { file: string | null }>(0, pipelineParams),
  /** Waits for a class picker or a confirmation, then the file operations: no timeout. */
  actOnFiles: checkedRequest<FileActionParams, FileActionResult>(0, (params) => {
    const p = plainObject(params, 'params');
    return {
      action: oneOf<FileAction>(p.action, 'action', FILE_ACTIONS),
      files: fileList(p.files, LIMITS.filesPerAction),
    };
  }),
  /** Moves a possible label error (Content tab) into the class it looks like; undone by undoMove. */
  moveToSuggested: checkedRequest<{ file: string }, FileActionResult>(60_000, (params) => ({
    file: relativePath(plainObject(params, 'params').file, 'file'),
  })),
  /** Moves the files of the panel's last move (to class, to quarantine) back where they were. */
  undoMove: checkedRequest<Record<string, never>, { movedBack: number }>(60_000, noParams),
  /** Waits for a save dialog: no timeout. The format follows the name chosen (.json, else CSV). */
  exportFindings: checkedRequest<{ files: string[] }, { savedTo: string | null }>(0, (params) => {
    const p = plainObject(params, 'params');
    return { files: fileList(p.files, LIMITS.filesPerAction) };
  }),
  /** Every image of the dataset, for the Browse tab: listed again, sizes from the analysis cache. */
  browseIndex: checkedRequest<Record<string, never>, BrowseIndex>(120_000, noParams),
  /** One image measured as the analysis measures it, for the Browse tab's large view. */
  imageDetails: checkedRequest<{ file: string }, ImageDetails>(30_000, (params) => ({
    file: relativePath(plainObject(params, 'params').file, 'file'),
  })),
  analyze: checkedNotification<Record<string, never>>(noParams),
  /** Analyses again with the content checks (`analyze --content`): label issues, near duplicates, outliers. */
  analyzeContent: checkedNotification<Record<string, never>>(noParams),
  cancelAnalysis: checkedNotification<Record<string, never>>(noParams),
  cancelExport: checkedNotification<Record<string, never>>(noParams),
  /** Every edit in the Augment tab, so the host's copy (what commands and a re-shown panel use) stays current. */
  editPipeline: checkedNotification<{ pipeline: PipelineDocument }>(pipelineParams),
});

// ---- host -> webview ----

export const ToWebview = defineMessages({
  didStartAnalysis: notification<{ root: string }>(),
  didProgress: notification<AnalyzeProgress>(),
  /** While an analysis runs (every ~1.5 s or less often): the report so far; didFinishAnalysis replaces it. */
  didPartialAnalysis: notification<{ report: DatasetReport }>(),
  didFinishAnalysis: notification<{ report: DatasetReport }>(),
  didFailAnalysis: notification<{ message: string; cancelled: boolean }>(),
  /**
   * A pipeline opened, saved, or (`followsDataset`) the default fitted to a finished report, which replaces only a
   * pipeline the user has not edited.
   */
  didChangePipeline: notification<{
    pipeline: PipelineDocument;
    file: string | null;
    followsDataset?: boolean;
  }>(),
  didRequestTab: notification<{ tab: TabId }>(),
  didExportProgress: notification<{ done: number; total: number; failed: number }>(),
  didChangeSettings: notification<PanelSettings>(),
  /** A probe started, progressed or ended (with the pipeline's label safety as it now stands). */
  didChangeLabelSafety: notification<{ labelSafety: LabelSafetyView | null; probe: ProbeStatusView }>(),
});

/** What the webview may send (the host's endpoint handles exactly these). */
export type ToHostMessage = MessageOf<typeof ToHost>;
/** What the host may send (the webview's endpoint handles exactly these). */
export type ToWebviewMessage = MessageOf<typeof ToWebview>;

/** The persisted webview state (vscode.setState), also what the serializer gets back after a reload. */
export interface WebviewState {
  root: string;
  tab: TabId;
  pipeline: PipelineDocument | null;
  pipelineFile: string | null;
  pipelineEdited?: boolean;
  qualityKind: string | null;
  statsScope: string;
  /** The report shown had the content checks: a window reload analyses with them again. */
  content?: boolean;
  /** View toggles by name (`classes.logScale`, `export.balance`...): restored after a reload. */
  toggles?: Record<string, string | number | boolean>;
}
