import { existsSync } from 'node:fs';
import { CacheReader, CacheWriter, cacheFileFor, type RecordOrigin } from '../cache/recordCache';
import { removeDeadOwnersTemps } from '../cache/ownedTemp';
import {
  dropSummary,
  ListingFingerprint,
  reportJsonWithoutDuration,
  summaryFileFor,
  withDuration,
  writeSummary,
} from '../cache/summaryCache';
import { contentModelId } from '../content/contentModel';
import { resolveThresholds } from '../quality/qualityOptions';
import { planScan } from '../scan/scanDataset';
import type { FileEntry } from '../scan/scanPlan';
import { statChunks } from '../scan/statChunks';
import { InOrder } from '../util/inOrder';
import { emptyCounters } from '../scan/walk';
import { projectMap } from '../content/contentMap';
import { CancelledError, messageOf, throwIfAborted, UsageError } from '../util/errors';
import {
  validateOptions,
  type AnalyzeHooks,
  type AnalyzeOptions,
  type AnalyzeProgress,
} from './analyzeOptions';
import { BatchRunner } from './batchRunner';
import type { FileResult } from '../records/fileResult';
import { ShardPartWriter } from './shardPart';
import { snapshotReporter } from './snapshots';
import type { DatasetReport } from './report';
import { ReportBuilder } from './reportBuilder';
import { reservoirSample, type Indexed } from './reservoirSample';
import { listedEntries, resolveRunPlan } from './runPlan';
import { shardOf } from './shard';
import { keepYoungGenerationSmall } from './heapTuning';
import { drain, runSettings, storedReportIfUnchanged, type StoredReport } from './unchangedFolder';
import { cacheKeyFor } from './cacheKey';
import { planWorkers } from './workerBudget';
import { fullCollection } from '../util/garbageCollection';
import { jsonPieces } from '../util/jsonPieces';

const BATCH_FILES = 64;
/**
 * Records answered from the cache that may wait behind a file still being analysed (the cache file and the run's
 * fingerprint are written in scan order): past this, the files queued for the workers go at once, part batch or
 * not, and the walk waits for them. Without it one changed file early in the scan held every later record in
 * memory until the end of the walk.
 */
const MAX_HELD_BACK = 4096;
const BATCH_BYTES = 8 * 1024 * 1024;

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
  if (done.storedJson) return withDuration([done.storedJson], done.durationMs);
  if (done.reportJson) return withDuration(done.reportJson, done.durationMs);
  return jsonPieces(done.report);
}

/**
 * A finished run: the report it made (with its JSON without durationMs when the summary needed it), or the stored
 * report that answered an unchanged folder, parsed or not as the caller wants it.
 */
interface Finished {
  report?: DatasetReport;
  reportJson?: Buffer[];
  stored?: StoredReport;
  storedJson?: Buffer;
  durationMs: number;
}

/**
 * One run: resolve its plan (runPlan.ts) once, then the unchanged-folder check (a whole run with a cache), then
 * stream the files (walk or sample) → answer each from the cache or dispatch it in batches to the workers → finish
 * (cache, shard part, report, run summary).
 */
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
  const cacheKey = cacheKeyFor(root, options);
  const cacheFile = options.cacheDir && cacheFileFor(options.cacheDir, cacheKey);
  let run = resolveRunPlan(options, cacheFile !== undefined && existsSync(cacheFile));
  keepYoungGenerationSmall();
  const scan = () =>
    planScan(root, {
      labelsCsv: options.labelsCsv,
      classNames: options.classNames,
      statFiles: run.stat === 'inWalk',
      followExternalLinks: options.followExternalLinks,
    });
  let plan = await scan();
  // Container members come sized and dated by their container's listing: nothing to stat, nothing to stamp.
  if (plan.stamped) run = listedEntries(run);
  let counters = emptyCounters();
  const warnings: string[] = [];
  const owns = (file: string) => !run.shard || shardOf(file, run.shard.count) === run.shard.index;

  // The cache folder is ours: what runs killed outright left there goes (an unchanged folder writes nothing else).
  if (options.cacheDir) removeDeadOwnersTemps(options.cacheDir);
  const summaryFile = run.summary && cacheFile ? summaryFileFor(cacheFile) : undefined;
  // With --content, no more workers than the memory budget holds (workerBudget.ts); the user is told when they start.
  const workers = planWorkers(options.workers, contentModel !== undefined);
  const runner = new BatchRunner(
    workers.workers,
    {
      maxPixels: options.maxPixels,
      stampUnsized: run.stat === 'workerStats',
      ...(contentModel ? { content: true } : {}),
    },
    workers.notice ? () => hooks.onNotice?.(workers.notice!) : undefined,
  );
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
    // The check's walk left its garbage (the stat thread's answers, the stored report read) in the old generation:
    // collected before the run's walk piles its records on top.
    if (check.walked) fullCollection()();
    if (check.walked && !listed) {
      // Too many files to keep their listing (or the walk failed): walk again.
      plan = await scan();
      counters = emptyCounters();
    }
    const listing = new ListingFingerprint(settings);
    fingerprint = new InOrder((entry) => listing.add(entry));
    digest = () => listing.digest(counters, plan.warnings);
  }
  const builder = new ReportBuilder(
    plan,
    thresholds,
    { beta: options.beta, minClassSize: options.minClassSize },
    run.sample !== undefined,
    contentModel,
  );
  const cacheReader = run.readCache && cacheFile ? new CacheReader(cacheFile, cacheKey) : undefined;
  if (cacheReader?.discarded) warnings.push(cacheReader.discarded);
  const cacheWriter = run.writeCache && cacheFile ? new CacheWriter(cacheFile, cacheKey) : undefined;
  const shardPart = run.shardPartOut
    ? new ShardPartWriter(run.shardPartOut, plan, {
        shard: run.shard,
        thresholds,
        imbalance: { beta: options.beta, minClassSize: options.minClassSize },
        contentModel,
      })
    : undefined;

  const progress: AnalyzeProgress = { done: 0, total: 0, scanning: true, cached: 0 };
  const snapshots = snapshotReporter(hooks, builder, counters, progress, () => ({
    sample: null,
    missing: [],
    warnings,
    started,
  }));
  /** `origin`: where in the old cache the result was read, when it was. */
  const record = (item: Indexed, result: FileResult, origin?: RecordOrigin) => {
    const { entry } = item;
    builder.addResult(result, entry);
    // A file stamped by its worker (run.stat 'workerStats') is keyed by that stamp: the values a stat by path gives.
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
    shardPart?.push(item.entry, result);
    progress.done++;
    if (origin) progress.cached++;
    snapshots?.();
  };

  const inFlight = new Set<Promise<void>>();
  // Three batches per worker keep each one fed while the main process records the last; it counted two workers
  // whenever --workers was not given, which left two of an 8-core machine's eight workers idle.
  const maxInFlight = Math.max(2, workers.workers * 3);
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
  const heldBack = () => Math.max(cacheWriter?.waiting ?? 0, fingerprint?.waiting ?? 0);
  /** Sends the part batch and waits until the records held back behind it are written. */
  const catchUp = async () => {
    if (batch.length) {
      const part = batch;
      batch = [];
      batchBytes = 0;
      await dispatch(part);
    }
    while (inFlight.size && heldBack() > 0) await Promise.race(inFlight);
  };
  /**
   * Answers `item` from the cache or dispatches a full batch, never holding back more than MAX_HELD_BACK. A
   * promise only when there is something to wait for: most files just join a batch, and an async call per file
   * was a promise and a microtask each in the main process (measured).
   */
  const take = (item: Indexed): Promise<void> | undefined => {
    const full = consider(item);
    if (full) return dispatch(full);
    if (heldBack() > MAX_HELD_BACK) return catchUp();
    return undefined;
  };
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
    // Without a cache to read, every file listed is decoded: the workers start up while the walk lists the first
    // batch, not after it.
    if (!run.readCache) runner.start();
    let sample: DatasetReport['sample'] = null;
    let index = 0;
    if (run.sample) {
      const { size, seed } = run.sample;
      const { picked, population } = await reservoirSample(plan.entries(counters), size, seed, (entry) => {
        throwIfAborted(signal);
        if (!owns(entry.file)) return false;
        builder.addEntry(entry);
        return true;
      });
      progress.scanning = false;
      progress.total = picked.length;
      sample = { size: picked.length, seed, population };
      picked.sort((a, b) => a.index - b.index);
      for (const item of picked) {
        const waiting = take(item);
        if (waiting) await waiting;
      }
    } else {
      const walked = () =>
        run.stat === 'besideWalk'
          ? statChunks(plan.entryChunks(counters), counters)
          : plan.entryChunks(counters);
      for await (const chunk of listed ? drain(listed) : walked()) {
        throwIfAborted(signal);
        for (const entry of chunk) {
          if (!owns(entry.file)) continue;
          builder.addEntry(entry);
          progress.total++;
          const waiting = take({ entry, index: index++ });
          if (waiting) await waiting;
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
    // The walk's counters describe the whole folder: the first shard's part carries them.
    const shardCounters = run.shard && run.shard.index !== 0 ? emptyCounters() : counters;
    cacheReader?.close();
    if (cacheReader?.damaged) warnings.push(cacheReader.damaged);
    cacheWriter?.commit();
    if (cacheWriter?.failure) warnings.push(cacheWriter.failure);
    shardPart?.commit(shardCounters, missing, sample);
    const report = builder.finish(shardCounters, {
      sample,
      missing,
      warnings,
      started,
    });
    const mapInput = builder.takeMapInput();
    // What the builder holds outside the report (thumbnails for the near-duplicate checks) is not needed by the
    // map, the run's last peak of memory.
    builder.close();
    if (mapInput && report.content) {
      report.content.map = await projectMap(mapInput, report.content.embedded, {
        signal,
        onEpoch: (done, total) => onProgress?.({ ...progress, map: { done, total } }),
      });
      report.durationMs = Date.now() - started;
    }
    let reportJson: Buffer[] | undefined;
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
    shardPart?.abort();
    throw signal?.aborted ? new CancelledError() : error;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    void runner.close();
    builder.close();
  }
}

/**
 * The content model's id; when its files are missing, one sentence saying so and what to do, worded for the CLI
 * and the panel alike (both show it as it is).
 */
function contentModelOrExplain(): string {
  try {
    return contentModelId();
  } catch (error) {
    throw new UsageError(
      `Content analysis cannot run: ${messageOf(error)}. Reinstall Dataset Lens to restore them (from source: npm run build); the pixel checks run without them.`,
    );
  }
}
