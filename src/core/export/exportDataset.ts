import { accessSync, constants, existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { TOOL_VERSION } from '../engine/version';
import { DEFAULT_MAX_PIXELS } from '../decode/decodedImage';
import { pipelineToJson } from '../pipeline/pipelineJson';
import type { Pipeline } from '../pipeline/pipelineTypes';
import { checkPipelineFits } from '../pipeline/validatePipeline';
import type { FileEntry } from '../scan/scanPlan';
import { CancelledError, UsageError, messageOf, throwIfAborted } from '../util/errors';
import { checkOutputFolder } from '../util/outputPath';
import {
  checkReusable,
  Journal,
  lockExportState,
  openExportState,
  STATE_DIR,
  type OutputRecord,
} from './exportState';
import { checkShardFolder, refuseShardedFolder, shardStateDir, writeShardPart } from './augmentShards';
import { MANIFEST_FILE, writeManifest, type Manifest } from './exportManifest';
import { shardOf, type ShardSpec } from '../engine/shard';
import { checkOutputPlacement } from './outputPlacement';
import { planOutputs, type ClassPlan, type PlannedOutput } from './exportPlan';
import { ExportPool } from './exportPool';
import { exportSource, type ExportContext } from './exportSource';
import { listDataset, type ListedDataset } from './listDataset';
import { withMemberContents } from '../source/memberContents';
import type { OutputFormat } from './outputFormat';
import type { ClassNamesOption } from '../scan/scanPlan';

export interface ExportOptions {
  out: string;
  /** Augmented copies per source image (the largest class's per-image count under `balance`). Default 1. */
  copies?: number;
  /** Oversample smaller classes so every class of a split ends with as many outputs as the largest. */
  balance?: boolean;
  /** Write every source unaugmented too, under its own name: the output is then a whole training set. */
  keepOriginals?: boolean;
  /** Overrides the pipeline's seed. */
  seed?: number;
  /** Write every output in this format; default: the source's own (PNG for formats sharp cannot write). */
  format?: OutputFormat;
  /** JPEG / WebP quality. Default 90. */
  quality?: number;
  /** JPEG: Huffman tables optimised per image (smaller files, same pixels, more CPU; see EncodeOptions). Default false. */
  optimizeJpeg?: boolean;
  labelsCsv?: string;
  /** A file naming a container's numbered classes, one name a line (see CLASS_NAMES_FILE). */
  classNames?: ClassNamesOption;
  /** Follow symbolic links that lead outside the dataset folder (see ScanOptions). */
  followExternalLinks?: boolean;
  /** Source images being processed at once (decode and encode overlap on libuv threads). Default 4. */
  concurrency?: number;
  /** Worker processes (augmentation is JavaScript: one process uses one core). 0 = this process. Default: cores, at most 8. */
  workers?: number;
  /** Write only the outputs of this shard's sources, and a manifest part (see augmentShards.ts). */
  shard?: ShardSpec;
  /** Refuse sources (and pipeline output sizes) larger than this many pixels. Default: the analysis's limit. */
  maxPixels?: number;
}

export interface ExportProgress {
  done: number;
  total: number;
  skipped: number;
  failed: number;
}

export interface ExportHooks {
  signal?: AbortSignal;
  onProgress?(progress: ExportProgress): void;
  /** Something the user should know that does not stop the run (a stale lock taken over). */
  onWarning?(message: string): void;
}

export interface ExportSummary {
  out: string;
  manifest: string;
  sources: number;
  outputs: number;
  written: number;
  /** Finished by an earlier run and left as they were. */
  skipped: number;
  failed: { file: string; message: string }[];
  classes: ClassPlan[];
  seed: number;
  seconds: number;
  writtenPerSecond: number;
  /** With `shard`: `manifest` is this shard's part; `dataset-lens augment-merge` writes the manifest. */
  shard?: ShardSpec;
}

export { MANIFEST_FILE };

/**
 * Writes an augmented copy of the dataset at `root` into `options.out`, same layout, one file per output, each
 * written atomically, with a manifest recording the source, the seed and every sampled parameter. Re-running with
 * the same settings skips finished files (resume after Ctrl-C or a crash); other settings are refused.
 */
export async function exportAugmented(
  root: string,
  pipeline: Pipeline,
  options: ExportOptions,
  hooks: ExportHooks = {},
): Promise<ExportSummary> {
  const started = performance.now();
  const seed = options.seed ?? pipeline.seed;
  const copies = options.copies ?? 1;
  const quality = options.quality ?? 90;
  const outRoot = path.resolve(options.out);
  checkPipelineFits(pipeline, options.maxPixels ?? DEFAULT_MAX_PIXELS);
  const { plan, entries, unlistable } = await listDataset(root, {
    labelsCsv: options.labelsCsv,
    classNames: options.classNames,
    followExternalLinks: options.followExternalLinks,
    signal: hooks.signal,
  });
  if (entries.length === 0) throw new UsageError(`No images found in ${root}`);
  checkOutputPlacement(plan.root, entries, outRoot);
  checkOutputFolder(outRoot);

  const settings: ExportSettings = {
    source: plan.root,
    pipeline: pipelineToJson({ ...pipeline, seed }),
    copies,
    balance: !!options.balance,
    // Only when asked: folders of earlier exports (without the key) stay resumable.
    ...(options.keepOriginals ? { keepOriginals: true } : {}),
    format: options.format ?? 'same as source',
    quality,
    // Only when asked, as keepOriginals: folders of earlier exports stay resumable (the pixels are the same).
    ...(options.optimizeJpeg ? { optimizeJpeg: true } : {}),
    labels: options.labelsCsv ? path.resolve(options.labelsCsv) : null,
  };
  const { shard } = options;
  // Shards share the folder: each locks and keeps its own state in it.
  const stateDir = shard ? shardStateDir(outRoot, shard) : path.join(outRoot, STATE_DIR);
  const lock = writingTo(outRoot, () => {
    assertWritable(outRoot);
    if (shard) checkShardFolder(outRoot, { ...settings }, shard);
    else {
      refuseShardedFolder(outRoot);
      checkReusable(outRoot);
    }
    return lockExportState(outRoot, hooks.onWarning, stateDir);
  });
  try {
    return await writeExport({
      plan,
      entries,
      unlistable,
      settings,
      outRoot,
      stateDir,
      pipeline,
      seed,
      options,
      hooks,
      started,
    });
  } finally {
    lock.release();
  }
}

/** What a run has settled before it writes: the listing, the settings, where to. */
interface ExportRun {
  plan: ListedDataset['plan'];
  entries: FileEntry[];
  unlistable: ListedDataset['unlistable'];
  settings: ExportSettings;
  outRoot: string;
  /** Where the settings, journal and lock live: `.dataset-lens`, or a shard's folder in it. */
  stateDir: string;
  pipeline: Pipeline;
  seed: number;
  options: ExportOptions;
  hooks: ExportHooks;
  started: number;
}

/** The settings an export records, and must match to be resumed. */
interface ExportSettings {
  source: string;
  pipeline: ReturnType<typeof pipelineToJson>;
  copies: number;
  balance: boolean;
  keepOriginals?: true;
  format: string;
  quality: number;
  optimizeJpeg?: true;
  labels: string | null;
}

/** Writes the outputs not done yet, journal and manifest, with the output folder locked. */
async function writeExport(run: ExportRun): Promise<ExportSummary> {
  const { plan, entries, settings, outRoot, stateDir, pipeline, seed, options, started } = run;
  const { shard } = options;
  // Every shard sees the unlistable paths: the first reports them, so the merged manifest lists them once.
  const unlistable = shard && shard.index > 0 ? [] : run.unlistable;
  const { signal, onProgress } = run.hooks;
  const { copies, quality } = settings;
  const done = writingTo(outRoot, () => openExportState(outRoot, { ...settings }, stateDir));
  const planned = planOutputs(entries, {
    copies,
    balance: !!options.balance,
    seed,
    format: options.format,
    keepOriginals: options.keepOriginals,
  });
  const { classes } = planned;
  // The whole plan is made on every shard (balance picks the same copies everywhere); a shard keeps its sources'.
  const outputs = shard
    ? planned.outputs.filter((o) => shardOf(o.entry.file, shard.count) === shard.index)
    : planned.outputs;
  const records = new Map<string, OutputRecord>();
  // Sources the scan could not list have no planned output, but the export is incomplete without them.
  const failed: { file: string; message: string }[] = [...unlistable];
  const progress: ExportProgress = { done: 0, total: outputs.length, skipped: 0, failed: 0 };

  // Group outputs by source: each source is decoded once for all its copies.
  const bySource = new Map<FileEntry, PlannedOutput[]>();
  for (const output of outputs) {
    const finished = done.get(output.file);
    if (finished && existsSync(path.join(outRoot, output.file))) {
      records.set(output.file, finished);
      progress.skipped++;
      progress.done++;
      continue;
    }
    const list = bySource.get(output.entry);
    if (list) list.push(output);
    else bySource.set(output.entry, [output]);
  }
  onProgress?.({ ...progress });

  const journal = new Journal(stateDir);
  const context: ExportContext = {
    outRoot,
    pipeline,
    seed,
    encode: { quality, optimizeJpeg: !!settings.optimizeJpeg },
    maxPixels: options.maxPixels,
  };
  const workers = Math.min(options.workers ?? Math.min(8, availableParallelism()), bySource.size);
  const pool = workers > 0 ? new ExportPool(workers) : undefined;
  const onAbort = () => pool?.kill(new CancelledError());
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const lanes = pool ? pool.capacity : (options.concurrency ?? 4);
    // Members of a container source get their bytes as their container is read again, in order, a few at a time.
    await forEachLimited(withMemberContents(plan, [...bySource.keys()]), lanes, signal, async (entry) => {
      const list = bySource.get(entry)!;
      try {
        const produced = pool
          ? await pool.run(entry, list, context)
          : await exportSource(entry, list, context, () => !!signal?.aborted);
        // Journal after the worker's rename: a file listed there is always complete.
        for (const record of produced) {
          journal.append(record);
          records.set(record.file, record);
        }
      } catch (error) {
        if (error instanceof CancelledError || signal?.aborted) throw new CancelledError();
        // A full or read-only disk fails every output alike: stop at once with one clear error.
        if (OUTPUT_FAULT.test(messageOf(error))) {
          pool?.kill(new CancelledError());
          throw new UsageError(`Cannot write the export to ${outRoot}: ${messageOf(error)}`);
        }
        failed.push({ file: entry.file, message: messageOf(error) });
        progress.failed++;
      } finally {
        delete entry.content;
      }
      progress.done += list.length;
      onProgress?.({ ...progress });
    });
  } finally {
    signal?.removeEventListener('abort', onAbort);
    pool?.close();
    journal.close();
  }
  throwIfAborted(signal);

  const written = records.size - progress.skipped;
  const manifest: Manifest = {
    tool: { name: 'dataset-lens', version: TOOL_VERSION },
    ...settings,
    layout: plan.layout,
    seed,
    classes,
    outputs: [...records.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)),
    failures: failed.sort((a, b) => (a.file < b.file ? -1 : 1)),
  };
  const manifestPath = writingTo(outRoot, () =>
    shard ? writeShardPart(stateDir, manifest) : writeManifest(outRoot, manifest),
  );
  const seconds = (performance.now() - started) / 1000;
  return {
    out: outRoot,
    manifest: manifestPath,
    sources: entries.length + run.unlistable.length,
    outputs: outputs.length,
    written,
    skipped: progress.skipped,
    failed,
    classes,
    seed,
    seconds: Math.round(seconds * 1000) / 1000,
    writtenPerSecond: Math.round((written / Math.max(seconds, 1e-6)) * 10) / 10,
    ...(shard ? { shard } : {}),
  };
}

/** Errors of the output file system (full, read-only, no permission), as Node words them. */
const OUTPUT_FAULT = /^(ENOSPC|EROFS|EDQUOT|EACCES|EPERM)\b/;

/** Checks the output folder (or its nearest existing ancestor) can be written, before anything is planned. */
function assertWritable(outRoot: string): void {
  let folder = outRoot;
  while (!existsSync(folder) && path.dirname(folder) !== folder) folder = path.dirname(folder);
  accessSync(folder, constants.W_OK);
}

/** Runs a write to the output folder, turning file-system faults into one clear error naming the folder. */
function writingTo<T>(outRoot: string, write: () => T): T {
  try {
    return write();
  } catch (error) {
    if (OUTPUT_FAULT.test(messageOf(error)))
      throw new UsageError(`Cannot write the export to ${outRoot}: ${messageOf(error)}`);
    throw error;
  }
}

/** Runs `work` over items with at most `limit` in flight; stops launching when the signal fires. */
async function forEachLimited<T>(
  items: AsyncIterable<T>,
  limit: number,
  signal: AbortSignal | undefined,
  work: (item: T) => Promise<void>,
): Promise<void> {
  // Lanes share one iterator: an async generator queues their next() calls, each item goes to one lane.
  const iterator = items[Symbol.asyncIterator]();
  const lanes = Array.from({ length: Math.max(1, limit) }, async () => {
    while (!signal?.aborted) {
      const next = await iterator.next();
      if (next.done) return;
      await work(next.value);
    }
  });
  try {
    await Promise.all(lanes);
  } finally {
    await iterator.return?.(undefined);
  }
}
