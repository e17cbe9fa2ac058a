import type { ImbalanceOptions } from '../classes/imbalance';
import type { DecodeOptions } from '../decode/decodeImage';
import type { QualityThresholds } from '../quality/qualityOptions';
import { invalidOption } from '../util/errors';
import type { DatasetReport } from './report';
import type { ShardSpec } from './shard';
import type { ClassNamesOption } from '../scan/scanPlan';

export interface AnalyzeOptions extends DecodeOptions, ImbalanceOptions {
  /** A `file,label[,split]` CSV giving labels instead of folder names. */
  labelsCsv?: string;
  /** A file naming a container's numbered classes, one name a line (see CLASS_NAMES_FILE). */
  classNames?: ClassNamesOption;
  /** Follow symbolic links that lead outside the dataset folder (default: counted in skipped.outsideRoot). */
  followExternalLinks?: boolean;
  /** Analyse a seeded uniform random sample of this many files (class counts still cover every file). */
  sample?: number;
  seed?: number;
  /** Worker processes; 0 analyses in the calling thread (tests, tiny folders). Default: one per core, at most 8. */
  workers?: number;
  /** Quality thresholds to change (the rest keep their defaults). */
  quality?: Partial<QualityThresholds>;
  /** Folder for the per-image cache; no cache when absent. */
  cacheDir?: string;
  /** Analyse only this shard's files and write them to `shardPartOut` for `mergeShardParts`. */
  shard?: ShardSpec;
  shardPartOut?: string;
  /**
   * Also embed every image with the content model (docs/content.md): near duplicates by content, outliers. Adds
   * a forward pass of a CNN per image; records made without it are recomputed once.
   */
  content?: boolean;
}

export interface AnalyzeProgress {
  /** Files analysed so far (from the cache or decoded). */
  done: number;
  /** Files to analyse, as far as the scan has got. */
  total: number;
  /** False once the whole tree has been listed (total is then final). */
  scanning: boolean;
  /** Of `done`, how many came from the cache. */
  cached: number;
  /** Once every file is done, with `--content`: epochs of the content map's layout done, of `total`. */
  map?: { done: number; total: number };
}

export interface AnalyzeHooks {
  onProgress?(progress: AnalyzeProgress): void;
  /** Snapshots of the report so far (marked `partial`) while the run goes on: see snapshots.ts. */
  onSnapshot?(report: DatasetReport): void;
  /** Least time between two `onSnapshot` calls (ms); default SNAPSHOT_INTERVAL_MS (1.5 s). */
  snapshotIntervalMs?: number;
  /**
   * Something the user should know about how the run goes (not a finding: the report is the same without it),
   * e.g. fewer worker processes than cores with `--content` (workerBudget.ts). At most once per run.
   */
  onNotice?(message: string): void;
  signal?: AbortSignal;
}

/** Rejects options no run can have, with sharp's wording (a UsageError: exit code 2 in the CLI). */
export function validateOptions(options: AnalyzeOptions): void {
  if (options.sample !== undefined && !(Number.isInteger(options.sample) && options.sample >= 1)) {
    throw invalidOption('sample', 'an integer >= 1', options.sample);
  }
  if (options.seed !== undefined && !Number.isInteger(options.seed))
    throw invalidOption('seed', 'an integer', options.seed);
  if (
    options.workers !== undefined &&
    !(Number.isInteger(options.workers) && options.workers >= 0 && options.workers <= 64)
  ) {
    throw invalidOption('workers', 'an integer between 0 and 64', options.workers);
  }
  if (options.sample !== undefined && options.shard)
    throw invalidOption('sample', 'no --sample together with --shard', options.sample);
  if (options.maxPixels !== undefined && !(Number.isInteger(options.maxPixels) && options.maxPixels >= 1)) {
    throw invalidOption('maxPixels', 'an integer >= 1', options.maxPixels);
  }
}
