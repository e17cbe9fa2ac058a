import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import {
  CacheReader,
  CacheWriter,
  cacheFileFor,
  type CacheKey,
  type RecordOrigin,
} from '../cache/recordCache';
import { removeDeadOwnersTemps } from '../cache/ownedTemp';
import {
  dropSummary,
  labelsFileStamp,
  ListingFingerprint,
  loadSummary,
  reportJsonWithoutDuration,
  type StoredSummary,
  summaryFileFor,
  withDuration,
  writeSummary,
} from '../cache/summaryCache';
import type { ImbalanceOptions } from '../classes/imbalance';
import { contentModelId } from '../content/contentModel';
import { DEFAULT_MAX_PIXELS } from '../decode/decodedImage';
import type { DecodeOptions } from '../decode/decodeImage';
import { resolveThresholds, type QualityThresholds } from '../quality/qualityOptions';
import { planScan, type FileEntry, type ScanPlan } from '../scan/scanDataset';
import { statChunks } from '../scan/statChunks';
import { InOrder } from '../util/inOrder';
import { emptyCounters, type WalkCounters } from '../scan/walk';
import { CancelledError, invalidOption, messageOf, throwIfAborted, UsageError } from '../util/errors';
import { createRng } from '../util/rng';
import { BatchRunner } from './batchRunner';
import type { FileResult } from './fileResult';
import { PartialWriter } from './partial';
import { partialReporter } from './partialReports';
import type { DatasetReport } from './report';
import { ReportBuilder } from './reportBuilder';
import { shardOf, type ShardSpec } from './shard';
import { ENGINE_VERSION, TOOL_VERSION } from './version';

export interface AnalyzeOptions extends DecodeOptions, ImbalanceOptions {
  /** A `file,label[,split]` CSV giving labels instead of folder names. */
  labelsCsv?: string;
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
  /** Analyse only this shard's files and write them to `partialOut` for `mergePartials`. */
  shard?: ShardSpec;
  partialOut?: string;
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
}

export interface AnalyzeHooks {
  onProgress?(progress: AnalyzeProgress): void;
  /** Snapshots of the report so far (marked `partial`) while the run goes on: see partialReports.ts. */
  onPartial?(report: DatasetReport): void;
  /** Least time between two `onPartial` calls (ms); default PARTIAL_INTERVAL_MS (1.5 s). */
  partialIntervalMs?: number;
  signal?: AbortSignal;
}

const BATCH_FILES = 64;
const BATCH_BYTES = 8 * 1024 * 1024;

interface Indexed {
  entry: FileEntry;
  /** Position in scan order (the cache is written in this order). */
  index: number;
}

/**
 * Scans `root`, analyses every image (or a seeded sample, or one shard) in worker processes and returns the
 * report. The scan streams: batches are dispatched while the tree is still being listed, with bounded work in
 * flight; unchanged files come from the cache without being opened.
 */
export async function analyzeDataset(
  root: string,
  options: AnalyzeOptions = {},
  hooks: AnalyzeHooks = {},
): Promise<DatasetReport> {
  const done = await runAnalysis(root, options, hooks, 'report');
  return done.report ?? { ...done.stored!, durationMs: done.durationMs };
}

/**
 * The same run, its report as compact JSON: the bytes of JSON.stringify(report), in pieces to write one after the
 * other. For a caller that only prints it (`analyze --json` into a pipe): a folder answered from the run summary
 * is answered with the stored bytes, not parsed and written out again.
 */
export async function analyzeDatasetJson(
  root: string,
  options: AnalyzeOptions = {},
  hooks: AnalyzeHooks = {},
): Promise<Buffer[]> {
  const done = await runAnalysis(root, options, hooks, 'json');
  if (done.storedJson) return withDuration(done.storedJson, done.durationMs);
  if (done.reportJson) return withDuration(done.reportJson, done.durationMs);
  return [Buffer.from(JSON.stringify(done.report))];
}

/**
 * A finished run: the report it made (with its JSON without durationMs when the summary needed it), or the stored
 * report that answered an unchanged folder, parsed or not as the caller wants it.
 */
interface Finished {
  report?: DatasetReport;
  reportJson?: Buffer;
  stored?: Omit<DatasetReport, 'durationMs'>;
  storedJson?: Buffer;
  durationMs: number;
}

async function runAnalysis(
  root: string,
  options: AnalyzeOptions,
  hooks: AnalyzeHooks,
  want: 'report' | 'json',
): Promise<Finished> {
  const started = Date.now();
  validateOptions(options);
  const contentModel = options.content ? contentModelOrExplain() : undefined;
  const thresholds = resolveThresholds(options.quality);
  const { signal, onProgress } = hooks;
  throwIfAborted(signal);
  // Sizes and mtimes key the cache and the run summary, and a sample or shard reports the size of files it does
  // not analyse. A plain run without a cache stats nothing: the workers learn each size as they read the file.
  const statFiles =
    options.cacheDir !== undefined ||
    options.sample !== undefined ||
    options.shard !== undefined ||
    options.partialOut !== undefined;
  // Stats are taken on a second thread beside the walk (statChunks), except for a sample: its reservoir streams
  // the walk's entries one by one, and sampling is for folders too big to stat anyway.
  const statOnThread = statFiles && options.sample === undefined;
  const scan = () =>
    planScan(root, {
      labelsCsv: options.labelsCsv,
      statFiles: statFiles && !statOnThread,
      followExternalLinks: options.followExternalLinks,
    });
  let plan = await scan();
  // Container members come sized and dated by their container's listing: nothing to stat, nothing to stamp.
  const statsNeeded = !plan.stamped;
  let counters = emptyCounters();
  const warnings: string[] = [];
  const owns = (file: string) => !options.shard || shardOf(file, options.shard.count) === options.shard.index;

  const cacheKey: CacheKey = {
    root: plan.root,
    engineVersion: ENGINE_VERSION,
    maxPixels: options.maxPixels ?? DEFAULT_MAX_PIXELS,
    variant: options.shard && `${options.shard.index}/${options.shard.count}`,
  };
  const cacheFile = options.cacheDir && cacheFileFor(options.cacheDir, cacheKey);
  // The cache folder is ours: what runs killed outright left there goes (an unchanged folder writes nothing else).
  if (options.cacheDir) removeDeadOwnersTemps(options.cacheDir);
  // Only a whole, plain run is summarised: a sample or a shard describes part of the folder.
  const summaryFile =
    cacheFile && options.sample === undefined && !options.shard && !options.partialOut
      ? summaryFileFor(cacheFile)
      : undefined;
  // A first run that writes the cache has no record to look up: its files are not stat'ed by path before they are
  // analysed. The workers stat each through the descriptor they read it from, and the result brings its size and
  // mtime (AnalyzeFileOptions.stampUnsized). 50k tiny PNGs: 2.05-2.31 s of main-process CPU against 2.47-2.60 s.
  // A whole, plain run (the same runs as have a summary): a sample does not write the cache, a shard's partial
  // records are keyed by its scan.
  const stampInWorkers = statsNeeded && summaryFile !== undefined && !existsSync(cacheFile!);
  const runner = new BatchRunner(options.workers ?? Math.min(8, availableParallelism()), {
    maxPixels: options.maxPixels,
    stampUnsized: stampInWorkers,
    ...(contentModel ? { content: true } : {}),
  });
  /** The run's listing, in scan order once each file's size and mtime are known (at its result). */
  let fingerprint: InOrder<FileEntry> | undefined;
  let digest: (() => string) | undefined;
  /** The listing the unchanged-folder check made, when the folder changed: the run goes on from it. */
  let listed: FileEntry[][] | undefined;
  if (summaryFile) {
    const settings = runSettings(plan, options, thresholds, cacheKey.maxPixels, contentModel);
    const check = await storedReportIfUnchanged(plan, counters, settings, summaryFile, hooks, want);
    if (check.stored) return { ...check.stored, durationMs: Date.now() - started };
    listed = check.listed;
    if (check.walked && !listed) {
      // Too many files to keep their listing (or the walk failed): walk again.
      plan = await scan();
      counters = emptyCounters();
    }
    const listing = new ListingFingerprint(settings);
    fingerprint = new InOrder((entry) => listing.add(entry));
    digest = () => listing.digest(counters, plan.warnings);
  }
  const builder = new ReportBuilder(plan, thresholds, options, options.sample !== undefined, contentModel);
  const cacheReader = cacheFile ? new CacheReader(cacheFile, cacheKey) : undefined;
  if (cacheReader?.discarded) warnings.push(cacheReader.discarded);
  // A sample sees only part of the folder: it reads the cache but does not rewrite it.
  const cacheWriter =
    cacheFile && options.sample === undefined ? new CacheWriter(cacheFile, cacheKey) : undefined;
  const partial = options.partialOut
    ? new PartialWriter(options.partialOut, plan, options.shard, options, contentModel)
    : undefined;

  const progress: AnalyzeProgress = { done: 0, total: 0, scanning: true, cached: 0 };
  const snapshots = partialReporter(hooks, builder, counters, progress, () => ({
    sample: null,
    missing: [],
    warnings,
    durationMs: Date.now() - started,
  }));
  /** `origin`: where in the old cache the result was read, when it was. */
  const record = (item: Indexed, result: FileResult, origin?: RecordOrigin) => {
    const { entry } = item;
    builder.addResult(result, entry);
    // A file stamped by its worker (stampInWorkers) is keyed by that stamp: the same values as a stat by path.
    const stamped = entry.size < 0 && result.mtimeMs !== undefined && result.bytes !== undefined;
    const keyed = stamped ? { ...entry, size: result.bytes!, mtimeMs: result.mtimeMs! } : entry;
    fingerprint?.put(item.index, keyed);
    // Unreadable files (permissions, I/O) may read fine next time without their mtime changing: never cached.
    cacheWriter?.put(
      item.index,
      entry.file,
      keyed.size,
      keyed.mtimeMs,
      result.ok || result.kind !== 'unreadable' ? result : null,
      origin,
    );
    partial?.push(item.entry, result);
    progress.done++;
    if (origin) progress.cached++;
    snapshots?.();
  };

  const inFlight = new Set<Promise<void>>();
  const maxInFlight = Math.max(2, (options.workers ?? 2) * 3);
  const dispatch = async (batch: Indexed[]) => {
    const job = runner.run(batch.map((b) => b.entry)).then((results) => {
      results.forEach((result, k) => record(batch[k], result));
      onProgress?.({ ...progress });
    });
    const tracked = job.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
    if (inFlight.size >= maxInFlight) await Promise.race(inFlight);
  };

  let batch: Indexed[] = [];
  let batchBytes = 0;
  /** Answers `item` from the cache or queues it; returns a batch once one is full (for dispatch). */
  const consider = (item: Indexed): Indexed[] | undefined => {
    const cached = cacheReader?.lookup(item.entry.file, item.entry.size, item.entry.mtimeMs);
    // A record without this model's content vector is analysed again (once: the new record has it).
    const usable =
      cached && !(contentModel && cached.result.ok && cached.result.content?.model !== contentModel);
    if (cached && usable) {
      record(item, cached.result, cached.origin);
      if (progress.done % 1024 === 0) onProgress?.({ ...progress });
      return undefined;
    }
    batch.push(item);
    batchBytes += Math.max(0, item.entry.size);
    if (batch.length < BATCH_FILES && batchBytes < BATCH_BYTES) return undefined;
    const full = batch;
    batch = [];
    batchBytes = 0;
    return full;
  };

  const onAbort = () => runner.kill(new CancelledError());
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    let sample: DatasetReport['sample'] = null;
    let index = 0;
    if (options.sample !== undefined) {
      const seed = options.seed ?? 0;
      const { picked, population } = await reservoirSample(
        plan.entries(counters),
        options.sample,
        seed,
        (entry) => {
          throwIfAborted(signal);
          if (!owns(entry.file)) return false;
          builder.addEntry(entry);
          return true;
        },
      );
      progress.scanning = false;
      progress.total = picked.length;
      sample = { size: picked.length, seed, population };
      picked.sort((a, b) => a.index - b.index);
      for (const item of picked) {
        const full = consider(item);
        if (full) await dispatch(full);
      }
    } else {
      const walked = () =>
        statOnThread && statsNeeded && !stampInWorkers
          ? statChunks(plan.entryChunks(counters), counters)
          : plan.entryChunks(counters);
      for await (const chunk of listed ? drain(listed) : walked()) {
        throwIfAborted(signal);
        for (const entry of chunk) {
          if (!owns(entry.file)) continue;
          builder.addEntry(entry);
          progress.total++;
          const full = consider({ entry, index: index++ });
          if (full) await dispatch(full);
        }
      }
      progress.scanning = false;
    }
    if (batch.length) await dispatch(batch);
    while (inFlight.size) await Promise.race(inFlight);
    // Workers go before the dataset-wide checks, the run's peak of memory: they would only hold theirs. (Waited
    // for: the channel closes on a later tick, which the synchronous checks would hold up.)
    await runner.close();
    throwIfAborted(signal);
    onProgress?.({ ...progress });

    const missing = plan.missingFromDisk().filter(owns);
    const shardCounters = options.shard && options.shard.index !== 0 ? emptyCounters() : counters;
    cacheReader?.close();
    if (cacheReader?.damaged) warnings.push(cacheReader.damaged);
    cacheWriter?.commit();
    if (cacheWriter?.failure) warnings.push(cacheWriter.failure);
    partial?.commit(shardCounters, missing, sample);
    const report = builder.finish(shardCounters, {
      sample,
      missing,
      warnings,
      durationMs: Date.now() - started,
    });
    let reportJson: Buffer | undefined;
    if (summaryFile && digest) {
      // A report with run-level warnings (a discarded cache) or files that may read fine later is not reusable.
      const reusable =
        !warnings.length && !report.issues.some((i) => i.kind === 'unreadable' || i.kind === 'unlistable');
      if (reusable) {
        reportJson = reportJsonWithoutDuration(report);
        const failure = writeSummary(summaryFile, digest(), reportJson);
        if (failure) {
          report.warnings.push(failure);
          reportJson = undefined;
        }
      } else dropSummary(summaryFile);
    }
    return { report, reportJson, durationMs: report.durationMs };
  } catch (error) {
    runner.kill(error instanceof Error ? error : new Error(String(error)));
    await Promise.allSettled(inFlight);
    cacheReader?.close();
    cacheWriter?.abort();
    partial?.abort();
    throw signal?.aborted ? new CancelledError() : error;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    void runner.close();
    builder.close();
  }
}

/** Everything besides the files that a report depends on: a change in any of them makes the summary stale. */
function runSettings(
  plan: ScanPlan,
  options: AnalyzeOptions,
  thresholds: unknown,
  maxPixels: number,
  contentModel: string | undefined,
): unknown {
  return {
    content: contentModel ?? null,
    engine: ENGINE_VERSION,
    tool: TOOL_VERSION,
    thresholds,
    maxPixels,
    beta: options.beta ?? null,
    minClassSize: options.minClassSize ?? null,
    labels: labelsFileStamp(options.labelsCsv),
    layout: plan.layout,
    classFolders: [...plan.classFolders].map(([split, classes]) => [split, [...classes]]),
  };
}

/**
 * Files the unchanged-folder check keeps listed for the run that follows when the folder changed (~250 bytes
 * each): the run then does not walk and stat the folder a second time. A bigger folder is walked again.
 */
const KEEP_LISTED_FILES = 100_000;

/**
 * Whether the folder lists exactly as it did for the stored report (names, sizes, mtimes, labels): one walk of
 * `plan` (into `counters`), no image and no per-image record touched, the files stat'ed on a second thread while
 * the walk lists the folders (see statChunks). The stored report when it does (parsed, or its JSON: `want`);
 * otherwise the listing, in chunks, when it has at most KEEP_LISTED_FILES files. Without a stored report there is
 * nothing to compare: no walk. Files that fail their stat are counted after the folders listed meanwhile, not in
 * walk order: such a digest matches nothing stored, which is right, as a run with unlistable files is never stored.
 */
async function storedReportIfUnchanged(
  plan: ScanPlan,
  counters: WalkCounters,
  settings: unknown,
  summaryFile: string,
  hooks: AnalyzeHooks,
  want: 'report' | 'json',
): Promise<{ walked: boolean; stored?: Pick<Finished, 'stored' | 'storedJson'>; listed?: FileEntry[][] }> {
  if (!existsSync(summaryFile)) return { walked: false };
  const fingerprint = new ListingFingerprint(settings);
  let seen = 0;
  let listed: FileEntry[][] | undefined = [];
  let stored: StoredSummary | undefined;
  let parsed: Finished['stored'];
  // The walk is ahead of the stat thread once it has listed everything: read (and parse) the stored report then.
  const onListed = () => {
    stored = loadSummary(summaryFile);
    if (stored && want === 'report') parsed = parseStoredReport(stored.reportJson);
  };
  try {
    const chunks = plan.stamped
      ? listedThen(plan.entryChunks(counters), onListed)
      : statChunks(plan.entryChunks(counters), counters, { onListed });
    for await (const chunk of chunks) {
      throwIfAborted(hooks.signal);
      for (const entry of chunk) {
        fingerprint.add(entry);
        if (++seen % 4096 === 0) hooks.onProgress?.({ done: 0, total: seen, scanning: true, cached: 0 });
      }
      // Members carry their bytes: keeping them would hold the container in memory. It is read again instead.
      if (seen > KEEP_LISTED_FILES || plan.stamped) listed = undefined;
      listed?.push(chunk);
    }
  } catch (error) {
    if (hooks.signal?.aborted) throw error;
    // The walk failed: a full run follows, walks again and reports what it finds.
    return { walked: true };
  }
  const unchanged = stored?.fingerprint === fingerprint.digest(counters, plan.warnings);
  if (unchanged && (want === 'json' || parsed)) {
    hooks.onProgress?.({ done: seen, total: seen, scanning: false, cached: seen });
    return {
      walked: true,
      stored: want === 'json' ? { storedJson: stored!.reportJson } : { stored: parsed },
    };
  }
  return { walked: true, listed };
}

/** A stored report as an object; undefined when its JSON does not parse (the run then goes on without it). */
function parseStoredReport(json: Buffer): Finished['stored'] {
  try {
    return JSON.parse(json.toString('utf8')) as Finished['stored'];
  } catch {
    return undefined;
  }
}

/** The chunks as they come, then `onListed` once the last has been taken. */
async function* listedThen(
  chunks: AsyncGenerator<FileEntry[]>,
  onListed: () => void,
): AsyncGenerator<FileEntry[]> {
  yield* chunks;
  onListed();
}

/** The chunks of a kept listing, each let go once handed out. */
async function* drain(chunks: FileEntry[][]): AsyncGenerator<FileEntry[]> {
  for (let chunk = chunks.shift(); chunk; chunk = chunks.shift()) yield chunk;
}

/** Algorithm R with the seeded generator: a uniform sample of `size` entries in one streaming pass. */
async function reservoirSample(
  entries: AsyncIterable<FileEntry>,
  size: number,
  seed: number,
  accept: (entry: FileEntry) => boolean,
): Promise<{ picked: Indexed[]; population: number }> {
  const rng = createRng(seed);
  const picked: Indexed[] = [];
  let population = 0;
  for await (const entry of entries) {
    if (!accept(entry)) continue;
    const item = { entry, index: population++ };
    if (picked.length < size) picked.push(item);
    else {
      const j = rng.int(0, population - 1);
      if (j < size) picked[j] = item;
    }
  }
  return { picked, population };
}

/** The content model's id; a one-line reason when it cannot be used here (its package is missing). */
function contentModelOrExplain(): string {
  try {
    return contentModelId();
  } catch (error) {
    throw new UsageError(`--content: ${messageOf(error)}`);
  }
}

function validateOptions(options: AnalyzeOptions): void {
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
