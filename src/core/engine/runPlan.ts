import type { ShardSpec } from './shard';

/**
 * How one analysis run goes, decided once from its options before any file is read:
 * - `plain`: the whole folder, no cache.
 * - `firstCached`: the whole folder with a cache folder but no cache file yet (a first run): writes the cache and
 *   the summary, reads nothing.
 * - `warm`: the whole folder with a cache file: unchanged files come from it; an unchanged folder from the summary.
 * - `sample`: a seeded random sample; reads a cache, never writes one (it sees only part of the folder).
 * - `shard`: one shard of the folder (or the whole folder) written as a shard part for `merge`.
 */
export type RunKind = 'plain' | 'firstCached' | 'warm' | 'sample' | 'shard';

/**
 * Who learns each file's size and modification time (they key the cache and the summary, and a sample or a shard
 * reports the size of files it does not analyse):
 * - `workerReads`: nobody stats; a worker learns each size as it reads the file (no mtime is needed).
 * - `workerStats`: each worker stats the file through the descriptor it reads it from: no record to look up, so
 *   no stat by path is needed before the file is analysed.
 * - `besideWalk`: a second thread stats the files while the walk lists the folders (statChunks).
 * - `inWalk`: the walk stats each entry as it lists it: a sample's reservoir takes the entries one by one.
 * - `listing`: nobody stats; the scan's listing gives both (a container's members, dated by their container).
 */
export type StatMode = 'workerReads' | 'workerStats' | 'besideWalk' | 'inWalk' | 'listing';

export interface RunPlan {
  kind: RunKind;
  stat: StatMode;
  /** Records of unchanged files come from the cache file. */
  readCache: boolean;
  /** The cache file is written anew (records in scan order). */
  writeCache: boolean;
  /** Check the folder against the stored run summary first; store the report as the summary after. */
  summary: boolean;
  /** Only this shard's files are analysed (the cache is then the shard's own). */
  shard?: ShardSpec;
  /** Analyse a seeded sample of this many files. */
  sample?: { size: number; seed: number };
  /** Write the shard part (file names, records, scan facts) here for `merge`. */
  shardPartOut?: string;
}

/** The options a plan depends on (AnalyzeOptions has them). */
export interface RunPlanOptions {
  cacheDir?: string;
  sample?: number;
  seed?: number;
  shard?: ShardSpec;
  shardPartOut?: string;
}

/** `cacheFileExists`: whether the cache file for this folder (and shard) is there, which a first run's is not. */
export function resolveRunPlan(options: RunPlanOptions, cacheFileExists: boolean): RunPlan {
  const cached = options.cacheDir !== undefined;
  const parts = { shard: options.shard, shardPartOut: options.shardPartOut };
  if (options.sample !== undefined) {
    return {
      kind: 'sample',
      stat: 'inWalk',
      readCache: cached,
      writeCache: false,
      summary: false,
      sample: { size: options.sample, seed: options.seed ?? 0 },
      ...parts,
    };
  }
  if (options.shard !== undefined || options.shardPartOut !== undefined) {
    // A shard's records are keyed by its own scan; only a whole, plain run is summarised.
    return {
      kind: 'shard',
      stat: 'besideWalk',
      readCache: cached,
      writeCache: cached,
      summary: false,
      ...parts,
    };
  }
  if (!cached)
    return { kind: 'plain', stat: 'workerReads', readCache: false, writeCache: false, summary: false };
  if (!cacheFileExists)
    return { kind: 'firstCached', stat: 'workerStats', readCache: false, writeCache: true, summary: true };
  return { kind: 'warm', stat: 'besideWalk', readCache: true, writeCache: true, summary: true };
}

/**
 * The plan once the scan turns out to list its entries with their size and mtime (a container's members, see
 * ScanPlan.stamped): only who stats changes. Known after the scan is planned, which the stat mode is not.
 */
export function listedEntries(run: RunPlan): RunPlan {
  return { ...run, stat: 'listing' };
}
