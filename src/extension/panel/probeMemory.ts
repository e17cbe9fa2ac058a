import { isDeepStrictEqual } from 'node:util';
import type { DatasetReport } from '../../core/engine/report';
import { PipelineError, validatePipeline } from '../../core/pipeline/validatePipeline';
import type { LabelSafetyReport } from '../../core/probe/probeTypes';
import type { ProbeRun } from '../../core/probe/withMeasurements';
import { TOOL_VERSION } from '../../core/engine/version';
import type { PipelineDocument } from '../../protocol/messages';

/** What the panel can tell of a dataset from its analysis: a probe stored for another state of it is dropped. */
export interface DatasetStamp {
  files: number;
  images: number;
  classes: [string, number][];
  /** Total bytes of the image files and the mean of every pixel: an image rewritten changes one or both. */
  bytes: number;
  pixels: number;
  mean: number[];
}

export function datasetStamp(report: DatasetReport): DatasetStamp {
  return {
    files: report.files,
    images: report.images,
    classes: report.classes.map((c) => [c.name, c.count]),
    bytes: Math.round((report.properties.fileSize?.mean ?? 0) * report.files),
    pixels: report.stats?.pixels ?? 0,
    mean: report.stats?.mean ?? [],
  };
}

/** The part of VS Code's Memento this uses (workspaceState): plain JSON values. */
export interface StateStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void>;
}

interface StoredProbe {
  /** The extension that measured: another version's report may have another shape. */
  tool: string;
  /** The pipeline as the user wrote it (validated again when read back). */
  document: PipelineDocument;
  report: LabelSafetyReport;
  dataset: DatasetStamp;
}

/**
 * The last finished probe of one dataset folder, kept in the workspace state so that a window reload shows its
 * verdicts again without training anew. It is read back only for the same dataset (same stamp); a step edited
 * since is judged by the rules again, as in the session that measured it (withMeasurements).
 */
export class ProbeMemory {
  private readonly key: string;

  constructor(
    private readonly store: StateStore,
    root: string,
  ) {
    this.key = `datasetLens.probe:${root}`;
  }

  save(document: PipelineDocument, report: LabelSafetyReport, dataset: DatasetStamp): Thenable<void> {
    const stored: StoredProbe = { tool: TOOL_VERSION, document, report, dataset };
    return this.store.update(this.key, stored);
  }

  /** The stored probe when it was measured on this dataset as it is now; a stale or unreadable one is forgotten. */
  restore(dataset: DatasetStamp): ProbeRun | null {
    const stored = this.store.get<StoredProbe>(this.key);
    if (!stored) return null;
    const run =
      stored.tool === TOOL_VERSION && isDeepStrictEqual(stored.dataset, dataset) ? runOf(stored) : null;
    if (!run) void this.forget();
    return run;
  }

  forget(): Thenable<void> {
    return this.store.update(this.key, undefined);
  }
}

function runOf(stored: StoredProbe): ProbeRun | null {
  try {
    const pipeline = validatePipeline(stored.document);
    const { report } = stored;
    if (!Array.isArray(report?.transforms) || report.transforms.length !== pipeline.steps.length) return null;
    return { pipeline, report };
  } catch (error) {
    if (error instanceof PipelineError) return null;
    throw error;
  }
}
